package kraft

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Keys of server.properties that the start-up rules read.
const (
	// KeyProcessRoles is process.roles; set, it makes the node a KRaft node.
	KeyProcessRoles = "process.roles"
	// KeyNodeID is node.id, the KRaft node id.
	KeyNodeID = "node.id"
	// KeyBrokerID is broker.id, which must equal node.id when set.
	KeyBrokerID = "broker.id"
	// KeyQuorumVoters is controller.quorum.voters, the id@host:port list of voters.
	KeyQuorumVoters = "controller.quorum.voters"
	// KeyControllerListenerNames is controller.listener.names, the listeners the controllers use.
	KeyControllerListenerNames = "controller.listener.names"
	// KeyListeners is listeners, what the node binds.
	KeyListeners = "listeners"
	// KeyAdvertisedListeners is advertised.listeners, what clients are told.
	KeyAdvertisedListeners = "advertised.listeners"
	// KeyProtocolMap is listener.security.protocol.map, the security protocol of each listener.
	KeyProtocolMap = "listener.security.protocol.map"
	// KeyInterBrokerListenerName is inter.broker.listener.name, the replication listener.
	KeyInterBrokerListenerName = "inter.broker.listener.name"
	// KeyInterBrokerProtocol is security.inter.broker.protocol, the legacy alternative.
	KeyInterBrokerProtocol = "security.inter.broker.protocol"
	// KeyZooKeeper is zookeeper.connect, which marks a ZooKeeper-mode broker.
	KeyZooKeeper = "zookeeper.connect"
)

// Rule names one start-up rule that [Validate] checks.
type Rule string

// The rules a Kafka 3.7 KRaft node enforces at start-up, in the order Validate reports them.
const (
	// RuleProcessRoles is the rule that process.roles is set (KRaft mode) to broker and/or controller,
	// each once.
	RuleProcessRoles Rule = "process-roles"
	// RuleNodeID is the rule that node.id is an integer >= 0.
	RuleNodeID Rule = "node-id"
	// RuleBrokerID is the rule that broker.id, when set, equals node.id.
	RuleBrokerID Rule = "broker-id"
	// RuleQuorumVoters is the rule that controller.quorum.voters is a non-empty list of id@host:port
	// with distinct ids.
	RuleQuorumVoters Rule = "quorum-voters"
	// RuleControllerIsVoter is the rule that a node with the controller role is one of the voters.
	RuleControllerIsVoter Rule = "controller-is-voter"
	// RuleBrokerOnlyNotVoter is the rule that a broker-only node is not a voter.
	RuleBrokerOnlyNotVoter Rule = "broker-only-not-voter"
	// RuleControllerListenerNames is the rule that controller.listener.names is non-empty.
	RuleControllerListenerNames Rule = "controller-listener-names"
	// RuleListenerSyntax is the rule that listeners and advertised.listeners parse as
	// NAME://host:port,...
	RuleListenerSyntax Rule = "listener-syntax"
	// RuleUniqueListenerNames is the rule that listener names are unique in listeners and in
	// advertised.listeners.
	RuleUniqueListenerNames Rule = "unique-listener-names"
	// RuleUniqueListenerPorts is the rule that listener ports (other than 0) are unique in listeners.
	RuleUniqueListenerPorts Rule = "unique-listener-ports"
	// RuleControllerListenerBound is the rule that a controller binds every controller listener in
	// listeners.
	RuleControllerListenerBound Rule = "controller-listener-in-listeners"
	// RuleBrokerOnlyNoControllerListener is the rule that a broker-only node binds no controller
	// listener.
	RuleBrokerOnlyNoControllerListener Rule = "broker-only-no-controller-listener"
	// RuleAdvertisedSubset is the rule that every advertised listener name is in listeners.
	RuleAdvertisedSubset Rule = "advertised-subset-of-listeners"
	// RuleControllerNotAdvertised is the rule that no controller listener is advertised (allowed only
	// from 3.9).
	RuleControllerNotAdvertised Rule = "controller-not-advertised"
	// RuleAdvertisedHost is the rule that no advertised host is 0.0.0.0 or ::, whether
	// advertised.listeners is set or taken from listeners.
	RuleAdvertisedHost Rule = "advertised-host"
	// RuleInterBrokerAdvertised is the rule that, on a broker, the inter-broker listener is advertised
	// and is not a controller listener, and only one of inter.broker.listener.name and
	// security.inter.broker.protocol is set.
	RuleInterBrokerAdvertised Rule = "inter-broker-advertised"
	// RuleProtocolMap is the rule that listener.security.protocol.map parses, and every listener name
	// and controller listener name has a protocol (Kafka's default map applies when it is unset).
	RuleProtocolMap Rule = "protocol-map"
)

