// Package plan decides the whole deployment from a valid configuration: broker placement and
// addresses, the controller quorum, the NLB port map, each broker's listeners and its complete
// server.properties, and what the user enters in TiDB Cloud. It is pure Go with no Pulumi import,
// and its output is deterministic to the byte. Validate checks a rendered server.properties
// against the start-up rules Kafka 3.7 enforces in KRaft mode.
//
// # Placement
//
// Broker i (node id i) goes to zone (i-1) mod len(zones) and takes the address
// network+10+k of that zone's vSwitch, k counting the brokers placed in the zone before it
// (so .10, then .11, ...). The bastion takes network+10 of its own vSwitch. Nodes
// 1..controllerCount are broker+controller; the rest are broker-only.
//
// # Listeners
//
// Every listener binds to the broker's private IP: CONTROLLER (controllers only), INTERNAL
// and EXTERNAL. advertised.listeners holds INTERNAL at the private IP and EXTERNAL at the host
// built from the advertised host pattern, on the NLB port that reaches only this broker;
// CONTROLLER is never advertised.
//
// # Stages
//
// While uniqueName is unset (StageAwaitingUniqueName) brokers advertise the placeholder
// "unique_name" and Plan.PendingChanges lists, in restart order, the advertised.listeners
// line that changes on each broker once it is set. The rendered files of the two stages
// differ in exactly that line: nothing stage-dependent appears in headers or comments.
//
// # Validation
//
// Build validates every file it renders and fails if one breaks a rule, as a guard against
// bugs here; Validate and ParseProperties are exported so that hand-edited or existing files
// can be checked the same way. The parser and the start-up rules are package kraft's, shared
// with package propsedit; Validate adds kafka-plc's own invariants (no duplicate keys, no
// empty advertised host, absolute log.dirs).
package plan
