package plan

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Keys of server.properties that Validate reads.
const (
	// KeyProcessRoles is process.roles.
	KeyProcessRoles = "process.roles"
	// KeyNodeID is node.id.
	KeyNodeID = "node.id"
	// KeyQuorumVoters is controller.quorum.voters.
	KeyQuorumVoters = "controller.quorum.voters"
	// KeyControllerListenerNames is controller.listener.names.
	KeyControllerListenerNames = "controller.listener.names"
	// KeyListeners is listeners.
	KeyListeners = "listeners"
	// KeyAdvertisedListeners is advertised.listeners.
	KeyAdvertisedListeners = "advertised.listeners"
	// KeyProtocolMap is listener.security.protocol.map.
	KeyProtocolMap = "listener.security.protocol.map"
	// KeyInterBrokerListenerName is inter.broker.listener.name.
	KeyInterBrokerListenerName = "inter.broker.listener.name"
	// KeyInterBrokerProtocol is security.inter.broker.protocol, the legacy alternative.
	KeyInterBrokerProtocol = "security.inter.broker.protocol"
	// KeyLogDirs is log.dirs.
	KeyLogDirs = "log.dirs"
)

// Rule names one check of Validate.
type Rule string

// The rules Validate checks. The first group is what a Kafka 3.7 KRaft node enforces at
// start-up; the last group is kafka-plc's own.
const (
	// RuleNodeID: node.id is an integer >= 0.
	RuleNodeID Rule = "node-id"
	// RuleQuorumVoters: controller.quorum.voters is a non-empty list of id@host:port.
	RuleQuorumVoters Rule = "quorum-voters"
	// RuleControllerIsVoter: a node with the controller role is one of the voters.
	RuleControllerIsVoter Rule = "controller-is-voter"
	// RuleControllerListenerNames: controller.listener.names is non-empty.
	RuleControllerListenerNames Rule = "controller-listener-names"
	// RuleControllerListenerBound: a controller binds every controller listener in listeners.
	RuleControllerListenerBound Rule = "controller-listener-in-listeners"
	// RuleControllerNotAdvertised: no controller listener appears in advertised.listeners.
	RuleControllerNotAdvertised Rule = "controller-not-advertised"
	// RuleBrokerOnlyNotVoter: a broker-only node is not a voter.
	RuleBrokerOnlyNotVoter Rule = "broker-only-not-voter"
	// RuleBrokerOnlyNoControllerListener: a broker-only node binds no controller listener.
	RuleBrokerOnlyNoControllerListener Rule = "broker-only-no-controller-listener"
	// RuleInterBrokerAdvertised: the inter-broker listener is advertised and not a controller
	// listener (and only one of inter.broker.listener.name and security.inter.broker.protocol is set).
	RuleInterBrokerAdvertised Rule = "inter-broker-advertised"
	// RuleAdvertisedSubset: every advertised listener name is in listeners.
	RuleAdvertisedSubset Rule = "advertised-subset-of-listeners"
	// RuleAdvertisedHost: no advertised host is 0.0.0.0 or :: (kafka-plc also refuses an
	// empty host, which would advertise whatever the machine calls itself).
	RuleAdvertisedHost Rule = "advertised-host"
	// RuleUniqueListenerNames: listener names are unique in listeners and in advertised.listeners.
	RuleUniqueListenerNames Rule = "unique-listener-names"
	// RuleUniqueListenerPorts: listener ports are unique in listeners.
	RuleUniqueListenerPorts Rule = "unique-listener-ports"
	// RuleProtocolMap: every listener name and controller listener name has a
	// listener.security.protocol.map entry, and the map parses.
	RuleProtocolMap Rule = "protocol-map"
	// RuleListenerSyntax: listeners and advertised.listeners parse as NAME://host:port,...
	RuleListenerSyntax Rule = "listener-syntax"

	// RuleSyntax: the file parses as Java properties.
	RuleSyntax Rule = "syntax"
	// RuleDuplicateKey: no key is set twice (Java keeps the last silently).
	RuleDuplicateKey Rule = "duplicate-key"
	// RuleProcessRoles: process.roles is set (KRaft mode) to broker, controller or both.
	RuleProcessRoles Rule = "process-roles"
	// RuleLogDirs: log.dirs is set to absolute paths (not Kafka's /tmp default).
	RuleLogDirs Rule = "log-dirs"
)

// ValidationError is one broken rule in a server.properties file.
type ValidationError struct {
	// Rule is the rule that is broken.
	Rule Rule
	// Key is the property at fault.
	Key string
	// Value is the property's value ("" when it is missing).
	Value string
	// Problem says what is wrong.
	Problem string
}

