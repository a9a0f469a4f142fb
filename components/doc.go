// Package components holds the Pulumi component resources that kafka-plc builds its cloud
// resources from. Each component is a pulumi.ComponentResource with its own type token, a plain
// Args struct (schema-friendly: values the code loops or branches on are plain Go types, eventual
// values are Inputs), and output fields that it also registers as resource outputs:
//
//   - KafkaVpc (kafka-plc:index:KafkaVpc): the VPC and its vSwitches (or an existing VPC's), the
//     least-privilege security groups, the SSH key pair and the bastion host.
//   - KraftBrokerSet (kafka-plc:index:KraftBrokerSet): the broker instances, with Kafka installed
//     and configured over SSH through the bastion and rolled out one broker at a time.
//   - ExistingBrokerExposure (kafka-plc:index:ExistingBrokerExposure): for brokers that already
//     run, kplc installed on each and the EXTERNAL listener added to server.properties in place,
//     one broker at a time, over SSH through a jump host.
//   - KafkaNlb (kafka-plc:index:KafkaNlb): the intranet Network Load Balancer with a bootstrap
//     server group and one server group and listener per broker (StandardPortMap).
//   - PrivateLinkEndpointService (kafka-plc:index:PrivateLinkEndpointService): the PrivateLink
//     endpoint service in front of the NLB, with manual acceptance and exactly one whitelisted
//     account (TiDB Cloud's).
//   - PrivateLinkVerification (kafka-plc:index:PrivateLinkVerification): checks, from the
//     bastion, that every broker is reachable through the NLB's port map.
//   - SSHHostKey (kafka-plc:index:SSHHostKey): a host's SSH host key, read on first contact,
//     held in the stack's state and refused when it changes; every other connection to the
//     host requires it (KraftBrokerSet and ExistingBrokerExposure make one per broker).
//
// Every constructor validates its Args before it registers anything, so a bad value fails with
// an *ArgError naming the field, the value and the fix, and leaves no half-built component
// behind. Children are parented to their component and named after it. The components do not
// know about each other: KafkaNlb takes a plain list of brokers (node id, zone, instance id),
// however they were made, and KraftBrokerSet and PrivateLinkVerification take the planned
// brokers as plain values (KraftNode, ports, cluster ID), not a stack's plan, so a program that
// imports the components builds none of the stack-config loader. Package deploy maps a stack's
// plan to them and wires the components together; package componentstest runs a program that
// uses them under Pulumi's mocks.
//
// # Using the package from another module
//
// kafka-plc is not published to a module proxy, and its go.mod replaces the Alibaba Cloud SDK
// with the subset in its sdks/alicloud directory. A replace applies only in the module that
// declares it, so your go.mod repeats both (here with a checkout at ../kafka-plc):
//
//	require github.com/kafka-plc/kafka-plc v0.0.0
//
//	replace github.com/kafka-plc/kafka-plc => ../kafka-plc
//
//	replace github.com/pulumi/pulumi-alicloud/sdk/v3 => ../kafka-plc/sdks/alicloud
//
// Without the last line the build fails with a misleading "missing go.sum entry ... go get
// .../components@v0.0.0". The examples directory of the repository is such a module.
package components
