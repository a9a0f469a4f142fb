package monitoring

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kafka-plc/kafka-plc/kplc/metrics"
)

// requireToolsEnv, when set (.ci/run sets it), turns a missing promtool into a failure: CI
// installs it, so its absence there is a broken CI, not a developer machine without it.
const requireToolsEnv = "KPLC_REQUIRE_TOOLS"

type rule struct {
	Alert       string            `yaml:"alert"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for"`
	Labels      map[string]string `yaml:"labels"`
	Annotations map[string]string `yaml:"annotations"`
}

func loadRules(t *testing.T) []rule {
	t.Helper()
	var f struct {
		Groups []struct {
			Rules []rule `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(Rules, &f); err != nil {
		t.Fatalf("%s: %v", RulesFile, err)
	}
	var out []rule
	for _, g := range f.Groups {
		out = append(out, g.Rules...)
	}
	if len(out) == 0 {
		t.Fatalf("%s has no rules", RulesFile)
	}
	return out
}

func promtool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err == nil {
		return path
	}
	if os.Getenv(requireToolsEnv) != "" {
		t.Fatalf("promtool is not on PATH but %s is set (CI): .ci/run installs it with apt-get install -y prometheus", requireToolsEnv)
	}
	t.Skip("promtool not on PATH; install it (apt-get install -y prometheus) to check and unit-test the alert rules; CI (.ci/run) does")
	return ""
}

// The rules file is valid Prometheus rules (promtool check rules), and every alert behaves as
// kafka-plc-alerts_test.yml says: pending during its `for`, then firing with its labels and
// runbook, and silent on a healthy cluster (promtool test rules).
func TestPromtool(t *testing.T) {
	bin := promtool(t)
	for _, args := range [][]string{
		{"check", "rules", RulesFile},
		{"test", "rules", "kafka-plc-alerts_test.yml"},
	} {
		cmd := exec.Command(bin, args...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

var metricName = regexp.MustCompile(`\bkplc_[a-z_]+\b`)

// Every rule has a severity, a summary and a runbook line, reads only metrics the exporter
// serves, and has a promtool test in which it fires.
func TestRulesAreComplete(t *testing.T) {
	t.Parallel()
	served := map[string]bool{}
	for _, d := range metrics.Catalogue() {
		served[d.Name] = true
	}
	tests, err := os.ReadFile("kafka-plc-alerts_test.yml")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Tests []struct {
			AlertRuleTest []struct {
				Alertname string `yaml:"alertname"`
				ExpAlerts []any  `yaml:"exp_alerts"`
			} `yaml:"alert_rule_test"`
		} `yaml:"tests"`
	}
	if err := yaml.Unmarshal(tests, &spec); err != nil {
		t.Fatal(err)
	}
	fires := map[string]bool{}
	for _, tc := range spec.Tests {
		for _, a := range tc.AlertRuleTest {
			if len(a.ExpAlerts) > 0 {
				fires[a.Alertname] = true
			}
		}
	}
	var names []string
	for _, r := range loadRules(t) {
		names = append(names, r.Alert)
		if !slices.Contains([]string{"critical", "warning", "info"}, r.Labels["severity"]) {
			t.Errorf("%s: severity %q, want critical, warning or info", r.Alert, r.Labels["severity"])
		}
		for _, a := range []string{"summary", "runbook"} {
			if strings.TrimSpace(r.Annotations[a]) == "" {
				t.Errorf("%s has no %s annotation", r.Alert, a)
			}
		}
		for _, m := range metricName.FindAllString(r.Expr, -1) {
			if !served[m] {
				t.Errorf("%s reads %s, which kplc exporter does not serve (metrics.Catalogue)", r.Alert, m)
			}
		}
		if !fires[r.Alert] {
			t.Errorf("%s fires in no test of kafka-plc-alerts_test.yml", r.Alert)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(names)))) != len(fires) {
		t.Errorf("alerts %v, tested firing %v: a test names an alert the rules lack", names, fires)
	}
}

// The README's Monitoring section lists every metric the exporter serves and every alert.
func TestReadmeListsMetricsAndAlerts(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, d := range metrics.Catalogue() {
		if !strings.Contains(readme, "| `"+d.Name+"` |") {
			t.Errorf("README's metrics table lacks %s", d.Name)
		}
	}
	for _, r := range loadRules(t) {
		if !strings.Contains(readme, "| `"+r.Alert+"` | "+r.Labels["severity"]+" |") {
			t.Errorf("README's alerts table lacks %s (%s)", r.Alert, r.Labels["severity"])
		}
	}
}
