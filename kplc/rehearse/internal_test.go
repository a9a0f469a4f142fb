package rehearse

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// loopbackOnly is a dialer that records every address asked for and refuses
// any that is not an INTERNAL listener, so a client that was handed an
// EXTERNAL name fails instead of resolving it.
type loopbackOnly struct {
	allowed map[string]bool
	mu      sync.Mutex
	refused []string
}

func (l *loopbackOnly) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if !l.allowed[addr] {
		l.mu.Lock()
		l.refused = append(l.refused, addr)
		l.mu.Unlock()
		return nil, fmt.Errorf("test dialer: %s is not an INTERNAL listener", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

func TestInternalListenersAdvertiseThemselves(t *testing.T) {
	for _, miswire := range []bool{false, true} {
		t.Run(fmt.Sprintf("miswire=%v", miswire), func(t *testing.T) {
			r := start(t, Options{Internal: true, Miswire: miswire})
			if len(r.Internal) != 3 || r.InternalBootstrap() != strings.Join(r.Internal, ",") {
				t.Fatalf("Internal = %v, InternalBootstrap = %q; want 3 addresses", r.Internal, r.InternalBootstrap())
			}
			guard := &loopbackOnly{allowed: map[string]bool{}}
			for _, a := range r.Internal {
				guard.allowed[a] = true
			}
			o := kplc.Options{Bootstrap: r.Internal, Dial: guard.dial}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()

			rep, err := kplc.CheckBrokers(ctx, o)
			if err != nil {
				t.Fatalf("CheckBrokers over the INTERNAL listeners: %v", err)
			}
			if len(rep.Brokers) != 3 {
				t.Fatalf("got %d brokers, want 3: %+v", len(rep.Brokers), rep.Brokers)
			}
			for i, b := range rep.Brokers {
				if b.Addr() != r.Internal[i] || b.Err != nil {
					t.Errorf("broker %d: advertised %s (err %v), want its INTERNAL listener %s", b.NodeID, b.Addr(), b.Err, r.Internal[i])
				}
			}

			// The roundtrip creates a topic, produces and consumes in a
			// group: every connection it opens must be an INTERNAL one.
			rt := kplc.Roundtrip(ctx, o, kplc.RoundtripOptions{})
			if !rt.OK() || len(rt.Brokers) != 3 {
				t.Fatalf("roundtrip over the INTERNAL listeners: ok=%v brokers=%d problems=%v", rt.OK(), len(rt.Brokers), rt.Problems())
			}
			if len(guard.refused) > 0 {
				t.Errorf("the client was sent to non-INTERNAL addresses: %v", guard.refused)
			}

			// The NLB path still advertises the EXTERNAL names.
			nlb, err := kplc.CheckBrokers(ctx, r.ClientOptions())
			if err != nil {
				t.Fatalf("CheckBrokers through the NLB: %v", err)
			}
			for _, b := range nlb.Brokers {
				if !strings.HasSuffix(b.Host, ".alicloud.plc.tidbcloud.com") {
					t.Errorf("through the NLB broker %d advertises %s, want its EXTERNAL name", b.NodeID, b.Addr())
				}
			}
		})
	}
}

func TestInternalListenersOffByDefault(t *testing.T) {
	r := start(t, Options{})
	if r.Internal != nil || r.InternalBootstrap() != "" {
		t.Fatalf("Internal = %v without Options.Internal, want none", r.Internal)
	}
}

// responseFrame encodes resp as a broker would send it: size, correlation ID,
// the flexible header's tagged fields (hdrTags, raw), then the body.
func responseFrame(corr int32, resp kmsg.Response, hdrTags []byte) []byte {
	out := binary.BigEndian.AppendUint32(make([]byte, 4), uint32(corr))
	out = append(out, hdrTags...)
	out = resp.AppendTo(out)
	binary.BigEndian.PutUint32(out[:4], uint32(len(out)-4))
	return out
}

func TestReaddressFrame(t *testing.T) {
	internal := map[int32]hostPort{1: {"127.0.0.1", 4001}, 2: {"127.0.0.1", 4002}}
	ext := func(id int32) (string, int32) { return fmt.Sprintf("b%d.u.example", id), 9092 + id }
	// Every case builds a response naming brokers 1 and 2 (and 7, unknown,
	// which must be left alone) and lists the addresses it then carries.
	for _, tc := range []struct {
		name    string
		key     int16
		version int16
		tags    []byte // response header tagged fields (flexible versions only)
		build   func() kmsg.Response
		addrs   func(kmsg.Response) []string
	}{
		{"metadata v12 with a header tag", 3, 12, []byte{1, 5, 2, 0xaa, 0xbb}, func() kmsg.Response {
			r := kmsg.NewPtrMetadataResponse()
			for _, id := range []int32{1, 2, 7} {
				b := kmsg.NewMetadataResponseBroker()
				b.NodeID = id
				b.Host, b.Port = ext(id)
				r.Brokers = append(r.Brokers, b)
			}
			return r
		}, func(resp kmsg.Response) (out []string) {
			for _, b := range resp.(*kmsg.MetadataResponse).Brokers {
				out = append(out, fmt.Sprintf("%d=%s:%d", b.NodeID, b.Host, b.Port))
			}
			return out
		}},
		{"find coordinator v2", 10, 2, nil, func() kmsg.Response {
			r := kmsg.NewPtrFindCoordinatorResponse()
			r.NodeID = 2
			r.Host, r.Port = ext(2)
			return r
		}, func(resp kmsg.Response) []string {
			r := resp.(*kmsg.FindCoordinatorResponse)
			return []string{fmt.Sprintf("%d=%s:%d", r.NodeID, r.Host, r.Port)}
		}},
		{"find coordinator v4", 10, 4, []byte{0}, func() kmsg.Response {
			r := kmsg.NewPtrFindCoordinatorResponse()
			for _, id := range []int32{1, 7} {
				c := kmsg.NewFindCoordinatorResponseCoordinator()
				c.Key, c.NodeID = "g", id
				c.Host, c.Port = ext(id)
				r.Coordinators = append(r.Coordinators, c)
			}
			return r
		}, func(resp kmsg.Response) (out []string) {
			for _, c := range resp.(*kmsg.FindCoordinatorResponse).Coordinators {
				out = append(out, fmt.Sprintf("%d=%s:%d", c.NodeID, c.Host, c.Port))
			}
			return out
		}},
		{"describe cluster v0", 60, 0, []byte{0}, func() kmsg.Response {
			r := kmsg.NewPtrDescribeClusterResponse()
			b := kmsg.NewDescribeClusterResponseBroker()
			b.NodeID = 1
			b.Host, b.Port = ext(1)
			r.Brokers = append(r.Brokers, b)
			return r
		}, func(resp kmsg.Response) (out []string) {
			for _, b := range resp.(*kmsg.DescribeClusterResponse).Brokers {
				out = append(out, fmt.Sprintf("%d=%s:%d", b.NodeID, b.Host, b.Port))
			}
			return out
		}},
		{"produce v10 leader hint", 0, 10, []byte{0}, func() kmsg.Response {
			r := kmsg.NewPtrProduceResponse()
			b := kmsg.NewProduceResponseBroker()
			b.NodeID = 2
			b.Host, b.Port = ext(2)
			r.Brokers = append(r.Brokers, b)
			return r
		}, func(resp kmsg.Response) (out []string) {
			for _, b := range resp.(*kmsg.ProduceResponse).Brokers {
				out = append(out, fmt.Sprintf("%d=%s:%d", b.NodeID, b.Host, b.Port))
			}
			return out
		}},
		{"fetch v16 leader hint", 1, 16, []byte{0}, func() kmsg.Response {
			r := kmsg.NewPtrFetchResponse()
			b := kmsg.NewFetchResponseBroker()
			b.NodeID = 1
			b.Host, b.Port = ext(1)
			r.Brokers = append(r.Brokers, b)
			return r
		}, func(resp kmsg.Response) (out []string) {
			for _, b := range resp.(*kmsg.FetchResponse).Brokers {
				out = append(out, fmt.Sprintf("%d=%s:%d", b.NodeID, b.Host, b.Port))
			}
			return out
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := tc.build()
			resp.SetVersion(tc.version)
			var want []string
			for _, a := range tc.addrs(resp) {
				var id int32
				fmt.Sscanf(a, "%d=", &id)
				if in, ok := internal[id]; ok {
					a = fmt.Sprintf("%d=%s:%d", id, in.host, in.port)
				}
				want = append(want, a)
			}
			frame := responseFrame(42, resp, tc.tags)
			got, err := readdressFrame(frame, apiCall{tc.key, tc.version}, internal)
			if err != nil {
				t.Fatalf("readdressFrame: %v", err)
			}
			if size := binary.BigEndian.Uint32(got[:4]); int(size) != len(got)-4 {
				t.Fatalf("size prefix %d, frame has %d bytes after it", size, len(got)-4)
			}
			hdr := 8 + len(tc.tags)
			if string(got[4:hdr]) != string(frame[4:hdr]) {
				t.Fatalf("response header changed: % x, want % x", got[4:hdr], frame[4:hdr])
			}
			back := kmsg.ResponseForKey(tc.key)
			back.SetVersion(tc.version)
			if err := back.ReadFrom(got[hdr:]); err != nil {
				t.Fatalf("rewritten response does not parse: %v", err)
			}
			if g := tc.addrs(back); strings.Join(g, " ") != strings.Join(want, " ") {
				t.Errorf("addresses after rewrite: %v, want %v", g, want)
			}
		})
	}
}

func TestReaddressFrameLeavesOtherAPIs(t *testing.T) {
	resp := kmsg.NewPtrApiVersionsResponse()
	frame := responseFrame(1, resp, nil)
	got, err := readdressFrame(frame, apiCall{18, 0}, map[int32]hostPort{1: {"127.0.0.1", 1}})
	if err != nil || string(got) != string(frame) {
		t.Fatalf("ApiVersions frame changed (err %v)", err)
	}
}

func TestReaddressFrameRejectsGarbage(t *testing.T) {
	frame := []byte{0, 0, 0, 6, 0, 0, 0, 1, 0xff, 0xff}
	if _, err := readdressFrame(frame, apiCall{3, 12}, map[int32]hostPort{}); err == nil {
		t.Fatal("a truncated Metadata response was passed on; it must close the connection")
	}
}
