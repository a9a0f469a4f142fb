package rehearse

import (
	"context"
	"strings"
	"testing"
	"time"
)

func start(t *testing.T, opts Options) *Rehearsal {
	t.Helper()
	opts.AutoOffset = true
	r, err := Start(DefaultTopology(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(r.Close)
	return r
}

func TestRehearsalPasses(t *testing.T) {
	r := start(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rep := r.Run(ctx)
	if !rep.OK() {
		t.Fatalf("rehearsal failed: brokersErr=%v probeErr=%v problems=%v failed=%v", rep.BrokersErr, rep.ProbeErr, rep.Probe.Problems(), rep.Brokers.Failed())
	}
	if len(rep.Brokers.Brokers) != 3 {
		t.Fatalf("got %d brokers, want 3", len(rep.Brokers.Brokers))
	}
	first := r.Topology.FirstPort()
	for i, b := range rep.Brokers.Brokers {
		wantHost := strings.Replace("b?.unique_name.alicloud.plc.tidbcloud.com", "?", string(rune('1'+i)), 1)
		if b.Host != wantHost || int(b.Port) != first+i {
			t.Errorf("broker %d advertises %s, want %s:%d", b.NodeID, b.Addr(), wantHost, first+i)
		}
	}
	if rep.Roundtrip == nil || rep.Roundtrip.Produced == 0 || len(rep.Roundtrip.Brokers) != 3 {
		t.Fatalf("roundtrip did not exercise all three brokers: %+v", rep.Roundtrip)
	}
}

func TestRehearsalMiswireCaught(t *testing.T) {
	r := start(t, Options{Miswire: true})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rep := r.Run(ctx)
	if rep.OK() {
		t.Fatal("a miswired NLB passed the rehearsal")
	}
	first := r.Topology.FirstPort()
	joined := strings.Join(rep.Probe.Problems(), "\n")
	for _, want := range []string{
		"port " + itoa(first+1) + " reaches broker 3, expected broker 2",
		"port " + itoa(first+2) + " reaches broker 2, expected broker 3",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("probe problems do not contain %q:\n%s", want, joined)
		}
	}
}

func TestTopologyValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*Topology)
		want string
	}{
		{"ids not 1..N", func(t *Topology) { t.Brokers[1].NodeID = 7 }, "node IDs 1..3"},
		{"port gap", func(t *Topology) { t.Brokers[2].NLBPort = 9099 }, "port plan says 9095"},
		{"bootstrap collides", func(t *Topology) { t.BootstrapPort = 9094 }, "collides"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := DefaultTopology()
			tc.mod(&topo)
			err := topo.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate() = %v, want error containing %q", err, tc.want)
			}
		})
	}
}

func itoa(i int) string { return fmtInt(i) }

func fmtInt(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
