package components

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/plan"
)

// TestKraftBrokerSetWaves (issue 17 item 2): with rollConcurrency zone, 6 brokers over 3 zones
// get one wave step each; a wave's steps wait for every step of the previous wave and for none
// of their own wave; the one-at-a-time chain starts after every wave (the fall-back for a
// refused wave). With the default roll there is no wave step.
func TestKraftBrokerSetWaves(t *testing.T) {
	for _, roll := range []string{config.RollOne, config.RollZone} {
		t.Run(roll, func(t *testing.T) {
			c := bsConfig("")
			c.BrokerCount, c.RollConcurrency = 6, roll
			p, err := plan.Build(c)
			if err != nil {
				t.Fatal(err)
			}
			args := bsArgs(p, bsKplcBinary(t))
			if roll == config.RollZone {
				for _, w := range p.Waves() {
					args.RollWaves = append(args.RollWaves, w.NodeIDs)
				}
			}
			mocks, _ := bsMustRun(t, args)
			var waveSteps []mocktest.Resource
			for _, r := range mocks.ByType(mocktest.TypeRemoteCommand) {
				if strings.Contains(r.Name, "-wave-") {
					waveSteps = append(waveSteps, r)
				}
			}
			if roll == config.RollOne {
				if len(waveSteps) != 0 {
					t.Fatalf("default roll: %d wave steps, want none", len(waveSteps))
				}
				return
			}
			if len(waveSteps) != 6 {
				t.Fatalf("zone roll: %d wave steps, want 6", len(waveSteps))
			}
			waves := p.Waves()
			if fmt.Sprint(waves) != "[{ap-southeast-1a [1 4]} {ap-southeast-1b [2 5]} {ap-southeast-1c [3 6]}]" {
				t.Fatalf("waves %v", waves)
			}
			first := mocks.MustNamed(t, mocktest.TypeRemoteCommand, bsName("configure", 1))
			for wi, w := range waves {
				for _, id := range w.NodeIDs {
					step := mocks.MustNamed(t, mocktest.TypeRemoteCommand, bsName("wave", id))
					if cmd := scriptArgs(step.Str("create")); !strings.Contains(cmd, "wave") || !strings.Contains(cmd, waveOf(args.RollWaves, id)) {
						t.Errorf("wave step of node %d runs %.300q, want --mode wave --wave %s", id, cmd, waveOf(args.RollWaves, id))
					}
					if !first.DependsOnName(bsName("wave", id)) {
						t.Errorf("the chain's first step does not wait for wave step %d", id)
					}
					for wj, other := range waves {
						for _, o := range other.NodeIDs {
							want := wj == wi-1
							if got := step.DependsOnName(bsName("wave", o)); got != want && o != id {
								t.Errorf("wave step %d (wave %d) depends on wave step %d (wave %d) = %v, want %v", id, wi+1, o, wj+1, got, want)
							}
						}
					}
				}
			}
		})
	}
}

// TestKraftBrokerSetRollWavesValidated: every broker in exactly one wave, before anything
// registers.
func TestKraftBrokerSetRollWavesValidated(t *testing.T) {
	for _, tc := range []struct {
		waves [][]int
		want  string
	}{
		{[][]int{{1, 2}, {2, 3}}, "node 2 is in 2 waves"},
		{[][]int{{1, 2}}, "node 3 is in 0 waves"},
		{[][]int{{1, 2, 3, 9}}, "node 9 is not a broker"},
	} {
		args := bsArgs(bsPlan(t, ""), bsKplcBinary(t))
		args.RollWaves = tc.waves
		err := args.Validate("kafka")
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "RollWaves") {
			t.Errorf("RollWaves %v: error %v, want RollWaves: %q", tc.waves, err, tc.want)
		}
	}
}
