package scripts

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kafka-plc/kafka-plc/propsedit"
)

// These tests run the real expose-existing-broker.sh with the real `kplc expose` (built from
// cmd/kplc) doing the edit, and the usual stubs for the gates (kplc safe-to-restart,
// kplc wait-ready) and systemctl.

const (
	exposeScript   = "expose-existing-broker.sh"
	existingConf   = "/opt/kafka/config/kraft/server.properties"
	existingBackup = existingConf + ".kafka-plc.orig"
	existingReady  = existingConf + ".kafka-plc.ready-pending"
	exposeHost1    = "b1.unique_name.alicloud.plc.tidbcloud.com"
)

// existingBroker1 is a running combined-mode broker's file, as an operator left it.
const existingBroker1 = "# payments cluster, node 1 (managed by hand)\n" +
	"process.roles=broker,controller\n" +
	"node.id=1\n" +
	"controller.quorum.voters=1@10.0.0.10:9093,2@10.0.64.10:9093,3@10.0.128.10:9093\n" +
	"listeners=PLAINTEXT://:9092,CONTROLLER://:9093\n" +
	"inter.broker.listener.name=PLAINTEXT\n" +
	"advertised.listeners=PLAINTEXT://10.0.0.10:9092\n" +
	"controller.listener.names=CONTROLLER\n" +
	"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n" +
	"\n" +
	"log.dirs=/data/kafka-logs\n"

// kplcWrapper stands in for kplc on PATH: `expose` runs the real binary (linked into the stub
// state directory), every
// other subcommand is the stub (recorded, controlled by state files).
const kplcWrapper = `#!/usr/bin/env bash
set -euo pipefail
if [[ "${1:-}" == expose ]]; then
  # shellcheck source=/dev/null
  source "$(dirname -- "$0")/_record.sh"
  exec "${KPLC_STUB_STATE:?}/kplc-real" "$@"
fi
# shellcheck source=/dev/null
source "$(dirname -- "$0")/kplc.stub"
`

// kplcBuild is the one kplc binary the package's tests share: building it is most of their cost.
var kplcBuild struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// TestMain runs the package's tests with more parallelism than the CPU count, unless -parallel
// is given: a script test spends most of its time waiting on child processes (bash, stubs,
// timeout(1), scripted stub delays), not on the CPU, and with GOMAXPROCS parallel tests the
// package took over ten minutes on a loaded two-core machine. It removes the shared kplc build
// after the tests.
func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		_ = flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0)))
	}
	code := m.Run()
	if kplcBuild.dir != "" {
		_ = os.RemoveAll(kplcBuild.dir)
	}
	os.Exit(code)
}

