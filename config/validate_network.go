package config

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
)

// reservedRanges may not hold a VPC (Alibaba Cloud refuses them).
var reservedRanges = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("224.0.0.0/4"),
}

// cidr parses a canonical IPv4 CIDR block; fix builds the command that sets a corrected value.
func (l *loader) cidr(key, raw string, fix func(string) string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(strings.TrimSpace(raw))
	if err != nil {
		l.problem(key, raw, "is not a CIDR block (want a.b.c.d/n, e.g. 10.0.0.0/18)", fix("10.0.0.0/18"))
		return netip.Prefix{}, false
	}
	if !p.Addr().Is4() {
		l.problem(key, raw, "is not IPv4; kafka-plc uses IPv4 ranges only", fix("10.0.0.0/18"))
		return netip.Prefix{}, false
	}
	if m := p.Masked(); m != p {
		l.problem(key, raw, fmt.Sprintf("has host bits set; the block it names is %s", m), fix(m.String()))
		return netip.Prefix{}, false
	}
	return p, true
}

// network checks the VPC and vSwitch ranges (mode new), deriving the defaults.
func (l *loader) network(c *Config) {
	c.VpcCIDR = l.str("vpcCidr")
	vpc, ok := l.cidr("vpcCidr", c.VpcCIDR, func(v string) string { return l.fix.set("vpcCidr", v) })
	if ok {
		ok = l.checkVPC(vpc)
	}
	zonesOK := !l.bad["zones"] && len(c.Zones) > 0

	// Broker vSwitches.
	var brokers []netip.Prefix
	explicit, listOK := l.list("brokerVswitchCidrs", nil)
	var carved []netip.Prefix
	if ok && zonesOK {
		var err error
		if carved, err = carve(vpc, len(c.Zones)); err != nil && listOK && len(explicit) == 0 {
			l.problem("vpcCidr", c.VpcCIDR, err.Error(), "use a larger range ("+l.fix.set("vpcCidr", "10.0.0.0/16")+") or set brokerVswitchCidrs and bastionVswitchCidr")
		}
	}
	brokersOK := listOK
	switch {
	case !listOK:
	case len(explicit) == 0:
		if carved != nil {
			brokers = carved[:len(c.Zones)]
			for _, p := range brokers {
				c.BrokerVswitchCIDRs = append(c.BrokerVswitchCIDRs, p.String())
			}
		} else {
			brokersOK = false
		}
	default:
		c.BrokerVswitchCIDRs = explicit
		if zonesOK && len(explicit) != len(c.Zones) {
			brokersOK = false
			want := make([]string, len(c.Zones))
			for i := range want {
				if i < len(carved) {
					want[i] = carved[i].String()
				} else if i < len(explicit) {
					want[i] = explicit[i]
				}
			}
			l.problem("brokerVswitchCidrs", strings.Join(explicit, ","),
				fmt.Sprintf("has %d ranges but zones has %d; give one range per zone, in zones order", len(explicit), len(c.Zones)),
				l.fix.setList("brokerVswitchCidrs", want)+" (or remove it to carve them from vpcCidr: "+l.fix.rm("brokerVswitchCidrs")+")")
		}
		for i, raw := range explicit {
			key := fmt.Sprintf("brokerVswitchCidrs[%d]", i)
			p, pok := l.cidr(key, raw, func(v string) string { return l.fix.setPath(key, v) })
			if !pok || !l.checkVswitch(key, p, vpc, ok) {
				brokersOK = false
				continue
			}
			brokers = append(brokers, p)
		}
	}

	// The spare block: the block after the broker vSwitches (the carved one, or the block of the
	// last explicit range's size after it). Its first part is the bastion's default range and the
	// next ones the NLB's (see splitSpare); both stay out of the brokers' address space.
	var spare netip.Prefix
	spareProblem := ""
	switch {
	case len(explicit) == 0 && carved != nil:
		spare = carved[len(c.Zones)]
	case len(explicit) > 0 && brokersOK && len(brokers) > 0:
		last := brokers[len(brokers)-1]
		spare = netip.PrefixFrom(nextBlock(last), last.Bits())
		if ok && (!contains(vpc, spare) || overlapsAny(spare, brokers) >= 0) {
			spareProblem = fmt.Sprintf("the block after the last broker vSwitch, %s, does not fit in vpcCidr %s beside the broker ranges", spare, vpc)
			spare = netip.Prefix{}
		}
	}
	var parts []netip.Prefix
	if spare.IsValid() && zonesOK {
		var err error
		if parts, err = splitSpare(spare, len(c.Zones)); err != nil {
			spareProblem = err.Error()
		}
	}

	// Bastion vSwitch.
	var bastion netip.Prefix
	bastionOK := true
	c.BastionVswitchCIDR = l.str("bastionVswitchCidr")
	if c.BastionVswitchCIDR == "" {
		switch {
		case parts != nil:
			bastion = parts[0]
			c.BastionVswitchCIDR = bastion.String()
		case spareProblem != "":
			l.problem("bastionVswitchCidr", "", "has no default: "+spareProblem,
				l.fix.set("bastionVswitchCidr", "<a free range inside vpcCidr>"))
			bastionOK = false
		default:
			bastionOK = false
		}
	} else {
		var bok bool
		bastion, bok = l.cidr("bastionVswitchCidr", c.BastionVswitchCIDR, func(v string) string { return l.fix.set("bastionVswitchCidr", v) })
		bastionOK = bok && l.checkVswitch("bastionVswitchCidr", bastion, vpc, ok)
	}

	// NLB vSwitches.
	nlbs, nlbOK := l.nlbVswitches(c, vpc, ok, zonesOK, spare, parts, spareProblem, bastion, bastionOK)

	// Overlaps and capacity.
	if brokersOK {
		for i, p := range brokers {
			if j := overlapsAny(p, brokers[:i]); j >= 0 {
				brokersOK = false
				l.problem(fmt.Sprintf("brokerVswitchCidrs[%d]", i), p.String(),
					fmt.Sprintf("overlaps brokerVswitchCidrs[%d] = %s; vSwitches may not overlap", j, brokers[j]),
					l.fix.setPath(fmt.Sprintf("brokerVswitchCidrs[%d]", i), "<a free range inside vpcCidr>"))
			}
		}
	}
	if brokersOK && bastionOK && bastion.IsValid() {
		if j := overlapsAny(bastion, brokers); j >= 0 {
			l.problem("bastionVswitchCidr", bastion.String(),
				fmt.Sprintf("overlaps brokerVswitchCidrs[%d] = %s; vSwitches may not overlap", j, brokers[j]),
				l.fix.set("bastionVswitchCidr", "<a free range inside vpcCidr>"))
		}
	}
	if nlbOK && brokersOK && bastionOK {
		for i, p := range nlbs {
			key := fmt.Sprintf("nlbVswitchCidrs[%d]", i)
			taken := map[string]netip.Prefix{}
			for j, b := range brokers {
				taken[fmt.Sprintf("brokerVswitchCidrs[%d]", j)] = b
			}
			if bastion.IsValid() {
				taken["bastionVswitchCidr"] = bastion
			}
			for j, q := range nlbs[:i] {
				taken[fmt.Sprintf("nlbVswitchCidrs[%d]", j)] = q
			}
			for _, other := range sortedPrefixKeys(taken) {
				if p.Overlaps(taken[other]) {
					l.problem(key, p.String(),
						fmt.Sprintf("overlaps %s = %s; the NLB's vSwitches must stay out of the brokers' and the bastion's ranges, and vSwitches may not overlap", other, taken[other]),
						l.fix.setPath(key, "<a free /24 to /28 range inside vpcCidr>"))
					break
				}
			}
		}
	}
	if bastionOK && bastion.IsValid() && hostCapacity(bastion) < 1 {
		l.problem("bastionVswitchCidr", bastion.String(),
			fmt.Sprintf("is too small: the bastion takes address +%d and Alibaba Cloud reserves the top addresses; use a /27 or larger", HostOffset),
			l.fix.set("bastionVswitchCidr", netip.PrefixFrom(bastion.Addr(), min(bastion.Bits(), 27)).Masked().String()))
	}
	l.capacity = func(n int) {
		if !brokersOK || len(brokers) != len(c.Zones) {
			return
		}
		for i, m := range brokersPerZone(n, len(c.Zones)) {
			if capa := hostCapacity(brokers[i]); m > capa {
				l.problem(fmt.Sprintf("brokerVswitchCidrs[%d]", i), brokers[i].String(),
					fmt.Sprintf("is too small for the %d brokers of zone %s: brokers take addresses from +%d up and Alibaba Cloud reserves the top ones, leaving room for %d",
						m, c.Zones[i], HostOffset, capa),
					l.fix.setPath(fmt.Sprintf("brokerVswitchCidrs[%d]", i), netip.PrefixFrom(brokers[i].Addr(), min(brokers[i].Bits(), 24)).Masked().String())+" (a larger range)")
			}
		}
	}

	// Bastion zone.
	c.BastionZone = l.str("bastionZone")
	if c.BastionZone == "" {
		if len(c.Zones) > 0 {
			c.BastionZone = c.Zones[0]
		}
	} else if msg := zoneProblem(c.Region, c.BastionZone); msg != "" {
		l.problem("bastionZone", c.BastionZone, msg, l.fix.set("bastionZone", exampleZone(c.Region, "a")))
	}
}

