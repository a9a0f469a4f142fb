package components

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/scripts"
)

// maxStepCommandBytes bounds every remote command (issue 12 item 13). pulumi-command v1.2.1 puts
// the whole command at the head of a failed step's message (remote/commandOutputs.go L101 at
// tag v1.2.1): with lib.sh and the script inlined that was 25-30 KB; now the longest commands are
// the ones that check uploads (about 1.5 KB), the steps that run a script about 0.5 KB.
const maxStepCommandBytes = 2048

// scriptSum matches the SHA-256 that a command names (a script's or kplc's).
var scriptSum = regexp.MustCompile(`\b[0-9a-f]{64}\b`)

// scriptOfStep says which script a step runs, by its name (KraftBrokerSet "kafka", verification
// "verify", ExistingBrokerExposure "kafka"), and which scripts a scripts step installs.
func scriptsOfStep(name string) []string {
	switch {
	case name == "kafka-prepare-bastion":
		return []string{scripts.PrepareBastionName}
	case strings.HasPrefix(name, "kafka-install-"), strings.HasPrefix(name, "kafka-prepare-host-"):
		return []string{scripts.InstallBrokerName}
	case strings.HasPrefix(name, "kafka-configure-"), strings.HasPrefix(name, "kafka-start-"), strings.HasPrefix(name, "kafka-wave-"):
		return []string{scripts.ConfigureBrokerName}
	case name == "verify-checks", name == "verify-checks-scripts":
		return []string{scripts.VerifyName}
	case strings.HasPrefix(name, "kafka-expose-"):
		return []string{exposeScriptName}
	case name == "kafka-scripts":
		return []string{scripts.PrepareBastionName}
	}
	return nil
}

// TestHostStepsRunUploadedScriptsByPath is issue 12 item 13: no remote command carries lib.sh or
// a script, each is short, and each step that runs a script names it with the SHA-256 of its
// bundle (and no other script's), so a script change changes exactly the steps that run it.
func TestHostStepsRunUploadedScriptsByPath(t *testing.T) {
	sums := map[string]string{}
	for _, n := range []string{scripts.PrepareBastionName, scripts.InstallBrokerName, scripts.ConfigureBrokerName, scripts.VerifyName, exposeScriptName} {
		sum, err := scripts.Checksum(n)
		if err != nil {
			t.Fatal(err)
		}
		sums[sum] = n
	}
	bs, _ := bsMustRun(t, bsArgs(bsPlan(t, ""), bsKplcBinary(t)))
	ex, _ := exMustRun(t, exArgs(t, "unique_name"))
	for _, set := range []struct {
		what  string
		mocks *mocktest.Mocks
		// installs maps a scripts step (by name prefix) to the scripts it installs.
		installs map[string][]string
	}{
		{"KraftBrokerSet and PrivateLinkVerification", bs, map[string][]string{"kafka-scripts-": {scripts.InstallBrokerName, scripts.ConfigureBrokerName}}},
		{"ExistingBrokerExposure", ex, map[string][]string{"kafka-scripts-": {exposeScriptName}}},
	} {
		t.Run(set.what, func(t *testing.T) {
			for _, r := range set.mocks.ByType(mocktest.TypeRemoteCommand) {
				create := r.Str("create")
				if strings.Contains(create, "kplc_lib_loaded") || strings.Contains(create, "main \"$@\"") {
					t.Errorf("%s: the command carries script text (%d bytes)", r.Name, len(create))
				}
				if len(create) > maxStepCommandBytes {
					t.Errorf("%s: the command is %d bytes, want at most %d (a failure message starts with it)", r.Name, len(create), maxStepCommandBytes)
				}
				want := scriptsOfStep(r.Name)
				for prefix, list := range set.installs {
					if strings.HasPrefix(r.Name, prefix) {
						want = list
					}
				}
				var got []string
				for _, s := range scriptSum.FindAllString(create, -1) {
					if n, ok := sums[s]; ok {
						got = append(got, n)
					}
				}
				sort.Strings(got)
				sort.Strings(want)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s: names the digests of %v, want %v", r.Name, got, want)
				}
				if runs := len(want) == 1 && !strings.Contains(r.Name, "scripts"); runs &&
					!strings.Contains(create, " bash -c ") || runs && !strings.Contains(create, "'"+want[0]+"' ") {
					t.Errorf("%s: does not run %s by path: %.200s", r.Name, want[0], create)
				}
			}
		})
	}
}

