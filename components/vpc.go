package components

import (
	"fmt"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// KafkaVpcType is the type token of the KafkaVpc component.
const KafkaVpcType = "kafka-plc:index:KafkaVpc"

// Values the KafkaVpc sets on its children.
const (
	// AlibabaCloudLinux3NameRegex selects the system images of Alibaba Cloud Linux 3.
	AlibabaCloudLinux3NameRegex = "^aliyun_3_x64_20G_alibase_.*"
	// ruleNicType is the NIC type of every security group rule: VPC groups use "intranet".
	ruleNicType = "intranet"
	// rulePriority is the explicit priority of every (accept) rule; 1 is the highest.
	rulePriority = 1
	// anywhere is the IPv4 range of the whole internet.
	anywhere = "0.0.0.0/0"
)

// ZoneSubnet is one availability zone and the CIDR block of its vSwitch.
type ZoneSubnet struct {
	// Zone is the availability zone ID, e.g. "ap-southeast-1a".
	Zone string `pulumi:"zone"`
	// CidrBlock is the vSwitch's IPv4 range, inside the VPC's.
	CidrBlock string `pulumi:"cidrBlock"`
}

// KafkaVpcPorts are the ports the security groups open.
type KafkaVpcPorts struct {
	// Internal is the brokers' INTERNAL listener port (inter-broker and in-VPC clients).
	Internal int `pulumi:"internal"`
	// Controller is the brokers' CONTROLLER listener port (the KRaft quorum).
	Controller int `pulumi:"controller"`
	// External is the brokers' EXTERNAL listener port (the NLB's backend port).
	External int `pulumi:"external"`
	// Dist is the bastion's in-VPC HTTP port that serves verified downloads to the brokers.
	Dist int `pulumi:"dist"`
}

// KafkaVpcBastionArgs describe the bastion host and the access rules around it.
type KafkaVpcBastionArgs struct {
	// Zone is the availability zone of the bastion's vSwitch.
	Zone string `pulumi:"zone"`
	// VswitchCidr is the bastion vSwitch's IPv4 range, inside the VPC's and apart from the
	// broker vSwitches'.
	VswitchCidr string `pulumi:"vswitchCidr"`
	// PrivateIP is the bastion's static private address, inside VswitchCidr.
	PrivateIP string `pulumi:"privateIp"`
	// InstanceType is the bastion's ECS instance type.
	InstanceType string `pulumi:"instanceType"`
	// BandwidthMbps is the bastion's public bandwidth; it must be > 0 for a public IP.
	BandwidthMbps int `pulumi:"bandwidthMbps"`
	// SystemDiskCategory is the bastion's system disk category, e.g. "cloud_essd".
	SystemDiskCategory string `pulumi:"systemDiskCategory"`
	// ImageID is the bastion's image; empty means the latest Alibaba Cloud Linux 3 image.
	ImageID string `pulumi:"imageId"`
	// SSHPublicKey is the OpenSSH public key imported as the key pair of every instance. Later
	// changes are not applied (the brokers could not follow them); the component logs a warning
	// with the manual rotation instead.
	SSHPublicKey string `pulumi:"sshPublicKey"`
	// SSHAllowedCidrs may reach the bastion's SSH port; nothing else may.
	SSHAllowedCidrs []string `pulumi:"sshAllowedCidrs"`
	// AllowSSHFromAnywhere must be true for SSHAllowedCidrs to contain 0.0.0.0/0.
	AllowSSHFromAnywhere bool `pulumi:"allowSshFromAnywhere"`
	// MetricsScraperCidrs may reach `kplc exporter` on the bastion (port rules.ExporterPort),
	// private IPv4 ranges only; empty (the default) opens that port to nobody.
	MetricsScraperCidrs []string `pulumi:"metricsScraperCidrs"`
	// Ports are the ports the security groups open.
	Ports KafkaVpcPorts `pulumi:"ports"`
}

// KafkaVpcArgs are the arguments of NewKafkaVpc. Either ExistingVpcID (with
// ExistingVswitchIDs) names a VPC to use as it is, or CidrBlock and BrokerSubnets describe the
// VPC to create.
type KafkaVpcArgs struct {
	// ExistingVpcID is the ID of a VPC to use instead of creating one; no VPC, vSwitch, security
	// group, key pair or bastion is created then.
	ExistingVpcID string `pulumi:"existingVpcId"`
	// ExistingVswitchIDs maps each zone to an existing vSwitch (with ExistingVpcID only).
	ExistingVswitchIDs map[string]string `pulumi:"existingVswitchIds"`
	// CidrBlock is the IPv4 range of the VPC to create, e.g. "10.0.0.0/16".
	CidrBlock string `pulumi:"cidrBlock"`
	// BrokerSubnets are the broker zones and their vSwitch ranges, one vSwitch per zone.
	BrokerSubnets []ZoneSubnet `pulumi:"brokerSubnets"`
	// NlbSubnets are the NLB's zones and the ranges of its own vSwitches, one per zone, apart
	// from the broker and bastion ranges: the NLB takes its VIP and its local addresses toward
	// the backends from its zone's vSwitch, so it can never take a broker's planned address, and
	// only these ranges reach the brokers' EXTERNAL port. Each must be a /28 or larger.
	NlbSubnets []ZoneSubnet `pulumi:"nlbSubnets"`
	// Bastion describes the bastion, its key pair and the security groups; required when a VPC
	// is created, and must be nil with ExistingVpcID.
	Bastion *KafkaVpcBastionArgs `pulumi:"bastion"`
}

// KafkaVpc is the network of a kafka-plc cluster: the VPC, one broker vSwitch per zone, the
// bastion vSwitch, the broker and bastion security groups, the SSH key pair and the bastion.
type KafkaVpc struct {
	pulumi.ResourceState

	// hostPrerequisites are the security group rules and the bastion.
	hostPrerequisites []pulumi.Resource

	// VpcID is the VPC's ID.
	VpcID pulumi.StringOutput `pulumi:"vpcId"`
	// VswitchIDs maps each broker zone to its vSwitch ID.
	VswitchIDs pulumi.StringMapOutput `pulumi:"vSwitchIds"`
	// NlbVswitchIDs maps each NLB zone to the vSwitch the NLB takes its addresses from (with an
	// existing VPC, ExistingVswitchIDs).
	NlbVswitchIDs pulumi.StringMapOutput `pulumi:"nlbVswitchIds"`
	// BastionVswitchID is the bastion vSwitch's ID ("" with an existing VPC).
	BastionVswitchID pulumi.StringOutput `pulumi:"bastionVswitchId"`
	// BrokerSecurityGroupID is the brokers' security group ("" with an existing VPC).
	BrokerSecurityGroupID pulumi.StringOutput `pulumi:"brokerSecurityGroupId"`
	// BastionSecurityGroupID is the bastion's security group ("" with an existing VPC).
	BastionSecurityGroupID pulumi.StringOutput `pulumi:"bastionSecurityGroupId"`
	// BastionInstanceID is the bastion's ECS instance ID ("" with an existing VPC); it changes
	// when the bastion is replaced.
	BastionInstanceID pulumi.StringOutput `pulumi:"bastionInstanceId"`
	// BastionPublicIP is the bastion's public address ("" with an existing VPC).
	BastionPublicIP pulumi.StringOutput `pulumi:"bastionPublicIp"`
	// BastionPrivateIP is the bastion's private address ("" with an existing VPC).
	BastionPrivateIP pulumi.StringOutput `pulumi:"bastionPrivateIp"`
	// KeyPairName is the name of the SSH key pair on every instance ("" with an existing VPC).
	KeyPairName pulumi.StringOutput `pulumi:"keyPairName"`
	// ImageID is the image the bastion runs ("" with an existing VPC).
	ImageID pulumi.StringOutput `pulumi:"imageId"`
}

// NewKafkaVpc validates args, then registers the component and its children.
func NewKafkaVpc(ctx *pulumi.Context, name string, args *KafkaVpcArgs, opts ...pulumi.ResourceOption) (*KafkaVpc, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	comp := &KafkaVpc{}
	if err := ctx.RegisterComponentResource(KafkaVpcType, name, comp, opts...); err != nil {
		return nil, fmt.Errorf("registering KafkaVpc %q: %w", name, err)
	}
	empty := pulumi.String("").ToStringOutput()
	comp.BastionVswitchID, comp.BrokerSecurityGroupID, comp.BastionSecurityGroupID = empty, empty, empty
	comp.BastionPublicIP, comp.BastionPrivateIP, comp.KeyPairName, comp.ImageID = empty, empty, empty, empty
	comp.BastionInstanceID = empty

	if args.ExistingVpcID != "" {
		comp.VpcID = pulumi.String(args.ExistingVpcID).ToStringOutput()
		comp.VswitchIDs = pulumi.ToStringMap(args.ExistingVswitchIDs).ToStringMapOutput()
		comp.NlbVswitchIDs = comp.VswitchIDs
	} else if err := comp.build(ctx, name, args); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"vpcId":                  comp.VpcID,
		"vSwitchIds":             comp.VswitchIDs,
		"nlbVswitchIds":          comp.NlbVswitchIDs,
		"bastionVswitchId":       comp.BastionVswitchID,
		"brokerSecurityGroupId":  comp.BrokerSecurityGroupID,
		"bastionSecurityGroupId": comp.BastionSecurityGroupID,
		"bastionInstanceId":      comp.BastionInstanceID,
		"bastionPublicIp":        comp.BastionPublicIP,
		"bastionPrivateIp":       comp.BastionPrivateIP,
		"keyPairName":            comp.KeyPairName,
		"imageId":                comp.ImageID,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of KafkaVpc %q: %w", name, err)
	}
	return comp, nil
}

