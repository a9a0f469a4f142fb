package components

import (
	"slices"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// enumRule is one case-sensitive StringInSlice validator of the Terraform provider that the
// alicloud SDK v3.105.0 bridges (terraform-provider-alicloud v1.285.0): the bridge enforces it
// at `pulumi preview` (Check), so a value outside allowed fails the first deploy. Our SDK subset
// and the mocks accept anything; these rules are the real provider's, with their source.
type enumRule struct {
	token    string
	property string
	allowed  []string
	source   string
}

// nlbEnumRules are the validators of the NLB resources KafkaNlb registers.
var nlbEnumRules = []enumRule{
	{mocktest.TypeServerGroup, "addressIpVersion", []string{"DualStack", "Ipv4"},
		"resource_alicloud_nlb_server_group.go L29-35 (facts: nlb/serverGroup address_ip_version; its docs page says ipv4, its code does not)"},
	{mocktest.TypeServerGroup, "serverGroupType", []string{"Instance", "Ip"}, "facts: nlb/serverGroup server_group_type"},
	{mocktest.TypeServerGroup, "protocol", []string{"TCP", "UDP", "TCPSSL"}, "facts: nlb/serverGroup protocol"},
	{mocktest.TypeServerGroup, "scheduler", []string{"Wrr", "Rr", "Qch", "Tch", "Sch", "Wlc"}, "facts: nlb/serverGroup scheduler"},
	{mocktest.TypeListener, "listenerProtocol", []string{"TCP", "UDP", "TCPSSL"}, "facts: nlb/listener listener_protocol"},
	{mocktest.TypeLoadBalancer, "loadBalancerType", []string{"Network", "Gateway", "Inner"}, "facts: nlb/loadBalancer load_balancer_type"},
}

// checkEnumRules checks every recorded resource against rules: a rule's property, when set,
// must be one of its allowed values, compared case-sensitively as the provider does.
func checkEnumRules(t *testing.T, mocks *mocktest.Mocks, rules []enumRule) {
	t.Helper()
	for _, rule := range rules {
		resources := mocks.ByType(rule.token)
		if len(resources) == 0 {
			t.Errorf("no %s registered; the rule on %s cannot be checked", rule.token, rule.property)
		}
		for _, r := range resources {
			if _, set := r.Inputs[resource.PropertyKey(rule.property)]; !set {
				continue
			}
			if got := r.Str(rule.property); !slices.Contains(rule.allowed, got) {
				t.Errorf("%s %s: %s = %q, but the provider accepts only %q (case-sensitive; %s)",
					rule.token, r.Name, rule.property, got, rule.allowed, rule.source)
			}
		}
	}
}

// TestKafkaNlbServerGroupAddressIpVersionMatchesProviderSchema: the provider's schema allows a
// server group's address_ip_version to be exactly "DualStack" or "Ipv4"
// (terraform-provider-alicloud v1.285.0 resource_alicloud_nlb_server_group.go L29-35), so
// "ipv4" fails preview with `expected address_ip_version to be one of [DualStack Ipv4], got
// ipv4`; the load balancer's own address_ip_version has no validator and its API value is
// "ipv4" (facts: nlb/loadBalancer address_ip_version). Every other NLB enum is checked too.
func TestKafkaNlbServerGroupAddressIpVersionMatchesProviderSchema(t *testing.T) {
	mocks, _, err := runNlb(t, testNlbArgs(3))
	if err != nil {
		t.Fatalf("NewKafkaNlb: %v", err)
	}
	checkEnumRules(t, mocks, nlbEnumRules)
	for _, sg := range mocks.ByType(mocktest.TypeServerGroup) {
		if got := sg.Str("addressIpVersion"); got != "Ipv4" {
			t.Errorf("server group %s: addressIpVersion = %q, want Ipv4 (an IPv4-only VPC)", sg.Name, got)
		}
	}
	lb := mocks.MustNamed(t, mocktest.TypeLoadBalancer, "kafka-nlb")
	if got := lb.Str("addressIpVersion"); got != "ipv4" {
		t.Errorf("load balancer addressIpVersion = %q, want the API value ipv4 (no validator; API doc: ipv4 or DualStack)", got)
	}
}
