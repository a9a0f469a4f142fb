package kplc

import (
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// createPlaced creates topic with replication factor rf and partition p led by leaders[p].
// kfake lists a partition's replicas as its leader and the next rf-1 brokers in node order
// (kfake 03_metadata.go, okp: idx = (leader.bsIdx + i) % len(brokers)), all in sync.
func createPlaced(t *testing.T, c *kfake.Cluster, o Options, topic string, rf int16, leaders ...int32) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(o.Bootstrap...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if _, err := kadm.NewClient(cl).CreateTopic(ctxFor(t, 5*time.Second), int32(len(leaders)), rf, nil, topic); err != nil {
		t.Fatalf("creating %s: %v", topic, err)
	}
	for p, l := range leaders {
		if err := c.MoveTopicPartition(topic, int32(p), l); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWaveGateAgainstKfake: six kfake brokers (node ids 0..5) over three zones a = {0, 3},
// b = {1, 4}, c = {2, 5}, the voters 0, 1, 2 one per zone. With rack-aware placement (one
// replica of each partition per zone) zone a's wave may restart together; once a partition has
// two replicas in zone a, the wave is refused (WaveRefused: fall back to one at a time), and
// each of its brokers alone is still safe to restart.
func TestWaveGateAgainstKfake(t *testing.T) {
	c, o := newCluster(t, kfake.NumBrokers(6))
	installHooks(t, c, o)
	zoneA := []int32{0, 3}
	// RF 3: three consecutive node ids, one per zone, whichever broker leads.
	createPlaced(t, c, o, "zoned", 3, 0, 1, 2, 3, 4, 5)

	for _, node := range zoneA {
		v, err := WaitSafeToRestartWave(ctxFor(t, 10*time.Second), o, node, zoneA, WaitOptions{Once: true})
		if err != nil {
			t.Fatal(err)
		}
		if !v.OK || v.WaveRefused {
			t.Fatalf("rack-aware topic: wave %v for node %d refused: %+v", zoneA, node, v)
		}
	}

	// RF 4 led by 0: replicas 0, 1, 2, 3, so zone a holds two (0 and 3).
	createPlaced(t, c, o, "crowded", 4, 0)
	v, err := WaitSafeToRestartWave(ctxFor(t, 10*time.Second), o, 0, zoneA, WaitOptions{Once: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.OK || !v.WaveRefused || !strings.Contains(strings.Join(v.Problems, "\n"), "crowded-0 (replicas [0,1,2,3])") {
		t.Fatalf("partition with two replicas in zone a: want the wave refused naming crowded-0, got %+v", v)
	}
	for _, node := range zoneA {
		single, err := WaitSafeToRestart(ctxFor(t, 10*time.Second), o, node, WaitOptions{Once: true})
		if err != nil {
			t.Fatal(err)
		}
		if !single.OK {
			t.Errorf("one at a time, node %d alone: refused %+v; the fallback must be able to proceed", node, single)
		}
	}
}
