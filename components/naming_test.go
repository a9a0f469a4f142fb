package components

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TestTextRulesFollowTheDocumentedRules checks each rule against values its documentation
// accepts and refuses (the source is in each rule and in alicloud-provider-facts.md).
func TestTextRulesFollowTheDocumentedRules(t *testing.T) {
	long := func(n int) string { return "a" + strings.Repeat("b", n-1) }
	cases := []struct {
		rule textRule
		ok   []string
		bad  []string
	}{
		// facts: nlb/listener listener_description: 2-256; letters, digits, , . ; / @ _ -
		{ruleListenerDescription,
			[]string{"kafka_bootstrap_to_brokers_1,2,3", "ab", "a/b@c;d.e", long(256)},
			[]string{"kafka bootstrap: brokers 1,2,3", "a", "broker (1)", "a:b", long(257), "监听"}},
		// facts: nlb/serverGroupServerAttachment description: the listener's set plus Chinese
		{ruleAttachmentDescription,
			[]string{"broker_1@ap-southeast-1a", "代理1", long(256)},
			[]string{"broker 1 (ap-southeast-1a)", "x", "a:b", long(257)}},
		// facts: nlb/loadBalancer load_balancer_name: 2-128, letters digits . _ -, letter first
		{ruleNlbName,
			[]string{"kafka-plc-dev", "a.b_c-d", long(128)},
			[]string{"k", "1kafka", "-kafka", "kafka plc", "kafka:plc", long(129)}},
		// facts: nlb/serverGroup server_group_name: the same rule
		{ruleServerGroupName,
			[]string{"kafka-plc-dev-bootstrap", "kafka-plc-dev-broker-49"},
			[]string{"_bootstrap", "boot strap", long(129)}},
		// facts: ecs/ecsKeyPair key_pair_name: 2-128, letter first, digits : _ . -, no http(s)://
		{ruleKeyPairName,
			[]string{"kafka-plc-dev-key", "a:b_c.d-e"},
			[]string{"k", "9key", "key pair", "key/1", "http://x", long(129)}},
		// facts: ecs/securityGroup security_group_name: 2-128, letter first, [A-Za-z0-9:_-]
		{ruleSecurityGroupName,
			[]string{"kafka-plc-dev-broker", "a:b_c"},
			[]string{"kafka.broker", "-broker", "b", long(129)}},
		// facts: ecs/instance host_name: >= 2, no '.'/'-' at an end, none twice in a row
		{ruleInstanceHostName,
			[]string{"kafka-plc-dev-broker-1", "a.b-c", "ab"},
			[]string{"a", "-ab", "ab-", ".ab", "a--b", "a.-b", "a_b", "a b", long(65)}},
		// facts: ecs/instance instance_name 2-128; description 2-256; data disk name 2-128, description 2-256
		{ruleInstanceName, []string{"kafka-plc-dev-bastion", "any text (1)"}, []string{"a", long(129)}},
		{ruleInstanceDescription, []string{"Kafka node 1 (broker,controller) of kafka-plc/dev"}, []string{"a", long(257)}},
		{ruleDataDiskName, []string{"kafka-broker-1-data"}, []string{"d", long(129)}},
		{ruleDataDiskDescription, []string{"Kafka log.dirs of node 1 (/var/lib/kafka/data)"}, []string{"d", long(257)}},
		// facts: vpc/network vpc_name 1-128, letter first; description 1-256, no http(s)://
		{ruleVpcName, []string{"kafka-plc-dev", "v"}, []string{"", "1vpc", "vpc name", long(129)}},
		{ruleVpcDescription, []string{"kafka-plc VPC kafka-plc-dev", "x"}, []string{"", "https://example.com", "HTTP://x", long(257)}},
		// facts: vpc/switch description (older API doc): 2-256, letter first
		{ruleVswitchDescription, []string{"kafka-plc brokers in ap-southeast-1a"}, []string{"x", "1 zone", long(257)}},
		{ruleVswitchName, []string{"kafka-plc-dev-broker-ap-southeast-1a"}, []string{"", "-x", long(129)}},
		// facts: ecs/securityGroupRule description: 1-512
		{ruleSecurityGroupRuleDescription, []string{"SSH from 203.0.113.0/24 (sshAllowedCidrs)", "x"}, []string{"", long(513)}},
		{ruleSecurityGroupDescription, []string{"kafka-plc brokers"}, []string{"x", "http://x", long(257)}},
	}
	for _, tc := range cases {
		t.Run(tc.rule.attr, func(t *testing.T) {
			for _, s := range tc.ok {
				if p := tc.rule.problem(s); p != "" {
					t.Errorf("problem(%q) = %q, want none", s, p)
				}
				if got := tc.rule.fit(s); got != s {
					t.Errorf("fit(%q) = %q, want it unchanged: it follows the rule", s, got)
				}
			}
			for _, s := range tc.bad {
				if p := tc.rule.problem(s); p == "" {
					t.Errorf("problem(%q) = none, want a problem (%s)", s, tc.rule.source)
				}
			}
		})
	}
}