// Error is one broken rule: the key at fault, its value, what is wrong and the fix.
type Error struct {
	// Rule is the rule that is broken.
	Rule Rule
	// Key is the property at fault.
	Key string
	// Value is the property's value ("" when it is missing).
	Value string
	// Missing reports that the key is not set at all.
	Missing bool
	// Problem says what is wrong.
	Problem string
	// Fix says what to change; it may be empty.
	Fix string
}

// Error formats the error on one line: key, value, problem, fix and rule.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Missing {
		fmt.Fprintf(&b, "%s (not set)", e.Key)
	} else {
		fmt.Fprintf(&b, "%s = %q", e.Key, e.Value)
	}
	b.WriteString(": ")
	b.WriteString(e.Problem)
	if e.Fix != "" {
		b.WriteString("; fix: ")
		b.WriteString(e.Fix)
	}
	fmt.Fprintf(&b, " [%s]", e.Rule)
	return b.String()
}

// Rules returns the rules of the [*Error]s among errs, in order.
func Rules(errs []error) []Rule {
	var out []Rule
	for _, err := range errs {
		if e, ok := err.(*Error); ok {
			out = append(out, e.Rule)
		}
	}
	return out
}

// Validate checks props (as Java loads them: decoded keys and values, the last of duplicate
// keys kept) against the rules a Kafka 3.7 KRaft node enforces at start-up (see the Rule
// constants). It returns one [*Error] per broken rule in a stable order; nil means the node
// would pass these checks. A listener item that does not parse is reported and left out of
// the checks that follow, so that one typo is not reported again under other rules.
func Validate(props map[string]string) []error {
	v := &validator{props: props}
	v.run()
	return v.errs
}

// AdvertisedListeners returns the endpoints Kafka advertises for props: advertised.listeners
// when set, otherwise listeners (Kafka's default when unset) minus the controller listeners.
// Items that do not parse are left out ([Validate] reports them).
func AdvertisedListeners(props map[string]string) []Endpoint {
	if raw, ok := props[KeyAdvertisedListeners]; ok {
		eps, _ := parseEndpoints(raw)
		return eps
	}
	eps, _ := parseEndpoints(listenersValue(props))
	return withoutNames(eps, ParseNames(props[KeyControllerListenerNames]))
}

// listenersValue is the listeners value Kafka uses: the key's, or its default when unset.
func listenersValue(props map[string]string) string {
	if raw, ok := props[KeyListeners]; ok {
		return raw
	}
	return DefaultListeners
}

func withoutNames(eps []Endpoint, names []string) []Endpoint {
	var out []Endpoint
	for _, e := range eps {
		if !contains(names, e.Name) {
			out = append(out, e)
		}
	}
	return out
}

type validator struct {
	props map[string]string
	errs  []error
}

func (v *validator) bad(rule Rule, key, problem, fix string) {
	val, ok := v.props[key]
	v.errs = append(v.errs, &Error{Rule: rule, Key: key, Value: val, Missing: !ok, Problem: problem, Fix: fix})
}

func (v *validator) run() {
	broker, controller := v.roles()
	nodeID, nodeOK := v.nodeID()
	v.voters(nodeID, nodeOK, broker, controller)

	ctrlNames := ParseNames(v.props[KeyControllerListenerNames])
	if len(ctrlNames) == 0 {
		v.bad(RuleControllerListenerNames, KeyControllerListenerNames,
			"a KRaft node needs at least one controller listener name", "set controller.listener.names=CONTROLLER")
	}
	listeners := v.listeners()
	bound := map[string]bool{}
	for _, l := range listeners {
		bound[l.Name] = true
	}
	for _, n := range ctrlNames {
		switch {
		case controller && !bound[n]:
			v.bad(RuleControllerListenerBound, KeyListeners,
				"has no "+n+" listener, which controller.listener.names requires on a controller",
				"add "+n+"://:<port> to listeners")
		case !controller && broker && bound[n]:
			v.bad(RuleBrokerOnlyNoControllerListener, KeyListeners,
				"a broker-only node binds controller listener "+n,
				"remove "+n+" from listeners (only controllers bind it)")
		}
	}
	advertised := v.advertised(listeners, bound, ctrlNames)
	if broker {
		v.interBroker(advertised, ctrlNames)
	}
	v.protocolMap(listeners, ctrlNames)
	v.sasl(listeners, ctrlNames, broker)
}

