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

// TestReplaceDeadBroker is the README's replacement of a broker whose host or disk died, as far
// as the program drives it: node 3's instance is released outside Pulumi, `pulumi refresh`
// forgets it, and `pulumi up` creates node 3 again (same name, zone and private IP, a new
// instance with a fresh disk), installs Kafka and configures it on the new host (storage is
// formatted there, with the stack's cluster ID, because the host is blank), replaces no other
// broker, and neither finalizes nor rebalances again (the version and broker count are
// unchanged: the replacement keeps node 3's replicas where they were).
func TestReplaceDeadBroker(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	old, ok := tw.Instance("kafka-plc-dev-broker-3")
	if !ok {
		t.Fatal("no broker 3 after stage 1")
	}
	if err := tw.Cloud.Release(old.InstanceID); err != nil {
		t.Fatal(err)
	}
	if r := tw.Refresh(); r.Err != nil {
		t.Fatalf("pulumi refresh: %v", r.Err)
	}
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	b.must("pulumi up after the release", up)
	now, ok := tw.Instance("kafka-plc-dev-broker-3")
	switch {
	case !ok:
		t.Fatal("broker 3 was not created again")
	case now.InstanceID == old.InstanceID || now.PrivateIP != old.PrivateIP || now.Zone != old.Zone:
		t.Errorf("broker 3 came back as %+v, want a new instance at %s in %s", now, old.PrivateIP, old.Zone)
	}
	for _, op := range tw.Cloud.Ops() {
		if op.Type == typeInstance && (op.Kind != "create" || op.URN.Name() != "kafka-plc-dev-broker-3") {
			t.Errorf("instance operation %s %s: only broker 3 may be created", op.Kind, op.URN.Name())
		}
	}
	runs := tw.Hosts.Runs()[before:]
	var onNew []string
	for _, r := range runs {
		if r.Host == now.InstanceID {
			onNew = append(onNew, r.URN.Name())
		}
	}
	if !slicesContains(onNew, "kafka-plc-dev-install-3") || !slicesContains(onNew, "kafka-plc-dev-configure-3") {
		t.Errorf("on the new host ran %v, want install-3 and configure-3", onNew)
	}
	props, err := tw.Sandbox("kafka-plc-dev-broker-3").ReadFile("/etc/kafka/server.properties")
	if err != nil || !strings.Contains(props, "node.id=3") {
		t.Errorf("the new broker 3 has no server.properties of node 3 (%v)", err)
	}
	for _, step := range []string{"kafka-plc-dev-finalize-features", "kafka-plc-dev-rebalance"} {
		if n := len(runsOf(runs, step)); n != 0 {
			t.Errorf("%s ran %d times for a replacement, want none", step, n)
		}
	}
}

// slicesContains reports whether s holds v.
func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
