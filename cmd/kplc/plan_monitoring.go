package main

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kplc/metrics"
	"github.com/kafka-plc/kafka-plc/monitoring"
	"github.com/kafka-plc/kafka-plc/plan"
	"github.com/kafka-plc/kafka-plc/rules"
)

// monitoringView is what `kplc plan` says about monitoring: where the exporter serves, who may
// scrape it, what it measures, what alerts on it, and what bounds the disk.
type monitoringView struct {
	// Exporter is the exporter's URL, or "" when kafka-plc does not install it (mode existing).
	Exporter string `json:"exporter,omitempty"`
	// Unit is the systemd unit that runs it on the bastion.
	Unit string `json:"unit,omitempty"`
	// Probe says whether and how the exporter probes the private-link path through the NLB
	// ("" when kafka-plc does not install the exporter).
	Probe string `json:"probe,omitempty"`
	// ScraperCIDRs may reach it (metricsScraperCidrs); empty: nobody but the bastion.
	ScraperCIDRs []string `json:"scraperCidrs"`
	// Metrics are the metric names the exporter serves.
	Metrics []string `json:"metrics"`
	// AlertRules is the rules file in the repository.
	AlertRules string `json:"alertRules"`
	// Alerts are the alert rules, in file order.
	Alerts []alertView `json:"alerts"`
	// Disk is the retention guardrail, nil when the disk is not kafka-plc's (mode existing).
	Disk *diskView `json:"disk,omitempty"`
}

type alertView struct {
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Runbook  string `json:"runbook"`
}

type diskView struct {
	DataDiskGiB    int   `json:"dataDiskGiB"`
	RetentionBytes int64 `json:"retentionBytesPerPartition"`
	SegmentBytes   int64 `json:"segmentBytes"`
	// Partitions is how many partition replicas per broker fill the disk to FillPercent at full
	// retention (-1: unbounded by size).
	Partitions  int64 `json:"partitionReplicasAtFullRetention"`
	FillPercent int   `json:"fillPercent"`
}

// newMonitoringView describes the monitoring of plan p.
func newMonitoringView(c *config.Config, p *plan.Plan) *monitoringView {
	m := &monitoringView{ScraperCIDRs: append([]string{}, c.MetricsScraperCIDRs...), AlertRules: "monitoring/" + monitoring.RulesFile}
	if c.Existing == nil && p.Bastion.PrivateIP != "" {
		m.Exporter = fmt.Sprintf("http://%s:%d/metrics", p.Bastion.PrivateIP, rules.ExporterPort)
		m.Unit = "kplc-exporter.service"
		m.Probe = "through the NLB on every scrape (kplc_probe_*), configured on the bastion by the exporter-probe step once the NLB exists; it follows uniqueName"
		if p.Auth.Enabled() {
			m.Probe = "not configured: with externalAuth the EXTERNAL listener needs SASL and the exporter holds no credential (kplc_probe_configured 0); the check step of each pulumi up probes"
		}
	}
	for _, d := range metrics.Catalogue() {
		m.Metrics = append(m.Metrics, d.Name)
	}
	m.Alerts = alertsOf(monitoring.Rules)
	if c.Existing == nil && c.DataDiskSizeGB > 0 && len(p.Brokers) > 0 {
		r, s := effectiveRetention(p.Brokers[0])
		m.Disk = &diskView{DataDiskGiB: c.DataDiskSizeGB, RetentionBytes: r, SegmentBytes: s,
			Partitions: plan.PartitionsAtFullRetention(c.DataDiskSizeGB, r, s), FillPercent: plan.DiskFillPercent}
	}
	return m
}

