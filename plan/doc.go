// Package plan decides the whole deployment from a valid configuration: broker placement and
// addresses, the controller quorum, the NLB port map, each broker's listeners and its complete
// server.properties, and what the user enters in TiDB Cloud. It is pure Go with no Pulumi import,
// and its output is deterministic to the byte. Validate checks a rendered server.properties
// against the start-up rules Kafka 3.7 enforces in KRaft mode.
package plan
