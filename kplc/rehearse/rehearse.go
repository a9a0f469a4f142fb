// Package rehearse runs the private-link path locally: an embedded
// Kafka-protocol implementation (kfake, not Apache Kafka) whose brokers
// advertise the planned EXTERNAL names and ports, behind an in-process TCP
// port map on loopback that plays the NLB exactly as the plan defines it.
package rehearse

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// Disclaimer is printed wherever the rehearsal's brokers are mentioned.
const Disclaimer = "brokers are an embedded Kafka-protocol implementation (kfake), not Apache Kafka"

// LoopbackHost is the address the rehearsal NLB listens on.
const LoopbackHost = "127.0.0.1"

// BrokerEndpoint is one broker of the rehearsed topology.
type BrokerEndpoint struct {
	// NodeID is the broker's node.id; IDs must be 1..N.
	NodeID int32
	// Rack is the broker's zone (kfake reports its own fixed rack).
	Rack string
	// AdvertisedHost is the EXTERNAL host the broker advertises.
	AdvertisedHost string
	// NLBPort is the NLB listener (and advertised port) for this broker.
	NLBPort int
}

// Topology is what the rehearsal builds: the NLB bootstrap port and the
// brokers with their advertised names and NLB ports.
type Topology struct {
	// BootstrapPort is the NLB listener that round-robins to every broker.
	BootstrapPort int
	// Brokers are the brokers, in node ID order.
	Brokers []BrokerEndpoint
	// HostPattern is the advertised host pattern, for the probe.
	HostPattern string
	// UniqueName is the unique name in the advertised hosts, for the probe.
	UniqueName string
}

// DefaultTopology is the dev stack's plan: 3 brokers in ap-southeast-1a/b/c,
// pattern b{id}.unique_name.alicloud.plc.tidbcloud.com, bootstrap port 9092,
// broker ports from 9093.
func DefaultTopology() Topology {
	t := Topology{BootstrapPort: 9092, HostPattern: kplc.DefaultHostPattern, UniqueName: kplc.PlaceholderUniqueName}
	for i, zone := range []string{"ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"} {
		id := int32(i + 1)
		t.Brokers = append(t.Brokers, BrokerEndpoint{
			NodeID: id, Rack: zone,
			AdvertisedHost: kplc.ExpandHost(t.HostPattern, id, t.UniqueName),
			NLBPort:        9093 + i,
		})
	}
	return t
}

// Validate checks that node IDs are 1..N in order and that broker ports are
// FirstPort+i-1 as the port plan requires.
func (t Topology) Validate() error {
	if len(t.Brokers) == 0 {
		return errors.New("topology has no brokers")
	}
	first := t.Brokers[0].NLBPort
	for i, b := range t.Brokers {
		if b.NodeID != int32(i+1) {
			return fmt.Errorf("broker #%d has node ID %d: the rehearsal needs node IDs 1..%d in order", i+1, b.NodeID, len(t.Brokers))
		}
		if b.NLBPort != first+i {
			return fmt.Errorf("broker %d uses NLB port %d, the port plan says %d", b.NodeID, b.NLBPort, first+i)
		}
		if b.AdvertisedHost == "" {
			return fmt.Errorf("broker %d has no advertised host", b.NodeID)
		}
	}
	if t.BootstrapPort >= first && t.BootstrapPort < first+len(t.Brokers) {
		return fmt.Errorf("bootstrap port %d collides with the broker ports", t.BootstrapPort)
	}
	return nil
}

// Shift returns the topology with every NLB port moved by offset.
func (t Topology) Shift(offset int) Topology {
	out := t
	out.BootstrapPort += offset
	out.Brokers = append([]BrokerEndpoint(nil), t.Brokers...)
	for i := range out.Brokers {
		out.Brokers[i].NLBPort += offset
	}
	return out
}

// FirstPort returns broker 1's NLB port.
func (t Topology) FirstPort() int { return t.Brokers[0].NLBPort }

// Options tunes [Start].
type Options struct {
	// PortOffset moves every NLB port by this much (0 keeps the plan's).
	PortOffset int
	// AutoOffset ignores PortOffset and picks a free block of loopback
	// ports, for tests and for runs that do not need the planned numbers.
	AutoOffset bool
	// Miswire swaps the NLB targets of the last two brokers, as an
	// operator mistake would; the probe must catch it.
	Miswire bool
	// Internal also opens an INTERNAL listener per broker, on a free
	// loopback port, whose responses advertise the INTERNAL listeners
	// instead of the EXTERNAL names (see [Rehearsal.InternalBootstrap]):
	// the path the bastion's checks take, next to the NLB path.
	Internal bool
	// Auth, when AuthScramSHA512, rehearses externalAuth: SASL and ACLs on, the changefeed
	// user created as on the bastion, the checks authenticated as it, and an unauthenticated
	// client that must be refused.
	Auth string
	// Topic is pre-created with one partition per broker, broker i leading
	// partition i-1 (the placement Apache Kafka gives a new topic; kfake
	// alone picks leaders at random). Empty means kplc.DefaultRoundtripTopic.
	Topic string
}

