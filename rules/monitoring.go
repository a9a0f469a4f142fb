package rules

import "net/netip"

// ExporterPort is the port of `kplc exporter` on the bastion's private address
// (kplc-exporter.service): the one port the metrics scraper security-group rule opens. 9308 is
// the port Prometheus' default port allocations list for a Kafka exporter.
const ExporterPort = 9308

// privateRanges are the ranges a scraper inside the VPC (or a peered network) can come from:
// RFC 1918 and the shared address space RFC 6598 that Alibaba Cloud uses for its managed
// services' addresses inside a VPC.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
}

// IsScraperRange reports whether p may be a metrics scraper range: an IPv4 block inside a
// private range (the exporter listens on the bastion's private address only, so a public range
// could not reach it, and opening one would only widen the rule).
func IsScraperRange(p netip.Prefix) bool {
	if !p.IsValid() || !p.Addr().Is4() {
		return false
	}
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}
