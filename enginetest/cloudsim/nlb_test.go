package cloudsim

import (
	"fmt"
	"strings"
	"testing"
)

// facts: nlb/loadBalancer zone_mappings (API/TF doc: 2-10 zones, one vSwitch per zone) and address
// allocation from each mapping's own vSwitch.
func TestLoadBalancerZoneMappings(t *testing.T) {
	s := newSim(t)
	n := s.net()
	one := n.nlbArgs(map[string]any{"zoneMappings": []any{map[string]any{"zoneId": zoneJ, "vswitchId": n.swJ}}})
	s.createErr(TokenLoadBalancer, "nlb", one, "IllegalParam.ZoneMappings")
	eleven := make([]any, 11)
	for i := range eleven {
		eleven[i] = map[string]any{"zoneId": fmt.Sprintf("%s-%c", region, 'a'+i), "vswitchId": n.swJ}
	}
	s.createErr(TokenLoadBalancer, "nlb", n.nlbArgs(map[string]any{"zoneMappings": eleven}), "IllegalParam.ZoneMappings")
	wrongZone := n.nlbArgs(map[string]any{"zoneMappings": []any{map[string]any{"zoneId": zoneJ, "vswitchId": n.swK}, map[string]any{"zoneId": zoneK, "vswitchId": n.swJ}}})
	s.createErr(TokenLoadBalancer, "nlb", wrongZone, "IllegalParam.ZoneMappings")

	// A broker already holds 10.0.1.1: the NLB takes the next free address of that vSwitch.
	s.mustCreate(TokenInstance, "b1", n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.1"}))
	id, out := s.mustCreate(TokenLoadBalancer, "nlb", n.nlbArgs(nil))
	zms := objects(out, "zoneMappings")
	if !strings.HasPrefix(id, "nlb-") || len(zms) != 2 || str(zms[0], "privateIpv4Address") != "10.0.1.2" ||
		str(zms[1], "privateIpv4Address") != "10.0.2.1" || str(zms[0], "eniId") == "" {
		t.Fatalf("NLB %s zone mappings: %v", id, zms)
	}
	if want := id + "." + region + ".nlb.aliyuncsslb.com"; str(out, "dnsName") != want || str(out, "status") != "Active" {
		t.Errorf("dnsName %q status %q", str(out, "dnsName"), str(out, "status"))
	}
	// ...so a broker planned on that address can no longer have it.
	s.createErr(TokenInstance, "b2", n.instanceArgs(n.swK, map[string]any{"privateIp": "10.0.2.1"}), "InvalidPrivateIpAddress.Duplicated")

	// facts: zone_mappings is an in-place update (UpdateLoadBalancerZones); kept zones keep their ENI address.
	got, err := s.update(TokenLoadBalancer, id, out, n.nlbArgs(map[string]any{"zoneMappings": []any{
		map[string]any{"zoneId": zoneJ, "vswitchId": n.swJ}, map[string]any{"zoneId": zoneL, "vswitchId": n.swL},
	}}))
	if err != nil {
		t.Fatal(err)
	}
	if zms := objects(got, "zoneMappings"); str(zms[0], "privateIpv4Address") != "10.0.1.2" || str(zms[1], "privateIpv4Address") != "10.0.3.1" {
		t.Errorf("after the zone update: %v", zms)
	}
	if _, ok := s.c.usedAddresses(n.swK, "")["10.0.2.1"]; ok {
		t.Error("the removed zone's address is still taken")
	}
}

// facts: nlb/loadBalancer address_ip_version (API: ipv4 or DualStack; no schema validator) and
// address_type (API: Internet, Intranet); load_balancer_name TF/API doc rule.
func TestLoadBalancerAPIValues(t *testing.T) {
	s := newSim(t)
	n := s.net()
	s.createErr(TokenLoadBalancer, "nlb", n.nlbArgs(map[string]any{"addressIpVersion": "Ipv4"}), "IllegalParam.AddressIpVersion")
	s.createErr(TokenLoadBalancer, "nlb", n.nlbArgs(map[string]any{"addressType": "intranet"}), "IllegalParam.AddressType")
	s.createErr(TokenLoadBalancer, "nlb", n.nlbArgs(map[string]any{"loadBalancerName": "kafka nlb"}), "IllegalParam.LoadBalancerName")
	if _, out := s.mustCreate(TokenLoadBalancer, "nlb", n.nlbArgs(map[string]any{"addressIpVersion": "ipv4"})); str(out, "addressIpVersion") != "ipv4" {
		t.Errorf("ipv4: %v", out)
	}
}

// facts: nlb/serverGroup server_group_name TF/API doc rule; health_check_interval doc 5-50 when > 0.
func TestServerGroupAPIRules(t *testing.T) {
	s := newSim(t)
	n := s.net()
	s.createErr(TokenServerGroup, "sgp", map[string]any{"serverGroupName": "kafka b1", "vpcId": n.vpc}, "IllegalParam.ServerGroupName")
	s.createErr(TokenServerGroup, "sgp", map[string]any{"serverGroupName": "1kafka", "vpcId": n.vpc}, "IllegalParam.ServerGroupName")
	s.createErr(TokenServerGroup, "sgp", map[string]any{"serverGroupName": "kafka-b1", "vpcId": n.vpc, "healthCheck": map[string]any{"healthCheckInterval": 3}}, "IllegalParam.HealthCheckInterval")
	id, out := s.mustCreate(TokenServerGroup, "sgp", map[string]any{"serverGroupName": "kafka-b1", "vpcId": n.vpc, "healthCheck": map[string]any{"healthCheckInterval": 0}})
	if !strings.HasPrefix(id, "sgp-") || str(out, "addressIpVersion") != "Ipv4" || str(out, "status") != "Available" {
		t.Errorf("server group %s: %v", id, out)
	}
}

// facts: attachment ID (L155) with five parts; description API doc charset; weight 0-100.
func TestAttachment(t *testing.T) {
	s := newSim(t)
	n := s.net()
	inst, _ := s.mustCreate(TokenInstance, "b1", n.instanceArgs(n.swJ, nil))
	sgp, _ := s.mustCreate(TokenServerGroup, "sgp", map[string]any{"serverGroupName": "kafka-b1", "vpcId": n.vpc})
	in := map[string]any{"serverGroupId": sgp, "serverId": inst, "serverType": "Ecs", "port": 39092}
	for _, tc := range []struct {
		source string
		extra  map[string]any
		code   string
	}{
		{"facts: description has no spaces or parentheses (unverified, enforced)", map[string]any{"description": "broker 1 (kafka)"}, "IllegalParam.Description"},
		{"facts: description 2-256", map[string]any{"description": "b"}, "IllegalParam.Description"},
		{"facts: weight API 0-100", map[string]any{"weight": 101}, "IllegalParam.Weight"},
		{"facts: server_type API Ecs, Eni, Eci, Ip", map[string]any{"serverType": "ECS"}, "IllegalParam.ServerType"},
		{"facts: port API 1-65535", map[string]any{"port": 0}, "IllegalParam.Port"},
		{"API: backend must exist", map[string]any{"serverId": "i-missing"}, "ResourceNotFound.BackendServer"},
		{"API: server group must exist", map[string]any{"serverGroupId": "sgp-missing"}, "ResourceNotFound.serverGroup"},
	} {
		t.Run(tc.source, func(t *testing.T) {
			args := map[string]any{}
			for k, v := range in {
				args[k] = v
			}
			for k, v := range tc.extra {
				args[k] = v
			}
			s.createErr(TokenAttachment, "att", args, tc.code)
		})
	}
	in["description"] = "kafka-b1,broker/1"
	id, out := s.mustCreate(TokenAttachment, "att", in)
	if want := sgp + "_" + inst + "__Ecs_39092"; id != want {
		t.Errorf("attachment ID %q, want %q", id, want)
	}
	if n, _ := num(out, "weight"); n != 100 || str(out, "zoneId") != zoneJ {
		t.Errorf("attachment outputs: %v", out)
	}
}

// facts: nlb/listener listener_description API doc charset (no colons or spaces); 50 listeners per NLB.
func TestListener(t *testing.T) {
	s := newSim(t)
	n := s.net()
	lb, _ := s.mustCreate(TokenLoadBalancer, "nlb", n.nlbArgs(nil))
	sgp, _ := s.mustCreate(TokenServerGroup, "sgp", map[string]any{"serverGroupName": "kafka-b1", "vpcId": n.vpc})
	in := func(port int, desc string) map[string]any {
		m := map[string]any{"loadBalancerId": lb, "listenerPort": port, "listenerProtocol": "TCP", "serverGroupId": sgp}
		if desc != "" {
			m["listenerDescription"] = desc
		}
		return m
	}
	s.createErr(TokenListener, "l", in(9092, "kafka broker 1: 9092"), "IllegalParam.ListenerDescription")
	s.createErr(TokenListener, "l", in(9092, "kafka:b1"), "IllegalParam.ListenerDescription")
	s.createErr(TokenListener, "l", map[string]any{"loadBalancerId": lb, "listenerPort": 9092, "listenerProtocol": "TCP", "serverGroupId": "sgp-missing"}, "ResourceNotFound.serverGroup")
	first, out := s.mustCreate(TokenListener, "l0", in(30000, "kafka-b1"))
	if !strings.HasPrefix(first, "lsn-") || str(out, "status") != "Running" {
		t.Errorf("listener %s: %v", first, out)
	}
	s.createErr(TokenListener, "dup", in(30000, ""), "Conflict.Port")
	for i := 1; i < 50; i++ {
		s.mustCreate(TokenListener, fmt.Sprintf("l%d", i), in(30000+i, ""))
	}
	s.createErr(TokenListener, "l50", in(30050, ""), "QuotaExceeded.ListenersNum")
}

// The listener's idle timeout: the schema accepts 0..900 (tf v1.285.0
// resource_alicloud_nlb_listener.go L66-71), create sends only a value > 0 (L181-183) and the API
// defaults to 900; an update to 0 is sent (L502-504) and the API refuses it (1..900).
func TestListenerIdleTimeout(t *testing.T) {
	s := newSim(t)
	n := s.net()
	lb, _ := s.mustCreate(TokenLoadBalancer, "nlb", n.nlbArgs(nil))
	sgp, _ := s.mustCreate(TokenServerGroup, "sgp", map[string]any{"serverGroupName": "kafka-b1", "vpcId": n.vpc})
	in := func(port int, idle any) map[string]any {
		m := map[string]any{"loadBalancerId": lb, "listenerPort": port, "listenerProtocol": "TCP", "serverGroupId": sgp}
		if idle != nil {
			m["idleTimeout"] = idle
		}
		return m
	}
	for _, tc := range []struct {
		name string
		idle any
		want int
	}{
		{"unset: the API default", nil, 900},
		{"0 is not sent: the API default", 0, 900},
		{"lowest", 1, 1},
		{"kafka-plc's", 900, 900},
		{"in between", 600, 600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if resp := s.check(TokenListener, in(9092, tc.idle)); len(resp.Failures) > 0 {
				t.Fatalf("Check refused %v: %v", tc.idle, resp.Failures)
			}
		})
	}
	for i, tc := range []struct {
		idle any
		want int
	}{{nil, 900}, {0, 900}, {1, 1}, {600, 600}, {900, 900}} {
		_, out := s.mustCreate(TokenListener, fmt.Sprintf("l%d", i), in(9100+i, tc.idle))
		if got, _ := num(out, "idleTimeout"); got != tc.want {
			t.Errorf("create with idleTimeout %v: state %d, want %d", tc.idle, got, tc.want)
		}
	}
	id, out := s.mustCreate(TokenListener, "u", in(9200, 900))
	if _, err := s.update(TokenListener, id, out, in(9200, 0)); err == nil || !strings.Contains(err.Error(), "IllegalParam.IdleTimeout") {
		t.Errorf("update to idleTimeout 0: err = %v, want IllegalParam.IdleTimeout", err)
	}
	if got, err := s.update(TokenListener, id, out, in(9200, 600)); err != nil {
		t.Errorf("update to 600: %v", err)
	} else if n, _ := num(got, "idleTimeout"); n != 600 {
		t.Errorf("update to 600: state %d", n)
	}
}
