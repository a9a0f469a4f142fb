package config

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/kafka-plc/kafka-plc/rules"
)

// metrics parses metricsScraperCidrs (mode new): each a private IPv4 range, not an address, and
// distPort must leave the exporter's port to it.
func (l *loader) metrics(c *Config) {
	if c.Mode != ModeNew {
		return
	}
	if c.DistPort == rules.ExporterPort {
		l.problem("distPort", strconv.Itoa(c.DistPort), fmt.Sprintf("is the port of kplc exporter on the bastion (%d)", rules.ExporterPort),
			l.fix.set("distPort", "8081"))
	}
	cidrs, ok := l.list("metricsScraperCidrs", []string{"10.0.0.0/16"})
	if !ok {
		return
	}
	c.MetricsScraperCIDRs = cidrs
	for i, raw := range cidrs {
		key := fmt.Sprintf("metricsScraperCidrs[%d]", i)
		if addr, err := netip.ParseAddr(raw); err == nil && addr.Is4() {
			l.problem(key, raw, "is an address, not a range", l.fix.setPath(key, raw+"/32"))
			continue
		}
		p, ok := l.cidr(key, raw, func(v string) string { return l.fix.setPath(key, v) })
		if !ok {
			continue
		}
		if !rules.IsScraperRange(p) {
			l.problem(key, raw, fmt.Sprintf("is not a private range: kplc exporter listens on the bastion's private address only (port %d), so only a scraper inside the VPC or a peered network can reach it", rules.ExporterPort),
				l.fix.setPath(key, "10.0.0.0/16")+" (the VPC or the scraper's vSwitch range)")
		}
	}
}
