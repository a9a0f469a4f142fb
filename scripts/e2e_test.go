package scripts

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
)

// TestVerifyEndToEnd runs the real verify.sh, through Command as the Pulumi
// program runs it on the bastion, with the real kplc binary (built from
// cmd/kplc) first on PATH, against the rehearsal topology of package
// kplc/rehearse, started in this process on free 127.0.0.1 ports.
//
// The brokers are kfake, an embedded Kafka-protocol implementation, NOT
// Apache Kafka: this test proves that verify.sh, kplc and the Kafka protocol
// fit together, not how a real broker behaves. The topology is three brokers
// that, like real ones, have two ways in:
//   - INTERNAL listeners (127.0.0.1, free ports) that advertise themselves,
//     which verify.sh's --bootstrap points at, for `kplc brokers` and
//     `kplc roundtrip`;
//   - a loopback port map that plays the NLB (--via 127.0.0.1 with the map's
//     bootstrap and first ports), behind which the brokers advertise their
//     planned EXTERNAL names, for `kplc probe-privatelink`.
//
// The miswired case swaps the NLB targets of brokers 2 and 3: the INTERNAL
// checks must still pass and the probe must fail, naming the ports and the
// brokers, with verify.sh exiting 1.
func TestVerifyEndToEnd(t *testing.T) {
	start := time.Now()
	kplcBin := buildKplc(t, t.TempDir())
	t.Logf("built cmd/kplc in %s", time.Since(start).Round(time.Millisecond))

	for _, tc := range []struct {
		name    string
		miswire bool
	}{
		{"correct port map passes", false},
		{"miswired port map fails", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			began := time.Now()
			r, err := rehearse.Start(rehearse.DefaultTopology(), rehearse.Options{AutoOffset: true, Internal: true, Miswire: tc.miswire})
			if err != nil {
				t.Fatalf("starting the rehearsal topology: %v", err)
			}
			t.Cleanup(r.Close)
			topo := r.Topology
			first := topo.FirstPort()

			h := newHost(t)
			// The real kplc replaces the stub.
			if err := os.Remove(filepath.Join(h.bin, "kplc")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(kplcBin, filepath.Join(h.bin, "kplc")); err != nil {
				t.Fatal(err)
			}

			res := h.run(VerifyName, "",
				"--bootstrap", r.InternalBootstrap(),
				"--via", rehearse.LoopbackHost,
				"--brokers", strconv.Itoa(len(topo.Brokers)),
				"--unique-name", topo.UniqueName,
				"--host-pattern", topo.HostPattern,
				"--bootstrap-port", strconv.Itoa(topo.BootstrapPort),
				"--first-port", strconv.Itoa(first),
				"--timeout", "20",
			)
			t.Logf("verify.sh (%s) ran in %s", tc.name, time.Since(began).Round(time.Millisecond))
			if calls := h.calls(); len(calls) > 0 {
				t.Errorf("verify.sh ran stub commands, want only the real kplc: %v", calls)
			}

			sum := parseSummary(t, res)
			wantCode, wantOK := 0, true
			if tc.miswire {
				wantCode, wantOK = 1, false
			}
			if res.code != wantCode || sum.OK != wantOK {
				t.Errorf("verify.sh exit %d with summary ok=%v, want exit %d ok=%v\nstdout:\n%s\nstderr:\n%s", res.code, sum.OK, wantCode, wantOK, res.stdout, res.stderr)
			}

			// brokers and roundtrip go over the INTERNAL listeners, which the
			// NLB's wiring does not touch: they pass in both cases.
			brokers := sum.check(t, "brokers")
			if !brokers.OK || brokers.Exit != 0 {
				t.Errorf("brokers check: ok=%v exit=%d, want ok\n%s", brokers.OK, brokers.Exit, brokers.Output)
			}
			var br struct {
				OK      bool `json:"ok"`
				Brokers []struct {
					NodeID  int32  `json:"nodeId"`
					Address string `json:"address"`
					OK      bool   `json:"ok"`
				} `json:"brokers"`
			}
			decodeOutput(t, brokers, &br)
			var got []string
			for _, b := range br.Brokers {
				got = append(got, fmt.Sprintf("%d@%s ok=%v", b.NodeID, b.Address, b.OK))
			}
			var want []string
			for i, a := range r.Internal {
				want = append(want, fmt.Sprintf("%d@%s ok=true", i+1, a))
			}
			if !br.OK || strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("kplc brokers over the INTERNAL bootstrap: ok=%v brokers %v, want ok and %v", br.OK, got, want)
			}

			roundtrip := sum.check(t, "roundtrip")
			var rt struct {
				OK       bool `json:"ok"`
				Produced int  `json:"produced"`
				Consumed int  `json:"consumed"`
				Brokers  []struct {
					NodeID int32 `json:"nodeId"`
				} `json:"brokers"`
			}
			decodeOutput(t, roundtrip, &rt)
			if !roundtrip.OK || roundtrip.Exit != 0 || !rt.OK || rt.Produced == 0 || rt.Consumed < rt.Produced || len(rt.Brokers) != 3 {
				t.Errorf("roundtrip check: ok=%v exit=%d produced=%d consumed=%d through %d brokers, want ok through 3\n%s",
					roundtrip.OK, roundtrip.Exit, rt.Produced, rt.Consumed, len(rt.Brokers), roundtrip.Output)
			}

			probe := sum.check(t, "probe-privatelink")
			var pr struct {
				OK        bool     `json:"ok"`
				Problems  []string `json:"problems"`
				Bootstrap string   `json:"bootstrap"`
				Ports     []struct {
					Port int   `json:"port"`
					Want int32 `json:"expectedBroker"`
					Got  int32 `json:"answeringBroker"`
				} `json:"ports"`
			}
			decodeOutput(t, probe, &pr)
			if pr.Bootstrap != r.Bootstrap() {
				t.Errorf("probe bootstrap %q, want the loopback NLB %q", pr.Bootstrap, r.Bootstrap())
			}
			// Which broker answers behind each broker port of the NLB.
			behind := map[int]int32{}
			for _, p := range pr.Ports {
				if p.Want > 0 {
					behind[p.Port] = p.Got
				}
			}
			wantBehind := map[int]int32{first: 1, first + 1: 2, first + 2: 3}
			if tc.miswire {
				wantBehind = map[int]int32{first: 1, first + 1: 3, first + 2: 2}
			}
			if fmt.Sprint(behind) != fmt.Sprint(wantBehind) {
				t.Errorf("probe saw port -> broker %v, want %v\n%s", behind, wantBehind, probe.Output)
			}

			if !tc.miswire {
				if !probe.OK || probe.Exit != 0 || !pr.OK || len(pr.Problems) > 0 {
					t.Errorf("probe-privatelink check: ok=%v exit=%d problems=%v, want ok\n%s", probe.OK, probe.Exit, pr.Problems, probe.Output)
				}
				return
			}
			if probe.OK || probe.Exit != 1 || pr.OK {
				t.Errorf("probe-privatelink check over a miswired NLB: ok=%v exit=%d, want a failure with exit 1\n%s", probe.OK, probe.Exit, probe.Output)
			}
			problems := strings.Join(pr.Problems, "\n")
			for _, w := range []string{
				fmt.Sprintf("port %d reaches broker 3, expected broker 2", first+1),
				fmt.Sprintf("port %d reaches broker 2, expected broker 3", first+2),
			} {
				if !strings.Contains(problems, w) {
					t.Errorf("probe problems do not say %q:\n%s", w, problems)
				}
			}
			if !strings.Contains(res.stderr, "probe-privatelink failed (exit 1)") {
				t.Errorf("verify.sh's stderr does not name the failed check:\n%s", res.stderr)
			}
		})
	}
	t.Logf("whole end-to-end test (build included) took %s", time.Since(start).Round(time.Millisecond))
}

