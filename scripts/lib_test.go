package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Tests of lib.sh and of how Command delivers it: every script gets lib.sh
// exactly once, runs through Command and on its own, and calls only functions
// that exist.

func TestCommandCarriesLibOnce(t *testing.T) {
	t.Parallel()
	libText, err := os.ReadFile("lib.sh")
	if err != nil {
		t.Fatal(err)
	}
	if lib != string(libText) {
		t.Fatal("embedded lib.sh differs from the file on disk")
	}
	const marker = "kplc_lib_loaded() { :; }"
	for _, name := range scriptNames() {
		if strings.Contains(scriptText(name), marker) {
			t.Errorf("%s defines kplc_lib_loaded itself: it must come from lib.sh only", name)
		}
		cmd, err := Command(name, time.Minute, "--x")
		if err != nil {
			t.Fatalf("Command(%s): %v", name, err)
		}
		if !strings.Contains(cmd, quote(lib+"\n"+scriptText(name))) {
			t.Errorf("Command(%s) does not carry lib.sh followed by the script", name)
		}
		if n := strings.Count(cmd, marker); n != 1 {
			t.Errorf("Command(%s) defines kplc_lib_loaded %d times, want once", name, n)
		}
	}
	if _, err := Command(libName, time.Minute); err == nil {
		t.Error("Command(lib.sh) succeeded; lib.sh is not a script")
	}
}

// TestEveryScriptRunsAlone runs every script with --help and with no flags,
// through Command (as on a host) and as the file in the repository (sourcing
// lib.sh), and insists on the documented exit codes: a missing function would
// give 127, a broken lib 1.
func TestEveryScriptRunsAlone(t *testing.T) {
	t.Parallel()
	for _, name := range scriptNames() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHost(t)
			r := h.run(name, "")
			if r.code != 2 || !strings.Contains(r.stderr, name+": usage error: ") || !strings.Contains(r.stderr, "usage: "+name) {
				t.Errorf("no flags, through Command: exit %d, want 2 with a usage error\nstderr:\n%s", r.code, r.stderr)
			}
			r = h.run(name, "", "--help")
			if r.code != 0 || !strings.Contains(r.stderr, "usage: "+name) {
				t.Errorf("--help, through Command: exit %d, want 0 with the usage text\nstderr:\n%s", r.code, r.stderr)
			}
			for _, tc := range []struct {
				args []string
				code int
			}{{nil, 2}, {[]string{"--help"}, 0}} {
				cmd := exec.Command("bash", append([]string{name}, tc.args...)...)
				cmd.Env = append(os.Environ(), "KPLC_ROOT="+h.root)
				out, err := cmd.CombinedOutput()
				code := 0
				if err != nil {
					code = cmd.ProcessState.ExitCode()
				}
				if code != tc.code || !strings.Contains(string(out), "usage: "+name) {
					t.Errorf("bash %s %v (from the repository): exit %d, want %d with the usage text\n%s", name, tc.args, code, tc.code, out)
				}
			}
			assertCalls(t, "usage", h.calls(), nil)
		})
	}
}

var (
	funcDef = regexp.MustCompile(`(?m)^\s*([A-Za-z_][A-Za-z0-9_]*)\(\)\s*\{`)
	// A command position: the start of a line or what follows ; && || | $( ! or a keyword.
	cmdWord = regexp.MustCompile(`(?:^|[;|&(!]|\$\(|\bthen|\bdo|\belse)\s*([a-z][a-z0-9]*_[a-z0-9_]*)\b`)
	quoted  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'[^']*'`)
)

// TestCalledFunctionsAreDefined finds every snake_case word in a command
// position of lib.sh plus a script (outside comments and quotes) and checks
// that it names a function defined there: the host has nothing else with an
// underscore in its name that the scripts could mean.
func TestCalledFunctionsAreDefined(t *testing.T) {
	t.Parallel()
	for _, name := range scriptNames() {
		text := lib + "\n" + scriptText(name)
		defined := map[string]bool{}
		for _, m := range funcDef.FindAllStringSubmatch(text, -1) {
			defined[m[1]] = true
		}
		seen := 0
		for i, line := range strings.Split(text, "\n") {
			code := strings.TrimSpace(line)
			if strings.HasPrefix(code, "#") {
				continue
			}
			code = quoted.ReplaceAllString(code, `""`)
			for _, m := range cmdWord.FindAllStringSubmatch(code, -1) {
				w := m[1]
				if strings.Contains(code, w+"=") || strings.Contains(code, w+"[") {
					continue // an assignment, not a call
				}
				seen++
				if !defined[w] {
					t.Errorf("%s (with lib.sh) line %d calls %s, which is not defined: %s", name, i+1, w, strings.TrimSpace(line))
				}
			}
		}
		if seen < 5 {
			t.Errorf("%s: only %d function calls found; the scan is broken", name, seen)
		}
	}
}

