package enginetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/enginetest/cmdsim"
)

// notBefore reports the runs that did not end before run r started.
func notBefore(r cmdsim.Run, runs []cmdsim.Run) []string {
	var out []string
	for _, o := range runs {
		if !(o.End < r.Start) {
			out = append(out, fmt.Sprintf("%s (ticks %d-%d)", o.URN.Name(), o.Start, o.End))
		}
	}
	return out
}

// TestUpgradeFinalizesOnce is issue 14 part 3 under the engine: a kafkaVersion change rolls the
// brokers one at a time, then runs kplc finalize-features on the bastion exactly once, after the
// last configure step and cluster-ready; the broker instances are updated in place (their
// kafka-version tag), never replaced; a second pulumi up runs neither again.
func TestUpgradeFinalizesOnce(t *testing.T) {
	tw := devTwin(t, "3.7.1", "3.8.0")
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	tw.Set("kafka-plc:kafkaVersion", "3.8.0")
	tw.Set("kafka-plc:kafkaChecksum", tw.KafkaChecksums["3.8.0"])
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	b.must("pulumi up with kafkaVersion 3.8.0", up)
	if bad := replacedOrDeleted(up.Update); len(bad) != 0 {
		t.Errorf("the upgrade replaced or deleted: %v", bad)
	}
	runs := tw.Hosts.Runs()[before:]
	fin := runsOf(runs, "kafka-plc-dev-finalize-features")
	if len(fin) != 1 {
		t.Fatalf("finalize-features ran %d times, want once", len(fin))
	}
	if c := fin[0].Command; !strings.Contains(c, "/usr/local/bin/kplc finalize-features --bootstrap ") || !strings.Contains(c, "--brokers 3 ") {
		t.Errorf("finalize step ran %q", c)
	}
	if late := notBefore(fin[0], runsOf(runs, append(configureSteps(3), "kafka-plc-dev-cluster-ready")...)); len(late) != 0 {
		t.Errorf("finalize-features (ticks %d-%d) did not wait for the roll: %v", fin[0].Start, fin[0].End, late)
	}
	if n := len(runsOf(runs, "kafka-plc-dev-rebalance")); n != 0 {
		t.Errorf("the rebalance step ran %d times on a version change, want none (the broker count is unchanged)", n)
	}
	before = len(tw.Hosts.Runs())
	again := tw.Up()
	b.must("second pulumi up", again)
	if n := len(runsOf(tw.Hosts.Runs()[before:], "kafka-plc-dev-finalize-features")); n != 0 {
		t.Errorf("a second pulumi up ran finalize-features %d times, want none", n)
	}
}

// TestScaleOutRebalances is issue 14 part 4 under the engine: brokerCount 3 → 6 creates brokers
// 4..6, rolls every broker in node order, and only then runs kplc rebalance --brokers 6 on the
// bastion, once, after cluster-ready and finalize-features.
func TestScaleOutRebalances(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	tw.Set("kafka-plc:brokerCount", 6)
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	b.must("pulumi up with brokerCount 6", up)
	if bad := replacedOrDeleted(up.Update); len(bad) != 0 {
		t.Errorf("brokerCount 3 → 6 replaced or deleted: %v", bad)
	}
	runs := tw.Hosts.Runs()[before:]
	reb := runsOf(runs, "kafka-plc-dev-rebalance")
	if len(reb) != 1 {
		t.Fatalf("rebalance ran %d times, want once", len(reb))
	}
	if c := reb[0].Command; !strings.Contains(c, "/usr/local/bin/kplc rebalance --bootstrap ") || !strings.Contains(c, "--brokers 6 ") || !strings.Contains(c, "--throttle 50000000 ") {
		t.Errorf("rebalance step ran %q", c)
	}
	if late := notBefore(reb[0], runsOf(runs, append(configureSteps(6), "kafka-plc-dev-cluster-ready", "kafka-plc-dev-finalize-features")...)); len(late) != 0 {
		t.Errorf("rebalance (ticks %d-%d) did not wait for the roll and the steps before it: %v", reb[0].Start, reb[0].End, late)
	}
	wantSequential(t, "configure steps", runsOf(runs, configureSteps(6)...), configureSteps(6))
}

// TestManualRebalance: with rebalanceAfterScaleOut false no rebalance step exists, and a
// scale-out runs none.
func TestManualRebalance(t *testing.T) {
	tw := devTwin(t)
	tw.Set("kafka-plc:rebalanceAfterScaleOut", false)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	tw.Set("kafka-plc:brokerCount", 4)
	before := len(tw.Hosts.Runs())
	b.must("pulumi up with brokerCount 4", tw.Up())
	if n := len(runsOf(tw.Hosts.Runs()[before:], "kafka-plc-dev-rebalance")); n != 0 {
		t.Errorf("rebalance ran %d times with rebalanceAfterScaleOut false", n)
	}
}