// TestFitAlwaysFollowsTheRule: whatever a component's name or a zone holds, fit makes a value
// the rule accepts.
func TestFitAlwaysFollowsTheRule(t *testing.T) {
	inputs := []string{"", "a", "-", "--", ".", "1", "http://x", "https://example.com/a b", "k-", "a--b..c",
		"kafka bootstrap: brokers 1,2,3", "broker 1 (ap-southeast-1a)", "Ünïcødé 名字", "-lead-and-trail-",
		strings.Repeat("x", 600), strings.Repeat("-", 300), strings.Repeat("名", 300), " \t\n"}
	for _, rule := range allTextRules() {
		if !rule.anyChar && !rule.allows('-') {
			t.Errorf("%s: fit substitutes '-', which the rule does not allow", rule.attr)
		}
		for _, in := range inputs {
			if got := rule.fit(in); rule.problem(got) != "" {
				t.Errorf("%s: fit(%q) = %q, which %s", rule.attr, in, got, rule.problem(got))
			}
		}
	}
}

// allTextRules lists every rule of naming.go.
func allTextRules() []textRule {
	return []textRule{ruleVpcName, ruleVpcDescription, ruleVswitchName, ruleVswitchDescription, ruleSecurityGroupName,
		ruleSecurityGroupDescription, ruleSecurityGroupRuleDescription, ruleKeyPairName, ruleInstanceName, ruleInstanceHostName,
		ruleInstanceDescription, ruleDataDiskName, ruleDataDiskDescription, ruleNlbName, ruleServerGroupName,
		ruleListenerDescription, ruleAttachmentDescription}
}

// namedProperty is a name or description property of a resource type and its rule.
type namedProperty struct {
	token, property string
	rule            textRule
}

// namedProperties are every name and description property the components set.
var namedProperties = []namedProperty{
	{mocktest.TypeNetwork, "vpcName", ruleVpcName},
	{mocktest.TypeNetwork, "description", ruleVpcDescription},
	{mocktest.TypeSwitch, "vswitchName", ruleVswitchName},
	{mocktest.TypeSwitch, "description", ruleVswitchDescription},
	{mocktest.TypeSecurityGroup, "securityGroupName", ruleSecurityGroupName},
	{mocktest.TypeSecurityGroup, "description", ruleSecurityGroupDescription},
	{mocktest.TypeSecurityGroupRule, "description", ruleSecurityGroupRuleDescription},
	{mocktest.TypeKeyPair, "keyPairName", ruleKeyPairName},
	{mocktest.TypeInstance, "instanceName", ruleInstanceName},
	{mocktest.TypeInstance, "hostName", ruleInstanceHostName},
	{mocktest.TypeInstance, "description", ruleInstanceDescription},
	{mocktest.TypeLoadBalancer, "loadBalancerName", ruleNlbName},
	{mocktest.TypeServerGroup, "serverGroupName", ruleServerGroupName},
	{mocktest.TypeListener, "listenerDescription", ruleListenerDescription},
	{mocktest.TypeServerGroupAttachment, "description", ruleAttachmentDescription},
}

// checkNames checks every name and description recorded in mocks (data disks included)
// against its documented rule.
func checkNames(t *testing.T, mocks *mocktest.Mocks) {
	t.Helper()
	check := func(r mocktest.Resource, property, value string, rule textRule) {
		if p := rule.problem(value); p != "" {
			t.Errorf("%s %s: %s = %q %s", r.Type, r.Name, property, value, p)
		}
	}
	for _, np := range namedProperties {
		for _, r := range mocks.ByType(np.token) {
			if _, set := r.Inputs[resource.PropertyKey(np.property)]; set {
				check(r, np.property, r.Str(np.property), np.rule)
			}
		}
	}
	for _, inst := range mocks.ByType(mocktest.TypeInstance) {
		for _, d := range inst.Array("dataDisks") {
			disk := d.ObjectValue()
			check(inst, "dataDisks[].name", mocktest.Str(disk, "name"), ruleDataDiskName)
			check(inst, "dataDisks[].description", mocktest.Str(disk, "description"), ruleDataDiskDescription)
		}
	}
}

// TestEveryNameAndDescriptionFollowsItsRule runs the network, the broker set and the NLB and
// checks every name and description they set against Alibaba Cloud's documented rule: an NLB
// listener or attachment description with a space, ':' or '(' is outside the documented set
// (facts: nlb/listener listener_description, nlb/serverGroupServerAttachment description).
func TestEveryNameAndDescriptionFollowsItsRule(t *testing.T) {
	vpcMocks, _, err := runVpc(t, testVpcArgs())
	if err != nil {
		t.Fatalf("NewKafkaVpc: %v", err)
	}
	checkNames(t, vpcMocks)
	bsMocks, _ := bsMustRun(t, bsArgs(bsPlan(t, ""), bsKplcBinary(t)))
	checkNames(t, bsMocks)
	nlbMocks, _, err := runNlb(t, testNlbArgs(5))
	if err != nil {
		t.Fatalf("NewKafkaNlb: %v", err)
	}
	checkNames(t, nlbMocks)
}
