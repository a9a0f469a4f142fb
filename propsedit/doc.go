// Package propsedit edits an existing Kafka KRaft broker's server.properties in place to add
// the EXTERNAL listener that TiDB Cloud reaches through an Alibaba Cloud NLB and PrivateLink,
// changing as few bytes as possible. It is pure Go (standard library only) and does no I/O:
// the caller reads the file, calls [Edit], shows [Result.Diff] (kplc plan --stack existing)
// and writes [Result.Output] back atomically.
//
// # What Edit changes
//
// Only three keys, and only the EXTERNAL item in each:
//
//   - listeners: EXTERNAL://<bind host>:<port> is added, or replaced when its host or port
//     differs. The default bind host is empty (EXTERNAL://:39092): Kafka then binds every
//     interface, as its own sample configs do, without tying the listener to IPv4 as 0.0.0.0
//     would; the NLB reaches the broker on its private IP.
//   - advertised.listeners: EXTERNAL://<advertised host>:<advertised port> is added, or
//     replaced when it differs (stage 2: the PrivateLink unique name became known). When the
//     key is absent Kafka advertises `listeners` minus the controller listeners, so a new
//     line lists those (their text kept) plus EXTERNAL; a listener with an empty or 0.0.0.0
//     host cannot be written out (Kafka would advertise the machine's canonical host name,
//     which we cannot know), so Edit refuses with ErrNoAdvertisedHost.
//   - listener.security.protocol.map: EXTERNAL:<protocol> is appended if missing. When the
//     key is absent Kafka uses its default map (each protocol name maps to itself, and in
//     KRaft the controller listener names map to PLAINTEXT unless an SSL/SASL name is in
//     use); Edit then writes an explicit map for every listener and controller listener
//     name in use, taken from that default, plus EXTERNAL. A custom name without a default
//     mapping is refused (ErrUnmappedListener): the broker could not start as it is.
//
// With [External.SASLMechanism] (externalAuth scram-sha-512), EXTERNAL is mapped to
// SASL_PLAINTEXT, its listener-prefixed SCRAM keys are set and, on a broker that runs no
// authorizer, KRaft's StandardAuthorizer is added with User:ANONYMOUS as the super user; it is
// refused (ErrAuthorization) whenever that could lock another client out. Without it, kafka-plc's
// own SASL EXTERNAL goes back to PLAINTEXT. No other key is touched; see auth.go for the rules.
//
// Unchanged items keep their exact text; the list separator ("," or ", ") already used by
// the value is kept. A rewritten key stays on its line, with its indentation, key spelling
// and separator ("=", ": ", " " ...) and its line's own terminator. An entry continued over
// several lines with trailing backslashes is rewritten as one line (the blank lines,
// comments and entries around it are untouched). New keys go right after `listeners` (at
// the end of the file if `listeners` is absent, in which case Kafka's default
// PLAINTEXT://:9092 is written out), copying the indentation and separator of `listeners`
// and using the file's dominant line ending (LF or CRLF). Every other byte — comments, blank
// lines, order, trailing whitespace, other entries, a missing final newline — is kept.
//
// Reading the file, parsing listener settings and the start-up rules come from package
// kraft, which package plan uses too, so both agree on what a file means.
//
// The file is read with java.util.Properties rules (see [Parse]): '#' and '!' comments,
// '=', ':' or whitespace separators, backslash escapes, continuation lines, ISO-8859-1.
// Listener names and protocols compare case-insensitively (Kafka upper-cases them) and
// advertised hosts case-insensitively (DNS names).
//
// # Idempotence
//
// Edit compares meanings, not text: when the three EXTERNAL items already say what is
// wanted, the file is returned unchanged (Changed == false), so running Edit on its own
// output is a no-op. A change to advertised.listeners needs a broker restart in KRaft mode;
// restarting, one broker at a time, is the caller's job.
//
// # Refusals
//
// Each refusal is an [*Error] naming the key, its value, the line, the problem and the fix;
// its Kind is a sentinel for errors.Is:
//
//   - ErrInvalidExternal: the requested listener itself is malformed.
//   - ErrSyntax: a malformed \uXXXX escape, or an unparsable listeners,
//     advertised.listeners or listener.security.protocol.map value.
//   - ErrDuplicateKey: a key the edit reads or writes is set more than once (Java keeps the
//     last silently; which one the operator meant is ambiguous). Duplicates of unrelated
//     keys only produce a warning in [Result.Warnings].
//   - ErrNotKRaft: no process.roles (a ZooKeeper-mode file with zookeeper.connect is named
//     as such), or an unknown role.
//   - ErrControllerOnly: process.roles=controller. A controller-only node serves no
//     clients, so it gets no EXTERNAL listener; edit the broker nodes only.
//   - ErrNodeID: node.id is missing, not an integer, or not the node id the caller expects
//     (the wrong host's file).
//   - ErrControllerListener: the external name is in controller.listener.names; Kafka 3.7
//     forbids advertising a controller listener and the quorum must not be exposed.
//   - ErrListenerConflict: the name or port belongs to someone else, which is told apart
//     from our own EXTERNAL entry of an earlier run as follows. A listener of the same name
//     and the same security protocol is ours and is updated, whatever its host or port.
//     It is a conflict when (a) the name maps to another protocol (explicitly, or by
//     Kafka's default map, e.g. a name SSL), i.e. another team's EXTERNAL SASL_SSL
//     listener; (b) the bind port is used by another listener name in listeners
//     (e.g. INTERNAL on 39092); (c) the name is the inter-broker listener
//     (inter.broker.listener.name, else security.inter.broker.protocol, else PLAINTEXT):
//     re-advertising it through PrivateLink would cut replication; (d) the name appears
//     twice in a list.
//   - ErrAdvertisedConflict: another listener name already advertises the same host:port.
//     The advertised port alone is not compared with other listeners' ports: advertised
//     ports live on the NLB's address, bind ports on the broker, so 9093 on the NLB and a
//     CONTROLLER bound on 9093 do not collide.
//   - ErrNoAdvertisedHost, ErrUnmappedListener: see above.
//   - ErrAuthorization: turning authorization on could lock a client out, or the file runs
//     an authorizer other than StandardAuthorizer (auth.go).
//   - ErrInvalidResult: the edited file would break a Kafka 3.7 KRaft start-up rule
//     ([ValidateKRaft] is run on every result); the [*ValidationError] lists each problem
//     and marks those the original file already had.
package propsedit
