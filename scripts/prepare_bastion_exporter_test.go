package scripts

import (
	"context"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/twmb/franz-go/pkg/kfake"
)

const exporterUnit = "/etc/systemd/system/kplc-exporter.service"

func exporterArgs(sum string) []string {
	return append(bastionArgs(sum, "10.0.3.5:8081"),
		"--exporter-listen", "10.0.3.5:9308",
		"--exporter-bootstrap", "10.0.1.10:9092,10.0.2.10:9092,10.0.3.10:9092",
		"--exporter-brokers", "3")
}

// The exporter unit is installed beside kplc-dist.service, started once, left alone on an
// unchanged re-run, and restarted (with kplc-dist) when kplc changes.
func TestPrepareBastionInstallsExporterUnit(t *testing.T) {
	t.Parallel()
	h, sum, _ := newBastion(t)
	h.mustRun(PrepareBastionName, "", exporterArgs(sum)...)
	assertCalls(t, "fresh", h.calls(), []string{
		"curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 --max-time 1700 -o <root>/opt/kafka-plc/dist/.kafka_2.13-3.7.1.tgz.TMP -- https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz",
		"systemctl daemon-reload",
		"systemctl enable kplc-dist.service",
		"systemctl restart kplc-dist.service",
		"systemctl daemon-reload",
		"systemctl enable kplc-exporter.service",
		"systemctl restart kplc-exporter.service",
	})
	unit := h.readFile(h.rootPath(exporterUnit))
	for _, want := range []string{
		"ExecStart=/usr/local/bin/kplc exporter --listen 10.0.3.5:9308 --bootstrap 10.0.1.10:9092,10.0.2.10:9092,10.0.3.10:9092 --brokers 3 --timeout 8s $KPLC_EXPORTER_PROBE_ARGS\n",
		"EnvironmentFile=-/etc/kafka-plc/exporter-probe.env\n",
		"User=nobody\n", "NoNewPrivileges=yes\n", "ProtectSystem=strict\n", "MemoryMax=256M\n", "Restart=always\n",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("kplc-exporter.service lacks %q:\n%s", want, unit)
		}
	}

	before := h.snapshot(exporterUnit, "/etc/systemd/system/kplc-dist.service")
	h.mustRun(PrepareBastionName, "", exporterArgs(sum)...)
	assertCalls(t, "re-run", h.calls(), []string{"systemctl is-active kplc-dist.service", "systemctl is-active kplc-exporter.service"})
	h.assertUnchanged("re-run", before)

	h.writeFile(h.rootPath(distDir+"/kplc"), testKplc+"v2")
	h.mustRun(PrepareBastionName, "", exporterArgs(sum)...)
	assertCalls(t, "new kplc", h.calls(), []string{
		"systemctl enable kplc-dist.service",
		"systemctl restart kplc-dist.service",
		"systemctl enable kplc-exporter.service",
		"systemctl restart kplc-exporter.service",
	})
}

func TestPrepareBastionExporterRefusals(t *testing.T) {
	t.Parallel()
	h, sum, _ := newBastion(t)
	base := bastionArgs(sum, "10.0.3.5:8081")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--exporter-listen", "10.0.3.5:9308"}, "--exporter-listen, --exporter-bootstrap and --exporter-brokers go together"},
		{[]string{"--exporter-listen", "0.0.0.0:9308", "--exporter-bootstrap", "10.0.1.10:9092", "--exporter-brokers", "3"}, "never 0.0.0.0"},
		{[]string{"--exporter-listen", "10.0.3.5:8081", "--exporter-bootstrap", "10.0.1.10:9092", "--exporter-brokers", "3"}, "the dist server (--listen) already uses that address"},
		{[]string{"--exporter-listen", "10.0.3.5:9308", "--exporter-bootstrap", "10.0.1.10", "--exporter-brokers", "3"}, "--exporter-bootstrap '10.0.1.10': expected HOST:PORT"},
		{[]string{"--exporter-listen", "10.0.3.5:9308", "--exporter-bootstrap", "10.0.1.10:9092", "--exporter-brokers", "65"}, "--exporter-brokers '65': expected 1-64"},
		{[]string{"--exporter-listen", "10.0.3.5:9308", "--exporter-bootstrap", "10.0.1.10:9092", "--exporter-brokers", "0"}, "--exporter-brokers '0': expected 1-64"},
	} {
		r := h.run(PrepareBastionName, "", append(append([]string(nil), base...), tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
		if calls := h.calls(); len(calls) != 0 {
			t.Errorf("%q: a usage error touched the host: %q", tc.args, calls)
		}
	}
}

// TestBastionRunsExporterWithKplc runs the command line of the kplc-exporter.service unit that
// prepare-bastion.sh wrote, with the real kplc binary, a loopback address for the private IP
// and a kfake cluster for the brokers, and scrapes it: the unit serves the cluster's metrics
// in the Prometheus text format.
func TestBastionRunsExporterWithKplc(t *testing.T) {
	t.Parallel()
	kplcBin := buildKplc(t, t.TempDir())
	h, sum, _ := newBastion(t)
	h.mustRun(PrepareBastionName, "", exporterArgs(sum)...)
	// No exporter-probe.env yet (the NLB does not exist): the unit's command line has no probe flags.
	args := unitCommand(t, h)
	if len(args) < 2 || args[0] != "/usr/local/bin/kplc" || args[1] != "exporter" {
		t.Fatalf("ExecStart gives %q, want /usr/local/bin/kplc exporter ...", args)
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(3))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	listen := "127.0.0.1:" + strconv.Itoa(loopbackPort(t))
	for i, a := range args {
		switch a {
		case "10.0.3.5:9308":
			args[i] = listen
		case "10.0.1.10:9092,10.0.2.10:9092,10.0.3.10:9092":
			args[i] = strings.Join(c.ListenAddrs(), ",")
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, kplcBin, args[1:]...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); _ = cmd.Wait() }()

	var body []byte
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get("http://" + listen + "/metrics")
		if err == nil {
			body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the exporter never served /metrics on %s: %v\nstderr:\n%s", listen, err, stderr.String())
		}
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("not the Prometheus text format: %v\n%s", err, body)
	}
	up := families["kplc_up"]
	if up == nil || up.GetMetric()[0].GetGauge().GetValue() != 1 {
		t.Errorf("kplc_up = %v, want 1", up)
	}
	// --brokers 3 from the unit: node IDs 1..3 expected; kfake's are 0..2, so 3 is missing.
	missing := 0
	for _, m := range families["kplc_broker_registered"].GetMetric() {
		if m.GetGauge().GetValue() == 0 {
			missing++
			if m.GetLabel()[0].GetValue() != "3" {
				t.Errorf("missing broker %s, want 3", m.GetLabel()[0].GetValue())
			}
		}
	}
	if missing != 1 {
		t.Errorf("%d missing brokers, want 1 (node 3)", missing)
	}
}
