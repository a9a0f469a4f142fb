package scripts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigureBrokerFirstStart: --mode first-start (the unchained stage-1 step) starts a broker
// that has never run without any gate, and changes nothing at all on a broker that has run in
// any way, so the unchained step can never restart or reconfigure a broker that may hold data.
func TestConfigureBrokerFirstStart(t *testing.T) {
	firstStart := append(configureArgs(testClusterID), "--mode", "first-start")
	cases := []struct {
		name string
		host func(t *testing.T) *host
		// started: the broker was started with the input config; otherwise nothing changed and
		// the output names why.
		started bool
		why     string
	}{
		{name: "never ran", host: func(t *testing.T) *host { return installedBroker(t) }, started: true},
		{name: "running broker", host: func(t *testing.T) *host { return runningBroker(t, 1) }, why: "kafka is active"},
		{name: "stopped broker with a config", host: func(t *testing.T) *host {
			h := runningBroker(t, 1)
			if err := os.Remove(filepath.Join(h.state, "systemd/kafka.active")); err != nil {
				t.Fatal(err)
			}
			return h
		}, why: "/etc/kafka/server.properties exists"},
		{name: "formatted storage, no config", host: func(t *testing.T) *host {
			h := runningBroker(t, 1)
			if err := os.Remove(filepath.Join(h.state, "systemd/kafka.active")); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(h.rootPath("/etc/kafka/server.properties")); err != nil {
				t.Fatal(err)
			}
			return h
		}, why: "its storage is formatted"},
		{name: "cluster formed marker", host: func(t *testing.T) *host {
			h := installedBroker(t)
			h.writeFile(h.rootPath("/etc/kafka/cluster-formed"), "1\n")
			return h
		}, why: "/etc/kafka/cluster-formed exists"},
		{name: "ready pending", host: func(t *testing.T) *host {
			h := installedBroker(t)
			h.writeFile(h.rootPath("/etc/kafka/ready-pending"), "node 1\n")
			return h
		}, why: "/etc/kafka/ready-pending exists"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := c.host(t)
			var data map[string]fileState
			if !c.started {
				data = writeSentinels(h)
			}
			before := h.snapshot("/etc/kafka/server.properties", "/var/lib/kafka/data/meta.properties", "/etc/kafka/cluster-formed")
			res := h.mustRun(ConfigureBrokerName, brokerConfig(1, "num.network.threads=8"), firstStart...)
			calls := h.calls()
			if c.started {
				if got := h.readFile(h.rootPath("/etc/kafka/server.properties")); got != brokerConfig(1, "num.network.threads=8") {
					t.Errorf("server.properties = %q, want the input", got)
				}
				if !contains(calls, "systemctl enable --now kafka") {
					t.Errorf("calls %q: Kafka was not started", calls)
				}
				for _, call := range calls {
					if strings.Contains(call, "safe-to-restart") || strings.Contains(call, "wait-ready") {
						t.Errorf("first start ran %q: a broker that never ran needs no gate and waits for no quorum", call)
					}
				}
				return
			}
			if want := []string{"systemctl is-active kafka"}; strings.Join(calls, "\n") != strings.Join(want, "\n") {
				t.Errorf("calls on a broker that has run:\n%s\nwant only %q (nothing changed, nothing restarted)", strings.Join(calls, "\n"), want)
			}
			h.assertUnchanged("config and markers", before)
			h.assertUnchanged("data dir", data)
			if !strings.Contains(res.stderr, "not a first start ("+c.why+")") {
				t.Errorf("output does not say why (want %q):\n%s", c.why, res.stderr)
			}
		})
	}
}

// TestConfigureBrokerRefusesUnknownMode: --mode takes roll or first-start only.
func TestConfigureBrokerRefusesUnknownMode(t *testing.T) {
	t.Parallel()
	h := installedBroker(t)
	res := h.run(ConfigureBrokerName, brokerConfig(1), append(configureArgs(testClusterID), "--mode", "parallel")...)
	if res.code != 2 || !strings.Contains(res.stderr, "--mode 'parallel': expected roll, first-start or wave") {
		t.Errorf("exit %d, stderr %q; want 2 naming the mode", res.code, res.stderr)
	}
	if got := h.calls(); len(got) != 0 {
		t.Errorf("calls %q, want none", got)
	}
}