// effectiveRetention returns the last log.retention.bytes and log.segment.bytes of b's file,
// Kafka's defaults (-1, 1 GiB) when absent.
func effectiveRetention(b plan.Broker) (retention, segment int64) {
	retention, segment = -1, 1<<30
	props, err := plan.ParseProperties(b.ServerProperties)
	if err != nil {
		return retention, segment
	}
	for _, e := range props {
		var n int64
		if _, err := fmt.Sscan(e.Value, &n); err != nil {
			continue
		}
		switch e.Key {
		case plan.KeyRetentionBytes:
			retention = n
		case plan.KeySegmentBytes:
			segment = n
		}
	}
	return retention, segment
}

// alertsOf lists the alerts of a rules file; a file that does not parse lists none (the
// monitoring package's tests keep it valid).
func alertsOf(rulesFile []byte) []alertView {
	var f struct {
		Groups []struct {
			Rules []struct {
				Alert       string            `yaml:"alert"`
				Labels      map[string]string `yaml:"labels"`
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	out := []alertView{}
	if yaml.Unmarshal(rulesFile, &f) != nil {
		return out
	}
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			out = append(out, alertView{Name: r.Alert, Severity: r.Labels["severity"],
				Summary: untemplated(r.Annotations["summary"]), Runbook: untemplated(r.Annotations["runbook"])})
		}
	}
	return out
}

var (
	templateLabel = regexp.MustCompile(`\{\{ \$labels\.(\w+) \}\}`)
	templatePct   = regexp.MustCompile(`\{\{ \$value \| humanizePercentage \}\}`)
	templateValue = regexp.MustCompile(`\{\{ \$value[^}]*\}\}`)
)

// untemplated turns an annotation's Prometheus templates into placeholders a reader of the plan
// understands: {{ $labels.broker }} becomes <broker>, {{ $value }} becomes N (N % for a percentage).
func untemplated(s string) string {
	s = templatePct.ReplaceAllString(templateLabel.ReplaceAllString(s, "<$1>"), "N %")
	return templateValue.ReplaceAllString(s, "N")
}

// writeMonitoringText writes the Monitoring section of the text report.
func writeMonitoringText(w io.Writer, m *monitoringView) {
	if m == nil {
		return
	}
	fmt.Fprintln(w, "\nMonitoring")
	if m.Exporter == "" {
		fmt.Fprintln(w, "  kplc exporter is not installed in mode existing: run `kplc exporter --listen PRIVATE_IP:9308 --bootstrap ...` on a host in the VPC.")
	} else {
		fmt.Fprintf(w, "  kplc exporter on the bastion (%s): %s, scrape job name kafka-plc\n", m.Unit, m.Exporter)
		if len(m.ScraperCIDRs) == 0 {
			fmt.Fprintln(w, "  Scrapers allowed: none (the port is closed; set metricsScraperCidrs to the Prometheus range)")
		} else {
			fmt.Fprintf(w, "  Scrapers allowed (metricsScraperCidrs, port %d only): %s\n", rules.ExporterPort, strings.Join(m.ScraperCIDRs, ", "))
		}
		fmt.Fprintf(w, "  Private-link probe: %s\n", m.Probe)
	}
	fmt.Fprintf(w, "  Metrics (%d): %s\n", len(m.Metrics), strings.Join(m.Metrics, ", "))
	fmt.Fprintf(w, "  Alerts (%s):\n", m.AlertRules)
	for _, a := range m.Alerts {
		fmt.Fprintf(w, "    %s (%s): %s\n", a.Name, a.Severity, a.Summary)
	}
	if d := m.Disk; d != nil {
		if d.Partitions < 0 {
			fmt.Fprintf(w, "  Disk: log.retention.bytes -1: only time retention bounds the %d GiB data disk\n", d.DataDiskGiB)
		} else {
			fmt.Fprintf(w, "  Disk: log.retention.bytes %d per partition, log.segment.bytes %d: %d partition replicas per broker at full retention fill %d %% of the %d GiB data disk\n",
				d.RetentionBytes, d.SegmentBytes, d.Partitions, d.FillPercent, d.DataDiskGiB)
		}
	}
}
