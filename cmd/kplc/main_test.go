package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// deadAddr returns a loopback address nothing listens on (freePort's, a moment ago).
func deadAddr(t *testing.T) string {
	t.Helper()
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
}

func TestExitCodes(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(3))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	live := strings.Join(c.ListenAddrs(), ",")
	dead := deadAddr(t)

	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string // substring expected on stdout
		stderr string // substring expected on stderr
	}{
		{"no command", nil, exitUsage, "", "usage: kplc"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{"help", []string{"help"}, exitOK, "probe-privatelink", ""},
		{"unknown flag", []string{"brokers", "--nope"}, exitUsage, "", "flag provided but not defined: -nope"},
		{"missing bootstrap", []string{"brokers"}, exitUsage, "", "--bootstrap is required"},
		{"bad format", []string{"brokers", "--bootstrap", live, "--format", "xml"}, exitUsage, "", `--format "xml": use text or json`},
		{"bad bootstrap", []string{"brokers", "--bootstrap", "no-port"}, exitUsage, "", `bootstrap address "no-port" is not HOST:PORT`},
		{"roundtrip bad bootstrap", []string{"roundtrip", "--bootstrap", "no-port"}, exitUsage, "", `bootstrap address "no-port" is not HOST:PORT`},
		{"roundtrip bad replication factor", []string{"roundtrip", "--bootstrap", live, "--replication-factor", "0"}, exitUsage, "", "--replication-factor 0"},
		{"roundtrip dead bootstrap", []string{"roundtrip", "--bootstrap", dead, "--timeout", "5s"}, exitFailed, "", dead + ": connection refused"},
		{"wait-ready bad bootstrap", []string{"wait-ready", "--bootstrap", "no-port", "--node-id", "1"}, exitUsage, "", `bootstrap address "no-port" is not HOST:PORT`},
		{"missing node id", []string{"safe-to-restart", "--bootstrap", live}, exitUsage, "", "--node-id is required"},
		{"sasl without password", []string{"brokers", "--bootstrap", live, "--sasl-mechanism", "PLAIN", "--sasl-user", "u"}, exitUsage, "", "KPLC_SASL_PASSWORD"},
		{"brokers ok", []string{"brokers", "--bootstrap", live}, exitOK, "cluster kfake, controller 2, 3 broker(s)", ""},
		{"brokers dead bootstrap", []string{"brokers", "--bootstrap", dead, "--timeout", "5s"}, exitFailed, "", dead + ": connection refused"},
		{"roundtrip ok-or-unexercised", []string{"roundtrip", "--bootstrap", live, "--messages", "6"}, -1, "produced 6, consumed 6", ""},
		{"safe-to-restart without quorum", []string{"safe-to-restart", "--bootstrap", live, "--node-id", "1", "--wait", "1s"}, exitFailed, "safe to restart broker 1: NO", ""},
		{"safe-to-restart nothing answers", []string{"safe-to-restart", "--bootstrap", dead, "--node-id", "1", "--wait", "0s"}, exitNoQuorum, "no bootstrap address answers", ""},
		{"safe-to-restart nothing answers while waiting", []string{"safe-to-restart", "--bootstrap", dead, "--node-id", "1", "--wait", "1500ms"}, exitNoQuorum, "gave up after", ""},
		{"safe-to-restart negative wait", []string{"safe-to-restart", "--bootstrap", live, "--node-id", "1", "--wait", "-1s"}, exitUsage, "", "--wait -1s"},
		{"rehearse", []string{"rehearse"}, exitOK, "rehearsal: ok", ""},
		{"rehearse miswired", []string{"rehearse", "--miswire"}, exitFailed, "reaches broker 3, expected broker 2", ""},
		{"rehearse unknown stack", []string{"rehearse", "--stack", "prod"}, exitUsage, "", "--stack prod"},
		{"probe negative health wait", []string{"probe-privatelink", "--via", "127.0.0.1", "--wait-healthy", "-5s"}, exitUsage, "", "--wait-healthy -5s"},
		{"probe bad pattern", []string{"probe-privatelink", "--via", "127.0.0.1", "--host-pattern", "kafka.example"}, exitUsage, "", "has no {id}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			if tc.code >= 0 && code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			if !strings.Contains(stdout, tc.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tc.stdout, stdout)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tc.stderr, stderr)
			}
		})
	}
}

func TestDeadBootstrapFailsWithinTimeout(t *testing.T) {
	start := time.Now()
	code, _, stderr := runCLI(t, "wait-ready", "--bootstrap", deadAddr(t), "--node-id", "1", "--timeout", "2s")
	took := time.Since(start)
	if code != exitFailed || took > 4*time.Second {
		t.Fatalf("exit %d after %s, want 1 within about 2s; stderr %s", code, took, stderr)
	}
}

