package components

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/plan"
)

// waveOf returns the node ids of node's zone wave, "1,4,7" (rollConcurrency zone).
func waveOf(p *plan.Plan, node int) string {
	for _, w := range p.Waves() {
		for _, id := range w.NodeIDs {
			if id == node {
				ids := make([]string, len(w.NodeIDs))
				for i, n := range w.NodeIDs {
					ids[i] = strconv.Itoa(n)
				}
				return strings.Join(ids, ",")
			}
		}
	}
	return strconv.Itoa(node)
}

// buildWaves registers, with rollConcurrency zone, one wave step per broker
// (configure-broker.sh --mode wave): the brokers of one zone restart together behind the wave's
// gate, zone after zone (each wave waits for every step of the previous one). It returns the
// steps of every wave, which the first step of the one-at-a-time chain waits for: the chain
// then finds nothing to do where a wave restarted the broker, and restarts one at a time where
// the wave was refused. With the default roll it registers nothing.
func (comp *KraftBrokerSet) buildWaves(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, s *brokerSteps,
	parent pulumi.ResourceOption, hostDeps func(extra ...pulumi.Resource) pulumi.ResourceOption) ([]pulumi.Resource, error) {
	p := a.Plan
	if p.RollConcurrency != config.RollZone {
		return nil, nil
	}
	index := map[int]int{}
	for i, b := range p.Brokers {
		index[b.NodeID] = i
	}
	var all, previous []pulumi.Resource
	for _, w := range p.Waves() {
		var this []pulumi.Resource
		for _, id := range w.NodeIDs {
			i := index[id]
			h, b := comp.Hosts[i], p.Brokers[i]
			deps := append([]pulumi.Resource{h.Install, h.Start}, previous...)
			if previous == nil {
				deps = append(deps, comp.credential()...)
			}
			step, err := remote.NewCommand(ctx, fmt.Sprintf("%s-wave-%d", name, id), &remote.CommandArgs{
				Connection:             a.SSH.viaBastion(h.PrivateIP),
				Create:                 pulumi.String(s.wave[i]),
				Update:                 pulumi.String(s.wave[i]),
				Stdin:                  pulumi.String(b.ServerProperties),
				AddPreviousOutputInEnv: pulumi.Bool(false),
				// As the configure step: a new Kafka version, heap or unit is a restart too.
				Triggers: pulumi.Array{pulumi.String(s.installRevision)},
			}, parent, hostDeps(deps...))
			if err != nil {
				return nil, fmt.Errorf("KraftBrokerSet %q: wave restart of node %d (zone %s): %w", name, id, w.Zone, err)
			}
			this = append(this, step)
		}
		all = append(all, this...)
		previous = this
	}
	return all, nil
}
