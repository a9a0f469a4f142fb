package config

import (
	"fmt"
	"strings"
)

// region checks the region and its agreement with the provider's region.
func (l *loader) region(c *Config) {
	c.Region = l.str("region")
	switch {
	case c.Region == "":
		l.bad["region"] = true
		l.problem("region", "", "is required", l.fix.set("region", "ap-southeast-1"))
		return
	case !regionRe.MatchString(c.Region):
		l.bad["region"] = true
		l.problem("region", c.Region, "is not an Alibaba Cloud region ID (lower-case, like ap-southeast-1 or cn-hangzhou)",
			l.fix.set("region", strings.ToLower(strings.TrimSpace(c.Region))))
		return
	}
	switch {
	case l.providerRegion == "":
		l.warn("%s is not set: the Alibaba Cloud provider then takes its region from the ALICLOUD_REGION environment variable, "+
			"which must be %s on every machine that runs pulumi; set it in the stack instead: pulumi config set %s %s%s",
			ProviderRegionKey, c.Region, ProviderRegionKey, shellQuote(c.Region), l.fix.stackFlag())
	case l.providerRegion != c.Region:
		l.problem("region", c.Region, fmt.Sprintf("differs from %s = %q; resources would be created in one region and looked up in another", ProviderRegionKey, l.providerRegion),
			"make them equal: pulumi config set "+ProviderRegionKey+" "+shellQuote(c.Region)+l.fix.stackFlag())
	}
}

// exampleZone returns a zone ID of region, to show in messages.
func exampleZone(region, letter string) string {
	if region == "" {
		return "ap-southeast-1" + letter
	}
	if last := region[len(region)-1]; last >= '0' && last <= '9' {
		return region + letter
	}
	return region + "-" + letter
}

// zoneProblem returns what is wrong with zone ID z of region, or "".
func zoneProblem(region, z string) string {
	if region == "" || !regionRe.MatchString(region) {
		return "" // the region problem is reported already
	}
	// A zone is its region's ID and a letter: ap-southeast-1a, but cn-hangzhou-h.
	sep := "-"
	if last := region[len(region)-1]; last >= '0' && last <= '9' {
		sep = ""
	}
	if !strings.HasPrefix(z, region+sep) || !letterRe.MatchString(strings.TrimPrefix(z, region+sep)) {
		return fmt.Sprintf("is not a zone of region %s (its zones look like %s)", region, exampleZone(region, "a"))
	}
	return ""
}

// zones checks the zone list.
func (l *loader) zones(c *Config) {
	ex := []string{exampleZone(c.Region, "a"), exampleZone(c.Region, "b"), exampleZone(c.Region, "c")}
	zs, ok := l.list("zones", ex)
	if !ok {
		return
	}
	c.Zones = zs
	switch {
	case len(zs) == 0:
		l.bad["zones"] = true
		l.problem("zones", "", "is required: list at least 2 zones of the region", l.fix.setList("zones", ex))
		return
	case len(zs) < MinZones:
		l.bad["zones"] = true
		l.problem("zones", strings.Join(zs, ","), fmt.Sprintf("has %d zone; the NLB needs at least %d", len(zs), MinZones),
			l.fix.setPath(fmt.Sprintf("zones[%d]", len(zs)), ex[1]))
	case len(zs) > MaxZones:
		l.bad["zones"] = true
		l.problem("zones", strings.Join(zs, ","), fmt.Sprintf("has %d zones; an NLB spans at most %d", len(zs), MaxZones),
			l.fix.setList("zones", zs[:MaxZones]))
	}
	seen := map[string]int{}
	for i, z := range zs {
		key := fmt.Sprintf("zones[%d]", i)
		if j, dup := seen[z]; dup {
			l.bad["zones"] = true
			l.problem(key, z, fmt.Sprintf("repeats zones[%d]; each zone may appear once", j), l.fix.setList("zones", dedupe(zs)))
			continue
		}
		seen[z] = i
		if msg := zoneProblem(c.Region, z); msg != "" {
			l.bad["zones"] = true
			l.problem(key, z, msg, l.fix.setPath(key, exampleZone(c.Region, string(rune('a'+i%26)))))
		}
	}
}

// dedupe returns xs without repeats, in order.
func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
