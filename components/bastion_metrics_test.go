package components

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// The exporter's port is closed by default; each scraper range opens it, and only it, from
// that range, on the bastion's group.
func TestKafkaVpcMetricsScraperRules(t *testing.T) {
	for _, tc := range []struct {
		name     string
		scrapers []string
		want     map[string]string // rule name -> CIDR
	}{
		{name: "closed by default"},
		{name: "two scraper ranges", scrapers: []string{"10.0.0.0/16", "100.100.0.0/16"}, want: map[string]string{
			"kafka-sg-bastion-metrics-10-0-0-0-16":    "10.0.0.0/16",
			"kafka-sg-bastion-metrics-100-100-0-0-16": "100.100.0.0/16",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := testVpcArgs()
			args.Bastion.MetricsScraperCidrs = tc.scrapers
			mocks, _, err := runVpc(t, args)
			if err != nil {
				t.Fatalf("NewKafkaVpc: %v", err)
			}
			got := map[string]string{}
			for _, r := range mocks.ByType(mocktest.TypeSecurityGroupRule) {
				if r.Str("portRange") == "9308/9308" || strings.Contains(r.Name, "metrics") {
					got[r.Name] = r.Str("cidrIp")
					if r.Str("securityGroupId") != mocktest.ID("kafka-sg-bastion") || r.Str("portRange") != "9308/9308" ||
						r.Str("sourceSecurityGroupId") != "" || r.Str("ipProtocol") != "tcp" {
						t.Errorf("rule %s: group %s port %s source %q protocol %s; want the bastion group, 9308/9308 from the CIDR only, tcp",
							r.Name, r.Str("securityGroupId"), r.Str("portRange"), r.Str("sourceSecurityGroupId"), r.Str("ipProtocol"))
					}
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("exporter rules %v, want %v", got, tc.want)
			}
			for name, cidr := range tc.want {
				if got[name] != cidr {
					t.Errorf("rule %s admits %q, want %q", name, got[name], cidr)
				}
			}
		})
	}
}

func TestKafkaVpcMetricsInvalidArgs(t *testing.T) {
	checkInvalidArgs(t, "KafkaVpc", testVpcArgs, runVpc, []argCase[KafkaVpcArgs]{
		{"scraper range is the internet", func(a *KafkaVpcArgs) { a.Bastion.MetricsScraperCidrs = []string{"0.0.0.0/0"} },
			"Bastion.MetricsScraperCidrs[0]", "0.0.0.0/0"},
		{"scraper range is public", func(a *KafkaVpcArgs) { a.Bastion.MetricsScraperCidrs = []string{"10.0.0.0/16", "203.0.113.0/24"} },
			"Bastion.MetricsScraperCidrs[1]", "203.0.113.0/24"},
		{"scraper range twice", func(a *KafkaVpcArgs) { a.Bastion.MetricsScraperCidrs = []string{"10.0.0.0/16", "10.0.0.0/16"} },
			"Bastion.MetricsScraperCidrs[1]", "10.0.0.0/16"},
		{"scraper range not a CIDR", func(a *KafkaVpcArgs) { a.Bastion.MetricsScraperCidrs = []string{"10.0.0.1"} },
			"Bastion.MetricsScraperCidrs[0]", "10.0.0.1"},
		{"dist port on the exporter's", func(a *KafkaVpcArgs) { a.Bastion.Ports.Dist = 9308 }, "Bastion.Ports.Dist", "9308"},
	})
}

func TestExporterFlags(t *testing.T) {
	a := &KraftBrokerSetArgs{InternalPort: 9092, DistHost: "10.0.192.10",
		Brokers: []KraftNode{{NodeID: 1, PrivateIP: "10.0.0.10"}, {NodeID: 2, PrivateIP: "10.0.64.10"}}}
	got := strings.Join(exporterFlags(a), " ")
	want := "--exporter-listen 10.0.192.10:9308 --exporter-bootstrap 10.0.0.10:9092,10.0.64.10:9092 --exporter-brokers 2"
	if got != want {
		t.Errorf("exporterFlags = %q, want %q", got, want)
	}
}