// TestScriptUploadsAreTheBundles: each host receives, into its private staging directory, the
// text the runner checks (lib.sh then the script), as a text asset (known at preview), and a
// new host (another instance ID or address) receives it again.
func TestScriptUploadsAreTheBundles(t *testing.T) {
	bs, _ := bsMustRun(t, bsArgs(bsPlan(t, ""), bsKplcBinary(t)))
	ex, _ := exMustRun(t, exArgs(t, "unique_name"))
	type upload struct {
		mocks                   *mocktest.Mocks
		name, script, dir, step string
	}
	var uploads []upload
	uploads = append(uploads,
		upload{bs, "kafka-upload-prepare-bastion", scripts.PrepareBastionName, "kafka", "kafka-scripts"},
		upload{bs, "verify-checks-upload-verify", scripts.VerifyName, "verify", "verify-checks-scripts"})
	for n := 1; n <= 3; n++ {
		uploads = append(uploads,
			upload{bs, fmt.Sprintf("kafka-upload-install-broker-%d", n), scripts.InstallBrokerName, "kafka", fmt.Sprintf("kafka-scripts-%d", n)},
			upload{bs, fmt.Sprintf("kafka-upload-configure-broker-%d", n), scripts.ConfigureBrokerName, "kafka", fmt.Sprintf("kafka-scripts-%d", n)},
			upload{ex, fmt.Sprintf("kafka-upload-expose-existing-broker-%d", n), exposeScriptName, "kafka", fmt.Sprintf("kafka-scripts-%d", n)})
	}
	for _, u := range uploads {
		r := u.mocks.MustNamed(t, mocktest.TypeCopyToRemote, u.name)
		bundle, err := scripts.Bundle(u.script)
		if err != nil {
			t.Fatal(err)
		}
		if src := r.Inputs["source"]; !src.IsAsset() || !src.AssetValue().IsText() || src.AssetValue().Text != bundle {
			t.Errorf("%s: source is not the text asset of lib.sh and %s", u.name, u.script)
		}
		if got, want := r.RevealedStr("remotePath"), mocktest.StagingHome+"/.kafka-plc/"+u.dir+"/"+u.script; got != want {
			t.Errorf("%s: remotePath %q, want %q", u.name, got, want)
		}
		if trig := r.Array("triggers"); len(trig) != 1 {
			t.Errorf("%s: triggers %v, want the host's identity", u.name, trig)
		}
		step := u.mocks.MustNamed(t, mocktest.TypeRemoteCommand, u.step)
		if !step.DependsOnName(u.name) {
			t.Errorf("%s does not wait for %s", u.step, u.name)
		}
		if fmt.Sprint(step.Array("triggers")) != fmt.Sprint(r.Array("triggers")) {
			t.Errorf("%s: triggers %v, want the upload's %v", u.step, step.Array("triggers"), r.Array("triggers"))
		}
	}
}

// TestScriptsInstallChecksEveryUpload runs the install step's command: every upload must be a
// regular file of the login user in the 0700 staging directory with the SHA-256 the program
// computed, or nothing is installed; good uploads are installed with mode 0755.
func TestScriptsInstallChecksEveryUpload(t *testing.T) {
	user := loginUser()
	if user == "" {
		t.Skip("installing without sudo needs root")
	}
	list, err := hostScriptsOf(scripts.InstallBrokerName, scripts.ConfigureBrokerName)
	if err != nil {
		t.Fatal(err)
	}
	rel := stagingDir("kafka")
	good := func(t *testing.T, dir string) {
		for _, s := range list {
			write(t, filepath.Join(dir, s.name), s.text)
		}
	}
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, dir string)
		wantErr string // "" means success
	}{
		{"the uploads this update made", good, ""},
		{"an upload changed after the copy", func(t *testing.T, dir string) {
			good(t, dir)
			write(t, filepath.Join(dir, scripts.ConfigureBrokerName), list[1].text+"\necho injected\n")
		}, "has sha256 "},
		{"an upload missing", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, list[0].name), list[0].text)
		}, "not a regular file"},
		{"a symlink in place of an upload", func(t *testing.T, dir string) {
			good(t, dir)
			target := filepath.Join(t.TempDir(), "evil")
			write(t, target, list[1].text)
			p := filepath.Join(dir, list[1].name)
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
		}, "not a regular file"},
		{"a staging directory readable by others", func(t *testing.T, dir string) {
			good(t, dir)
			if err := os.Chmod(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}, "not a private (0700) directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			if _, stderr, ok := runShell(t, home, stagingCommand(rel)); !ok {
				t.Fatalf("staging step: %s", stderr)
			}
			tc.prepare(t, filepath.Join(home, rel))
			dest := filepath.Join(t.TempDir(), "opt", "kafka-plc", "scripts")
			_, stderr, ok := runShell(t, home, scriptsInstallCommand(user, rel, dest, list))
			if ok != (tc.wantErr == "") || !strings.Contains(stderr, tc.wantErr) {
				t.Fatalf("install succeeded = %v, stderr %q; want success %v and %q", ok, stderr, tc.wantErr == "", tc.wantErr)
			}
			for _, s := range list {
				p := filepath.Join(dest, s.name)
				st, err := os.Stat(p)
				if tc.wantErr != "" {
					if err == nil {
						t.Errorf("%s was installed although the check failed", p)
					}
					continue
				}
				if err != nil || st.Mode().Perm() != 0o755 {
					t.Fatalf("installed %s: %v, want mode 0755", p, err)
				}
				if got, _ := os.ReadFile(p); string(got) != s.text {
					t.Errorf("%s: installed content is not the upload", p)
				}
				if _, err := os.Stat(p + ".new"); err == nil {
					t.Errorf("%s.new left behind", p)
				}
			}
		})
	}
}

// TestInlineShellcheck lints the shell programs that the components send inline (sh -c).
func TestInlineShellcheck(t *testing.T) {
	path, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck not on PATH; install it (apt-get install -y shellcheck) to lint the inline programs")
	}
	for name, text := range map[string]string{
		"stagedScriptsCheck": stagedScriptsCheck, "stagingScript": stagingScript, "stagedCheckScript": stagedCheckScript,
	} {
		cmd := exec.Command(path, "-s", "sh", "-")
		cmd.Stdin = strings.NewReader(text + "\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("shellcheck of %s: %v\n%s", name, err, out)
		}
	}
}
