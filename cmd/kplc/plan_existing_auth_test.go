package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// existingAuthDir copies testdata/plan-existing with externalAuth scram-sha-512 (plus extra
// lines) in its stack file.
func existingAuthDir(t *testing.T, extra string) string {
	t.Helper()
	return existingStackDir(t, "  kafka-plc:externalAuth: scram-sha-512\n"+extra)
}

// TestPlanExistingAuth: in mode existing, the plan of externalAuth scram-sha-512 shows each
// running broker's diff to SASL_PLAINTEXT on EXTERNAL with the SCRAM keys and the authorizer
// (node 2, whose file has kafka-plc's PLAINTEXT EXTERNAL, switches only the map's EXTERNAL item
// and gains the new lines), lists the target of the missing copy, never prints the password,
// and without the password exits 2 naming externalPassword.
func TestPlanExistingAuth(t *testing.T) {
	cur := filepath.Join(planExistingDir, "current", "existing")
	dir := existingAuthDir(t, "  kafka-plc:externalPassword:\n    secure: "+encryptedPassword+"\n")
	code, out, errOut := runPlanCLI(t, "--dir", dir, "--stack", "existing", "--current-dir", cur)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s\n%s", code, errOut, out)
	}
	checkContains(t, out,
		"secret externalPassword: present",
		"+listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,EXTERNAL:SASL_PLAINTEXT",
		"+listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512\n+listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;\n"+
			"+authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n+allow.everyone.if.no.acl.found=false\n+super.users=User:ANONYMOUS\n",
		"node 2: changes listener.security.protocol.map, listener.name.external.sasl.enabled.mechanisms, listener.name.external.scram-sha-512.sasl.jaas.config, "+
			"authorizer.class.name, allow.everyone.if.no.acl.found, super.users; kafka restarts",
		"  listener.security.protocol.map: EXTERNAL:SASL_PLAINTEXT\n  listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512\n",
		"Changefeed user:",
	)
	if strings.Contains(out+errOut, encryptedPassword) || strings.Contains(out+errOut, "QmFzZTY0") {
		t.Errorf("the plan prints the stored password:\n%s", out)
	}

	code, out, errOut = runPlanCLI(t, "--dir", existingAuthDir(t, ""), "--stack", "existing", "--current-dir", cur)
	if code != exitUsage {
		t.Fatalf("without the password: exit %d, want %d; stdout:\n%s", code, exitUsage, out)
	}
	checkContains(t, errOut+out, "externalPassword", "pulumi config set --secret kafka-plc:externalPassword")
}
