// Package kraft is kafka-plc's one model of a Kafka 3.7 KRaft node's server.properties: how
// the file is read, how its listener settings are parsed, and which rules the broker enforces
// at start-up. It is pure Go (standard library only) and does no I/O. Package plan checks the
// files it renders with it, and package propsedit reads, edits and re-checks existing files
// with it, so both agree on what a file means and on whether Kafka would start with it.
//
// # Reading
//
// [Parse] reads bytes with the rules of java.util.Properties.load(InputStream), which Kafka
// uses: ISO-8859-1 bytes, '#' or '!' comments, '=' ':' or whitespace separators, backslash
// escapes and continuation lines. It keeps every physical line and, for each logical entry,
// where it starts and ends and how its key and separator were written, so that an editor can
// rewrite one entry and keep every other byte. [File.Props] is the map Java would load.
//
// # Listener settings
//
// [ParseEndpoints] reads listeners and advertised.listeners (NAME://host:port,...),
// [ParseProtocolMap] reads listener.security.protocol.map, and [EffectiveProtocolMap] is the
// map Kafka 3.7 really uses, including its default when the key is unset.
//
// # Start-up rules
//
// [Validate] checks a loaded key/value map against the rules a Kafka 3.7 KRaft node enforces
// at start-up and returns one [*Error] per broken rule, each naming its [Rule], the key, its
// value, the problem and the fix. Policies of kafka-plc's own (log.dirs off /tmp, no empty
// advertised host, no duplicate keys) are not start-up rules and live with their callers.
package kraft
