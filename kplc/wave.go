package kplc

import (
	"context"
	"fmt"
	"slices"
)

// SafeToRestartWave applies the restart rules to restarting every broker of wave at once
// (node must be one of them), as a zone-parallel roll does: each wave member's gate asks it,
// and counts the other members as restarting too, so that their replicas - down, or out of the
// ISR, while they restart - are not held against each other. It refuses, with WaveRefused set
// (the caller then restarts the wave's brokers one at a time instead), when:
//
//   - a partition has two or more replicas in the wave (a zone that holds two copies: the wave
//     would take both down at once);
//   - the in-sync replicas of a partition with a replica in the wave, outside the wave, are
//     fewer than its min.insync.replicas;
//   - the wave holds quorum voters and the caught-up voters outside it are not a majority.
//
// It refuses without WaveRefused on what no roll can restart through: an offline partition or
// an unreadable min.insync.replicas. A one-broker wave is SafeToRestart.
func SafeToRestartWave(s ClusterState, node int32, wave []int32, lim Limits) Verdict {
	if len(wave) <= 1 {
		return SafeToRestart(s, node, lim)
	}
	var v Verdict
	if !slices.Contains(wave, node) {
		v.problem("broker %d is not in the wave %s", node, ids(wave))
		return v.done()
	}
	var offline, unknown, shared, below []string
	for _, p := range s.Partitions {
		in := 0
		for _, r := range p.Replicas {
			if slices.Contains(wave, r) {
				in++
			}
		}
		if in == 0 {
			continue
		}
		outside := 0
		for _, r := range p.ISR {
			if !slices.Contains(wave, r) {
				outside++
			}
		}
		switch {
		case p.Offline():
			offline = append(offline, fmt.Sprintf("%s (replicas %s, ISR %s)", p.Name(), ids(p.Replicas), ids(p.ISR)))
		case p.MinISR <= 0:
			unknown = append(unknown, fmt.Sprintf("%s (%s)", p.Name(), p.MinISRErr))
		case in >= 2:
			shared = append(shared, fmt.Sprintf("%s (replicas %s)", p.Name(), ids(p.Replicas)))
		case outside < p.MinISR:
			below = append(below, fmt.Sprintf("%s (ISR %s, %d outside the wave, min.insync.replicas %d)", p.Name(), ids(p.ISR), outside, p.MinISR))
		}
	}
	if len(offline) > 0 {
		v.problem("%d partition(s) with a replica in the wave %s have no leader (offline); bring their replicas back before restarting anything: %s", len(offline), ids(wave), listed(offline))
	}
	if len(unknown) > 0 {
		v.problem("cannot read min.insync.replicas of %d partition(s) with a replica in the wave %s (grant DescribeConfigs on those topics): %s", len(unknown), ids(wave), listed(unknown))
	}
	structural := len(offline) == 0 && len(unknown) == 0
	if len(shared) > 0 {
		v.problem("wave %s refused: %d partition(s) have two or more replicas in it, which would restart together: %s", ids(wave), len(shared), listed(shared))
		v.WaveRefused = structural
		// The assignment does not change by waiting: refuse at once (the caller falls back).
		v.final = structural
	}
	if len(below) > 0 {
		v.problem("wave %s refused: restarting it would leave %d partition(s) below min.insync.replicas: %s", ids(wave), len(below), listed(below))
		v.WaveRefused = structural
	}
	waveQuorum(&v, s, wave, lim, structural)
	return v.done()
}

// waveQuorum adds the quorum rule for a wave: the voters outside it that are caught up must be a
// majority of all voters. A refusal marks the wave refused when refusable.
func waveQuorum(v *Verdict, s ClusterState, wave []int32, lim Limits, refusable bool) {
	if s.Quorum == nil {
		quorumVerdict(v, s, wave[0], lim, true)
		return
	}
	q := s.Quorum
	inWave := 0
	for _, voter := range q.Voters {
		if slices.Contains(wave, voter.NodeID) {
			inWave++
		}
	}
	if inWave == 0 {
		v.note("no broker of the wave %s is a quorum voter; quorum rules do not apply", ids(wave))
		return
	}
	if q.LeaderID < 0 {
		v.problem("the KRaft quorum has no leader (voters %s)", voterIDs(q))
		v.NoQuorum = true
		return
	}
	caught := 0
	var lagging []string
	for _, voter := range q.Voters {
		if slices.Contains(wave, voter.NodeID) {
			continue
		}
		if caughtUp(q, voter, lim) {
			caught++
		} else {
			lagging = append(lagging, lagText(q, voter))
		}
	}
	if need := len(q.Voters)/2 + 1; caught < need {
		v.problem("wave %s refused: it holds %d of %d quorum voters and would leave %d caught-up voter(s) outside it, a majority needs %d; lagging: %s",
			ids(wave), inWave, len(q.Voters), caught, need, listed(lagging))
		v.WaveRefused = v.WaveRefused || refusable
	}
}

// WaitSafeToRestartWave polls until [SafeToRestartWave] holds or ctx ends, as
// [WaitSafeToRestart]; a wave refused for its layout (WaveRefused) cannot change by waiting,
// but its ISR or quorum part can, so it polls all the same.
func WaitSafeToRestartWave(ctx context.Context, o Options, node int32, wave []int32, w WaitOptions) (Verdict, error) {
	return wait(ctx, o, w, func(s ClusterState) Verdict { return SafeToRestartWave(s, node, wave, w.Limits) })
}
