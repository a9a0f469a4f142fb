package components

import (
	"fmt"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// replaceOptions are the replacement options of one registration.
type replaceOptions struct {
	deleteFirst      bool
	replaceOnChanges []string
}

// replaceRecorder wraps the mocks and records each registration's replacement options by name.
type replaceRecorder struct {
	*mocktest.Mocks
	mu   sync.Mutex
	opts map[string]replaceOptions
}

// NewResource records the options, then lets the mocks answer.
func (r *replaceRecorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if rpc := args.RegisterRPC; rpc != nil {
		r.mu.Lock()
		r.opts[args.Name] = replaceOptions{deleteFirst: rpc.GetDeleteBeforeReplace(), replaceOnChanges: rpc.GetReplaceOnChanges()}
		r.mu.Unlock()
	}
	return r.Mocks.NewResource(args)
}

// The bastion has a static private IP and its vSwitch a fixed CIDR. availabilityZone and
// systemDiskCategory are ForceNew for an instance, zoneId and cidrBlock for a vSwitch
// (alicloud-provider-facts.md, ecs/instance and vpc/switch), and a replacement created first
// asks for the address (or an overlapping CIDR) the old one still holds, which the VPC refuses.
// Both hold no data, so both are replaced delete-first; and the bastion is replaced with its
// vSwitch (vswitchId, privateIp), because the engine deletes first only the dependents whose
// diff, ReplaceOnChanges applied, says replace (pkg/v3 v3.274.1 step_generator.go
// calculateDependentReplacements), and the old vSwitch cannot go while the bastion is in it.
// The broker vSwitches and the brokers are never replaced that way: they hold data.
func TestKafkaVpcBastionIsReplacedDeleteFirst(t *testing.T) {
	rec := &replaceRecorder{Mocks: newTestMocks(), opts: map[string]replaceOptions{}}
	var instanceID string
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		v, err := NewKafkaVpc(ctx, "kafka", testVpcArgs())
		if err != nil {
			return err
		}
		id, err := awaitOutput(ctx, v.BastionInstanceID)
		instanceID = fmt.Sprint(id)
		return err
	}, pulumi.WithMocks("kafka-plc", "dev", rec))
	if err != nil {
		t.Fatal(err)
	}
	if want := mocktest.ID("kafka-bastion"); instanceID != want {
		t.Errorf("BastionInstanceID = %q, want %q", instanceID, want)
	}
	for _, tc := range []struct {
		name             string
		deleteFirst      bool
		replaceOnChanges string
	}{
		{"kafka-bastion", true, "[vswitchId privateIp]"},
		{"kafka-vsw-bastion", true, "[]"},
		{"kafka-vsw-ap-southeast-1a", false, "[]"},
	} {
		got, ok := rec.opts[tc.name]
		if !ok {
			t.Errorf("%s not registered", tc.name)
			continue
		}
		if got.deleteFirst != tc.deleteFirst {
			t.Errorf("%s: DeleteBeforeReplace = %v, want %v", tc.name, got.deleteFirst, tc.deleteFirst)
		}
		if fmt.Sprint(append([]string{}, got.replaceOnChanges...)) != tc.replaceOnChanges {
			t.Errorf("%s: ReplaceOnChanges = %v, want %s", tc.name, got.replaceOnChanges, tc.replaceOnChanges)
		}
	}
}
