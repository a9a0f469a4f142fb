package cloudsim

import (
	"context"
	"errors"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Ops lists every Create/Update/Delete outside preview, failures included; Check, Diff and previews are
// not recorded; ResetOps clears the list.
func TestOpsRecordMutatingCallsOnly(t *testing.T) {
	s := newSim(t)
	in := map[string]any{"cidrBlock": "10.0.0.0/16", "vpcName": "kafka-vpc"}
	s.check(TokenNetwork, in)
	if _, err := s.p.Create(context.Background(), plugin.CreateRequest{URN: urnOf(TokenNetwork, "vpc"), Type: TokenNetwork, Properties: pm(in), Preview: true}); err != nil {
		t.Fatal(err)
	}
	if len(s.c.Ops()) != 0 {
		t.Fatalf("preview or Check recorded: %v", s.c.Ops())
	}
	id, out := s.mustCreate(TokenNetwork, "vpc", in)
	s.diff(TokenNetwork, out, in, in)
	if _, err := s.update(TokenNetwork, id, out, map[string]any{"cidrBlock": "10.0.0.0/16", "vpcName": "kafka-vpc-2"}); err != nil {
		t.Fatal(err)
	}
	s.createErr(TokenSwitch, "sw", map[string]any{"vpcId": "vpc-missing", "cidrBlock": "10.0.1.0/24", "zoneId": zoneJ}, "InvalidVpcId.NotFound")
	if err := s.del(TokenNetwork, id); err != nil {
		t.Fatal(err)
	}
	ops := s.c.Ops()
	want := []Op{
		{Kind: OpCreate, Type: TokenNetwork, URN: urnOf(TokenNetwork, "vpc"), ID: id},
		{Kind: OpUpdate, Type: TokenNetwork, URN: urnOf(TokenNetwork, "r"), ID: id},
		{Kind: OpCreate, Type: TokenSwitch, URN: urnOf(TokenSwitch, "sw")},
		{Kind: OpDelete, Type: TokenNetwork, URN: urnOf(TokenNetwork, "r"), ID: id},
	}
	if len(ops) != len(want) {
		t.Fatalf("ops = %+v", ops)
	}
	for i := range want {
		got := ops[i]
		got.Err = ""
		if got != want[i] {
			t.Errorf("op %d = %+v, want %+v", i, ops[i], want[i])
		}
	}
	if ops[2].Err == "" {
		t.Error("the failed create has no Err")
	}
	s.c.ResetOps()
	if len(s.c.Ops()) != 0 {
		t.Error("ResetOps left ops")
	}
}

// A preview create returns no ID and the computed outputs unknown (the engine then plans with unknowns).
func TestPreviewCreate(t *testing.T) {
	s := newSim(t)
	resp, err := s.p.Create(context.Background(), plugin.CreateRequest{URN: urnOf(TokenInstance, "b1"), Type: TokenInstance, Properties: pm(instIn(nil)), Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	out := resource.ToResourcePropertyMap(resp.Properties)
	if resp.ID != "" || !out["privateIp"].IsComputed() || !out["publicIp"].IsComputed() || str(out, "instanceType") != "ecs.g7.xlarge" {
		t.Errorf("preview: id %q, %v", resp.ID, out)
	}
	if len(s.c.All()) != 0 {
		t.Error("a preview created a resource")
	}
}

// InjectError fails the next matching call once, before anything changes.
func TestInjectError(t *testing.T) {
	s := newSim(t)
	boom := errors.New("injected: throttled")
	s.c.InjectError(TokenNetwork, OpCreate, boom)
	if _, _, err := s.create(TokenNetwork, "vpc", map[string]any{}); !errors.Is(err, boom) {
		t.Fatalf("first create: %v", err)
	}
	if len(s.c.Resources(TokenNetwork)) != 0 {
		t.Fatal("an injected failure created the VPC")
	}
	s.mustCreate(TokenNetwork, "vpc", map[string]any{})
}

// Read returns the current state, and no outputs once the resource is gone (refresh deletes it).
func TestRead(t *testing.T) {
	s := newSim(t)
	n := s.net()
	read := func(id string) plugin.ReadResponse {
		resp, err := s.p.Read(context.Background(), plugin.ReadRequest{URN: urnOf(TokenSwitch, "sw"), Type: tokens.Type(TokenSwitch), ID: resource.ID(id)})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := read(n.swJ)
	if resp.Outputs == nil || str(resource.ToResourcePropertyMap(*resp.Outputs), "cidrBlock") != "10.0.1.0/24" {
		t.Fatalf("read: %+v", resp)
	}
	if err := s.del(TokenSwitch, n.swJ); err != nil {
		t.Fatal(err)
	}
	if resp := read(n.swJ); resp.Outputs != nil {
		t.Errorf("read of a deleted vSwitch returned %v", *resp.Outputs)
	}
}

// Each Provider() call shares the Cloud's state.
func TestProvidersShareState(t *testing.T) {
	c := New(region)
	a := &sim{t: t, c: c, p: c.Provider()}
	b := &sim{t: t, c: c, p: c.Provider()}
	vpc, _ := a.mustCreate(TokenNetwork, "vpc", map[string]any{"cidrBlock": "10.0.0.0/16"})
	b.mustCreate(TokenSwitch, "sw", map[string]any{"vpcId": vpc, "cidrBlock": "10.0.1.0/24", "zoneId": zoneJ})
	if len(c.All()) != 2 {
		t.Errorf("state: %+v", c.All())
	}
	info, err := a.p.GetPluginInfo(context.Background())
	if err != nil || info.Version.String() != "3.105.0" {
		t.Errorf("plugin info %v %v", info, err)
	}
}

// An optional, non-computed input the program stops setting is removed from the state by the update
// (facts: nlb/listener listener_description, opt, in place).
func TestUpdateDropsRemovedInputs(t *testing.T) {
	s := newSim(t)
	n := s.net()
	lb, _ := s.mustCreate(TokenLoadBalancer, "nlb", n.nlbArgs(nil))
	sgp, _ := s.mustCreate(TokenServerGroup, "sgp", map[string]any{"serverGroupName": "kafka-b1", "vpcId": n.vpc})
	in := map[string]any{"loadBalancerId": lb, "listenerPort": 9092, "listenerProtocol": "TCP", "serverGroupId": sgp}
	with := map[string]any{"listenerDescription": "kafka-b1"}
	for k, v := range in {
		with[k] = v
	}
	id, out := s.mustCreate(TokenListener, "l", with)
	got, err := s.update(TokenListener, id, out, in)
	if err != nil {
		t.Fatal(err)
	}
	if present(got, "listenerDescription") || str(got, "status") != "Running" {
		t.Errorf("state after removing the description: %v", got)
	}
}