// verifySummary is verify.sh's JSON summary.
type verifySummary struct {
	OK     bool          `json:"ok"`
	Checks []verifyCheck `json:"checks"`
}

// verifyCheck is one check of the summary.
type verifyCheck struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Exit   int    `json:"exit"`
	Output string `json:"output"`
}

// parseSummary decodes verify.sh's stdout, which must be exactly one JSON
// object listing brokers, roundtrip and probe-privatelink in that order.
func parseSummary(t *testing.T, res result) verifySummary {
	t.Helper()
	var s verifySummary
	dec := json.NewDecoder(strings.NewReader(res.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("verify.sh's stdout is not its JSON summary: %v\nexit %d\nstdout:\n%s\nstderr:\n%s", err, res.code, res.stdout, res.stderr)
	}
	if rest := strings.TrimSpace(res.stdout[dec.InputOffset():]); rest != "" {
		t.Errorf("verify.sh printed more than the summary on stdout: %q", rest)
	}
	var names []string
	for _, c := range s.Checks {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, " "); got != "brokers roundtrip probe-privatelink" {
		t.Fatalf("summary checks %q, want brokers, roundtrip, probe-privatelink\n%s", got, res.stdout)
	}
	return s
}

// check returns the named check of the summary.
func (s verifySummary) check(t *testing.T, name string) verifyCheck {
	t.Helper()
	for _, c := range s.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("summary has no %s check", name)
	return verifyCheck{}
}

// decodeOutput decodes the JSON report kplc printed (--format json) at the
// start of a check's output into v.
func decodeOutput(t *testing.T, c verifyCheck, v any) {
	t.Helper()
	if err := json.NewDecoder(strings.NewReader(c.Output)).Decode(v); err != nil {
		t.Fatalf("%s check: output is not kplc's JSON report: %v\n%s", c.Name, err, c.Output)
	}
}
