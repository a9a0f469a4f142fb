// Package reassign plans partition reassignments: which replicas to move so that every broker
// holds its share of a cluster's replicas, the replicas of each partition sit in distinct racks
// (zones) as far as the racks allow, and preferred leaders are spread over the brokers. It is
// pure Go with no I/O; `kplc rebalance` (package kplc) reads the cluster, plans with [Plan] and
// applies the moves with Kafka's AlterPartitionAssignments API.
//
// The plan is deterministic (the same cluster gives the same moves) and minimal in the sense
// that it only moves a replica to lower the spread of replica counts, to fix a rack violation or
// to drain an excluded broker; planning again on its result gives no moves, so a rebalance is
// idempotent and can be resumed by planning again.
package reassign

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Broker is one registered broker.
type Broker struct {
	// ID is the broker's node.id.
	ID int32
	// Rack is its broker.rack (kafka-plc sets the zone), or "" when unset.
	Rack string
}

// Partition is one partition and its replicas, preferred leader first.
type Partition struct {
	// Topic is the topic name.
	Topic string
	// Partition is the partition number.
	Partition int32
	// Replicas are the assigned replicas in Kafka's order: the first is the preferred leader.
	Replicas []int32
	// Leader is the current leader (-1 for none); the planner does not use it.
	Leader int32
}

// Name is "topic-partition".
func (p Partition) Name() string { return fmt.Sprintf("%s-%d", p.Topic, p.Partition) }

// Move changes one partition's replicas from From to To (both in preferred-leader order).
type Move struct {
	// Topic is the topic name.
	Topic string `json:"topic"`
	// Partition is the partition number.
	Partition int32 `json:"partition"`
	// From are the replicas before the move.
	From []int32 `json:"from"`
	// To are the replicas after it.
	To []int32 `json:"to"`
}

// Name is "topic-partition".
func (m Move) Name() string { return fmt.Sprintf("%s-%d", m.Topic, m.Partition) }

// Adding are the brokers that get a new replica (data is copied to them).
func (m Move) Adding() []int32 { return minus(m.To, m.From) }

// Removing are the brokers that lose their replica.
func (m Move) Removing() []int32 { return minus(m.From, m.To) }

// LeaderOnly reports whether the move only reorders the replicas (no data moves): it changes
// the preferred leader alone.
func (m Move) LeaderOnly() bool { return len(m.Adding()) == 0 }

// String is "topic-p: [1 2 3] -> [4 2 3]".
func (m Move) String() string { return fmt.Sprintf("%s: %v -> %v", m.Name(), m.From, m.To) }

// Options say what to plan.
type Options struct {
	// Exclude are brokers to drain: every replica moves off them, and none moves onto them.
	Exclude []int32
}

// Result is a plan.
type Result struct {
	// Moves are the partitions to reassign, in topic and partition order.
	Moves []Move
	// ReplicaMoves is how many replicas are copied to another broker (the data moved).
	ReplicaMoves int
	// LeaderChanges is how many partitions get another preferred leader.
	LeaderChanges int
	// Load is each eligible broker's replica count after the moves.
	Load map[int32]int
	// Leaders is each eligible broker's preferred-leader count after the moves.
	Leaders map[int32]int
}

// Error is a cluster that cannot be planned: nothing is moved.
type Error struct {
	// Problem says what is wrong.
	Problem string
	// Fix says what to do.
	Fix string
}

// Error is the problem and the fix.
func (e *Error) Error() string { return e.Problem + "; fix: " + e.Fix }

// planner holds the working assignment.
type planner struct {
	eligible []int32          // sorted
	rack     map[int32]string // eligible brokers' racks
	racks    int              // distinct racks among eligible brokers
	parts    []Partition      // working copy, sorted
	load     map[int32]int
}

