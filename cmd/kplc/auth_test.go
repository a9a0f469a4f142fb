package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"
)

// TestScramUpsertAndACLsCLI runs the commands the bastion step runs, against kfake with SASL
// and ACLs on: the password comes from stdin and never reaches stdout or stderr; the ACLs are
// applied twice with the same result and kplc brokers lists them; the changefeed user then
// authenticates with the new password and a wrong one is refused.
func TestScramUpsertAndACLsCLI(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(3), kfake.EnableSASL(), kfake.EnableACLs(),
		kfake.Superuser("SCRAM-SHA-512", "kplc-admin", "admin-password"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	t.Setenv(saslPasswordEnv, "admin-password")
	boot := c.ListenAddrs()[0]
	admin := []string{"--bootstrap", boot, "--sasl-mechanism", "SCRAM-SHA-512", "--sasl-user", "kplc-admin"}
	const password = "q3X9v+Lr7Tz0Wb2Nf8Kd1Q=="

	runWith := func(in string, args ...string) (int, string, string) {
		t.Helper()
		old := stdin
		stdin = strings.NewReader(in)
		defer func() { stdin = old }()
		var out, errOut bytes.Buffer
		code := run(args, &out, &errOut)
		if strings.Contains(out.String()+errOut.String(), password) {
			t.Errorf("kplc %s printed the password", args[0])
		}
		return code, out.String(), errOut.String()
	}

	if code, _, errOut := runWith("", append([]string{"scram-upsert", "--user", "tidb-cdc"}, admin...)...); code != exitUsage || !strings.Contains(errOut, "stdin") {
		t.Errorf("scram-upsert without a password: exit %d, stderr %q; want %d naming stdin", code, errOut, exitUsage)
	}
	if code, out, errOut := runWith(password+"\n", append([]string{"scram-upsert", "--user", "tidb-cdc"}, admin...)...); code != exitOK || !strings.Contains(out, "credential of tidb-cdc upserted") {
		t.Fatalf("scram-upsert: exit %d\n%s%s", code, out, errOut)
	}
	var first string
	for i := 0; i < 2; i++ {
		code, out, errOut := runWith("", append([]string{"acls-apply", "--user", "tidb-cdc", "--topic-prefix", "tidb_"}, admin...)...)
		if code != exitOK {
			t.Fatalf("acls-apply #%d: exit %d\n%s%s", i+1, code, out, errOut)
		}
		if i == 0 {
			first = out
		} else if out != first {
			t.Errorf("acls-apply is not idempotent:\nfirst:\n%s\nsecond:\n%s", first, out)
		}
	}
	code, out, errOut := runWith("", append([]string{"brokers"}, admin...)...)
	if code != exitOK || !strings.Contains(out, "ALLOW User:tidb-cdc WRITE on TOPIC tidb_ (PREFIXED) from *") ||
		!strings.Contains(out, "ALLOW User:tidb-cdc DESCRIBE_CONFIGS on CLUSTER kafka-cluster (LITERAL) from *") {
		t.Errorf("brokers: exit %d, want the ACLs listed:\n%s%s", code, out, errOut)
	}

	t.Setenv(saslPasswordEnv, password)
	cdc := []string{"brokers", "--bootstrap", boot, "--sasl-mechanism", "SCRAM-SHA-512", "--sasl-user", "tidb-cdc"}
	if code, out, errOut := runWith("", cdc...); code != exitOK {
		t.Errorf("the changefeed user with the upserted password: exit %d\n%s%s", code, out, errOut)
	}
	t.Setenv(saslPasswordEnv, "wrong-"+password)
	if code, _, _ := runWith("", cdc...); code == exitOK {
		t.Error("a wrong password is accepted after the upsert")
	}
}

// TestRehearseAuth: `kplc rehearse --auth scram-sha-512` passes with the checks authenticated
// and shows that an unauthenticated client is refused; an unknown mechanism is a usage error.
func TestRehearseAuth(t *testing.T) {
	code, out, errOut := runCLI(t, "rehearse", "--auth", "scram-sha-512")
	if code != exitOK || !strings.Contains(out, "== authentication (SCRAM-SHA-512 as tidb-cdc) ==") ||
		!strings.Contains(out, "a client without credentials is refused") || !strings.Contains(out, "rehearsal: ok") {
		t.Errorf("exit %d, want 0 with the refusal shown:\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "rehearse", "--auth", "plain"); code != exitUsage || !strings.Contains(errOut, "--auth") {
		t.Errorf("--auth plain: exit %d, stderr %q", code, errOut)
	}
}