// checkVPC checks a VPC range beyond its syntax.
func (l *loader) checkVPC(vpc netip.Prefix) bool {
	if vpc.Bits() < 8 || vpc.Bits() > 28 {
		l.problem("vpcCidr", vpc.String(), "must have a prefix length between /8 and /28 (a /16 is typical)", l.fix.set("vpcCidr", "10.0.0.0/16"))
		return false
	}
	for _, r := range reservedRanges {
		if r.Overlaps(vpc) {
			l.problem("vpcCidr", vpc.String(), fmt.Sprintf("overlaps the reserved range %s, which a VPC cannot use", r), l.fix.set("vpcCidr", "10.0.0.0/16"))
			return false
		}
	}
	return true
}

// checkVswitch checks a vSwitch range against the VPC (when vpcOK) and Alibaba's size limits.
func (l *loader) checkVswitch(key string, p, vpc netip.Prefix, vpcOK bool) bool {
	if p.Bits() < 16 || p.Bits() > 29 {
		l.problem(key, p.String(), "must have a prefix length between /16 and /29 (Alibaba Cloud's vSwitch limits)",
			l.fix.setPath(key, "<a /16 to /29 range inside vpcCidr>"))
		return false
	}
	if vpcOK && !contains(vpc, p) {
		l.problem(key, p.String(), fmt.Sprintf("is outside vpcCidr %s; a vSwitch must lie inside its VPC", vpc),
			l.fix.setPath(key, "<a range inside "+vpc.String()+">"))
		return false
	}
	return true
}

