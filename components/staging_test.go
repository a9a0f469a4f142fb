package components

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runShell runs a command line with sh in a fresh environment whose HOME is home, and returns
// its stdout, stderr and whether it succeeded.
func runShell(t *testing.T, home, command string) (string, string, bool) {
	t.Helper()
	cmd := exec.Command("sh", "-c", command)
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running sh: %v", err)
		}
	}
	return stdout.String(), stderr.String(), err == nil
}

// loginUser is the user the staging scripts run as in these tests: root needs no sudo, and
// any other user would need it, which the tests cannot use, so they only run as root or skip
// the install part.
func loginUser() string {
	if os.Geteuid() == 0 {
		return "root"
	}
	return ""
}

func TestStagingStepMakesAPrivateDirectory(t *testing.T) {
	home := t.TempDir()
	out, stderr, ok := runShell(t, home, stagingCommand(stagingDir("kafka-plc-dev")))
	if !ok {
		t.Fatalf("staging step failed: %s", stderr)
	}
	want := filepath.Join(home, ".kafka-plc", "kafka-plc-dev")
	path, err := stagedUploadPath(out, stagingDir("kafka-plc-dev"), "the test host")
	if err != nil || path != want+"/kplc" {
		t.Fatalf("upload path from %q = %q, %v; want %s/kplc", out, path, err, want)
	}
	for _, dir := range []string{filepath.Dir(want), want} {
		st, err := os.Lstat(dir)
		if err != nil || !st.IsDir() || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, mode %v; want a directory with mode 0700", dir, err, st.Mode())
		}
	}
	// A second run (an update) succeeds and prints the same directory.
	again, stderr, ok := runShell(t, home, stagingCommand(stagingDir("kafka-plc-dev")))
	if !ok || again != out {
		t.Errorf("second run: ok=%v out=%q stderr=%s; want the same directory again", ok, again, stderr)
	}
}

func TestStagingStepRefusesASymlinkedDirectory(t *testing.T) {
	home := t.TempDir()
	elsewhere := t.TempDir()
	if err := os.Symlink(elsewhere, filepath.Join(home, ".kafka-plc")); err != nil {
		t.Fatal(err)
	}
	out, stderr, ok := runShell(t, home, stagingCommand(stagingDir("kafka")))
	if ok || out != "" {
		t.Fatalf("staging step through a symlinked ~/.kafka-plc succeeded (out %q); want a refusal", out)
	}
	if !strings.Contains(stderr, "is not a directory owned by") {
		t.Errorf("stderr = %q, want it to say why", stderr)
	}
}

func TestStagedUploadPathRejectsGarbage(t *testing.T) {
	for _, out := range []string{"", "relative/.kafka-plc/kafka", "/home/u/.kafka-plc/other", "/home/u/../u/.kafka-plc/kafka", `{"ok":true}`} {
		if p, err := stagedUploadPath(out, stagingDir("kafka"), "the test host"); err == nil {
			t.Errorf("stagedUploadPath(%q) = %q, want an error", out, p)
		}
	}
}

func TestStagedInstallChecksTheUpload(t *testing.T) {
	user := loginUser()
	if user == "" {
		t.Skip("installing without sudo needs root")
	}
	rel := stagingDir("kafka")
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string) // dir is the staging directory, already 0700
		wantOK  bool
		wantErr string
	}{
		{"regular file of the user", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "kplc"), "new kplc")
		}, true, ""},
		{"missing upload", func(t *testing.T, dir string) {}, false, "not a regular file"},
		{"symlink planted in place of the upload", func(t *testing.T, dir string) {
			target := filepath.Join(t.TempDir(), "evil")
			write(t, target, "evil")
			if err := os.Symlink(target, filepath.Join(dir, "kplc")); err != nil {
				t.Fatal(err)
			}
		}, false, "not a regular file"},
		{"directory readable by others", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "kplc"), "new kplc")
			if err := os.Chmod(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}, false, "not a private (0700) directory"},
		{"upload owned by another user", func(t *testing.T, dir string) {
			f := filepath.Join(dir, "kplc")
			write(t, f, "someone else's")
			if err := os.Chown(f, 65534, 65534); err != nil {
				t.Skipf("chown: %v", err)
			}
		}, false, "not a regular file owned by"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			if _, stderr, ok := runShell(t, home, stagingCommand(rel)); !ok {
				t.Fatalf("staging step: %s", stderr)
			}
			tc.prepare(t, filepath.Join(home, rel))
			dest := filepath.Join(t.TempDir(), "dist", "kplc")
			_, stderr, ok := runShell(t, home, stagedInstallCommand(user, rel, dest))
			if ok != tc.wantOK {
				t.Fatalf("install succeeded = %v, want %v (stderr %q)", ok, tc.wantOK, stderr)
			}
			st, err := os.Stat(dest)
			if !tc.wantOK {
				if err == nil {
					t.Errorf("%s was installed although the check failed", dest)
				}
				if !strings.Contains(stderr, tc.wantErr) {
					t.Errorf("stderr = %q, want it to contain %q", stderr, tc.wantErr)
				}
				return
			}
			if err != nil || st.Mode().Perm() != 0o755 {
				t.Fatalf("installed %s: %v (mode %v), want mode 0755", dest, err, st.Mode())
			}
			if got, _ := os.ReadFile(dest); string(got) != "new kplc" {
				t.Errorf("installed content %q, want the upload", got)
			}
		})
	}
}

func TestStagedInstallUsesSudoOnlyForOtherUsers(t *testing.T) {
	root := stagedInstallCommand("root", stagingDir("kafka"), kplcPath)
	user := stagedInstallCommand("ecs-user", stagingDir("kafka"), kplcPath)
	if strings.Contains(root, "sudo") {
		t.Errorf("root install uses sudo: %q", root)
	}
	if !strings.Contains(user, " && sudo -n timeout 120 install -D -m 0755 \"$HOME\"/'.kafka-plc/kafka/kplc' '/usr/local/bin/kplc'") {
		t.Errorf("ecs-user install does not check first and then install under sudo -n: %q", user)
	}
	if strings.Contains(user, "/tmp") || strings.Contains(root, "/tmp") {
		t.Errorf("install stages through /tmp: %q", user)
	}
}

// write writes text to path, failing the test on error.
func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
