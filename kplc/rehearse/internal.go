package rehearse

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// The INTERNAL listeners. A real broker has two listeners: INTERNAL, which
// advertises its private address and serves the bastion and the other
// brokers, and EXTERNAL, which advertises the planned name and serves TiDB
// Cloud through the NLB. A kfake broker has a single listener, which
// advertises the EXTERNAL name. An INTERNAL listener here is a loopback port
// in front of that listener which rewrites every broker address in the
// responses that carry one (Metadata, FindCoordinator, DescribeCluster, and
// the leader hints of Produce and Fetch) to the INTERNAL listeners' own
// addresses, so a client bootstrapped there never sees, and never resolves,
// an EXTERNAL name.

// maxFrame bounds one Kafka request or response on an INTERNAL listener.
const maxFrame = 64 << 20

// hostPort is one broker's INTERNAL address.
type hostPort struct {
	host string
	port int32
}

// InternalBootstrap returns the INTERNAL listeners' addresses, comma-separated
// in node ID order, as a --bootstrap value; "" unless [Options].Internal was
// set.
func (r *Rehearsal) InternalBootstrap() string { return strings.Join(r.Internal, ",") }

// startInternal opens one INTERNAL listener per broker, in front of the
// broker's kfake listener at backends[i] (broker i+1).
func (r *Rehearsal) startInternal(backends []string) error {
	addrs := make(map[int32]hostPort, len(backends))
	lns := make([]net.Listener, 0, len(backends))
	for i := range backends {
		ln, err := net.Listen("tcp", LoopbackHost+":0")
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return fmt.Errorf("binding an INTERNAL listener on %s: %w", LoopbackHost, err)
		}
		lns = append(lns, ln)
		port := ln.Addr().(*net.TCPAddr).Port
		addrs[r.Topology.Brokers[i].NodeID] = hostPort{LoopbackHost, int32(port)}
		r.Internal = append(r.Internal, net.JoinHostPort(LoopbackHost, strconv.Itoa(port)))
	}
	r.lns = append(r.lns, lns...)
	for i, ln := range lns {
		r.wg.Add(1)
		go r.serveInternal(ln, backends[i], addrs)
	}
	return nil
}

// serveInternal accepts connections on ln and relays each to backend,
// rewriting the broker addresses in the responses.
func (r *Rehearsal) serveInternal(ln net.Listener, backend string, addrs map[int32]hostPort) {
	defer r.wg.Done()
	for {
		in, err := ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", backend)
		if err != nil {
			in.Close()
			continue
		}
		if !r.track(in, out) {
			return
		}
		pending := &inflight{m: map[int32]apiCall{}}
		r.wg.Add(2)
		go r.relayRequests(out, in, pending)
		go r.relayResponses(in, out, pending, addrs)
	}
}

// apiCall is the API key and version of a request awaiting its response.
type apiCall struct {
	key, version int16
}

// inflight maps correlation IDs to the requests awaiting a response on one
// connection.
type inflight struct {
	mu sync.Mutex
	m  map[int32]apiCall
}

func (f *inflight) put(corr int32, c apiCall) {
	f.mu.Lock()
	f.m[corr] = c
	f.mu.Unlock()
}

func (f *inflight) take(corr int32) (apiCall, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.m[corr]
	delete(f.m, corr)
	return c, ok
}

// relayRequests copies requests from the client (src) to the broker (dst),
// noting each one's API key and version by correlation ID.
func (r *Rehearsal) relayRequests(dst, src net.Conn, pending *inflight) {
	defer r.wg.Done()
	defer dst.Close()
	defer src.Close()
	br := bufio.NewReader(src)
	for {
		frame, err := readFrame(br)
		if err != nil {
			return
		}
		body := frame[4:]
		if len(body) < 8 {
			return
		}
		pending.put(int32(binary.BigEndian.Uint32(body[4:8])), apiCall{
			key:     int16(binary.BigEndian.Uint16(body[0:2])),
			version: int16(binary.BigEndian.Uint16(body[2:4])),
		})
		if _, err := dst.Write(frame); err != nil {
			return
		}
	}
}

