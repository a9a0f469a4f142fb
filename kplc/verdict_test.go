package kplc

import (
	"errors"
	"strings"
	"testing"
)

// healthy returns 3 unfenced brokers, one topic with 3 fully in-sync
// partitions at min ISR 2, and a caught-up quorum led by 3.
func healthy() ClusterState {
	s := ClusterState{FencingKnown: true}
	for id := int32(1); id <= 3; id++ {
		s.Brokers = append(s.Brokers, BrokerState{NodeID: id})
	}
	for p := int32(0); p < 3; p++ {
		s.Partitions = append(s.Partitions, PartitionState{Topic: "orders", Partition: p, Leader: p + 1, Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2, 3}, MinISR: 2})
	}
	s.Quorum = &QuorumState{LeaderID: 3, HighWatermark: 500, TimestampsKnown: true, Voters: []VoterState{
		{NodeID: 1, LogEndOffset: 500, LastCaughtUp: 10_000},
		{NodeID: 2, LogEndOffset: 500, LastCaughtUp: 10_000},
		{NodeID: 3, LogEndOffset: 500, LastCaughtUp: 10_000},
	}}
	return s
}

func TestSafeToRestart(t *testing.T) {
	for _, tc := range []struct {
		name     string
		node     int32
		mod      func(*ClusterState)
		ok       bool
		problems []string // substrings, each must appear in some problem
		notes    []string
	}{
		{name: "healthy follower", node: 1, mod: func(*ClusterState) {}, ok: true},
		{name: "active controller goes last", node: 3, mod: func(*ClusterState) {}, ok: true, notes: []string{"active controller: restart it last"}},
		{
			name: "partition at min ISR with node in ISR", node: 2,
			mod:      func(s *ClusterState) { s.Partitions[1].ISR = []int32{2, 3} },
			problems: []string{"restarting broker 2 would take 1 partition(s) below min.insync.replicas: orders-1 (ISR [2,3], min.insync.replicas 2)"},
		},
		{
			name: "partition at min ISR without node in ISR", node: 1, ok: true,
			mod: func(s *ClusterState) { s.Partitions[1].ISR = []int32{2, 3} },
		},
		{
			name: "under-replicated below min ISR", node: 1,
			mod:      func(s *ClusterState) { s.Partitions[0].ISR = []int32{3} },
			problems: []string{"already below min.insync.replicas: orders-0 (ISR [3], min.insync.replicas 2)"},
		},
		{
			name: "partition without replica on node is ignored", node: 1, ok: true,
			mod: func(s *ClusterState) {
				s.Partitions = append(s.Partitions, PartitionState{Topic: "other", Replicas: []int32{2, 3}, ISR: []int32{2}, MinISR: 2})
			},
		},
		{
			name: "leaderless quorum", node: 2,
			mod:      func(s *ClusterState) { s.Quorum.LeaderID = -1 },
			problems: []string{"the KRaft quorum has no leader (voters [1,2,3])"},
		},
		{
			name: "other voter lagging leaves no majority", node: 2,
			mod:      func(s *ClusterState) { s.Quorum.Voters[0].LastCaughtUp = 1_000 },
			problems: []string{"restarting controller 2 would leave 1 caught-up voter(s), a majority of 3 voters needs 2; lagging: voter 1 (last caught up 9000 ms before the leader)"},
		},
		{
			name: "the lagging voter itself may restart", node: 1, ok: true,
			mod: func(s *ClusterState) { s.Quorum.Voters[0].LastCaughtUp = 1_000 },
		},
		{
			name: "lag by offsets when timestamps are unknown", node: 2,
			mod: func(s *ClusterState) {
				s.Quorum.TimestampsKnown = false
				s.Quorum.HighWatermark = 5000
				for i := range s.Quorum.Voters {
					s.Quorum.Voters[i].LastCaughtUp = -1
					s.Quorum.Voters[i].LogEndOffset = 5000
				}
				s.Quorum.Voters[0].LogEndOffset = 10
			},
			problems: []string{"voter 1 (log end 10, high watermark 5000)"},
		},
		{
			// Kafka answers -1 for a voter that has not caught up since
			// the leader was elected; its log end must not count instead.
			name: "voter never caught up under this leader is lagging", node: 2,
			mod: func(s *ClusterState) {
				s.Quorum.Voters[0].LastCaughtUp = -1
				s.Quorum.Voters[0].LogEndOffset = 499
			},
			problems: []string{"lagging: voter 1 (not caught up since leader 3 was elected; log end 499, high watermark 500)"},
		},
		{
			name: "caught up exactly the fetch timeout ago is lagging", node: 2,
			mod:      func(s *ClusterState) { s.Quorum.Voters[0].LastCaughtUp = 8_000 },
			problems: []string{"voter 1 (last caught up 2000 ms before the leader)"},
		},
		{
			name: "caught up just inside the fetch timeout", node: 2, ok: true,
			mod: func(s *ClusterState) { s.Quorum.Voters[0].LastCaughtUp = 8_001 },
		},
		{
			name: "restarting the active controller needs the two others caught up", node: 3,
			mod:      func(s *ClusterState) { s.Quorum.Voters[1].LastCaughtUp = -1 },
			problems: []string{"restarting controller 3 would leave 1 caught-up voter(s), a majority of 3 voters needs 2"},
		},
		{
			name: "offline partition with a replica on node", node: 1,
			mod: func(s *ClusterState) {
				s.Partitions[0].Leader, s.Partitions[0].ISR = -1, []int32{2}
				s.Partitions[0].MinISR = 1
			},
			problems: []string{"1 partition(s) with a replica on broker 1 have no leader (offline)", "orders-0 (replicas [1,2,3], ISR [2])"},
		},
		{
			name: "offline partition elsewhere does not block", node: 1, ok: true,
			mod: func(s *ClusterState) {
				s.Partitions = append(s.Partitions, PartitionState{Topic: "other", Leader: -1, Replicas: []int32{2, 3}, ISR: []int32{2}, MinISR: 1})
			},
		},
		{
			name: "unreadable min.insync.replicas refuses", node: 1,
			mod: func(s *ClusterState) {
				s.Partitions[2].MinISR, s.Partitions[2].MinISRErr = 0, "not authorized: TOPIC_AUTHORIZATION_FAILED"
			},
			problems: []string{"cannot read min.insync.replicas of 1 partition(s) with a replica on broker 1", "orders-2 (not authorized: TOPIC_AUTHORIZATION_FAILED)"},
		},
		{
			name: "internal topics count", node: 2,
			mod: func(s *ClusterState) {
				s.Partitions = append(s.Partitions,
					PartitionState{Topic: "__consumer_offsets", Partition: 7, Leader: 3, Replicas: []int32{3, 2, 1}, ISR: []int32{3, 2}, MinISR: 2},
					PartitionState{Topic: "__transaction_state", Partition: 1, Leader: 1, Replicas: []int32{1, 2, 3}, ISR: []int32{1}, MinISR: 2})
			},
			problems: []string{
				"would take 1 partition(s) below min.insync.replicas: __consumer_offsets-7 (ISR [3,2], min.insync.replicas 2)",
				"already below min.insync.replicas: __transaction_state-1 (ISR [1], min.insync.replicas 2)",
			},
		},
		{
			name: "quorum unreadable", node: 1,
			mod:      func(s *ClusterState) { s.Quorum, s.QuorumErr = nil, errors.New("DescribeQuorum: boom") },
			problems: []string{"cannot read the KRaft quorum", "DescribeQuorum: boom"},
		},
		{
			name: "broker-only node skips quorum rules", node: 4, ok: true,
			mod:   func(s *ClusterState) { s.Brokers = append(s.Brokers, BrokerState{NodeID: 4}) },
			notes: []string{"broker 4 is not a quorum voter"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := healthy()
			tc.mod(&s)
			v := SafeToRestart(s, tc.node, Limits{})
			check(t, v, tc.ok, tc.problems, tc.notes)
		})
	}
}

