package cloudsim

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// facts: "The finding that matters most": nlb/serverGroup address_ip_version, resource_alicloud_nlb_server_group.go L29-35.
func TestCheckServerGroupAddressIpVersionIsCaseSensitive(t *testing.T) {
	s := newSim(t)
	base := map[string]any{"serverGroupName": "kafka-b1", "vpcId": "vpc-x"}
	with := func(v string) map[string]any {
		in := map[string]any{"addressIpVersion": v}
		for k, x := range base {
			in[k] = x
		}
		return in
	}
	reason := failed(t, s.check(TokenServerGroup, with("ipv4")), "expected address_ip_version to be one of [DualStack Ipv4], got ipv4")
	if !strings.Contains(reason, "TF_SKIP_RESOURCE_SCHEMA_VALIDATION") || !strings.Contains(reason, "Examine values at 'r.addressIpVersion'") {
		t.Errorf("reason %q lacks the TF note or the bridge's pointer", reason)
	}
	for _, ok := range []string{"Ipv4", "DualStack"} {
		if f := s.check(TokenServerGroup, with(ok)).Failures; len(f) > 0 {
			t.Errorf("%s refused: %v", ok, f)
		}
	}
}

// Every StringInSlice of the schemas is exact and case-sensitive (facts: "How to read the tables").
func TestCheckEnums(t *testing.T) {
	for _, tc := range []struct {
		source string
		token  string
		in     map[string]any
		want   string
	}{
		{"facts: ecs/securityGroup security_group_type", TokenSecurityGroup, map[string]any{"securityGroupType": "Normal"},
			"expected security_group_type to be one of [normal enterprise], got Normal"},
		{"facts: ecs/securityGroup inner_access_policy", TokenSecurityGroup, map[string]any{"innerAccessPolicy": "accept"},
			"expected inner_access_policy to be one of [Accept Drop], got accept"},
		{"facts: ecs/securityGroupRule type (SDK validator)", TokenSecurityGroupRule, ruleIn(map[string]any{"type": "Ingress"}),
			"expected type to be one of [ingress egress], got Ingress"},
		{"facts: ecs/securityGroupRule ip_protocol", TokenSecurityGroupRule, ruleIn(map[string]any{"ipProtocol": "TCP"}),
			"expected ip_protocol to be one of [tcp udp icmp icmpv6 gre all], got TCP"},
		{"facts: ecs/securityGroupRule nic_type", TokenSecurityGroupRule, ruleIn(map[string]any{"nicType": "Intranet"}),
			"expected nic_type to be one of [internet intranet], got Intranet"},
		{"facts: ecs/securityGroupRule policy", TokenSecurityGroupRule, ruleIn(map[string]any{"policy": "Accept"}),
			"expected policy to be one of [accept drop], got Accept"},
		{"facts: ecs/instance instance_charge_type", TokenInstance, instIn(map[string]any{"instanceChargeType": "Postpaid"}),
			"expected instance_charge_type to be one of [PrePaid PostPaid], got Postpaid"},
		{"facts: ecs/instance internet_charge_type", TokenInstance, instIn(map[string]any{"internetChargeType": "paybytraffic"}),
			"expected internet_charge_type to be one of [PayByBandwidth PayByTraffic], got paybytraffic"},
		{"facts: ecs/instance system_disk_category", TokenInstance, instIn(map[string]any{"systemDiskCategory": "cloud_essd_pl1"}),
			"expected system_disk_category to be one of [all cloud ephemeral_ssd cloud_essd cloud_efficiency cloud_ssd local_disk cloud_auto cloud_essd_entry], got cloud_essd_pl1"},
		{"facts: ecs/instance data_disks category", TokenInstance, instIn(map[string]any{"dataDisks": []any{map[string]any{"size": 100, "category": "essd"}}}),
			"expected data_disks.0.category to be one of"},
		{"facts: nlb/loadBalancer load_balancer_type", TokenLoadBalancer, map[string]any{"addressType": "Intranet", "vpcId": "v", "zoneMappings": []any{}, "loadBalancerType": "network"},
			"expected load_balancer_type to be one of [Network Gateway Inner], got network"},
		{"facts: nlb/serverGroup server_group_type", TokenServerGroup, sgpIn(map[string]any{"serverGroupType": "instance"}),
			"expected server_group_type to be one of [Instance Ip], got instance"},
		{"facts: nlb/serverGroup protocol", TokenServerGroup, sgpIn(map[string]any{"protocol": "tcp"}),
			"expected protocol to be one of [TCP UDP TCPSSL], got tcp"},
		{"facts: nlb/serverGroup scheduler", TokenServerGroup, sgpIn(map[string]any{"scheduler": "wrr"}),
			"expected scheduler to be one of [Wrr Rr Qch Tch Sch Wlc], got wrr"},
		{"facts: nlb/serverGroup health_check_type (nested key)", TokenServerGroup, sgpIn(map[string]any{"healthCheck": map[string]any{"healthCheckType": "tcp"}}),
			"expected health_check.0.health_check_type to be one of [TCP HTTP UDP], got tcp"},
		{"facts: nlb/listener listener_protocol", TokenListener, lsnIn(map[string]any{"listenerProtocol": "tcp"}),
			"expected listener_protocol to be one of [TCP UDP TCPSSL], got tcp"},
		{"facts: nlb/listener status", TokenListener, lsnIn(map[string]any{"status": "running"}),
			"expected status to be one of [Stopped Running], got running"},
		{"facts: privatelink/vpcEndpointService service_resource_type", TokenEndpointService, map[string]any{"serviceResourceType": "NLB"},
			"expected service_resource_type to be one of [slb alb nlb gwlb], got NLB"},
		{"facts: privatelink/vpcEndpointService address_ip_version", TokenEndpointService, map[string]any{"addressIpVersion": "ipv4"},
			"expected address_ip_version to be one of [IPv4 IPv6 DualStack], got ipv4"},
		{"facts: privatelink/vpcEndpointService payer", TokenEndpointService, map[string]any{"payer": "endpoint"},
			"expected payer to be one of [Endpoint EndpointService], got endpoint"},
		{"facts: privatelink/vpcEndpointServiceResource resource_type", TokenServiceResource, map[string]any{"serviceId": "s", "resourceId": "r", "resourceType": "Nlb"},
			"expected resource_type to be one of [slb alb nlb gwlb], got Nlb"},
	} {
		t.Run(tc.source, func(t *testing.T) {
			failed(t, newSim(t).check(tc.token, tc.in), tc.want)
		})
	}
}