// Plan returns the moves that drain opts.Exclude, place each partition's replicas in distinct
// racks as far as possible (at most ceil(RF/racks) replicas of a partition per rack), spread the
// replicas so that replica counts of the eligible brokers differ by at most one wherever the
// rack rule allows it, and spread preferred leaders the same way. A replica moves to the
// least loaded broker that keeps the rack rule, at the position of the replica it replaces, so a
// leader stays leader unless leaders must be spread.
//
// It refuses (*Error) a replica on a broker that is neither registered nor excluded (a broker
// that is down: bring it back, or drain it with Exclude), a partition whose replication
// factor is above the number of eligible brokers, and brokers whose racks are partly unset
// (Kafka refuses such a mix too).
func Plan(brokers []Broker, partitions []Partition, opts Options) (*Result, error) {
	excluded := map[int32]bool{}
	for _, id := range opts.Exclude {
		excluded[id] = true
	}
	p := &planner{rack: map[int32]string{}, load: map[int32]int{}}
	registered := map[int32]bool{}
	withRack := 0
	for _, b := range brokers {
		registered[b.ID] = true
		if b.Rack != "" {
			withRack++
		}
		if !excluded[b.ID] {
			p.eligible = append(p.eligible, b.ID)
			p.rack[b.ID] = b.Rack
			p.load[b.ID] = 0
		}
	}
	if withRack != 0 && withRack != len(brokers) {
		return nil, &Error{Problem: fmt.Sprintf("%d of %d brokers have a broker.rack", withRack, len(brokers)),
			Fix: "give every broker its broker.rack (kafka-plc sets the zone) or none"}
	}
	slices.Sort(p.eligible)
	if len(p.eligible) == 0 {
		return nil, &Error{Problem: "every broker is excluded", Fix: "exclude fewer brokers"}
	}
	distinct := map[string]bool{}
	for _, id := range p.eligible {
		distinct[p.rack[id]] = true
	}
	p.racks = len(distinct)

	p.parts = make([]Partition, len(partitions))
	for i, pt := range partitions {
		p.parts[i] = Partition{Topic: pt.Topic, Partition: pt.Partition, Replicas: slices.Clone(pt.Replicas)}
	}
	sort.Slice(p.parts, func(i, j int) bool {
		a, b := p.parts[i], p.parts[j]
		return a.Topic < b.Topic || a.Topic == b.Topic && a.Partition < b.Partition
	})
	var problems []string
	for _, pt := range p.parts {
		if len(pt.Replicas) > len(p.eligible) {
			problems = append(problems, fmt.Sprintf("%s has %d replicas but only %d brokers would remain", pt.Name(), len(pt.Replicas), len(p.eligible)))
		}
		for _, r := range pt.Replicas {
			switch {
			case excluded[r]:
			case !registered[r]:
				problems = append(problems, fmt.Sprintf("%s has a replica on broker %d, which is not registered", pt.Name(), r))
			default:
				p.load[r]++
			}
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("and %d more", len(problems)-5))
		}
		return nil, &Error{Problem: strings.Join(problems, "; "),
			Fix: "bring a broker that is down back first (see the README, Replacing a broker), or drain it with --exclude N; keep at least as many brokers as the largest replication factor"}
	}

	p.drain(excluded)
	p.fixRacks()
	p.balance()
	leaders := p.spreadLeaders()

	res := &Result{Load: p.load, Leaders: leaders}
	for i, pt := range p.parts {
		orig := partitionsByName(partitions, pt.Topic, pt.Partition)
		if slices.Equal(orig, p.parts[i].Replicas) {
			continue
		}
		m := Move{Topic: pt.Topic, Partition: pt.Partition, From: slices.Clone(orig), To: slices.Clone(pt.Replicas)}
		res.ReplicaMoves += len(m.Adding())
		if len(orig) > 0 && orig[0] != m.To[0] {
			res.LeaderChanges++
		}
		res.Moves = append(res.Moves, m)
	}
	return res, nil
}

// partitionsByName returns the original replicas of a partition.
func partitionsByName(ps []Partition, topic string, partition int32) []int32 {
	for _, p := range ps {
		if p.Topic == topic && p.Partition == partition {
			return p.Replicas
		}
	}
	return nil
}

// capPerRack is how many replicas of a partition of replication factor rf one rack may hold.
func (p *planner) capPerRack(rf int) int { return (rf + p.racks - 1) / p.racks }

// rackCount counts a partition's replicas per rack, skipping index skip (-1 for none).
func (p *planner) rackCount(replicas []int32, skip int) map[string]int {
	n := map[string]int{}
	for i, r := range replicas {
		if i != skip {
			n[p.rack[r]]++
		}
	}
	return n
}

// fits reports whether broker b may take index i of replicas: it holds no other replica of the
// partition and its rack stays within the cap.
func (p *planner) fits(replicas []int32, i int, b int32) bool {
	for j, r := range replicas {
		if j != i && r == b {
			return false
		}
	}
	return p.rackCount(replicas, i)[p.rack[b]]+1 <= p.capPerRack(len(replicas))
}

// byLoad returns the eligible brokers, least loaded first (then by ID).
func (p *planner) byLoad() []int32 {
	out := slices.Clone(p.eligible)
	sort.SliceStable(out, func(i, j int) bool { return p.load[out[i]] < p.load[out[j]] })
	return out
}

// place replaces index i of partition k with the least loaded broker that fits, preferring
// prefRack on ties; ok is false when none fits.
func (p *planner) place(k, i int, prefRack string) bool {
	reps := p.parts[k].Replicas
	best := int32(-1)
	for _, b := range p.byLoad() {
		if !p.fits(reps, i, b) {
			continue
		}
		if best < 0 {
			best = b
			continue
		}
		if p.load[b] > p.load[best] {
			break
		}
		if p.rack[b] == prefRack && p.rack[best] != prefRack {
			best = b
		}
	}
	if best < 0 {
		return false
	}
	if _, eligible := p.load[reps[i]]; eligible {
		p.load[reps[i]]--
	}
	reps[i] = best
	p.load[best]++
	return true
}

