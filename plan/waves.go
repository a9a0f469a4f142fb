package plan

import "github.com/kafka-plc/kafka-plc/config"

// Wave is a set of brokers a later change restarts together, behind one gate.
type Wave struct {
	// Zone is the zone of every broker of the wave ("" for a one-broker wave of the default
	// roll).
	Zone string
	// NodeIDs are the wave's brokers, in node order.
	NodeIDs []int
}

// Waves returns the order in which a later change restarts the brokers: with the default roll
// (config.RollOne) one broker per wave, in node order; with config.RollZone one wave per zone,
// in the order of Zones, each with the zone's brokers in node order. Each wave starts when the
// previous one ended. A zone wave's gate refuses the whole wave when a partition has two
// replicas in it or the quorum would lose its majority; its brokers then restart one at a time.
func (p *Plan) Waves() []Wave {
	if p.RollConcurrency != config.RollZone {
		out := make([]Wave, len(p.Brokers))
		for i, b := range p.Brokers {
			out[i] = Wave{NodeIDs: []int{b.NodeID}}
		}
		return out
	}
	var out []Wave
	for _, z := range p.Zones {
		w := Wave{Zone: z.Name}
		for _, b := range p.Brokers {
			if b.Zone == z.Name {
				w.NodeIDs = append(w.NodeIDs, b.NodeID)
			}
		}
		if len(w.NodeIDs) > 0 {
			out = append(out, w)
		}
	}
	return out
}
