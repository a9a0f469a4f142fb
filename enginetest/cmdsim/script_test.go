package cmdsim

import (
	"strings"
	"testing"
	"time"

	"github.com/kafka-plc/kafka-plc/scripts"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/asset"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
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

// uploadConfigure puts configure-broker.sh on the broker as the program does
// (components/hostscripts.go): a CopyToRemote of the bundle as a text asset into the login user's
// directory through the bastion, then installed under sudo into /opt/kafka-plc/scripts (install
// to a temp name, rename). It returns the CopyToRemote's inputs.
func uploadConfigure(t *testing.T, p plugin.Provider, text string) property.Map {
	t.Helper()
	a, err := asset.FromText(text)
	if err != nil {
		t.Fatal(err)
	}
	in := props("connection", viaBastion("admin"), "source", property.New(a), "remotePath", "stage/configure-broker.sh")
	mustCreate(t, p, CopyToRemoteType, "upload-configure-broker-1", in)
	mustCreate(t, p, RemoteCommandType, "scripts-1", props("connection", viaBastion("admin"), "create",
		"sudo -n timeout 60 install -D -m 0755 \"$HOME\"/'stage/configure-broker.sh' '/opt/kafka-plc/scripts/configure-broker.sh.new' && "+
			"sudo -n timeout 60 mv -f '/opt/kafka-plc/scripts/configure-broker.sh.new' '/opt/kafka-plc/scripts/configure-broker.sh'"))
	return in
}

// The real configure-broker.sh, as the program sends it (uploaded once, then run by path with
// scripts.RunCommand under `sudo -n`, the properties on stdin, components/brokerset.go
// planSteps), through the bastion to the broker: the stubs, their state and KPLC_ROOT are in
// place, and the kplc gate verdict is scripted with SetState exactly as the scripts tests do. A
// refused gate fails with v1.2.1's `running "<command>"` where the command is one short line,
// then the script's message (issue 12 item 13).
func TestRealConfigureBrokerUploadedAndRunByPathWithGate(t *testing.T) {
	cmd, err := scripts.RunCommand(scripts.ConfigureBrokerName, 20*time.Minute,
		"--node-id", "1", "--cluster-id", clusterID, "--bootstrap", "10.0.1.10:9092", "--ready-timeout", "60")
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := scripts.Bundle(scripts.ConfigureBrokerName)
	if err != nil {
		t.Fatal(err)
	}
	cmd = "sudo -n " + cmd
	newConf := conf("num.partitions=6\n")
	in := props("connection", viaBastion("admin"), "create", cmd, "stdin", newConf)

	h, p := newTestHosts(t)
	broker := runningBroker(t, h, conf(""))
	uploadConfigure(t, p, bundle)
	if got, err := broker.ReadFile("/opt/kafka-plc/scripts/configure-broker.sh"); err != nil || got != bundle {
		t.Fatalf("installed script: %v (%d bytes, want the %d-byte bundle)", err, len(got), len(bundle))
	}
	if err := broker.SetState("kplc/safe-to-restart.exit", "1"); err != nil {
		t.Fatal(err)
	}
	_, err = create(t, p, RemoteCommandType, "configure-1", in, false)
	head, rest, _ := strings.Cut(errText(err), "\n")
	if err == nil || !strings.HasPrefix(head, "Process exited with status 1: running \"sudo -n timeout") || len(head) > 1024 ||
		!strings.Contains(rest, "not safe to restart") {
		t.Fatalf("refused gate: first line %d bytes, error = %v", len(head), err)
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

// The runner refuses an installed script whose digest is not the one in the command (changed on
// the host, or never installed): nothing of the script runs.
func TestRunnerRefusesAnotherScript(t *testing.T) {
	cmd, err := scripts.RunCommand(scripts.ConfigureBrokerName, time.Minute, "--help")
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := scripts.Bundle(scripts.ConfigureBrokerName)
	if err != nil {
		t.Fatal(err)
	}
	h, p := newTestHosts(t)
	broker := runningBroker(t, h, conf(""))
	in := props("connection", viaBastion("admin"), "create", "sudo -n "+cmd)
	if _, err := create(t, p, RemoteCommandType, "never-installed", in, false); err == nil || !strings.Contains(errText(err), "has sha256 none, want ") {
		t.Errorf("no installed script: %v", err)
	}
	uploadConfigure(t, p, bundle+"\necho tampered\n")
	_, err = create(t, p, RemoteCommandType, "tampered", in, false)
	if err == nil || !strings.Contains(errText(err), "/opt/kafka-plc/scripts/configure-broker.sh has sha256 ") || strings.Contains(errText(err), "usage:") {
		t.Errorf("a changed script: %v", err)
	}
	calls, _ := broker.Calls()
	for _, c := range calls {
		if !strings.HasPrefix(c, "sudo ") { // the install, the rename and the runs themselves
			t.Errorf("the refused script ran %q", c)
		}
	}
}

// CopyToRemote of a text asset (remote/copyController.go L34-62, Update L137-154): an update
// with the same text copies nothing, even after the file changed on the host; new text copies.
func TestCopyTextAssetUpdate_copyControllerL137to154(t *testing.T) {
	h, p := newTestHosts(t)
	broker := h.Host("broker-1")
	in := uploadConfigure(t, p, "v1\n")
	if err := broker.WriteFile("/home/admin/stage/configure-broker.sh", "changed on the host\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := update(t, p, CopyToRemoteType, "upload-configure-broker-1", in, in, in, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := broker.ReadFile("/home/admin/stage/configure-broker.sh"); got != "changed on the host\n" {
		t.Errorf("an update with the same text copied: %q", got)
	}
	a, _ := asset.FromText("v2\n")
	in2 := in.Set("source", property.New(a))
	if _, err := update(t, p, CopyToRemoteType, "upload-configure-broker-1", in, in, in2, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := broker.ReadFile("/home/admin/stage/configure-broker.sh"); got != "v2\n" {
		t.Errorf("an update with new text: %q, want v2", got)
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
