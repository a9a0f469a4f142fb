package kplc

import (
	"strings"
	"testing"
)

// zoned returns 6 brokers over 3 zones (zone a: 1, 4; b: 2, 5; c: 3, 6), a topic whose 6
// partitions each have one replica per zone (rack-aware placement), RF 3, min ISR 2, all in
// sync, and a caught-up quorum of the controllers 1, 2, 3 (one per zone) led by 3.
func zoned() ClusterState {
	s := ClusterState{FencingKnown: true}
	for id := int32(1); id <= 6; id++ {
		s.Brokers = append(s.Brokers, BrokerState{NodeID: id})
	}
	for p := int32(0); p < 6; p++ {
		a, b, c := 1+3*(p%2), 2+3*((p/2)%2), 3+3*((p+1)%2)
		s.Partitions = append(s.Partitions, PartitionState{Topic: "orders", Partition: p, Leader: b,
			Replicas: []int32{a, b, c}, ISR: []int32{a, b, c}, MinISR: 2})
	}
	s.Quorum = &QuorumState{LeaderID: 3, HighWatermark: 500, TimestampsKnown: true, Voters: []VoterState{
		{NodeID: 1, LogEndOffset: 500, LastCaughtUp: 10_000},
		{NodeID: 2, LogEndOffset: 500, LastCaughtUp: 10_000},
		{NodeID: 3, LogEndOffset: 500, LastCaughtUp: 10_000},
	}}
	return s
}

// TestSafeToRestartWave: the wave verdicts, pure. Zone a is the wave [1 4].
func TestSafeToRestartWave(t *testing.T) {
	zoneA := []int32{1, 4}
	for _, tc := range []struct {
		name     string
		node     int32
		wave     []int32
		mod      func(*ClusterState)
		ok       bool
		refused  bool     // WaveRefused: fall back to one at a time
		problems []string // substrings, each must appear in some problem
	}{
		{name: "healthy zone", node: 4, wave: zoneA, mod: func(*ClusterState) {}, ok: true},
		{name: "a wave member already down and out of the ISR does not count against the others", node: 4, wave: zoneA,
			mod: func(s *ClusterState) {
				s.Brokers = s.Brokers[1:]
				for i := range s.Partitions {
					s.Partitions[i].ISR = without(s.Partitions[i].ISR, 1)
				}
			}, ok: true},
		{name: "two replicas of a partition in the zone", node: 1, wave: zoneA,
			mod: func(s *ClusterState) {
				s.Partitions[2].Replicas = []int32{1, 4, 2}
				s.Partitions[2].ISR = []int32{1, 4, 2}
			},
			refused: true, problems: []string{"wave [1,4] refused: 1 partition(s) have two or more replicas in it", "orders-2 (replicas [1,4,2])"}},
		{name: "a replica outside the wave out of sync", node: 1, wave: zoneA,
			mod:     func(s *ClusterState) { s.Partitions[0].ISR = without(s.Partitions[0].ISR, 2) },
			refused: true, problems: []string{"would leave 1 partition(s) below min.insync.replicas", "1 outside the wave"}},
		{name: "two voters in the wave", node: 1, wave: []int32{1, 2},
			mod:     func(s *ClusterState) { s.Partitions = nil },
			refused: true, problems: []string{"holds 2 of 3 quorum voters and would leave 1 caught-up voter(s) outside it, a majority needs 2"}},
		{name: "a voter outside the wave lagging", node: 1, wave: zoneA,
			mod:     func(s *ClusterState) { s.Quorum.Voters[1].LastCaughtUp = -1 },
			refused: true, problems: []string{"would leave 1 caught-up voter(s) outside it"}},
		{name: "broker-only wave: quorum rules do not apply", node: 4, wave: []int32{4, 5},
			mod: func(s *ClusterState) {
				s.Partitions = nil
				s.Quorum.Voters[0].LastCaughtUp = -1
				s.Quorum.Voters[1].LastCaughtUp = -1
			}, ok: true},
		{name: "offline partition: refused, not a layout to fall back from", node: 1, wave: zoneA,
			mod: func(s *ClusterState) { s.Partitions[0].Leader = -1 }, problems: []string{"have no leader (offline)"}},
		{name: "node outside its wave", node: 2, wave: zoneA, mod: func(*ClusterState) {}, problems: []string{"broker 2 is not in the wave [1,4]"}},
		{name: "a one-broker wave is the single gate", node: 2, wave: []int32{2},
			mod: func(s *ClusterState) { s.Partitions[0].ISR = []int32{2, 3} }, problems: []string{"restarting broker 2 would take 1 partition(s) below min.insync.replicas"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := zoned()
			tc.mod(&s)
			v := SafeToRestartWave(s, tc.node, tc.wave, Limits{})
			if v.OK != tc.ok || v.WaveRefused != tc.refused {
				t.Fatalf("OK %v, WaveRefused %v; want %v, %v; problems %q", v.OK, v.WaveRefused, tc.ok, tc.refused, v.Problems)
			}
			all := strings.Join(v.Problems, "\n")
			for _, p := range tc.problems {
				if !strings.Contains(all, p) {
					t.Errorf("problems lack %q:\n%s", p, all)
				}
			}
		})
	}
}

// without returns ids without id.
func without(ids []int32, id int32) []int32 {
	var out []int32
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}