// IntBetween validators (facts: the "allowed" column ranges of each resource).
func TestCheckRanges(t *testing.T) {
	for _, tc := range []struct {
		source, token string
		in            map[string]any
		want          string
	}{
		{"facts: securityGroupRule priority 1-100 (SDK)", TokenSecurityGroupRule, ruleIn(map[string]any{"priority": 101}), "expected priority to be in the range (1 - 100), got 101"},
		{"facts: securityGroupRule priority 1-100 (SDK), low", TokenSecurityGroupRule, ruleIn(map[string]any{"priority": 0}), "expected priority to be in the range (1 - 100), got 0"},
		{"facts: serverGroup connection_drain_timeout 10-900", TokenServerGroup, sgpIn(map[string]any{"connectionDrainTimeout": 5}), "expected connection_drain_timeout to be in the range (10 - 900), got 5"},
		{"facts: serverGroup healthy_threshold 2-10", TokenServerGroup, sgpIn(map[string]any{"healthCheck": map[string]any{"healthyThreshold": 1}}), "expected health_check.0.healthy_threshold to be in the range (2 - 10), got 1"},
		{"facts: serverGroup health_check_interval schema 0-50", TokenServerGroup, sgpIn(map[string]any{"healthCheck": map[string]any{"healthCheckInterval": 51}}), "expected health_check.0.health_check_interval to be in the range (0 - 50), got 51"},
		{"facts: serverGroup health_check_connect_port 0-65535", TokenServerGroup, sgpIn(map[string]any{"healthCheck": map[string]any{"healthCheckConnectPort": 70000}}), "expected health_check.0.health_check_connect_port to be in the range (0 - 65535), got 70000"},
		{"facts: listener listener_port 0-65535", TokenListener, lsnIn(map[string]any{"listenerPort": 70000}), "expected listener_port to be in the range (0 - 65535), got 70000"},
		{"tf v1.285.0 resource_alicloud_nlb_listener.go L66-71: idle_timeout 0-900, high", TokenListener, lsnIn(map[string]any{"idleTimeout": 901}), "expected idle_timeout to be in the range (0 - 900), got 901"},
		{"tf v1.285.0 resource_alicloud_nlb_listener.go L66-71: idle_timeout 0-900, low", TokenListener, lsnIn(map[string]any{"idleTimeout": -1}), "expected idle_timeout to be in the range (0 - 900), got -1"},
		{"facts: vpcEndpointServiceConnection bandwidth range, service connect_bandwidth 100-10240", TokenEndpointService, map[string]any{"connectBandwidth": 50}, "expected connect_bandwidth to be in the range (100 - 10240), got 50"},
	} {
		t.Run(tc.source, func(t *testing.T) { failed(t, newSim(t).check(tc.token, tc.in), tc.want) })
	}
}

