package scripts

import (
	"strconv"
	"strings"
	"testing"
)

// Gates that can recover (issue 12 item 10), end to end in the sandbox: three brokers run the
// real configure-broker.sh in the chain order the Pulumi program uses, with the kplc stub
// answering as `kplc safe-to-restart` does when nothing answers or the quorum has no leader
// (exit 3, cmd/kplc exitNoQuorum).

// gateCalls reduces calls to "kplc SUB" and "systemctl SUB".
func gateCalls(calls []string) []string {
	var out []string
	for _, c := range calls {
		if f := strings.Fields(c); len(f) > 1 && (f[0] == "kplc" || f[0] == "systemctl") {
			out = append(out, f[0]+" "+f[1])
		}
	}
	return out
}

func nodeArgs(n int) []string {
	return []string{"--node-id", strconv.Itoa(n), "--cluster-id", testClusterID, "--bootstrap", testBootstrap}
}

// runningBrokers returns three started brokers (their first configure run) and clears their logs.
func runningBrokers(t *testing.T) []*host {
	t.Helper()
	var hs []*host
	for n := 1; n <= 3; n++ {
		hs = append(hs, runningBroker(t, n))
	}
	return hs
}

// A first deploy whose brokers never formed a quorum (here: a wrong port) is fixed by a new
// server.properties that every gate refuses. Before the cluster has formed, configure applies
// it and restarts without the gate and without waiting, broker after broker; the next run,
// with the quorum formed, confirms each broker and records that the cluster has formed.
func TestNeverFormedClusterCanBeFixed(t *testing.T) {
	t.Parallel()
	hs := runningBrokers(t)
	for n, h := range hs {
		h.setState("kplc/safe-to-restart.exit", "3")
		h.setState("kplc/safe-to-restart.msg", "safe to restart broker "+strconv.Itoa(n+1)+": NO\n  - no bootstrap address answers: connection refused\n")
		h.setState("kplc/wait-ready.exit", "1") // nothing can be ready without a quorum
	}
	for n, h := range hs {
		r := h.run(ConfigureBrokerName, brokerConfig(n+1, "fixed.port=true"), nodeArgs(n+1)...)
		if r.code != 0 {
			t.Fatalf("broker %d: exit %d, want 0 (apply without the gate)\nstderr:\n%s", n+1, r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "WITHOUT the restart gate: the cluster has never formed") {
			t.Errorf("broker %d: stderr does not say why the gate was skipped:\n%s", n+1, r.stderr)
		}
		assertCalls(t, "broker "+strconv.Itoa(n+1), gateCalls(h.calls()), []string{"systemctl is-active", "kplc safe-to-restart", "systemctl restart"})
		if got := h.readFile(h.rootPath("/etc/kafka/server.properties")); !strings.Contains(got, "fixed.port=true") {
			t.Errorf("broker %d: the fixed config is not in place", n+1)
		}
		h.assertReadyPending("broker "+strconv.Itoa(n+1), "/etc/kafka/ready-pending", n+1, "kafka")
		h.assertNoFile("broker "+strconv.Itoa(n+1), "/etc/kafka/cluster-formed")
	}

	// The quorum forms. A later change: the gate passes, the broker restarts, and the cluster
	// is recorded as formed.
	for n, h := range hs {
		h.clearState("kplc/safe-to-restart.exit", "kplc/safe-to-restart.msg", "kplc/wait-ready.exit")
		h.mustRun(ConfigureBrokerName, brokerConfig(n+1, "fixed.port=true", "num.io.threads=16"), nodeArgs(n+1)...)
		assertCalls(t, "formed", gateCalls(h.calls()), []string{"systemctl is-active", "kplc safe-to-restart", "systemctl restart", "kplc wait-ready"})
		if got := h.readFile(h.rootPath("/etc/kafka/cluster-formed")); !strings.Contains(got, "node.id="+strconv.Itoa(n+1)+"\n") {
			t.Errorf("broker %d: cluster-formed = %q", n+1, got)
		}
		h.assertNoFile("formed", "/etc/kafka/ready-pending")
	}

	// Once formed, a gate refused for want of a quorum stops the update with the manual procedure.
	h := hs[0]
	h.setState("kplc/safe-to-restart.exit", "3")
	h.setState("kplc/safe-to-restart.msg", "safe to restart broker 1: NO\n  - the KRaft quorum has no leader (voters [1,2,3])\n")
	before := h.snapshot("/etc/kafka/server.properties", "/etc/kafka/cluster-formed")
	r := h.run(ConfigureBrokerName, brokerConfig(1, "fixed.port=true", "num.io.threads=32"), nodeArgs(1)...)
	for _, want := range []string{"the KRaft quorum has no leader", "Nothing was changed", "lost quorum, not a first start", "To recover by hand", "systemctl start kafka", "kafka-metadata-quorum.sh"} {
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("formed cluster, no quorum: exit %d, want 1 with %q\nstderr:\n%s", r.code, want, r.stderr)
		}
	}
	assertCalls(t, "formed, refused", gateCalls(h.calls()), []string{"systemctl is-active", "kplc safe-to-restart"})
	h.assertUnchanged("formed, refused", before)
}

