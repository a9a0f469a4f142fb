package config

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// devPublicKey is the throwaway public key of Pulumi.dev.yaml (its private half was deleted).
const devPublicKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQC5AyCvTx+uWysA3DGzYvpLbApgOH+bLcxZhcGVA1r9QKEHnac0AG59feVz5mUcBT6ONKWzxb65rL6AW0GIU68KYybZAdXeetWa6x2LHNlWoROmkG+HuPrp+C/K4sc/E2rhE0L7NGFsGkgtxxpSnoqjnef+3VaIXljs3nf+T3aaoeT35cBDI7urB9SQ4m1mHbTLhcu36LWzhFFq0komg4qeFzNUE3oqIbunE2UUSBM0GWO5MQsZJN9qCQIzA3rurBxnoHMURRbNF8WYPg4Iy9ad6C5jNKXtR0Z2utYRhk6GwjjRyilzPbdUA+/O57dRuBbDIJaGILso8Kh2wtv/UO+UkzXP8wNdQeIuyUyXNKIBdHh81kxmvkXbyCAcRkBVOSDnp3ht8Scv4esICHKPNXoBt5AT817MN0gNENuJ4u1usRru63NxiCNKbM/m0d/Dti/JBErpOmprqXRltEXv5AOUoTF3W59x0Sho9jH6Pb59SOxfv55xzmHeGLFtY63RS6wzm/rbbcO+f/uAAlrcn94gao09He4Kx9bfKz3TOQZS8UbEv+CP/msdopdXGPS9EAAj5tveo3dEm2hmR+1Srs0O6t2UAinDNFtR4sOraxZvf2HH1B1B90HAW+GergURyyD3tABh4+YBCXyS2zoc28v9PTr1lAmpOQMBh1ZNEgO0YQ== kafka-plc-dev-example"

// validNew returns the values of a valid mode-new stack, as the Pulumi engine passes them.
func validNew() Values {
	return Values{
		"region":             {Raw: "ap-southeast-1"},
		"zones":              {Raw: `["ap-southeast-1a","ap-southeast-1b","ap-southeast-1c"]`},
		"kafkaChecksum":      {Raw: "sha256:62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9"},
		"tidbCloudAccountId": {Raw: "5555666677778888"},
		"sshAllowedCidrs":    {Raw: `["203.0.113.0/24"]`},
		"sshPublicKey":       {Raw: devPublicKey},
		"sshPrivateKey":      {Raw: "(decrypted by the engine)", Secret: true},
		"alicloud:region":    {Raw: "ap-southeast-1"},
	}
}

// validExisting returns the values of a valid mode-existing stack.
func validExisting() Values {
	return Values{
		"mode":               {Raw: "existing"},
		"region":             {Raw: "ap-southeast-1"},
		"zones":              {Raw: `["ap-southeast-1a","ap-southeast-1b"]`},
		"tidbCloudAccountId": {Raw: "5555666677778888"},
		"existingVpcId":      {Raw: "vpc-abc123"},
		"existingVswitchIds": {Raw: `{"ap-southeast-1a":"vsw-a1","ap-southeast-1b":"vsw-b1"}`},
		"jumpHost":           {Raw: "198.51.100.7"},
		"existingBrokers": {Raw: `[{"nodeId":2,"zone":"ap-southeast-1b","privateIp":"10.0.64.10","instanceId":"i-b2"},` +
			`{"nodeId":1,"zone":"ap-southeast-1a","privateIp":"10.0.0.10","instanceId":"i-a1"}]`},
		"sshPrivateKey":   {Secret: true},
		"alicloud:region": {Raw: "ap-southeast-1"},
	}
}

