package reassign

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// zones3 are brokers 1..n round-robin over three zones, as kafka-plc places them.
func zones3(n int) []Broker {
	var out []Broker
	for id := 1; id <= n; id++ {
		out = append(out, Broker{ID: int32(id), Rack: fmt.Sprintf("zone-%c", 'a'+(id-1)%3)})
	}
	return out
}

// onFirst returns count partitions of topic t with rf replicas on brokers 1..rf, the preferred
// leader rotating: what a cluster of rf brokers looks like before a scale-out.
func onFirst(t string, count, rf int) []Partition {
	var out []Partition
	for p := 0; p < count; p++ {
		var reps []int32
		for i := 0; i < rf; i++ {
			reps = append(reps, int32((p+i)%rf+1))
		}
		out = append(out, Partition{Topic: t, Partition: int32(p), Replicas: reps})
	}
	return out
}

// apply returns the partitions after the moves.
func apply(ps []Partition, moves []Move) []Partition {
	out := make([]Partition, len(ps))
	for i, p := range ps {
		out[i] = Partition{Topic: p.Topic, Partition: p.Partition, Replicas: slices.Clone(p.Replicas)}
		for _, m := range moves {
			if m.Topic == p.Topic && m.Partition == p.Partition {
				out[i].Replicas = slices.Clone(m.To)
			}
		}
	}
	return out
}

// spread returns max-min of the counts.
func spread(m map[int32]int) int {
	lo, hi := -1, -1
	for _, n := range m {
		if lo < 0 || n < lo {
			lo = n
		}
		if n > hi {
			hi = n
		}
	}
	return hi - lo
}

// TestPlan: the planner's guarantees on the scale-outs and drains kafka-plc runs: balanced
// replica and leader counts, one replica per zone, no replica on an excluded broker, every move
// needed (planning again gives none) and no more data moved than the shares require.
func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		name       string
		brokers    []Broker
		parts      []Partition
		exclude    []int32
		wantCopies int // replicas copied; -1: not checked
	}{
		// 150 replicas over 6 brokers: 25 each, so brokers 4..6 take 75 and nothing else moves.
		{"3 to 6, 50 partitions RF 3", zones3(6), onFirst("orders", 50, 3), nil, 75},
		{"3 to 4, one new broker in zone-a", zones3(4), onFirst("orders", 12, 3), nil, -1},
		{"3 to 9, two topics", zones3(9), append(onFirst("a", 30, 3), onFirst("b", 7, 3)...), nil, -1},
		{"balanced already", zones3(3), onFirst("orders", 9, 3), nil, 0},
		{"drain broker 6 of 6", zones3(6), apply(onFirst("t", 24, 3), mustPlan(t, zones3(6), onFirst("t", 24, 3), nil).Moves), []int32{6}, 24 * 3 / 6},
		{"no racks: distinct brokers only", []Broker{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4}}, onFirst("t", 8, 3), nil, 6},
		{"RF 1", zones3(4), onFirst("t", 8, 1), nil, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustPlan(t, tc.brokers, tc.parts, tc.exclude)
			after := apply(tc.parts, res.Moves)
			rack := map[int32]string{}
			for _, b := range tc.brokers {
				rack[b.ID] = b.Rack
			}
			racks := map[string]bool{}
			for _, b := range tc.brokers {
				if !slices.Contains(tc.exclude, b.ID) {
					racks[b.Rack] = true
				}
			}
			for _, p := range after {
				seen, perRack := map[int32]bool{}, map[string]int{}
				for _, r := range p.Replicas {
					if seen[r] {
						t.Errorf("%s: broker %d twice in %v", p.Name(), r, p.Replicas)
					}
					seen[r] = true
					perRack[rack[r]]++
					if slices.Contains(tc.exclude, r) {
						t.Errorf("%s: replica left on excluded broker %d: %v", p.Name(), r, p.Replicas)
					}
				}
				limit := (len(p.Replicas) + len(racks) - 1) / len(racks)
				for z, n := range perRack {
					if n > limit {
						t.Errorf("%s: %d replicas in %q (limit %d): %v", p.Name(), n, z, limit, p.Replicas)
					}
				}
			}
			// Within a zone the counts differ by at most one; across zones too when every zone
			// has as many brokers (otherwise one replica per zone fixes the zones' totals).
			perRack, sizes := map[string]map[int32]int{}, map[string]int{}
			for id, n := range res.Load {
				if perRack[rack[id]] == nil {
					perRack[rack[id]] = map[int32]int{}
				}
				perRack[rack[id]][id] = n
				sizes[rack[id]]++
			}
			for z, m := range perRack {
				if s := spread(m); s > 1 {
					t.Errorf("replica counts in %q %v spread %d, want at most 1", z, m, s)
				}
			}
			equal := true
			for _, n := range sizes {
				equal = equal && n == sizes[rack[tc.brokers[0].ID]]
			}
			if s := spread(res.Load); equal && s > 1 {
				t.Errorf("replica counts %v spread %d, want at most 1", res.Load, s)
			}
			if s := spread(res.Leaders); s > 1 {
				t.Errorf("preferred-leader counts %v spread %d, want at most 1", res.Leaders, s)
			}
			if tc.wantCopies >= 0 && res.ReplicaMoves != tc.wantCopies {
				t.Errorf("%d replicas copied, want %d", res.ReplicaMoves, tc.wantCopies)
			}
			if again := mustPlan(t, tc.brokers, after, tc.exclude); len(again.Moves) != 0 {
				t.Errorf("planning again on the result moves %d partitions, want none (idempotent): %v", len(again.Moves), again.Moves)
			}
		})
	}
}

