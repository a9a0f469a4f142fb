package kraft

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultListeners is Kafka's value of listeners when the key is absent.
const DefaultListeners = "PLAINTEXT://:9092"

// Endpoint is one item of `listeners` or `advertised.listeners`: NAME://host:port.
type Endpoint struct {
	Name string // Name is the listener name, upper-cased as Kafka normalises it.
	Host string // Host is the host or IP ("" means the default interface or host name).
	Port int    // Port is the TCP port.
	Raw  string // Raw is the item as written (trimmed), kept when the item is not edited.
}

// String renders the endpoint in Kafka's form, bracketing IPv6 hosts.
func (e Endpoint) String() string {
	host := e.Host
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return e.Name + "://" + host + ":" + strconv.Itoa(e.Port)
}

// Addr returns host:port for comparing addresses, with the host lower-cased (DNS names are
// case-insensitive).
func (e Endpoint) Addr() string {
	return strings.ToLower(e.Host) + ":" + strconv.Itoa(e.Port)
}

// WildcardHost reports whether h cannot be advertised: empty, or an any-address.
func WildcardHost(h string) bool {
	return h == "" || h == "0.0.0.0" || h == "::" || h == "[::]"
}

// SplitList splits a Kafka list value: comma separated, items trimmed, empty items dropped.
func SplitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// ParseNames parses a comma-separated list of listener names (controller.listener.names),
// upper-cased as Kafka normalises them.
func ParseNames(value string) []string {
	var out []string
	for _, n := range SplitList(value) {
		out = append(out, strings.ToUpper(n))
	}
	return out
}

// ParseEndpoints parses a `listeners` or `advertised.listeners` value; the error names the
// first item that is not NAME://host:port.
func ParseEndpoints(value string) ([]Endpoint, error) {
	var out []Endpoint
	for _, item := range SplitList(value) {
		e, err := parseEndpoint(item)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// parseEndpoints parses every item it can and returns one error per item it cannot.
func parseEndpoints(value string) ([]Endpoint, []error) {
	var out []Endpoint
	var errs []error
	for _, item := range SplitList(value) {
		e, err := parseEndpoint(item)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, e)
	}
	return out, errs
}

func parseEndpoint(item string) (Endpoint, error) {
	i := strings.LastIndex(item, "://")
	if i < 0 {
		return Endpoint{}, fmt.Errorf("listener %q is not of the form NAME://host:port", item)
	}
	name := strings.ToUpper(item[:i])
	if !ValidListenerName(name) {
		return Endpoint{}, fmt.Errorf("listener %q has an invalid name %q (use letters, digits, '_', '-', '.')", item, item[:i])
	}
	rest := item[i+3:]
	host, port, ok := splitHostPort(rest)
	switch {
	case !ok && strings.HasPrefix(rest, "["):
		return Endpoint{}, fmt.Errorf("listener %q has an unterminated [IPv6] host or no port", item)
	case !ok:
		return Endpoint{}, fmt.Errorf("listener %q has no port", item)
	}
	if !ValidHost(host) {
		return Endpoint{}, fmt.Errorf("listener %q has an invalid host %q", item, host)
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 0 || p > 65535 || port != strconv.Itoa(p) {
		return Endpoint{}, fmt.Errorf("listener %q has an invalid port %q (want 0-65535)", item, port)
	}
	return Endpoint{Name: name, Host: host, Port: p, Raw: item}, nil
}

// splitHostPort splits host:port, where host may be a bracketed IPv6 address; ok is false
// when there is no port separator (or the bracket is not closed before one).
func splitHostPort(s string) (host, port string, ok bool) {
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]:")
		if end < 0 {
			return "", "", false
		}
		return s[1:end], s[end+2:], true
	}
	c := strings.LastIndex(s, ":")
	if c < 0 {
		return "", "", false
	}
	return s[:c], s[c+1:], true
}

// ValidListenerName reports whether s is a listener name kafka-plc accepts: letters, digits,
// '_', '-' and '.'.
func ValidListenerName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.'
		if !ok {
			return false
		}
	}
	return true
}

