package kplc_test

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/kafka-plc/kafka-plc/kplc"
	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
)

// unhealthyNLB plays an NLB whose listener on one port has no healthy backend yet: its first
// refuse dials there are refused (as an NLB listener without a healthy backend does), later
// ones go through. It counts every dial to that port.
type unhealthyNLB struct {
	via    string
	port   string
	mu     sync.Mutex
	refuse int
	dials  int
}

func (n *unhealthyNLB) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	_, port, _ := net.SplitHostPort(addr)
	if port == n.port {
		n.mu.Lock()
		n.dials++
		refused := n.refuse > 0
		if refused {
			n.refuse--
		}
		n.mu.Unlock()
		if refused {
			return nil, fmt.Errorf("dialing %s (stand-in NLB, backend not yet healthy): %w", addr, syscall.ECONNREFUSED)
		}
	}
	return kplc.NLBDialer(n.via)(ctx, network, addr)
}

func (n *unhealthyNLB) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.dials
}

// On a first deploy the NLB forwards to a broker only once its health checks passed: the probe
// asks again (bounded by HealthWait) instead of failing the port it asked too early.
func TestProbeWaitsForNLBHealthChecks(t *testing.T) {
	r := startRehearsal(t, rehearse.DefaultTopology(), rehearse.Options{})
	port2 := strconv.Itoa(r.Topology.FirstPort() + 1)

	t.Run("asked once, a port without a healthy backend yet fails", func(t *testing.T) {
		nlb := &unhealthyNLB{via: r.ProbeConfig().Via, port: port2, refuse: 3}
		cfg := r.ProbeConfig()
		cfg.Dial, cfg.SkipRoundtrip = nlb.dial, true
		rep := probe(t, cfg)
		if rep.OK() || !strings.Contains(strings.Join(rep.Problems(), "\n"), "port "+port2) {
			t.Fatalf("want port %s reported, got problems %q", port2, rep.Problems())
		}
	})

	t.Run("with a health wait, the port passes once the backend is healthy", func(t *testing.T) {
		nlb := &unhealthyNLB{via: r.ProbeConfig().Via, port: port2, refuse: 3}
		cfg := r.ProbeConfig()
		cfg.Dial, cfg.SkipRoundtrip = nlb.dial, true
		cfg.HealthWait, cfg.HealthPoll = 10*60e9, 10e6 // bounded far above need; 10 ms between tries
		rep := probe(t, cfg)
		if !rep.OK() {
			t.Fatalf("probe failed although the backend became healthy: %q", rep.Problems())
		}
		if nlb.count() < 4 {
			t.Errorf("%d dials to port %s, want at least 4 (3 refused, then one through)", nlb.count(), port2)
		}
	})

	t.Run("a port that reaches the wrong broker is judged at once", func(t *testing.T) {
		mr := startRehearsal(t, rehearse.DefaultTopology(), rehearse.Options{Miswire: true})
		nlb := &unhealthyNLB{via: mr.ProbeConfig().Via, port: strconv.Itoa(mr.Topology.FirstPort() + 1)}
		cfg := mr.ProbeConfig()
		cfg.Dial = nlb.dial
		cfg.HealthWait, cfg.HealthPoll = 10*60e9, 10e6
		rep := probe(t, cfg)
		if rep.OK() {
			t.Fatal("probe passed a miswired port map")
		}
		if n := nlb.count(); n != 1 {
			t.Errorf("%d dials to the miswired port, want 1: a wrong answer is not waited out", n)
		}
	})
}
