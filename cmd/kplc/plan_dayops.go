package main

import (
	"fmt"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/plan"
)

// afterRoll describes the bastion steps that follow the brokers' configure steps in mode new
// (components/brokerset.go, brokerset_dayops.go): when each runs and what it does.
func afterRoll(c *config.Config, p *plan.Plan) []string {
	n := len(p.Brokers)
	steps := []string{
		fmt.Sprintf("kplc cluster-ready --brokers %d: every broker registered and the quorum led (after any configure step changed)", n),
		fmt.Sprintf("kplc finalize-features --brokers %d: once per kafkaVersion (now %s), raises metadata.version to the highest level every broker supports, "+
			"the last step of an upgrade; nothing to do when it is there already. A later kafkaVersion of an older release line is refused before anything changes", n, c.KafkaVersion),
	}
	if c.RebalanceAfterScaleOut {
		steps = append(steps, fmt.Sprintf("kplc rebalance --brokers %d --throttle %d: once per brokerCount (now %d), moves replicas so every broker holds its share "+
			"(one replica per zone, preferred leaders spread), throttled to %d bytes/s per broker, and waits for the copies; brokers above node %d are drained first "+
			"(rebalanceAfterScaleOut: true)", n, c.RebalanceThrottleBytes, n, c.RebalanceThrottleBytes, n))
	} else {
		steps = append(steps, fmt.Sprintf("no rebalance (rebalanceAfterScaleOut: false): after a scale-out run `kplc rebalance --bootstrap %s --dry-run` on the bastion, then without --dry-run",
			p.InternalBootstrap()))
	}
	return steps
}
