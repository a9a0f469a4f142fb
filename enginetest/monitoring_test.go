package enginetest

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const exporterUnitPath = "/etc/systemd/system/kplc-exporter.service"

// TestMetricsScraperSetting (issue 15) under the real engine: from the first update the bastion
// runs kplc-exporter.service on its private address, and no security-group rule opens the
// exporter's port. Setting metricsScraperCidrs then creates exactly one rule per range, on the
// bastion's group for port 9308 only, with preview and update agreeing, and runs nothing on
// any host. A public range is refused before any provider call, naming the setting.
func TestMetricsScraperSetting(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)

	bastion := tw.Sandbox("kafka-plc-dev-bastion")
	if bastion == nil {
		t.Fatal("no bastion sandbox")
	}
	unit, err := bastion.ReadFile(exporterUnitPath)
	if err != nil {
		t.Fatalf("stage 1 left no exporter unit on the bastion: %v", err)
	}
	host, _ := tw.Instance("kafka-plc-dev-bastion")
	if want := "exporter --listen " + host.PrivateIP + ":9308 --bootstrap "; !strings.Contains(unit, want) {
		t.Errorf("kplc-exporter.service does not serve on the bastion's private address (want %q):\n%s", want, unit)
	}
	if !strings.Contains(unit, " --brokers 3 ") {
		t.Errorf("kplc-exporter.service does not expect the 3 brokers:\n%s", unit)
	}

	tw.Set("kafka-plc:metricsScraperCidrs", []string{"10.0.0.0/16"})
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	b.must("pulumi up with metricsScraperCidrs", up)
	rule := "create alicloud:ecs/securityGroupRule:SecurityGroupRule kafka-plc-dev-sg-bastion-metrics-10-0-0-0-16"
	wantChanged(t, "preview", up.Preview, []string{rule})
	wantChanged(t, "update", up.Update, []string{rule})
	if ops := tw.CloudOps(); len(ops) != 1 || !strings.HasPrefix(ops[0], "create alicloud:ecs/securityGroupRule:SecurityGroupRule kafka-plc-dev-sg-bastion-metrics-10-0-0-0-16") {
		t.Errorf("alicloud operations %v, want only the rule's create", ops)
	}
	if runs := tw.Hosts.Runs()[before:]; len(runs) != 0 {
		t.Errorf("opening the exporter ran %d host commands, first %s", len(runs), runs[0].URN.Name())
	}
	for _, r := range live(up.Update.Snapshot) {
		if r.URN.Name() != "kafka-plc-dev-sg-bastion-metrics-10-0-0-0-16" {
			continue
		}
		for key, want := range map[string]string{"portRange": "9308/9308", "cidrIp": "10.0.0.0/16", "type": "ingress", "ipProtocol": "tcp"} {
			if got := r.Outputs[resource.PropertyKey(key)]; !got.IsString() || got.StringValue() != want {
				t.Errorf("rule %s = %v, want %q", key, got, want)
			}
		}
	}

	tw.Cloud.ResetOps()
	before = len(tw.Hosts.Runs())
	tw.Set("kafka-plc:metricsScraperCidrs", []string{"0.0.0.0/0"})
	up = tw.Up()
	if up.Err() == nil {
		t.Fatal("metricsScraperCidrs 0.0.0.0/0 was not refused")
	}
	if text := up.Last().ErrorText(); !strings.Contains(text, "metricsScraperCidrs[0]") || !strings.Contains(text, "not a private range") {
		t.Errorf("the refusal does not name metricsScraperCidrs[0]:\n%s", condensed(text))
	}
	if ops, runs := tw.CloudOps(), tw.Hosts.Runs()[before:]; len(ops)+len(runs) != 0 {
		t.Errorf("the refused value reached the cloud (%v) or a host (%d commands)", ops, len(runs))
	}
}

const exporterProbeEnvPath = "/etc/kafka-plc/exporter-probe.env"