// ValidHost reports whether s has only the characters Kafka's listener pattern accepts in a
// host (an empty host is valid: it binds the default interface).
func ValidHost(s string) bool {
	for _, r := range s {
		ok := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' ||
			r == '-' || r == '%' || r == '.' || r == '_' || r == ':'
		if !ok {
			return false
		}
	}
	return true
}

// Protocols are the security protocols Kafka knows, in its own order.
var Protocols = []string{"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"}

// ValidProtocol reports whether p (upper-case) is one of [Protocols].
func ValidProtocol(p string) bool {
	for _, q := range Protocols {
		if p == q {
			return true
		}
	}
	return false
}

// Mapping is one item of `listener.security.protocol.map`: NAME:PROTOCOL.
type Mapping struct {
	Name     string // Name is the listener name, upper-cased.
	Protocol string // Protocol is the security protocol, upper-cased.
	Raw      string // Raw is the item as written (trimmed).
}

// ParseProtocolMap parses a `listener.security.protocol.map` value. A name mapped twice is
// an error: Kafka would silently keep the last one.
func ParseProtocolMap(value string) ([]Mapping, error) {
	var out []Mapping
	seen := map[string]bool{}
	for _, item := range SplitList(value) {
		c := strings.LastIndex(item, ":")
		if c < 0 {
			return nil, fmt.Errorf("item %q is not of the form NAME:PROTOCOL", item)
		}
		m := Mapping{
			Name:     strings.ToUpper(strings.TrimSpace(item[:c])),
			Protocol: strings.ToUpper(strings.TrimSpace(item[c+1:])),
			Raw:      item,
		}
		if !ValidListenerName(m.Name) {
			return nil, fmt.Errorf("item %q has an invalid listener name", item)
		}
		if !ValidProtocol(m.Protocol) {
			return nil, fmt.Errorf("item %q has unknown security protocol %q (want one of %s)", item, m.Protocol, strings.Join(Protocols, ", "))
		}
		if seen[m.Name] {
			return nil, fmt.Errorf("listener name %s is mapped twice", m.Name)
		}
		seen[m.Name] = true
		out = append(out, m)
	}
	return out, nil
}

// DefaultProtocolMap returns Kafka's listener.security.protocol.map default: each security
// protocol name maps to itself. The map is new on every call.
func DefaultProtocolMap() map[string]string {
	m := make(map[string]string, len(Protocols))
	for _, p := range Protocols {
		m[p] = p
	}
	return m
}

// EffectiveProtocolMap returns the listener-name → protocol map a Kafka 3.7 KRaft node uses:
// the parsed value when the key is set; otherwise [DefaultProtocolMap] plus, for each
// controller listener name, PLAINTEXT, unless a listener or controller listener is named SSL,
// SASL_PLAINTEXT or SASL_SSL (Kafka then adds nothing). The error is [ParseProtocolMap]'s.
func EffectiveProtocolMap(value string, set bool, listeners []Endpoint, controllerNames []string) (map[string]string, error) {
	if set {
		ms, err := ParseProtocolMap(value)
		if err != nil {
			return nil, err
		}
		m := make(map[string]string, len(ms))
		for _, x := range ms {
			m[x.Name] = x.Protocol
		}
		return m, nil
	}
	m := DefaultProtocolMap()
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

// parseVoters parses controller.quorum.voters (id@host:port,...) into the set of voter ids.
func parseVoters(s string) (map[int]bool, error) {
	items := SplitList(s)
	if len(items) == 0 {
		return nil, fmt.Errorf("lists no voters")
	}
	ids := map[int]bool{}
	for _, item := range items {
		at := strings.Index(item, "@")
		if at < 0 {
			return nil, fmt.Errorf("voter %q is not id@host:port", item)
		}
		id, err := strconv.Atoi(item[:at])
		if err != nil || id < 0 {
			return nil, fmt.Errorf("voter %q has an invalid id (want an integer >= 0)", item)
		}
		if ids[id] {
			return nil, fmt.Errorf("voter id %d appears twice", id)
		}
		host, port, _ := splitHostPort(item[at+1:])
		if p, err := strconv.Atoi(port); host == "" || err != nil || p <= 0 || p > 65535 {
			return nil, fmt.Errorf("voter %q is not id@host:port", item)
		}
		ids[id] = true
	}
	return ids, nil
}
