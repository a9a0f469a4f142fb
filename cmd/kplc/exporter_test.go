package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafka-plc/kafka-plc/kplc/metrics"
	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
)

func TestExporterRefusals(t *testing.T) {
	many := []string{"exporter", "--bootstrap", "127.0.0.1:9092", "--listen", "127.0.0.1:0"}
	for i := 0; i <= metrics.MaxGroups; i++ {
		many = append(many, "--group", fmt.Sprintf("g%d", i))
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"exporter", "--bootstrap", "127.0.0.1:9092", "--listen", "0.0.0.0:9308"}, "never 0.0.0.0"},
		{[]string{"exporter", "--bootstrap", "127.0.0.1:9092"}, `--listen "": expected IP:PORT`},
		{[]string{"exporter", "--bootstrap", "127.0.0.1:9092", "--listen", "47.74.1.2:9308"}, "47.74.1.2 is not a private address"},
		{[]string{"exporter", "--listen", "127.0.0.1:9308"}, "--bootstrap is required"},
		{[]string{"exporter", "--bootstrap", "127.0.0.1:9092", "--listen", "127.0.0.1:0", "--brokers", "65"}, "--brokers 65: must be 0 (unknown) to 64"},
		{[]string{"exporter", "--bootstrap", "127.0.0.1:9092", "--listen", "127.0.0.1:0", "--reuse", "-1s"}, "--reuse -1s"},
		{many, "17 --group flags: at most 16"},
		{[]string{"exporter", "--bootstrap", "127.0.0.1:9092", "--listen", "127.0.0.1:0", "--probe-unique-name", "u"}, "--probe-unique-name given without --probe-via"},
		{[]string{"exporter", "--bootstrap", "127.0.0.1:9092", "--listen", "127.0.0.1:0", "--probe-via", "nlb.example"}, "--brokers 0: need at least 1"},
		{[]string{"exporter", "--bootstrap", "127.0.0.1:9092", "--listen", "127.0.0.1:0", "--brokers", "3", "--probe-via", "nlb.example", "--probe-first-port", "9091"}, "--probe-bootstrap-port 9092 collides with the broker ports 9091-9093"},
		{[]string{"exporter", "--bootstrap", "127.0.0.1:9092", "--listen", "127.0.0.1:0", "--brokers", "3", "--probe-via", "nlb.example", "--probe-host-pattern", "kafka.example"}, `--probe-host-pattern "kafka.example" has no {id}`},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, exitUsage, tc.want)
		}
	}
}

// seedTopicAndGroup creates topic t (kfake describes only log dirs that hold a partition) and
// commits offset 0 of t-0 for group sink.
func seedTopicAndGroup(t *testing.T, addrs []string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addrs...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	adm := kadm.NewClient(cl)
	if _, err := adm.CreateTopic(ctx, 1, 3, nil, "t"); err != nil {
		t.Fatal(err)
	}
	var o kadm.Offsets
	o.Add(kadm.Offset{Topic: "t", Partition: 0, At: 0, LeaderEpoch: -1})
	if err := adm.CommitAllOffsets(ctx, "sink", o); err != nil {
		t.Fatal(err)
	}
}

