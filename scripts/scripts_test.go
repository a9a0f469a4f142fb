package scripts

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// without returns args with the flag and its value removed.
func without(args []string, flag string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == flag {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	bastion := bastionArgs("sha256:"+strings.Repeat("a", 64), "10.0.3.5:8081")
	install := installArgs("3.7.1", "sha256:"+strings.Repeat("a", 64))
	configure := configureArgs(testClusterID)
	verify := []string{"--bootstrap", testBootstrap, "--via", "nlb.example", "--brokers", "3", "--unique-name", "u1"}
	type tc struct {
		script  string
		args    []string
		wantErr string
	}
	var cases []tc
	for _, f := range []string{"--kafka-url", "--checksum", "--file", "--listen"} {
		cases = append(cases, tc{PrepareBastionName, without(bastion, f), f + " is required"})
	}
	for _, f := range []string{"--kafka-version", "--scala-version", "--dist-url", "--checksum", "--data-device", "--heap"} {
		cases = append(cases, tc{InstallBrokerName, without(install, f), f + " is required"})
	}
	for _, f := range []string{"--node-id", "--cluster-id", "--bootstrap"} {
		cases = append(cases, tc{ConfigureBrokerName, without(configure, f), f + " is required"})
	}
	for _, f := range []string{"--bootstrap", "--via", "--brokers", "--unique-name"} {
		cases = append(cases, tc{VerifyName, without(verify, f), f + " is required"})
	}
	cases = append(cases,
		tc{PrepareBastionName, append(without(bastion, "--checksum"), "--checksum", "md5:abc"), "algorithm must be sha256 or sha512"},
		tc{PrepareBastionName, append(without(bastion, "--checksum"), "--checksum", "sha256:abc"), "expected sha256:<64 hex digits>"},
		tc{PrepareBastionName, append(without(bastion, "--listen"), "--listen", "0.0.0.0:8081"), "never 0.0.0.0"},
		tc{PrepareBastionName, append(bastion, "--listen"), "--listen needs a value"},
		tc{InstallBrokerName, append(without(install, "--checksum"), "--checksum", "sha512:"+strings.Repeat("a", 64)), "expected sha512:<128 hex digits>"},
		tc{InstallBrokerName, append(without(install, "--heap"), "--heap", "2 GB"), "--heap '2 GB'"},
		tc{InstallBrokerName, append(without(install, "--dist-url"), "--dist-url", "ftp://x"), "--dist-url 'ftp://x'"},
		tc{InstallBrokerName, append(install, "--jdk-url", "http://x/jdk.tgz"), "--jdk-url is not supported"},
		tc{ConfigureBrokerName, append(without(configure, "--cluster-id"), "--cluster-id", "short"), "expected 22 base64url characters"},
		tc{ConfigureBrokerName, append(configure, "--ready-timeout", "10m"), "--ready-timeout '10m'"},
		tc{ConfigureBrokerName, append(configure, "--bogus"), "unknown argument '--bogus'"},
	)
	for _, c := range cases {
		t.Run(c.script+" "+c.wantErr, func(t *testing.T) {
			t.Parallel()
			h := newHost(t)
			r := h.run(c.script, brokerConfig(1), c.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2\nstderr:\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, c.wantErr) || !strings.Contains(r.stderr, "usage:") {
				t.Errorf("stderr lacks %q and the usage text:\n%s", c.wantErr, r.stderr)
			}
			assertCalls(t, "usage error", h.calls(), nil)
		})
	}
}

// --- verify.sh ------------------------------------------------------------

func TestEmbeddedScriptsMatchFiles(t *testing.T) {
	t.Parallel()
	names := []string{PrepareBastionName, InstallBrokerName, ConfigureBrokerName, VerifyName, ExporterProbeName}
	if got := strings.Join(scriptNames(), " "); got != "configure-broker.sh exporter-probe.sh expose-existing-broker.sh install-broker.sh prepare-bastion.sh verify.sh" {
		t.Errorf("scriptNames() = %s", got)
	}
	for _, name := range names {
		disk, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text := scriptText(name)
		if text != string(disk) {
			t.Errorf("embedded %s differs from the file on disk", name)
		}
		for _, want := range []string{"#!/usr/bin/env bash\n", "\nset -euo pipefail\n", "\nmain \"$@\"\n"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
}

func TestCommand(t *testing.T) {
	t.Parallel()
	if _, err := Command("nope.sh", time.Minute); err == nil || !strings.Contains(err.Error(), "unknown script \"nope.sh\"") {
		t.Errorf("Command(unknown) error = %v, want it to name the script", err)
	}
	if _, err := Command(VerifyName, 500*time.Millisecond); err == nil || !strings.Contains(err.Error(), "at least 1s") {
		t.Errorf("Command(0.5s) error = %v, want a minimum-timeout error", err)
	}
	cmd, err := Command(ConfigureBrokerName, 15*time.Minute, "--node-id", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cmd, "timeout --kill-after=30 900 bash -c '# shellcheck shell=bash") ||
		!strings.HasSuffix(cmd, "' 'configure-broker.sh' '--node-id' '1'") {
		t.Errorf("Command = %.80s ... %s", cmd, cmd[len(cmd)-60:])
	}
	for _, s := range []string{"plain", "it's", `a"b$c\d`, "new\nline", "''", ""} {
		out, err := exec.Command("bash", "-c", "printf '%s' "+quote(s)).Output()
		if err != nil || string(out) != s {
			t.Errorf("quote(%q) through bash gave %q (%v)", s, out, err)
		}
	}
}

func TestShellcheck(t *testing.T) {
	t.Parallel()
	path, err := exec.LookPath("shellcheck")
	if err != nil && os.Getenv("KPLC_REQUIRE_TOOLS") != "" {
		t.Fatal("shellcheck is not on PATH but KPLC_REQUIRE_TOOLS is set (CI): .ci/run installs it")
	}
	if err != nil {
		t.Skip("shellcheck not on PATH; install it (apt-get install -y shellcheck) to lint the scripts")
	}
	files := append([]string{}, scriptNames()...)
	for _, dir := range []string{"testdata/stubs", "testdata/kafka-bin"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	out, err := exec.Command(path, append([]string{"-x", "--severity=style"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("shellcheck found problems (%v):\n%s", err, out)
	}
}

// scriptText returns the text of the named script (for example
// ConfigureBrokerName), as in the repository: it sources lib.sh from its own
// directory, so to run it elsewhere use Command, which includes lib.sh. It
// panics on an unknown name, which is a programming error since the names are
// the constants above.
func scriptText(name string) string {
	b, err := scriptFiles.ReadFile(name)
	if err != nil || name == libName {
		panic(fmt.Sprintf("scripts: no embedded script %q (have %s)", name, strings.Join(scriptNames(), ", ")))
	}
	return string(b)
}
