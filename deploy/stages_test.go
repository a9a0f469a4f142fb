package deploy

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/plan"
)

// TestStageTwoChangesOnlyHostSteps runs the dev stack before and after the unique name is set
// and compares the inputs of every resource: setting the name must touch nothing but the
// per-broker configure steps, the cluster-ready step, the checks and the exporter probe step (the
// probe follows the name) — no instance, disk, NLB or
// endpoint service.
func TestStageTwoChangesOnlyHostSteps(t *testing.T) {
	stage1 := devStack(3)
	stage2 := devStack(3)
	stage2["kafka-plc:uniqueName"] = "abc123"

	if _, outputs := mustRun(t, stage2); outputs[plan.OutputStage] != "unique-name-set" {
		t.Fatalf("stage output after setting uniqueName = %v, want unique-name-set", outputs[plan.OutputStage])
	}
	got := changedBetween(t, stage1, stage2)
	want := devSteps("checks", "cluster-ready", "configure-1", "configure-2", "configure-3", "exporter-probe")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("resources whose inputs change with the unique name:\n got  %s\n want %s",
			strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

// TestChecksRunAfterClusterReadyAndNLB checks the wiring of the verification: the checks on the
// bastion wait for the cluster-ready, finalize-features and rebalance steps and for every NLB
// listener, and their summary is a stack output.
func TestChecksRunAfterClusterReadyAndNLB(t *testing.T) {
	mocks, outputs := mustRun(t, devStack(3))
	checks, ok := mocks.Named(mocktest.TypeRemoteCommand, "kafka-plc-dev-checks")
	if !ok {
		t.Fatal("no checks step registered")
	}
	ready, ok := mocks.Named(mocktest.TypeRemoteCommand, "kafka-plc-dev-cluster-ready")
	if !ok {
		t.Fatal("no cluster-ready step registered")
	}
	if !checks.DependsOn(ready.URN) {
		t.Errorf("checks do not depend on cluster-ready; dependencies: %v", checks.Dependencies)
	}
	// Nor race the day-2 steps: they judge the cluster as the rebalance leaves it.
	for _, step := range []string{"kafka-plc-dev-finalize-features", "kafka-plc-dev-rebalance"} {
		if s, ok := mocks.Named(mocktest.TypeRemoteCommand, step); !ok || !checks.DependsOn(s.URN) {
			t.Errorf("checks do not wait for %s (registered: %v); dependencies: %v", step, ok, checks.Dependencies)
		}
	}
	for _, l := range mocks.ByType(mocktest.TypeListener) {
		if !checks.DependsOn(l.URN) {
			t.Errorf("checks do not wait for NLB listener %s", l.Name)
		}
	}
	// Issue 12 item 12: the checks re-run on the NLB's revision (listeners, server groups,
	// backends), not only on the brokers' configuration.
	if trig := checks.Array("triggers"); len(trig) != 2 {
		t.Errorf("checks triggers = %v, want the brokers' config revision and the NLB's revision", trig)
	}
	if !strings.Contains(checks.Str("create"), "probe-privatelink") && !strings.Contains(checks.Str("create"), "verify") {
		t.Errorf("checks step does not run the private-link probe: %.200s", checks.Str("create"))
	}
	for _, key := range []string{plan.OutputVerification, plan.OutputClusterReady} {
		if _, ok := outputs[key]; !ok {
			t.Errorf("stack output %q missing", key)
		}
	}
}

// devSteps returns the changedBetween keys of the dev stack's remote commands with the given
// name suffixes, e.g. "configure-1" for "command:remote:Command kafka-plc-dev-configure-1".
func devSteps(suffixes ...string) []string {
	keys := make([]string, len(suffixes))
	for i, s := range suffixes {
		keys[i] = mocktest.TypeRemoteCommand + " kafka-plc-dev-" + s
	}
	return keys
}

// changedBetween runs the program on two stack configurations that share a module root and
// returns the "<type token> <name>" keys of the resources that differ (mocktest.ChangedResources).
func changedBetween(t *testing.T, first, second map[string]string) []string {
	t.Helper()
	moduleDir := fakeModule(t)
	a, _, err := runProgramIn(t, moduleDir, first)
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	b, _, err := runProgramIn(t, moduleDir, second)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	return mocktest.ChangedResources(a, b)
}

// TestHeapChangeRerunsInstallThenConfigure: a new heap is an install change (kafka.env); the
// configure steps re-run too, because only they may restart a broker (one at a time, gated),
// while no instance is touched.
func TestHeapChangeRerunsInstallThenConfigure(t *testing.T) {
	small, large := devStack(3), devStack(3)
	large["kafka-plc:brokerHeap"] = "4g"
	got := changedBetween(t, small, large)
	want := devSteps("checks", "cluster-ready", "configure-1", "configure-2", "configure-3",
		"install-1", "install-2", "install-3")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("resources changed by brokerHeap:\n got  %s\n want %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

// TestHostStepsWaitForFirewallAndBastion: every step run over SSH (the upload directory, the
// upload, preparing the bastion, each install and configure, cluster-ready) depends itself on
// every security group rule and on the bastion, so that SSH and the brokers' downloads from the
// bastion are allowed before anything runs; the broker instances depend on neither, so they boot
// while the bastion is still being set up.
func TestHostStepsWaitForFirewallAndBastion(t *testing.T) {
	mocks, _ := mustRun(t, devStack(3))
	rules := mocks.ByType(mocktest.TypeSecurityGroupRule)
	if len(rules) == 0 {
		t.Fatal("no security group rules registered")
	}
	bastion, ok := mocks.Named(mocktest.TypeInstance, "kafka-plc-dev-bastion")
	if !ok {
		t.Fatal("no bastion registered")
	}
	prereqs := append(append([]mocktest.Resource(nil), rules...), bastion)

	steps := []string{"kafka-plc-dev-kplc-staging", "kafka-plc-dev-kplc-upload", "kafka-plc-dev-prepare-bastion", "kafka-plc-dev-cluster-ready"}
	for i := 1; i <= 3; i++ {
		steps = append(steps, "kafka-plc-dev-install-"+strconv.Itoa(i), "kafka-plc-dev-configure-"+strconv.Itoa(i))
	}
	for _, name := range steps {
		step, ok := mocks.Named(mocktest.TypeRemoteCommand, name)
		if !ok {
			if step, ok = mocks.Named(mocktest.TypeCopyToRemote, name); !ok {
				t.Fatalf("no step %s registered", name)
			}
		}
		for _, r := range prereqs {
			if !step.DependsOn(r.URN) {
				t.Errorf("%s does not wait for %s", name, r.Name)
			}
		}
	}
	for i := 1; i <= 3; i++ {
		inst, ok := mocks.Named(mocktest.TypeInstance, "kafka-plc-dev-broker-"+strconv.Itoa(i))
		if !ok {
			t.Fatalf("no broker %d instance", i)
		}
		for _, r := range prereqs {
			if inst.DependsOn(r.URN) {
				t.Errorf("broker %d instance waits for %s; it needs only its vSwitch and security group", i, r.Name)
			}
		}
	}
}

// TestBrokerDeletionProtectionFollowsTheStack: brokers keep release protection unless the stack
// sets allowBrokerDeletion, which a deliberate teardown does first.
func TestBrokerDeletionProtectionFollowsTheStack(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setting string
		want    bool
	}{
		{"default protects", "", true},
		{"allowBrokerDeletion lifts it", "true", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := devStack(3)
			if tc.setting != "" {
				stack["kafka-plc:allowBrokerDeletion"] = tc.setting
			}
			mocks, _ := mustRun(t, stack)
			for i := 1; i <= 3; i++ {
				inst, ok := mocks.Named(mocktest.TypeInstance, "kafka-plc-dev-broker-"+strconv.Itoa(i))
				if !ok {
					t.Fatalf("broker %d not registered", i)
				}
				v, ok := inst.Inputs["deletionProtection"]
				if !ok || !v.IsBool() || v.BoolValue() != tc.want {
					t.Errorf("broker %d deletionProtection = %v, want %v", i, v, tc.want)
				}
			}
		})
	}
}

// TestExporterProbeStepWiring: the step that points the bastion's kplc exporter at the NLB runs
// exporter-probe.sh with the NLB's DNS name only after cluster-ready (the bastion preparation
// installed the exporter unit) and every NLB listener, beside the checks, not after them (a
// failing check must not keep the exporter from probing); with externalAuth it is not
// registered (the exporter holds no credential for the EXTERNAL listener).
func TestExporterProbeStepWiring(t *testing.T) {
	mocks, _ := mustRun(t, devStack(3))
	step, ok := mocks.Named(mocktest.TypeRemoteCommand, "kafka-plc-dev-exporter-probe")
	if !ok {
		t.Fatal("no exporter-probe step registered")
	}
	for _, dep := range []string{"kafka-plc-dev-cluster-ready", "kafka-plc-dev-checks-scripts"} {
		if s, ok := mocks.Named(mocktest.TypeRemoteCommand, dep); !ok || !step.DependsOn(s.URN) {
			t.Errorf("exporter-probe does not wait for %s (registered: %v); dependencies: %v", dep, ok, step.Dependencies)
		}
	}
	if checks, _ := mocks.Named(mocktest.TypeRemoteCommand, "kafka-plc-dev-checks"); step.DependsOn(checks.URN) {
		t.Error("exporter-probe waits for the checks: a failing check would leave the exporter without its probe")
	}
	for _, l := range mocks.ByType(mocktest.TypeListener) {
		if !step.DependsOn(l.URN) {
			t.Errorf("exporter-probe does not wait for NLB listener %s", l.Name)
		}
	}
	if create := step.Str("create"); !strings.Contains(create, "'exporter-probe.sh'") || !strings.Contains(create, "'--via' 'nlb-") {
		t.Errorf("exporter-probe command does not run exporter-probe.sh with the NLB's DNS name: %.300s", create)
	}

	authMocks, _, err := runAuth(t, authPassword, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := authMocks.Named(mocktest.TypeRemoteCommand, "kafka-plc-dev-exporter-probe"); ok {
		t.Error("with externalAuth the exporter-probe step is registered: every probed port would show down")
	}
}
