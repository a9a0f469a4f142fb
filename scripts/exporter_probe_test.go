package scripts

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
)

const probeEnv = "/etc/kafka-plc/exporter-probe.env"

func probeArgs(unique string) []string {
	return []string{"--via", "nlb-abc123.cn-hangzhou.nlb.aliyuncsslb.com", "--brokers", "3", "--bootstrap-port", "9092",
		"--first-port", "9093", "--host-pattern", "b{id}.{uniqueName}.alicloud.plc.tidbcloud.com", "--unique-name", unique}
}

// envAssignment is one KEY=VALUE line of an EnvironmentFile (systemd.exec(5), EnvironmentFile=:
// lines starting with # or ; are comments, a value may be enclosed in double quotes).
var envAssignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"\\$]*)"|([^"\s]*))$`)

// unitCommand returns the argv systemd runs for kplc-exporter.service on host h: the unit's
// ExecStart with a word "$NAME" replaced by NAME's value from the unit's EnvironmentFile split
// at whitespace, zero words when the file or the variable is absent (systemd.service(5),
// "Command lines"; a "-" before the file's path makes a missing file no error). Only the forms
// our unit and exporter-probe.sh use are understood; anything else fails the test.
func unitCommand(t *testing.T, h *host) []string {
	t.Helper()
	var execStart, envFile string
	for _, line := range strings.Split(h.readFile(h.rootPath(exporterUnit)), "\n") {
		if v, ok := strings.CutPrefix(line, "ExecStart="); ok {
			execStart = v
		}
		if v, ok := strings.CutPrefix(line, "EnvironmentFile="); ok {
			envFile = v
		}
	}
	env := map[string]string{}
	if envFile != "" {
		path, optional := strings.CutPrefix(envFile, "-")
		b, err := os.ReadFile(h.rootPath(path))
		switch {
		case os.IsNotExist(err) && optional:
		case err != nil:
			t.Fatalf("EnvironmentFile=%s: %v", envFile, err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";") {
				continue
			}
			m := envAssignment.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("%s: line %q is not KEY=VALUE or KEY=\"VALUE\" without $, \\ or quotes", path, line)
			}
			env[m[1]] = m[2] + m[3]
		}
	}
	var argv []string
	for _, w := range strings.Fields(execStart) {
		if name, ok := strings.CutPrefix(w, "$"); ok {
			argv = append(argv, strings.Fields(env[name])...)
			continue
		}
		if strings.ContainsAny(w, "$%\"'\\") {
			t.Fatalf("ExecStart word %q: a form this test does not expand", w)
		}
		argv = append(argv, w)
	}
	return argv
}

// exporterProbeHost is a bastion on which prepare-bastion.sh installed kplc-exporter.service.
func exporterProbeHost(t *testing.T) *host {
	h, sum, _ := newBastion(t)
	h.mustRun(PrepareBastionName, "", exporterArgs(sum)...)
	h.calls()
	return h
}

// exporter-probe.sh writes the probe's flags once and restarts the exporter; the same flags
// again change nothing and restart nothing; a new unique name (stage 2) rewrites the file and
// restarts the exporter once more.
func TestExporterProbeWritesEnvFileAndRestartsOnChange(t *testing.T) {
	t.Parallel()
	h := exporterProbeHost(t)
	h.mustRun(ExporterProbeName, "", probeArgs("unique_name")...)
	assertCalls(t, "first run", h.calls(), []string{"systemctl restart kplc-exporter.service"})
	want := `# Managed by kafka-plc (exporter-probe.sh); changes are overwritten.
# kplc exporter's private-link probe through the NLB, read by kplc-exporter.service.
KPLC_EXPORTER_PROBE_ARGS="--probe-via nlb-abc123.cn-hangzhou.nlb.aliyuncsslb.com --probe-bootstrap-port 9092 --probe-first-port 9093 --probe-host-pattern b{id}.{uniqueName}.alicloud.plc.tidbcloud.com --probe-unique-name unique_name"
`
	if got := h.readFile(h.rootPath(probeEnv)); got != want {
		t.Errorf("%s:\n%s\nwant:\n%s", probeEnv, got, want)
	}
	if fi, err := os.Stat(h.rootPath(probeEnv)); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("%s mode %v (%v), want 0644", probeEnv, fi.Mode().Perm(), err)
	}
	args := unitCommand(t, h)
	if got := strings.Join(args[len(args)-10:], " "); got != "--probe-via nlb-abc123.cn-hangzhou.nlb.aliyuncsslb.com --probe-bootstrap-port 9092 --probe-first-port 9093 --probe-host-pattern b{id}.{uniqueName}.alicloud.plc.tidbcloud.com --probe-unique-name unique_name" {
		t.Errorf("the unit's command line ends %q, want the probe flags", got)
	}

	before := h.snapshot(probeEnv, exporterUnit)
	h.mustRun(ExporterProbeName, "", probeArgs("unique_name")...)
	assertCalls(t, "same flags again", h.calls(), nil)
	h.assertUnchanged("same flags again", before)

	h.mustRun(ExporterProbeName, "", probeArgs("tidb-abc123")...)
	assertCalls(t, "new unique name", h.calls(), []string{"systemctl restart kplc-exporter.service"})
	if got := h.readFile(h.rootPath(probeEnv)); !strings.Contains(got, "--probe-unique-name tidb-abc123\"\n") {
		t.Errorf("%s after the new unique name:\n%s", probeEnv, got)
	}
}

