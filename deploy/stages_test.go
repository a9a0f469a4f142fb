package deploy

import (
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestStageTwoChangesOnlyHostSteps runs the dev stack before and after the unique name is set
// and compares the inputs of every resource: setting the name must touch nothing but the
// per-broker configure steps, the cluster-ready step and the checks — no instance, disk, NLB or
// endpoint service.
func TestStageTwoChangesOnlyHostSteps(t *testing.T) {
	stage1 := devStack(3)
	stage2 := devStack(3)
	stage2["kafka-plc:uniqueName"] = "abc123"

	moduleDir := fakeModule(t)
	before, _, err := runProgramIn(t, moduleDir, stage1)
	if err != nil {
		t.Fatalf("stage 1: %v", err)
	}
	after, outputs, err := runProgramIn(t, moduleDir, stage2)
	if err != nil {
		t.Fatalf("stage 2: %v", err)
	}
	if got := outputs["stage"]; got != "unique-name-set" {
		t.Fatalf("stage output after setting uniqueName = %v, want unique-name-set", got)
	}

	inputs := func(rs []resourceKeyed) map[string]resourceKeyed {
		m := map[string]resourceKeyed{}
		for _, r := range rs {
			m[r.key] = r
		}
		return m
	}
	b, a := inputs(keyed(before.Resources())), inputs(keyed(after.Resources()))
	if len(a) != len(b) {
		t.Fatalf("stage 2 registers %d resources, stage 1 %d: setting the unique name must not add or remove any", len(a), len(b))
	}
	var changed []string
	for key, r := range b {
		other, ok := a[key]
		if !ok {
			t.Errorf("%s disappears in stage 2", key)
			continue
		}
		if !reflect.DeepEqual(r.res.Inputs, other.res.Inputs) {
			changed = append(changed, key)
		}
	}
	sort.Strings(changed)
	want := []string{
		"command:remote:Command/kafka-plc-dev-checks",
		"command:remote:Command/kafka-plc-dev-cluster-ready",
		"command:remote:Command/kafka-plc-dev-configure-1",
		"command:remote:Command/kafka-plc-dev-configure-2",
		"command:remote:Command/kafka-plc-dev-configure-3",
	}
	if !reflect.DeepEqual(changed, want) {
		t.Errorf("resources whose inputs change with the unique name:\n got  %s\n want %s",
			strings.Join(changed, "\n      "), strings.Join(want, "\n      "))
	}
}

// TestChecksRunAfterClusterReadyAndNLB checks the wiring of the verification: the checks on the
// bastion wait for the cluster-ready step and for every NLB listener, and their summary is a
// stack output.
func TestChecksRunAfterClusterReadyAndNLB(t *testing.T) {
	mocks, outputs := mustRun(t, devStack(3))
	checks, ok := mocks.Named(tokRemoteCommand, "kafka-plc-dev-checks")
	if !ok {
		t.Fatal("no checks step registered")
	}
	ready, ok := mocks.Named(tokRemoteCommand, "kafka-plc-dev-cluster-ready")
	if !ok {
		t.Fatal("no cluster-ready step registered")
	}
	if !checks.DependsOn(ready.URN) {
		t.Errorf("checks do not depend on cluster-ready; dependencies: %v", checks.Dependencies)
	}
	for _, l := range mocks.ByType(tokListener) {
		if !checks.DependsOn(l.URN) {
			t.Errorf("checks do not wait for NLB listener %s", l.Name)
		}
	}
	if !strings.Contains(str(checks, "create"), "probe-privatelink") && !strings.Contains(str(checks, "create"), "verify") {
		t.Errorf("checks step does not run the private-link probe: %.200s", str(checks, "create"))
	}
	for _, key := range []string{"verification", "clusterReady"} {
		if _, ok := outputs[key]; !ok {
			t.Errorf("stack output %q missing", key)
		}
	}
}

// resourceKeyed pairs a recorded resource with its "type/name" key.
type resourceKeyed struct {
	key string
	res mocktest.Resource
}

func keyed(rs []mocktest.Resource) []resourceKeyed {
	out := make([]resourceKeyed, len(rs))
	for i, r := range rs {
		out[i] = resourceKeyed{key: r.Type + "/" + r.Name, res: r}
	}
	return out
}
