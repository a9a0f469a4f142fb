package cmdsim

import (
	"strings"
	"testing"
	"time"

	"github.com/kafka-plc/kafka-plc/scripts"
)

const clusterID = "MkU3OEVBNTcwNTJENDM2Qk"

// runningBroker makes the broker host look like one where Kafka runs with oldConf (the layout of
// scripts/harness_test.go runningBroker, written directly).
func runningBroker(t *testing.T, h *Hosts, oldConf string) *Sandbox {
	t.Helper()
	s := h.Host("broker-1")
	for p, body := range map[string]string{
		"/etc/kafka/server.properties":            oldConf,
		"/var/lib/kafka/data/meta.properties":     "cluster.id=" + clusterID + "\nnode.id=1\n",
		"/opt/kafka/current/bin/kafka-storage.sh": "#!/bin/sh\nexit 0\n",
	} {
		if err := s.WriteFile(p, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetState("systemd/kafka.active", ""); err != nil {
		t.Fatal(err)
	}
	return s
}

func conf(extra string) string {
	return "process.roles=broker,controller\nnode.id=1\nlog.dirs=/var/lib/kafka/data\n" + extra
}

// The real configure-broker.sh, as the program sends it (scripts.Command under `sudo -n`, the
// properties on stdin, components/brokerset.go planSteps), through the bastion to the broker:
// the stubs, their state and KPLC_ROOT are in place, and the kplc gate verdict is scripted with
// SetState exactly as the scripts tests do.
func TestRealConfigureBrokerThroughBastionWithGate(t *testing.T) {
	cmd, err := scripts.Command(scripts.ConfigureBrokerName, 20*time.Minute,
		"--node-id", "1", "--cluster-id", clusterID, "--bootstrap", "10.0.1.10:9092", "--ready-timeout", "60")
	if err != nil {
		t.Fatal(err)
	}
	cmd = "sudo -n " + cmd
	newConf := conf("num.partitions=6\n")
	in := props("connection", viaBastion("admin"), "create", cmd, "stdin", newConf)

	h, p := newTestHosts(t)
	broker := runningBroker(t, h, conf(""))
	if err := broker.SetState("kplc/safe-to-restart.exit", "1"); err != nil {
		t.Fatal(err)
	}
	_, err = create(t, p, RemoteCommandType, "configure-1", in, false)
	if err == nil || !strings.HasPrefix(err.Error(), "Process exited with status 1: running \"sudo -n timeout") ||
		!strings.Contains(err.Error(), "not safe to restart") {
		t.Fatalf("refused gate: error = %v", err)
	}
	if got, _ := broker.ReadFile("/etc/kafka/server.properties"); got != conf("") {
		t.Errorf("server.properties changed although the gate refused: %q", got)
	}

	if err := broker.SetState("kplc/safe-to-restart.exit", "0"); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, p, RemoteCommandType, "configure-1", in)
	if got, _ := broker.ReadFile("/etc/kafka/server.properties"); got != newConf {
		t.Errorf("server.properties = %q, want the new config", got)
	}
	calls, err := broker.Calls()
	if err != nil {
		t.Fatal(err)
	}
	log := strings.Join(calls, "\n")
	for _, want := range []string{"sudo -n timeout", "kplc safe-to-restart --bootstrap 10.0.1.10:9092 --node-id 1", "systemctl restart kafka", "kplc wait-ready"} {
		if !strings.Contains(log, want) {
			t.Errorf("calls log lacks %q:\n%s", want, log)
		}
	}
	if bastion, _ := h.Host("bastion").Calls(); len(bastion) != 0 {
		t.Errorf("the bastion (proxy) ran %v", bastion)
	}
}

// MapHostPaths: the program's absolute paths reach the sandbox (components/brokerset.go
// clusterReady runs /usr/local/bin/kplc; staging.go installs to /opt/kafka-plc/dist/kplc).
func TestProgramHostPathsLandInSandbox(t *testing.T) {
	h, p := newTestHosts(t)
	s := h.Host("bastion")
	if err := s.SetState("kplc/cluster-ready.msg", `{"ready":true}`); err != nil {
		t.Fatal(err)
	}
	resp := mustCreate(t, p, RemoteCommandType, "ready", props("connection", direct("admin"),
		"create", "mkdir -p stage && echo bin > stage/kplc && sudo -n timeout 120 install -D -m 0755 \"$HOME\"/'stage/kplc' '/opt/kafka-plc/dist/kplc' && "+
			"timeout --kill-after=30 60 /usr/local/bin/kplc cluster-ready --brokers 3"))
	if got := outStr(t, resp.Properties, "stdout"); got != `{"ready":true}` {
		t.Errorf("stdout = %q, want the kplc stub's scripted message", got)
	}
	if got, err := s.ReadFile("/opt/kafka-plc/dist/kplc"); err != nil || got != "bin\n" {
		t.Errorf("/opt/kafka-plc/dist/kplc = %q, %v", got, err)
	}
}