// with returns base changed by edits; an edit whose Raw is "<unset>" deletes the key.
func with(base Values, edits Values) Values {
	out := Values{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range edits {
		if v.Raw == "<unset>" {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// raw is shorthand for a plain value.
func raw(s string) Value { return Value{Raw: s} }

func mustLoad(t *testing.T, stack string, v Values) *Config {
	t.Helper()
	c, err := Load("kafka-plc", stack, v)
	if err != nil {
		t.Fatalf("Load: unexpected error:\n%v", err)
	}
	return c
}

func TestLoadValid(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		c := mustLoad(t, "dev", validNew())
		want := map[string]any{
			"Mode": ModeNew, "VpcCIDR": "10.0.0.0/16",
			"BrokerVswitchCIDRs": []string{"10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"},
			"BastionVswitchCIDR": "10.0.192.0/24", "BastionZone": "ap-southeast-1a",
			"NLBVswitchCIDRs": []string{"10.0.193.0/24", "10.0.194.0/24", "10.0.195.0/24"},
			"BrokerCount":     3, "ControllerCount": 3, "BrokerInstanceType": "ecs.g7.xlarge",
			"BastionInstanceType": "ecs.t6-c1m1.large", "ImageID": "", "SystemDiskCategory": "cloud_essd",
			"DataDiskSizeGB": 200, "DataDiskCategory": "cloud_essd", "DataDiskDevice": "/dev/vdb", "BastionBandwidthMbps": 5,
			"SSHUser": "root", "SSHPrivateKeySet": true, "AllowSSHFromAnywhere": false,
			"KafkaVersion": "3.7.1", "ScalaVersion": "2.13",
			"KafkaDownloadURL": "https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz",
			"KafkaChecksum":    Checksum{Algorithm: "sha256", Hex: "62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9"},
			"JavaPackage":      "java-17-openjdk-headless", "BrokerHeap": "2g",
			"MessageMaxBytes": 16777216, "ReplicaFetchMaxBytes": 16777216,
			"ControllerPort": 29092, "InternalPort": 9092, "ExternalPort": 39092,
			"NLBBootstrapPort": 9092, "NLBFirstBrokerPort": 9093, "DistPort": 8081,
			"AdvertisedHostPattern": "b{id}.{uniqueName}.alicloud.plc.tidbcloud.com",
			"UniqueName":            "", "ClusterID": DeriveClusterID("kafka-plc", "dev"),
		}
		got := reflect.ValueOf(*c)
		for field, w := range want {
			if g := got.FieldByName(field).Interface(); !reflect.DeepEqual(g, w) {
				t.Errorf("%s = %#v, want %#v", field, g, w)
			}
		}
		if c.Existing != nil {
			t.Errorf("Existing = %+v, want nil in mode new", c.Existing)
		}
		if got := c.EffectiveUniqueName(); got != PlaceholderUniqueName {
			t.Errorf("EffectiveUniqueName = %q, want the placeholder", got)
		}
		if w := c.Warnings(); len(w) != 0 {
			t.Errorf("Warnings = %q, want none", w)
		}
		if ms := c.MissingSecrets(); len(ms) != 0 {
			t.Errorf("MissingSecrets = %v, want none", ms)
		}
	})

	t.Run("six brokers three controllers", func(t *testing.T) {
		c := mustLoad(t, "dev", with(validNew(), Values{"brokerCount": raw("6"), "controllerCount": raw("3")}))
		if c.BrokerCount != 6 || c.ControllerCount != 3 {
			t.Fatalf("counts = %d/%d, want 6/3", c.BrokerCount, c.ControllerCount)
		}
		var zones []string
		for id := 1; id <= 6; id++ {
			zones = append(zones, c.BrokerZone(id))
		}
		want := []string{"ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c", "ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"}
		if !reflect.DeepEqual(zones, want) {
			t.Errorf("BrokerZone(1..6) = %v, want %v", zones, want)
		}
		if c.BrokerZone(0) != "" || c.BrokerZone(7) != "" {
			t.Errorf("BrokerZone outside 1..6 = %q/%q, want empty", c.BrokerZone(0), c.BrokerZone(7))
		}
	})

	t.Run("five brokers over three zones", func(t *testing.T) {
		c := mustLoad(t, "dev", with(validNew(), Values{"brokerCount": raw("5"), "controllerCount": raw("5")}))
		if got := c.BrokersPerZone(); !reflect.DeepEqual(got, []int{2, 2, 1}) {
			t.Errorf("BrokersPerZone = %v, want [2 2 1]", got)
		}
		if !containsFragment(c.Warnings(), "uneven") {
			t.Errorf("Warnings = %q, want a note that 5 over 3 zones is uneven", c.Warnings())
		}
	})

	t.Run("four zones carve /19s", func(t *testing.T) {
		c := mustLoad(t, "dev", with(validNew(), Values{
			"zones": raw(`["ap-southeast-1a","ap-southeast-1b","ap-southeast-1c","ap-southeast-1d"]`)}))
		want := []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19"}
		wantNLB := []string{"10.0.129.0/24", "10.0.130.0/24", "10.0.131.0/24", "10.0.132.0/24"}
		if !reflect.DeepEqual(c.BrokerVswitchCIDRs, want) || c.BastionVswitchCIDR != "10.0.128.0/24" || !reflect.DeepEqual(c.NLBVswitchCIDRs, wantNLB) {
			t.Errorf("vSwitches = %v + %s + NLB %v, want %v + 10.0.128.0/24 + NLB %v", c.BrokerVswitchCIDRs, c.BastionVswitchCIDR, c.NLBVswitchCIDRs, want, wantNLB)
		}
	})

	t.Run("comma separated zones and namespaced keys", func(t *testing.T) {
		v := validNew()
		delete(v, "zones")
		v["kafka-plc:zones"] = raw("ap-southeast-1a, ap-southeast-1b")
		v["alicloud:region"] = raw("ap-southeast-1")
		v["alicloud:profile"] = raw("ignored")
		c := mustLoad(t, "dev", v)
		if !reflect.DeepEqual(c.Zones, []string{"ap-southeast-1a", "ap-southeast-1b"}) {
			t.Errorf("Zones = %v", c.Zones)
		}
	})

	t.Run("engine passes empty defaults", func(t *testing.T) {
		v := validNew()
		for _, s := range Settings {
			if _, set := v[s.Key]; !set && s.Default != nil {
				v[s.Key] = Value{Raw: s.raw()}
			}
		}
		c := mustLoad(t, "dev", v)
		if c.BastionVswitchCIDR != "10.0.192.0/24" || len(c.NLBVswitchCIDRs) != 3 || c.ClusterID == "" || c.KafkaDownloadURL == "" {
			t.Errorf("derived values missing: bastion %q cluster %q url %q", c.BastionVswitchCIDR, c.ClusterID, c.KafkaDownloadURL)
		}
	})

	t.Run("explicit brokers: bastion and NLB split the next block", func(t *testing.T) {
		c := mustLoad(t, "dev", with(validNew(), Values{"brokerVswitchCidrs": raw(`["10.0.1.0/24","10.0.2.0/24","10.0.3.0/24"]`)}))
		wantNLB := []string{"10.0.4.64/26", "10.0.4.128/26", "10.0.4.192/26"}
		if c.BastionVswitchCIDR != "10.0.4.0/26" || !reflect.DeepEqual(c.NLBVswitchCIDRs, wantNLB) {
			t.Errorf("bastion %s, NLB %v; want 10.0.4.0/26, %v", c.BastionVswitchCIDR, c.NLBVswitchCIDRs, wantNLB)
		}
	})

	t.Run("explicit bastion: the NLB takes the parts beside it", func(t *testing.T) {
		c := mustLoad(t, "dev", with(validNew(), Values{"bastionVswitchCidr": raw("10.0.193.0/24")}))
		if want := []string{"10.0.192.0/24", "10.0.194.0/24", "10.0.195.0/24"}; !reflect.DeepEqual(c.NLBVswitchCIDRs, want) {
			t.Errorf("NLBVswitchCIDRs = %v, want %v", c.NLBVswitchCIDRs, want)
		}
	})

	t.Run("explicit NLB ranges", func(t *testing.T) {
		c := mustLoad(t, "dev", with(validNew(), Values{"nlbVswitchCidrs": raw(`["10.0.200.0/28","10.0.200.16/28","10.0.200.32/28"]`)}))
		if want := []string{"10.0.200.0/28", "10.0.200.16/28", "10.0.200.32/28"}; !reflect.DeepEqual(c.NLBVswitchCIDRs, want) {
			t.Errorf("NLBVswitchCIDRs = %v, want %v", c.NLBVswitchCIDRs, want)
		}
	})

	t.Run("mirror URL with placeholders and unique name", func(t *testing.T) {
		c := mustLoad(t, "dev", with(validNew(), Values{
			"kafkaDownloadUrl": raw("https://mirrors.example.com/apache/kafka/{kafkaVersion}/kafka_{scalaVersion}-{kafkaVersion}.tgz"),
			"uniqueName":       raw("plc-abc123"),
		}))
		if c.KafkaDownloadURL != "https://mirrors.example.com/apache/kafka/3.7.1/kafka_2.13-3.7.1.tgz" {
			t.Errorf("KafkaDownloadURL = %s", c.KafkaDownloadURL)
		}
		if got := c.AdvertisedHost(2); got != "b2.plc-abc123.alicloud.plc.tidbcloud.com" {
			t.Errorf("AdvertisedHost(2) = %s", got)
		}
	})

	t.Run("existing", func(t *testing.T) {
		c := mustLoad(t, "prod", validExisting())
		if c.Mode != ModeExisting || c.Existing == nil {
			t.Fatalf("Mode = %s, Existing = %v", c.Mode, c.Existing)
		}
		e := c.Existing
		if e.VpcID != "vpc-abc123" || e.JumpHost != "198.51.100.7" || e.JumpUser != "root" || len(e.VswitchIDs) != 2 {
			t.Errorf("Existing = %+v", e)
		}
		want := []ExistingBroker{
			{NodeID: 1, Zone: "ap-southeast-1a", PrivateIP: "10.0.0.10", InstanceID: "i-a1", SSHUser: "root", PropertiesPath: "/opt/kafka/config/kraft/server.properties", ServiceName: "kafka"},
			{NodeID: 2, Zone: "ap-southeast-1b", PrivateIP: "10.0.64.10", InstanceID: "i-b2", SSHUser: "root", PropertiesPath: "/opt/kafka/config/kraft/server.properties", ServiceName: "kafka"},
		}
		if !reflect.DeepEqual(e.Brokers, want) {
			t.Errorf("Brokers = %+v, want %+v (sorted by node id, defaults applied)", e.Brokers, want)
		}
		if c.BrokerCount != 2 || c.BrokerZone(2) != "ap-southeast-1b" {
			t.Errorf("BrokerCount = %d, BrokerZone(2) = %q", c.BrokerCount, c.BrokerZone(2))
		}
		if !c.SSHPrivateKeySet {
			t.Error("SSHPrivateKeySet = false for an encrypted sshPrivateKey")
		}
	})

	t.Run("existing ignores new-mode settings with a warning", func(t *testing.T) {
		c := mustLoad(t, "prod", with(validExisting(), Values{"brokerCount": raw("5")}))
		if !containsFragment(c.Warnings(), "brokerCount is set but not used in mode existing") {
			t.Errorf("Warnings = %q", c.Warnings())
		}
	})
}

func TestWarnings(t *testing.T) {
	cases := []struct {
		name  string
		edits Values
		want  string
	}{
		{"placeholder account", Values{"tidbCloudAccountId": raw(PlaceholderTiDBCloudAccountID)}, "still the example value"},
		{"small messages", Values{"messageMaxBytes": raw("2097152"), "replicaFetchMaxBytes": raw("2097152")}, "max-message-bytes"},
		{"plain http mirror", Values{"kafkaDownloadUrl": raw("http://10.0.192.5/kafka_{scalaVersion}-{kafkaVersion}.tgz")}, "plain http"},
		{"ssh from anywhere", Values{"sshAllowedCidrs": raw(`["0.0.0.0/0"]`), "allowSshFromAnywhere": raw("true")}, "any address"},
		{"foreign domain", Values{"advertisedHostPattern": raw("b{id}.{uniqueName}.example.com")}, "not under alicloud.plc.tidbcloud.com"},
		{"fewer brokers than zones", Values{"brokerCount": raw("3"), "zones": raw(`["ap-southeast-1a","ap-southeast-1b","ap-southeast-1c","ap-southeast-1d"]`)}, "some zones get no broker"},
		{"no provider region", Values{"alicloud:region": raw("<unset>")},
			"alicloud:region is not set: the Alibaba Cloud provider then takes its region from the ALICLOUD_REGION environment variable, which must be ap-southeast-1 on every machine that runs pulumi; set it in the stack instead: pulumi config set alicloud:region ap-southeast-1 --stack dev"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := mustLoad(t, "dev", with(validNew(), tc.edits))
			if !containsFragment(c.Warnings(), tc.want) {
				t.Errorf("Warnings = %q, want one containing %q", c.Warnings(), tc.want)
			}
		})
	}
}

func containsFragment(xs []string, frag string) bool {
	for _, x := range xs {
		if strings.Contains(x, frag) {
			return true
		}
	}
	return false
}

// shortRSAKey returns an authorized_keys line of a 1024-bit RSA key.
func shortRSAKey(t *testing.T) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatalf("generating an RSA key: %v", err)
	}
	pub, err := ssh.NewPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatalf("ssh.NewPublicKey: %v", err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
}

const fakePrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----"

func TestLoadProblems(t *testing.T) {
	type tc struct {
		name   string
		base   func() Values
		edits  Values
		key    string // the problem's key
		frag   string // a fragment of its message
		fixHas string // a fragment of its fix ("" = not checked)
	}
	n, e := validNew, validExisting
	cases := []tc{
		// Types and keys.
		{"unknown key typo", n, Values{"brokerCont": raw("5")}, "brokerCont", "did you mean brokerCount?", "pulumi config set kafka-plc:brokerCount 5"},
		{"unknown key far from any", n, Values{"flux": raw("1")}, "flux", "is not a kafka-plc setting", "pulumi config rm kafka-plc:flux"},
		{"wrong type integer", n, Values{"brokerCount": raw("three")}, "brokerCount", "must be a whole number", "pulumi config set kafka-plc:brokerCount 3 --stack dev"},
		{"wrong type boolean", n, Values{"allowSshFromAnywhere": raw("yes")}, "allowSshFromAnywhere", "must be true or false", ""},
		{"array not JSON", n, Values{"zones": raw(`["ap-southeast-1a",`)}, "zones", "must be a list of strings", "--path"},
		{"array of numbers", n, Values{"sshAllowedCidrs": raw(`[1]`)}, "sshAllowedCidrs[0]", "must be a string", ""},
		{"mode unknown", n, Values{"mode": raw("brownfield")}, "mode", `must be "new"`, ""},
		// rollConcurrency (issue 17).
		{"rollConcurrency unknown", n, Values{"rollConcurrency": raw("all")}, "rollConcurrency", "must be one (restart one broker at a time) or zone", "pulumi config set kafka-plc:rollConcurrency one"},
		{"rollConcurrency zone over two zones", n, Values{"rollConcurrency": raw("zone"), "zones": raw(`["ap-southeast-1a","ap-southeast-1b"]`)}, "rollConcurrency", "needs 3 or more zones (zones has 2)", "pulumi config set kafka-plc:rollConcurrency one"},
		{"plain value encrypted offline", n, Values{"brokerHeap": {Secret: true}}, "brokerHeap", "stored encrypted", ""},
		{"private key in plain text", n, Values{"sshPrivateKey": raw("-----BEGIN...")}, "sshPrivateKey", "must be a secret", "--secret"},
		// Region and zones.
		{"region missing", n, Values{"region": raw("<unset>")}, "region", "is required", "pulumi config set kafka-plc:region ap-southeast-1"},
		{"region malformed", n, Values{"region": raw("Singapore")}, "region", "not an Alibaba Cloud region ID", ""},
		{"provider region differs", n, Values{"alicloud:region": raw("cn-hangzhou")}, "region", "differs from alicloud:region", "pulumi config set alicloud:region ap-southeast-1"},
		{"one zone", n, Values{"zones": raw(`["ap-southeast-1a"]`)}, "zones", "the NLB needs at least 2", ""},
		{"eleven zones", n, Values{"zones": raw(`["ap-southeast-1a","ap-southeast-1b","ap-southeast-1c","ap-southeast-1d","ap-southeast-1e","ap-southeast-1f","ap-southeast-1g","ap-southeast-1h","ap-southeast-1i","ap-southeast-1j","ap-southeast-1k"]`)}, "zones", "at most 10", ""},
		{"duplicate zone", n, Values{"zones": raw(`["ap-southeast-1a","ap-southeast-1b","ap-southeast-1a"]`)}, "zones[2]", "repeats zones[0]", ""},
		{"zone of another region", n, Values{"zones": raw(`["ap-southeast-1a","ap-southeast-1b","ap-southeast-2c"]`)}, "zones[2]", "not a zone of region ap-southeast-1", ""},
		{"zone with hyphen for digit region", n, Values{"zones": raw(`["ap-southeast-1a","ap-southeast-1-b"]`)}, "zones[1]", "its zones look like ap-southeast-1a", ""},
		{"zones empty", n, Values{"zones": raw(`[]`)}, "zones", "is required", ""},
		{"bastion zone elsewhere", n, Values{"bastionZone": raw("cn-hangzhou-h")}, "bastionZone", "not a zone of region", ""},
		// Network.
		{"vpc not a CIDR", n, Values{"vpcCidr": raw("10.0.0.0")}, "vpcCidr", "not a CIDR block", ""},
		{"vpc host bits", n, Values{"vpcCidr": raw("10.0.5.0/16")}, "vpcCidr", "the block it names is 10.0.0.0/16", "pulumi config set kafka-plc:vpcCidr 10.0.0.0/16"},
		{"vpc IPv6", n, Values{"vpcCidr": raw("fd00::/48")}, "vpcCidr", "not IPv4", ""},
		{"vpc reserved", n, Values{"vpcCidr": raw("100.64.0.0/16")}, "vpcCidr", "reserved range 100.64.0.0/10", ""},
		{"vpc too small to carve", n, Values{"vpcCidr": raw("10.0.0.0/28")}, "vpcCidr", "too small", ""},
		{"vswitch outside vpc", n, Values{"brokerVswitchCidrs": raw(`["10.0.0.0/18","10.0.64.0/18","10.1.0.0/18"]`)}, "brokerVswitchCidrs[2]", "outside vpcCidr 10.0.0.0/16", ""},
		{"vswitch host bits", n, Values{"brokerVswitchCidrs": raw(`["10.0.0.0/18","10.0.65.0/18","10.0.128.0/18"]`)}, "brokerVswitchCidrs[1]", "the block it names is 10.0.64.0/18", "pulumi config set --path 'kafka-plc:brokerVswitchCidrs[1]' 10.0.64.0/18"},
		{"vswitches overlap", n, Values{"brokerVswitchCidrs": raw(`["10.0.0.0/18","10.0.32.0/19","10.0.128.0/18"]`)}, "brokerVswitchCidrs[1]", "overlaps brokerVswitchCidrs[0]", ""},
		{"bastion overlaps brokers", n, Values{"bastionVswitchCidr": raw("10.0.128.0/24")}, "bastionVswitchCidr", "overlaps brokerVswitchCidrs[2]", ""},
		{"bastion outside vpc", n, Values{"bastionVswitchCidr": raw("192.168.0.0/24")}, "bastionVswitchCidr", "outside vpcCidr", ""},
		{"bastion vswitch too small", n, Values{"bastionVswitchCidr": raw("10.0.192.0/29")}, "bastionVswitchCidr", "too small", ""},
		{"vswitch count differs from zones", n, Values{"brokerVswitchCidrs": raw(`["10.0.0.0/18","10.0.64.0/18"]`)}, "brokerVswitchCidrs", "has 2 ranges but zones has 3", ""},
		{"vswitch too small for its brokers", n, Values{"brokerCount": raw("9"), "brokerVswitchCidrs": raw(`["10.0.0.0/28","10.0.0.16/28","10.0.0.32/28"]`)}, "brokerVswitchCidrs[0]", "too small for the 3 brokers of zone ap-southeast-1a", ""},
		// The NLB's vSwitches: apart from the brokers' and the bastion's ranges, so that the NLB
		// (a VIP and two local addresses per zone, taken from its zone's vSwitch) can never take
		// a planned broker address; at least a /28 (Alibaba Cloud recommends 8 free addresses
		// per NLB vSwitch, and reserves 4 of every vSwitch).
		{"nlb overlaps a broker vswitch", n, Values{"nlbVswitchCidrs": raw(`["10.0.0.0/24","10.0.194.0/24","10.0.195.0/24"]`)}, "nlbVswitchCidrs[0]", "overlaps brokerVswitchCidrs[0] = 10.0.0.0/18", "pulumi config set --path 'kafka-plc:nlbVswitchCidrs[0]'"},
		{"nlb overlaps the bastion", n, Values{"nlbVswitchCidrs": raw(`["10.0.192.0/28","10.0.194.0/24","10.0.195.0/24"]`)}, "nlbVswitchCidrs[0]", "overlaps bastionVswitchCidr = 10.0.192.0/24", ""},
		{"nlb ranges overlap", n, Values{"nlbVswitchCidrs": raw(`["10.0.193.0/24","10.0.193.0/25","10.0.195.0/24"]`)}, "nlbVswitchCidrs[1]", "overlaps nlbVswitchCidrs[0]", ""},
		{"nlb vswitch too small", n, Values{"nlbVswitchCidrs": raw(`["10.0.193.0/29","10.0.194.0/24","10.0.195.0/24"]`)}, "nlbVswitchCidrs[0]", "too small for the NLB", "pulumi config set --path 'kafka-plc:nlbVswitchCidrs[0]' 10.0.193.0/28"},
		{"nlb outside vpc", n, Values{"nlbVswitchCidrs": raw(`["10.1.0.0/24","10.0.194.0/24","10.0.195.0/24"]`)}, "nlbVswitchCidrs[0]", "outside vpcCidr", ""},
		{"nlb count differs from zones", n, Values{"nlbVswitchCidrs": raw(`["10.0.193.0/24"]`)}, "nlbVswitchCidrs", "has 1 ranges but zones has 3", ""},
		{"nlb has no default beside a large bastion", n, Values{"bastionVswitchCidr": raw("10.0.192.0/18")}, "nlbVswitchCidrs", "has no default", "a smaller bastionVswitchCidr"},
		{"vswitch larger than /16", n, Values{"vpcCidr": raw("10.0.0.0/8"), "brokerVswitchCidrs": raw(`["10.0.0.0/15","10.2.0.0/16","10.3.0.0/16"]`)}, "brokerVswitchCidrs[0]", "between /16 and /29", ""},
		// Counts.
		{"zero brokers", n, Values{"brokerCount": raw("0")}, "brokerCount", "at least 1", ""},
		{"too many brokers", n, Values{"brokerCount": raw("50")}, "brokerCount", "at most 49", ""},
		{"even controllers", n, Values{"brokerCount": raw("6"), "controllerCount": raw("4")}, "controllerCount", "must be 3 or 5", ""},
		{"controllers exceed brokers", n, Values{"brokerCount": raw("4"), "controllerCount": raw("5")}, "controllerCount", "exceeds brokerCount 4", ""},
		// Ports.
		{"port out of range", n, Values{"externalPort": raw("70000")}, "externalPort", "between 1 and 65535", ""},
		{"listener ports collide", n, Values{"externalPort": raw("9092")}, "externalPort", "equals internalPort", ""},
		{"privileged listener port", n, Values{"internalPort": raw("443")}, "internalPort", "privileged port", ""},
		{"bootstrap inside broker ports", n, Values{"nlbBootstrapPort": raw("9094")}, "nlbBootstrapPort", "inside the per-broker NLB ports 9093-9095", ""},
		{"broker ports overflow", n, Values{"nlbFirstBrokerPort": raw("65534")}, "nlbFirstBrokerPort", "leaves no room for 3 brokers", ""},
		{"dist port is ssh", n, Values{"distPort": raw("22")}, "distPort", "SSH port", ""},
		// Names.
		{"unique name upper case", n, Values{"uniqueName": raw("PLC-Abc")}, "uniqueName", "must be lower-case", "pulumi config set kafka-plc:uniqueName plc-abc"},
		{"unique name upper case with underscore: no invalid suggestion", n, Values{"uniqueName": raw("Bad_Name")}, "uniqueName", "must be lower-case", "pulumi config set kafka-plc:uniqueName '<unique name from TiDB Cloud>'"},
		{"unique name too long", n, Values{"uniqueName": raw(strings.Repeat("a", 64))}, "uniqueName", "at most 63", ""},
		{"unique name leading hyphen", n, Values{"uniqueName": raw("-abc")}, "uniqueName", "start or end with '-'", ""},
		{"unique name underscore", n, Values{"uniqueName": raw("unique_name")}, "uniqueName", "only a-z, 0-9 and '-'", ""},
		{"pattern without id", n, Values{"advertisedHostPattern": raw("broker.{uniqueName}.alicloud.plc.tidbcloud.com")}, "advertisedHostPattern", "lacks {id}", ""},
		{"pattern without unique name", n, Values{"advertisedHostPattern": raw("b{id}.alicloud.plc.tidbcloud.com")}, "advertisedHostPattern", "lacks {uniqueName}", ""},
		{"pattern unknown placeholder", n, Values{"advertisedHostPattern": raw("b{id}.{zone}.{uniqueName}.alicloud.plc.tidbcloud.com")}, "advertisedHostPattern", "unknown placeholder {zone}", ""},
		{"pattern renders a bad label", n, Values{"advertisedHostPattern": raw("b_{id}.{uniqueName}.alicloud.plc.tidbcloud.com")}, "advertisedHostPattern", `label "b_3"`, ""},
		{"pattern renders a long name", n, Values{"advertisedHostPattern": raw(strings.Repeat("abcdefghij.", 24) + "b{id}.{uniqueName}.com")}, "advertisedHostPattern", "at most 253", ""},
		{"account not digits", n, Values{"tidbCloudAccountId": raw("tidb-cloud")}, "tidbCloudAccountId", "digits only", ""},
		{"account missing", n, Values{"tidbCloudAccountId": raw("<unset>")}, "tidbCloudAccountId", "is required", ""},
		{"cluster id short", n, Values{"clusterId": raw("abc")}, "clusterId", "22 base64url characters", ""},
		{"cluster id bad trailing bits", n, Values{"clusterId": raw("MkU3OEVBNTcwNTJENDM2Qh")}, "clusterId", "16 bytes", ""},
		{"cluster id reserved", n, Values{"clusterId": raw("AAAAAAAAAAAAAAAAAAAAAA")}, "clusterId", "reserves", ""},
		// SSH.
		{"public key unparsable", n, Values{"sshPublicKey": raw("ssh-ed25519 not-base64!")}, "sshPublicKey", "not an OpenSSH public key", ""},
		{"private key pasted as public", n, Values{"sshPublicKey": raw(fakePrivateKey)}, "sshPublicKey", "HOLDS A PRIVATE KEY", "ssh-keygen -y"},
		{"public key missing", n, Values{"sshPublicKey": raw("<unset>")}, "sshPublicKey", "is required", "ssh-keygen -t rsa -b 4096 -f ~/.ssh/kafka-plc"},
		{"short rsa key", n, nil, "sshPublicKey", "1024-bit RSA key", ""},
		{"ssh open to the world", n, Values{"sshAllowedCidrs": raw(`["203.0.113.0/24","0.0.0.0/0"]`)}, "sshAllowedCidrs[1]", "whole internet", "allowSshFromAnywhere true"},
		{"ssh cidrs empty", n, Values{"sshAllowedCidrs": raw(`[]`)}, "sshAllowedCidrs", "is required", ""},
		{"ssh cidr is an address", n, Values{"sshAllowedCidrs": raw(`["203.0.113.7"]`)}, "sshAllowedCidrs[0]", "an address, not a range", "203.0.113.7/32"},
		{"ssh user invalid", n, Values{"sshUser": raw("Root User")}, "sshUser", "not a Linux user name", ""},
		{"bastion host key unparsable", n, Values{"bastionHostKey": raw("ssh-ed25519 not-base64!")}, "bastionHostKey", "is not an SSH host public key", "pulumi config set kafka-plc:bastionHostKey 'ssh-ed25519 AAAA...'"},
		{"bastion host key is a private key", n, Values{"bastionHostKey": raw(fakePrivateKey)}, "bastionHostKey", "PRIVATE key", "/etc/ssh/ssh_host_ed25519_key.pub"},
		{"bastion host key is two keys", n, Values{"bastionHostKey": raw(testHostKey + "\n" + testHostKey)}, "bastionHostKey", "more than one line", "pulumi config rm kafka-plc:bastionHostKey"},
		{"jump host key unparsable", e, Values{"jumpHostKey": raw("AAAAC3NzaC1lZDI1NTE5")}, "jumpHostKey", "is not an SSH host public key", "jumpHostKey"},
		// Kafka.
		{"message limit below 1 MiB", n, Values{"messageMaxBytes": raw("1000000")}, "messageMaxBytes", "below 1 MiB", ""},
		{"fetch below message", n, Values{"replicaFetchMaxBytes": raw("10485760")}, "replicaFetchMaxBytes", "below messageMaxBytes 16777216", "pulumi config set kafka-plc:replicaFetchMaxBytes 16777216"},
		{"kafka version malformed", n, Values{"kafkaVersion": raw("3.7")}, "kafkaVersion", "x.y.z", ""},
		{"kafka version too old", n, Values{"kafkaVersion": raw("3.6.2")}, "kafkaVersion", "older than 3.7.0", ""},
		{"scala version", n, Values{"scalaVersion": raw("2.11")}, "scalaVersion", "2.12 or 2.13", ""},
		{"scala 2.12 with kafka 4", n, Values{"kafkaVersion": raw("4.0.0"), "scalaVersion": raw("2.12")}, "scalaVersion", "Scala 2.13 only", ""},
		{"download URL file scheme", n, Values{"kafkaDownloadUrl": raw("file:///tmp/kafka.tgz")}, "kafkaDownloadUrl", "uses file://", ""},
		{"download URL unknown placeholder", n, Values{"kafkaDownloadUrl": raw("https://example.com/{version}/kafka.tgz")}, "kafkaDownloadUrl", "unknown placeholder {version}", ""},
		{"checksum missing", n, Values{"kafkaChecksum": raw("<unset>")}, "kafkaChecksum", "is required", "kafka_2.13-3.7.1.tgz.sha512"},
		{"checksum without algorithm", n, Values{"kafkaChecksum": raw("62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9")}, "kafkaChecksum", "no algorithm prefix", ""},
		{"checksum unknown algorithm", n, Values{"kafkaChecksum": raw("md5:0123456789abcdef0123456789abcdef")}, "kafkaChecksum", `unknown algorithm "md5"`, ""},
		{"sha512 too short", n, Values{"kafkaChecksum": raw("sha512:62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9")}, "kafkaChecksum", "64-digit sha512 digest", ""},
		{"checksum not hex", n, Values{"kafkaChecksum": raw("sha256:zzacae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9")}, "kafkaChecksum", "hexadecimal", ""},
		{"checksum of another release", n, Values{"kafkaVersion": raw("3.8.0")}, "kafkaChecksum", "is the digest of kafka_2.13-3.7.1.tgz", ""},
		{"checksum differs from published", n, Values{"kafkaChecksum": raw("sha256:00acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9")}, "kafkaChecksum", "differs from the published sha256 digest", ""},
		{"heap malformed", n, Values{"brokerHeap": raw("2GB")}, "brokerHeap", "like 2g or 1536m", ""},
		{"rebalance throttle too low", n, Values{"rebalanceThrottleBytes": raw("1000")}, "rebalanceThrottleBytes", "between 1000000 (1 MB/s) and 10000000000", "pulumi config set kafka-plc:rebalanceThrottleBytes 50000000 --stack dev"},
		{"instance type malformed", n, Values{"brokerInstanceType": raw("g7.xlarge")}, "brokerInstanceType", "not an ECS instance type", ""},
		{"disk category", n, Values{"dataDiskCategory": raw("ssd")}, "dataDiskCategory", "not a disk category", ""},
		{"disk too small", n, Values{"dataDiskSizeGb": raw("10")}, "dataDiskSizeGb", "between 20 and 32768", ""},
		{"data device relative", n, Values{"dataDiskDevice": raw("vdb")}, "dataDiskDevice", "not an absolute device path under /dev/", "pulumi config set kafka-plc:dataDiskDevice /dev/vdb --stack dev"},
		{"data device partition", n, Values{"dataDiskDevice": raw("/dev/vdb1")}, "dataDiskDevice", "names a partition", "/dev/nvme1n1"},
		{"data device NVMe partition", n, Values{"dataDiskDevice": raw("/dev/nvme1n1p1")}, "dataDiskDevice", "names a partition", ""},
		{"data device is the system disk", n, Values{"dataDiskDevice": raw("/dev/vda")}, "dataDiskDevice", "is the system disk", ""},
		{"data device is the NVMe system disk", n, Values{"dataDiskDevice": raw("/dev/nvme0n1")}, "dataDiskDevice", "is the system disk", ""},
		{"data device not a disk", n, Values{"dataDiskDevice": raw("/dev/disk/by-label/kafka")}, "dataDiskDevice", "not a whole-disk device name", ""},
		{"data device with traversal", n, Values{"dataDiskDevice": raw("/dev/../etc/passwd")}, "dataDiskDevice", "not a whole-disk device name", ""},
		// Architecture: kplc and the host steps are linux/amd64.
		{"broker YiTian type", n, Values{"brokerInstanceType": raw("ecs.g8y.xlarge")}, "brokerInstanceType", "is an Arm instance type (family g8y", "pulumi config set kafka-plc:brokerInstanceType ecs.g7.xlarge --stack dev"},
		{"broker YiTian compute type", n, Values{"brokerInstanceType": raw("ecs.c8y.2xlarge")}, "brokerInstanceType", "linux/amd64 only", ""},
		{"broker YiTian bare metal", n, Values{"brokerInstanceType": raw("ecs.ebmg8y.48xlarge")}, "brokerInstanceType", "family ebmg8y", ""},
		{"broker Ampere type", n, Values{"brokerInstanceType": raw("ecs.g6r.large")}, "brokerInstanceType", "family g6r", ""},
		{"bastion Ampere type", n, Values{"bastionInstanceType": raw("ecs.c6r.large")}, "bastionInstanceType", "is an Arm instance type (family c6r", "pulumi config set kafka-plc:bastionInstanceType ecs.t6-c1m1.large --stack dev"},
		{"bastion YiTian memory type", n, Values{"bastionInstanceType": raw("ecs.r8y.large")}, "bastionInstanceType", "pick an x86-64 family", ""},
		// A malformed checksum's fix keeps the algorithm written.
		{"sha256 too short", n, Values{"kafkaChecksum": raw("sha256:62acae4a")}, "kafkaChecksum", "8-digit sha256 digest", "kafkaChecksum 'sha256:<64 hex digits>'"},
		{"sha256 not hex", n, Values{"kafkaChecksum": raw("SHA256:zzacae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9")}, "kafkaChecksum", "hexadecimal", "kafkaChecksum 'sha256:<64 hex digits>'"},
		{"sha256 digits without prefix", n, Values{"kafkaChecksum": raw("62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9")}, "kafkaChecksum", "no algorithm prefix", "kafkaChecksum 'sha256:<64 hex digits>'"},
		{"sha512 malformed", n, Values{"kafkaChecksum": raw("sha512:00")}, "kafkaChecksum", "2-digit sha512 digest", "kafkaChecksum 'sha512:<128 hex digits>'"},
		{"sha256 of another release", n, Values{"kafkaVersion": raw("3.8.0")}, "kafkaChecksum", "is the digest of kafka_2.13-3.7.1.tgz", "kafkaChecksum 'sha256:<the digest of kafka_2.13-3.8.0.tgz>'"},
		// Mode existing.
		{"existing vpc missing", e, Values{"existingVpcId": raw("<unset>")}, "existingVpcId", "is required in mode existing", ""},
		{"existing vpc malformed", e, Values{"existingVpcId": raw("vpc_1")}, "existingVpcId", "not a VPC ID", ""},
		{"jump host missing", e, Values{"jumpHost": raw("<unset>")}, "jumpHost", "is required in mode existing", ""},
		{"vswitch missing for a zone", e, Values{"existingVswitchIds": raw(`{"ap-southeast-1a":"vsw-a1"}`)}, "existingVswitchIds.ap-southeast-1b", "is missing", ""},
		{"vswitch for a foreign zone", e, Values{"existingVswitchIds": raw(`{"ap-southeast-1a":"vsw-a1","ap-southeast-1b":"vsw-b1","ap-southeast-1c":"vsw-c1"}`)}, "existingVswitchIds.ap-southeast-1c", "not in zones", ""},
		{"brokers missing", e, Values{"existingBrokers": raw("<unset>")}, "existingBrokers", "is required in mode existing", ""},
		{"duplicate node ids", e, Values{"existingBrokers": raw(`[{"nodeId":1,"zone":"ap-southeast-1a","privateIp":"10.0.0.10","instanceId":"i-a1"},{"nodeId":1,"zone":"ap-southeast-1b","privateIp":"10.0.64.10","instanceId":"i-b2"}]`)}, "existingBrokers[1].nodeId", "repeats existingBrokers[0].nodeId", ""},
		{"broker zone not in zones", e, Values{"existingBrokers": raw(`[{"nodeId":1,"zone":"ap-southeast-1c","privateIp":"10.0.0.10","instanceId":"i-a1"}]`)}, "existingBrokers[0].zone", "is not in zones", ""},
		{"broker IP outside vpc", e, Values{"existingBrokers": raw(`[{"nodeId":1,"zone":"ap-southeast-1a","privateIp":"172.16.0.10","instanceId":"i-a1"}]`)}, "existingBrokers[0].privateIp", "outside vpcCidr 10.0.0.0/16", ""},
		{"broker field missing", e, Values{"existingBrokers": raw(`[{"nodeId":1,"zone":"ap-southeast-1a","privateIp":"10.0.0.10"}]`)}, "existingBrokers[0].instanceId", "is required", "existingBrokers[0].instanceId"},
		{"broker field typo", e, Values{"existingBrokers": raw(`[{"nodeId":1,"zone":"ap-southeast-1a","privateIp":"10.0.0.10","instanceId":"i-a1","privateIP":"x"}]`)}, "existingBrokers[0].privateIP", "did you mean privateIp?", ""},
		{"broker node id negative", e, Values{"existingBrokers": raw(`[{"nodeId":-1,"zone":"ap-southeast-1a","privateIp":"10.0.0.10","instanceId":"i-a1"}]`)}, "existingBrokers[0].nodeId", "0 or more", ""},
		{"broker properties path relative", e, Values{"existingBrokers": raw(`[{"nodeId":1,"zone":"ap-southeast-1a","privateIp":"10.0.0.10","instanceId":"i-a1","propertiesPath":"config/server.properties"}]`)}, "existingBrokers[0].propertiesPath", "absolute path", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := with(c.base(), c.edits)
			if c.name == "short rsa key" {
				v["sshPublicKey"] = raw(shortRSAKey(t))
			}
			_, err := Load("kafka-plc", "dev", v)
			ps, ok := AsProblems(err)
			if !ok {
				t.Fatalf("Load error = %v, want Problems", err)
			}
			for _, p := range ps {
				if p.Key == c.key && strings.Contains(p.Message, c.frag) {
					if c.fixHas != "" && !strings.Contains(p.Fix, c.fixHas) {
						t.Errorf("problem %q: fix %q lacks %q", p.Error(), p.Fix, c.fixHas)
					}
					if p.Fix == "" {
						t.Errorf("problem %q has no fix", p.Error())
					}
					return
				}
			}
			t.Errorf("no problem with key %q and message containing %q; got:\n%v", c.key, c.frag, ps)
		})
	}
	if len(cases) < 30 {
		t.Fatalf("only %d bad-input cases", len(cases))
	}
}

