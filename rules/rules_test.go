package rules

import (
	"net/netip"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		rule string
		fn   func(string) bool
		ok   []string
		bad  []string
	}{
		{"IsServiceName", IsServiceName,
			[]string{"kafka", "kafka.service", "kafka@broker.service", "Kafka_2", strings.Repeat("k", 100)},
			[]string{"", "kafka@broker:1.service", "-kafka", "kafka broker", `kafka\x2d1`, strings.Repeat("k", 101)}},
		{"IsHeap", IsHeap, []string{"2g", "1536m", "2G", "1536M"}, []string{"", "0g", "512k", "2gb", "2", "-1g"}},
		{"IsPackageName", IsPackageName, []string{"java-17-openjdk-headless", "java-1.8.0-openjdk", "Java_17", "g++"}, []string{"", "-java", "java 17", "java;rm"}},
		{"IsLoginName", IsLoginName, []string{"root", "ecs-user", "_svc", strings.Repeat("u", 32)}, []string{"", "Admin", "9user", "a.b", strings.Repeat("u", 33)}},
		{"IsClusterID", IsClusterID, []string{"MkU3OEVBNTcwNTJENDM2Qk"}, []string{"", "MkU3OEVBNTcwNTJENDM2Q", "MkU3OEVBNTcwNTJENDM2Qk+"}},
		{"IsPropertiesPath", IsPropertiesPath, []string{"/opt/kafka/config/kraft/server.properties", "/etc/kafka/server.properties"},
			[]string{"", "config/server.properties", "/opt/kafka/../server.properties", "/opt/kafka/", "/opt/ka fka/s", "/opt/kafka~1/s", "/opt/k:1/s"}},
		{"IsDiskCategory", IsDiskCategory, []string{"cloud_essd", "cloud_essd_entry", "cloud_auto", "cloud_ssd", "cloud_efficiency"},
			[]string{"", "cloud", "ephemeral_ssd", "CLOUD_ESSD"}},
		{"IsArmInstanceType", IsArmInstanceType, []string{"ecs.g8y.large", "ecs.c6r.large", "ecs.ebmg8y.32xlarge", "ecs.r8y.2xlarge"},
			[]string{"ecs.g7.xlarge", "ecs.g8i.xlarge", "ecs.t6-c1m1.large", "g8y", ""}},
		{"KafkaVersion", func(s string) bool { _, _, _, ok := KafkaVersion(s); return ok }, []string{"3.7.1", "4.0.0"}, []string{"", "3.7", "3.7.1-rc1", "v3.7.1"}},
	} {
		for _, v := range tc.ok {
			if !tc.fn(v) {
				t.Errorf("%s(%q) = false, want true", tc.rule, v)
			}
		}
		for _, v := range tc.bad {
			if tc.fn(v) {
				t.Errorf("%s(%q) = true, want false", tc.rule, v)
			}
		}
	}
	if ma, mi, pa, ok := KafkaVersion("3.8.12"); !ok || ma != "3" || mi != "8" || pa != "12" {
		t.Errorf("KafkaVersion(3.8.12) = %s %s %s %v", ma, mi, pa, ok)
	}
}

func TestIsScraperRange(t *testing.T) {
	for raw, want := range map[string]bool{
		"10.0.0.0/16": true, "10.0.3.7/32": true, "172.16.0.0/12": true, "192.168.1.0/24": true, "100.100.0.0/16": true,
		"10.0.0.0/7": false, "0.0.0.0/0": false, "203.0.113.0/24": false, "172.32.0.0/16": false, "100.128.0.0/16": false,
	} {
		if got := IsScraperRange(netip.MustParsePrefix(raw)); got != want {
			t.Errorf("IsScraperRange(%s) = %v, want %v", raw, got, want)
		}
	}
	if IsScraperRange(netip.MustParsePrefix("fd00::/8")) {
		t.Error("IsScraperRange(fd00::/8) = true, want false: the bastion's rules are IPv4")
	}
}

// TestImportableKeyTypesAreOpenSSHNames: the importable key types are golang.org/x/crypto/ssh's
// names of the RSA, DSA and NIST ECDSA algorithms (the leaf package spells them out).
func TestImportableKeyTypesAreOpenSSHNames(t *testing.T) {
	for _, typ := range []string{ssh.KeyAlgoRSA, ssh.KeyAlgoDSA, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521} {
		if !IsImportableKeyType(typ) {
			t.Errorf("IsImportableKeyType(%q) = false; want true", typ)
		}
	}
	if IsImportableKeyType(ssh.KeyAlgoED25519) {
		t.Errorf("IsImportableKeyType(%q) = true; want false", ssh.KeyAlgoED25519)
	}
}
