package rehearse

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// noDNS dials loopback addresses and fails every name lookup the way the resolver does where
// the advertised names do not resolve (a laptop outside the VPC): no such host.
func noDNS(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if net.ParseIP(host) == nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// TestRoundtripReportsUnresolvedBrokersAsSuch: the bootstrap answers but the advertised names
// do not resolve. The roundtrip says it could not reach the controller (not that creating the
// topic "was refused") and suggests --via; with --via given the hint is not repeated (issue 16
// item 10).
func TestRoundtripReportsUnresolvedBrokersAsSuch(t *testing.T) {
	r := start(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	brokers, err := kplc.CheckBrokers(ctx, r.ClientOptions())
	if err != nil {
		t.Fatalf("CheckBrokers: %v", err)
	}
	controller := fmt.Sprintf("b%d.unique_name.alicloud.plc.tidbcloud.com", brokers.ControllerID)

	o := kplc.Options{Bootstrap: []string{r.Bootstrap()}, Dial: noDNS}
	rep := kplc.Roundtrip(ctx, o, kplc.RoundtripOptions{})
	want := "creating topic kplc-roundtrip: could not reach the controller to ask it: DNS lookup of " + controller + " failed: no such host. " +
		"The bootstrap address answered, but the brokers' advertised names do not resolve here: pass --via NLB_HOST to dial every advertised name at the NLB (as TiDB Cloud does), or run where the names resolve"
	if got := strings.Join(rep.Problems(), "\n"); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	if rep.Partitions != 0 || rep.Created || rep.Produced != 0 {
		t.Errorf("report claims a topic state it never read: %+v", rep)
	}

	o.Via = "nlb.example"
	rep = kplc.Roundtrip(ctx, o, kplc.RoundtripOptions{})
	want = "creating topic kplc-roundtrip: could not reach the controller to ask it: DNS lookup of " + controller + " failed: no such host"
	if got := strings.Join(rep.Problems(), "\n"); got != want {
		t.Errorf("with --via given, problems:\n%s\nwant:\n%s", got, want)
	}
}
