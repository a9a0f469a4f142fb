package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kafka-plc/kafka-plc/kplc"
	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
	"github.com/kafka-plc/kafka-plc/plan"
)

// stackTopology returns the rehearsal topology for a stack and a line
// saying where it came from: the stack's plan when dir holds a Pulumi
// project, else (for the dev stack only) the built-in dev topology.
func stackTopology(dir, stack string) (rehearse.Topology, string, error) {
	if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err != nil && stack == "dev" {
		return rehearse.DefaultTopology(), fmt.Sprintf("built-in dev stack (no Pulumi.yaml in %s): 3 brokers in ap-southeast-1a/b/c, bootstrap 9092, first port 9093", dir), nil
	}
	_, p, _, err := loadStackPlan(dir, stack)
	if err != nil {
		return rehearse.Topology{}, "", fmt.Errorf("--stack %s: %w", stack, err)
	}
	t, err := topologyFromPlan(*p)
	if err != nil {
		return rehearse.Topology{}, "", fmt.Errorf("--stack %s: %w", stack, err)
	}
	return t, fmt.Sprintf("plan of stack %q (%s)", stack, filepath.Join(dir, "Pulumi."+stack+".yaml")), nil
}

// topologyFromPlan maps a plan to the rehearsal's topology: the bootstrap
// port is the plan's "bootstrap" port mapping, and every broker keeps its
// node ID, zone, EXTERNAL host and NLB port.
func topologyFromPlan(p plan.Plan) (rehearse.Topology, error) {
	t := rehearse.Topology{
		HostPattern:   p.TiDBCloud.AdvertisedListenerPattern,
		UniqueName:    p.UniqueName,
		BootstrapPort: p.TiDBCloud.BootstrapPort,
	}
	if t.HostPattern == "" {
		t.HostPattern = kplc.DefaultHostPattern
	}
	for _, m := range p.PortMap {
		if m.ServerGroup == "bootstrap" {
			t.BootstrapPort = m.ListenerPort
		}
	}
	for _, b := range p.Brokers {
		t.Brokers = append(t.Brokers, rehearse.BrokerEndpoint{
			NodeID: int32(b.NodeID), Rack: b.Zone, AdvertisedHost: b.ExternalHost, NLBPort: b.NLBPort,
		})
	}
	if err := t.Validate(); err != nil {
		return t, fmt.Errorf("plan does not give a rehearsable topology: %w", err)
	}
	return t, nil
}