func TestLoadReportsEveryProblemAtOnce(t *testing.T) {
	v := with(validNew(), Values{
		"brokerCont":      raw("5"),
		"vpcCidr":         raw("10.0.5.0/16"),
		"messageMaxBytes": raw("1000"),
	})
	_, err := Load("kafka-plc", "dev", v)
	ps, ok := AsProblems(err)
	if !ok {
		t.Fatalf("Load error = %v, want Problems", err)
	}
	keys := ps.Keys()
	sort.Strings(keys)
	want := []string{"brokerCont", "messageMaxBytes", "vpcCidr"}
	if !reflect.DeepEqual(keys, want) {
		t.Fatalf("problem keys = %v, want %v; problems:\n%v", keys, want, ps)
	}
	text := err.Error()
	for _, frag := range []string{"3 problem(s)", `brokerCont = "5"`, `vpcCidr = "10.0.5.0/16"`, "fix: pulumi config set"} {
		if !strings.Contains(text, frag) {
			t.Errorf("error text lacks %q:\n%s", frag, text)
		}
	}
}

func TestSecretsNeverInProblems(t *testing.T) {
	const secret = "SUPER-SECRET-TEXT"
	v := with(validNew(), Values{
		"sshPrivateKey": {Raw: secret, Secret: true},
		"brokerHeap":    {Raw: secret, Secret: true}, // a plain setting the engine decrypted
		"sshPublicKey":  raw("-----BEGIN RSA PRIVATE KEY-----\n" + secret + "\n-----END RSA PRIVATE KEY-----"),
	})
	_, err := Load("kafka-plc", "dev", v)
	if err == nil {
		t.Fatal("Load accepted a private key in sshPublicKey")
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("a problem repeats secret text:\n%v", err)
	}
}

