package mocktest

import (
	"fmt"
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

// TestIgnoreChangesRecorded checks that a resource's IgnoreChanges option is recorded as the
// engine received it, and that a resource without the option records none.
func TestIgnoreChangesRecorded(t *testing.T) {
	mocks := &Mocks{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		var a, b pulumi.CustomResourceState
		if err := ctx.RegisterResource("test:index:Thing", "ignoring", pulumi.Map{"size": pulumi.Int(1)}, &a,
			pulumi.IgnoreChanges([]string{"size", "zone"})); err != nil {
			return err
		}
		return ctx.RegisterResource("test:index:Thing", "plain", pulumi.Map{"size": pulumi.Int(1)}, &b)
	}, pulumi.WithMocks("proj", "stk", mocks))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	ignoring, _ := mocks.Named("test:index:Thing", "ignoring")
	plain, _ := mocks.Named("test:index:Thing", "plain")
	if !ignoring.Ignores("size") || !ignoring.Ignores("zone") || ignoring.Ignores("name") || len(ignoring.IgnoreChanges) != 2 {
		t.Errorf("ignoring: IgnoreChanges = %v, want [size zone]", ignoring.IgnoreChanges)
	}
	if len(plain.IgnoreChanges) != 0 || plain.Ignores("size") {
		t.Errorf("plain: IgnoreChanges = %v, want none", plain.IgnoreChanges)
	}
}

// TestLogRecordsWarnings checks that Log, installed as a program's ctx.Log, records what the
// program logs, by severity.
func TestLogRecordsWarnings(t *testing.T) {
	logs := &Log{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		ctx.Log = logs
		if err := ctx.Log.Info("starting", nil); err != nil {
			return err
		}
		return ctx.Log.Warn("node 2 runs as ecs.g7.large", nil)
	}, pulumi.WithMocks("proj", "stk", &Mocks{}))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	if got := logs.Warnings(); len(got) != 1 || got[0] != "node 2 runs as ecs.g7.large" {
		t.Errorf("Warnings() = %q, want the one warning", got)
	}
	if got := logs.WarningsContaining("node 2", "g7"); len(got) != 1 {
		t.Errorf("WarningsContaining(node 2, g7) = %q, want one", got)
	}
	if got := logs.WarningsContaining("node 3"); len(got) != 0 {
		t.Errorf("WarningsContaining(node 3) = %q, want none", got)
	}
	if e := logs.Entries(); len(e) != 2 || e[0] != (LogEntry{"info", "starting"}) {
		t.Errorf("Entries() = %v, want info then warning", e)
	}
}

// TestChangedResources: two runs that differ in one resource's inputs, another's dependencies,
// a third's ignored properties, and one resource only the second run registers, report exactly
// those four.
func TestChangedResources(t *testing.T) {
	run := func(second bool) *Mocks {
		mocks := &Mocks{}
		err := pulumi.RunErr(func(ctx *pulumi.Context) error {
			reg := func(name, value string, opts ...pulumi.ResourceOption) (*pulumi.CustomResourceState, error) {
				var r pulumi.CustomResourceState
				return &r, ctx.RegisterResource("test:index:Thing", name, pulumi.Map{"v": pulumi.String(value)}, &r, opts...)
			}
			base, err := reg("base", "1")
			if err != nil {
				return err
			}
			if _, err := reg("same", "1", pulumi.DependsOn([]pulumi.Resource{base})); err != nil {
				return err
			}
			value, deps, ignore := "1", []pulumi.Resource{}, []string{}
			if second {
				value, deps, ignore = "2", []pulumi.Resource{base}, []string{"v"}
			}
			if _, err := reg("inputs", value); err != nil {
				return err
			}
			if _, err := reg("deps", "1", pulumi.DependsOn(deps)); err != nil {
				return err
			}
			if _, err := reg("ignores", "1", pulumi.IgnoreChanges(ignore)); err != nil {
				return err
			}
			// An input whose changes are ignored in both runs does not change as the engine diffs.
			if _, err := reg("ignored-input", value, pulumi.IgnoreChanges([]string{"v"})); err != nil {
				return err
			}
			if second {
				if _, err := reg("added", "1"); err != nil {
					return err
				}
			}
			return nil
		}, pulumi.WithMocks("proj", "stk", mocks))
		if err != nil {
			t.Fatalf("program failed: %v", err)
		}
		return mocks
	}
	first, second := run(false), run(true)
	want := "[test:index:Thing added test:index:Thing deps test:index:Thing ignores test:index:Thing inputs]"
	if got := fmt.Sprint(ChangedResources(first, second)); got != want {
		t.Errorf("ChangedResources = %s, want %s", got, want)
	}
	if got := ChangedResources(first, run(false)); len(got) != 0 {
		t.Errorf("ChangedResources of identical runs = %v, want none", got)
	}
}
