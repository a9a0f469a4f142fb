package cloudsim

import (
	"strings"
	"testing"
)

// facts: vpc/switch cidr_block (API doc: mask /16-/29, inside the VPC, no overlap) and CreateVSwitch's
// error table; a vSwitch needs an existing VPC and a zone of the region.
func TestCreateSwitchRules(t *testing.T) {
	for _, tc := range []struct {
		source string
		in     func(vpc string) map[string]any
		code   string
	}{
		{"facts: mask /30 is outside /16-/29", func(v string) map[string]any { return sw(v, "10.0.1.0/30") }, "InvalidCirdrBlock.MaskLength"},
		{"facts: mask /15 is outside /16-/29", func(v string) map[string]any { return sw(v, "10.0.0.0/15") }, "InvalidCirdrBlock.MaskLength"},
		{"facts: must lie inside the VPC CIDR", func(v string) map[string]any { return sw(v, "10.1.0.0/24") }, "InvalidParameter"},
		{"facts: must not overlap other vSwitches", func(v string) map[string]any { return sw(v, "10.0.1.128/25") }, "InvalidCidrBlock.Overlapped"},
		{"API: CIDR must parse", func(v string) map[string]any { return sw(v, "10.0.9.0") }, "InvalidCidrBlock.Malformed"},
		{"API: VPC must exist", func(string) map[string]any { return sw("vpc-missing", "10.0.9.0/24") }, "InvalidVpcId.NotFound"},
		{"API: zone must be in the region", func(v string) map[string]any {
			in := sw(v, "10.0.9.0/24")
			in["zoneId"] = "cn-beijing-a"
			return in
		}, "InvalidZoneId.NotFound"},
		{"facts: vpc/switch description starts with a letter (unverified, enforced)", func(v string) map[string]any {
			in := sw(v, "10.0.9.0/24")
			in["description"] = "1st switch"
			return in
		}, "InvalidVSwitchDiscription.Malformed"},
		{"CreateVSwitch doc: name must not start with http://", func(v string) map[string]any {
			in := sw(v, "10.0.9.0/24")
			in["vswitchName"] = "http://x"
			return in
		}, "InvalidVSwitchName.Malformed"},
	} {
		t.Run(tc.source, func(t *testing.T) {
			s := newSim(t)
			vpc, _ := s.mustCreate(TokenNetwork, "vpc", map[string]any{"cidrBlock": "10.0.0.0/16"})
			s.mustCreate(TokenSwitch, "first", sw(vpc, "10.0.1.0/24"))
			err := s.createErr(TokenSwitch, "sw", tc.in(vpc), tc.code)
			if !strings.Contains(err.Error(), "Resource alicloud_vswitch CreateVSwitch Failed!!! [SDK alibaba-cloud-sdk-go ERROR]") {
				t.Errorf("error not wrapped as TF does: %v", err)
			}
		})
	}
}

func sw(vpc, cidr string) map[string]any {
	return map[string]any{"vpcId": vpc, "cidrBlock": cidr, "zoneId": zoneJ}
}

// facts: vpc/network cidr_block (API doc): mask /8-/28; 100.64.0.0/10, 224.0.0.0/4, 127.0.0.0/8 and
// 169.254.0.0/16 are forbidden; unset means the API default 172.16.0.0/12.
func TestCreateNetworkCIDR(t *testing.T) {
	s := newSim(t)
	for _, bad := range []string{"10.0.0.0/29", "10.0.0.0/7", "100.64.0.0/16", "127.0.0.0/16", "169.254.0.0/16", "not-a-cidr"} {
		s.createErr(TokenNetwork, "vpc", map[string]any{"cidrBlock": bad}, "InvalidCidrBlock.Malformed")
	}
	id, out := s.mustCreate(TokenNetwork, "vpc", map[string]any{})
	if str(out, "cidrBlock") != "172.16.0.0/12" || !strings.HasPrefix(id, "vpc-") || str(out, "status") != "Available" {
		t.Errorf("default VPC: id %s, %v", id, out)
	}
	s.createErr(TokenNetwork, "vpc", map[string]any{"vpcName": "1vpc"}, "InvalidVpcName.Malformed")
}

// facts: vpc/network cidr_block update is in place and fails if addresses in use fall outside.
func TestUpdateNetworkCIDRMustKeepSwitches(t *testing.T) {
	s := newSim(t)
	n := s.net()
	outs := s.c.Resources(TokenNetwork)[0].Outputs
	if _, err := s.update(TokenNetwork, n.vpc, outs, map[string]any{"cidrBlock": "10.0.0.0/24"}); ErrorCode(err) != "InvalidCidrBlock.Malformed" {
		t.Errorf("shrinking below the vSwitches: %v", err)
	}
	got, err := s.update(TokenNetwork, n.vpc, outs, map[string]any{"cidrBlock": "10.0.0.0/15"})
	if err != nil || str(got, "cidrBlock") != "10.0.0.0/15" {
		t.Errorf("growing: %v %v", got, err)
	}
}

// facts: vpc/network Delete retries DependencyViolation.VSwitch / .SecurityGroup until timeout, then
// fails; vpc/switch Delete likewise with DependencyViolation (instances and NLB ENIs).
func TestDeleteDependencies(t *testing.T) {
	s := newSim(t)
	n := s.net()
	inst, _ := s.mustCreate(TokenInstance, "b1", n.instanceArgs(n.swJ, nil))
	lb, _ := s.mustCreate(TokenLoadBalancer, "nlb", n.nlbArgs(nil))

	if err := s.del(TokenNetwork, n.vpc); ErrorCode(err) != "DependencyViolation.VSwitch" {
		t.Fatalf("VPC with vSwitches: %v", err)
	}
	if err := s.del(TokenSwitch, n.swJ); ErrorCode(err) != "DependencyViolation" || !strings.Contains(err.Error(), inst) {
		t.Fatalf("vSwitch with an instance: %v", err)
	}
	if err := s.del(TokenSwitch, n.swK); ErrorCode(err) != "DependencyViolation" || !strings.Contains(err.Error(), lb) {
		t.Fatalf("vSwitch with an NLB ENI: %v", err)
	}
	for _, step := range []struct{ token, id string }{
		{TokenInstance, inst}, {TokenLoadBalancer, lb}, {TokenSwitch, n.swJ}, {TokenSwitch, n.swK}, {TokenSwitch, n.swL},
	} {
		if err := s.del(step.token, step.id); err != nil {
			t.Fatalf("delete %s: %v", step.id, err)
		}
	}
	if err := s.del(TokenNetwork, n.vpc); ErrorCode(err) != "DependencyViolation.SecurityGroup" {
		t.Fatalf("VPC with a security group: %v", err)
	}
	if err := s.del(TokenSecurityGroup, n.sg); err != nil {
		t.Fatal(err)
	}
	if err := s.del(TokenNetwork, n.vpc); err != nil {
		t.Fatalf("empty VPC: %v", err)
	}
}

// facts: "(out) id" rows: vpc-…, vsw-…; deterministic per Cloud.
func TestIDsAreDeterministic(t *testing.T) {
	ids := func() []string {
		s := newSim(t)
		n := s.net()
		return []string{n.vpc, n.swJ, n.swK, n.sg, n.key}
	}
	a, b := ids(), ids()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("IDs differ between clouds: %v vs %v", a, b)
		}
	}
	if !strings.HasPrefix(a[0], "vpc-") || !strings.HasPrefix(a[1], "vsw-") || !strings.HasPrefix(a[3], "sg-") || a[4] != "kafka-key" {
		t.Errorf("ID formats: %v", a)
	}
}
