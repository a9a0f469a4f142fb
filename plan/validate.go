package plan

import (
	"fmt"
	"strings"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// Keys of server.properties that Validate reads.
const (
	// KeyProcessRoles is process.roles: broker, controller or both.
	KeyProcessRoles = kraft.KeyProcessRoles
	// KeyNodeID is node.id, the KRaft node id.
	KeyNodeID = kraft.KeyNodeID
	// KeyQuorumVoters is controller.quorum.voters, the id@host:port list of voters.
	KeyQuorumVoters = kraft.KeyQuorumVoters
	// KeyControllerListenerNames is controller.listener.names, the listeners the controllers use.
	KeyControllerListenerNames = kraft.KeyControllerListenerNames
	// KeyListeners is listeners, what the node binds.
	KeyListeners = kraft.KeyListeners
	// KeyAdvertisedListeners is advertised.listeners, what clients are told.
	KeyAdvertisedListeners = kraft.KeyAdvertisedListeners
	// KeyProtocolMap is listener.security.protocol.map, the security protocol of each listener.
	KeyProtocolMap = kraft.KeyProtocolMap
	// KeyInterBrokerListenerName is inter.broker.listener.name, the replication listener.
	KeyInterBrokerListenerName = kraft.KeyInterBrokerListenerName
	// KeyInterBrokerProtocol is security.inter.broker.protocol, the legacy alternative.
	KeyInterBrokerProtocol = kraft.KeyInterBrokerProtocol
	// KeyLogDirs is log.dirs, the directories holding the partitions and the metadata log.
	KeyLogDirs = "log.dirs"
)

// Rule names one check of Validate: a Kafka 3.7 KRaft start-up rule of package kraft, or
// one of kafka-plc's own.
type Rule = kraft.Rule

// The rules Validate checks. The first group is what a Kafka 3.7 KRaft node enforces at
// start-up (package kraft documents and checks them); the last group is kafka-plc's own.
const (
	// RuleNodeID is the rule that node.id is an integer >= 0.
	RuleNodeID = kraft.RuleNodeID
	// RuleBrokerID is the rule that broker.id, when set, equals node.id.
	RuleBrokerID = kraft.RuleBrokerID
	// RuleQuorumVoters is the rule that controller.quorum.voters is a non-empty list of id@host:port.
	RuleQuorumVoters = kraft.RuleQuorumVoters
	// RuleControllerIsVoter is the rule that a node with the controller role is one of the voters.
	RuleControllerIsVoter = kraft.RuleControllerIsVoter
	// RuleControllerListenerNames is the rule that controller.listener.names is non-empty.
	RuleControllerListenerNames = kraft.RuleControllerListenerNames
	// RuleControllerListenerBound is the rule that a controller binds every controller listener in
	// listeners.
	RuleControllerListenerBound = kraft.RuleControllerListenerBound
	// RuleControllerNotAdvertised is the rule that no controller listener appears in
	// advertised.listeners.
	RuleControllerNotAdvertised = kraft.RuleControllerNotAdvertised
	// RuleBrokerOnlyNotVoter is the rule that a broker-only node is not a voter.
	RuleBrokerOnlyNotVoter = kraft.RuleBrokerOnlyNotVoter
	// RuleBrokerOnlyNoControllerListener is the rule that a broker-only node binds no controller
	// listener.
	RuleBrokerOnlyNoControllerListener = kraft.RuleBrokerOnlyNoControllerListener
	// RuleInterBrokerAdvertised is the rule that the inter-broker listener is advertised and not a
	// controller listener (and only one of inter.broker.listener.name and
	// security.inter.broker.protocol is set).
	RuleInterBrokerAdvertised = kraft.RuleInterBrokerAdvertised
	// RuleAdvertisedSubset is the rule that every advertised listener name is in listeners.
	RuleAdvertisedSubset = kraft.RuleAdvertisedSubset
	// RuleAdvertisedHost is the rule that no advertised host is 0.0.0.0 or :: (kafka-plc also refuses
	// an empty host, which would advertise whatever the machine calls itself).
	RuleAdvertisedHost = kraft.RuleAdvertisedHost
	// RuleUniqueListenerNames is the rule that listener names are unique in listeners and in
	// advertised.listeners.
	RuleUniqueListenerNames = kraft.RuleUniqueListenerNames
	// RuleUniqueListenerPorts is the rule that listener ports are unique in listeners.
	RuleUniqueListenerPorts = kraft.RuleUniqueListenerPorts
	// RuleProtocolMap is the rule that every listener name and controller listener name has a
	// listener.security.protocol.map entry, and the map parses.
	RuleProtocolMap = kraft.RuleProtocolMap
	// RuleListenerSyntax is the rule that listeners and advertised.listeners parse as
	// NAME://host:port,...
	RuleListenerSyntax = kraft.RuleListenerSyntax
	// RuleProcessRoles is the rule that process.roles is set (KRaft mode) to broker, controller or
	// both.
	RuleProcessRoles = kraft.RuleProcessRoles

	// RuleSyntax is the rule that the file parses as Java properties.
	RuleSyntax Rule = "syntax"
	// RuleDuplicateKey is the rule that no key is set twice (Java keeps the last silently).
	RuleDuplicateKey Rule = "duplicate-key"
	// RuleLogDirs is the rule that log.dirs is set to absolute paths (not Kafka's /tmp default).
	RuleLogDirs Rule = "log-dirs"
)

// ValidationError is one broken rule in a server.properties file: the rule, the key, its
// value, the problem and the fix (see [kraft.Error]).
type ValidationError = kraft.Error

// Rules returns the rules of the ValidationErrors among errs, in order.
func Rules(errs []error) []Rule {
	return kraft.Rules(errs)
}

// Validate checks a server.properties text against the rules Kafka 3.7 enforces at start-up
// in KRaft mode ([kraft.Validate]) and kafka-plc's own invariants: the file parses, no key is
// set twice, no advertised host is empty, and log.dirs holds absolute paths; plus Kafka's
// cross-property start-up rules of the tuning keys ([kraft.CheckBrokerProperties]). It returns one
// *ValidationError per broken rule in a stable order (duplicate keys, then the start-up
// rules, then the rest); nil means the file passes.
func Validate(serverProperties string) []error {
	props, err := ParseProperties(serverProperties)
	if err != nil {
		return []error{&ValidationError{Rule: RuleSyntax, Key: "(file)", Problem: err.Error(),
			Fix: "write each \\u escape as \\u followed by exactly four hex digits"}}
	}
	var errs []error
	m := map[string]string{}
	seen := map[string]int{}
	for _, p := range props {
		seen[p.Key]++
		if seen[p.Key] == 2 {
			errs = append(errs, &ValidationError{Rule: RuleDuplicateKey, Key: p.Key, Value: p.Value,
				Problem: "is set more than once; Java keeps the last silently, so which one is meant is unclear",
				Fix:     "delete all but one of them"})
		}
		m[p.Key] = p.Value
	}
	errs = append(errs, kraft.Validate(m)...)
	errs = append(errs, kraft.CheckBrokerProperties(m)...)
	errs = append(errs, advertisedHostsNamed(m)...)
	return append(errs, logDirs(m)...)
}

// advertisedHostsNamed refuses an advertised listener without a host: Kafka would advertise
// whatever the machine calls itself, which clients behind PrivateLink cannot resolve.
func advertisedHostsNamed(props map[string]string) []error {
	raw, set := props[KeyAdvertisedListeners]
	from := ""
	if !set {
		from = " (taken from listeners, as advertised.listeners is not set)"
	}
	var errs []error
	for _, e := range kraft.AdvertisedListeners(props) {
		if e.Host == "" {
			errs = append(errs, &ValidationError{Rule: RuleAdvertisedHost, Key: KeyAdvertisedListeners, Value: raw, Missing: !set,
				Problem: fmt.Sprintf("advertises %s with no host%s; name the host clients must use", e.Name, from),
				Fix:     fmt.Sprintf("advertise %s://<host clients use>:%d", e.Name, e.Port)})
		}
	}
	return errs
}

// logDirs refuses a missing log.dirs (Kafka's default is under /tmp) and relative paths.
func logDirs(props map[string]string) []error {
	raw, ok := props[KeyLogDirs]
	dirs := kraft.SplitList(raw)
	if !ok || len(dirs) == 0 {
		return []error{&ValidationError{Rule: RuleLogDirs, Key: KeyLogDirs, Value: raw, Missing: !ok,
			Problem: "must be set; Kafka's default is under /tmp, which the OS may clean",
			Fix:     "set log.dirs=" + LogDir}}
	}
	var errs []error
	for _, d := range dirs {
		if !strings.HasPrefix(d, "/") {
			errs = append(errs, &ValidationError{Rule: RuleLogDirs, Key: KeyLogDirs, Value: raw,
				Problem: fmt.Sprintf("%q is not an absolute path", d), Fix: "use absolute paths on the data disk"})
		}
	}
	return errs
}
