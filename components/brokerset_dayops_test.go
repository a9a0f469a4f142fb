package components

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// TestDayOpsSteps: the finalize step runs kplc finalize-features on the bastion after
// cluster-ready, once per Kafka version (its trigger); the rebalance step runs kplc rebalance
// after it, with the throttle, once per broker count; a manual rebalance registers no step.
func TestDayOpsSteps(t *testing.T) {
	for _, tc := range []struct {
		name          string
		dayOps        DayOps
		wantRebalance string // "" = no rebalance step
	}{
		{"default", DayOps{}, "rebalance --bootstrap '10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092' --brokers 3 --throttle 50000000 "},
		{"own throttle", DayOps{RebalanceThrottleBytes: 10_000_000}, "--throttle 10000000 "},
		{"manual", DayOps{ManualRebalance: true}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := bsPlan(t, "")
			args := bsArgs(p, bsKplcBinary(t))
			args.DayOps = tc.dayOps
			mocks, _ := bsMustRun(t, args)
			fin := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-finalize-features")
			if c := fin.Str("create"); !strings.Contains(c, "/usr/local/bin/kplc finalize-features --bootstrap ") || !strings.Contains(c, fmt.Sprintf("--brokers %d ", len(p.Brokers))) {
				t.Errorf("finalize step runs %q", c)
			}
			if !fin.DependsOnName("kafka-cluster-ready") {
				t.Errorf("finalize step does not wait for cluster-ready; dependencies %v", fin.DependencyNames())
			}
			if got := fmt.Sprint(fin.Array("triggers")); !strings.Contains(got, args.Kafka.Version) {
				t.Errorf("finalize triggers %s, want the Kafka version %s", got, args.Kafka.Version)
			}
			reb, found := mocks.Named(mocktest.TypeRemoteCommand, "kafka-rebalance")
			switch {
			case tc.wantRebalance == "" && found:
				t.Errorf("a manual rebalance registered the rebalance step: %q", reb.Str("create"))
			case tc.wantRebalance != "" && !found:
				t.Fatal("no rebalance step")
			case tc.wantRebalance != "":
				if c := reb.Str("create"); !strings.Contains(c, tc.wantRebalance) {
					t.Errorf("rebalance step runs %q, want %q in it", c, tc.wantRebalance)
				}
				if !reb.DependsOnName("kafka-finalize-features") {
					t.Errorf("rebalance step does not wait for the finalize step; dependencies %v", reb.DependencyNames())
				}
				if got := fmt.Sprint(reb.Array("triggers")); !strings.Contains(got, fmt.Sprint(len(p.Brokers))) {
					t.Errorf("rebalance triggers %s, want the broker count %d", got, len(p.Brokers))
				}
			}
		})
	}
}

// TestDayOpsRefusesNegativeThrottle: a negative throttle is an *ArgError before registering.
func TestDayOpsRefusesNegativeThrottle(t *testing.T) {
	args := bsArgs(bsPlan(t, ""), bsKplcBinary(t))
	args.DayOps.RebalanceThrottleBytes = -1
	var ae *ArgError
	if err := args.Validate("kafka"); !errors.As(err, &ae) || ae.Field != "DayOps.RebalanceThrottleBytes" {
		t.Fatalf("Validate: %v, want an *ArgError on DayOps.RebalanceThrottleBytes", err)
	}
}

// TestHostStepsFollowTheInstance: each broker's install and configure steps carry the
// instance's ID in their triggers, so a broker instance created again at the same address (a
// dead broker replaced, README "Replacing a broker") gets Kafka installed and configured: its
// connection alone (the unchanged private IP) would not re-run them (engine twin,
// TestReplaceDeadBroker).
func TestHostStepsFollowTheInstance(t *testing.T) {
	p := bsPlan(t, "")
	mocks, _ := bsMustRun(t, bsArgs(p, bsKplcBinary(t)))
	for _, b := range p.Brokers {
		id := mocks.MustNamed(t, mocktest.TypeInstance, bsName("broker", b.NodeID)).Name + "-id" // the test mocks' instance ID
		for _, step := range []string{bsName("install", b.NodeID), bsName("configure", b.NodeID)} {
			if got := fmt.Sprint(mocks.MustNamed(t, mocktest.TypeRemoteCommand, step).Array("triggers")); !strings.Contains(got, id) {
				t.Errorf("%s: triggers %s lack the instance ID %s", step, got, id)
			}
		}
	}
}
