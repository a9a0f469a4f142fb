package mocktest

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type testComponent struct {
	pulumi.ResourceState
}

// TestURNMatchesEngine checks that recorded URNs are the URNs the mock engine hands out, so that a
// child's Parent and a dependent's Dependencies can be compared with them.
func TestURNMatchesEngine(t *testing.T) {
	mocks := &Mocks{}
	var parentURN, childURN pulumi.URN
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		comp := &testComponent{}
		if err := ctx.RegisterComponentResource("kafka-plc:index:Test", "comp", comp); err != nil {
			return err
		}
		var child pulumi.CustomResourceState
		if err := ctx.RegisterResource("test:index:Thing", "child", pulumi.Map{"k": pulumi.String("v")}, &child, pulumi.Parent(comp)); err != nil {
			return err
		}
		var dependent pulumi.CustomResourceState
		if err := ctx.RegisterResource("test:index:Thing", "dependent", pulumi.Map{}, &dependent, pulumi.DependsOn([]pulumi.Resource{&child})); err != nil {
			return err
		}
		comp.URN().ApplyT(func(u pulumi.URN) error { parentURN = u; return nil })
		child.URN().ApplyT(func(u pulumi.URN) error { childURN = u; return nil })
		return nil
	}, pulumi.WithMocks("proj", "stk", mocks))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	comp, ok := mocks.Named("kafka-plc:index:Test", "comp")
	if !ok {
		t.Fatal("component not recorded")
	}
	child, _ := mocks.Named("test:index:Thing", "child")
	dependent, _ := mocks.Named("test:index:Thing", "dependent")
	if comp.URN != string(parentURN) {
		t.Errorf("component URN = %q, engine gave %q", comp.URN, parentURN)
	}
	if child.URN != string(childURN) {
		t.Errorf("child URN = %q, engine gave %q", child.URN, childURN)
	}
	if child.Parent != comp.URN {
		t.Errorf("child parent = %q, want component URN %q", child.Parent, comp.URN)
	}
	if !dependent.DependsOn(child.URN) {
		t.Errorf("dependent's dependencies %v lack %q", dependent.Dependencies, child.URN)
	}
	if comp.Custom || !child.Custom {
		t.Errorf("custom flags: component %v (want false), child %v (want true)", comp.Custom, child.Custom)
	}
}