// A bad value is refused with the flag, the value and the fix, before anything is written or
// restarted; an existing file is left as it was.
func TestExporterProbeRefusals(t *testing.T) {
	t.Parallel()
	h := exporterProbeHost(t)
	h.mustRun(ExporterProbeName, "", probeArgs("unique_name")...)
	h.calls()
	before := h.snapshot(probeEnv)
	set := func(flag, value string) []string {
		return append(without(probeArgs("unique_name"), flag), flag, value)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{without(probeArgs("u"), "--via"), "--via is required"},
		{without(probeArgs("u"), "--brokers"), "--brokers is required"},
		{set("--via", "nlb.example.com --probe-via evil"), "--via 'nlb.example.com --probe-via evil': expected the NLB's DNS name or IP"},
		{set("--via", "$(id)"), "expected the NLB's DNS name or IP"},
		{set("--brokers", "65"), "--brokers '65': expected 1-64"},
		{set("--bootstrap-port", "9094"), "--bootstrap-port 9094 collides with the broker ports 9093-9095"},
		{set("--first-port", "65534"), "--first-port 65534 with --brokers 3 runs past port 65535"},
		{set("--first-port", "0"), "--first-port '0': expected a TCP port"},
		{set("--host-pattern", "kafka.{uniqueName}.example"), "expected a host name with {id}"},
		{set("--host-pattern", "b{id}.x y"), "expected a host name with {id}"},
		{set("--unique-name", `u"; rm -rf /`), "--unique-name"},
		{set("--unique-name", "%n"), "expected TiDB Cloud's unique name"},
	} {
		r := h.run(ExporterProbeName, "", tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
		if calls := h.calls(); len(calls) != 0 {
			t.Errorf("%q: a refused run touched the host: %q", tc.args, calls)
		}
	}
	h.assertUnchanged("refused runs", before)

	fresh := exporterProbeHost(t)
	if r := fresh.run(ExporterProbeName, "", set("--bootstrap-port", "9094")...); r.code != 2 {
		t.Fatalf("exit %d, want 2", r.code)
	}
	fresh.assertNoFile("a refused first run", probeEnv)
}

// The unit starts as exporter-probe.sh leaves it: kplc exporter runs the command line systemd
// builds from kplc-exporter.service and exporter-probe.env (real kplc, a rehearsal cluster
// behind a loopback NLB for the brokers and the NLB) and probes the NLB: every port up, the
// advertised names as planned. Without the file the same unit serves kplc_probe_configured 0.
func TestExporterProbeEnvFileReachesKplcExporter(t *testing.T) {
	t.Parallel()
	kplcBin := buildKplc(t, t.TempDir())
	r, err := rehearse.Start(rehearse.DefaultTopology(), rehearse.Options{AutoOffset: true, Internal: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	h := exporterProbeHost(t)

	families := runUnit(t, kplcBin, unitCommand(t, h), r.InternalBootstrap())
	if v := gauge(families, "kplc_probe_configured", ""); v != 0 {
		t.Errorf("without exporter-probe.env: kplc_probe_configured = %v, want 0", v)
	}

	h.mustRun(ExporterProbeName, "", "--via", rehearse.LoopbackHost, "--brokers", "3",
		"--bootstrap-port", strconv.Itoa(r.Topology.BootstrapPort), "--first-port", strconv.Itoa(r.Topology.FirstPort()),
		"--host-pattern", r.Topology.HostPattern, "--unique-name", r.Topology.UniqueName)
	families = runUnit(t, kplcBin, unitCommand(t, h), r.InternalBootstrap())
	for _, port := range []string{"bootstrap", "1", "2", "3"} {
		if v := gauge(families, "kplc_probe_port_up", port); v != 1 {
			t.Errorf("kplc_probe_port_up{port=%q} = %v, want 1", port, v)
		}
	}
	if v := gauge(families, "kplc_probe_advertised_ok", ""); v != 1 {
		t.Errorf("kplc_probe_advertised_ok = %v, want 1", v)
	}
}

// runUnit runs argv (the unit's command line) with kplc at kplcBin, a loopback listen address
// and bootstrap for the unit's, scrapes /metrics once and stops it.
func runUnit(t *testing.T, kplcBin string, argv []string, bootstrap string) map[string]*dto.MetricFamily {
	t.Helper()
	listen := "127.0.0.1:" + strconv.Itoa(loopbackPort(t))
	args := append([]string(nil), argv[1:]...)
	for i, a := range args {
		switch a {
		case "10.0.3.5:9308":
			args[i] = listen
		case "10.0.1.10:9092,10.0.2.10:9092,10.0.3.10:9092":
			args[i] = bootstrap
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, kplcBin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); _ = cmd.Wait() }()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get("http://" + listen + "/metrics")
		if err == nil {
			body, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if rerr == nil && resp.StatusCode == http.StatusOK {
				parser := expfmt.NewTextParser(model.LegacyValidation)
				families, err := parser.TextToMetricFamilies(strings.NewReader(string(body)))
				if err != nil {
					t.Fatalf("not the Prometheus text format: %v\n%s", err, body)
				}
				return families
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("kplc %q never served /metrics: %v\nstderr:\n%s", args, err, stderr.String())
		}
	}
}

// gauge returns the value of the family's series whose only label has value label ("" for a
// series without labels), or -1 when there is none.
func gauge(families map[string]*dto.MetricFamily, name, label string) float64 {
	for _, m := range families[name].GetMetric() {
		if (label == "" && len(m.GetLabel()) == 0) || (len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == label) {
			return m.GetGauge().GetValue()
		}
	}
	return -1
}

// --remove yes (the step's delete) removes the file and restarts the exporter once; again, it
// changes nothing; a value other than yes is refused.
func TestExporterProbeRemove(t *testing.T) {
	t.Parallel()
	h := exporterProbeHost(t)
	h.mustRun(ExporterProbeName, "", probeArgs("unique_name")...)
	h.calls()
	h.mustRun(ExporterProbeName, "", "--remove", "yes")
	assertCalls(t, "remove", h.calls(), []string{"systemctl restart kplc-exporter.service"})
	h.assertNoFile("after --remove yes", probeEnv)
	h.mustRun(ExporterProbeName, "", "--remove", "yes")
	assertCalls(t, "remove again", h.calls(), nil)
	if r := h.run(ExporterProbeName, "", "--remove", "no"); r.code != 2 || !strings.Contains(r.stderr, "--remove 'no': expected yes") {
		t.Errorf("--remove no: exit %d, stderr %q", r.code, r.stderr)
	}
}