// overlapsAny returns the index of the first of ps that overlaps p, or -1.
func overlapsAny(p netip.Prefix, ps []netip.Prefix) int {
	for i, q := range ps {
		if p.Overlaps(q) {
			return i
		}
	}
	return -1
}

// counts checks brokerCount and controllerCount (mode new).
func (l *loader) counts(c *Config) {
	n, okN := l.integer("brokerCount")
	k, okK := l.integer("controllerCount")
	c.BrokerCount, c.ControllerCount = n, k
	if okN {
		switch {
		case n < 1:
			okN = false
			l.problem("brokerCount", itoa(n), "must be at least 1 (and at least controllerCount)", l.fix.set("brokerCount", "3"))
		case n > MaxBrokers:
			okN = false
			l.problem("brokerCount", itoa(n), fmt.Sprintf("must be at most %d: an NLB has 50 listeners, one for bootstrap and one per broker", MaxBrokers),
				l.fix.set("brokerCount", itoa(MaxBrokers)))
		}
	}
	if okK && k != 3 && k != 5 {
		okK = false
		l.problem("controllerCount", itoa(k), "must be 3 or 5: a KRaft quorum of an odd size that survives one (3) or two (5) lost controllers",
			l.fix.set("controllerCount", "3"))
	}
	if okN && okK && k > n {
		// controllerCount is 3 or 5, so below 3 brokers only more brokers help (before, the
		// fix offered "controllerCount 3", which changed nothing); with 3 or 4 brokers
		// controllerCount is 5, which the user set.
		if n < 3 {
			l.problem("brokerCount", itoa(n), fmt.Sprintf("is less than controllerCount %d: every controller is also a broker, and a KRaft quorum has 3 or 5 controllers", k),
				l.fix.set("brokerCount", itoa(k)))
		} else {
			l.problem("controllerCount", itoa(k), fmt.Sprintf("exceeds brokerCount %d; every controller is also a broker", n),
				l.fix.set("controllerCount", "3")+" (or "+l.fix.set("brokerCount", itoa(k))+")")
		}
	}
	if okN && l.capacity != nil {
		l.capacity(n)
	}
	if okN && len(c.Zones) > 0 && !l.bad["zones"] {
		if n < len(c.Zones) {
			l.warn("brokerCount %d is less than the %d zones: some zones get no broker", n, len(c.Zones))
		} else if n%len(c.Zones) != 0 {
			l.warn("%d brokers over %d zones is uneven: the zones get %v brokers", n, len(c.Zones), brokersPerZone(n, len(c.Zones)))
		}
	}
}

