package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planEditedDev runs `kplc plan` on a copy of the frozen dev stack with one line of its stack
// file replaced (old must be in it) and returns the exit code, stdout and stderr.
func planEditedDev(t *testing.T, old, new string) (int, string, string) {
	t.Helper()
	return runPlanCLI(t, "--dir", editedDevDir(t, old, new))
}

// editedDevDir writes a copy of the frozen dev stack with one line of its stack file replaced
// (old must be in it) and returns its directory.
func editedDevDir(t *testing.T, old, new string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"Pulumi.yaml", "Pulumi.dev.yaml"} {
		data, err := os.ReadFile(filepath.Join(planDevDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "Pulumi.dev.yaml" {
			edited := strings.Replace(string(data), old, new, 1)
			if edited == string(data) {
				t.Fatalf("test setup: %q is not in the dev stack", old)
			}
			data = []byte(edited)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPlanRefusesEd25519Key: ECS ImportKeyPair imports rsa, dsa, ssh-rsa, ssh-dss and ecdsa
// keys, not ssh-ed25519 (alicloud-provider-facts.md, ecs/ecsKeyPair public_key), so `kplc plan`
// exits 2 naming the setting, the key type, the types Alibaba Cloud imports and the RSA fix.
func TestPlanRefusesEd25519Key(t *testing.T) {
	ed := "kafka-plc:sshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILTKJFuCAJ0A38qqWI+an9gVmwr9T7TWswMoGYyavbsL kplc-test\n"
	code, out, errOut := planEditedDev(t, "kafka-plc:sshPublicKey: ssh-rsa ", ed+"  # was: ssh-rsa ")
	if code != exitUsage {
		t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, exitUsage, out, errOut)
	}
	for _, want := range []string{"sshPublicKey", "ssh-ed25519", "ImportKeyPair imports only RSA, DSA and ECDSA keys",
		"ssh-keygen -t rsa -b 4096 -f ~/.ssh/kafka-plc"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errOut)
		}
	}
}

// TestPlanRefusesClusterIDWithLeadingDash: `kafka-storage.sh format -t -PsK...` reads the ID as
// a flag (domain-facts.md, Storage formatting), so a configured clusterId that starts with '-'
// makes `kplc plan` exit 2, naming the setting, the value and the fix.
func TestPlanRefusesClusterIDWithLeadingDash(t *testing.T) {
	code, out, errOut := planEditedDev(t, "  kafka-plc:brokerCount: 3\n",
		"  kafka-plc:brokerCount: 3\n  kafka-plc:clusterId: \"-PsKUCFXCeTCo8yqfcp7kA\"\n")
	if code != exitUsage {
		t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, exitUsage, out, errOut)
	}
	for _, want := range []string{"clusterId", "-PsKUCFXCeTCo8yqfcp7kA", "starts with '-'", "pulumi config rm"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errOut)
		}
	}
}