// buildKplc returns the path of the real kplc binary, built once per test run (static, as it is
// shipped to hosts). dir is unused and kept so callers state where a per-test copy would go.
func buildKplc(t *testing.T, _ string) string {
	t.Helper()
	kplcBuild.once.Do(func() {
		root, err := filepath.Abs("..")
		if err != nil {
			kplcBuild.err = err
			return
		}
		kplcBuild.dir, err = os.MkdirTemp("", "kplc-build-")
		if err != nil {
			kplcBuild.err = err
			return
		}
		kplcBuild.bin = filepath.Join(kplcBuild.dir, "kplc")
		cmd := exec.Command("go", "build", "-o", kplcBuild.bin, "./cmd/kplc")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			kplcBuild.err = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if kplcBuild.err != nil {
		t.Fatalf("building cmd/kplc for the real `kplc expose`: %v", kplcBuild.err)
	}
	return kplcBuild.bin
}

// exposeHostFor returns a broker host with the wrapper kplc in front of the stub and the
// real binary at kplcBin.
func exposeHostFor(t *testing.T, kplcBin, conf string) *host {
	t.Helper()
	h := newHost(t)
	stub, err := os.ReadFile(filepath.Join(h.bin, "kplc"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.bin, "kplc.stub"), stub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.bin, "kplc"), []byte(kplcWrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(kplcBin, filepath.Join(h.state, "kplc-real")); err != nil {
		t.Fatal(err)
	}
	h.writeFile(h.rootPath(existingConf), conf)
	h.setState("systemd/kafka.active", "")
	return h
}

// loopbackPort returns a loopback TCP port that was free a moment ago.
func loopbackPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// exposeFlags are the script's flags for node 1 binding 127.0.0.1:port.
func exposeFlags(port int, host string) []string {
	return []string{
		"--file", existingConf, "--service", "kafka", "--node-id", "1",
		"--external-port", strconv.Itoa(port), "--advertised-host", host, "--advertised-port", "9093",
		"--bootstrap", "10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092", "--ready-timeout", "60",
		"--bind-host", "127.0.0.1",
	}
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// subcommands reduces calls to "name sub" ("kplc expose", "systemctl restart", ...), marking
// the dry run.
func subcommands(calls []string) []string {
	var out []string
	for _, c := range calls {
		f := strings.Fields(c)
		if len(f) < 2 {
			out = append(out, c)
			continue
		}
		s := f[0] + " " + f[1]
		if strings.Contains(c, "--dry-run") {
			s += " --dry-run"
		}
		out = append(out, s)
	}
	return out
}

func TestExposeExistingBroker(t *testing.T) {
	kplcBin := buildKplc(t, t.TempDir())

	t.Run("changed: one gate, one write, one restart, one wait, then a re-run is a no-op", func(t *testing.T) {
		port := loopbackPort(t)
		h := exposeHostFor(t, kplcBin, existingBroker1)
		r := h.mustRun(exposeScript, "", exposeFlags(port, exposeHost1)...)
		assertCalls(t, "first run", subcommands(h.calls()), []string{
			"kplc expose --dry-run",
			"kplc safe-to-restart",
			"kplc expose",
			"systemctl restart",
			"kplc wait-ready",
		})
		if got := lastLine(r.stdout); got != `{"nodeId":1,"status":"changed"}` {
			t.Errorf("status line %q", got)
		}
		want, err := propsedit.Edit([]byte(existingBroker1), propsedit.External{
			NodeID: 1, BindHost: "127.0.0.1", Port: port, AdvertisedHost: exposeHost1, AdvertisedPort: 9093,
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := h.readFile(h.rootPath(existingConf)); got != string(want.Output) {
			t.Errorf("edited file:\n%s\nwant:\n%s", got, want.Output)
		}
		if got := h.readFile(h.rootPath(existingBackup)); got != existingBroker1 {
			t.Errorf("backup is not the original:\n%s", got)
		}
		if !strings.Contains(r.stderr, "+advertised.listeners=PLAINTEXT://10.0.0.10:9092,EXTERNAL://"+exposeHost1+":9093") {
			t.Errorf("the log does not show the diff:\n%s", r.stderr)
		}

		// Re-run with the same settings: the file is right, so no gate and no restart; only
		// a look that the service runs.
		before := h.snapshot(existingConf, existingBackup)
		r = h.mustRun(exposeScript, "", exposeFlags(port, exposeHost1)...)
		assertCalls(t, "re-run", subcommands(h.calls()), []string{"kplc expose --dry-run", "systemctl is-active"})
		h.assertUnchanged("re-run", before)
		if got := lastLine(r.stdout); got != `{"nodeId":1,"status":"unchanged"}` {
			t.Errorf("re-run status line %q", got)
		}

		// Stage 2: the advertised name changes; one more gated restart, the backup stays.
		h.mustRun(exposeScript, "", exposeFlags(port, "b1.plc-7x2k9.alicloud.plc.tidbcloud.com")...)
		assertCalls(t, "stage 2", subcommands(h.calls()), []string{
			"kplc expose --dry-run", "kplc safe-to-restart", "kplc expose", "systemctl restart", "kplc wait-ready",
		})
		if got := h.readFile(h.rootPath(existingBackup)); got != existingBroker1 {
			t.Error("stage 2 overwrote the one-time backup")
		}
		if got := h.readFile(h.rootPath(existingConf)); !strings.Contains(got, "EXTERNAL://b1.plc-7x2k9.alicloud.plc.tidbcloud.com:9093") {
			t.Errorf("stage 2 file:\n%s", got)
		}
	})

	t.Run("unchanged: no gate and no restart", func(t *testing.T) {
		port := loopbackPort(t)
		done, err := propsedit.Edit([]byte(existingBroker1), propsedit.External{
			NodeID: 1, BindHost: "127.0.0.1", Port: port, AdvertisedHost: exposeHost1, AdvertisedPort: 9093,
		})
		if err != nil {
			t.Fatal(err)
		}
		h := exposeHostFor(t, kplcBin, string(done.Output))
		before := h.snapshot(existingConf, existingBackup)
		h.mustRun(exposeScript, "", exposeFlags(port, exposeHost1)...)
		assertCalls(t, "unchanged", subcommands(h.calls()), []string{"kplc expose --dry-run", "systemctl is-active"})
		h.assertUnchanged("unchanged", before)
	})

	t.Run("safe-to-restart refuses: nothing written, no restart", func(t *testing.T) {
		h := exposeHostFor(t, kplcBin, existingBroker1)
		h.setState("kplc/safe-to-restart.exit", "1")
		h.setState("kplc/safe-to-restart.msg", "node 2 is offline: restarting node 1 would leave 1 in-sync replica\n")
		before := h.snapshot(existingConf, existingBackup)
		r := h.run(exposeScript, "", exposeFlags(loopbackPort(t), exposeHost1)...)
		if r.code != 1 || !strings.Contains(r.stderr, "not safe to restart") || !strings.Contains(r.stderr, "node 2 is offline") {
			t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		assertCalls(t, "refused gate", subcommands(h.calls()), []string{"kplc expose --dry-run", "kplc safe-to-restart"})
		h.assertUnchanged("refused gate", before)
	})

	t.Run("wait-ready fails: non-zero naming the broker", func(t *testing.T) {
		h := exposeHostFor(t, kplcBin, existingBroker1)
		h.setState("kplc/wait-ready.exit", "1")
		r := h.run(exposeScript, "", exposeFlags(loopbackPort(t), exposeHost1)...)
		if r.code != 1 || !strings.Contains(r.stderr, "node 1 did not become ready") || !strings.Contains(r.stderr, existingBackup) {
			t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		if strings.Contains(r.stdout, `"status"`) {
			t.Errorf("a failed rollout printed a status line: %q", r.stdout)
		}
	})

	t.Run("restart fails: stops the rollout", func(t *testing.T) {
		h := exposeHostFor(t, kplcBin, existingBroker1)
		h.setState("systemd/fail-restart", "")
		r := h.run(exposeScript, "", exposeFlags(loopbackPort(t), exposeHost1)...)
		if r.code != 1 || !strings.Contains(r.stderr, "systemctl restart kafka failed") {
			t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		if n := countPrefix(h.calls(), "kplc wait-ready"); n != 0 {
			t.Errorf("waited for a broker whose restart failed (%d calls)", n)
		}
	})

	// A restart that is not confirmed ready leaves the marker beside the file: re-runs, which
	// find the file already edited, wait for the broker again (no gate, no restart) and fail
	// while it is not ready; once it is, the marker goes and the next re-run only checks that
	// the service is active.
	firstFailures := []struct {
		name      string
		state     string // stub state file that breaks the first run
		wantCalls []string
		wantErr   string
	}{
		{"wait-ready fails", "kplc/wait-ready.exit",
			[]string{"kplc expose --dry-run", "kplc safe-to-restart", "kplc expose", "systemctl restart", "kplc wait-ready"},
			"node 1 did not become ready after the restart"},
		{"restart fails", "systemd/fail-restart",
			[]string{"kplc expose --dry-run", "kplc safe-to-restart", "kplc expose", "systemctl restart"},
			"systemctl restart kafka failed"},
	}
	for _, tc := range firstFailures {
		t.Run("ready pending after "+tc.name+": re-runs wait again, no restart", func(t *testing.T) {
			port := loopbackPort(t)
			h := exposeHostFor(t, kplcBin, existingBroker1)
			h.setState(tc.state, "1")
			r := h.run(exposeScript, "", exposeFlags(port, exposeHost1)...)
			if r.code != 1 || !strings.Contains(r.stderr, tc.wantErr) {
				t.Fatalf("first run: exit %d, want 1 with %q\nstderr:\n%s", r.code, tc.wantErr, r.stderr)
			}
			assertCalls(t, "first run", subcommands(h.calls()), tc.wantCalls)
			h.assertReadyPending("first run", existingReady, 1, "kafka")
			h.clearState(tc.state)

			h.setState("kplc/wait-ready.exit", "1")
			h.setState("kplc/wait-ready.msg", "node 1 is not registered")
			edited := h.snapshot(existingConf, existingBackup)
			r = h.run(exposeScript, "", exposeFlags(port, exposeHost1)...)
			if r.code != 1 {
				t.Fatalf("re-run while not ready: exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
			}
			for _, want := range []string{"node 1 did not become ready since its last restart (kplc exit 1)", "node 1 is not registered",
				"rolling update stops here", existingReady + " stays until the broker is ready"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("re-run while not ready: stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if strings.Contains(r.stdout, `"status"`) {
				t.Errorf("re-run while not ready printed a status line: %q", r.stdout)
			}
			assertCalls(t, "re-run while not ready", subcommands(h.calls()), []string{"kplc expose --dry-run", "systemctl is-active", "kplc wait-ready"})
			h.assertReadyPending("re-run while not ready", existingReady, 1, "kafka")
			h.assertUnchanged("re-run while not ready", edited)

			h.clearState("kplc/wait-ready.exit", "kplc/wait-ready.msg")
			r = h.mustRun(exposeScript, "", exposeFlags(port, exposeHost1)...)
			assertCalls(t, "re-run once ready", subcommands(h.calls()), []string{"kplc expose --dry-run", "systemctl is-active", "kplc wait-ready"})
			if got := lastLine(r.stdout); got != `{"nodeId":1,"status":"unchanged"}` {
				t.Errorf("re-run once ready: status line %q", got)
			}
			h.assertNoFile("re-run once ready", existingReady)
			h.assertUnchanged("re-run once ready", edited)

			h.mustRun(exposeScript, "", exposeFlags(port, exposeHost1)...)
			assertCalls(t, "third re-run", subcommands(h.calls()), []string{"kplc expose --dry-run", "systemctl is-active"})
		})
	}

	// The file is already edited but the service is not running: fail naming the broker, the
	// service and what to do; never start or restart it, never wait on it.
	for _, pending := range []bool{false, true} {
		t.Run("unchanged file, inactive service: exit 1, not started (marker "+strconv.FormatBool(pending)+")", func(t *testing.T) {
			port := loopbackPort(t)
			done, err := propsedit.Edit([]byte(existingBroker1), propsedit.External{
				NodeID: 1, BindHost: "127.0.0.1", Port: port, AdvertisedHost: exposeHost1, AdvertisedPort: 9093,
			})
			if err != nil {
				t.Fatal(err)
			}
			h := exposeHostFor(t, kplcBin, string(done.Output))
			h.clearState("systemd/kafka.active")
			if pending {
				h.writeFile(h.rootPath(existingReady), "node.id=1\nservice=kafka\nsince=2024-05-01T10:00:00Z\n")
			}
			before := h.snapshot(existingConf, existingBackup, existingReady)
			r := h.run(exposeScript, "", exposeFlags(port, exposeHost1)...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
			}
			for _, want := range []string{"node 1: " + existingConf + " already has the EXTERNAL listener, but kafka is inactive",
				"kafka was not started", "systemctl start kafka", "journalctl -u kafka", "re-run the update"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if strings.Contains(r.stdout, `"status"`) {
				t.Errorf("printed a status line for a stopped broker: %q", r.stdout)
			}
			assertCalls(t, "inactive service", subcommands(h.calls()), []string{"kplc expose --dry-run", "systemctl is-active"})
			h.assertUnchanged("inactive service", before)
		})
	}

	refusals := []struct {
		name string
		conf string
		hold bool
		want string
	}{
		{"not a KRaft file", "broker.id=1\nzookeeper.connect=10.0.0.5:2181\nlisteners=PLAINTEXT://:9092\nlog.dirs=/data\n", false, "ZooKeeper"},
		{"EXTERNAL name taken by another protocol", strings.NewReplacer(
			"CONTROLLER://:9093\n", "CONTROLLER://:9093,EXTERNAL://:9094\n",
			"PLAINTEXT:PLAINTEXT\n", "PLAINTEXT:PLAINTEXT,EXTERNAL:SSL\n").Replace(existingBroker1), false, "EXTERNAL"},
		{"port taken on the host", existingBroker1, true, "is already in use on this host"},
	}
	for _, tc := range refusals {
		t.Run("refusal: "+tc.name, func(t *testing.T) {
			h := exposeHostFor(t, kplcBin, tc.conf)
			port := loopbackPort(t)
			if tc.hold {
				ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
				if err != nil {
					t.Fatal(err)
				}
				defer ln.Close()
			}
			before := h.snapshot(existingConf, existingBackup)
			r := h.run(exposeScript, "", exposeFlags(port, exposeHost1)...)
			if r.code != 1 || !strings.Contains(r.stderr, "REFUSING") || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want 1 with REFUSING and %q; stderr:\n%s", r.code, tc.want, r.stderr)
			}
			assertCalls(t, tc.name, subcommands(h.calls()), []string{"kplc expose --dry-run"})
			h.assertUnchanged(tc.name, before)
		})
	}

	t.Run("usage errors exit 2 and run nothing", func(t *testing.T) {
		h := exposeHostFor(t, kplcBin, existingBroker1)
		full := exposeFlags(39092, exposeHost1)
		for i := 0; i < len(full)-2; i += 2 { // every required flag but the optional tail
			if full[i] == "--ready-timeout" {
				continue
			}
			args := append(append([]string{}, full[:i]...), full[i+2:]...)
			r := h.run(exposeScript, "", args...)
			if r.code != 2 || !strings.Contains(r.stderr, full[i]) {
				t.Errorf("without %s: exit %d, stderr:\n%s", full[i], r.code, r.stderr)
			}
		}
		r := h.run(exposeScript, "", append(full, "--node-id", "one")...)
		if r.code != 2 || !strings.Contains(r.stderr, "--node-id 'one'") {
			t.Errorf("bad node id: exit %d, stderr:\n%s", r.code, r.stderr)
		}
		if calls := h.calls(); len(calls) != 0 {
			t.Errorf("usage errors ran commands: %v", calls)
		}
	})
}
