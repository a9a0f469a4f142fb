package components

import (
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// testVpcArgs returns the arguments of the dev stack's network: three zones of a /16.
func testVpcArgs() *KafkaVpcArgs {
	return &KafkaVpcArgs{
		CidrBlock: "10.0.0.0/16",
		BrokerSubnets: []ZoneSubnet{
			{Zone: "ap-southeast-1a", CidrBlock: "10.0.0.0/18"},
			{Zone: "ap-southeast-1b", CidrBlock: "10.0.64.0/18"},
			{Zone: "ap-southeast-1c", CidrBlock: "10.0.128.0/18"},
		},
		NlbSubnets: []ZoneSubnet{
			{Zone: "ap-southeast-1a", CidrBlock: "10.0.193.0/24"},
			{Zone: "ap-southeast-1b", CidrBlock: "10.0.194.0/24"},
			{Zone: "ap-southeast-1c", CidrBlock: "10.0.195.0/24"},
		},
		Bastion: &KafkaVpcBastionArgs{
			Zone:               "ap-southeast-1a",
			VswitchCidr:        "10.0.192.0/24",
			PrivateIP:          "10.0.192.10",
			InstanceType:       "ecs.t6-c1m1.large",
			BandwidthMbps:      5,
			SystemDiskCategory: "cloud_essd",
			SSHPublicKey:       "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQExample user@example",
			SSHAllowedCidrs:    []string{"203.0.113.0/24", "198.51.100.7/32"},
			Ports:              KafkaVpcPorts{Internal: 9092, Controller: 29092, External: 39092, Dist: 8081},
		},
	}
}

// runVpc creates a KafkaVpc named "kafka" under fresh mocks and returns the mocks and the
// component's awaited outputs.
func runVpc(t *testing.T, args *KafkaVpcArgs) (*mocktest.Mocks, map[string]any, error) {
	t.Helper()
	mocks := newTestMocks()
	outputs := map[string]any{}
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		v, err := NewKafkaVpc(ctx, "kafka", args)
		if err != nil {
			return err
		}
		return awaitAll(ctx, outputs, map[string]pulumi.Output{
			"vpcId": v.VpcID, "vSwitchIds": v.VswitchIDs, "bastionVswitchId": v.BastionVswitchID,
			"brokerSecurityGroupId": v.BrokerSecurityGroupID, "bastionSecurityGroupId": v.BastionSecurityGroupID,
			"bastionPublicIp": v.BastionPublicIP, "bastionPrivateIp": v.BastionPrivateIP,
			"keyPairName": v.KeyPairName, "imageId": v.ImageID, "nlbVswitchIds": v.NlbVswitchIDs,
		})
	})
	return mocks, outputs, err
}

