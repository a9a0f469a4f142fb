package deploy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// devCloud is the region after the dev stack's first deploy with three brokers: each broker
// instance tagged as components.newBrokerInstance tags it, in its zone's broker vSwitch.
func devCloud() *mocktest.Cloud {
	cloud := existingCloud()
	for i, z := range []struct{ zone, cidr, ip string }{
		{"ap-southeast-1a", "10.0.0.0/18", "10.0.0.10"},
		{"ap-southeast-1b", "10.0.64.0/18", "10.0.64.10"},
		{"ap-southeast-1c", "10.0.128.0/18", "10.0.128.10"},
	} {
		vsw := "vsw-dev-" + z.zone
		cloud.Vswitches = append(cloud.Vswitches, mocktest.CloudVswitch{
			ID: vsw, Name: "kafka-plc-dev-broker-" + z.zone, Zone: z.zone, CIDR: z.cidr, VpcID: "vpc-dev",
		})
		cloud.Instances = append(cloud.Instances, mocktest.CloudInstance{
			ID: fmt.Sprintf("i-dev-%d", i+1), Name: fmt.Sprintf("kafka-plc-dev-broker-%d", i+1), Zone: z.zone,
			PrivateIP: z.ip, VpcID: "vpc-dev", VswitchID: vsw,
			Tags: map[string]string{"project": "kafka-plc", "stack": "dev", "node-id": fmt.Sprint(i + 1), "role": "broker,controller"},
		})
	}
	// The bastion carries no node-id: it is no broker.
	cloud.Instances = append(cloud.Instances, mocktest.CloudInstance{ID: "i-dev-bastion", Zone: "ap-southeast-1a",
		PrivateIP: "10.0.192.10", VpcID: "vpc-dev", VswitchID: "vsw-dev-bastion", Tags: map[string]string{"project": "kafka-plc", "stack": "dev"}})
	return cloud
}

// runIn runs the program for stack dev over cloud, as a preview (dryRun) or an update.
func runIn(t *testing.T, cloud *mocktest.Cloud, stack map[string]string, dryRun bool) (*mocktest.Mocks, error) {
	t.Helper()
	moduleDir := fakeModule(t)
	mocks := newMocksIn(t, moduleDir, cloud)
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := program(ctx, moduleDir, prebuiltKplc)
		return err
	}, pulumi.WithMocks("kafka-plc", "dev", mocks), withStack(stack), func(info *pulumi.RunInfo) { info.DryRun = dryRun })
	return mocks, err
}

// TestRunningBrokersRefuseBeforeAnyResource: a configuration that would move running brokers
// (zones reordered) or re-create the vSwitches they run in (brokerVswitchCidrs /18 → /19: a
// vSwitch's cidrBlock is ForceNew, alicloud-provider-facts.md vpc/switch) is refused before the
// first resource registers, in preview and in an update without preview alike (the refusal
// inside an apply, placedAsPlanned, came after the vSwitches, the NLB and the bastion had
// changed). Only the two read-only lookups reach the provider.
func TestRunningBrokersRefuseBeforeAnyResource(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(map[string]string)
		want []string
	}{
		{"zones reordered", func(s map[string]string) {
			s["kafka-plc:zones"] = `["ap-southeast-1b","ap-southeast-1a","ap-southeast-1c"]`
		}, []string{"node 1 (i-dev-1): runs in ap-southeast-1a at 10.0.0.10, but the plan puts it in ap-southeast-1b",
			"pulumi config set --path 'zones[0]' ap-southeast-1a"}},
		{"broker vSwitch ranges narrowed", func(s map[string]string) {
			s["kafka-plc:brokerVswitchCidrs"] = `["10.0.0.0/19","10.0.64.0/19","10.0.128.0/19"]`
		}, []string{"node 3 (i-dev-3): its vSwitch vsw-dev-ap-southeast-1c is 10.0.128.0/18, but brokerVswitchCidrs[2] (zone ap-southeast-1c) is 10.0.128.0/19",
			"pulumi config set --path 'brokerVswitchCidrs[0]' 10.0.0.0/18", "by hand, one broker at a time"}},
	} {
		for _, dryRun := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/preview=%v", tc.name, dryRun), func(t *testing.T) {
				stack := devStack(3)
				tc.edit(stack)
				mocks, err := runIn(t, devCloud(), stack, dryRun)
				if err == nil {
					t.Fatal("program succeeded, want a refusal")
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("refusal does not say %q:\n%v", w, err)
					}
				}
				if n := len(mocks.Resources()); n != 0 {
					t.Errorf("%d resources registered before the refusal, want 0", n)
				}
				var tokens []string
				for _, call := range mocks.Invokes() {
					tokens = append(tokens, call.Token)
				}
				if got, want := strings.Join(tokens, ","), mocktest.FuncGetInstances+","+mocktest.FuncGetSwitches; got != want {
					t.Errorf("invokes = %s, want only %s", got, want)
				}
			})
		}
	}
}

// TestRunningBrokersInPlacePass: brokers where the plan puts them pass, and the lookups select
// the stack's brokers by their tags and their vSwitches by ID.
func TestRunningBrokersInPlacePass(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(map[string]string)
	}{
		{"unchanged", func(map[string]string) {}},
		{"two more brokers", func(s map[string]string) { s["kafka-plc:brokerCount"] = "5" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := devStack(3)
			tc.edit(stack)
			mocks, err := runIn(t, devCloud(), stack, false)
			if err != nil {
				t.Fatalf("program failed: %v", err)
			}
			calls := mocks.Invokes()
			if len(calls) < 2 || calls[0].Token != mocktest.FuncGetInstances || calls[1].Token != mocktest.FuncGetSwitches {
				t.Fatalf("first invokes = %v, want getInstances then getSwitches", calls)
			}
			if got := fmt.Sprint(calls[0].Args.Mappable()); got != "map[enableDetails:false tags:map[project:kafka-plc stack:dev]]" {
				t.Errorf("getInstances args = %s", got)
			}
			if got := fmt.Sprint(calls[1].Args.Mappable()); got != "map[ids:[vsw-dev-ap-southeast-1a vsw-dev-ap-southeast-1b vsw-dev-ap-southeast-1c] vpcId:vpc-dev]" {
				t.Errorf("getSwitches args = %s", got)
			}
		})
	}
}

// TestExistingBrokersMustRunAsConfigured: in mode existing the configured instances are read by
// ID; one at another address than existingBrokers says is refused before anything registers.
func TestExistingBrokersMustRunAsConfigured(t *testing.T) {
	cloud := existingCloud()
	cloud.Instances[1].PrivateIP = "10.0.64.11"
	mocks, err := runIn(t, cloud, existingStack(), true)
	if err == nil || !strings.Contains(err.Error(), "node 2 (i-t4nexamplebroker02): runs in ap-southeast-1b at 10.0.64.11, but the plan puts it in ap-southeast-1b at 10.0.64.10") ||
		!strings.Contains(err.Error(), "existingBrokers") {
		t.Fatalf("err = %v, want a refusal naming node 2 and existingBrokers", err)
	}
	if n := len(mocks.Resources()); n != 0 {
		t.Errorf("%d resources registered before the refusal, want 0", n)
	}
}
