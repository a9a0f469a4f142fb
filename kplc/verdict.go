package kplc

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Limits bound what counts as "caught up" for a KRaft voter.
type Limits struct {
	// MaxCaughtUpAge bounds how far a voter's last caught-up time may trail
	// the leader's (strictly less, as Strimzi checks); zero means 2 s, the
	// default controller.quorum.fetch.timeout.ms.
	MaxCaughtUpAge time.Duration
	// MaxLag is how many offsets a voter's log end may trail the high
	// watermark when timestamps are unknown; zero means 1000.
	MaxLag int64
}

func (l Limits) age() int64 {
	if l.MaxCaughtUpAge > 0 {
		return l.MaxCaughtUpAge.Milliseconds()
	}
	return 2000
}

func (l Limits) lag() int64 {
	if l.MaxLag > 0 {
		return l.MaxLag
	}
	return 1000
}

// Verdict is the outcome of a check: OK when Problems is empty.
type Verdict struct {
	// OK is true when nothing is wrong.
	OK bool `json:"ok"`
	// Problems says what is wrong, one line each.
	Problems []string `json:"problems,omitempty"`
	// Notes are remarks that do not change the outcome.
	Notes []string `json:"notes,omitempty"`
	// NoQuorum is true when the verdict failed because no bootstrap address answered or the
	// KRaft quorum has no leader: the cluster has not formed (yet), or has lost its quorum.
	// configure-broker.sh tells the two apart with its cluster-formed marker.
	NoQuorum bool `json:"noQuorum,omitempty"`
	// WaveRefused is true when a zone wave may not restart together (SafeToRestartWave): a
	// partition with two replicas in it, too few in-sync replicas or voters outside it. Its
	// brokers then restart one at a time, each behind its own gate.
	WaveRefused bool `json:"waveRefused,omitempty"`
	// final is true when waiting cannot change the outcome (the rehearsal has no quorum to
	// read): the wait gates return at once.
	final bool
}

func (v *Verdict) problem(format string, args ...any) {
	v.Problems = append(v.Problems, fmt.Sprintf(format, args...))
}

func (v *Verdict) note(format string, args ...any) {
	v.Notes = append(v.Notes, fmt.Sprintf(format, args...))
}

func (v Verdict) done() Verdict {
	v.OK = len(v.Problems) == 0
	return v
}

// caughtUp reports whether voter v is caught up with the quorum leader,
// the rule Strimzi applies: the leader itself always is; otherwise, when
// the answer carries timestamps (DescribeQuorum v1+), the voter's last
// caught-up time trails the leader's by less than MaxCaughtUpAge (Kafka
// reports the leader's own entry as "now", and both come from the leader's
// clock, so clock skew does not matter), and a voter at -1 has not caught
// up since this leader was elected. Only a v0 answer, which has no
// timestamps, falls back to the log end trailing the high watermark by at
// most MaxLag.
func caughtUp(q *QuorumState, v VoterState, lim Limits) bool {
	if v.NodeID == q.LeaderID {
		return true
	}
	if q.TimestampsKnown {
		leader, ok := q.Voter(q.LeaderID)
		return ok && leader.LastCaughtUp >= 0 && v.LastCaughtUp >= 0 && leader.LastCaughtUp-v.LastCaughtUp < lim.age()
	}
	return v.LogEndOffset >= 0 && q.HighWatermark >= 0 && q.HighWatermark-v.LogEndOffset <= lim.lag()
}

