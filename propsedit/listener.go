package propsedit

import (
	"fmt"
	"strconv"
	"strings"
)

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

// addr returns host:port for comparisons (host lower-cased: DNS names are case-insensitive).
func (e Endpoint) addr() string {
	return strings.ToLower(e.Host) + ":" + strconv.Itoa(e.Port)
}

// wildcard reports whether the host cannot be advertised (empty or an any-address).
func wildcardHost(h string) bool {
	return h == "" || h == "0.0.0.0" || h == "::" || h == "[::]"
}

// splitCSV splits a Kafka list value: trimmed, comma separated, empty items dropped.
func splitCSV(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// listSeparator returns the separator the value already uses between items (", " or ",").
func listSeparator(raw string) string {
	if strings.Contains(raw, ", ") {
		return ", "
	}
	return ","
}

// ParseEndpoints parses a `listeners` or `advertised.listeners` value.
func ParseEndpoints(value string) ([]Endpoint, error) {
	var out []Endpoint
	for _, item := range splitCSV(value) {
		e, err := parseEndpoint(item)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func parseEndpoint(item string) (Endpoint, error) {
	i := strings.LastIndex(item, "://")
	if i < 0 {
		return Endpoint{}, fmt.Errorf("listener %q is not of the form NAME://host:port", item)
	}
	name := strings.ToUpper(item[:i])
	if !validName(name) {
		return Endpoint{}, fmt.Errorf("listener %q has an invalid name %q (use letters, digits, '_', '-', '.')", item, item[:i])
	}
	rest := item[i+3:]
	var host, port string
	if strings.HasPrefix(rest, "[") {
		end := strings.Index(rest, "]:")
		if end < 0 {
			return Endpoint{}, fmt.Errorf("listener %q has an unterminated [IPv6] host or no port", item)
		}
		host, port = rest[1:end], rest[end+2:]
	} else {
		c := strings.LastIndex(rest, ":")
		if c < 0 {
			return Endpoint{}, fmt.Errorf("listener %q has no port", item)
		}
		host, port = rest[:c], rest[c+1:]
	}
	if !validHost(host) {
		return Endpoint{}, fmt.Errorf("listener %q has an invalid host %q", item, host)
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 0 || p > 65535 || port != strconv.Itoa(p) {
		return Endpoint{}, fmt.Errorf("listener %q has an invalid port %q (want 0-65535)", item, port)
	}
	return Endpoint{Name: name, Host: host, Port: p, Raw: item}, nil
}

func validName(s string) bool {
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

// validHost accepts the characters Kafka's listener pattern accepts in a host.
func validHost(s string) bool {
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

func validProtocol(p string) bool {
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
	for _, item := range splitCSV(value) {
		c := strings.LastIndex(item, ":")
		if c < 0 {
			return nil, fmt.Errorf("item %q is not of the form NAME:PROTOCOL", item)
		}
		m := Mapping{
			Name:     strings.ToUpper(strings.TrimSpace(item[:c])),
			Protocol: strings.ToUpper(strings.TrimSpace(item[c+1:])),
			Raw:      item,
		}
		if !validName(m.Name) {
			return nil, fmt.Errorf("item %q has an invalid listener name", item)
		}
		if !validProtocol(m.Protocol) {
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

// parseNames parses a comma-separated list of listener names, upper-cased.
func parseNames(value string) []string {
	var out []string
	for _, n := range splitCSV(value) {
		out = append(out, strings.ToUpper(n))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