// TestAcceptedMachineSettings: x86-64 instance families (whatever letters follow the generation
// digit) and whole data disks pass, and the device reaches Config.
func TestAcceptedMachineSettings(t *testing.T) {
	for _, typ := range []string{"ecs.g7.xlarge", "ecs.g8i.2xlarge", "ecs.g8a.large", "ecs.r7.large", "ecs.re6.large",
		"ecs.c7t.large", "ecs.hfg7.large", "ecs.g7se.large", "ecs.t6-c1m1.large", "ecs.ebmg7.32xlarge"} {
		t.Run(typ, func(t *testing.T) {
			c := mustLoad(t, "dev", with(validNew(), Values{"brokerInstanceType": raw(typ), "bastionInstanceType": raw(typ)}))
			if c.BrokerInstanceType != typ || c.BastionInstanceType != typ {
				t.Errorf("instance types = %s, %s, want %s", c.BrokerInstanceType, c.BastionInstanceType, typ)
			}
		})
	}
	for _, dev := range []string{"/dev/vdb", "/dev/vdc", "/dev/xvdb", "/dev/sdb", "/dev/nvme1n1", "/dev/nvme2n1"} {
		t.Run(dev, func(t *testing.T) {
			if c := mustLoad(t, "dev", with(validNew(), Values{"dataDiskDevice": raw(dev)})); c.DataDiskDevice != dev {
				t.Errorf("DataDiskDevice = %q, want %q", c.DataDiskDevice, dev)
			}
		})
	}
}