// TestInstallBrokerHostOnly: --host-only yes prepares Java, the kafka user and the data disk
// and fetches nothing from the bastion; the full run afterwards does not repeat that work.
func TestInstallBrokerHostOnly(t *testing.T) {
	t.Parallel()
	h := newHost(t)
	res := h.mustRun(InstallBrokerName, "", "--host-only", "yes", "--data-device", "/dev/vdb")
	calls := h.calls()
	for _, want := range []string{"dnf install -y java-17-openjdk-headless", "useradd --system --no-create-home --home-dir /var/lib/kafka --shell /sbin/nologin kafka",
		"mkfs.xfs -q -L kafka-data -- /dev/vdb", "mount -- <root>/var/lib/kafka"} {
		if !contains(calls, want) {
			t.Errorf("host-only calls lack %q:\n%s", want, strings.Join(calls, "\n"))
		}
	}
	for _, c := range calls {
		if strings.HasPrefix(c, "curl") {
			t.Errorf("host-only fetched from the bastion: %q", c)
		}
	}
	if !strings.Contains(res.stderr, "host preparation done") {
		t.Errorf("stderr lacks the done line:\n%s", res.stderr)
	}
	sum, _ := h.addKafkaTarball("2.13", "3.7.1")
	res = h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	calls = h.calls()
	for _, c := range calls {
		if strings.HasPrefix(c, "dnf ") || strings.HasPrefix(c, "mkfs") || strings.HasPrefix(c, "useradd") {
			t.Errorf("the full install after --host-only repeated %q", c)
		}
	}
	if !strings.Contains(res.stderr, "host already prepared") {
		t.Errorf("stderr lacks the host line:\n%s", res.stderr)
	}

	bad := h.run(InstallBrokerName, "", "--host-only", "no", "--data-device", "/dev/vdb")
	if bad.code != 2 || !strings.Contains(bad.stderr, "--host-only 'no': expected yes") {
		t.Errorf("--host-only no: exit %d, stderr %q; want 2 naming the value", bad.code, bad.stderr)
	}
}

// TestConfigureBrokerProgress (issue 17 item 3): a gated restart says where the roll is
// ("node 1 of 48: gate passed, restarting", "node 1 of 48: ready after N s"), and kplc's status
// lines while it waits reach the step's stderr (which pulumi up streams) instead of being held
// back until the wait ends; the verdict on kplc's stdout is still quoted.
func TestConfigureBrokerProgress(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	h.setState("kplc/wait-ready.err", "kplc wait-ready: broker 1 ready: still waiting (10s of 10m0s): broker 1 is not registered\n")
	h.setState("kplc/safe-to-restart.err", "kplc safe-to-restart: safe to restart broker 1: still waiting (10s of 1m0s): t-0 under-replicated\n")
	res := h.mustRun(ConfigureBrokerName, brokerConfig(1, "num.io.threads=16"), append(configureArgs(testClusterID), "--brokers", "48")...)
	want := []string{
		"kplc safe-to-restart: safe to restart broker 1: still waiting (10s of 1m0s)",
		"node 1 of 48: gate passed, restarting",
		"kplc wait-ready: broker 1 ready: still waiting (10s of 10m0s)",
		"node 1 of 48: ready after ",
	}
	at := 0
	for _, w := range want {
		i := strings.Index(res.stderr[at:], w)
		if i < 0 {
			t.Fatalf("stderr lacks %q after position %d (in this order: %q):\n%s", w, at, want, res.stderr)
		}
		at += i + len(w)
	}
	bad := h.run(ConfigureBrokerName, brokerConfig(1), append(configureArgs(testClusterID), "--brokers", "0")...)
	if bad.code != 2 || !strings.Contains(bad.stderr, "--brokers '0': expected a positive integer") {
		t.Errorf("--brokers 0: exit %d, stderr %q; want 2 naming the value", bad.code, bad.stderr)
	}
}

