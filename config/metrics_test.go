package config

import (
	"slices"
	"strings"
	"testing"
)

func TestMetricsScraperCidrs(t *testing.T) {
	t.Parallel()
	if c := mustLoad(t, "dev", validNew()); len(c.MetricsScraperCIDRs) != 0 {
		t.Errorf("default metricsScraperCidrs = %v, want none: the exporter is closed by default", c.MetricsScraperCIDRs)
	}
	c := mustLoad(t, "dev", with(validNew(), Values{"metricsScraperCidrs": raw(`["10.0.0.0/16","100.100.0.0/16"]`)}))
	if !slices.Equal(c.MetricsScraperCIDRs, []string{"10.0.0.0/16", "100.100.0.0/16"}) {
		t.Errorf("metricsScraperCidrs = %v", c.MetricsScraperCIDRs)
	}
	for _, tc := range []struct {
		name, value, key, frag, fix string
	}{
		{"the internet", `["0.0.0.0/0"]`, "metricsScraperCidrs[0]", "is not a private range", "metricsScraperCidrs[0]' 10.0.0.0/16"},
		{"a public range", `["10.0.0.0/16","203.0.113.0/24"]`, "metricsScraperCidrs[1]", "is not a private range", ""},
		{"an address", `["10.0.3.7"]`, "metricsScraperCidrs[0]", "is an address, not a range", "10.0.3.7/32"},
		{"host bits", `["10.0.3.7/16"]`, "metricsScraperCidrs[0]", "has host bits set", "10.0.0.0/16"},
		{"not a range", `["prometheus"]`, "metricsScraperCidrs[0]", "is not a CIDR block", ""},
	} {
		_, err := Load("kafka-plc", "dev", with(validNew(), Values{"metricsScraperCidrs": raw(tc.value)}))
		ps, _ := AsProblems(err)
		found := false
		for _, p := range ps {
			if p.Key == tc.key && strings.Contains(p.Message, tc.frag) && strings.Contains(p.Fix, tc.fix) && p.Fix != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: want a problem on %s saying %q with a fix containing %q; got %v", tc.name, tc.key, tc.frag, tc.fix, ps)
		}
	}
	_, err := Load("kafka-plc", "dev", with(validNew(), Values{"distPort": raw("9308")}))
	if ps, _ := AsProblems(err); !strings.Contains(ps.Error(), "distPort") || !strings.Contains(ps.Error(), "kplc exporter") {
		t.Errorf("distPort 9308: got %v, want the exporter port collision", ps)
	}
}