// nlbVswitches parses nlbVswitchCidrs (mode new), or derives it from parts (the parts of the
// spare block, see splitSpare, that the bastion's range does not take) when it is unset. It reports whether every range is usable.
func (l *loader) nlbVswitches(c *Config, vpc netip.Prefix, vpcOK, zonesOK bool, spare netip.Prefix, parts []netip.Prefix, spareProblem string,
	bastion netip.Prefix, bastionOK bool) ([]netip.Prefix, bool) {
	const key = "nlbVswitchCidrs"
	explicit, listOK := l.list(key, nil)
	if !listOK || !zonesOK {
		return nil, false
	}
	if len(explicit) == 0 {
		// The spare block's parts the bastion does not take: the first is the bastion's default,
		// and an explicit bastion range may take another one.
		var out []netip.Prefix
		for _, p := range parts {
			if len(out) < len(c.Zones) && (!bastion.IsValid() || !p.Overlaps(bastion)) {
				out = append(out, p)
			}
		}
		if len(out) < len(c.Zones) {
			problem := spareProblem
			if problem == "" && len(parts) > 0 {
				problem = fmt.Sprintf("the block after the broker vSwitches, %s, holds no room for %d NLB vSwitches beside bastionVswitchCidr %s",
					spare, len(c.Zones), bastion)
			}
			if problem != "" && bastionOK {
				l.problem(key, "", "has no default: "+problem,
					fmt.Sprintf("give one free /24 to /28 range per zone, in zones order, e.g. %s (or a smaller bastionVswitchCidr, e.g. a /24, to leave room for the default)",
						l.fix.setList(key, exampleRanges(len(c.Zones)))))
			}
			return nil, false
		}
		for _, p := range out {
			c.NLBVswitchCIDRs = append(c.NLBVswitchCIDRs, p.String())
		}
		return out, true
	}
	c.NLBVswitchCIDRs = explicit
	ok := true
	if len(explicit) != len(c.Zones) {
		ok = false
		l.problem(key, strings.Join(explicit, ","),
			fmt.Sprintf("has %d ranges but zones has %d; give one range per zone, in zones order", len(explicit), len(c.Zones)),
			l.fix.setList(key, exampleRanges(len(c.Zones)))+" (or remove it to derive them: "+l.fix.rm(key)+")")
	}
	var out []netip.Prefix
	for i, raw := range explicit {
		k := fmt.Sprintf("%s[%d]", key, i)
		p, pok := l.cidr(k, raw, func(v string) string { return l.fix.setPath(k, v) })
		if !pok || !l.checkVswitch(k, p, vpc, vpcOK) {
			ok = false
			continue
		}
		if p.Bits() > NLBVswitchMaxBits {
			ok = false
			l.problem(k, p.String(), fmt.Sprintf("is too small for the NLB: it takes 3 addresses per zone (a VIP and two local addresses toward the brokers) and Alibaba Cloud recommends keeping at least 8 free in each of its vSwitches, besides the 4 it reserves; use a /%d or larger", NLBVswitchMaxBits),
				l.fix.setPath(k, netip.PrefixFrom(p.Addr(), NLBVswitchMaxBits).Masked().String()))
			continue
		}
		out = append(out, p)
	}
	return out, ok
}

// exampleRanges returns n example /24 ranges for a fix.
func exampleRanges(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("10.0.%d.0/24", 193+i)
	}
	return out
}

// sortedPrefixKeys returns the keys of m, sorted.
func sortedPrefixKeys(m map[string]netip.Prefix) []string {
	return slices.Sorted(maps.Keys(m))
}
