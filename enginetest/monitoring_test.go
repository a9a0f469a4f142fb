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