// TestConfigureBrokerWave (issue 17 item 2): --mode wave restarts the broker only when Kafka
// runs, something changed and the wave's gate (kplc safe-to-restart --wave) passes; in every
// other case, a refused wave or no quorum included, it changes nothing (never bypasses a gate),
// leaving the config to the chained one-at-a-time roll.
func TestConfigureBrokerWave(t *testing.T) {
	gate := "kplc safe-to-restart --bootstrap " + testBootstrap + " --node-id 1 --wave 1,4 --wait 60s --timeout 120s"
	cases := []struct {
		name      string
		setup     func(h *host)
		config    string
		restarted bool
		gated     bool
		says      string
	}{
		{name: "changed, wave passes", config: brokerConfig(1, "num.io.threads=16"), restarted: true, gated: true, says: "node 1 of 6: wave 1,4 gate passed, restarting"},
		{name: "changed, wave refused: fall back", config: brokerConfig(1, "num.io.threads=16"), gated: true,
			setup: func(h *host) {
				h.setState("kplc/safe-to-restart.exit", "1")
				h.setState("kplc/safe-to-restart.msg", "safe to restart broker 1 with its wave 1,4: NO\n  - wave [1,4] refused: 1 partition(s) have two or more replicas in it")
			},
			says: "wave 1,4 refused, falling back to one broker at a time (kplc exit 1): left to the one-at-a-time roll that follows; nothing changed here. kplc says: safe to restart broker 1 with its wave 1,4: NO"},
		{name: "unchanged", config: brokerConfig(1), says: "unchanged; nothing to do in wave 1,4"},
		{name: "kafka stopped", config: brokerConfig(1, "num.io.threads=16"), says: "kafka is inactive: left to the one-at-a-time roll",
			setup: func(h *host) {
				if err := os.Remove(filepath.Join(h.state, "systemd/kafka.active")); err != nil {
					h.t.Fatal(err)
				}
			}},
		{name: "no quorum: fall back, no bypass", config: brokerConfig(1, "num.io.threads=16"), gated: true, says: "wave 1,4 refused, falling back to one broker at a time (kplc exit 3)",
			setup: func(h *host) {
				if err := os.Remove(h.rootPath("/etc/kafka/cluster-formed")); err != nil {
					h.t.Fatal(err)
				}
				h.setState("kplc/safe-to-restart.exit", "3")
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := runningBroker(t, 1)
			h.writeFile(h.rootPath("/etc/kafka/cluster-formed"), "node.id=1\n")
			if c.setup != nil {
				c.setup(h)
			}
			before := h.snapshot("/etc/kafka/server.properties")
			res := h.mustRun(ConfigureBrokerName, c.config, append(configureArgs(testClusterID), "--brokers", "6", "--mode", "wave", "--wave", "1,4")...)
			calls := h.calls()
			if got := contains(calls, gate); got != c.gated {
				t.Errorf("asked the wave's gate %v, want %v; calls:\n%s", got, c.gated, strings.Join(calls, "\n"))
			}
			if got := contains(calls, "systemctl restart kafka"); got != c.restarted {
				t.Errorf("restarted %v, want %v; calls:\n%s", got, c.restarted, strings.Join(calls, "\n"))
			}
			if c.restarted {
				if got := h.readFile(h.rootPath("/etc/kafka/server.properties")); got != c.config {
					t.Errorf("server.properties not the new config")
				}
			} else {
				h.assertUnchanged("server.properties", before)
			}
			if !strings.Contains(res.stderr, c.says) {
				t.Errorf("stderr lacks %q:\n%s", c.says, res.stderr)
			}
		})
	}
	h := installedBroker(t)
	bad := h.run(ConfigureBrokerName, brokerConfig(1), append(configureArgs(testClusterID), "--mode", "wave", "--wave", "4,7")...)
	if bad.code != 2 || !strings.Contains(bad.stderr, "--wave '4,7': expected the node ids of this broker's wave, this one (1) included") {
		t.Errorf("--wave without the node: exit %d, stderr %q; want 2", bad.code, bad.stderr)
	}
}