func ids(s []int32) string {
	parts := make([]string, len(s))
	for i, id := range s {
		parts[i] = fmt.Sprint(id)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// listed joins at most 10 items and says how many more there are.
func listed(items []string) string {
	if len(items) <= 10 {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:10], ", ") + fmt.Sprintf(" and %d more", len(items)-10)
}

// SafeToRestart applies the Strimzi rule to restarting node: it refuses
// when any partition with a replica on node (internal topics such as
// __consumer_offsets and __transaction_state included) has no leader, has
// an unreadable min.insync.replicas, has ISR < min.insync.replicas, or has
// ISR == min.insync.replicas with node in the ISR; and, when node is a
// KRaft voter, when the quorum has no leader or too few voters other than
// node are caught up to keep a majority of all voters.
func SafeToRestart(s ClusterState, node int32, lim Limits) Verdict {
	var v Verdict
	if _, ok := s.Broker(node); !ok {
		v.note("broker %d is not registered (already stopped?)", node)
	}
	var offline, unknown, below, atMin []string
	for _, p := range s.Partitions {
		if !slices.Contains(p.Replicas, node) {
			continue
		}
		switch {
		case p.Offline():
			offline = append(offline, fmt.Sprintf("%s (replicas %s, ISR %s)", p.Name(), ids(p.Replicas), ids(p.ISR)))
		case p.MinISR <= 0:
			unknown = append(unknown, fmt.Sprintf("%s (%s)", p.Name(), p.MinISRErr))
		case len(p.ISR) < p.MinISR:
			below = append(below, fmt.Sprintf("%s (ISR %s, min.insync.replicas %d)", p.Name(), ids(p.ISR), p.MinISR))
		case len(p.ISR) == p.MinISR && slices.Contains(p.ISR, node):
			atMin = append(atMin, fmt.Sprintf("%s (ISR %s, min.insync.replicas %d)", p.Name(), ids(p.ISR), p.MinISR))
		}
	}
	if len(offline) > 0 {
		v.problem("%d partition(s) with a replica on broker %d have no leader (offline); bring their replicas back before restarting anything: %s", len(offline), node, listed(offline))
	}
	if len(unknown) > 0 {
		v.problem("cannot read min.insync.replicas of %d partition(s) with a replica on broker %d, so cannot tell whether restarting it is safe (grant DescribeConfigs on those topics): %s", len(unknown), node, listed(unknown))
	}
	if len(below) > 0 {
		v.problem("%d partition(s) with a replica on broker %d are already below min.insync.replicas: %s", len(below), node, listed(below))
	}
	if len(atMin) > 0 {
		v.problem("restarting broker %d would take %d partition(s) below min.insync.replicas: %s", node, len(atMin), listed(atMin))
	}
	quorumVerdict(&v, s, node, lim, true)
	return v.done()
}

// quorumVerdict adds the controller rules. For a restart (restart=true) it
// requires, excluding node, a caught-up majority; for readiness it
// requires every voter to be caught up.
func quorumVerdict(v *Verdict, s ClusterState, node int32, lim Limits, restart bool) {
	if errors.Is(s.QuorumErr, ErrRehearsalQuorum) {
		v.problem("%s", ErrRehearsalQuorum)
		v.final = true
		return
	}
	if s.Quorum == nil {
		reason := "unknown"
		if s.QuorumErr != nil {
			reason = s.QuorumErr.Error()
		}
		v.problem("cannot read the KRaft quorum, so cannot tell whether broker %d is a controller or the quorum is healthy: %s", node, reason)
		return
	}
	q := s.Quorum
	if _, isVoter := q.Voter(node); !isVoter {
		v.note("broker %d is not a quorum voter; quorum rules do not apply", node)
		return
	}
	if q.LeaderID < 0 {
		v.problem("the KRaft quorum has no leader (voters %s)", voterIDs(q))
		v.NoQuorum = true
		return
	}
	var lagging []string
	caught := 0
	for _, voter := range q.Voters {
		if caughtUp(q, voter, lim) {
			if voter.NodeID != node || !restart {
				caught++
			}
			continue
		}
		lagging = append(lagging, lagText(q, voter))
	}
	if restart {
		need := len(q.Voters)/2 + 1
		if caught < need {
			v.problem("restarting controller %d would leave %d caught-up voter(s), a majority of %d voters needs %d; lagging: %s", node, caught, len(q.Voters), need, listed(lagging))
		}
		if q.LeaderID == node {
			v.note("broker %d is the active controller: restart it last", node)
		}
		return
	}
	if len(lagging) > 0 {
		v.problem("quorum voters not caught up with leader %d: %s", q.LeaderID, listed(lagging))
	}
}

func voterIDs(q *QuorumState) string {
	s := make([]int32, len(q.Voters))
	for i, v := range q.Voters {
		s[i] = v.NodeID
	}
	return ids(s)
}

func lagText(q *QuorumState, v VoterState) string {
	leader, ok := q.Voter(q.LeaderID)
	switch {
	case !q.TimestampsKnown:
		return fmt.Sprintf("voter %d (log end %d, high watermark %d)", v.NodeID, v.LogEndOffset, q.HighWatermark)
	case v.LastCaughtUp < 0:
		return fmt.Sprintf("voter %d (not caught up since leader %d was elected; log end %d, high watermark %d)", v.NodeID, q.LeaderID, v.LogEndOffset, q.HighWatermark)
	case !ok || leader.LastCaughtUp < 0:
		return fmt.Sprintf("voter %d (leader %d is not among the voters)", v.NodeID, q.LeaderID)
	}
	return fmt.Sprintf("voter %d (last caught up %d ms before the leader)", v.NodeID, leader.LastCaughtUp-v.LastCaughtUp)
}

// Ready says whether node is back in service: registered and unfenced, no
// partition of any topic offline or under-replicated (ISR smaller than the
// replica set, as kafka-topics --under-replicated-partitions counts) and, when node is a voter, the quorum has a
// leader and every voter is caught up.
func Ready(s ClusterState, node int32, lim Limits) Verdict {
	var v Verdict
	brokerVerdict(&v, s, node)
	var offline, urp []string
	for _, p := range s.Partitions {
		switch {
		case p.Offline():
			offline = append(offline, fmt.Sprintf("%s (replicas %s, ISR %s)", p.Name(), ids(p.Replicas), ids(p.ISR)))
		case len(p.ISR) < len(p.Replicas):
			urp = append(urp, fmt.Sprintf("%s (replicas %s, ISR %s)", p.Name(), ids(p.Replicas), ids(p.ISR)))
		}
	}
	if len(offline) > 0 {
		v.problem("%d partition(s) have no leader (offline): %s", len(offline), listed(offline))
	}
	if len(urp) > 0 {
		v.problem("%d under-replicated partition(s): %s", len(urp), listed(urp))
	}
	quorumVerdict(&v, s, node, lim, false)
	return v.done()
}

func brokerVerdict(v *Verdict, s ClusterState, node int32) {
	b, ok := s.Broker(node)
	switch {
	case !ok:
		v.problem("broker %d is not registered", node)
	case b.Fenced:
		v.problem("broker %d is registered but fenced", node)
	}
	if ok && !s.FencingKnown {
		v.note("this Kafka does not report fenced brokers (DescribeCluster < v2); broker %d counts as unfenced because it is in the metadata, which in KRaft lists only unfenced brokers", node)
	}
}

// ClusterReady says whether nodes 1..n are all registered and unfenced and
// the quorum has a leader.
func ClusterReady(s ClusterState, n int, lim Limits) Verdict {
	var v Verdict
	var missing, fenced []string
	for id := int32(1); id <= int32(n); id++ {
		b, ok := s.Broker(id)
		switch {
		case !ok:
			missing = append(missing, fmt.Sprint(id))
		case b.Fenced:
			fenced = append(fenced, fmt.Sprint(id))
		}
	}
	if len(missing) > 0 {
		v.problem("broker(s) not registered: %s", strings.Join(missing, ", "))
	}
	if len(fenced) > 0 {
		v.problem("broker(s) fenced: %s", strings.Join(fenced, ", "))
	}
	if !s.FencingKnown {
		v.note("fenced state not reported (DescribeCluster < v2); registered brokers count as unfenced")
	}
	switch {
	case errors.Is(s.QuorumErr, ErrRehearsalQuorum):
		v.problem("%s", ErrRehearsalQuorum)
		v.final = true
	case s.Quorum == nil:
		reason := "unknown"
		if s.QuorumErr != nil {
			reason = s.QuorumErr.Error()
		}
		v.problem("cannot read the KRaft quorum: %s", reason)
	case s.Quorum.LeaderID < 0:
		v.problem("the KRaft quorum has no leader (voters %s)", voterIDs(s.Quorum))
		v.NoQuorum = true
	}
	return v.done()
}
