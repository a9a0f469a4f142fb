package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kplc/metrics"
	"github.com/kafka-plc/kafka-plc/plan"
)

// `kplc plan` says where the exporter serves, who may scrape it, what it measures and what
// each alert means, and warns when the data disk cannot hold the retention.
func TestPlanMonitoring(t *testing.T) {
	for _, tc := range []struct {
		name     string
		add      string
		want     []string
		notWant  []string
		exitCode int
	}{
		{name: "closed by default", add: "  kafka-plc:metricsScraperCidrs: []\n", want: []string{
			"kplc exporter on the bastion (kplc-exporter.service): http://10.0.192.10:9308/metrics",
			"Scrapers allowed: none (the port is closed; set metricsScraperCidrs to the Prometheus range)",
			"KafkaBrokerMissing (critical): Broker <broker> is not registered with the controller.",
			"KafkaDiskUsageHigh (warning): The data disk of broker <broker> (<dir>) is N % full.",
			"Disk: log.retention.bytes 2684354560 per partition, log.segment.bytes 268435456: 50 partition replicas per broker at full retention fill 75 % of the 200 GiB data disk",
		}, notWant: []string{"warning: broker 1: with log.retention.bytes"}},
		{name: "a scraper range", add: "  kafka-plc:metricsScraperCidrs:\n    - 10.0.0.0/16\n", want: []string{
			"Scrapers allowed (metricsScraperCidrs, port 9308 only): 10.0.0.0/16",
		}},
		{name: "a disk too small for the retention budget", add: "  kafka-plc:dataDiskSizeGb: 40\n", want: []string{
			"warning: broker 1: with log.retention.bytes 268435456 and log.segment.bytes 268435456, 40 partition replica(s) at full retention fill 75 % of the 40 GiB data disk (dataDiskSizeGb)",
		}},
		{name: "a public scraper range", add: "  kafka-plc:metricsScraperCidrs:\n    - 0.0.0.0/0\n", exitCode: exitUsage, want: []string{
			"metricsScraperCidrs[0]", "is not a private range",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := planEditedDev(t, "  kafka-plc:region: ap-southeast-1\n", "  kafka-plc:region: ap-southeast-1\n"+tc.add)
			if code != tc.exitCode {
				t.Fatalf("exit %d, want %d\nstderr:\n%s", code, tc.exitCode, stderr)
			}
			out := stdout + stderr
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(out, w) {
					t.Errorf("output has %q", w)
				}
			}
		})
	}
}

// The JSON report lists every metric of the exporter and every alert with its runbook.
func TestPlanMonitoringJSON(t *testing.T) {
	code, stdout, stderr := runPlanCLI(t, "--dir", planDevDir, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var v struct {
		Monitoring monitoringView `json:"monitoring"`
	}
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatal(err)
	}
	m := v.Monitoring
	if len(m.Metrics) != len(metrics.Catalogue()) || m.ScraperCIDRs == nil || len(m.ScraperCIDRs) != 0 {
		t.Errorf("metrics %d (want %d), scrapers %v (want [])", len(m.Metrics), len(metrics.Catalogue()), m.ScraperCIDRs)
	}
	if len(m.Alerts) < 10 {
		t.Fatalf("%d alerts", len(m.Alerts))
	}
	for _, a := range m.Alerts {
		if a.Runbook == "" || a.Severity == "" || strings.Contains(a.Summary, "{{") {
			t.Errorf("alert %+v: want a runbook, a severity and a summary without templates", a)
		}
	}
}

// kplc plan says whether the exporter probes the private-link path: yes in mode new, not with
// externalAuth (the exporter holds no SASL credential), and nothing in mode existing.
func TestPlanMonitoringProbeLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *config.Config
		p    *plan.Plan
		want string
	}{
		{"mode new", &config.Config{}, &plan.Plan{Bastion: plan.Bastion{PrivateIP: "10.0.192.10"}}, "through the NLB on every scrape"},
		{"externalAuth", &config.Config{}, &plan.Plan{Bastion: plan.Bastion{PrivateIP: "10.0.192.10"}, Auth: plan.Auth{Mechanism: "SCRAM-SHA-512"}}, "not configured: with externalAuth"},
		{"mode existing", &config.Config{Existing: &config.Existing{}}, &plan.Plan{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := newMonitoringView(tc.c, tc.p).Probe
			if (tc.want == "" && got != "") || !strings.Contains(got, tc.want) {
				t.Errorf("Probe = %q, want %q", got, tc.want)
			}
		})
	}
}