func TestKafkaVpcNewNetwork(t *testing.T) {
	mocks, outputs, err := runVpc(t, testVpcArgs())
	if err != nil {
		t.Fatalf("NewKafkaVpc: %v", err)
	}
	// 2 SSH ranges + dist on the bastion; internal, controller, internal-from-bastion, SSH and
	// external from each of the 3 NLB vSwitches on the brokers. vSwitches: 3 broker, 3 NLB, 1
	// bastion.
	checkCounts(t, mocks, map[string]int{
		KafkaVpcType: 1, mocktest.TypeNetwork: 1, mocktest.TypeSwitch: 7, mocktest.TypeSecurityGroup: 2, mocktest.TypeSecurityGroupRule: 10, mocktest.TypeKeyPair: 1, mocktest.TypeInstance: 1,
	})
	checkCustomChildren(t, mocks, KafkaVpcType, "kafka")

	network, _ := mocks.Named(mocktest.TypeNetwork, "kafka-vpc")
	if got := network.Str("cidrBlock"); got != "10.0.0.0/16" {
		t.Errorf("VPC cidrBlock = %q, want 10.0.0.0/16", got)
	}
	wantSwitches := map[string][2]string{
		"kafka-vsw-ap-southeast-1a":     {"ap-southeast-1a", "10.0.0.0/18"},
		"kafka-vsw-ap-southeast-1b":     {"ap-southeast-1b", "10.0.64.0/18"},
		"kafka-vsw-ap-southeast-1c":     {"ap-southeast-1c", "10.0.128.0/18"},
		"kafka-vsw-bastion":             {"ap-southeast-1a", "10.0.192.0/24"},
		"kafka-vsw-nlb-ap-southeast-1a": {"ap-southeast-1a", "10.0.193.0/24"},
		"kafka-vsw-nlb-ap-southeast-1b": {"ap-southeast-1b", "10.0.194.0/24"},
		"kafka-vsw-nlb-ap-southeast-1c": {"ap-southeast-1c", "10.0.195.0/24"},
	}
	for name, want := range wantSwitches {
		sw, ok := mocks.Named(mocktest.TypeSwitch, name)
		if !ok {
			t.Errorf("vSwitch %s not registered", name)
			continue
		}
		if z, c := sw.Str("zoneId"), sw.Str("cidrBlock"); z != want[0] || c != want[1] {
			t.Errorf("vSwitch %s: zone %q cidr %q, want %q %q", name, z, c, want[0], want[1])
		}
		if got := sw.Str("vpcId"); got != mocktest.ID("kafka-vpc") {
			t.Errorf("vSwitch %s: vpcId %q, want the new VPC's %q", name, got, mocktest.ID("kafka-vpc"))
		}
	}

	wantOutputs := map[string]any{
		"vpcId":                  mocktest.ID("kafka-vpc"),
		"bastionVswitchId":       mocktest.ID("kafka-vsw-bastion"),
		"brokerSecurityGroupId":  mocktest.ID("kafka-sg-broker"),
		"bastionSecurityGroupId": mocktest.ID("kafka-sg-bastion"),
		"bastionPublicIp":        "198.51.100.7",
		"bastionPrivateIp":       "10.0.192.10",
		"keyPairName":            "kafka-key",
		"imageId":                mocktest.ImageID,
	}
	for key, want := range wantOutputs {
		if outputs[key] != want {
			t.Errorf("output %s = %v, want %v", key, outputs[key], want)
		}
	}
	if nlb, _ := outputs["nlbVswitchIds"].(map[string]string); nlb["ap-southeast-1b"] != mocktest.ID("kafka-vsw-nlb-ap-southeast-1b") || len(nlb) != 3 {
		t.Errorf("output nlbVswitchIds = %v, want the three NLB vSwitches", nlb)
	}
	vsw, _ := outputs["vSwitchIds"].(map[string]string)
	for _, zone := range []string{"ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"} {
		if vsw[zone] != mocktest.ID("kafka-vsw-"+zone) {
			t.Errorf("output vSwitchIds[%s] = %q, want %q", zone, vsw[zone], mocktest.ID("kafka-vsw-"+zone))
		}
	}
	if len(vsw) != 3 {
		t.Errorf("output vSwitchIds has %d zones, want 3 (the bastion vSwitch is separate): %v", len(vsw), vsw)
	}
}