// Error formats the error on one line: key, value, problem and rule.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s = %q: %s [%s]", e.Key, e.Value, e.Problem, e.Rule)
}

// Rules returns the rules of the ValidationErrors among errs, in order.
func Rules(errs []error) []Rule {
	var out []Rule
	for _, err := range errs {
		if ve, ok := err.(*ValidationError); ok {
			out = append(out, ve.Rule)
		}
	}
	return out
}

// Validate checks a server.properties text against the rules Kafka 3.7 enforces at start-up
// in KRaft mode, and kafka-plc's own invariants (see the Rule constants). It returns one
// *ValidationError per broken rule in a stable order; nil means the file passes.
func Validate(serverProperties string) []error {
	props, err := ParseProperties(serverProperties)
	if err != nil {
		return []error{&ValidationError{Rule: RuleSyntax, Key: "(file)", Problem: err.Error()}}
	}
	v := &validator{props: map[string]string{}}
	seen := map[string]int{}
	for _, p := range props {
		seen[p.Key]++
		if seen[p.Key] == 2 {
			v.bad(RuleDuplicateKey, p.Key, p.Value, "is set more than once; Java keeps the last silently, so which one is meant is unclear")
		}
		v.props[p.Key] = p.Value
	}
	v.run()
	return v.errs
}

type validator struct {
	props map[string]string
	errs  []error
}

func (v *validator) bad(rule Rule, key, value, problem string) {
	v.errs = append(v.errs, &ValidationError{Rule: rule, Key: key, Value: value, Problem: problem})
}

// listener is one parsed NAME://host:port item.
type listener struct {
	name string
	host string
	port int
}

func (v *validator) run() {
	broker, controller := v.roles()
	nodeID, nodeOK := v.nodeID()
	voters := v.voters()
	ctrlNames := upperList(v.props[KeyControllerListenerNames])
	if len(ctrlNames) == 0 {
		v.bad(RuleControllerListenerNames, KeyControllerListenerNames, v.props[KeyControllerListenerNames],
			"must name the controller listener (e.g. CONTROLLER) in KRaft mode")
	}
	isCtrl := toSet(ctrlNames)

	listeners := v.listeners(KeyListeners, v.props[KeyListeners])
	v.unique(KeyListeners, listeners, true)
	advRaw, advSet := v.props[KeyAdvertisedListeners]
	var advertised []listener
	if advSet {
		advertised = v.listeners(KeyAdvertisedListeners, advRaw)
		v.unique(KeyAdvertisedListeners, advertised, false)
	} else {
		// Kafka advertises the listeners minus the controller listeners when unset.
		for _, l := range listeners {
			if !isCtrl[l.name] {
				advertised = append(advertised, l)
			}
		}
	}
	bound := map[string]bool{}
	for _, l := range listeners {
		bound[l.name] = true
	}

	if nodeOK && voters != nil {
		_, voter := voters[nodeID]
		switch {
		case controller && !voter:
			v.bad(RuleControllerIsVoter, KeyQuorumVoters, v.props[KeyQuorumVoters],
				fmt.Sprintf("does not list node.id %d, but the node has the controller role", nodeID))
		case !controller && broker && voter:
			v.bad(RuleBrokerOnlyNotVoter, KeyQuorumVoters, v.props[KeyQuorumVoters],
				fmt.Sprintf("lists node.id %d, but the node is broker-only (process.roles=broker)", nodeID))
		}
	}
	for _, n := range ctrlNames {
		switch {
		case controller && !bound[n]:
			v.bad(RuleControllerListenerBound, KeyListeners, v.props[KeyListeners],
				fmt.Sprintf("has no %s listener, which controller.listener.names requires on a controller", n))
		case !controller && broker && bound[n]:
			v.bad(RuleBrokerOnlyNoControllerListener, KeyListeners, v.props[KeyListeners],
				fmt.Sprintf("binds controller listener %s on a broker-only node", n))
		}
	}
	if broker {
		for _, l := range advertised {
			if isCtrl[l.name] {
				v.bad(RuleControllerNotAdvertised, KeyAdvertisedListeners, advRaw,
					fmt.Sprintf("advertises controller listener %s; Kafka 3.7 refuses that (allowed only from 3.9)", l.name))
			}
		}
		v.interBroker(advertised, isCtrl)
	}
	for _, l := range advertised {
		if !bound[l.name] {
			v.bad(RuleAdvertisedSubset, KeyAdvertisedListeners, advRaw,
				fmt.Sprintf("advertises %s, which is not in listeners", l.name))
		}
		switch l.host {
		case "0.0.0.0", "::":
			v.bad(RuleAdvertisedHost, KeyAdvertisedListeners, advRaw,
				fmt.Sprintf("advertises %s on %s; clients cannot connect to a wildcard address", l.name, l.host))
		case "":
			v.bad(RuleAdvertisedHost, KeyAdvertisedListeners, advRaw,
				fmt.Sprintf("advertises %s with no host; name the host clients must use", l.name))
		}
	}
	v.protocolMap(listeners, ctrlNames)
	v.logDirs()
}

