package components

import (
	"fmt"
	"strconv"

	"github.com/kafka-plc/kafka-plc/rules"
)

// metricsScraperRules are the bastion's ingress rules for the metrics scrapers: the exporter's
// port (rules.ExporterPort) from each of b.MetricsScraperCidrs, and nothing else. None by
// default: `kplc exporter` still runs on the bastion's private address, reachable from the
// bastion itself only.
func metricsScraperRules(b *KafkaVpcBastionArgs) []ingressRule {
	var out []ingressRule
	for _, cidr := range b.MetricsScraperCidrs {
		out = append(out, ingressRule{
			suffix: "metrics-" + cidrSuffix(cidr), port: rules.ExporterPort, cidr: cidr,
			description: "kplc exporter (Prometheus metrics) from " + cidr + " (metricsScraperCidrs)",
		})
	}
	return out
}

// validateMetrics checks the scraper ranges: each a private IPv4 block (rules.IsScraperRange),
// listed once, and the dist port apart from the exporter's.
func (b *KafkaVpcBastionArgs) validateMetrics(fail func(field, value, problem, fix string) error) error {
	if b.Ports.Dist == rules.ExporterPort {
		return fail("Bastion.Ports.Dist", strconv.Itoa(b.Ports.Dist), fmt.Sprintf("is kplc exporter's port (%d) on the bastion", rules.ExporterPort),
			"give the dist server another port, e.g. 8081")
	}
	seen := map[string]bool{}
	for i, c := range b.MetricsScraperCidrs {
		field := fmt.Sprintf("Bastion.MetricsScraperCidrs[%d]", i)
		p, err := parseCIDR(c)
		if err != nil {
			return fail(field, c, err.Error(), `give the scraper's private IPv4 range, e.g. "10.0.0.0/16"`)
		}
		if !rules.IsScraperRange(p) {
			return fail(field, c, "not a private range: the exporter listens on the bastion's private address only",
				`give the scraper's range inside the VPC or a peered network, e.g. "10.0.0.0/16"`)
		}
		if seen[p.String()] {
			return fail(field, c, "listed twice", "list each range once")
		}
		seen[p.String()] = true
	}
	return nil
}

// exporterFlags are prepare-bastion.sh's flags that install kplc-exporter.service: `kplc
// exporter` on the bastion's private address (DistHost), reading the cluster through the
// brokers' INTERNAL listeners (as the cluster-ready step does), expecting nodes 1..N.
func exporterFlags(a *KraftBrokerSetArgs) []string {
	return []string{
		"--exporter-listen", fmt.Sprintf("%s:%d", a.DistHost, rules.ExporterPort),
		"--exporter-bootstrap", a.bootstrap(),
		"--exporter-brokers", strconv.Itoa(len(a.Brokers)),
	}
}
