package propsedit

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Kafka keys that the edit reads or writes.
const (
	KeyListeners        = "listeners"                      // KeyListeners is the bind list.
	KeyAdvertised       = "advertised.listeners"           // KeyAdvertised is what clients are told.
	KeyProtocolMap      = "listener.security.protocol.map" // KeyProtocolMap maps names to protocols.
	KeyProcessRoles     = "process.roles"                  // KeyProcessRoles marks a KRaft node.
	KeyNodeID           = "node.id"                        // KeyNodeID is the KRaft node id.
	KeyBrokerID         = "broker.id"                      // KeyBrokerID must equal node.id if set.
	KeyVoters           = "controller.quorum.voters"       // KeyVoters lists id@host:port voters.
	KeyControllerNames  = "controller.listener.names"      // KeyControllerNames names controller listeners.
	KeyInterBrokerName  = "inter.broker.listener.name"     // KeyInterBrokerName is the replication listener.
	KeyInterBrokerProto = "security.inter.broker.protocol" // KeyInterBrokerProto is its legacy alternative.
	KeyZooKeeper        = "zookeeper.connect"              // KeyZooKeeper marks a ZooKeeper-mode broker.
)

// defaultListeners is Kafka's default for `listeners` when the key is absent.
const defaultListeners = "PLAINTEXT://:9092"

// ValidateKRaft checks props (as loaded by Java: decoded keys and values) against the rules
// a Kafka 3.7 KRaft node enforces at start-up, and returns one [*Error] (Kind ErrKRaftRule)
// per broken rule, in a stable order; nil means the node would pass these checks:
//
//   - node.id >= 0; broker.id, if set, equals node.id; controller.quorum.voters parses
//     (id@host:port,...) and is non-empty.
//   - Combined or controller node: node.id is a voter; every controller.listener.names
//     entry is in listeners. Broker-only node: not a voter, no controller listener in
//     listeners. controller.listener.names is non-empty either way.
//   - Controller listeners do not appear in advertised.listeners (allowed only from 3.9).
//   - Broker: the inter-broker listener (inter.broker.listener.name, else the name of
//     security.inter.broker.protocol, else PLAINTEXT; not both keys) is advertised and is
//     not a controller listener.
//   - advertised.listeners names are unique and a subset of listeners names; no advertised
//     host is 0.0.0.0 (or ::).
//   - listeners names and ports are unique; every listener name and controller listener name
//     has a listener.security.protocol.map entry (Kafka's default map applies when unset).
func ValidateKRaft(props map[string]string) []error {
	v := &validator{props: props}
	v.run()
	return v.errs
}

type validator struct {
	props map[string]string
	errs  []error
}

func (v *validator) bad(key, problem, fix string) {
	val, ok := v.props[key]
	v.errs = append(v.errs, &Error{Kind: ErrKRaftRule, Key: key, Value: val, Missing: !ok, Problem: problem, Fix: fix})
}

