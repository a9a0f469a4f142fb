package enginetest

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestBrokerPropertiesRoll is issue 14 part 1 on a running stack: brokerProperties, set as an
// object in the stack file (the engine hands the program JSON), changes only the brokers'
// configure steps, which run one after the other in node order, and afterwards every broker's
// server.properties holds the entries; no cloud resource changes.
func TestBrokerPropertiesRoll(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	tw.Set("kafka-plc:brokerProperties", map[string]any{
		"log.retention.hours": "72",
		"compression.type":    "zstd",
		"num.io.threads":      16, // a YAML number arrives as a JSON number and is taken as its text
	})
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	b.must("pulumi up", up)

	var want []string
	for n := 1; n <= 3; n++ {
		want = append(want, fmt.Sprintf("kafka-plc-dev-configure-%d", n))
	}
	got := changedNames(up.Update)
	t.Logf("changed: %v", got)
	var hostOnly []string
	for _, name := range got {
		if name != "kafka-plc-dev-cluster-ready" && name != "kafka-plc-dev-checks" {
			hostOnly = append(hostOnly, name)
		}
	}
	sort.Strings(hostOnly)
	if !reflect.DeepEqual(hostOnly, want) {
		t.Errorf("changed %v\nwant the configure steps %v (plus the health checks that follow them)", got, want)
	}
	if p, u := up.Preview.Changed(), up.Update.Changed(); !reflect.DeepEqual(p, u) {
		t.Errorf("preview planned\n  %s\nthe update did\n  %s", strings.Join(p, "\n  "), strings.Join(u, "\n  "))
	}
	if ops := tw.CloudOps(); len(ops) != 0 {
		t.Errorf("alicloud operations: %v", ops)
	}
	wantSequential(t, "configure steps", runsOf(tw.Hosts.Runs()[before:], configureSteps(3)...), configureSteps(3))
	for n := 1; n <= 3; n++ {
		props, err := tw.Sandbox(fmt.Sprintf("kafka-plc-dev-broker-%d", n)).ReadFile("/etc/kafka/server.properties")
		if err != nil {
			t.Fatalf("broker %d: %v", n, err)
		}
		for _, line := range []string{"log.retention.hours=72\n", "compression.type=zstd\n", "num.io.threads=16\n", fmt.Sprintf("node.id=%d\n", n)} {
			if !strings.Contains(props, line) {
				t.Errorf("broker %d server.properties lacks %q:\n%s", n, line, props)
			}
		}
	}

	// An owned key is refused before anything runs, naming the setting that controls it.
	tw.Set("kafka-plc:brokerProperties", map[string]any{"advertised.listeners": "EXTERNAL://x:1"})
	before = len(tw.Hosts.Runs())
	refused := tw.Up()
	if refused.Err() == nil {
		t.Fatalf("pulumi up with brokerProperties.advertised.listeners succeeded")
	}
	msg := refused.Err().Error()
	for _, d := range refused.Last().Diagnostics {
		msg += "\n" + d.Message
	}
	if !strings.Contains(msg, "brokerProperties.advertised.listeners") || !strings.Contains(msg, "advertisedHostPattern") {
		t.Errorf("refusal does not name the entry and the controlling setting:\n%s", msg)
	}
	if runs := tw.Hosts.Runs()[before:]; len(runs) != 0 {
		t.Errorf("a refused configuration ran host steps: %v", runs)
	}
}

// TestModeExistingBrokerProperties is the same change in mode existing: after stage 1,
// brokerProperties re-runs only the edit steps, one broker after the other in node order, and
// each running broker's own file gets the keys in place (a key it had is replaced on its line)
// next to its EXTERNAL listener.
func TestModeExistingBrokerProperties(t *testing.T) {
	tw := existingTwin(t)
	b := blockedBy(t, 1, 2, 10)
	b.must("mode existing stage 1 pulumi up", tw.Up())
	tw.Cloud.ResetOps()
	tw.Set("kafka-plc:brokerProperties", map[string]any{"log.retention.hours": "72", "log.dirs": "/data/kafka-logs"})
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	b.must("pulumi up with brokerProperties", up)
	expose := []string{"kafka-plc-existing-expose-1", "kafka-plc-existing-expose-2", "kafka-plc-existing-expose-3"}
	if got := changedNames(up.Update); !reflect.DeepEqual(got, expose) {
		t.Errorf("changed %v, want only the edit steps %v", got, expose)
	}
	if ops := tw.CloudOps(); len(ops) != 0 {
		t.Errorf("alicloud operations: %v", ops)
	}
	wantSequential(t, "edits", runsOf(tw.Hosts.Runs()[before:], expose...), expose)
	for _, eb := range existingBrokers {
		props, err := tw.Hosts.Host(eb.id).ReadFile(existingPropertiesPath)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"\nlog.retention.hours=72\n", fmt.Sprintf("EXTERNAL://b%d.unique_name.", eb.node)} {
			if !strings.Contains(props, want) {
				t.Errorf("broker %d file lacks %q:\n%s", eb.node, want, props)
			}
		}
		if strings.Count(props, "log.dirs=") != 1 {
			t.Errorf("broker %d: log.dirs (already /data/kafka-logs) was added again:\n%s", eb.node, props)
		}
	}
}
