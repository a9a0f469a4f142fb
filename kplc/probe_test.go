package kplc_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc"
	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
)

func startRehearsal(tb testing.TB, topo rehearse.Topology, opts rehearse.Options) *rehearse.Rehearsal {
	tb.Helper()
	opts.AutoOffset = true
	r, err := rehearse.Start(topo, opts)
	if err != nil {
		tb.Fatalf("rehearse.Start: %v", err)
	}
	tb.Cleanup(r.Close)
	return r
}

func probe(t *testing.T, cfg kplc.ProbeConfig) kplc.ProbeReport {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rep, err := kplc.ProbePrivateLink(ctx, cfg)
	if err != nil {
		t.Fatalf("ProbePrivateLink: %v", err)
	}
	return rep
}

func TestProbePrivateLink(t *testing.T) {
	r := startRehearsal(t, rehearse.DefaultTopology(), rehearse.Options{})
	rep := probe(t, r.ProbeConfig())
	if !rep.OK() {
		t.Fatalf("probe failed on a correct port map: %q", rep.Problems())
	}
	first := r.Topology.FirstPort()
	for _, p := range rep.Ports[1:] {
		if p.Got != p.Want || p.Port != first+int(p.Want)-1 {
			t.Errorf("port %d: got broker %d, want %d", p.Port, p.Got, p.Want)
		}
	}
	if rep.Roundtrip == nil || !rep.Roundtrip.OK() {
		t.Fatalf("roundtrip over the mapped path did not run or failed: %+v", rep.Roundtrip)
	}
}

func TestProbePrivateLinkMiswired(t *testing.T) {
	r := startRehearsal(t, rehearse.DefaultTopology(), rehearse.Options{Miswire: true})
	rep := probe(t, r.ProbeConfig())
	if rep.OK() {
		t.Fatal("probe passed a miswired port map")
	}
	p2 := strconv.Itoa(r.Topology.FirstPort() + 1)
	p3 := strconv.Itoa(r.Topology.FirstPort() + 2)
	problems := strings.Join(rep.Problems(), "\n")
	for _, want := range []string{
		"port " + p2 + " reaches broker 3, expected broker 2",
		"port " + p3 + " reaches broker 2, expected broker 3",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems do not contain %q:\n%s", want, problems)
		}
	}
	if rep.Roundtrip != nil {
		t.Error("roundtrip ran over a path known to be miswired")
	}
}

func TestProbePrivateLinkAdvertisedPattern(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*rehearse.Topology, *kplc.ProbeConfig)
		want []string
	}{
		{
			// The manual guide's broker 3 example breaks the pattern.
			name: "guide's broker 3 name",
			mod: func(t *rehearse.Topology, _ *kplc.ProbeConfig) {
				t.Brokers[2].AdvertisedHost = "b3.ap-southeast-1c.unique_name.alicloud.plc.tidbcloud.com"
			},
			want: []string{"broker 3 advertises b3.ap-southeast-1c.unique_name.alicloud.plc.tidbcloud.com:", "the plan says b3.unique_name.alicloud.plc.tidbcloud.com:"},
		},
		{
			name: "unique name set but brokers still advertise the placeholder",
			mod:  func(_ *rehearse.Topology, c *kplc.ProbeConfig) { c.UniqueName = "abc123" },
			want: []string{"broker 1 advertises b1.unique_name.", "the plan says b1.abc123.", "broker 2 advertises", "broker 3 advertises"},
		},
		{
			name: "one broker more than planned",
			mod:  func(_ *rehearse.Topology, c *kplc.ProbeConfig) { c.Brokers = 2 },
			want: []string{"broker 3 (advertised b3.unique_name.alicloud.plc.tidbcloud.com:", "outside the plan's node IDs 1-2"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := rehearse.DefaultTopology()
			var cfg kplc.ProbeConfig
			tc.mod(&topo, &cfg)
			r := startRehearsal(t, topo, rehearse.Options{})
			base := r.ProbeConfig()
			if cfg.UniqueName != "" {
				base.UniqueName = cfg.UniqueName
			}
			if cfg.Brokers != 0 {
				base.Brokers = cfg.Brokers
			}
			rep := probe(t, base)
			problems := strings.Join(rep.Problems(), "\n")
			for _, want := range tc.want {
				if !strings.Contains(problems, want) {
					t.Errorf("problems do not contain %q:\n%s", want, problems)
				}
			}
		})
	}
}