// roles checks process.roles and reports which roles the node has.
func (v *validator) roles() (broker, controller bool) {
	const fix = "set process.roles=broker,controller (combined) or process.roles=broker"
	raw, ok := v.props[KeyProcessRoles]
	items := SplitList(raw)
	switch {
	case !ok:
		v.bad(RuleProcessRoles, KeyProcessRoles, "not set, so this is not a KRaft node (Kafka would start in ZooKeeper mode)", fix)
		return false, false
	case len(items) == 0:
		v.bad(RuleProcessRoles, KeyProcessRoles, "empty, so this is not a KRaft node", fix)
		return false, false
	}
	for _, r := range items {
		switch strings.ToLower(r) {
		case "broker":
			if broker {
				v.bad(RuleProcessRoles, KeyProcessRoles, "lists role broker twice", "list each role once")
			}
			broker = true
		case "controller":
			if controller {
				v.bad(RuleProcessRoles, KeyProcessRoles, "lists role controller twice", "list each role once")
			}
			controller = true
		default:
			v.bad(RuleProcessRoles, KeyProcessRoles, "has unknown role "+strconv.Quote(r), "use broker and/or controller")
		}
	}
	return broker, controller
}

// nodeID checks node.id and broker.id and returns the node id.
func (v *validator) nodeID() (int, bool) {
	const fix = "set node.id to this node's id (an integer >= 0)"
	raw, ok := v.props[KeyNodeID]
	if !ok {
		v.bad(RuleNodeID, KeyNodeID, "a KRaft node needs a node id", fix)
		return 0, false
	}
	id, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || id < 0 {
		v.bad(RuleNodeID, KeyNodeID, "not an integer >= 0", fix)
		return 0, false
	}
	if b, ok := v.props[KeyBrokerID]; ok {
		if n, err := strconv.Atoi(strings.TrimSpace(b)); err != nil || n != id {
			v.bad(RuleBrokerID, KeyBrokerID, fmt.Sprintf("differs from node.id=%d", id), "remove broker.id or set it to the node.id value")
		}
	}
	return id, true
}

// voters checks controller.quorum.voters and that the node's roles match its membership.
func (v *validator) voters(nodeID int, nodeOK, broker, controller bool) {
	voters, err := parseVoters(v.props[KeyQuorumVoters])
	switch {
	case err != nil:
		v.bad(RuleQuorumVoters, KeyQuorumVoters, err.Error(),
			"list every controller as id@host:port,... (e.g. 1@10.0.1.11:29092)")
	case nodeOK && controller && !voters[nodeID]:
		v.bad(RuleControllerIsVoter, KeyQuorumVoters,
			fmt.Sprintf("node.id %d has the controller role but is not a voter", nodeID),
			fmt.Sprintf("add %d@<host>:<controller port> to controller.quorum.voters", nodeID))
	case nodeOK && broker && !controller && voters[nodeID]:
		v.bad(RuleBrokerOnlyNotVoter, KeyQuorumVoters,
			fmt.Sprintf("node.id %d is broker-only (process.roles=broker) but listed as a voter", nodeID),
			"remove it from controller.quorum.voters or add controller to process.roles")
	}
}

// listeners parses listeners (Kafka's default when unset) and checks names and ports are unique.
func (v *validator) listeners() []Endpoint {
	eps, errs := parseEndpoints(listenersValue(v.props))
	for _, err := range errs {
		v.bad(RuleListenerSyntax, KeyListeners, err.Error(), "write each listener as NAME://host:port, comma separated")
	}
	names := map[string]bool{}
	ports := map[int]string{}
	for _, e := range eps {
		if names[e.Name] {
			v.bad(RuleUniqueListenerNames, KeyListeners, "names listener "+e.Name+" twice", "give every listener a distinct name")
		}
		names[e.Name] = true
		if other, dup := ports[e.Port]; dup && e.Port != 0 {
			v.bad(RuleUniqueListenerPorts, KeyListeners,
				fmt.Sprintf("port %d is used by both %s and %s", e.Port, other, e.Name), "give every listener a distinct port")
		} else {
			ports[e.Port] = e.Name
		}
	}
	return eps
}