// TestExporterProbeFollowsNLBAndUniqueName (issue 15, the probe in the exporter) under the real
// engine: stage 1 runs the exporter probe step on the bastion only after the cluster is ready
// (the bastion preparation installed kplc-exporter.service before) and the NLB exists, and the
// real exporter-probe.sh in the bastion's sandbox writes exporter-probe.env naming the NLB's DNS
// name from the state and the placeholder unique name, then restarts the exporter. Stage 2 (the
// unique name set) updates exactly that step among the bastion's: the file names the new unique
// name and the exporter is restarted once more. A third pulumi up runs nothing.
func TestExporterProbeFollowsNLBAndUniqueName(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	up := tw.Up()
	b.must("stage 1 pulumi up", up)

	bastion := tw.Sandbox("kafka-plc-dev-bastion")
	if bastion == nil {
		t.Fatal("no bastion sandbox")
	}
	var dns string
	for _, r := range live(up.Update.Snapshot) {
		if r.Type == "alicloud:nlb/loadBalancer:LoadBalancer" {
			dns = r.Outputs["dnsName"].StringValue()
		}
	}
	if dns == "" {
		t.Fatal("no NLB DNS name in the state")
	}
	env, err := bastion.ReadFile(exporterProbeEnvPath)
	if err != nil {
		t.Fatalf("stage 1 left no %s on the bastion: %v", exporterProbeEnvPath, err)
	}
	for _, want := range []string{"--probe-via " + dns + " ", "--probe-bootstrap-port 9092 ", "--probe-first-port 9093 ", "--probe-unique-name unique_name\""} {
		if !strings.Contains(env, want) {
			t.Errorf("stage 1 %s lacks %q:\n%s", exporterProbeEnvPath, want, env)
		}
	}
	runs := tw.RunsOn("kafka-plc-dev-bastion")
	probe := runsOf(runs, "kafka-plc-dev-exporter-probe")
	ready := runsOf(runs, "kafka-plc-dev-cluster-ready")
	prep := runsOf(runs, "kafka-plc-dev-prepare-bastion")
	if len(probe) != 1 || len(ready) != 1 || len(prep) != 1 {
		t.Fatalf("stage 1 ran exporter-probe %d, cluster-ready %d, prepare-bastion %d times on the bastion, want 1 each", len(probe), len(ready), len(prep))
	}
	if !(ready[0].End < probe[0].Start) || !(prep[0].End < probe[0].Start) {
		t.Errorf("exporter-probe (ticks %d-%d) did not wait for prepare-bastion (%d-%d) and cluster-ready (%d-%d)",
			probe[0].Start, probe[0].End, prep[0].Start, prep[0].End, ready[0].Start, ready[0].End)
	}
	if !strings.Contains(probe[0].Command, "exporter-probe.sh") || !strings.Contains(probe[0].Stderr, "restarting kplc-exporter.service") {
		t.Errorf("the exporter probe step did not run exporter-probe.sh (command %.200s; stderr %q)", probe[0].Command, probe[0].Stderr)
	}
	restarts := func() int {
		calls, err := bastion.Calls()
		if err != nil {
			t.Fatal(err)
		}
		return countCalls(calls, "systemctl restart kplc-exporter.service")
	}
	afterStageOne := restarts()

	tw.Cloud.ResetOps()
	before := len(tw.Hosts.Runs())
	stageTwo(t, tw, b)
	var onBastion []string
	for _, r := range tw.Hosts.Runs()[before:] {
		if host, _ := tw.Instance("kafka-plc-dev-bastion"); r.Host == host.InstanceID && r.URN.Name() == "kafka-plc-dev-exporter-probe" {
			onBastion = append(onBastion, r.Op)
		}
	}
	if len(onBastion) != 1 || onBastion[0] != "update" {
		t.Errorf("stage 2 ran the exporter probe step %v, want one update", onBastion)
	}
	env, err = bastion.ReadFile(exporterProbeEnvPath)
	if err != nil || !strings.Contains(env, "--probe-unique-name abc123xyz\"") || !strings.Contains(env, "--probe-via "+dns+" ") {
		t.Errorf("after stage 2 %s does not name the unique name abc123xyz and the same NLB (%v):\n%s", exporterProbeEnvPath, err, env)
	}
	if got := restarts(); got != afterStageOne+1 {
		t.Errorf("stage 2 restarted kplc-exporter.service %d times, want once (the probe's file changed)", got-afterStageOne)
	}

	before = len(tw.Hosts.Runs())
	b.must("third pulumi up", tw.Up())
	if runs := tw.Hosts.Runs()[before:]; len(runs) != 0 {
		t.Errorf("a third pulumi up ran %d host commands, first %s", len(runs), runs[0].URN.Name())
	}
}

func countCalls(calls []string, call string) int {
	n := 0
	for _, c := range calls {
		if c == call {
			n++
		}
	}
	return n
}
