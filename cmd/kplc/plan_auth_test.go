package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// authStackDir copies the dev stack and adds externalAuth scram-sha-512 (plus extra lines).
func authStackDir(t *testing.T, extra string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"Pulumi.yaml", "Pulumi.dev.yaml"} {
		data, err := os.ReadFile(filepath.Join(planDevDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "Pulumi.dev.yaml" {
			data = append(data, []byte("  kafka-plc:externalAuth: scram-sha-512\n  kafka-plc:externalTopicPrefix: tidb_\n"+extra)...)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The ciphertext of the stack file's encrypted password: kplc plan never decrypts it, and it
// must not print it either.
const encryptedPassword = "v1:QmFzZTY0Q2lwaGVydGV4dE9mVGhlUGFzc3dvcmQ="

// TestPlanAuth: the plan of a stack with externalAuth scram-sha-512 renders the SASL listener,
// passes the validator (the plan would exit 1 otherwise), reports the password only as present,
// and tells what to enter in the changefeed's authentication fields.
func TestPlanAuth(t *testing.T) {
	dir := authStackDir(t, "  kafka-plc:externalPassword:\n    secure: "+encryptedPassword+"\n")
	code, out, errOut := runPlanCLI(t, "--dir", dir)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errOut)
	}
	checkContains(t, out,
		"secret externalPassword: present",
		"EXTERNAL:SASL_PLAINTEXT",
		"listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512",
		"Changefeed authentication (SASL mechanism):",
		"SCRAM-SHA-512\n",
		"Changefeed user:",
		"the output of `pulumi config get kafka-plc:externalPassword --stack dev`",
		"topics starting with tidb_",
		"bootstrap port 9092, authentication SASL/SCRAM-SHA-512, user tidb-cdc and the password that `pulumi config get kafka-plc:externalPassword --stack dev` prints.",
	)
	code, js, errOut := runPlanCLI(t, "--dir", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("json: exit %d; stderr:\n%s", code, errOut)
	}
	var v struct {
		Secrets   map[string]string `json:"secrets"`
		TiDBCloud struct {
			Authentication *changefeedAuthView `json:"authentication"`
		} `json:"tidbCloud"`
	}
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatal(err)
	}
	if a := v.TiDBCloud.Authentication; a == nil || a.Mechanism != "SCRAM-SHA-512" || a.User != "tidb-cdc" || v.Secrets["externalPassword"] != "present" {
		t.Errorf("json authentication = %+v, secrets %v", a, v.Secrets)
	}
	for _, s := range []string{out, js, errOut} {
		if strings.Contains(s, encryptedPassword) || strings.Contains(s, "QmFzZTY0") {
			t.Errorf("the plan prints the stored password:\n%s", s)
		}
	}
}

// TestPlanAuthWithoutPassword: auth on without the password exits 2 naming externalPassword.
func TestPlanAuthWithoutPassword(t *testing.T) {
	code, out, errOut := runPlanCLI(t, "--dir", authStackDir(t, ""))
	if code != exitUsage {
		t.Fatalf("exit %d, want %d; stdout:\n%s", code, exitUsage, out)
	}
	checkContains(t, errOut+out, "externalPassword", "pulumi config set --secret kafka-plc:externalPassword")
}
