package cloudsim

import (
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// ForceNew column of the facts file: a change replaces or updates in place.
func TestDiffForceNew(t *testing.T) {
	for _, tc := range []struct {
		source  string
		token   string
		old     map[string]any
		new     map[string]any
		replace bool
	}{
		{"facts: ecs/instance key_name is not ForceNew", TokenInstance, instIn(map[string]any{"keyName": "a"}), instIn(map[string]any{"keyName": "b"}), false},
		{"facts: ecs/instance availability_zone ForceNew", TokenInstance, instIn(map[string]any{"availabilityZone": zoneJ}), instIn(map[string]any{"availabilityZone": zoneK}), true},
		{"facts: ecs/instance system_disk_category ForceNew", TokenInstance, instIn(map[string]any{"systemDiskCategory": "cloud_essd"}), instIn(map[string]any{"systemDiskCategory": "cloud_auto"}), true},
		{"facts: ecs/instance data_disks item size ForceNew", TokenInstance, instIn(map[string]any{"dataDisks": []any{map[string]any{"size": 100}}}), instIn(map[string]any{"dataDisks": []any{map[string]any{"size": 200}}}), true},
		{"facts: ecs/instance data_disks performance_level not ForceNew", TokenInstance, instIn(map[string]any{"dataDisks": []any{map[string]any{"size": 100, "performanceLevel": "PL0"}}}), instIn(map[string]any{"dataDisks": []any{map[string]any{"size": 100, "performanceLevel": "PL1"}}}), false},
		{"facts: ecs/instance instance_type not ForceNew", TokenInstance, instIn(map[string]any{"instanceType": "ecs.g7.large"}), instIn(map[string]any{"instanceType": "ecs.g7.xlarge"}), false},
		{"facts: ecs/instance private_ip not ForceNew", TokenInstance, instIn(map[string]any{"privateIp": "10.0.1.10"}), instIn(map[string]any{"privateIp": "10.0.1.11"}), false},
		{"facts: vpc/network cidr_block not ForceNew", TokenNetwork, map[string]any{"cidrBlock": "10.0.0.0/16"}, map[string]any{"cidrBlock": "10.0.0.0/15"}, false},
		{"facts: vpc/switch cidr_block ForceNew", TokenSwitch, map[string]any{"cidrBlock": "10.0.1.0/24", "zoneId": zoneJ}, map[string]any{"cidrBlock": "10.0.4.0/24", "zoneId": zoneJ}, true},
		{"facts: vpc/switch vswitch_name in place", TokenSwitch, map[string]any{"vswitchName": "a-b", "zoneId": zoneJ}, map[string]any{"vswitchName": "c-d", "zoneId": zoneJ}, false},
		{"facts: ecsKeyPair public_key not ForceNew", TokenKeyPair, map[string]any{"keyPairName": "kk", "publicKey": "ssh-rsa AAAA a"}, map[string]any{"keyPairName": "kk", "publicKey": "ssh-rsa BBBB b"}, false},
		{"facts: ecsKeyPair key_pair_name ForceNew", TokenKeyPair, map[string]any{"keyPairName": "kk"}, map[string]any{"keyPairName": "kj"}, true},
		{"facts: securityGroup vpc_id ForceNew", TokenSecurityGroup, map[string]any{"vpcId": "a"}, map[string]any{"vpcId": "b"}, true},
		{"facts: securityGroupRule description is the only in-place field", TokenSecurityGroupRule, ruleIn(map[string]any{"description": "a"}), ruleIn(map[string]any{"description": "b"}), false},
		{"facts: securityGroupRule cidr_ip ForceNew", TokenSecurityGroupRule, ruleIn(nil), ruleIn(map[string]any{"cidrIp": "10.1.0.0/16"}), true},
		{"facts: nlb/serverGroup address_ip_version ForceNew", TokenServerGroup, sgpIn(map[string]any{"addressIpVersion": "Ipv4"}), sgpIn(map[string]any{"addressIpVersion": "DualStack"}), true},
		{"facts: nlb/serverGroup scheduler in place", TokenServerGroup, sgpIn(map[string]any{"scheduler": "Wrr"}), sgpIn(map[string]any{"scheduler": "Rr"}), false},
		{"facts: nlb/listener server_group_id in place", TokenListener, lsnIn(nil), lsnIn(map[string]any{"serverGroupId": "sgp-y"}), false},
		{"facts: nlb/listener listener_port ForceNew", TokenListener, lsnIn(nil), lsnIn(map[string]any{"listenerPort": 9093}), true},
		{"facts: attachment port ForceNew", TokenAttachment, map[string]any{"serverGroupId": "s", "serverId": "i", "serverType": "Ecs", "port": 9092}, map[string]any{"serverGroupId": "s", "serverId": "i", "serverType": "Ecs", "port": 9093}, true},
		{"facts: attachment weight in place", TokenAttachment, map[string]any{"serverGroupId": "s", "serverId": "i", "serverType": "Ecs", "weight": 100}, map[string]any{"serverGroupId": "s", "serverId": "i", "serverType": "Ecs", "weight": 0}, false},
		{"facts: loadBalancer zone_mappings in place", TokenLoadBalancer, map[string]any{"zoneMappings": []any{map[string]any{"zoneId": zoneJ, "vswitchId": "a"}}}, map[string]any{"zoneMappings": []any{map[string]any{"zoneId": zoneJ, "vswitchId": "b"}}}, false},
		{"facts: loadBalancer address_type in place", TokenLoadBalancer, map[string]any{"addressType": "Intranet"}, map[string]any{"addressType": "Internet"}, false},
		{"facts: loadBalancer vpc_id ForceNew", TokenLoadBalancer, map[string]any{"vpcId": "a"}, map[string]any{"vpcId": "b"}, true},
		{"facts: endpoint service resource zone_id ForceNew", TokenServiceResource, map[string]any{"zoneId": zoneJ}, map[string]any{"zoneId": zoneK}, true},
		{"facts: endpoint service auto_accept_connection in place", TokenEndpointService, map[string]any{"autoAcceptConnection": false}, map[string]any{"autoAcceptConnection": true}, false},
		{"facts: endpoint service user user_id ForceNew", TokenServiceUser, map[string]any{"userId": "1"}, map[string]any{"userId": "2"}, true},
	} {
		t.Run(tc.source, func(t *testing.T) {
			s := newSim(t)
			res := s.diff(tc.token, resource.NewPropertyMapFromMap(tc.old), tc.old, tc.new)
			if res.Changes != plugin.DiffSome {
				t.Fatalf("Changes = %v, want DiffSome", res.Changes)
			}
			if got := len(res.ReplaceKeys) > 0; got != tc.replace {
				t.Fatalf("replace = %v (keys %v), want %v", got, res.ReplaceKeys, tc.replace)
			}
			if res.DeleteBeforeReplace {
				t.Fatal("DeleteBeforeReplace set; the TF bridge never sets it")
			}
		})
	}
}

// DiffSuppress rules the facts file lists.
func TestDiffSuppress(t *testing.T) {
	for _, tc := range []struct {
		source   string
		token    string
		old, new map[string]any
	}{
		{"facts: securityGroup inner_access_policy suppressed on enterprise groups", TokenSecurityGroup,
			map[string]any{"securityGroupType": "enterprise", "innerAccessPolicy": "Drop"}, map[string]any{"securityGroupType": "enterprise", "innerAccessPolicy": "Accept"}},
		{"facts: instance internet_charge_type suppressed while bandwidth 0", TokenInstance,
			instIn(map[string]any{"internetChargeType": "PayByTraffic", "internetMaxBandwidthOut": 0}), instIn(map[string]any{"internetChargeType": "PayByBandwidth", "internetMaxBandwidthOut": 0})},
		{"facts: instance deletion_protection suppressed when PrePaid", TokenInstance,
			instIn(map[string]any{"instanceChargeType": "PrePaid", "deletionProtection": false}), instIn(map[string]any{"instanceChargeType": "PrePaid", "deletionProtection": true})},
		{"facts: securityGroupRule port_range -1/-1 suppressed for tcp", TokenSecurityGroupRule,
			ruleIn(map[string]any{"portRange": "9092/9092"}), ruleIn(map[string]any{"portRange": "-1/-1"})},
		{"facts: securityGroupRule port_range other values suppressed for icmp", TokenSecurityGroupRule,
			ruleIn(map[string]any{"ipProtocol": "icmp", "portRange": "-1/-1"}), ruleIn(map[string]any{"ipProtocol": "icmp", "portRange": "1/2"})},
	} {
		t.Run(tc.source, func(t *testing.T) {
			res := newSim(t).diff(tc.token, resource.NewPropertyMapFromMap(tc.old), tc.old, tc.new)
			if res.Changes != plugin.DiffNone {
				t.Fatalf("Changes = %v (%v), want DiffNone", res.Changes, res.DetailedDiff)
			}
		})
	}
	// The same internet_charge_type change is a change once bandwidth is above 0.
	old := instIn(map[string]any{"internetChargeType": "PayByTraffic", "internetMaxBandwidthOut": 5})
	res := newSim(t).diff(TokenInstance, resource.NewPropertyMapFromMap(old), old, instIn(map[string]any{"internetChargeType": "PayByBandwidth", "internetMaxBandwidthOut": 5}))
	if res.Changes != plugin.DiffSome {
		t.Fatalf("internet_charge_type change with bandwidth 5 suppressed")
	}
}

// Optional+computed fields left unset keep the state's value (bridge plan); an unknown ForceNew value
// plans a replacement; identical inputs are DiffNone.
func TestDiffComputedUnknownAndNone(t *testing.T) {
	s := newSim(t)
	outs := resource.NewPropertyMapFromMap(instIn(map[string]any{"privateIp": "10.0.1.1", "availabilityZone": zoneJ, "status": "Running"}))
	if res := s.diff(TokenInstance, outs, instIn(nil), instIn(nil)); res.Changes != plugin.DiffNone {
		t.Errorf("unset computed privateIp planned a change: %v", res.DetailedDiff)
	}
	// A zone mapping's computed address in state is not a change.
	lbOuts := resource.NewPropertyMapFromMap(map[string]any{"zoneMappings": []any{
		map[string]any{"zoneId": zoneK, "vswitchId": "b", "privateIpv4Address": "10.0.2.1"},
		map[string]any{"zoneId": zoneJ, "vswitchId": "a", "privateIpv4Address": "10.0.1.1"},
	}}) // a set: order does not matter
	lbIn := map[string]any{"zoneMappings": []any{map[string]any{"zoneId": zoneJ, "vswitchId": "a"}, map[string]any{"zoneId": zoneK, "vswitchId": "b"}}}
	if res := s.diff(TokenLoadBalancer, lbOuts, lbIn, lbIn); res.Changes != plugin.DiffNone {
		t.Errorf("zone mappings with computed fields planned a change: %v", res.DetailedDiff)
	}
	// Removing an optional, non-computed input is a change.
	if res := s.diff(TokenListener, resource.NewPropertyMapFromMap(lsnIn(map[string]any{"listenerDescription": "a-b"})), lsnIn(map[string]any{"listenerDescription": "a-b"}), lsnIn(nil)); res.Changes != plugin.DiffSome {
		t.Errorf("removing listener_description planned no change")
	}
	res, err := s.p.Diff(t.Context(), plugin.DiffRequest{
		URN: urnOf(TokenInstance, "r"), Type: TokenInstance, ID: "i-1",
		OldOutputs: pm(instIn(map[string]any{"availabilityZone": zoneJ})), OldInputs: pm(instIn(map[string]any{"availabilityZone": zoneJ})),
		NewInputs: resource.FromResourcePropertyMap(resource.NewPropertyMapFromMap(instIn(map[string]any{"availabilityZone": resource.MakeComputed(sv(""))}))),
	})
	if err != nil || len(res.ReplaceKeys) != 1 || res.ReplaceKeys[0] != "availabilityZone" {
		t.Errorf("unknown ForceNew availabilityZone: %+v, %v", res, err)
	}
}