// build creates the VPC, its vSwitches, the security groups, the key pair and the bastion.
func (comp *KafkaVpc) build(ctx *pulumi.Context, name string, args *KafkaVpcArgs) error {
	parent := pulumi.Parent(comp)
	b := args.Bastion

	// cidrBlock is not ForceNew: a new range resizes the VPC in place (ModifyVpcAttribute), which
	// the API refuses when addresses in use fall outside it (facts: vpc/network cidr_block).
	network, err := vpc.NewNetwork(ctx, name+"-vpc", &vpc.NetworkArgs{
		VpcName:     pulumi.String(ruleVpcName.fit(name)),
		CidrBlock:   pulumi.String(args.CidrBlock),
		Description: pulumi.String(ruleVpcDescription.fit("kafka-plc VPC " + name)),
	}, parent)
	if err != nil {
		return fmt.Errorf("creating the VPC of %q: %w", name, err)
	}
	comp.VpcID = network.ID().ToStringOutput()

	vswitchIDs := pulumi.StringMap{}
	for _, s := range args.BrokerSubnets {
		sw, err := vpc.NewSwitch(ctx, name+"-vsw-"+s.Zone, &vpc.SwitchArgs{
			VswitchName: pulumi.String(ruleVswitchName.fit(name + "-broker-" + s.Zone)),
			VpcId:       network.ID(),
			CidrBlock:   pulumi.String(s.CidrBlock),
			ZoneId:      pulumi.String(s.Zone),
			Description: pulumi.String(ruleVswitchDescription.fit("kafka-plc brokers in " + s.Zone)),
		}, parent)
		if err != nil {
			return fmt.Errorf("creating the broker vSwitch of %q in %s: %w", name, s.Zone, err)
		}
		vswitchIDs[s.Zone] = sw.ID().ToStringOutput()
	}
	comp.VswitchIDs = vswitchIDs.ToStringMapOutput()

	nlbVswitchIDs := pulumi.StringMap{}
	nlbCidrs := make([]string, len(args.NlbSubnets))
	for i, s := range args.NlbSubnets {
		sw, err := vpc.NewSwitch(ctx, name+"-vsw-nlb-"+s.Zone, &vpc.SwitchArgs{
			VswitchName: pulumi.String(name + "-nlb-" + s.Zone),
			VpcId:       network.ID(),
			CidrBlock:   pulumi.String(s.CidrBlock),
			ZoneId:      pulumi.String(s.Zone),
			Description: pulumi.String("kafka-plc NLB addresses in " + s.Zone),
		}, parent)
		if err != nil {
			return fmt.Errorf("creating the NLB vSwitch of %q in %s: %w", name, s.Zone, err)
		}
		nlbVswitchIDs[s.Zone] = sw.ID().ToStringOutput()
		nlbCidrs[i] = s.CidrBlock
	}
	comp.NlbVswitchIDs = nlbVswitchIDs.ToStringMapOutput()

	bastionSw, err := vpc.NewSwitch(ctx, name+"-vsw-bastion", &vpc.SwitchArgs{
		VswitchName: pulumi.String(ruleVswitchName.fit(name + "-bastion")),
		VpcId:       network.ID(),
		CidrBlock:   pulumi.String(b.VswitchCidr),
		ZoneId:      pulumi.String(b.Zone),
		Description: pulumi.String(ruleVswitchDescription.fit("kafka-plc bastion")),
	}, parent,
		// zoneId and cidrBlock are ForceNew (facts: vpc/switch), and a replacement created first
		// would overlap the old vSwitch, which CreateVSwitch refuses. The vSwitch holds only the
		// bastion, which holds no data: delete it first (the bastion goes before it, see below).
		pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return fmt.Errorf("creating the bastion vSwitch of %q: %w", name, err)
	}
	comp.BastionVswitchID = bastionSw.ID().ToStringOutput()

	brokerSG, bastionSG, rules, err := newSecurityGroups(ctx, name, nlbCidrs, b, network, parent)
	if err != nil {
		return err
	}
	comp.hostPrerequisites = append(comp.hostPrerequisites, rules...)
	comp.BrokerSecurityGroupID = brokerSG.ID().ToStringOutput()
	comp.BastionSecurityGroupID = bastionSG.ID().ToStringOutput()

	// A key pair's publicKey is not ForceNew, and a change of it is an update that calls no API
	// for the key (alicloud-provider-facts.md, ecs/ecsKeyPair public_key): the key in Alibaba
	// Cloud stays the imported one, and no instance would receive a new key anyway. Applying it
	// would only make the state claim a key the cloud does not hold, so publicKey is ignored:
	// the state keeps the key the pair was created with, and warnKeyRotation gives the manual
	// rotation when the configured key differs.
	key, err := ecs.NewEcsKeyPair(ctx, name+"-key", &ecs.EcsKeyPairArgs{
		KeyPairName: pulumi.String(ruleKeyPairName.fit(name + "-key")),
		PublicKey:   pulumi.String(b.SSHPublicKey),
	}, parent, pulumi.IgnoreChanges([]string{"publicKey"}))
	if err != nil {
		return fmt.Errorf("creating the key pair of %q: %w", name, err)
	}
	comp.KeyPairName = key.KeyPairName
	warnKeyRotation(ctx, name, key, b.SSHPublicKey)

	imageID := b.ImageID
	if imageID == "" {
		images, err := ecs.GetImages(ctx, &ecs.GetImagesArgs{
			Owners:     pulumi.StringRef("system"),
			NameRegex:  pulumi.StringRef(AlibabaCloudLinux3NameRegex),
			MostRecent: pulumi.BoolRef(true),
		}, parent)
		if err != nil {
			return fmt.Errorf("looking up the Alibaba Cloud Linux 3 image for %q: %w", name, err)
		}
		if len(images.Images) == 0 || images.Images[0].Id == "" {
			return fmt.Errorf("looking up the Alibaba Cloud Linux 3 image for %q: no system image matches %q "+
				"in this region; fix: set the stack's imageId to an image ID", name, AlibabaCloudLinux3NameRegex)
		}
		imageID = images.Images[0].Id
	}
	comp.ImageID = pulumi.String(imageID).ToStringOutput()

	bastion, err := ecs.NewInstance(ctx, name+"-bastion", &ecs.InstanceArgs{
		InstanceName:            pulumi.String(ruleInstanceName.fit(name + "-bastion")),
		HostName:                pulumi.String(ruleInstanceHostName.fit(name + "-bastion")),
		Description:             pulumi.String(ruleInstanceDescription.fit("kafka-plc bastion: SSH jump host and download mirror for the brokers")),
		AvailabilityZone:        pulumi.String(b.Zone),
		VswitchId:               bastionSw.ID(),
		PrivateIp:               pulumi.String(b.PrivateIP),
		SecurityGroups:          pulumi.StringArray{bastionSG.ID()},
		InstanceType:            pulumi.String(b.InstanceType),
		ImageId:                 pulumi.String(imageID),
		SystemDiskCategory:      pulumi.String(b.SystemDiskCategory),
		KeyName:                 key.KeyPairName,
		InstanceChargeType:      pulumi.String("PostPaid"),
		InternetChargeType:      pulumi.String("PayByTraffic"),
		InternetMaxBandwidthOut: pulumi.Int(b.BandwidthMbps),
	}, append([]pulumi.ResourceOption{parent, pulumi.IgnoreChanges(bastionIgnoredChanges)}, bastionReplacement()...)...)
	if err != nil {
		return fmt.Errorf("creating the bastion of %q: %w", name, err)
	}
	comp.hostPrerequisites = append(comp.hostPrerequisites, bastion)
	comp.BastionInstanceID = bastion.ID().ToStringOutput()
	comp.BastionPublicIP = bastion.PublicIp
	comp.BastionPrivateIP = bastion.PrivateIp
	return nil
}

