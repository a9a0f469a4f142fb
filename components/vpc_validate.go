package components

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/rules"
)

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
			`give the one-line public key, e.g. the content of ~/.ssh/kafka-plc.pub ("ssh-rsa AAAA...") made by `+rules.KeygenCommand)
	} else if !rules.IsImportableKeyType(f[0]) {
		return fail("Bastion.SSHPublicKey", abbreviate(b.SSHPublicKey), "a "+f[0]+" key, which the key pair cannot hold: "+rules.ImportableKeyTypesText,
			"make an RSA key pair ("+rules.KeygenCommand+") and give the content of ~/.ssh/kafka-plc.pub")
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