func TestKafkaVpcSecurityGroupRules(t *testing.T) {
	mocks, _, err := runVpc(t, testVpcArgs())
	if err != nil {
		t.Fatalf("NewKafkaVpc: %v", err)
	}
	broker, bastion := mocktest.ID("kafka-sg-broker"), mocktest.ID("kafka-sg-bastion")
	type rule struct{ group, port, cidr, source string }
	want := map[string]rule{
		"kafka-sg-bastion-ssh-203-0-113-0-24":     {bastion, "22/22", "203.0.113.0/24", ""},
		"kafka-sg-bastion-ssh-198-51-100-7-32":    {bastion, "22/22", "198.51.100.7/32", ""},
		"kafka-sg-bastion-dist-from-brokers":      {bastion, "8081/8081", "", broker},
		"kafka-sg-broker-internal-from-brokers":   {broker, "9092/9092", "", broker},
		"kafka-sg-broker-controller-from-brokers": {broker, "29092/29092", "", broker},
		"kafka-sg-broker-internal-from-bastion":   {broker, "9092/9092", "", bastion},
		// EXTERNAL only from the NLB's own vSwitches, where it takes its addresses: not from the
		// broker or bastion vSwitches or the rest of the VPC.
		"kafka-sg-broker-external-from-10-0-193-0-24": {broker, "39092/39092", "10.0.193.0/24", ""},
		"kafka-sg-broker-external-from-10-0-194-0-24": {broker, "39092/39092", "10.0.194.0/24", ""},
		"kafka-sg-broker-external-from-10-0-195-0-24": {broker, "39092/39092", "10.0.195.0/24", ""},
		"kafka-sg-broker-ssh-from-bastion":            {broker, "22/22", "", bastion},
	}
	rules := mocks.ByType(mocktest.TypeSecurityGroupRule)
	if len(rules) != len(want) {
		t.Errorf("%d rules registered, want %d", len(rules), len(want))
	}
	for _, r := range rules {
		w, ok := want[r.Name]
		if !ok {
			t.Errorf("unexpected rule %s (port %s from %q%q)", r.Name, r.Str("portRange"),
				r.Str("cidrIp"), r.Str("sourceSecurityGroupId"))
			continue
		}
		got := rule{r.Str("securityGroupId"), r.Str("portRange"),
			r.Str("cidrIp"), r.Str("sourceSecurityGroupId")}
		if got != w {
			t.Errorf("rule %s = %+v, want %+v", r.Name, got, w)
		}
		for key, wantValue := range map[string]string{"type": "ingress", "ipProtocol": "tcp", "nicType": "intranet", "policy": "accept"} {
			if v := r.Str(key); v != wantValue {
				t.Errorf("rule %s: %s = %q, want %q", r.Name, key, v, wantValue)
			}
		}
		if p, ok := r.Int("priority"); !ok || p != 1 {
			t.Errorf("rule %s: priority = %d (set %v), want an explicit 1", r.Name, p, ok)
		}
		if r.Str("description") == "" {
			t.Errorf("rule %s has no description", r.Name)
		}
	}
}

func TestKafkaVpcNoRuleOpenToTheWorld(t *testing.T) {
	cases := []struct {
		name         string
		allowed      []string
		anywhere     bool
		wantOpenSSH  bool
		wantOpenRule string
	}{
		{name: "own ranges only", allowed: []string{"203.0.113.0/24"}},
		{name: "SSH from anywhere when explicitly allowed", allowed: []string{"0.0.0.0/0"}, anywhere: true,
			wantOpenSSH: true, wantOpenRule: "kafka-sg-bastion-ssh-0-0-0-0-0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := testVpcArgs()
			args.Bastion.SSHAllowedCidrs, args.Bastion.AllowSSHFromAnywhere = tc.allowed, tc.anywhere
			mocks, _, err := runVpc(t, args)
			if err != nil {
				t.Fatalf("NewKafkaVpc: %v", err)
			}
			open := 0
			for _, r := range mocks.ByType(mocktest.TypeSecurityGroupRule) {
				if r.Str("cidrIp") != "0.0.0.0/0" {
					continue
				}
				open++
				if r.Name != tc.wantOpenRule || r.Str("portRange") != "22/22" {
					t.Errorf("rule %s admits 0.0.0.0/0 on %s", r.Name, r.Str("portRange"))
				}
			}
			if tc.wantOpenSSH != (open == 1) {
				t.Errorf("%d rules admit 0.0.0.0/0, want SSH open to the world = %v", open, tc.wantOpenSSH)
			}
		})
	}
}