// Rehearsal is a running embedded cluster behind a loopback NLB.
type Rehearsal struct {
	// Topology is the effective topology, ports shifted by the offset.
	Topology Topology
	// Cluster is the embedded kfake cluster.
	Cluster *kfake.Cluster
	// Swapped lists the two NLB ports whose targets were swapped, if any.
	Swapped []int
	// auth holds the credentials of an authenticated rehearsal (nil without Options.Auth).
	auth *authState
	// Internal lists the INTERNAL listeners (127.0.0.1:port) in node ID
	// order when [Options].Internal was set.
	Internal []string

	lns     []net.Listener
	wg      sync.WaitGroup
	closing atomic.Bool
	connsMu sync.Mutex
	conns   map[net.Conn]struct{}
}

// advertisedListener reports the advertised address as its Addr, which is
// what kfake puts in metadata, while accepting on a real loopback port.
type advertisedListener struct {
	net.Listener
	addr advertisedAddr
}

type advertisedAddr string

// Network implements net.Addr.
func (a advertisedAddr) Network() string { return "tcp" }

// String implements net.Addr: the advertised host:port.
func (a advertisedAddr) String() string { return string(a) }

// Addr returns the advertised address instead of the bound one.
func (l advertisedListener) Addr() net.Addr { return l.addr }

// Start brings up the embedded cluster and the loopback NLB.
func Start(topo Topology, opts Options) (*Rehearsal, error) {
	if err := topo.Validate(); err != nil {
		return nil, fmt.Errorf("rehearsal topology: %w", err)
	}
	r := &Rehearsal{conns: map[net.Conn]struct{}{}}
	var err error
	if opts.AutoOffset {
		err = r.bindAuto(topo)
	} else {
		err = r.bind(topo.Shift(opts.PortOffset))
	}
	if err != nil {
		return nil, err
	}
	t := r.Topology
	topic := opts.Topic
	if topic == "" {
		topic = kplc.DefaultRoundtripTopic
	}

	// kfake numbers brokers from 0 and makes the last one the controller.
	// We start N+1 brokers and remove node 0, leaving nodes 1..N. The
	// "port" handed to the listen function is the node index, which tells
	// us which advertised address to report.
	backends := make([]string, len(t.Brokers)+1)
	listen := func(network, address string) (net.Listener, error) {
		_, p, err := net.SplitHostPort(address)
		if err != nil {
			return nil, err
		}
		idx, err := strconv.Atoi(p)
		if err != nil || idx < 0 || idx >= len(backends) {
			return nil, fmt.Errorf("unexpected kfake listen address %q", address)
		}
		ln, err := net.Listen(network, LoopbackHost+":0")
		if err != nil {
			return nil, err
		}
		backends[idx] = ln.Addr().String()
		if idx == 0 {
			return ln, nil
		}
		b := t.Brokers[idx-1]
		return advertisedListener{ln, advertisedAddr(net.JoinHostPort(b.AdvertisedHost, strconv.Itoa(b.NLBPort)))}, nil
	}
	ports := make([]int, len(t.Brokers)+1)
	for i := range ports {
		ports[i] = i
	}
	extra, auth, err := authOpts(opts.Auth)
	if err != nil {
		r.closeListeners()
		return nil, err
	}
	r.auth = auth
	c, err := kfake.NewCluster(append([]kfake.Opt{
		kfake.NumBrokers(len(t.Brokers) + 1),
		kfake.Ports(ports...),
		kfake.ListenFn(listen),
		kfake.ClusterID(kplc.RehearsalClusterID),
		kfake.BrokerConfigs(map[string]string{"min.insync.replicas": "2", "default.replication.factor": "3"}),
		kfake.SeedTopics(int32(len(t.Brokers)), topic),
	}, extra...)...)
	if err != nil {
		r.closeListeners()
		return nil, fmt.Errorf("starting the embedded cluster: %w", err)
	}
	if err := c.RemoveNode(0); err != nil {
		c.Close()
		r.closeListeners()
		return nil, fmt.Errorf("shaping the embedded cluster: %w", err)
	}
	r.Cluster = c
	for i, b := range t.Brokers {
		if err := c.MoveTopicPartition(topic, int32(i), b.NodeID); err != nil {
			r.Close()
			return nil, fmt.Errorf("placing %s-%d on broker %d: %w", topic, i, b.NodeID, err)
		}
	}

	targets := make(map[int]string, len(t.Brokers))
	for i, b := range t.Brokers {
		targets[b.NLBPort] = backends[i+1]
	}
	if opts.Miswire && len(t.Brokers) >= 2 {
		a, b := t.Brokers[len(t.Brokers)-2].NLBPort, t.Brokers[len(t.Brokers)-1].NLBPort
		targets[a], targets[b] = targets[b], targets[a]
		r.Swapped = []int{a, b}
	}
	all := backends[1:]
	var rr atomic.Uint64
	for _, ln := range r.lns {
		port := ln.Addr().(*net.TCPAddr).Port
		pick := func() string { return all[rr.Add(1)%uint64(len(all))] }
		if target, ok := targets[port]; ok {
			pick = func() string { return target }
		}
		r.wg.Add(1)
		go r.serve(ln, pick)
	}
	if opts.Internal {
		if err := r.startInternal(backends[1:]); err != nil {
			r.Close()
			return nil, err
		}
	}
	if r.auth != nil {
		if err := r.provisionChangefeed(); err != nil {
			r.Close()
			return nil, err
		}
	}
	return r, nil
}