// bastionIgnoredChanges are the bastion inputs an update never applies. The image lookup follows
// new Alibaba Cloud Linux releases; a release must not re-install the bastion's system disk (and
// the verified downloads it serves) on the next update (imageId is applied with ReplaceSystemDisk;
// facts: ecs/instance image_id). The key pair is the one the brokers were created with: like
// theirs, the bastion's never changes.
var bastionIgnoredChanges = []string{"imageId", "keyName"}

// bastionReplaceOnChanges are the bastion inputs that replace it instead of the provider's
// stop-modify-start. vswitchId must: when the bastion vSwitch is replaced delete-first (a new
// zone or CIDR), the engine deletes first only the dependents that a changed vSwitch ID would
// replace (pkg/v3 v3.274.1 step_generator.go calculateDependentReplacements, which applies
// ReplaceOnChanges), and the old vSwitch cannot be deleted while the bastion is in it
// (DependencyViolation, facts: vpc/switch Delete). privateIp follows the vSwitch's CIDR.
var bastionReplaceOnChanges = []string{"vswitchId", "privateIp"}

// nlbVswitchMaxBits is the longest prefix of an NLB vSwitch, a /28: 12 usable addresses after
// the 4 Alibaba Cloud reserves, above the 8 free it recommends per NLB vSwitch.
const nlbVswitchMaxBits = 28
