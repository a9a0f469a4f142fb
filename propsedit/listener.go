package propsedit

import (
	"strings"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// Endpoint is one item of `listeners` or `advertised.listeners`: NAME://host:port; see
// [kraft.Endpoint].
type Endpoint = kraft.Endpoint

// ParseEndpoints parses a `listeners` or `advertised.listeners` value; see
// [kraft.ParseEndpoints].
func ParseEndpoints(value string) ([]Endpoint, error) {
	return kraft.ParseEndpoints(value)
}

// Protocols are the security protocols Kafka knows, in its own order ([kraft.Protocols]).
var Protocols = kraft.Protocols

// Mapping is one item of `listener.security.protocol.map`: NAME:PROTOCOL; see
// [kraft.Mapping].
type Mapping = kraft.Mapping

// ParseProtocolMap parses a `listener.security.protocol.map` value. A name mapped twice is
// an error: Kafka would silently keep the last one. See [kraft.ParseProtocolMap].
func ParseProtocolMap(value string) ([]Mapping, error) {
	return kraft.ParseProtocolMap(value)
}

// listSeparator returns the separator the value already uses between items (", " or ",").
func listSeparator(raw string) string {
	if strings.Contains(raw, ", ") {
		return ", "
	}
	return ","
}
