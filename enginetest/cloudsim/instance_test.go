package cloudsim

import (
	"strings"
	"testing"
)

// facts: ecs/instance private_ip (API doc): inside the vSwitch CIDR, not reserved (first IP, last
// three), not in use; RunInstances error table codes.
func TestInstancePrivateIPRules(t *testing.T) {
	for _, tc := range []struct {
		source, ip, code string
	}{
		{"facts: outside the vSwitch CIDR", "10.0.2.10", "InvalidPrivateIpAddress"},
		{"facts: first IP is reserved", "10.0.1.0", "InvalidPrivateIpAddress"},
		{"facts: last IP is reserved", "10.0.1.255", "InvalidPrivateIpAddress"},
		{"facts: last-but-one IP is reserved", "10.0.1.254", "InvalidPrivateIpAddress"},
		{"facts: last-but-two IP is reserved", "10.0.1.253", "InvalidPrivateIpAddress"},
		{"API: malformed", "10.0.1", "InvalidPrivateIpAddress.Malformed"},
		{"facts: in use by another instance", "10.0.1.20", "InvalidPrivateIpAddress.Duplicated"},
	} {
		t.Run(tc.source, func(t *testing.T) {
			s := newSim(t)
			n := s.net()
			s.mustCreate(TokenInstance, "b0", n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.20"}))
			err := s.createErr(TokenInstance, "b1", n.instanceArgs(n.swJ, map[string]any{"privateIp": tc.ip}), tc.code)
			if !strings.Contains(err.Error(), "Resource alicloud_instance RunInstances Failed!!! [SDK alibaba-cloud-sdk-go ERROR]") {
				t.Errorf("not wrapped as TF does: %v", err)
			}
		})
	}
	s := newSim(t)
	n := s.net()
	if _, out := s.mustCreate(TokenInstance, "b1", n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.252"})); str(out, "privateIp") != "10.0.1.252" {
		t.Errorf("the last usable address was not accepted: %v", out)
	}
}

// The "same static IP" conflict: the engine creates a replacement before deleting the old instance
// (no DeleteBeforeReplace), so the replacement's create fails while the old one holds the address.
func TestReplacementOnTheSameAddressFails(t *testing.T) {
	s := newSim(t)
	n := s.net()
	args := n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.10", "availabilityZone": zoneJ})
	old, outs := s.mustCreate(TokenInstance, "b1", args)
	changed := n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.10", "availabilityZone": zoneJ, "systemDiskCategory": "cloud_auto"})
	res := s.diff(TokenInstance, outs, args, changed)
	if len(res.ReplaceKeys) == 0 || res.DeleteBeforeReplace {
		t.Fatalf("diff %+v: want a create-before-delete replacement", res)
	}
	s.createErr(TokenInstance, "b1", changed, "InvalidPrivateIpAddress.Duplicated")
	if err := s.del(TokenInstance, old); err != nil {
		t.Fatal(err)
	}
	s.mustCreate(TokenInstance, "b1", changed)
}

// Computed outputs: address from the vSwitch (first free non-reserved), zone, status Running, public IP
// only with bandwidth > 0 (facts: ecs/instance (out) rows).
func TestInstanceComputedOutputs(t *testing.T) {
	s := newSim(t)
	n := s.net()
	id, out := s.mustCreate(TokenInstance, "bastion", n.instanceArgs(n.swK, map[string]any{"internetMaxBandwidthOut": 5}))
	if !strings.HasPrefix(id, "i-") || str(out, "privateIp") != "10.0.2.1" || str(out, "availabilityZone") != zoneK ||
		str(out, "status") != "Running" || str(out, "publicIp") == "" || str(out, "vpcId") != n.vpc {
		t.Errorf("outputs: %s %v", id, out)
	}
	_, out2 := s.mustCreate(TokenInstance, "b2", n.instanceArgs(n.swK, nil))
	if str(out2, "privateIp") != "10.0.2.2" || str(out2, "publicIp") != "" {
		t.Errorf("second instance: %v", out2)
	}
	if h, ok := s.c.HostByAddress(str(out, "publicIp")); !ok || h.InstanceID != id || h.Zone != zoneK || h.VswitchID != n.swK {
		t.Errorf("HostByAddress(public) = %+v %v", h, ok)
	}
	if h, ok := s.c.HostByAddress("10.0.2.2"); !ok || h.Name != "kafka-b1" {
		t.Errorf("HostByAddress(private) = %+v %v", h, ok)
	}
	if _, ok := s.c.HostByAddress("10.0.9.9"); ok {
		t.Error("HostByAddress found an unknown address")
	}
	if got := s.c.Instances(); len(got) != 2 || got[0].InstanceID != id {
		t.Errorf("Instances() = %+v", got)
	}
}

// References RunInstances checks (RunInstances error table).
func TestInstanceReferences(t *testing.T) {
	s := newSim(t)
	n := s.net()
	otherVPC, _ := s.mustCreate(TokenNetwork, "other", map[string]any{"cidrBlock": "192.168.0.0/16"})
	otherSG, _ := s.mustCreate(TokenSecurityGroup, "other-sg", map[string]any{"vpcId": otherVPC})
	for _, tc := range []struct {
		source string
		extra  map[string]any
		code   string
	}{
		{"API: vSwitch must exist", map[string]any{"vswitchId": "vsw-missing"}, "InvalidVSwitchId.NotFound"},
		{"API: zone must match the vSwitch", map[string]any{"availabilityZone": zoneK}, "InvalidParameter.Mismatch"},
		{"API: security group in the vSwitch's VPC", map[string]any{"securityGroups": []any{otherSG}}, "InvalidParameter.Mismatch"},
		{"API: image must exist", map[string]any{"imageId": "m-missing"}, "InvalidImageId.NotFound"},
		{"API: key pair must exist", map[string]any{"keyName": "nokey"}, "InvalidKeyPairName.NotFound"},
		{"facts: host_name must not start with '-'", map[string]any{"hostName": "-b1"}, "InvalidHostName.Malformed"},
		{"facts: host_name no consecutive '.'/'-'", map[string]any{"hostName": "b1--kafka"}, "InvalidHostName.Malformed"},
		{"facts: internet_max_bandwidth_out 0-100", map[string]any{"internetMaxBandwidthOut": 101}, "InvalidInternetMaxBandwidthOut.Malformed"},
	} {
		t.Run(tc.source, func(t *testing.T) { s.createErr(TokenInstance, "b", n.instanceArgs(n.swJ, tc.extra), tc.code) })
	}
}

// facts: ecs/instance Delete: deletion protection gives HTTP 403 InvalidOperation.DeletionProtection;
// PrePaid without force_delete gives TF's local error.
func TestInstanceDeleteRefusals(t *testing.T) {
	s := newSim(t)
	n := s.net()
	id, out := s.mustCreate(TokenInstance, "b1", n.instanceArgs(n.swJ, map[string]any{"deletionProtection": true}))
	err := s.del(TokenInstance, id)
	var api *APIError
	if ErrorCode(err) != "InvalidOperation.DeletionProtection" || !asAPI(err, &api) || api.HTTPStatus != 403 ||
		!strings.Contains(err.Error(), "Resource "+id+" DeleteInstance Failed!!!") {
		t.Fatalf("delete with deletion protection: %v", err)
	}
	if len(s.c.Instances()) != 1 {
		t.Fatal("a refused delete removed the instance")
	}
	// deletionProtection is an in-place update (facts: ModifyInstanceAttribute, no reboot).
	if _, err := s.update(TokenInstance, id, out, n.instanceArgs(n.swJ, map[string]any{"deletionProtection": false})); err != nil {
		t.Fatal(err)
	}
	if err := s.del(TokenInstance, id); err != nil {
		t.Fatalf("delete after turning protection off: %v", err)
	}
	pre, _ := s.mustCreate(TokenInstance, "b2", n.instanceArgs(n.swJ, map[string]any{"instanceChargeType": "PrePaid"}))
	if err := s.del(TokenInstance, pre); err == nil || !strings.Contains(err.Error(), "Please convert 'PrePaid' instance to 'PostPaid' or set 'force_delete' as true") {
		t.Fatalf("PrePaid delete: %v", err)
	}
}

// facts: ecs/instance key_name and private_ip are in-place changes; the update re-checks conflicts.
func TestInstanceUpdates(t *testing.T) {
	s := newSim(t)
	n := s.net()
	s.mustCreate(TokenKeyPair, "key2", map[string]any{"keyPairName": "kafka-key-2", "publicKey": sshRSA})
	s.mustCreate(TokenInstance, "b0", n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.20"}))
	id, out := s.mustCreate(TokenInstance, "b1", n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.21"}))

	got, err := s.update(TokenInstance, id, out, n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.21", "keyName": "kafka-key-2"}))
	if err != nil || str(got, "keyName") != "kafka-key-2" {
		t.Fatalf("keyName update: %v %v", got, err)
	}
	if _, err := s.update(TokenInstance, id, got, n.instanceArgs(n.swJ, map[string]any{"keyName": "missing-key"})); ErrorCode(err) != "InvalidKeyPairName.NotFound" {
		t.Errorf("update to a missing key: %v", err)
	}
	if _, err := s.update(TokenInstance, id, got, n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.20"})); ErrorCode(err) != "InvalidPrivateIpAddress.Duplicated" {
		t.Errorf("update to a used address: %v", err)
	}
	if _, err := s.update(TokenInstance, id, got, n.instanceArgs(n.swK, nil)); ErrorCode(err) != "InvalidVSwitchId.Mismatch" {
		t.Errorf("move to another zone's vSwitch: %v", err)
	}
	moved, err := s.update(TokenInstance, id, got, n.instanceArgs(n.swJ, map[string]any{"privateIp": "10.0.1.30"}))
	if err != nil || str(moved, "privateIp") != "10.0.1.30" {
		t.Fatalf("address change: %v %v", moved, err)
	}
	if _, ok := s.c.HostByAddress("10.0.1.21"); ok {
		t.Error("the old address still resolves")
	}
}

func asAPI(err error, target **APIError) bool {
	e, ok := err.(*APIError)
	if ok {
		*target = e
	}
	return ok
}