// TestMissingSecretsWording: the fix names what the key is for in each mode; mode existing has
// no sshPublicKey.
func TestMissingSecretsWording(t *testing.T) {
	for _, tc := range []struct {
		name      string
		base      func() Values
		want, not string
	}{
		{"new", validNew, "(the private half of sshPublicKey)", "jump host"},
		{"existing", validExisting, "(a key that the jump host and every broker accept)", "sshPublicKey"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustLoad(t, "dev", with(tc.base(), Values{"sshPrivateKey": raw("<unset>")}))
			ms := c.MissingSecrets()
			if len(ms) != 1 || !strings.HasSuffix(ms[0].Fix, tc.want) || strings.Contains(ms[0].Fix, tc.not) {
				t.Errorf("MissingSecrets = %v, want a fix ending %q, without %q", ms, tc.want, tc.not)
			}
		})
	}
}

func TestMissingSecrets(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Value
		set  bool
	}{
		{"absent", Value{Raw: "<unset>"}, false},
		{"encrypted offline", Value{Secret: true}, true},
		{"decrypted by the engine", Value{Raw: "key", Secret: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustLoad(t, "dev", with(validNew(), Values{"sshPrivateKey": tc.v}))
			if c.SSHPrivateKeySet != tc.set {
				t.Fatalf("SSHPrivateKeySet = %v, want %v", c.SSHPrivateKeySet, tc.set)
			}
			ms := c.MissingSecrets()
			if tc.set {
				if len(ms) != 0 || c.SecretStatus()["sshPrivateKey"] != "present" {
					t.Errorf("MissingSecrets = %v, status %v", ms, c.SecretStatus())
				}
				return
			}
			if len(ms) != 1 || ms[0].Key != "sshPrivateKey" || !strings.Contains(ms[0].Fix, "pulumi config set --secret kafka-plc:sshPrivateKey --stack dev <") {
				t.Errorf("MissingSecrets = %v, want one sshPrivateKey problem with a --secret fix", ms)
			}
			if c.SecretStatus()["sshPrivateKey"] != "missing" {
				t.Errorf("SecretStatus = %v", c.SecretStatus())
			}
		})
	}
}

