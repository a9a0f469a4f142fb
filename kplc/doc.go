// Package kplc checks a Kafka cluster from the outside, the way its clients
// see it, and decides whether a rolling restart may proceed.
//
// The package is split in two layers:
//
//   - I/O: [CheckBrokers], [Roundtrip], [ProbePrivateLink], [GatherState],
//     [WaitReady] and [WaitClusterReady] talk to Kafka through franz-go and
//     return result values that carry per-item errors.
//   - Verdicts: [SafeToRestart], [Ready] and [ClusterReady] are pure
//     functions of a [ClusterState]; they never touch the network, so every
//     rule is table-testable.
//
// [ProbePrivateLink] reproduces what TiDB Cloud does over a private link:
// it bootstraps through the NLB, dials every advertised broker name at the
// NLB host on the advertised port (see [NLBDialer]) and checks that each NLB
// port reaches the broker it should.
package kplc