// StringLenBetween and StringMatch validators.
func TestCheckLengthsAndPatterns(t *testing.T) {
	for _, tc := range []struct {
		source, token string
		in            map[string]any
		want          string
	}{
		{"facts: ecs/instance instance_name length 2-128", TokenInstance, instIn(map[string]any{"instanceName": "b"}), "expected length of instance_name to be in the range (2 - 128), got b"},
		{"facts: ecs/instance description length 2-256", TokenInstance, instIn(map[string]any{"description": "x"}), "expected length of description to be in the range (2 - 256), got x"},
		{"facts: ecs/instance data_disks name length 2-128", TokenInstance, instIn(map[string]any{"dataDisks": []any{map[string]any{"size": 100, "name": "d"}}}), "expected length of data_disks.0.name to be in the range (2 - 128)"},
		{"facts: ecs/ecsKeyPair key_pair_name length 2-128", TokenKeyPair, map[string]any{"keyPairName": "k"}, "expected length of key_pair_name to be in the range (2 - 128), got k"},
		{"facts: ecs/instance instance_type ^ecs\\.", TokenInstance, instIn(map[string]any{"instanceType": "g7.xlarge"}), "invalid value for instance_type (prefix must be 'ecs.')"},
		{"tf: tags.go L53-62 tag value must not start with aliyun", TokenInstance, instIn(map[string]any{"tags": map[string]any{"owner": "aliyun-team"}}), "invalid value for tags.owner (It cannot begin with \"aliyun\", \"acs:\""},
		{"tf: tags.go L53-62 tag value must not start with acs:", TokenInstance, instIn(map[string]any{"tags": map[string]any{"k": "acs:x"}}), "invalid value for tags.k"},
	} {
		t.Run(tc.source, func(t *testing.T) { failed(t, newSim(t).check(tc.token, tc.in), tc.want) })
	}
}

// Required, ConflictsWith, AtLeastOneOf, ExactlyOneOf and MinItems/MaxItems (facts: req/opt column and notes).
func TestCheckPresenceRules(t *testing.T) {
	disks := make([]any, 17)
	for i := range disks {
		disks[i] = map[string]any{"size": 100}
	}
	for _, tc := range []struct {
		source, token string
		in            map[string]any
		want          string
	}{
		{"facts: serverGroup server_group_name req", TokenServerGroup, map[string]any{"vpcId": "v"}, `The argument "server_group_name" is required`},
		{"facts: listener server_group_id req", TokenListener, map[string]any{"loadBalancerId": "l", "listenerPort": 9092, "listenerProtocol": "TCP"}, `The argument "server_group_id" is required`},
		{"facts: attachment server_type req", TokenAttachment, map[string]any{"serverGroupId": "s", "serverId": "i"}, `The argument "server_type" is required`},
		{"facts: endpoint service user user_id req", TokenServiceUser, map[string]any{"serviceId": "s"}, `The argument "user_id" is required`},
		{"facts: loadBalancer zone_mappings zone_id req", TokenLoadBalancer, map[string]any{"addressType": "Intranet", "vpcId": "v", "zoneMappings": []any{map[string]any{"vswitchId": "x"}}}, `The argument "zone_mappings.0.zone_id" is required`},
		{"facts: data_disks size required", TokenInstance, instIn(map[string]any{"dataDisks": []any{map[string]any{"category": "cloud_essd"}}}), `The argument "data_disks.0.size" is required`},
		{"facts: data_disks 1-16 items", TokenInstance, instIn(map[string]any{"dataDisks": disks}), "data_disks: attribute supports 16 item maximum, config has 17 declared"},
		{"facts: securityGroupRule source_security_group_id ConflictsWith cidr_ip", TokenSecurityGroupRule, ruleIn(map[string]any{"sourceSecurityGroupId": "sg-y"}), `"source_security_group_id": conflicts with cidr_ip`},
		{"facts: securityGroupRule AtLeastOneOf cidr_ip...", TokenSecurityGroupRule, map[string]any{"securityGroupId": "sg", "type": "ingress", "ipProtocol": "tcp"}, "must be specified"},
		{"facts: vpc/switch zone_id ExactlyOneOf availability_zone (both)", TokenSwitch, map[string]any{"zoneId": zoneJ, "availabilityZone": zoneJ}, "only one of `availability_zone,zone_id` can be specified"},
		{"facts: vpc/switch zone_id ExactlyOneOf availability_zone (neither)", TokenSwitch, map[string]any{"cidrBlock": "10.0.1.0/24"}, "one of `availability_zone,zone_id` must be specified"},
		{"facts: vpc/network vpc_name ConflictsWith name", TokenNetwork, map[string]any{"vpcName": "a-vpc", "name": "b-vpc"}, `"vpc_name": conflicts with name`},
		{"facts: ecsKeyPair key_pair_name ConflictsWith key_name", TokenKeyPair, map[string]any{"keyPairName": "a-key", "keyName": "b-key"}, `"key_pair_name": conflicts with key_name`},
		{"facts: securityGroup inner_access_policy ConflictsWith inner_access", TokenSecurityGroup, map[string]any{"innerAccessPolicy": "Accept", "innerAccess": true}, `"inner_access_policy": conflicts with inner_access`},
		{"facts: serverGroup connection_drain_enabled ConflictsWith connection_drain", TokenServerGroup, sgpIn(map[string]any{"connectionDrainEnabled": true, "connectionDrain": true}), `"connection_drain_enabled": conflicts with connection_drain`},
		{"facts: instance image_id AtLeastOneOf launch template", TokenInstance, map[string]any{"instanceType": "ecs.g7.large"}, `"image_id": one of`},
	} {
		t.Run(tc.source, func(t *testing.T) { failed(t, newSim(t).check(tc.token, tc.in), tc.want) })
	}
}

