package cloudsim

import (
	"strings"
	"testing"
)

// facts: ecs/securityGroupRule ID (L270) and port_range / nic_type code rules
// (tf: resource_alicloud_security_group_rule.go L194-214).
func TestSecurityGroupRuleCreate(t *testing.T) {
	s := newSim(t)
	n := s.net()
	src, _ := s.mustCreate(TokenSecurityGroup, "bastion", map[string]any{"vpcId": n.vpc})

	id, _ := s.mustCreate(TokenSecurityGroupRule, "kafka", map[string]any{
		"securityGroupId": n.sg, "type": "ingress", "ipProtocol": "tcp", "portRange": "9092/9092", "nicType": "intranet", "sourceSecurityGroupId": src,
	})
	if want := n.sg + ":ingress:tcp:9092/9092:intranet:" + src + ":accept:1"; id != want {
		t.Errorf("rule ID %q, want %q", id, want)
	}

	for _, tc := range []struct {
		source string
		in     map[string]any
		want   string
	}{
		{"facts: tcp with -1/-1 fails at create", map[string]any{"ipProtocol": "tcp", "portRange": "-1/-1"}, " 'tcp' and 'udp' can support port range: [1, 65535]. Please correct it and try again."},
		{"facts: tcp with the default -1/-1 fails at create", map[string]any{"ipProtocol": "udp", "portRange": nil}, "'tcp' and 'udp' can support port range"},
		{"facts: icmp with a port range fails at create", map[string]any{"ipProtocol": "icmp", "portRange": "1/2"}, " 'icmp', 'gre' and 'all' only support port range '-1/-1'."},
		{"facts: nic_type must be intranet in a VPC group", map[string]any{"nicType": "internet"}, "the nic_type must be 'intranet'"},
		{"API: ports within 1-65535", map[string]any{"portRange": "0/9092"}, "InvalidPortRange.Malformed"},
		{"API: group must exist", map[string]any{"securityGroupId": "sg-missing"}, "InvalidSecurityGroupId.NotFound"},
	} {
		t.Run(tc.source, func(t *testing.T) {
			in := ruleIn(map[string]any{"securityGroupId": n.sg})
			for k, v := range tc.in {
				if v == nil {
					delete(in, k)
				} else {
					in[k] = v
				}
			}
			_, _, err := s.create(TokenSecurityGroupRule, "bad", in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// facts: ecs/securityGroup Delete retries DependencyViolation (used by instances, or referenced by
// another group's rule) until timeout, then fails.
func TestDeleteSecurityGroupInUse(t *testing.T) {
	s := newSim(t)
	n := s.net()
	other, _ := s.mustCreate(TokenSecurityGroup, "clients", map[string]any{"vpcId": n.vpc})
	s.mustCreate(TokenSecurityGroupRule, "from-clients", ruleIn(map[string]any{"securityGroupId": n.sg, "cidrIp": nil, "sourceSecurityGroupId": other}))
	if err := s.del(TokenSecurityGroup, other); ErrorCode(err) != "DependencyViolation" {
		t.Fatalf("group referenced by a rule: %v", err)
	}
	inst, _ := s.mustCreate(TokenInstance, "b1", n.instanceArgs(n.swJ, nil))
	if err := s.del(TokenSecurityGroup, n.sg); ErrorCode(err) != "DependencyViolation" {
		t.Fatalf("group used by %s: %v", inst, err)
	}
}

// facts: ecs/ecsKeyPair public_key accepted encryption methods; ssh-ed25519 is not listed
// ("unverified" -> the stricter reading: refused at create, ImportKeyPair).
func TestKeyPairImportKeyTypes(t *testing.T) {
	for _, tc := range []struct {
		key  string
		code string
	}{
		{sshRSA, ""},
		{"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= a@b", ""},
		{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9a a@b", "InvalidPublicKeyBody.Malformed"},
		{"ssh-rsa not*base64", "InvalidPublicKeyBody.Malformed"},
	} {
		t.Run(strings.Fields(tc.key)[0], func(t *testing.T) {
			s := newSim(t)
			in := map[string]any{"keyPairName": "kafka-key", "publicKey": tc.key}
			if tc.code == "" {
				id, out := s.mustCreate(TokenKeyPair, "key", in)
				if id != "kafka-key" || str(out, "fingerPrint") == "" { // facts: ID = key pair name (L142)
					t.Errorf("id %q, out %v", id, out)
				}
				return
			}
			err := s.createErr(TokenKeyPair, "key", in, tc.code)
			if !strings.Contains(err.Error(), "Resource alicloud_ecs_key_pair ImportKeyPair Failed!!!") {
				t.Errorf("not an ImportKeyPair failure: %v", err)
			}
		})
	}
}

// facts: ecs/ecsKeyPair key_pair_name API doc (starts with a letter; digits, ":" "_" "." "-"), names are
// unique, and Delete fails while an instance uses the key.
func TestKeyPairNameAndDelete(t *testing.T) {
	s := newSim(t)
	s.createErr(TokenKeyPair, "k", map[string]any{"keyPairName": "1key"}, "InvalidKeyPairName.Malformed")
	s.createErr(TokenKeyPair, "k", map[string]any{"keyPairName": "my key"}, "InvalidKeyPairName.Malformed")
	n := s.net()
	s.createErr(TokenKeyPair, "k", map[string]any{"keyPairName": n.key}, "KeyPair.AlreadyExist")
	s.mustCreate(TokenInstance, "b1", n.instanceArgs(n.swJ, nil))
	if err := s.del(TokenKeyPair, n.key); ErrorCode(err) != "InvalidParameter.KeypairAlreadyAttachedInstance" {
		t.Fatalf("delete of an attached key: %v", err)
	}
}

// facts: ecs/ecsKeyPair public_key: "A change is an update that calls nothing for the key".
func TestKeyPairPublicKeyUpdateChangesNothingInTheCloud(t *testing.T) {
	s := newSim(t)
	id, out := s.mustCreate(TokenKeyPair, "key", map[string]any{"keyPairName": "kafka-key", "publicKey": sshRSA})
	got, err := s.update(TokenKeyPair, id, out, map[string]any{"keyPairName": "kafka-key", "publicKey": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQD9 other"})
	if err != nil {
		t.Fatal(err)
	}
	if str(got, "fingerPrint") != str(out, "fingerPrint") {
		t.Errorf("the registered key changed: %s -> %s", str(out, "fingerPrint"), str(got, "fingerPrint"))
	}
	if !strings.HasSuffix(str(got, "publicKey"), "other") {
		t.Errorf("state does not record the new public key: %v", got)
	}
}
