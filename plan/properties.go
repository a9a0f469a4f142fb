package plan

import "github.com/kafka-plc/kafka-plc/kraft"

// ParseProperties reads a server.properties text the way Kafka's java.util.Properties does
// (see [kraft.Parse]): '#' and '!' comment lines, '=', ':' or whitespace between key and
// value, backslash escapes (including \uXXXX), lines continued with a trailing backslash and
// ISO-8859-1 bytes. Entries come back in file order; a key set twice appears twice. The error
// (a [*kraft.SyntaxError]) names the line of a malformed \u escape.
func ParseProperties(text string) ([]Property, error) {
	f, err := kraft.Parse([]byte(text))
	if err != nil {
		return nil, err
	}
	var out []Property
	for _, e := range f.Entries {
		out = append(out, Property{Key: e.Key, Value: e.Value})
	}
	return out, nil
}