func TestKafkaVpcBastion(t *testing.T) {
	mocks, _, err := runVpc(t, testVpcArgs())
	if err != nil {
		t.Fatalf("NewKafkaVpc: %v", err)
	}
	inst, ok := mocks.Named(mocktest.TypeInstance, "kafka-bastion")
	if !ok {
		t.Fatal("bastion instance kafka-bastion not registered")
	}
	for key, want := range map[string]string{
		"availabilityZone":   "ap-southeast-1a",
		"vswitchId":          mocktest.ID("kafka-vsw-bastion"),
		"privateIp":          "10.0.192.10",
		"instanceType":       "ecs.t6-c1m1.large",
		"imageId":            mocktest.ImageID,
		"systemDiskCategory": "cloud_essd",
		"keyName":            "kafka-key",
		"instanceChargeType": "PostPaid",
		"internetChargeType": "PayByTraffic",
	} {
		if got := inst.Str(key); got != want {
			t.Errorf("bastion %s = %q, want %q", key, got, want)
		}
	}
	if bw, _ := inst.Int("internetMaxBandwidthOut"); bw != 5 {
		t.Errorf("bastion internetMaxBandwidthOut = %d, want 5 (a public IP needs > 0)", bw)
	}
	sgs := inst.Array("securityGroups")
	if len(sgs) != 1 || sgs[0].StringValue() != mocktest.ID("kafka-sg-bastion") {
		t.Errorf("bastion securityGroups = %v, want only the bastion group", sgs)
	}
	key, _ := mocks.Named(mocktest.TypeKeyPair, "kafka-key")
	if got := key.Str("publicKey"); got != testVpcArgs().Bastion.SSHPublicKey {
		t.Errorf("key pair publicKey = %q, want the configured key", got)
	}

	invokes := mocks.Invokes()
	if len(invokes) != 1 || invokes[0].Token != mocktest.FuncGetImages {
		t.Fatalf("invokes = %v, want one %s", invokes, mocktest.FuncGetImages)
	}
	args := invokes[0].Args
	if args["owners"].StringValue() != "system" || args["nameRegex"].StringValue() != AlibabaCloudLinux3NameRegex ||
		!args["mostRecent"].BoolValue() {
		t.Errorf("getImages args = %v, want system Alibaba Cloud Linux 3, most recent", args)
	}
}

func TestKafkaVpcImageOverride(t *testing.T) {
	args := testVpcArgs()
	args.Bastion.ImageID = "m-custom-image"
	mocks, outputs, err := runVpc(t, args)
	if err != nil {
		t.Fatalf("NewKafkaVpc: %v", err)
	}
	if n := len(mocks.Invokes()); n != 0 {
		t.Errorf("%d invokes with imageId set, want none", n)
	}
	inst, _ := mocks.Named(mocktest.TypeInstance, "kafka-bastion")
	if got := inst.Str("imageId"); got != "m-custom-image" {
		t.Errorf("bastion imageId = %q, want m-custom-image", got)
	}
	if outputs["imageId"] != "m-custom-image" {
		t.Errorf("output imageId = %v, want m-custom-image", outputs["imageId"])
	}
}

func TestKafkaVpcExisting(t *testing.T) {
	args := &KafkaVpcArgs{
		ExistingVpcID:      "vpc-existing",
		ExistingVswitchIDs: map[string]string{"ap-southeast-1a": "vsw-a", "ap-southeast-1b": "vsw-b"},
	}
	mocks, outputs, err := runVpc(t, args)
	if err != nil {
		t.Fatalf("NewKafkaVpc: %v", err)
	}
	checkCounts(t, mocks, map[string]int{KafkaVpcType: 1})
	if outputs["vpcId"] != "vpc-existing" {
		t.Errorf("output vpcId = %v, want vpc-existing", outputs["vpcId"])
	}
	vsw, _ := outputs["vSwitchIds"].(map[string]string)
	if vsw["ap-southeast-1a"] != "vsw-a" || vsw["ap-southeast-1b"] != "vsw-b" || len(vsw) != 2 {
		t.Errorf("output vSwitchIds = %v, want the given vSwitches", vsw)
	}
}