// drain moves every replica off the excluded brokers.
func (p *planner) drain(excluded map[int32]bool) {
	for k := range p.parts {
		for i, r := range p.parts[k].Replicas {
			if excluded[r] {
				// Fits is checked against the other replicas only, so a broker is always found
				// when there are enough eligible brokers (checked above); the rack rule may
				// then still be broken, which fixRacks repairs.
				if !p.place(k, i, "") {
					p.placeIgnoringRack(k, i)
				}
			}
		}
	}
}

// placeIgnoringRack replaces index i of partition k with the least loaded broker that holds no
// replica of it.
func (p *planner) placeIgnoringRack(k, i int) {
	reps := p.parts[k].Replicas
	for _, b := range p.byLoad() {
		if !slices.Contains(reps, b) {
			reps[i] = b
			p.load[b]++
			return
		}
	}
}

// fixRacks moves replicas out of racks that hold more than their share of a partition.
func (p *planner) fixRacks() {
	for k := range p.parts {
		reps := p.parts[k].Replicas
		limit := p.capPerRack(len(reps))
		for {
			over := ""
			for rack, n := range p.rackCount(reps, -1) {
				if n > limit && (over == "" || rack < over) {
					over = rack
				}
			}
			if over == "" {
				break
			}
			// Move the replica of that rack on the most loaded broker, never the leader if
			// another one will do.
			idx := -1
			for i := len(reps) - 1; i >= 0; i-- {
				if p.rack[reps[i]] == over && (idx < 0 || p.load[reps[i]] > p.load[reps[idx]]) {
					idx = i
				}
			}
			if !p.place(k, idx, "") {
				break
			}
		}
	}
}

// balance moves replicas from the most to the least loaded brokers while that lowers the
// spread: each move takes one replica from a broker with at least two more than the receiver,
// so the sum of squared loads falls and the loop ends.
func (p *planner) balance() {
	for {
		moved := false
		order := p.byLoad()
		// Most loaded first.
		for hi := len(order) - 1; hi >= 0 && !moved; hi-- {
			h := order[hi]
			for _, l := range order {
				if p.load[h]-p.load[l] < 2 {
					break
				}
				if p.moveOne(h, l) {
					moved = true
					break
				}
			}
		}
		if !moved {
			return
		}
	}
}

// moveOne moves one replica from broker h to broker l, of the first partition (in order) where
// the rack rule allows it, preferring a replica that is not the preferred leader.
func (p *planner) moveOne(h, l int32) bool {
	for pass := 0; pass < 2; pass++ {
		for k := range p.parts {
			reps := p.parts[k].Replicas
			i := slices.Index(reps, h)
			if i < 0 || (pass == 0 && i == 0) || !p.fits(reps, i, l) {
				continue
			}
			reps[i] = l
			p.load[h]--
			p.load[l]++
			return true
		}
	}
	return false
}

// spreadLeaders reorders replicas so that preferred-leader counts differ by at most one where
// the replica sets allow it. A broker h with at least two leaderships more than a broker l
// hands one over along a chain h → b1 → ... → l, each step a partition led by one broker that
// has the next one as a replica (brokers of one zone never share a partition, so a direct
// hand-over is often impossible); the brokers in between keep their counts. Each hand-over
// lowers the sum of squared counts, so the loop ends. It returns the counts.
func (p *planner) spreadLeaders() map[int32]int {
	leaders := map[int32]int{}
	for _, b := range p.eligible {
		leaders[b] = 0
	}
	for _, pt := range p.parts {
		if len(pt.Replicas) > 0 {
			leaders[pt.Replicas[0]]++
		}
	}
	for p.handOver(leaders) {
	}
	return leaders
}

// handOver finds the most loaded broker (in leaderships) that can hand one leadership to a
// broker with at least two fewer along a chain, and does it; false when there is none.
func (p *planner) handOver(leaders map[int32]int) bool {
	order := slices.Clone(p.eligible)
	sort.SliceStable(order, func(i, j int) bool { return leaders[order[i]] > leaders[order[j]] })
	for _, h := range order {
		// Breadth-first over "u leads a partition that has v": via[v] is the partition and
		// the position of v in it.
		type hop struct {
			from int32
			k, i int
		}
		via := map[int32]hop{h: {from: -1}}
		queue := []int32{h}
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			if leaders[u] <= leaders[h]-2 {
				for v := u; v != h; {
					st := via[v]
					reps := p.parts[st.k].Replicas
					reps[0], reps[st.i] = reps[st.i], reps[0]
					v = st.from
				}
				leaders[h]--
				leaders[u]++
				return true
			}
			for k, pt := range p.parts {
				if len(pt.Replicas) < 2 || pt.Replicas[0] != u {
					continue
				}
				for i := 1; i < len(pt.Replicas); i++ {
					v := pt.Replicas[i]
					if _, seen := via[v]; !seen {
						via[v] = hop{from: u, k: k, i: i}
						queue = append(queue, v)
					}
				}
			}
		}
	}
	return false
}

// minus returns the elements of a not in b.
func minus(a, b []int32) []int32 {
	var out []int32
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