func TestDeriveClusterID(t *testing.T) {
	a := DeriveClusterID("kafka-plc", "dev")
	if a != DeriveClusterID("kafka-plc", "dev") {
		t.Fatal("DeriveClusterID is not deterministic")
	}
	if len(a) != 22 || clusterIDProblem(a) != "" {
		t.Errorf("DeriveClusterID = %q (%d chars): %s", a, len(a), clusterIDProblem(a))
	}
	if b := DeriveClusterID("kafka-plc", "prod"); b == a {
		t.Errorf("stacks dev and prod share cluster ID %s", a)
	}
	if b := DeriveClusterID("other", "dev"); b == a {
		t.Errorf("projects kafka-plc and other share cluster ID %s", a)
	}
	if b := DeriveClusterID("kafka-plc", "acme/kafka-plc/dev"); b != a {
		t.Errorf("fully qualified stack name gives %s, want %s", b, a)
	}
	c := mustLoad(t, "dev", with(validNew(), Values{"clusterId": raw("MkU3OEVBNTcwNTJENDM2Qg")}))
	if c.ClusterID != "MkU3OEVBNTcwNTJENDM2Qg" {
		t.Errorf("configured clusterId = %s, not kept", c.ClusterID)
	}
}

func TestParseChecksum(t *testing.T) {
	hex512 := strings.Repeat("ab", 64)
	spaced := strings.ToUpper(strings.Join([]string{hex512[:8], hex512[8:16], hex512[16:]}, " "))
	got, err := ParseChecksum("SHA512: " + spaced)
	if err != nil {
		t.Fatalf("ParseChecksum: %v", err)
	}
	if got.String() != "sha512:"+hex512 {
		t.Errorf("ParseChecksum = %s, want sha512:%s", got, hex512)
	}
	for _, bad := range []string{"", "sha256", "sha1:" + strings.Repeat("a", 40), "sha512:" + strings.Repeat("a", 127)} {
		if _, err := ParseChecksum(bad); err == nil {
			t.Errorf("ParseChecksum(%q) accepted", bad)
		}
	}
}

