// Package components holds the Pulumi component resources that kafka-plc builds its cloud
// resources from. Each component is a pulumi.ComponentResource with its own type token, a plain
// Args struct (schema-friendly: values the code loops or branches on are plain Go types, eventual
// values are Inputs), and output fields that it also registers as resource outputs:
//
//   - KafkaVpc (kafka-plc:index:KafkaVpc): the VPC and its vSwitches (or an existing VPC's), the
//     least-privilege security groups, the SSH key pair and the bastion host.
//   - KafkaNlb (kafka-plc:index:KafkaNlb): the intranet Network Load Balancer with a bootstrap
//     server group and one server group and listener per broker.
//   - PrivateLinkEndpointService (kafka-plc:index:PrivateLinkEndpointService): the PrivateLink
//     endpoint service in front of the NLB, with manual acceptance and exactly one whitelisted
//     account (TiDB Cloud's).
//   - KraftBrokerSet (kafka-plc:index:KraftBrokerSet): the broker instances, with Kafka installed
//     and configured over SSH through the bastion and rolled out one broker at a time.
//   - PrivateLinkVerification (kafka-plc:index:PrivateLinkVerification): checks, from the
//     bastion, that every broker is reachable through the NLB's port map.
//
// Every constructor validates its Args before it registers anything, so a bad value fails with
// an error naming the field, the value and the fix, and leaves no half-built component behind.
// Children are parented to their component and named after it. The components do not know about
// each other: KafkaNlb takes a plain list of brokers (node id, zone, instance id), however they
// were made. Package deploy wires them together from a stack's plan.
package components