// roles checks process.roles and reports which roles the node has.
func (v *validator) roles() (broker, controller bool) {
	raw, ok := v.props[KeyProcessRoles]
	items := splitList(raw)
	if !ok || len(items) == 0 {
		v.bad(RuleProcessRoles, KeyProcessRoles, raw, "must be set to broker, controller or broker,controller (KRaft mode)")
		return false, false
	}
	seen := map[string]bool{}
	for _, r := range items {
		r = strings.ToLower(r)
		switch {
		case seen[r]:
			v.bad(RuleProcessRoles, KeyProcessRoles, raw, fmt.Sprintf("lists role %q twice", r))
		case r == string(RoleBroker):
			broker = true
		case r == string(RoleController):
			controller = true
		default:
			v.bad(RuleProcessRoles, KeyProcessRoles, raw, fmt.Sprintf("has unknown role %q; use broker and/or controller", r))
		}
		seen[r] = true
	}
	return broker, controller
}

func (v *validator) nodeID() (int, bool) {
	raw, ok := v.props[KeyNodeID]
	if !ok {
		v.bad(RuleNodeID, KeyNodeID, "", "is missing; a KRaft node needs a node.id >= 0")
		return 0, false
	}
	id, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || id < 0 {
		v.bad(RuleNodeID, KeyNodeID, raw, "must be an integer >= 0")
		return 0, false
	}
	return id, true
}

// voters parses controller.quorum.voters; nil means it is missing or broken (already reported).
func (v *validator) voters() map[int]bool {
	raw := v.props[KeyQuorumVoters]
	items := splitList(raw)
	if len(items) == 0 {
		v.bad(RuleQuorumVoters, KeyQuorumVoters, raw, "is empty; list every controller as id@host:port")
		return nil
	}
	out := map[int]bool{}
	for _, item := range items {
		id, hostPort, ok := strings.Cut(item, "@")
		n, err := strconv.Atoi(id)
		if !ok || err != nil || n < 0 {
			v.bad(RuleQuorumVoters, KeyQuorumVoters, raw, fmt.Sprintf("item %q is not id@host:port with an id >= 0", item))
			return nil
		}
		if _, _, err := splitHostPort(hostPort); err != nil {
			v.bad(RuleQuorumVoters, KeyQuorumVoters, raw, fmt.Sprintf("item %q: %v", item, err))
			return nil
		}
		if out[n] {
			v.bad(RuleQuorumVoters, KeyQuorumVoters, raw, fmt.Sprintf("lists voter id %d twice", n))
			return nil
		}
		out[n] = true
	}
	return out
}

// listeners parses a listeners-style value, reporting syntax errors.
func (v *validator) listeners(key, raw string) []listener {
	var out []listener
	for _, item := range splitList(raw) {
		name, hostPort, ok := strings.Cut(item, "://")
		if !ok || name == "" {
			v.bad(RuleListenerSyntax, key, raw, fmt.Sprintf("item %q is not NAME://host:port", item))
			continue
		}
		host, port, err := splitHostPort(hostPort)
		if err != nil {
			v.bad(RuleListenerSyntax, key, raw, fmt.Sprintf("item %q: %v", item, err))
			continue
		}
		out = append(out, listener{name: strings.ToUpper(name), host: host, port: port})
	}
	return out
}

// unique reports a listener name (and, for listeners, a port) used twice.
func (v *validator) unique(key string, ls []listener, ports bool) {
	names, byPort := map[string]bool{}, map[int]bool{}
	for _, l := range ls {
		if names[l.name] {
			v.bad(RuleUniqueListenerNames, key, v.props[key], fmt.Sprintf("names listener %s twice", l.name))
		}
		names[l.name] = true
		if ports && l.port != 0 {
			if byPort[l.port] {
				v.bad(RuleUniqueListenerPorts, key, v.props[key], fmt.Sprintf("uses port %d twice", l.port))
			}
			byPort[l.port] = true
		}
	}
}

