package deploy

import (
	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/plan"
)

// The components take plain values, not the plan (so that a library user's build does not
// pull in the stack-config loader); these map the plan to them.

// kraftNodes are the plan's brokers as KraftBrokerSetArgs.Brokers.
func kraftNodes(p *plan.Plan) []components.KraftNode {
	nodes := make([]components.KraftNode, len(p.Brokers))
	for i, b := range p.Brokers {
		roles := make([]string, len(b.Roles))
		for j, r := range b.Roles {
			roles[j] = string(r)
		}
		nodes[i] = components.KraftNode{
			NodeID: b.NodeID, Zone: b.Zone, PrivateIP: b.PrivateIP, Roles: roles, ServerProperties: b.ServerProperties,
		}
	}
	return nodes
}

// saslAuth is the plan's EXTERNAL authentication as the components take it.
func saslAuth(p *plan.Plan) components.SASLAuth {
	return components.SASLAuth{Mechanism: p.Auth.Mechanism, User: p.Auth.User, TopicPrefix: p.Auth.TopicPrefix}
}

// brokerNLBPorts are the brokers' own NLB listener ports in node-id order.
func brokerNLBPorts(p *plan.Plan) []int {
	ports := make([]int, len(p.Brokers))
	for i, b := range p.Brokers {
		ports[i] = b.NLBPort
	}
	return ports
}
