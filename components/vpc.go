package components

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/rules"
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

// bastionReplacement returns the options that make a bastion replacement safe. The bastion has a
// static private IP, and a replacement created first would ask RunInstances for the address the
// old bastion still holds; its ForceNew inputs are availabilityZone and systemDiskCategory (facts:
// ecs/instance; instanceType, hostName, bandwidth and security groups change in place, imageId and
// keyName are ignored). The bastion holds no data (the dist directory is re-filled from the
// verified download by the prepare step), so it is deleted first. Every step on it follows: the
// broker set's bastion steps re-run on the new instance (KraftBrokerSetArgs.BastionInstanceID).
func bastionReplacement() []pulumi.ResourceOption {
	return []pulumi.ResourceOption{pulumi.DeleteBeforeReplace(true), pulumi.ReplaceOnChanges(bastionReplaceOnChanges)}
}

// warnKeyRotation logs a warning when the configured public key differs from the key the key
// pair holds (its state, which ignores later changes; see build): the instances keep the key
// they were created with, so the new key is not installed anywhere, and the warning says how
// to rotate it by hand. It only logs: nothing is registered inside the apply.
func warnKeyRotation(ctx *pulumi.Context, name string, key *ecs.EcsKeyPair, configured string) {
	key.PublicKey.ApplyT(func(current *string) (string, error) {
		if current == nil || *current == "" || sameSSHKey(*current, configured) {
			return "", nil
		}
		if err := ctx.Log.Warn(keyRotationWarning(name), &pulumi.LogArgs{Resource: key}); err != nil {
			return "", fmt.Errorf("logging the key rotation of %q: %w", name, err)
		}
		return "", nil
	})
}

// sameSSHKey reports whether two authorized_keys lines hold the same key: the same type and
// base64 blob, whatever their comments.
func sameSSHKey(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) < 2 || len(fb) < 2 {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return fa[0] == fb[0] && fa[1] == fb[1]
}

// keyRotationWarning says that a changed sshPublicKey is not applied, and how to rotate the key.
func keyRotationWarning(name string) string {
	return fmt.Sprintf("KafkaVpc %q: sshPublicKey differs from the key of key pair %s-key, which the bastion and the brokers "+
		"were created with; pulumi up does not change it: the provider cannot change the public key of an existing key pair "+
		"(the update calls no API for it), and attaching another key pair to an instance reboots it, which the brokers, all at "+
		"once and without the restart gates, must not do. "+
		"To rotate the key by hand: (1) with the old private key, append the new public key to the login user's "+
		"~/.ssh/authorized_keys on the bastion and on every broker (through the bastion); (2) set the new private key: "+
		"pulumi config set --secret sshPrivateKey < NEW_KEY_FILE; (3) pulumi up, and check that it reaches every host; "+
		"(4) remove the old public key from every host's authorized_keys. The key pair keeps the old public key, so "+
		"an instance created later (a replaced bastion) starts with the old key only. To go back instead, set "+
		"sshPublicKey to the old key", name, name)
}

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

