package plan

import (
	"fmt"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
)

// TestWaves: the default roll is one broker per wave in node order; the zone roll one wave per
// zone, in zone order, each the zone's brokers in node order (broker i is in zone (i-1) mod 3).
func TestWaves(t *testing.T) {
	zones := []Zone{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	brokers := func(n int) []Broker {
		out := make([]Broker, n)
		for i := range out {
			out[i] = Broker{NodeID: i + 1, Zone: zones[i%3].Name}
		}
		return out
	}
	for _, tc := range []struct {
		roll    string
		n       int
		want    string
		wantLen int
	}{
		{config.RollOne, 3, "[{ [1]} { [2]} { [3]}]", 3},
		{"", 2, "[{ [1]} { [2]}]", 2},
		{config.RollZone, 3, "[{a [1]} {b [2]} {c [3]}]", 3},
		{config.RollZone, 7, "[{a [1 4 7]} {b [2 5]} {c [3 6]}]", 3},
		{config.RollZone, 48, "", 3},
	} {
		p := &Plan{Zones: zones, Brokers: brokers(tc.n), RollConcurrency: tc.roll}
		got := p.Waves()
		if len(got) != tc.wantLen {
			t.Errorf("%s, %d brokers: %d waves, want %d", tc.roll, tc.n, len(got), tc.wantLen)
		}
		if tc.want != "" && fmt.Sprint(got) != tc.want {
			t.Errorf("%s, %d brokers: waves %v, want %s", tc.roll, tc.n, got, tc.want)
		}
		seen := 0
		for _, w := range got {
			seen += len(w.NodeIDs)
		}
		if seen != tc.n {
			t.Errorf("%s, %d brokers: waves hold %d brokers", tc.roll, tc.n, seen)
		}
	}
}
