package propsedit

import (
	"errors"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// Kafka keys that the edit reads or writes.
const (
	KeyListeners        = kraft.KeyListeners               // KeyListeners is the bind list.
	KeyAdvertised       = kraft.KeyAdvertisedListeners     // KeyAdvertised is what clients are told.
	KeyProtocolMap      = kraft.KeyProtocolMap             // KeyProtocolMap maps names to protocols.
	KeyProcessRoles     = kraft.KeyProcessRoles            // KeyProcessRoles marks a KRaft node.
	KeyNodeID           = kraft.KeyNodeID                  // KeyNodeID is the KRaft node id.
	KeyBrokerID         = kraft.KeyBrokerID                // KeyBrokerID must equal node.id if set.
	KeyVoters           = kraft.KeyQuorumVoters            // KeyVoters lists id@host:port voters.
	KeyControllerNames  = kraft.KeyControllerListenerNames // KeyControllerNames names controller listeners.
	KeyInterBrokerName  = kraft.KeyInterBrokerListenerName // KeyInterBrokerName is the replication listener.
	KeyInterBrokerProto = kraft.KeyInterBrokerProtocol     // KeyInterBrokerProto is its legacy alternative.
	KeyZooKeeper        = kraft.KeyZooKeeper               // KeyZooKeeper marks a ZooKeeper-mode broker.
)

// ValidateKRaft checks props (as loaded by Java: decoded keys and values) against the rules
// a Kafka 3.7 KRaft node enforces at start-up ([kraft.Validate], which documents them) and
// returns one [*Error] (Kind ErrKRaftRule, Rule naming the rule) per broken rule, in a stable
// order; nil means the node would pass these checks.
func ValidateKRaft(props map[string]string) []error {
	var out []error
	for _, err := range kraft.Validate(props) {
		var ke *kraft.Error
		if !errors.As(err, &ke) {
			out = append(out, err)
			continue
		}
		out = append(out, &Error{Kind: ErrKRaftRule, Rule: ke.Rule, Key: ke.Key, Value: ke.Value, Missing: ke.Missing,
			Problem: ke.Problem, Fix: ke.Fix})
	}
	return out
}