// mustPlan plans or fails the test.
func mustPlan(t *testing.T, brokers []Broker, parts []Partition, exclude []int32) *Result {
	t.Helper()
	res, err := Plan(brokers, parts, Options{Exclude: exclude})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	return res
}

// TestPlanKeepsLeaderPosition: a moved replica takes the position of the one it replaces, so
// a data move never changes the leader by itself, and the Move reports what it copies.
func TestPlanKeepsLeaderPosition(t *testing.T) {
	res := mustPlan(t, zones3(4), []Partition{{Topic: "t", Partition: 0, Replicas: []int32{1, 2, 3}}, {Topic: "t", Partition: 1, Replicas: []int32{2, 3, 1}}}, nil)
	for _, m := range res.Moves {
		if m.LeaderOnly() {
			continue
		}
		for i := range m.From {
			if m.From[i] != m.To[i] && !slices.Contains(m.Removing(), m.From[i]) {
				t.Errorf("%v: position %d changed from a kept replica", m, i)
			}
		}
		if got := m.Adding(); len(got) != 1 || got[0] != 4 {
			t.Errorf("%v: adds %v, want [4]", m, got)
		}
	}
	if res.ReplicaMoves != 1 {
		t.Errorf("%d replicas copied for 6 replicas on 4 brokers, want 1 (2,2,1,1)", res.ReplicaMoves)
	}
}

// TestPlanRefuses: the clusters the planner refuses, each with the problem and a fix.
func TestPlanRefuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		brokers []Broker
		parts   []Partition
		exclude []int32
		want    string
	}{
		{"replica on an unregistered broker", zones3(3), []Partition{{Topic: "t", Replicas: []int32{1, 2, 4}}}, nil, "t-0 has a replica on broker 4, which is not registered"},
		{"too few brokers left", zones3(3), []Partition{{Topic: "t", Replicas: []int32{1, 2, 3}}}, []int32{3}, "t-0 has 3 replicas but only 2 brokers would remain"},
		{"every broker excluded", zones3(1), nil, []int32{1}, "every broker is excluded"},
		{"racks partly set", []Broker{{ID: 1, Rack: "a"}, {ID: 2}}, nil, nil, "1 of 2 brokers have a broker.rack"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Plan(tc.brokers, tc.parts, Options{Exclude: tc.exclude})
			var pe *Error
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) || pe.Fix == "" {
				t.Fatalf("Plan: %v\nwant an *Error with %q and a fix", err, tc.want)
			}
		})
	}
}

// TestPlanDoesNotModifyInput: the caller's partitions are left as they were.
func TestPlanDoesNotModifyInput(t *testing.T) {
	parts := onFirst("t", 6, 3)
	before := apply(parts, nil)
	mustPlan(t, zones3(6), parts, nil)
	if !reflect.DeepEqual(parts, before) {
		t.Errorf("Plan changed its input")
	}
}

// BenchmarkPlanThreeToSix is the figure of issue 14: the plan for 3 → 6 brokers (three zones)
// with 50 partitions of RF 3 on brokers 1..3. Run:
//
//	go test ./reassign -run XXX -bench PlanThreeToSix -benchmem
func BenchmarkPlanThreeToSix(b *testing.B) {
	brokers, parts := zones3(6), onFirst("orders", 50, 3)
	var res *Result
	for b.Loop() {
		var err error
		if res, err = Plan(brokers, parts, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Moves)), "moves")
	b.ReportMetric(float64(res.ReplicaMoves), "replicas-copied")
	b.ReportMetric(float64(res.LeaderChanges), "leader-changes")
}