func TestKafkaVpcInvalidArgs(t *testing.T) {
	checkInvalidArgs(t, "KafkaVpc", testVpcArgs, runVpc, []argCase[KafkaVpcArgs]{
		{"bad VPC CIDR", func(a *KafkaVpcArgs) { a.CidrBlock = "10.0.0.0/33" }, "CidrBlock", "10.0.0.0/33"},
		{"host bits in CIDR", func(a *KafkaVpcArgs) { a.CidrBlock = "10.0.0.1/16" }, "CidrBlock", "10.0.0.1/16"},
		{"no zones", func(a *KafkaVpcArgs) { a.BrokerSubnets = nil }, "BrokerSubnets", "[]"},
		{"duplicate zone", func(a *KafkaVpcArgs) { a.BrokerSubnets[2].Zone = "ap-southeast-1a" },
			"BrokerSubnets[2].Zone", "ap-southeast-1a"},
		{"subnet outside VPC", func(a *KafkaVpcArgs) { a.BrokerSubnets[1].CidrBlock = "10.1.0.0/18" },
			"BrokerSubnets[1].CidrBlock", "10.1.0.0/18"},
		{"overlapping subnets", func(a *KafkaVpcArgs) { a.Bastion.VswitchCidr = "10.0.128.0/24" },
			"Bastion.VswitchCidr", "10.0.128.0/24"},
		{"no NLB vSwitch", func(a *KafkaVpcArgs) { a.NlbSubnets = nil }, "NlbSubnets", "[]"},
		{"NLB vSwitch inside a broker vSwitch", func(a *KafkaVpcArgs) { a.NlbSubnets[0].CidrBlock = "10.0.0.0/24" },
			"NlbSubnets[0].CidrBlock", "10.0.0.0/24"},
		{"NLB vSwitch too small", func(a *KafkaVpcArgs) { a.NlbSubnets[1].CidrBlock = "10.0.194.0/29" },
			"NlbSubnets[1].CidrBlock", "10.0.194.0/29"},
		{"bastion IP outside its vSwitch", func(a *KafkaVpcArgs) { a.Bastion.PrivateIP = "10.0.0.10" },
			"Bastion.PrivateIP", "10.0.0.10"},
		{"no bastion", func(a *KafkaVpcArgs) { a.Bastion = nil }, "Bastion", "nil"},
		{"no public bandwidth", func(a *KafkaVpcArgs) { a.Bastion.BandwidthMbps = 0 }, "Bastion.BandwidthMbps", "0"},
		{"bastion instance type", func(a *KafkaVpcArgs) { a.Bastion.InstanceType = "t6-c1m1.large" }, "Bastion.InstanceType", "t6-c1m1.large"},
		{"bastion Arm instance type", func(a *KafkaVpcArgs) { a.Bastion.InstanceType = "ecs.r8y.large" }, "Bastion.InstanceType", "ecs.r8y.large"},
		{"bastion disk category", func(a *KafkaVpcArgs) { a.Bastion.SystemDiskCategory = "essd" }, "Bastion.SystemDiskCategory", "essd"},
		{"not a public key", func(a *KafkaVpcArgs) { a.Bastion.SSHPublicKey = "-----BEGIN OPENSSH PRIVATE KEY-----" },
			"Bastion.SSHPublicKey", "-----BEGIN OPENSSH PRIV"},
		// ECS ImportKeyPair imports rsa, dsa and ecdsa keys, not ssh-ed25519 (facts: ecs/ecsKeyPair public_key).
		{"ed25519 key Alibaba Cloud cannot import", func(a *KafkaVpcArgs) {
			a.Bastion.SSHPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample user@example"
		}, "Bastion.SSHPublicKey", "ssh-ed25519 AAAAC3NzaC1l"},
		{"no SSH range", func(a *KafkaVpcArgs) { a.Bastion.SSHAllowedCidrs = nil }, "Bastion.SSHAllowedCidrs", "[]"},
		{"SSH from anywhere not allowed", func(a *KafkaVpcArgs) { a.Bastion.SSHAllowedCidrs = []string{"0.0.0.0/0"} },
			"Bastion.SSHAllowedCidrs[0]", "0.0.0.0/0"},
		{"port clash", func(a *KafkaVpcArgs) { a.Bastion.Ports.Dist = 9092 }, "Bastion.Ports.Dist", "9092"},
		{"port out of range", func(a *KafkaVpcArgs) { a.Bastion.Ports.External = 70000 }, "Bastion.Ports.External", "70000"},
		{"vSwitches without VPC ID", func(a *KafkaVpcArgs) { a.ExistingVswitchIDs = map[string]string{"z": "vsw-1"} },
			"ExistingVswitchIDs", "map[z:vsw-1]"},
		{"existing VPC with new settings", func(a *KafkaVpcArgs) {
			a.ExistingVpcID, a.ExistingVswitchIDs = "vpc-1", map[string]string{"ap-southeast-1a": "vsw-1"}
		}, "ExistingVpcID", "vpc-1"},
		{"existing VPC with a bad vSwitch", func(a *KafkaVpcArgs) {
			*a = KafkaVpcArgs{ExistingVpcID: "vpc-1", ExistingVswitchIDs: map[string]string{"ap-southeast-1a": "sw-1"}}
		}, "ExistingVswitchIDs[ap-southeast-1a]", "sw-1"},
		{"not a VPC ID", func(a *KafkaVpcArgs) {
			*a = KafkaVpcArgs{ExistingVpcID: "my-vpc", ExistingVswitchIDs: map[string]string{"ap-southeast-1a": "vsw-1"}}
		}, "ExistingVpcID", "my-vpc"},
	})
}

