package components

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// waveOf returns the node ids of node's wave, "1,4,7".
func waveOf(waves [][]int, node int) string {
	for _, w := range waves {
		for _, id := range w {
			if id == node {
				ids := make([]string, len(w))
				for i, n := range w {
					ids[i] = strconv.Itoa(n)
				}
				return strings.Join(ids, ",")
			}
		}
	}
	return strconv.Itoa(node)
}

// buildWaves registers, when a.RollWaves is set (rollConcurrency zone), one wave step per broker
// (configure-broker.sh --mode wave): the brokers of one zone restart together behind the wave's
// gate, zone after zone (each wave waits for every step of the previous one). It returns the
// steps of every wave, which the first step of the one-at-a-time chain waits for: the chain
// then finds nothing to do where a wave restarted the broker, and restarts one at a time where
// the wave was refused. With the default roll it registers nothing.
func (comp *KraftBrokerSet) buildWaves(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, s *brokerSteps,
	conns []remote.ConnectionArgs, parent pulumi.ResourceOption, hostDeps func(extra ...pulumi.Resource) pulumi.ResourceOption) ([]pulumi.Resource, error) {
	if len(a.RollWaves) == 0 {
		return nil, nil
	}
	index := map[int]int{}
	for i, b := range a.Brokers {
		index[b.NodeID] = i
	}
	var all, previous []pulumi.Resource
	for wi, w := range a.RollWaves {
		var this []pulumi.Resource
		for _, id := range w {
			i := index[id]
			h, b := comp.Hosts[i], a.Brokers[i]
			deps := append([]pulumi.Resource{h.Install, h.Scripts, h.Start}, previous...)
			if previous == nil {
				deps = append(deps, comp.credential()...)
			}
			step, err := remote.NewCommand(ctx, fmt.Sprintf("%s-wave-%d", name, id), &remote.CommandArgs{
				Connection:             conns[i],
				Create:                 pulumi.String(s.wave[i]),
				Update:                 pulumi.String(s.wave[i]),
				Stdin:                  pulumi.String(b.ServerProperties),
				AddPreviousOutputInEnv: pulumi.Bool(false),
				// As the configure step: a new Kafka version, heap or unit is a restart too.
				Triggers: pulumi.Array{pulumi.String(s.installRevision)},
			}, parent, hostDeps(deps...))
			if err != nil {
				return nil, fmt.Errorf("KraftBrokerSet %q: wave restart of node %d (wave %d): %w", name, id, wi+1, err)
			}
			this = append(this, step)
		}
		all = append(all, this...)
		previous = this
	}
	return all, nil
}

// validateWaves checks RollWaves: nil, or every broker in exactly one wave.
func (args *KraftBrokerSetArgs) validateWaves(fail func(field, value, problem, fix string) error) error {
	if len(args.RollWaves) == 0 {
		return nil
	}
	seen := map[int]int{}
	for _, w := range args.RollWaves {
		for _, id := range w {
			seen[id]++
		}
	}
	for _, b := range args.Brokers {
		if seen[b.NodeID] != 1 {
			return fail("RollWaves", fmt.Sprint(args.RollWaves), fmt.Sprintf("node %d is in %d waves", b.NodeID, seen[b.NodeID]),
				"put every broker in exactly one wave (plan.Plan.Waves), or leave RollWaves nil for one at a time")
		}
		delete(seen, b.NodeID)
	}
	for id := range seen {
		return fail("RollWaves", fmt.Sprint(args.RollWaves), fmt.Sprintf("node %d is not a broker", id), "list only planned node ids")
	}
	return nil
}