// relayResponses copies responses from the broker (src) to the client (dst),
// rewriting broker addresses to addrs. A response that cannot be rewritten
// closes the connection: passing it on would hand the client an EXTERNAL
// name to resolve.
func (r *Rehearsal) relayResponses(dst, src net.Conn, pending *inflight, addrs map[int32]hostPort) {
	defer r.wg.Done()
	defer dst.Close()
	defer src.Close()
	br := bufio.NewReader(src)
	for {
		frame, err := readFrame(br)
		if err != nil {
			return
		}
		if len(frame) < 8 {
			return
		}
		if call, ok := pending.take(int32(binary.BigEndian.Uint32(frame[4:8]))); ok {
			if frame, err = readdressFrame(frame, call, addrs); err != nil {
				return
			}
		}
		if _, err := dst.Write(frame); err != nil {
			return
		}
	}
}

// readFrame reads one size-prefixed Kafka message, prefix included.
func readFrame(br *bufio.Reader) ([]byte, error) {
	var size [4]byte
	if _, err := io.ReadFull(br, size[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(size[:])
	if n > maxFrame {
		return nil, fmt.Errorf("kafka message of %d bytes exceeds %d", n, maxFrame)
	}
	frame := make([]byte, 4+int(n))
	copy(frame, size[:])
	if _, err := io.ReadFull(br, frame[4:]); err != nil {
		return nil, err
	}
	return frame, nil
}

// readdressFrame returns the response frame with every broker address it
// carries replaced by the INTERNAL one; frames of other APIs, and frames
// that name no known broker, come back as they were.
func readdressFrame(frame []byte, call apiCall, addrs map[int32]hostPort) ([]byte, error) {
	switch call.key {
	case 0, 1, 3, 10, 60: // Produce, Fetch, Metadata, FindCoordinator, DescribeCluster
	default:
		return frame, nil
	}
	req := kmsg.RequestForKey(call.key)
	req.SetVersion(call.version)
	hdr := 8 // size prefix and correlation ID
	if req.IsFlexible() {
		n, err := taggedFieldsLen(frame[hdr:])
		if err != nil {
			return nil, fmt.Errorf("response header of API %d v%d: %w", call.key, call.version, err)
		}
		hdr += n
	}
	resp := req.ResponseKind()
	resp.SetVersion(call.version)
	if err := resp.ReadFrom(frame[hdr:]); err != nil {
		return nil, fmt.Errorf("parsing response of API %d v%d: %w", call.key, call.version, err)
	}
	if !readdress(resp, addrs) {
		return frame, nil
	}
	out := append(append([]byte(nil), frame[:hdr]...), resp.AppendTo(nil)...)
	binary.BigEndian.PutUint32(out[:4], uint32(len(out)-4))
	return out, nil
}

// taggedFieldsLen returns the length of the tagged-field section at the
// start of b.
func taggedFieldsLen(b []byte) (int, error) {
	errShort := errors.New("truncated tagged fields")
	count, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, errShort
	}
	off := n
	for range count {
		_, n = binary.Uvarint(b[off:])
		if n <= 0 {
			return 0, errShort
		}
		off += n
		size, n := binary.Uvarint(b[off:])
		if n <= 0 || size > uint64(len(b)-off-n) {
			return 0, errShort
		}
		off += n + int(size)
	}
	return off, nil
}

// readdress replaces the broker addresses in resp; it reports whether any
// changed.
func readdress(resp kmsg.Response, addrs map[int32]hostPort) bool {
	changed := false
	set := func(id int32, host *string, port *int32) {
		if a, ok := addrs[id]; ok && (*host != a.host || *port != a.port) {
			*host, *port = a.host, a.port
			changed = true
		}
	}
	switch r := resp.(type) {
	case *kmsg.MetadataResponse:
		for i := range r.Brokers {
			b := &r.Brokers[i]
			set(b.NodeID, &b.Host, &b.Port)
		}
	case *kmsg.FindCoordinatorResponse:
		if r.Version < 4 {
			set(r.NodeID, &r.Host, &r.Port)
		}
		for i := range r.Coordinators {
			c := &r.Coordinators[i]
			set(c.NodeID, &c.Host, &c.Port)
		}
	case *kmsg.DescribeClusterResponse:
		for i := range r.Brokers {
			b := &r.Brokers[i]
			set(b.NodeID, &b.Host, &b.Port)
		}
	case *kmsg.ProduceResponse:
		for i := range r.Brokers {
			b := &r.Brokers[i]
			set(b.NodeID, &b.Host, &b.Port)
		}
	case *kmsg.FetchResponse:
		for i := range r.Brokers {
			b := &r.Brokers[i]
			set(b.NodeID, &b.Host, &b.Port)
		}
	}
	return changed
}