// facts: "at preview, inputs may be unknown — never fail a rule on an unknown value".
func TestCheckNeverRefusesUnknowns(t *testing.T) {
	unknown := resource.MakeComputed(resource.NewStringProperty(""))
	for _, tc := range []struct {
		name  string
		token string
		in    resource.PropertyMap
	}{
		{"enum", TokenServerGroup, resource.PropertyMap{"serverGroupName": unknown, "vpcId": unknown, "addressIpVersion": unknown}},
		{"required unknown", TokenListener, resource.PropertyMap{"loadBalancerId": unknown, "listenerPort": unknown, "listenerProtocol": unknown, "serverGroupId": unknown}},
		{"pattern", TokenInstance, resource.PropertyMap{"instanceType": unknown, "imageId": unknown}},
		{"nested", TokenServerGroup, resource.PropertyMap{"serverGroupName": sv("a-b"), "vpcId": sv("v"), "healthCheck": resource.NewObjectProperty(resource.PropertyMap{"healthCheckType": unknown})}},
		{"whole list", TokenLoadBalancer, resource.PropertyMap{"addressType": sv("Intranet"), "vpcId": unknown, "zoneMappings": unknown}},
		{"tag value", TokenInstance, resource.PropertyMap{"instanceType": sv("ecs.g7.large"), "imageId": sv("img"), "tags": resource.NewObjectProperty(resource.PropertyMap{"k": unknown})}},
		{"secret enum", TokenServerGroup, resource.PropertyMap{"serverGroupName": sv("a-b"), "vpcId": sv("v"), "addressIpVersion": resource.MakeSecret(sv("Ipv4"))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if f := newSim(t).checkPM(tc.token, tc.in).Failures; len(f) > 0 {
				t.Fatalf("refused: %v", f)
			}
		})
	}
	// A secret value is still checked.
	resp := newSim(t).checkPM(TokenServerGroup, resource.PropertyMap{"serverGroupName": sv("a-b"), "vpcId": sv("v"), "addressIpVersion": resource.MakeSecret(sv("ipv4"))})
	failed(t, resp, "got ipv4")
}

// facts: securityGroupRule policy default accept, priority default 1, port_range default -1/-1;
// instance data_disks category default cloud_efficiency, delete_with_instance default true.
func TestCheckAppliesTFDefaults(t *testing.T) {
	s := newSim(t)
	resp := s.check(TokenSecurityGroupRule, ruleIn(nil))
	got := resource.ToResourcePropertyMap(resp.Properties)
	if str(got, "policy") != "accept" || got["priority"].NumberValue() != 1 {
		t.Errorf("rule defaults: %v", got)
	}
	resp = s.check(TokenInstance, instIn(map[string]any{"dataDisks": []any{map[string]any{"size": 100}}}))
	disk := objects(resource.ToResourcePropertyMap(resp.Properties), "dataDisks")[0]
	if str(disk, "category") != "cloud_efficiency" || !boolean(disk, "deleteWithInstance") {
		t.Errorf("data disk defaults: %v", disk)
	}
}

func ruleIn(extra map[string]any) map[string]any {
	in := map[string]any{"securityGroupId": "sg-x", "type": "ingress", "ipProtocol": "tcp", "portRange": "9092/9092", "nicType": "intranet", "cidrIp": "10.0.0.0/16"}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

func instIn(extra map[string]any) map[string]any {
	in := map[string]any{"instanceType": "ecs.g7.xlarge", "imageId": "img", "vswitchId": "vsw"}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

func sgpIn(extra map[string]any) map[string]any {
	in := map[string]any{"serverGroupName": "kafka-b1", "vpcId": "vpc-x"}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

func lsnIn(extra map[string]any) map[string]any {
	in := map[string]any{"loadBalancerId": "nlb-x", "listenerPort": 9092, "listenerProtocol": "TCP", "serverGroupId": "sgp-x"}
	for k, v := range extra {
		in[k] = v
	}
	return in
}