// advertised checks advertised.listeners, or what Kafka advertises when it is unset, and
// returns the advertised endpoints.
func (v *validator) advertised(listeners []Endpoint, bound map[string]bool, ctrlNames []string) []Endpoint {
	raw, set := v.props[KeyAdvertisedListeners]
	var adv []Endpoint
	from := ""
	if set {
		var errs []error
		adv, errs = parseEndpoints(raw)
		for _, err := range errs {
			v.bad(RuleListenerSyntax, KeyAdvertisedListeners, err.Error(), "write each listener as NAME://host:port, comma separated")
		}
		seen := map[string]bool{}
		for _, e := range adv {
			switch {
			case seen[e.Name]:
				v.bad(RuleUniqueListenerNames, KeyAdvertisedListeners, "advertises listener "+e.Name+" twice", "advertise each listener once")
			case !bound[e.Name]:
				v.bad(RuleAdvertisedSubset, KeyAdvertisedListeners,
					"advertises "+e.Name+", which is not in listeners", "add "+e.Name+" to listeners or remove it here")
			}
			seen[e.Name] = true
		}
	} else {
		// Kafka advertises the listeners minus the controller listeners when unset.
		adv = withoutNames(listeners, ctrlNames)
		from = " (taken from listeners, as advertised.listeners is not set)"
	}
	for _, e := range adv {
		if contains(ctrlNames, e.Name) {
			v.bad(RuleControllerNotAdvertised, KeyAdvertisedListeners,
				"advertises controller listener "+e.Name+"; Kafka 3.7 refuses that (allowed only from 3.9)",
				"remove "+e.Name+" from advertised.listeners")
		}
		if e.Host == "0.0.0.0" || e.Host == "::" {
			v.bad(RuleAdvertisedHost, KeyAdvertisedListeners,
				"advertises "+e.Name+" on the non-routable address "+e.Host+from,
				"advertise a host name or IP clients can reach")
		}
	}
	return adv
}

// interBroker checks that the listener brokers replicate over is advertised.
func (v *validator) interBroker(advertised []Endpoint, ctrlNames []string) {
	name, nameSet := v.props[KeyInterBrokerListenerName]
	proto, protoSet := v.props[KeyInterBrokerProtocol]
	key, how := KeyInterBrokerListenerName, ""
	switch {
	case nameSet && protoSet:
		v.bad(RuleInterBrokerAdvertised, key, "is set together with security.inter.broker.protocol; Kafka refuses both",
			"keep only inter.broker.listener.name")
		return
	case protoSet:
		key, name = KeyInterBrokerProtocol, proto
	case !nameSet:
		name, how = "PLAINTEXT", "; PLAINTEXT is Kafka's default when neither inter.broker.listener.name nor security.inter.broker.protocol is set"
	}
	name = strings.ToUpper(strings.TrimSpace(name))
	if contains(ctrlNames, name) {
		v.bad(RuleInterBrokerAdvertised, key, "inter-broker listener "+name+" is a controller listener",
			"use a broker listener for inter-broker traffic")
		return
	}
	var names []string
	for _, e := range advertised {
		if e.Name == name {
			return
		}
		names = append(names, e.Name)
	}
	v.bad(RuleInterBrokerAdvertised, key,
		"inter-broker listener "+name+" is not an advertised listener (advertised: "+strings.Join(names, ", ")+")"+how,
		"set inter.broker.listener.name to one of the advertised listener names")
}

// protocolMap checks that every listener and controller listener name has a protocol.
func (v *validator) protocolMap(listeners []Endpoint, ctrlNames []string) {
	raw, set := v.props[KeyProtocolMap]
	m, err := EffectiveProtocolMap(raw, set, listeners, ctrlNames)
	if err != nil {
		v.bad(RuleProtocolMap, KeyProtocolMap, err.Error(),
			"write it as NAME:PROTOCOL,... with protocols from "+strings.Join(Protocols, ", "))
		return
	}
	var missing []string
	need := append([]string(nil), ctrlNames...)
	for _, l := range listeners {
		need = append(need, l.Name)
	}
	for _, n := range need {
		if _, ok := m[n]; !ok && !contains(missing, n) {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	how := ""
	if !set {
		how = " in Kafka's default map (the key is not set)"
	}
	for _, n := range missing {
		v.bad(RuleProtocolMap, KeyProtocolMap, "listener "+n+" has no security protocol"+how,
			"add "+n+":<PROTOCOL> to listener.security.protocol.map")
	}
}

func contains(items []string, s string) bool {
	for _, it := range items {
		if it == s {
			return true
		}
	}
	return false
}