func TestReady(t *testing.T) {
	for _, tc := range []struct {
		name     string
		node     int32
		mod      func(*ClusterState)
		ok       bool
		problems []string
		notes    []string
	}{
		{name: "healthy", node: 2, mod: func(*ClusterState) {}, ok: true},
		{name: "missing broker", node: 2, mod: func(s *ClusterState) { s.Brokers = s.Brokers[:1] }, problems: []string{"broker 2 is not registered"}},
		{name: "fenced broker", node: 2, mod: func(s *ClusterState) { s.Brokers[1].Fenced = true }, problems: []string{"broker 2 is registered but fenced"}},
		{
			name: "fencing unknown", node: 2, ok: true,
			mod:   func(s *ClusterState) { s.FencingKnown = false },
			notes: []string{"counts as unfenced because it is in the metadata"},
		},
		{
			name: "under-replicated partition", node: 2,
			mod:      func(s *ClusterState) { s.Partitions[2].ISR = []int32{1, 3} },
			problems: []string{"1 under-replicated partition(s): orders-2 (replicas [1,2,3], ISR [1,3])"},
		},
		{
			name: "lagging voter", node: 2,
			mod:      func(s *ClusterState) { s.Quorum.Voters[1].LastCaughtUp = 7_000 },
			problems: []string{"quorum voters not caught up with leader 3: voter 2 (last caught up 3000 ms before the leader)"},
		},
		{name: "leaderless quorum", node: 1, mod: func(s *ClusterState) { s.Quorum.LeaderID = -1 }, problems: []string{"no leader"}},
		{
			name: "under-replicated partition without a replica on node", node: 2,
			mod: func(s *ClusterState) {
				s.Partitions = append(s.Partitions, PartitionState{Topic: "other", Leader: 1, Replicas: []int32{1, 3}, ISR: []int32{1}, MinISR: 1})
			},
			problems: []string{"1 under-replicated partition(s): other-0 (replicas [1,3], ISR [1])"},
		},
		{
			name: "offline partition", node: 2,
			mod: func(s *ClusterState) {
				s.Partitions = append(s.Partitions, PartitionState{Topic: "other", Leader: -1, Replicas: []int32{1}, ISR: []int32{1}, MinISR: 1})
			},
			problems: []string{"1 partition(s) have no leader (offline): other-0 (replicas [1], ISR [1])"},
		},
		{
			name: "voter not caught up since the election", node: 1,
			mod:      func(s *ClusterState) { s.Quorum.Voters[1].LastCaughtUp = -1 },
			problems: []string{"voter 2 (not caught up since leader 3 was elected"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := healthy()
			tc.mod(&s)
			check(t, Ready(s, tc.node, Limits{}), tc.ok, tc.problems, tc.notes)
		})
	}
}

