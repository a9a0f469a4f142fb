package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ingressRule is one accept rule of a security group, from either a CIDR or a source group.
type ingressRule struct {
	suffix      string
	port        int
	cidr        string
	sourceGroup pulumi.StringInput
	description string
}

// HostPrerequisites returns what must exist before anything runs on a host: every security group
// rule and the bastion (empty for an existing VPC). Depend on these rather than on the component:
// the Pulumi Go SDK expands a component into the children registered so far, and children whose
// inputs are still pending (a rule waits for its group's ID) may not be among them yet.
func (c *KafkaVpc) HostPrerequisites() []pulumi.Resource {
	return append([]pulumi.Resource(nil), c.hostPrerequisites...)
}

// newSecurityGroups creates the broker and bastion groups and their least-privilege rules:
//
//   - bastion: SSH from SSHAllowedCidrs only; the dist port from the broker group only; the
//     exporter port from MetricsScraperCidrs only (none by default);
//   - brokers: INTERNAL and CONTROLLER from the broker group; INTERNAL from the bastion group
//     (kplc checks); SSH from the bastion group only; EXTERNAL from the NLB's own vSwitch ranges
//     only (nlbCidrs). The NLB reaches its backends, and health-checks them, from local
//     addresses it takes in the vSwitches of its zones (Alibaba Cloud: two local addresses and
//     the VIP per zone), which are its own (package deploy maps the NLB's zones to them);
//     client addresses are not preserved. So neither the brokers' nor the bastion's vSwitches
//     nor the rest of the VPC reach the EXTERNAL listener.
//
// Egress keeps the groups' default (all allowed): the brokers have no route to the internet
// anyway (no public IP, no NAT), and they must reach each other and the bastion.
func newSecurityGroups(ctx *pulumi.Context, name string, nlbCidrs []string, b *KafkaVpcBastionArgs, network *vpc.Network,
	parent pulumi.ResourceOption) (*ecs.SecurityGroup, *ecs.SecurityGroup, []pulumi.Resource, error) {
	brokerSG, err := ecs.NewSecurityGroup(ctx, name+"-sg-broker", &ecs.SecurityGroupArgs{
		SecurityGroupName: pulumi.String(ruleSecurityGroupName.fit(name + "-broker")),
		Description:       pulumi.String(ruleSecurityGroupDescription.fit("kafka-plc brokers")),
		VpcId:             network.ID(),
		SecurityGroupType: pulumi.String("normal"),
		InnerAccessPolicy: pulumi.String("Drop"),
	}, parent)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("creating the broker security group of %q: %w", name, err)
	}
	bastionSG, err := ecs.NewSecurityGroup(ctx, name+"-sg-bastion", &ecs.SecurityGroupArgs{
		SecurityGroupName: pulumi.String(ruleSecurityGroupName.fit(name + "-bastion")),
		Description:       pulumi.String(ruleSecurityGroupDescription.fit("kafka-plc bastion")),
		VpcId:             network.ID(),
		SecurityGroupType: pulumi.String("normal"),
		InnerAccessPolicy: pulumi.String("Drop"),
	}, parent)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("creating the bastion security group of %q: %w", name, err)
	}

	p := b.Ports
	var rules []pulumi.Resource
	var bastionRules []ingressRule
	for _, cidr := range b.SSHAllowedCidrs {
		bastionRules = append(bastionRules, ingressRule{
			suffix: "ssh-" + cidrSuffix(cidr), port: 22, cidr: cidr,
			description: "SSH from " + cidr + " (sshAllowedCidrs)",
		})
	}
	bastionRules = append(bastionRules, ingressRule{
		suffix: "dist-from-brokers", port: p.Dist, sourceGroup: brokerSG.ID(),
		description: "verified downloads (kplc-dist) for the brokers only",
	})
	bastionRules = append(bastionRules, metricsScraperRules(b)...)
	brokerRules := []ingressRule{
		{suffix: "internal-from-brokers", port: p.Internal, sourceGroup: brokerSG.ID(),
			description: "Kafka INTERNAL listener between brokers"},
		{suffix: "controller-from-brokers", port: p.Controller, sourceGroup: brokerSG.ID(),
			description: "Kafka CONTROLLER listener (KRaft quorum) between brokers"},
		{suffix: "internal-from-bastion", port: p.Internal, sourceGroup: bastionSG.ID(),
			description: "Kafka INTERNAL listener from the bastion (kplc checks)"},
		{suffix: "ssh-from-bastion", port: 22, sourceGroup: bastionSG.ID(),
			description: "SSH from the bastion only"},
	}
	for _, cidr := range nlbCidrs {
		brokerRules = append(brokerRules, ingressRule{
			suffix: "external-from-" + cidrSuffix(cidr), port: p.External, cidr: cidr,
			description: "Kafka EXTERNAL listener from the NLB's addresses in NLB vSwitch " + cidr + " (traffic and health checks)",
		})
	}
	for _, set := range []struct {
		group *ecs.SecurityGroup
		kind  string
		rules []ingressRule
	}{{bastionSG, "bastion", bastionRules}, {brokerSG, "broker", brokerRules}} {
		for _, r := range set.rules {
			ruleArgs := &ecs.SecurityGroupRuleArgs{
				SecurityGroupId: set.group.ID(),
				Type:            pulumi.String("ingress"),
				IpProtocol:      pulumi.String("tcp"),
				PortRange:       pulumi.String(fmt.Sprintf("%d/%d", r.port, r.port)),
				NicType:         pulumi.String(ruleNicType),
				Policy:          pulumi.String("accept"),
				Priority:        pulumi.Int(rulePriority),
				Description:     pulumi.String(ruleSecurityGroupRuleDescription.fit(r.description)),
			}
			if r.sourceGroup != nil {
				ruleArgs.SourceSecurityGroupId = r.sourceGroup
			} else {
				ruleArgs.CidrIp = pulumi.String(r.cidr)
			}
			ruleName := name + "-sg-" + set.kind + "-" + r.suffix
			rule, err := ecs.NewSecurityGroupRule(ctx, ruleName, ruleArgs, parent)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("creating security group rule %s: %w", ruleName, err)
			}
			rules = append(rules, rule)
		}
	}
	return brokerSG, bastionSG, rules, nil
}

// cidrSuffix turns a CIDR into a resource-name suffix: "203.0.113.0/24" → "203-0-113-0-24".
func cidrSuffix(cidr string) string {
	return strings.NewReplacer(".", "-", "/", "-", ":", "-").Replace(cidr)
}