// libShell runs bash with lib.sh sourced from the repository, a temp root and
// extra PATH entries first, and returns its combined output.
func libShell(t *testing.T, root, path, script string, args ...string) (string, error) {
	t.Helper()
	lib, err := filepath.Abs("lib.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", append([]string{"-c", "set -euo pipefail; source " + quote(lib) + "; usage() { :; }; lib_init; " + script, "lib-test"}, args...)...)
	cmd.Env = append(os.Environ(), "KPLC_ROOT="+root, "PATH="+path+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestAtomicWriteIsDurable checks the one write path: a temp file beside the
// destination gets mode and owner, is fsync'ed, is renamed, and the directory
// is fsync'ed; an identical write touches nothing but a wrong mode.
func TestAtomicWriteIsDurable(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	bin := t.TempDir()
	syncLog := filepath.Join(t.TempDir(), "sync.log")
	stub := "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >>" + quote(syncLog) + "\n"
	if err := os.WriteFile(filepath.Join(bin, "sync"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "chown"), []byte("#!/bin/sh\nprintf 'chown %s\\n' \"$*\" >&2\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(root, "etc", "f.conf")
	mustMkdir(t, filepath.Dir(dest))

	out, err := libShell(t, root, bin, `write_if_changed "$1" 0640 "hello" root:kafka; echo "CHANGED=${CHANGED}"`, dest)
	if err != nil {
		t.Fatalf("write_if_changed: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(dest); string(got) != "hello\n" {
		t.Errorf("content %q, want %q", got, "hello\n")
	}
	if fi, _ := os.Stat(dest); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	if !strings.Contains(out, "CHANGED=1") || !regexp.MustCompile(`chown -- root:kafka .*/etc/\.f\.conf\.[A-Za-z0-9]{6}\n`).MatchString(out) {
		t.Errorf("want CHANGED=1 and a chown of the temp file (before the rename):\n%s", out)
	}
	syncs, _ := os.ReadFile(syncLog)
	want := regexp.MustCompile(`^-- .*/etc/\.f\.conf\.[A-Za-z0-9]{6}\n-- .*/etc\n$`)
	if !want.Match(syncs) {
		t.Errorf("sync calls:\n%s\nwant the temp file fsync'ed before the rename and the directory after", syncs)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("etc holds %d entries, want only f.conf (no temp file)", len(entries))
	}

	// Same content, wrong mode: no write (no sync), only the mode is corrected.
	if err := os.Chmod(dest, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(syncLog); err != nil {
		t.Fatal(err)
	}
	out, err = libShell(t, root, bin, `write_if_changed "$1" 0640 "hello" root:kafka; echo "CHANGED=${CHANGED}"`, dest)
	if err != nil || !strings.Contains(out, "CHANGED=0") || strings.Contains(out, "chown") {
		t.Errorf("identical write: %v, want CHANGED=0 and no chown\n%s", err, out)
	}
	if fi, _ := os.Stat(dest); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v after an identical write, want 0640 restored", fi.Mode().Perm())
	}
	if _, err := os.Stat(syncLog); !os.IsNotExist(err) {
		t.Errorf("an identical write synced something (%v)", err)
	}
}

// TestCleanupRemovesOnlyTempDirs: the EXIT trap removes the temp dirs this run
// made, and refuses any registered path that is not a mktemp name or lies under
// /var/lib/kafka.
func TestCleanupRemovesOnlyTempDirs(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	keep := []string{"/var/lib/kafka/.data.Ab12Cd", "/var/lib/kafka/data", "/opt/kafka/kafka_2.13-3.7.1"}
	for _, d := range append(keep, "/opt/kafka/x") {
		mustMkdir(t, filepath.Join(root, d, "sub"))
	}
	script := `temp_dir_beside "${ROOT}/opt/kafka/x"; made="${TEMP}"; mkdir "${made}/sub"; echo "made ${made}"
for p in "$@"; do TMP_DIRS+=("${ROOT}${p}"); done
exit 1`
	out, err := libShell(t, root, t.TempDir(), script, keep...)
	if err == nil {
		t.Fatalf("the script should exit 1:\n%s", out)
	}
	made := regexp.MustCompile(`made (\S+)`).FindStringSubmatch(out)
	if made == nil {
		t.Fatalf("no temp dir made:\n%s", out)
	}
	if _, err := os.Stat(made[1]); !os.IsNotExist(err) {
		t.Errorf("temp dir %s survived the exit (%v)", made[1], err)
	}
	for _, d := range keep {
		if _, err := os.Stat(filepath.Join(root, d, "sub")); err != nil {
			t.Errorf("cleanup removed %s: %v\n%s", d, err, out)
		}
	}
	if !strings.Contains(out, "under /var/lib/kafka") || !strings.Contains(out, "not a temp dir name") {
		t.Errorf("cleanup did not say why it kept the paths:\n%s", out)
	}
}

func TestParseFlags(t *testing.T) {
	t.Parallel()
	spec := `parse_flags "name=name! size=size" "$@"; echo "name=${name} size=${size}"`
	script := `f() { local name="" size="def"; ` + spec + `; }; f "$@"`
	cases := []struct {
		args     []string
		wantCode int
		want     string
	}{
		{[]string{"--name", "a b", "--size", "3"}, 0, "name=a b size=3"},
		{[]string{"--name", "x"}, 0, "name=x size=def"},
		{[]string{"--size", "3"}, 2, "--name is required"},
		{[]string{"--name", ""}, 2, "--name is required"},
		{[]string{"--name"}, 2, "--name needs a value"},
		{[]string{"--name", "x", "--nope", "1"}, 2, "unknown argument '--nope'"},
		{[]string{"-h"}, 0, ""},
	}
	for _, tc := range cases {
		out, err := libShell(t, t.TempDir(), t.TempDir(), script, tc.args...)
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		if code != tc.wantCode || !strings.Contains(out, tc.want) {
			t.Errorf("parse_flags %q: exit %d, output %q; want exit %d with %q", tc.args, code, out, tc.wantCode, tc.want)
		}
	}
}