func TestClusterReady(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mod      func(*ClusterState)
		ok       bool
		problems []string
	}{
		{name: "healthy", mod: func(*ClusterState) {}, ok: true},
		{name: "missing broker 3", mod: func(s *ClusterState) { s.Brokers = s.Brokers[:2] }, problems: []string{"broker(s) not registered: 3"}},
		{name: "fenced broker 1", mod: func(s *ClusterState) { s.Brokers[0].Fenced = true }, problems: []string{"broker(s) fenced: 1"}},
		{name: "leaderless quorum", mod: func(s *ClusterState) { s.Quorum.LeaderID = -1 }, problems: []string{"no leader"}},
		{name: "under-replication does not matter", mod: func(s *ClusterState) { s.Partitions[0].ISR = []int32{1} }, ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := healthy()
			tc.mod(&s)
			check(t, ClusterReady(s, 3, Limits{}), tc.ok, tc.problems, nil)
		})
	}
}

func check(t *testing.T, v Verdict, ok bool, problems, notes []string) {
	t.Helper()
	if v.OK != ok {
		t.Fatalf("OK = %v, want %v; problems: %q", v.OK, ok, v.Problems)
	}
	if ok && len(v.Problems) > 0 {
		t.Fatalf("OK verdict with problems %q", v.Problems)
	}
	for _, want := range problems {
		if !strings.Contains(strings.Join(v.Problems, "\n"), want) {
			t.Errorf("problems %q do not mention %q", v.Problems, want)
		}
	}
	for _, want := range notes {
		if !strings.Contains(strings.Join(v.Notes, "\n"), want) {
			t.Errorf("notes %q do not mention %q", v.Notes, want)
		}
	}
}
