package scripts

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunCommandRunsOnlyTheUploadedScript runs RunCommand's line as a host does (bash -c, with
// $KPLC_ROOT as the host's root) against the installed file: the exact bundle runs; a changed,
// truncated or missing file is refused with exit 1, a message naming the file, both digests and
// the fix, and the script never runs.
func TestRunCommandRunsOnlyTheUploadedScript(t *testing.T) {
	t.Parallel()
	bundle, err := Bundle(VerifyName)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Checksum(VerifyName)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		installed *string // nil: no file
		wantCode  int
		wantErr   []string
	}{
		{"the uploaded bundle runs", ptr(bundle), 0, []string{"usage: verify.sh"}},
		{"a changed file is refused", ptr(bundle + "\necho tampered\n"), 1, []string{"kafka-plc: " + HostPath(VerifyName) + " has sha256 ", "want " + sum, "fix: pulumi up --replace"}},
		{"a truncated file is refused", ptr(bundle[:len(bundle)/2]), 1, []string{"want " + sum}},
		{"a missing file is refused", nil, 1, []string{"has sha256 none, want " + sum}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			if tc.installed != nil {
				dest := filepath.Join(root, HostPath(VerifyName))
				if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(dest, []byte(*tc.installed), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			line, err := RunCommand(VerifyName, time.Minute, "--help")
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("bash", "-c", line)
			cmd.Env = append(os.Environ(), "KPLC_ROOT="+root)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err = cmd.Run()
			code := 0
			if err != nil {
				code = cmd.ProcessState.ExitCode()
			}
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, tc.wantCode, stderr.String())
			}
			for _, want := range tc.wantErr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			if tc.wantCode != 0 && (strings.Contains(stderr.String(), "usage:") || strings.Contains(stdout.String(), "tampered")) {
				t.Errorf("the refused script ran anyway:\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
			}
		})
	}
}

// TestRunCommandIsOneShortLine: the command carries neither lib.sh nor the script (so a failure
// message, which quotes the command, starts with one short line), only the script's name, the
// digest of its bundle and the flags.
func TestRunCommandIsOneShortLine(t *testing.T) {
	t.Parallel()
	for _, name := range scriptNames() {
		line, err := RunCommand(name, 15*time.Minute, "--node-id", "1")
		if err != nil {
			t.Fatalf("RunCommand(%s): %v", name, err)
		}
		sum, _ := Checksum(name)
		if strings.Contains(line, "\n") || len(line) > 1024 {
			t.Errorf("RunCommand(%s) is %d bytes (newline: %v), want one line under 1 KiB", name, len(line), strings.Contains(line, "\n"))
		}
		if strings.Contains(line, "kplc_lib_loaded") || strings.Contains(line, "main \"$@\"") {
			t.Errorf("RunCommand(%s) carries script text", name)
		}
		if !strings.HasPrefix(line, "timeout --kill-after=30 900 bash -c ") || !strings.HasSuffix(line, quote(name)+" "+sum+" '--node-id' '1'") {
			t.Errorf("RunCommand(%s) = %s", name, line)
		}
	}
	if _, err := RunCommand("nope.sh", time.Minute); err == nil || !strings.Contains(err.Error(), `unknown script "nope.sh"`) {
		t.Errorf("RunCommand(unknown) error = %v, want it to name the script", err)
	}
	if _, err := RunCommand(VerifyName, time.Millisecond); err == nil || !strings.Contains(err.Error(), "at least 1s") {
		t.Errorf("RunCommand(1ms) error = %v, want a minimum-timeout error", err)
	}
}

// TestChecksumFollowsLibAndScript: the digest is over lib.sh followed by the script, so a change
// of either re-runs the steps that run the script (their command carries it).
func TestChecksumFollowsLibAndScript(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	for _, name := range scriptNames() {
		b, err := Bundle(name)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := scriptFiles.ReadFile(name)
		if b != lib+"\n"+string(text) {
			t.Errorf("Bundle(%s) is not lib.sh followed by the script", name)
		}
		sum, _ := Checksum(name)
		if other, dup := seen[sum]; dup {
			t.Errorf("%s and %s have the same checksum", name, other)
		}
		seen[sum] = name
	}
	if _, err := Bundle(libName); err == nil {
		t.Error("Bundle(lib.sh) succeeded; lib.sh is not a script")
	}
}

// TestRunnerShellcheck lints RunCommand's inline program.
func TestRunnerShellcheck(t *testing.T) {
	t.Parallel()
	path, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck not on PATH; install it (apt-get install -y shellcheck) to lint the scripts")
	}
	cmd := exec.Command(path, "-s", "bash", "-")
	cmd.Stdin = strings.NewReader(runner + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("shellcheck of the runner: %v\n%s", err, out)
	}
}

func ptr(s string) *string { return &s }