func TestFixQuoting(t *testing.T) {
	f := fixer{project: "kafka-plc", stack: "dev"}
	if got, want := f.set("sshPublicKey", "ssh-ed25519 AAAA x"), "pulumi config set kafka-plc:sshPublicKey 'ssh-ed25519 AAAA x' --stack dev"; got != want {
		t.Errorf("set = %s, want %s", got, want)
	}
	if got, want := f.setList("zones", []string{"a", "b"}), "pulumi config rm kafka-plc:zones --stack dev && pulumi config set --path 'kafka-plc:zones[0]' a --stack dev && pulumi config set --path 'kafka-plc:zones[1]' b --stack dev"; got != want {
		t.Errorf("setList = %s, want %s", got, want)
	}
	if got := shellQuote("it's"); got != `'it'\''s'` {
		t.Errorf("shellQuote = %s", got)
	}
}

func TestCarve(t *testing.T) {
	for _, tc := range []struct {
		vpc  string
		n    int
		want string
	}{
		{"10.0.0.0/16", 2, "[10.0.0.0/18 10.0.64.0/18 10.0.128.0/18]"},
		{"10.0.0.0/16", 3, "[10.0.0.0/18 10.0.64.0/18 10.0.128.0/18 10.0.192.0/18]"},
		{"10.0.0.0/8", 3, "[10.0.0.0/16 10.1.0.0/16 10.2.0.0/16 10.3.0.0/16]"},
		{"192.168.0.0/24", 7, "[192.168.0.0/27 192.168.0.32/27 192.168.0.64/27 192.168.0.96/27 192.168.0.128/27 192.168.0.160/27 192.168.0.192/27 192.168.0.224/27]"},
	} {
		ps, err := carve(mustPrefix(t, tc.vpc), tc.n)
		if err != nil {
			t.Errorf("carve(%s, %d): %v", tc.vpc, tc.n, err)
			continue
		}
		if got := fmt.Sprint(ps); got != tc.want {
			t.Errorf("carve(%s, %d) = %s, want %s", tc.vpc, tc.n, got, tc.want)
		}
	}
}