// interBroker checks that the listener brokers replicate over is advertised.
func (v *validator) interBroker(advertised []listener, isCtrl map[string]bool) {
	name, nameSet := v.props[KeyInterBrokerListenerName]
	proto, protoSet := v.props[KeyInterBrokerProtocol]
	key := KeyInterBrokerListenerName
	switch {
	case nameSet && protoSet:
		v.bad(RuleInterBrokerAdvertised, key, name, "is set together with security.inter.broker.protocol; set only one")
		return
	case protoSet:
		key, name = KeyInterBrokerProtocol, proto
	case !nameSet:
		key, name = KeyInterBrokerProtocol, "PLAINTEXT" // Kafka's default
	}
	name = strings.ToUpper(strings.TrimSpace(name))
	if isCtrl[name] {
		v.bad(RuleInterBrokerAdvertised, key, v.props[key],
			fmt.Sprintf("names controller listener %s; brokers must replicate over a broker listener", name))
		return
	}
	for _, l := range advertised {
		if l.name == name {
			return
		}
	}
	v.bad(RuleInterBrokerAdvertised, key, v.props[key],
		fmt.Sprintf("inter-broker listener %s is not in advertised.listeners", name))
}

// defaultProtocols is Kafka's listener.security.protocol.map when it is unset.
var defaultProtocols = map[string]bool{"PLAINTEXT": true, "SSL": true, "SASL_PLAINTEXT": true, "SASL_SSL": true}

func (v *validator) protocolMap(listeners []listener, ctrlNames []string) {
	raw, set := v.props[KeyProtocolMap]
	mapped := map[string]bool{}
	if set {
		for _, item := range splitList(raw) {
			name, proto, ok := strings.Cut(item, ":")
			name, proto = strings.ToUpper(strings.TrimSpace(name)), strings.ToUpper(strings.TrimSpace(proto))
			if !ok || name == "" || !defaultProtocols[proto] {
				v.bad(RuleProtocolMap, KeyProtocolMap, raw,
					fmt.Sprintf("item %q is not NAME:PROTOCOL with a protocol of PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL", item))
				return
			}
			if mapped[name] {
				v.bad(RuleProtocolMap, KeyProtocolMap, raw, fmt.Sprintf("maps %s twice", name))
			}
			mapped[name] = true
		}
	} else {
		// Kafka's default map: each protocol name to itself and, in KRaft, the controller
		// listener names to PLAINTEXT.
		for n := range defaultProtocols {
			mapped[n] = true
		}
		for _, n := range ctrlNames {
			mapped[n] = true
		}
	}
	var missing []string
	need := append([]string(nil), ctrlNames...)
	for _, l := range listeners {
		need = append(need, l.name)
	}
	for _, n := range need {
		if !mapped[n] && !contains(missing, n) {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	for _, n := range missing {
		v.bad(RuleProtocolMap, KeyProtocolMap, raw, fmt.Sprintf("has no entry for listener %s", n))
	}
}

func (v *validator) logDirs() {
	raw, ok := v.props[KeyLogDirs]
	dirs := splitList(raw)
	if !ok || len(dirs) == 0 {
		v.bad(RuleLogDirs, KeyLogDirs, raw, "must be set; Kafka's default is under /tmp, which the OS may clean")
		return
	}
	for _, d := range dirs {
		if !strings.HasPrefix(d, "/") {
			v.bad(RuleLogDirs, KeyLogDirs, raw, fmt.Sprintf("%q is not an absolute path", d))
		}
	}
}

// splitHostPort splits host:port, where host may be empty or a bracketed IPv6 address.
func splitHostPort(s string) (string, int, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", 0, fmt.Errorf("no port in %q", s)
	}
	host, portText := s[:i], s[i+1:]
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	} else if strings.Contains(host, ":") {
		return "", 0, fmt.Errorf("IPv6 host in %q must be in brackets", s)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("port %q is not a number from 0 to 65535", portText)
	}
	return host, port, nil
}

// splitList splits a comma-separated value, trimming items and dropping empty ones.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func upperList(s string) []string {
	items := splitList(s)
	for i := range items {
		items[i] = strings.ToUpper(items[i])
	}
	return items
}

func toSet(items []string) map[string]bool {
	out := make(map[string]bool, len(items))
	for _, it := range items {
		out[it] = true
	}
	return out
}

func contains(items []string, s string) bool {
	for _, it := range items {
		if it == s {
			return true
		}
	}
	return false
}