// TestKafkaVpcKeyRotation: the brokers ignore key pair changes (a new keyName is attached in
// place but reboots every broker at once), and a key pair's new publicKey would be an update
// that calls no API (facts: ecs/ecsKeyPair public_key, ecs/instance key_name); so a changed
// sshPublicKey changes neither the key pair nor the bastion's key pair, and the program warns
// with the manual rotation instead, and only when the key really differs.
func TestKafkaVpcKeyRotation(t *testing.T) {
	const configured = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQExample user@example"
	tests := []struct {
		name  string
		state string // the key pair's public key in the stack's state; "" means the configured one
		warn  bool
	}{
		{"first deploy", "", false},
		{"same key, other comment", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQExample laptop", false},
		{"key rotated in config", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQOldKey old@example", true},
		{"key type changed", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC old@example", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mocks := newTestMocks()
			base := mocks.Outputs
			mocks.Outputs = func(r mocktest.Resource) resource.PropertyMap {
				out := base(r)
				if r.Type == mocktest.TypeKeyPair && tc.state != "" {
					out = resource.PropertyMap{"publicKey": resource.NewProperty(tc.state)}
				}
				return out
			}
			logs := &mocktest.Log{}
			args := testVpcArgs()
			args.Bastion.SSHPublicKey = configured
			err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
				ctx.Log = logs
				_, err := NewKafkaVpc(ctx, "kafka", args)
				return err
			})
			if err != nil {
				t.Fatalf("NewKafkaVpc: %v", err)
			}
			key := mocks.MustNamed(t, mocktest.TypeKeyPair, "kafka-key")
			if !key.Ignores("publicKey") {
				t.Errorf("key pair ignoreChanges = %v: a new public key would be recorded in the state, but never imported", key.IgnoreChanges)
			}
			bastion := mocks.MustNamed(t, mocktest.TypeInstance, "kafka-bastion")
			if !bastion.Ignores("keyName") || !bastion.Ignores("imageId") {
				t.Errorf("bastion ignoreChanges = %v, want imageId and keyName", bastion.IgnoreChanges)
			}
			got := logs.WarningsContaining("sshPublicKey differs from the key of key pair kafka-key",
				"authorized_keys on the bastion and on every broker", "pulumi config set --secret sshPrivateKey", "remove the old public key")
			if tc.warn && len(got) != 1 {
				t.Errorf("want one key rotation warning with the procedure; warnings: %q", logs.Warnings())
			}
			if !tc.warn && len(logs.Warnings()) != 0 {
				t.Errorf("want no warning; got %q", logs.Warnings())
			}
		})
	}
}