func (r *Rehearsal) bind(t Topology) error {
	ports := []int{t.BootstrapPort}
	for _, b := range t.Brokers {
		ports = append(ports, b.NLBPort)
	}
	for _, p := range ports {
		ln, err := net.Listen("tcp", net.JoinHostPort(LoopbackHost, strconv.Itoa(p)))
		if err != nil {
			r.closeListeners()
			return fmt.Errorf("binding the rehearsal NLB port %d on %s (choose another --port-offset): %w", p, LoopbackHost, err)
		}
		r.lns = append(r.lns, ln)
	}
	r.Topology = t
	return nil
}

func (r *Rehearsal) bindAuto(t Topology) error {
	base := min(t.BootstrapPort, t.FirstPort())
	var err error
	for range 50 {
		start := 20000 + rand.IntN(40000)
		if err = r.bind(t.Shift(start - base)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("no free block of loopback ports for the rehearsal NLB: %w", err)
}

// serve accepts NLB connections on ln and splices each to pick().
func (r *Rehearsal) serve(ln net.Listener, pick func() string) {
	defer r.wg.Done()
	for {
		in, err := ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", pick())
		if err != nil {
			in.Close()
			continue
		}
		if !r.track(in, out) {
			return
		}
		r.wg.Add(2)
		go r.splice(in, out)
		go r.splice(out, in)
	}
}

func (r *Rehearsal) track(cs ...net.Conn) bool {
	r.connsMu.Lock()
	defer r.connsMu.Unlock()
	if r.closing.Load() {
		for _, c := range cs {
			c.Close()
		}
		return false
	}
	for _, c := range cs {
		r.conns[c] = struct{}{}
	}
	return true
}

func (r *Rehearsal) splice(dst, src net.Conn) {
	defer r.wg.Done()
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
}

func (r *Rehearsal) closeListeners() {
	for _, ln := range r.lns {
		ln.Close()
	}
}

// Close stops the NLB and the embedded cluster.
func (r *Rehearsal) Close() {
	r.closing.Store(true)
	r.closeListeners()
	r.connsMu.Lock()
	for c := range r.conns {
		c.Close()
	}
	r.connsMu.Unlock()
	r.wg.Wait()
	if r.Cluster != nil {
		r.Cluster.Close()
	}
}

// Bootstrap returns the NLB bootstrap address.
func (r *Rehearsal) Bootstrap() string {
	return net.JoinHostPort(LoopbackHost, strconv.Itoa(r.Topology.BootstrapPort))
}

// ClientOptions returns options that reach the cluster the way TiDB Cloud
// does: bootstrap through the NLB, every advertised name dialled at the NLB.
func (r *Rehearsal) ClientOptions() kplc.Options {
	o := kplc.Options{Bootstrap: []string{r.Bootstrap()}, Dial: kplc.NLBDialer(LoopbackHost), Via: LoopbackHost}
	if r.auth != nil {
		cdc := r.auth.changefeed
		o.SASL = &cdc
	}
	return o
}

// ProbeConfig returns the probe configuration matching the topology.
func (r *Rehearsal) ProbeConfig() kplc.ProbeConfig {
	t := r.Topology
	return kplc.ProbeConfig{
		Via: LoopbackHost, BootstrapPort: t.BootstrapPort, FirstPort: t.FirstPort(),
		Brokers: len(t.Brokers), HostPattern: t.HostPattern, UniqueName: t.UniqueName,
		// With auth the probe authenticates as the changefeed, whose ACLs allow no read: its
		// roundtrip is left out, as verify.sh does on the bastion.
		SASL: r.ClientOptions().SASL, SkipRoundtrip: r.auth != nil,
	}
}