// `kplc exporter` against kfake serves /metrics in the Prometheus text exposition format,
// with every metric family of the catalogue that a reachable cluster has, and stops cleanly
// on SIGTERM (systemd's stop).
func TestExporterServesExpositionFormat(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(3))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	seedTopicAndGroup(t, c.ListenAddrs())
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
	done := make(chan int, 1)
	go func() {
		code, _, _ := runCLI(t, "exporter", "--listen", addr, "--bootstrap", c.ListenAddrs()[0], "--brokers", "3", "--group", "sink", "--reuse", "0")
		done <- code
	}()
	body, ct := scrapeWhenServing(t, addr, done)
	if !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q, want the text exposition format", ct)
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("the output is not the Prometheus text format: %v\n%s", err, body)
	}
	// kfake has no DescribeQuorum, so the quorum's families are absent (source down).
	// Without --probe-via only kplc_probe_configured (0) of the probe's families is served.
	absent := map[string]bool{"kplc_controller_active": true, "kplc_quorum_leader": true, "kplc_quorum_voter_caught_up": true,
		"kplc_probe_port_up": true, "kplc_probe_port_duration_seconds": true, "kplc_probe_advertised_ok": true}
	for _, d := range metrics.Catalogue() {
		if _, ok := families[d.Name]; ok == absent[d.Name] {
			t.Errorf("family %s present = %v, want %v", d.Name, ok, !absent[d.Name])
		}
	}
	if up := families["kplc_up"]; up == nil || up.GetMetric()[0].GetGauge().GetValue() != 1 {
		t.Errorf("kplc_up = %v, want 1", up)
	}
	if _, ok := families["process_resident_memory_bytes"]; !ok {
		t.Error("the exporter's own process metrics are missing")
	}
	if r, err := http.Get("http://" + addr + "/"); err != nil || r.StatusCode != http.StatusNotFound {
		t.Errorf("GET / = %v %v, want 404: only /metrics is served", r, err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := <-done; code != exitOK {
		t.Errorf("exporter exited %d after SIGTERM, want 0", code)
	}
}

// With the --probe-* flags (as the bastion's exporter-probe.env passes them), `kplc exporter`
// probes the rehearsal's NLB on every scrape: on a miswired map (brokers 2 and 3 swapped) the
// swapped ports show kplc_probe_port_up 0, the bootstrap port and broker 1's show 1.
func TestExporterProbeFlags(t *testing.T) {
	r, err := rehearse.Start(rehearse.DefaultTopology(), rehearse.Options{AutoOffset: true, Internal: true, Miswire: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
	done := make(chan int, 1)
	go func() {
		code, _, _ := runCLI(t, "exporter", "--listen", addr, "--bootstrap", r.InternalBootstrap(), "--brokers", "3", "--reuse", "0",
			"--probe-via", rehearse.LoopbackHost, "--probe-bootstrap-port", strconv.Itoa(r.Topology.BootstrapPort),
			"--probe-first-port", strconv.Itoa(r.Topology.FirstPort()), "--probe-host-pattern", r.Topology.HostPattern,
			"--probe-unique-name", r.Topology.UniqueName)
		done <- code
	}()
	body, _ := scrapeWhenServing(t, addr, done)
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("not the exposition format: %v\n%s", err, body)
	}
	got := map[string]float64{}
	for _, m := range families["kplc_probe_port_up"].GetMetric() {
		got[m.GetLabel()[0].GetValue()] = m.GetGauge().GetValue()
	}
	if want := map[string]float64{"bootstrap": 1, "1": 1, "2": 0, "3": 0}; !maps.Equal(got, want) {
		t.Errorf("kplc_probe_port_up = %v, want %v", got, want)
	}
	if c := families["kplc_probe_configured"]; c == nil || c.GetMetric()[0].GetGauge().GetValue() != 1 {
		t.Errorf("kplc_probe_configured = %v, want 1", c)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := <-done; code != exitOK {
		t.Errorf("exporter exited %d after SIGTERM, want 0", code)
	}
}

// scrapeWhenServing GETs http://addr/metrics until the exporter started in the background
// answers (at most 20 s), failing the test if it exits first (its exit code arrives on done)
// or answers other than 200. It returns the body and the Content-Type.
func scrapeWhenServing(t *testing.T, addr string, done <-chan int) ([]byte, string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err == nil {
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("GET /metrics: %d %v", resp.StatusCode, err)
			}
			return body, resp.Header.Get("Content-Type")
		}
		select {
		case code := <-done:
			t.Fatalf("exporter exited %d before serving", code)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("exporter never answered on %s: %v", addr, err)
		}
	}
}
