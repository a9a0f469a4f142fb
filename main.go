// Command kafka-plc is the Pulumi program that stands up a self-hosted Apache Kafka (KRaft)
// cluster on Alibaba Cloud — or takes an existing one — and exposes it to TiDB Cloud over
// PrivateLink: a VPC with a bastion, the brokers, an intranet NLB with one listener per broker,
// and an endpoint service that only TiDB Cloud's account may connect to. Run it with
// `pulumi up`; the stack settings are described in README.md. The wiring lives in package deploy.
package main

import (
	"github.com/kafka-plc/kafka-plc/deploy"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() { pulumi.Run(deploy.Run) }
