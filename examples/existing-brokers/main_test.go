package main

import (
	"sort"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// runExample runs the example program under mocks with the given stack configuration.
func runExample(t *testing.T, cfg map[string]string) (*mocktest.Mocks, error) {
	t.Helper()
	mocks := &mocktest.Mocks{}
	err := pulumi.RunErr(run, pulumi.WithMocks("existing-brokers", "demo", mocks), func(info *pulumi.RunInfo) {
		info.Config = cfg
	})
	return mocks, err
}

func exampleConfig() map[string]string {
	return map[string]string{
		"existing-brokers:vpcId":              "vpc-demo",
		"existing-brokers:vswitchIds":         `{"ap-southeast-1b":"vsw-b","ap-southeast-1a":"vsw-a"}`,
		"existing-brokers:brokers":            `[{"nodeId":2,"zone":"ap-southeast-1b","instanceId":"i-b"},{"nodeId":1,"zone":"ap-southeast-1a","instanceId":"i-a"}]`,
		"existing-brokers:tidbCloudAccountId": "1234567890123456",
	}
}

func TestExampleExistingBrokers(t *testing.T) {
	mocks, err := runExample(t, exampleConfig())
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	ports := map[int]string{}
	for _, l := range mocks.ByType(mocktest.TypeListener) {
		ports[int(l.Inputs["listenerPort"].NumberValue())] = l.Inputs["serverGroupId"].StringValue()
	}
	want := map[int]string{9092: "kafka-demo-bootstrap-id", 9093: "kafka-demo-broker-1-id", 9094: "kafka-demo-broker-2-id"}
	for p, g := range want {
		if ports[p] != g {
			t.Errorf("listener %d -> %q, want %q (ports in node-id order)", p, ports[p], g)
		}
	}
	var boot []string
	for _, a := range mocks.ByType(mocktest.TypeServerGroupAttachment) {
		if a.Inputs["serverGroupId"].StringValue() == "kafka-demo-bootstrap-id" {
			boot = append(boot, a.Inputs["serverId"].StringValue())
		}
	}
	sort.Strings(boot)
	if strings.Join(boot, ",") != "i-a,i-b" {
		t.Errorf("bootstrap members = %v, want i-a,i-b", boot)
	}
	if n := len(mocks.ByType(mocktest.TypeEndpointServiceResource)); n != 2 {
		t.Errorf("%d endpoint service resources, want one per zone (2)", n)
	}
}

func TestExampleNeedsTwoZones(t *testing.T) {
	cfg := exampleConfig()
	cfg["existing-brokers:vswitchIds"] = `{"ap-southeast-1a":"vsw-a"}`
	mocks, err := runExample(t, cfg)
	if err == nil || !strings.Contains(err.Error(), "Zones") {
		t.Fatalf("error = %v, want the NLB's zone check", err)
	}
	if n := len(mocks.Resources()); n != 0 {
		t.Errorf("%d resources registered, want 0", n)
	}
}