// Validate checks the arguments of a KafkaVpc named name and returns the first problem.
func (args *KafkaVpcArgs) Validate(name string) error {
	fail := argFailer("KafkaVpc", name)
	if args == nil {
		return fail("args", "nil", "no arguments given", "pass a *KafkaVpcArgs")
	}
	if name == "" {
		return fail("name", "", "the component needs a name", "pass a non-empty name")
	}
	if args.ExistingVpcID != "" {
		return args.validateExisting(fail)
	}
	if len(args.ExistingVswitchIDs) > 0 {
		return fail("ExistingVswitchIDs", fmt.Sprint(args.ExistingVswitchIDs), "set without ExistingVpcID",
			"set ExistingVpcID too, or leave ExistingVswitchIDs empty to create the vSwitches")
	}
	vpcNet, err := parseCIDR(args.CidrBlock)
	if err != nil {
		return fail("CidrBlock", args.CidrBlock, err.Error(), `give the VPC's IPv4 range, e.g. "10.0.0.0/16"`)
	}
	if len(args.BrokerSubnets) == 0 {
		return fail("BrokerSubnets", "[]", "no broker zone", "give one zone and vSwitch CIDR per broker zone")
	}
	type named struct {
		field string
		net   netip.Prefix
	}
	var subnets []named
	seen := map[string]bool{}
	for i, s := range args.BrokerSubnets {
		field := fmt.Sprintf("BrokerSubnets[%d]", i)
		if strings.TrimSpace(s.Zone) == "" {
			return fail(field+".Zone", s.Zone, "empty zone", `give a zone ID, e.g. "ap-southeast-1a"`)
		}
		if seen[s.Zone] {
			return fail(field+".Zone", s.Zone, "zone listed twice", "list each broker zone once")
		}
		seen[s.Zone] = true
		sn, err := subnetOf(vpcNet, s.CidrBlock)
		if err != nil {
			return fail(field+".CidrBlock", s.CidrBlock, err.Error(), "give a range inside CidrBlock "+args.CidrBlock)
		}
		subnets = append(subnets, named{field + ".CidrBlock", sn})
	}
	if len(args.NlbSubnets) == 0 {
		return fail("NlbSubnets", "[]", "no NLB vSwitch: the NLB would take its addresses from the broker vSwitches, maybe a broker's planned one",
			"give one zone and vSwitch CIDR (a /28 or larger, apart from the broker and bastion ranges) per NLB zone")
	}
	seenNlb := map[string]bool{}
	for i, s := range args.NlbSubnets {
		field := fmt.Sprintf("NlbSubnets[%d]", i)
		if strings.TrimSpace(s.Zone) == "" || seenNlb[s.Zone] {
			return fail(field+".Zone", s.Zone, "empty or listed twice", "list each NLB zone once")
		}
		seenNlb[s.Zone] = true
		sn, err := subnetOf(vpcNet, s.CidrBlock)
		if err != nil {
			return fail(field+".CidrBlock", s.CidrBlock, err.Error(), "give a range inside CidrBlock "+args.CidrBlock)
		}
		if sn.Bits() > nlbVswitchMaxBits {
			return fail(field+".CidrBlock", s.CidrBlock, "too small: the NLB takes 3 addresses per zone and Alibaba Cloud recommends 8 free",
				fmt.Sprintf("give a /%d or larger", nlbVswitchMaxBits))
		}
		subnets = append(subnets, named{field + ".CidrBlock", sn})
	}
	b := args.Bastion
	if b == nil {
		return fail("Bastion", "nil", "a new VPC needs the bastion, key pair and security group settings",
			"set Bastion")
	}
	if strings.TrimSpace(b.Zone) == "" {
		return fail("Bastion.Zone", b.Zone, "empty zone", `give the bastion's zone ID, e.g. "ap-southeast-1a"`)
	}
	bastionNet, err := subnetOf(vpcNet, b.VswitchCidr)
	if err != nil {
		return fail("Bastion.VswitchCidr", b.VswitchCidr, err.Error(), "give a range inside CidrBlock "+args.CidrBlock)
	}
	subnets = append(subnets, named{"Bastion.VswitchCidr", bastionNet})
	for i := range subnets {
		for j := i + 1; j < len(subnets); j++ {
			if subnets[i].net.Overlaps(subnets[j].net) {
				return fail(subnets[j].field, subnets[j].net.String(),
					"overlaps "+subnets[i].field+" ("+subnets[i].net.String()+")", "give every vSwitch its own range")
			}
		}
	}
	ip, err := netip.ParseAddr(b.PrivateIP)
	if err != nil || !ip.Is4() || !bastionNet.Contains(ip) {
		return fail("Bastion.PrivateIP", b.PrivateIP, "not an IPv4 address inside Bastion.VswitchCidr "+b.VswitchCidr,
			"give a free address of the bastion vSwitch")
	}
	if !strings.HasPrefix(b.InstanceType, "ecs.") {
		return fail("Bastion.InstanceType", b.InstanceType, "not an ECS instance type", `give an ECS type, e.g. "ecs.t6-c1m1.large"`)
	}
	if rules.IsArmInstanceType(b.InstanceType) {
		return fail("Bastion.InstanceType", b.InstanceType, "an Arm instance type; kplc is built for linux/amd64 only",
			`set bastionInstanceType to an x86-64 type, e.g. "ecs.t6-c1m1.large"`)
	}
	if b.BandwidthMbps <= 0 || b.BandwidthMbps > 200 {
		return fail("Bastion.BandwidthMbps", strconv.Itoa(b.BandwidthMbps), "must be 1..200: the bastion's public IP comes from it",
			"set a bandwidth such as 5")
	}
	if !rules.IsDiskCategory(b.SystemDiskCategory) {
		return fail("Bastion.SystemDiskCategory", b.SystemDiskCategory, "not a disk category ("+strings.Join(rules.DiskCategories(), ", ")+")",
			`give e.g. "cloud_essd"`)
	}
	if f := strings.Fields(b.SSHPublicKey); len(f) < 2 || !(strings.HasPrefix(f[0], "ssh-") || strings.HasPrefix(f[0], "ecdsa-") || strings.HasPrefix(f[0], "sk-")) {
		return fail("Bastion.SSHPublicKey", abbreviate(b.SSHPublicKey), "not an OpenSSH public key",
			`give the one-line public key, e.g. the content of ~/.ssh/kafka-plc.pub ("ssh-rsa AAAA...") made by `+config.KeygenCommand)
	} else if !config.IsImportableKeyType(f[0]) {
		return fail("Bastion.SSHPublicKey", abbreviate(b.SSHPublicKey), "a "+f[0]+" key, which the key pair cannot hold: "+config.ImportableKeyTypesText,
			"make an RSA key pair ("+config.KeygenCommand+") and give the content of ~/.ssh/kafka-plc.pub")
	}
	if len(b.SSHAllowedCidrs) == 0 {
		return fail("Bastion.SSHAllowedCidrs", "[]", "nobody could reach the bastion",
			`give the ranges that may SSH to the bastion, e.g. ["203.0.113.7/32"]`)
	}
	seenCidr := map[string]bool{}
	for i, c := range b.SSHAllowedCidrs {
		field := fmt.Sprintf("Bastion.SSHAllowedCidrs[%d]", i)
		p, err := parseCIDR(c)
		if err != nil {
			return fail(field, c, err.Error(), `give an IPv4 range, e.g. "203.0.113.7/32"`)
		}
		if seenCidr[p.String()] {
			return fail(field, c, "listed twice", "list each range once")
		}
		seenCidr[p.String()] = true
		if p.Bits() == 0 && !b.AllowSSHFromAnywhere {
			return fail(field, c, "opens SSH to the whole internet",
				"give your own range, or set AllowSSHFromAnywhere (allowSshFromAnywhere) if you really mean it")
		}
	}
	if err := b.validateMetrics(fail); err != nil {
		return err
	}
	ports := []struct {
		field string
		port  int
	}{
		{"Bastion.Ports.Internal", b.Ports.Internal}, {"Bastion.Ports.Controller", b.Ports.Controller},
		{"Bastion.Ports.External", b.Ports.External}, {"Bastion.Ports.Dist", b.Ports.Dist},
	}
	used := map[int]string{22: "SSH"}
	for _, p := range ports {
		if p.port < 1 || p.port > 65535 {
			return fail(p.field, strconv.Itoa(p.port), "not a TCP port", "give a port in 1..65535")
		}
		if other, ok := used[p.port]; ok {
			return fail(p.field, strconv.Itoa(p.port), "already used by "+other, "give every port its own number")
		}
		used[p.port] = p.field
	}
	return nil
}

