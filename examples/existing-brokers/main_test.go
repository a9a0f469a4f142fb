package main

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kafka-plc/kafka-plc/components/componentstest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// registered is one resource the program registered, with the ID the mock cloud gave it.
type registered struct {
	token, name, id string
	inputs          resource.PropertyMap
}

// recorder answers like Alibaba Cloud (componentstest's mocks) and records the registrations,
// as a consumer's own test would.
type recorder struct {
	componentstest.Mocks
	mu        sync.Mutex
	resources []registered
}

func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	id, state, err := r.Mocks.NewResource(args)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resources = append(r.resources, registered{args.TypeToken, args.Name, id, args.Inputs})
	return id, state, err
}

func (r *recorder) byType(token string) []registered {
	var out []registered
	for _, res := range r.resources {
		if res.token == token {
			out = append(out, res)
		}
	}
	return out
}

// runExample runs the example program under mocks with the given stack configuration.
func runExample(t *testing.T, cfg map[string]string) (*recorder, error) {
	t.Helper()
	mocks := &recorder{}
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
	groupName := map[string]string{}
	for _, sg := range mocks.byType(componentstest.TypeServerGroup) {
		groupName[sg.id] = strings.TrimPrefix(sg.name, "kafka-demo-")
	}
	ports := map[int]string{}
	for _, l := range mocks.byType(componentstest.TypeListener) {
		ports[int(l.inputs["listenerPort"].NumberValue())] = groupName[l.inputs["serverGroupId"].StringValue()]
	}
	want := map[int]string{9092: "bootstrap", 9093: "broker-1", 9094: "broker-2"}
	if !reflect.DeepEqual(ports, want) {
		t.Errorf("listeners = %v, want %v (ports in node-id order)", ports, want)
	}
	members := map[string][]string{}
	for _, a := range mocks.byType(componentstest.TypeServerGroupAttachment) {
		g := groupName[a.inputs["serverGroupId"].StringValue()]
		members[g] = append(members[g], a.inputs["serverId"].StringValue())
	}
	slices.Sort(members["bootstrap"])
	if got := strings.Join(members["bootstrap"], ","); got != "i-a,i-b" {
		t.Errorf("bootstrap members = %v, want i-a,i-b", got)
	}
	var zones []string
	for _, r := range mocks.byType(componentstest.TypeEndpointServiceResource) {
		zones = append(zones, r.inputs["zoneId"].StringValue())
	}
	slices.Sort(zones)
	if want := []string{"ap-southeast-1a", "ap-southeast-1b"}; !reflect.DeepEqual(zones, want) {
		t.Errorf("endpoint service resources in %v, want one per NLB zone %v", zones, want)
	}
}

func TestExampleNeedsTwoZones(t *testing.T) {
	cfg := exampleConfig()
	cfg["existing-brokers:vswitchIds"] = `{"ap-southeast-1a":"vsw-a"}`
	mocks, err := runExample(t, cfg)
	if err == nil || !strings.Contains(err.Error(), "Zones") {
		t.Fatalf("error = %v, want the NLB's zone check", err)
	}
	if n := len(mocks.resources); n != 0 {
		t.Errorf("%d resources registered, want 0", n)
	}
}