// All brokers are stopped and broker 1 carries ready-pending. Before the cluster has formed,
// broker 1 starts without waiting for a quorum that needs brokers 2 and 3 (later in the chain),
// and the chain goes on to start them. After it has formed, broker 1 waits, and a failed wait
// explains that the other brokers must run.
func TestAllStoppedWithReadyPending(t *testing.T) {
	t.Parallel()
	t.Run("never formed: the chain starts every broker", func(t *testing.T) {
		t.Parallel()
		hs := runningBrokers(t)
		for n, h := range hs {
			h.setState("systemd/kafka.state", "failed")
			h.setState("kplc/wait-ready.exit", "1")
			if n == 0 {
				h.writeFile(h.rootPath("/etc/kafka/ready-pending"), "node.id=1\nservice=kafka\nsince=2024-01-01T00:00:00Z\n")
			}
		}
		for n, h := range hs {
			r := h.run(ConfigureBrokerName, brokerConfig(n+1), nodeArgs(n+1)...)
			if r.code != 0 {
				t.Fatalf("broker %d: exit %d, want 0\nstderr:\n%s", n+1, r.code, r.stderr)
			}
			assertCalls(t, "broker "+strconv.Itoa(n+1), gateCalls(h.calls()), []string{"systemctl is-active", "systemctl enable"})
		}
		if !strings.Contains(hs[0].readFile(hs[0].rootPath("/etc/kafka/ready-pending")), "node.id=1") {
			t.Errorf("ready-pending of broker 1 was dropped; a later run must still confirm it")
		}
	})
	t.Run("formed: waits, and a failed wait names the way out", func(t *testing.T) {
		t.Parallel()
		h := runningBroker(t, 1)
		h.writeFile(h.rootPath("/etc/kafka/cluster-formed"), "node.id=1\n")
		h.writeFile(h.rootPath("/etc/kafka/ready-pending"), "node.id=1\nservice=kafka\nsince=2024-01-01T00:00:00Z\n")
		h.setState("systemd/kafka.state", "inactive")
		h.setState("kplc/wait-ready.exit", "1")
		r := h.run(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
		for _, want := range []string{"did not become ready after being started", "If the other brokers are stopped too", "systemctl start kafka"} {
			if r.code != 1 || !strings.Contains(r.stderr, want) {
				t.Errorf("exit %d, want 1 with %q\nstderr:\n%s", r.code, want, r.stderr)
			}
		}
		assertCalls(t, "formed", gateCalls(h.calls()), []string{"systemctl is-active", "systemctl enable", "kplc wait-ready"})
	})
}

// The restart gate asks kplc to poll (bounded) instead of judging one moment.
func TestGateAsksKplcToPoll(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	h.mustRun(ConfigureBrokerName, brokerConfig(1, "num.io.threads=16"), configureArgs(testClusterID)...)
	want := "kplc safe-to-restart --bootstrap " + testBootstrap + " --node-id 1 --wait 60s --timeout 120s"
	if calls := h.calls(); !contains(calls, want) {
		t.Errorf("no %q in:\n%s", want, strings.Join(calls, "\n"))
	}
}