func TestProbeConfigErrors(t *testing.T) {
	good := kplc.ProbeConfig{Via: "127.0.0.1", BootstrapPort: 9092, FirstPort: 9093, Brokers: 3, HostPattern: kplc.DefaultHostPattern, UniqueName: "u"}
	for _, tc := range []struct {
		name string
		mod  func(*kplc.ProbeConfig)
		want string
	}{
		{"no via", func(c *kplc.ProbeConfig) { c.Via = "" }, "--via is empty"},
		{"pattern without id", func(c *kplc.ProbeConfig) { c.HostPattern = "kafka.{uniqueName}.example" }, "has no {id}"},
		{"bootstrap collides", func(c *kplc.ProbeConfig) { c.BootstrapPort = 9094 }, "--bootstrap-port 9094 collides with the broker ports 9093-9095"},
		{"bad port", func(c *kplc.ProbeConfig) { c.FirstPort = 70000 }, "--first-port 70000 is not a TCP port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			tc.mod(&cfg)
			_, err := kplc.ProbePrivateLink(context.Background(), cfg)
			var ue *kplc.UsageError
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &ue) {
				t.Fatalf("err = %v, want a usage error containing %q", err, tc.want)
			}
		})
	}
}

// BenchmarkProbePrivateLink measures checks (a) and (b) of the probe
// against the rehearsal (kfake behind a loopback NLB); check (c), the
// roundtrip, is measured by BenchmarkProbePrivateLinkWithRoundtrip.
func BenchmarkProbePrivateLink(b *testing.B) {
	r := startRehearsal(b, rehearse.DefaultTopology(), rehearse.Options{})
	cfg := r.ProbeConfig()
	cfg.SkipRoundtrip = true
	benchProbe(b, cfg)
}

// BenchmarkProbePrivateLinkWithRoundtrip measures the whole probe.
func BenchmarkProbePrivateLinkWithRoundtrip(b *testing.B) {
	r := startRehearsal(b, rehearse.DefaultTopology(), rehearse.Options{})
	benchProbe(b, r.ProbeConfig())
}

func benchProbe(b *testing.B, cfg kplc.ProbeConfig) {
	ctx := context.Background()
	for b.Loop() {
		rep, err := kplc.ProbePrivateLink(ctx, cfg)
		if err != nil || !rep.OK() {
			b.Fatalf("probe failed: %v %q", err, rep.Problems())
		}
	}
}

// Validate names the flags of the command that carries the probe: kplc exporter's --probe-*.
func TestProbeConfigValidateNamesPrefixedFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  kplc.ProbeConfig
		want string
	}{
		{"no via", kplc.ProbeConfig{BootstrapPort: 9092, FirstPort: 9093, Brokers: 3, HostPattern: kplc.DefaultHostPattern, UniqueName: "u"}, "--probe-via is empty"},
		{"bad bootstrap port", kplc.ProbeConfig{Via: "nlb", BootstrapPort: 0, FirstPort: 9093, Brokers: 3, HostPattern: kplc.DefaultHostPattern, UniqueName: "u"}, "--probe-bootstrap-port 0 is not a TCP port"},
		{"no unique name", kplc.ProbeConfig{Via: "nlb", BootstrapPort: 9092, FirstPort: 9093, Brokers: 3, HostPattern: kplc.DefaultHostPattern}, "--probe-unique-name is empty"},
		{"no brokers", kplc.ProbeConfig{Via: "nlb", BootstrapPort: 9092, FirstPort: 9093, HostPattern: kplc.DefaultHostPattern, UniqueName: "u"}, "--brokers 0: need at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.cfg.Validate("probe-"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate(probe-) = %v, want %q", err, tc.want)
			}
		})
	}
}

// ProbePorts is checks (a) and (b) without the roundtrip: on a miswired NLB it names the two
// swapped ports, and on a correct one every port reaches its broker, with no roundtrip run.
func TestProbePorts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		miswire bool
	}{{"correct map", false}, {"miswired", true}} {
		t.Run(tc.name, func(t *testing.T) {
			r := startRehearsal(t, rehearse.DefaultTopology(), rehearse.Options{Miswire: tc.miswire})
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			rep, err := kplc.ProbePorts(ctx, r.ProbeConfig())
			if err != nil {
				t.Fatal(err)
			}
			if rep.Roundtrip != nil {
				t.Error("ProbePorts ran a roundtrip")
			}
			if len(rep.Ports) != 4 {
				t.Fatalf("ports %+v, want the bootstrap port and 3 broker ports", rep.Ports)
			}
			for _, p := range rep.Ports {
				swapped := tc.miswire && (p.Want == 2 || p.Want == 3)
				if (p.Err != nil) != swapped {
					t.Errorf("port %d (broker %d): err %v, want an error: %v", p.Port, p.Want, p.Err, swapped)
				}
			}
		})
	}
}