// validateExisting checks the arguments of a KafkaVpc that adopts an existing VPC.
func (args *KafkaVpcArgs) validateExisting(fail func(field, value, problem, fix string) error) error {
	if !strings.HasPrefix(args.ExistingVpcID, "vpc-") {
		return fail("ExistingVpcID", args.ExistingVpcID, "not a VPC ID", `give the ID shown in the VPC console, e.g. "vpc-t4n..."`)
	}
	if len(args.ExistingVswitchIDs) == 0 {
		return fail("ExistingVswitchIDs", "{}", "no vSwitch given", "map each broker zone to a vSwitch of the VPC")
	}
	for _, z := range slices.Sorted(maps.Keys(args.ExistingVswitchIDs)) {
		id := args.ExistingVswitchIDs[z]
		if strings.TrimSpace(z) == "" {
			return fail("ExistingVswitchIDs", id, "mapped from an empty zone", "key each vSwitch by its zone ID")
		}
		if !strings.HasPrefix(id, "vsw-") {
			return fail("ExistingVswitchIDs["+z+"]", id, "not a vSwitch ID", `give the vSwitch's ID, e.g. "vsw-t4n..."`)
		}
	}
	if args.CidrBlock != "" || len(args.BrokerSubnets) > 0 || len(args.NlbSubnets) > 0 || args.Bastion != nil {
		return fail("ExistingVpcID", args.ExistingVpcID, "an existing VPC is used as it is, but CidrBlock, BrokerSubnets, NlbSubnets or Bastion is set too",
			"leave CidrBlock, BrokerSubnets, NlbSubnets and Bastion empty, or drop ExistingVpcID to create a VPC")
	}
	return nil
}

// nlbVswitchMaxBits is the longest prefix of an NLB vSwitch, a /28: 12 usable addresses after
// the 4 Alibaba Cloud reserves, above the 8 free it recommends per NLB vSwitch.
const nlbVswitchMaxBits = 28

// parseCIDR parses a canonical IPv4 CIDR block.
func parseCIDR(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, fmt.Errorf("not an IPv4 CIDR block")
	}
	if p != p.Masked() {
		return netip.Prefix{}, fmt.Errorf("host bits set (the block is %s)", p.Masked())
	}
	return p, nil
}

// subnetOf parses s and checks that it lies inside outer.
func subnetOf(outer netip.Prefix, s string) (netip.Prefix, error) {
	p, err := parseCIDR(s)
	if err != nil {
		return p, err
	}
	if p.Bits() < outer.Bits() || !outer.Contains(p.Addr()) {
		return p, fmt.Errorf("not inside the VPC's %s", outer)
	}
	return p, nil
}

// abbreviate shortens a long value for an error message.
func abbreviate(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