func TestRehearseJSON(t *testing.T) {
	code, stdout, _ := runCLI(t, "rehearse", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		OK    bool   `json:"ok"`
		Note  string `json:"note"`
		Probe struct {
			Ports []struct {
				Port int   `json:"port"`
				Want int32 `json:"expectedBroker"`
				Got  int32 `json:"answeringBroker"`
			} `json:"ports"`
		} `json:"probe"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	if !got.OK || !strings.Contains(got.Note, "not Apache Kafka") || len(got.Probe.Ports) != 4 {
		t.Fatalf("unexpected JSON: %+v", got)
	}
	for _, p := range got.Probe.Ports[1:] {
		if p.Got != p.Want {
			t.Errorf("port %d answered by %d, want %d", p.Port, p.Got, p.Want)
		}
	}
}

// kplc runs on the brokers and the bastion: it must stay a small static
// binary without the Pulumi SDK (and its gRPC tree) linked in.
func TestNoPulumiDependency(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH")
	}
	out, err := exec.Command(goBin, "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "pulumi") {
			t.Errorf("cmd/kplc depends on %s", pkg)
		}
	}
}

// TestHelpAndUsageErrors: every subcommand prints its help once, to stdout, and exits 0 on
// -h, -help and --help; a bad flag is a usage error: exit 2, the problem and where to find the
// flags on stderr, nothing on stdout.
func TestHelpAndUsageErrors(t *testing.T) {
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) < 9 {
		t.Fatalf("only %d subcommands: %v", len(names), names)
	}
	for _, name := range names {
		for _, help := range []string{"-h", "-help", "--help"} {
			t.Run(name+" "+help, func(t *testing.T) {
				code, stdout, stderr := runCLI(t, name, help)
				if code != exitOK {
					t.Errorf("exit code %d, want %d", code, exitOK)
				}
				if first := "kplc " + name + ": " + summaries[name] + "\n\n"; summaries[name] == "" || !strings.HasPrefix(stdout, first) {
					t.Errorf("the help does not start with its one-line description %q:\n%s", first, stdout)
				}
				if n := strings.Count(stdout, "usage: kplc "+name); n != 1 {
					t.Errorf("stdout holds the usage %d times, want once:\n%s", n, stdout)
				}
				if name != "version" && !strings.Contains(stdout, "-format") {
					t.Errorf("stdout lacks the flags:\n%s", stdout)
				}
				if stderr != "" {
					t.Errorf("stderr not empty after %s:\n%s", help, stderr)
				}
			})
		}
		t.Run(name+" bad flag", func(t *testing.T) {
			code, stdout, stderr := runCLI(t, name, "--no-such-flag")
			if code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			if stdout != "" {
				t.Errorf("stdout not empty on a usage error:\n%s", stdout)
			}
			for _, want := range []string{"flag provided but not defined: -no-such-flag", "kplc " + name + " -h"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr does not contain %q:\n%s", want, stderr)
				}
			}
		})
	}
}

// TestGateJSON: the restart gates print their verdict as JSON with --format json, also when
// they refuse (kfake, an embedded Kafka-protocol implementation, does not answer DescribeQuorum,
// so the controller checks cannot pass against it).
func TestGateJSON(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(3))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	live := strings.Join(c.ListenAddrs(), ",")
	for _, args := range [][]string{
		{"safe-to-restart", "--bootstrap", live, "--node-id", "1", "--format", "json", "--timeout", "5s"},
		{"wait-ready", "--bootstrap", live, "--node-id", "1", "--format", "json", "--timeout", "2s"},
		{"cluster-ready", "--bootstrap", live, "--brokers", "3", "--format", "json", "--timeout", "2s"},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, stdout, stderr := runCLI(t, args...)
			if code != exitFailed {
				t.Fatalf("exit %d, want %d (kfake has no DescribeQuorum); stderr: %s", code, exitFailed, stderr)
			}
			var verdict struct {
				OK       bool     `json:"ok"`
				Problems []string `json:"problems"`
			}
			if err := json.Unmarshal([]byte(stdout), &verdict); err != nil {
				t.Fatalf("stdout is not a JSON verdict: %v\n%s", err, stdout)
			}
			if verdict.OK || !strings.Contains(strings.Join(verdict.Problems, "\n"), "DescribeQuorum") {
				t.Errorf("verdict %+v, want not ok naming DescribeQuorum", verdict)
			}
		})
	}
}
