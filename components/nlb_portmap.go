package components

import (
	"slices"
	"strconv"
)

// Server group names of the standard port map.
const (
	// BootstrapServerGroup is the server group of the bootstrap listener, which reaches every
	// broker.
	BootstrapServerGroup = "bootstrap"
	// BrokerServerGroupPrefix prefixes the per-broker server groups: "broker-<node id>".
	BrokerServerGroupPrefix = "broker-"
)

// StandardPortMap returns the standard layout of a KafkaNlb's listeners for the brokers with
// the given node ids: first the bootstrap listener on bootstrapPort, reaching every broker,
// then one listener per broker in ascending node-id order, on firstBrokerPort,
// firstBrokerPort+1, ... Broker b's listener port is the port b must advertise for its
// EXTERNAL listener. The ids are not modified; duplicates and bad ports are left for
// KafkaNlbArgs.Validate to report.
func StandardPortMap(bootstrapPort, firstBrokerPort int, nodeIDs []int) []NlbPortMapping {
	ids := slices.Sorted(slices.Values(nodeIDs))
	out := []NlbPortMapping{{ListenerPort: bootstrapPort, ServerGroup: BootstrapServerGroup, NodeIDs: slices.Clone(ids)}}
	for i, id := range ids {
		out = append(out, NlbPortMapping{
			ListenerPort: firstBrokerPort + i,
			ServerGroup:  BrokerServerGroupPrefix + strconv.Itoa(id),
			NodeIDs:      []int{id},
		})
	}
	return out
}

// NodeIDs returns the node ids of brokers, in the order given: the argument StandardPortMap
// takes.
func NodeIDs(brokers []NlbBroker) []int {
	ids := make([]int, len(brokers))
	for i, b := range brokers {
		ids[i] = b.NodeID
	}
	return ids
}