func (v *validator) run() {
	p := v.props
	broker, controller := v.roles()

	nodeID, nodeOK := -1, false
	if s, ok := p[KeyNodeID]; !ok {
		v.bad(KeyNodeID, "a KRaft node needs a node id", "set node.id to this node's id (an integer >= 0)")
	} else if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 0 {
		v.bad(KeyNodeID, "not an integer >= 0", "set node.id to this node's id (an integer >= 0)")
	} else {
		nodeID, nodeOK = n, true
	}
	if s, ok := p[KeyBrokerID]; ok && nodeOK && strings.TrimSpace(s) != strconv.Itoa(nodeID) {
		v.bad(KeyBrokerID, fmt.Sprintf("differs from node.id=%d", nodeID), "remove broker.id or set it to the node.id value")
	}

	voters, err := parseVoters(p[KeyVoters])
	switch {
	case err != nil:
		v.bad(KeyVoters, err.Error(), "list the controllers as id@host:port,... (e.g. 1@10.0.1.11:29092)")
	case nodeOK && controller && !voters[nodeID]:
		v.bad(KeyVoters, fmt.Sprintf("node.id %d has the controller role but is not a voter", nodeID), "add "+strconv.Itoa(nodeID)+"@<host>:<controller port> to controller.quorum.voters")
	case nodeOK && broker && !controller && voters[nodeID]:
		v.bad(KeyVoters, fmt.Sprintf("node.id %d is broker-only but listed as a voter", nodeID), "remove it from controller.quorum.voters or add controller to process.roles")
	}

	cnames := parseNames(p[KeyControllerNames])
	if len(cnames) == 0 {
		v.bad(KeyControllerNames, "a KRaft node needs at least one controller listener name", "set controller.listener.names=CONTROLLER")
	}

	lval, lset := p[KeyListeners]
	if !lset {
		lval = defaultListeners
	}
	listeners, err := ParseEndpoints(lval)
	if err != nil {
		v.bad(KeyListeners, err.Error(), "write each listener as NAME://host:port")
		listeners = nil
	}
	lnames := map[string]bool{}
	ports := map[int]string{}
	for _, e := range listeners {
		if lnames[e.Name] {
			v.bad(KeyListeners, "listener name "+e.Name+" appears twice", "give every listener a distinct name")
		}
		lnames[e.Name] = true
		if other, dup := ports[e.Port]; dup && e.Port != 0 {
			v.bad(KeyListeners, fmt.Sprintf("port %d is used by both %s and %s", e.Port, other, e.Name), "give every listener a distinct port")
		} else {
			ports[e.Port] = e.Name
		}
	}
	for _, c := range cnames {
		if controller && !lnames[c] {
			v.bad(KeyListeners, "controller listener "+c+" (from controller.listener.names) is not in listeners", "add "+c+"://:<port> to listeners")
		}
		if !controller && lnames[c] {
			v.bad(KeyListeners, "broker-only node lists controller listener "+c, "remove "+c+" from listeners (only controllers bind it)")
		}
	}

	var advertised []Endpoint
	if aval, aset := p[KeyAdvertised]; aset {
		advertised, err = ParseEndpoints(aval)
		if err != nil {
			v.bad(KeyAdvertised, err.Error(), "write each listener as NAME://host:port")
			advertised = nil
		}
		seen := map[string]bool{}
		for _, e := range advertised {
			switch {
			case seen[e.Name]:
				v.bad(KeyAdvertised, "listener name "+e.Name+" is advertised twice", "advertise each listener once")
			case !lnames[e.Name]:
				v.bad(KeyAdvertised, "advertised listener "+e.Name+" is not in listeners", "add "+e.Name+" to listeners or remove it here")
			}
			seen[e.Name] = true
			if e.Host == "0.0.0.0" || e.Host == "::" {
				v.bad(KeyAdvertised, "listener "+e.Name+" advertises the non-routable address "+e.Host, "advertise a host name or IP clients can reach")
			}
			if contains(cnames, e.Name) {
				v.bad(KeyAdvertised, "controller listener "+e.Name+" is advertised (Kafka 3.7 refuses this; only 3.9+ allows it)", "remove "+e.Name+" from advertised.listeners")
			}
		}
	} else {
		for _, e := range listeners {
			if !contains(cnames, e.Name) {
				advertised = append(advertised, e)
			}
		}
	}

	if broker {
		name := "PLAINTEXT"
		ibl, iset := p[KeyInterBrokerName]
		sibp, sset := p[KeyInterBrokerProto]
		switch {
		case iset && sset:
			v.bad(KeyInterBrokerName, "set together with security.inter.broker.protocol", "keep only inter.broker.listener.name")
		case iset:
			name = strings.ToUpper(strings.TrimSpace(ibl))
		case sset:
			name = strings.ToUpper(strings.TrimSpace(sibp))
		}
		found := false
		for _, e := range advertised {
			found = found || e.Name == name
		}
		key := KeyInterBrokerName
		if !iset && sset {
			key = KeyInterBrokerProto
		}
		if !found {
			v.bad(key, "inter-broker listener "+name+" is not an advertised listener", "set inter.broker.listener.name to one of the advertised listener names")
		}
		if contains(cnames, name) {
			v.bad(key, "inter-broker listener "+name+" is a controller listener", "use a broker listener for inter-broker traffic")
		}
	}

	mval, mset := p[KeyProtocolMap]
	m, err := effectiveProtocolMap(mval, mset, listeners, cnames)
	if err != nil {
		v.bad(KeyProtocolMap, err.Error(), "write it as NAME:PROTOCOL,... with protocols from "+strings.Join(Protocols, ", "))
		return
	}
	var missing []string
	for n := range lnames {
		if _, ok := m[n]; !ok {
			missing = append(missing, n)
		}
	}
	for _, n := range cnames {
		if _, ok := m[n]; !ok && !lnames[n] {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	for _, n := range missing {
		v.bad(KeyProtocolMap, "listener "+n+" has no security protocol", "add "+n+":<PROTOCOL> to listener.security.protocol.map")
	}
}

// roles checks process.roles and reports which roles the node has.
func (v *validator) roles() (broker, controller bool) {
	s, ok := v.props[KeyProcessRoles]
	if !ok {
		v.bad(KeyProcessRoles, "not set, so this is not a KRaft node", "set process.roles=broker,controller (combined) or process.roles=broker")
		return false, false
	}
	items := splitCSV(s)
	if len(items) == 0 {
		v.bad(KeyProcessRoles, "empty", "set process.roles=broker,controller (combined) or process.roles=broker")
	}
	for _, r := range items {
		switch strings.ToLower(r) {
		case "broker":
			if broker {
				v.bad(KeyProcessRoles, "role broker appears twice", "list each role once")
			}
			broker = true
		case "controller":
			if controller {
				v.bad(KeyProcessRoles, "role controller appears twice", "list each role once")
			}
			controller = true
		default:
			v.bad(KeyProcessRoles, "unknown role "+r, "use broker and/or controller")
		}
	}
	return broker, controller
}

// parseVoters parses controller.quorum.voters into the set of voter ids.
func parseVoters(s string) (map[int]bool, error) {
	items := splitCSV(s)
	if len(items) == 0 {
		return nil, fmt.Errorf("no voters")
	}
	ids := map[int]bool{}
	for _, item := range items {
		at := strings.Index(item, "@")
		if at < 0 {
			return nil, fmt.Errorf("voter %q is not id@host:port", item)
		}
		id, err := strconv.Atoi(item[:at])
		if err != nil || id < 0 {
			return nil, fmt.Errorf("voter %q has an invalid id", item)
		}
		if ids[id] {
			return nil, fmt.Errorf("voter id %d appears twice", id)
		}
		hp := item[at+1:]
		var host, port string
		if strings.HasPrefix(hp, "[") {
			end := strings.Index(hp, "]:")
			if end < 0 {
				return nil, fmt.Errorf("voter %q is not id@host:port", item)
			}
			host, port = hp[1:end], hp[end+2:]
		} else if c := strings.LastIndex(hp, ":"); c >= 0 {
			host, port = hp[:c], hp[c+1:]
		}
		if p, err := strconv.Atoi(port); host == "" || err != nil || p <= 0 || p > 65535 {
			return nil, fmt.Errorf("voter %q is not id@host:port", item)
		}
		ids[id] = true
	}
	return ids, nil
}

// effectiveProtocolMap returns the listener-name → protocol map Kafka 3.7 uses: the explicit
// map when set; otherwise the default (each protocol name maps to itself), plus, on KRaft,
// controller listener names → PLAINTEXT unless any listener or controller name is SSL,
// SASL_PLAINTEXT or SASL_SSL.
func effectiveProtocolMap(value string, set bool, listeners []Endpoint, controllerNames []string) (map[string]string, error) {
	m := map[string]string{}
	if set {
		ms, err := ParseProtocolMap(value)
		if err != nil {
			return nil, err
		}
		for _, x := range ms {
			m[x.Name] = x.Protocol
		}
		return m, nil
	}
	for _, p := range Protocols {
		m[p] = p
	}
	secure := func(n string) bool { return n == "SSL" || n == "SASL_PLAINTEXT" || n == "SASL_SSL" }
	for _, n := range controllerNames {
		if secure(n) {
			return m, nil
		}
	}
	for _, e := range listeners {
		if secure(e.Name) {
			return m, nil
		}
	}
	for _, n := range controllerNames {
		if _, ok := m[n]; !ok {
			m[n] = "PLAINTEXT"
		}
	}
	return m, nil
}
