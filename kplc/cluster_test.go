package kplc

import (
	"context"

	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// newCluster starts a 3-broker kfake cluster (nodes 0, 1, 2) on loopback.
func newCluster(t *testing.T, opts ...kfake.Opt) (*kfake.Cluster, Options) {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(3), kfake.BrokerConfigs(map[string]string{"min.insync.replicas": "2"})}, opts...)...)
	if err != nil {
		t.Fatalf("kfake: %v", err)
	}
	t.Cleanup(c.Close)
	return c, Options{Bootstrap: c.ListenAddrs()[:1]}
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// deadAddr returns a loopback address nothing listens on.
func deadAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestCheckBrokers(t *testing.T) {
	c, o := newCluster(t)
	rep, err := CheckBrokers(ctxFor(t, 10*time.Second), o)
	if err != nil {
		t.Fatalf("CheckBrokers: %v", err)
	}
	if len(rep.Brokers) != 3 || len(rep.Failed()) != 0 {
		t.Fatalf("want 3 answering brokers, got %+v", rep.Brokers)
	}
	addrs := c.ListenAddrs()
	for i, b := range rep.Brokers {
		if b.NodeID != int32(i) || b.Addr() != addrs[i] {
			t.Errorf("broker #%d = %d at %s, want %d at %s", i, b.NodeID, b.Addr(), i, addrs[i])
		}
	}
}

// deadAdvertiser makes kfake broker 1 advertise an address nobody serves.
type deadAdvertiser struct {
	net.Listener
	addr string
}

func (d deadAdvertiser) Addr() net.Addr { return fakeAddr(d.addr) }

type fakeAddr string

func (a fakeAddr) Network() string { return "tcp" }
func (a fakeAddr) String() string  { return string(a) }

func TestCheckBrokersNamesDeadAdvertisedAddress(t *testing.T) {
	dead := deadAddr(t)
	var mu sync.Mutex
	n := 0
	_, o := newCluster(t, kfake.ListenFn(func(network, address string) (net.Listener, error) {
		ln, err := net.Listen(network, address)
		mu.Lock()
		defer mu.Unlock()
		n++
		if err != nil || n != 2 {
			return ln, err
		}
		return deadAdvertiser{ln, dead}, nil
	}))
	rep, err := CheckBrokers(ctxFor(t, 10*time.Second), o)
	if err != nil {
		t.Fatalf("CheckBrokers: %v", err)
	}
	failed := rep.Failed()
	if len(failed) != 1 || failed[0].NodeID != 1 {
		t.Fatalf("want only broker 1 failing, got %+v", failed)
	}
	if msg := failed[0].Err.Error(); !strings.Contains(msg, dead) || !strings.Contains(msg, "connection refused") {
		t.Errorf("error %q should name %s and say connection refused", msg, dead)
	}
}

func TestDeadBootstrapFailsFast(t *testing.T) {
	dead := deadAddr(t)
	for name, call := range map[string]func(context.Context, Options) error{
		"brokers": func(ctx context.Context, o Options) error { _, err := CheckBrokers(ctx, o); return err },
		"roundtrip": func(ctx context.Context, o Options) error {
			return Roundtrip(ctx, o, RoundtripOptions{}).Err
		},
		"safe-to-restart": func(ctx context.Context, o Options) error {
			_, err := CheckSafeToRestart(ctx, o, 1, Limits{})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			err := call(ctxFor(t, 20*time.Second), Options{Bootstrap: []string{dead}})
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %s to fail on a dead address, want < 2s", took)
			}
			if err == nil || !strings.Contains(err.Error(), dead) || !strings.Contains(err.Error(), "connection refused") {
				t.Fatalf("error %v should name %s and say connection refused", err, dead)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"dns", &net.DNSError{Err: "no such host", Name: "b1.example.invalid", IsNotFound: true}, "DNS lookup of b1.example.invalid failed: no such host"},
		{"sasl", kerr.SaslAuthenticationFailed, "SASL authentication failed"},
		{"acl", kerr.TopicAuthorizationFailed, "not authorized"},
		{"deadline", context.DeadlineExceeded, "timed out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Explain(tc.err); !strings.Contains(got, tc.want) {
				t.Errorf("Explain(%v) = %q, want it to contain %q", tc.err, got, tc.want)
			}
		})
	}
}

func TestSASL(t *testing.T) {
	t.Parallel()
	_, o := newCluster(t, kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-256", "admin", "secret"))
	t.Run("missing credentials", func(t *testing.T) {
		_, err := CheckBrokers(ctxFor(t, 5*time.Second), o)
		if err == nil || !strings.Contains(err.Error(), "SASL") {
			t.Fatalf("want an error mentioning SASL, got %v", err)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		o := o
		o.SASL = &SASL{Mechanism: "SCRAM-SHA-256", User: "admin", Password: "wrong"}
		_, err := CheckBrokers(ctxFor(t, 5*time.Second), o)
		// kfake drops the connection on bad credentials where Apache Kafka
		// answers SASL_AUTHENTICATION_FAILED (see TestExplain for that).
		if err == nil || !strings.Contains(err.Error(), "check the SASL user, password and mechanism") {
			t.Fatalf("want a hint to check the SASL credentials, got %v", err)
		}
	})
	t.Run("right password", func(t *testing.T) {
		o := o
		o.SASL = &SASL{Mechanism: "SCRAM-SHA-256", User: "admin", Password: "secret"}
		rep, err := CheckBrokers(ctxFor(t, 5*time.Second), o)
		if err != nil || len(rep.Failed()) > 0 {
			t.Fatalf("CheckBrokers = %v, failed %+v", err, rep.Failed())
		}
	})
}

// placeLeaders makes broker i lead partition i of topic.
func placeLeaders(t *testing.T, c *kfake.Cluster, o Options, topic string, leaders ...int32) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(o.Bootstrap...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if _, err := kadm.NewClient(cl).CreateTopic(ctxFor(t, 5*time.Second), int32(len(leaders)), 3, nil, topic); err != nil {
		t.Fatalf("creating %s: %v", topic, err)
	}
	for p, l := range leaders {
		if err := c.MoveTopicPartition(topic, int32(p), l); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRoundtripCreatesTopic(t *testing.T) {
	_, o := newCluster(t)
	ctx := ctxFor(t, 20*time.Second)
	r := Roundtrip(ctx, o, RoundtripOptions{Topic: "rt", Messages: 50})
	if r.Err != nil || len(r.Missing) > 0 || len(r.Duplicates) > 0 {
		t.Fatalf("roundtrip: err=%v missing=%v dups=%v", r.Err, r.Missing, r.Duplicates)
	}
	if !r.Created || r.Partitions != 3 || r.ReplicationFactor != 3 || r.Produced != 50 || r.Consumed != 50 || !r.GroupDeleted {
		t.Fatalf("unexpected report %+v", r)
	}
	cl, _ := kgo.NewClient(kgo.SeedBrokers(o.Bootstrap...))
	defer cl.Close()
	adm := kadm.NewClient(cl)
	rcs, err := adm.DescribeTopicConfigs(ctx, "rt")
	if err != nil {
		t.Fatal(err)
	}
	rc, _ := rcs.On("rt", nil)
	found := false
	for _, c := range rc.Configs {
		if c.Key == "min.insync.replicas" && c.Value != nil {
			found = true
			if *c.Value != "2" {
				t.Errorf("min.insync.replicas = %s, want 2", *c.Value)
			}
		}
	}
	if !found {
		t.Error("min.insync.replicas not set on the created topic")
	}
	groups, err := adm.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := groups[r.Group]; ok {
		t.Errorf("consumer group %s was left behind", r.Group)
	}
}

func TestRoundtripExercisesEveryBroker(t *testing.T) {
	c, o := newCluster(t)
	placeLeaders(t, c, o, "rt", 0, 1, 2)
	r := Roundtrip(ctxFor(t, 20*time.Second), o, RoundtripOptions{Topic: "rt"})
	if !r.OK() {
		t.Fatalf("roundtrip failed: %q", r.Problems())
	}
	if r.Created {
		t.Error("Created = true for an existing topic")
	}
	if len(r.Brokers) != 3 {
		t.Fatalf("latency for %d brokers, want 3: %+v", len(r.Brokers), r.Brokers)
	}
	for i, b := range r.Brokers {
		if b.NodeID != int32(i) || len(b.Partitions) != 1 || b.Partitions[0] != int32(i) || b.Messages != 10 || b.Max <= 0 {
			t.Errorf("broker entry %d = %+v, want node %d leading partition %d with 10 messages", i, b, i, i)
		}
	}
}

func TestRoundtripReportsUnexercisedBroker(t *testing.T) {
	c, o := newCluster(t)
	placeLeaders(t, c, o, "rt", 0, 0, 2)
	r := Roundtrip(ctxFor(t, 20*time.Second), o, RoundtripOptions{Topic: "rt"})
	if r.OK() {
		t.Fatal("roundtrip passed although broker 1 leads nothing")
	}
	if len(r.Unexercised) != 1 || r.Unexercised[0] != 1 {
		t.Fatalf("Unexercised = %v, want [1]", r.Unexercised)
	}
	if p := strings.Join(r.Problems(), "\n"); !strings.Contains(p, "broker 1 leads no partition of rt") {
		t.Errorf("problems %q do not name broker 1", p)
	}
}

func TestRoundtripTopicCreationRefused(t *testing.T) {
	c, o := newCluster(t)
	c.ControlKey(int16(kmsg.CreateTopics), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := kreq.(*kmsg.CreateTopicsRequest)
		resp := req.ResponseKind().(*kmsg.CreateTopicsResponse)
		for _, rt := range req.Topics {
			st := kmsg.NewCreateTopicsResponseTopic()
			st.Topic = rt.Topic
			st.ErrorCode = kerr.PolicyViolation.Code
			resp.Topics = append(resp.Topics, st)
		}
		return resp, nil, true
	})
	r := Roundtrip(ctxFor(t, 10*time.Second), o, RoundtripOptions{Topic: "rt"})
	if r.Err == nil || !strings.Contains(r.Err.Error(), "creating topic rt (partitions 3, replication factor 3, min.insync.replicas 2) was refused") || !strings.Contains(r.Err.Error(), "POLICY_VIOLATION") {
		t.Fatalf("want a refused-creation error naming the policy violation, got %v", r.Err)
	}
}

// quorumHooks makes a kfake cluster answer DescribeCluster with fenced
// state and DescribeQuorum with whatever *q holds, and overrides the ISR of
// topic t partition 0 when isr is non-nil. kfake implements neither
// DescribeQuorum nor ISR shrinking, so the hooks stand in for them.
type quorumHooks struct {
	mu     sync.Mutex
	quorum *kmsg.DescribeQuorumResponseTopicPartition
	isr    []int32
	fenced map[int32]bool
	// quorumAsked counts DescribeQuorum requests: one per gathered state.
	quorumAsked int
}

func (h *quorumHooks) set(fn func(h *quorumHooks)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fn(h)
}

func installHooks(t *testing.T, c *kfake.Cluster, o Options) *quorumHooks {
	t.Helper()
	h := &quorumHooks{}
	// Capture kfake's own ApiVersions answer, then serve it with
	// DescribeQuorum added so clients will send that request.
	cl, err := kgo.NewClient(kgo.SeedBrokers(o.Bootstrap...))
	if err != nil {
		t.Fatal(err)
	}
	base, err := kmsg.NewPtrApiVersionsRequest().RequestWith(ctxFor(t, 5*time.Second), cl)
	cl.Close()
	if err != nil {
		t.Fatal(err)
	}
	addrs := c.ListenAddrs()
	c.ControlKey(int16(kmsg.ApiVersions), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		resp := *base
		resp.ApiKeys = append([]kmsg.ApiVersionsResponseApiKey(nil), base.ApiKeys...)
		k := kmsg.NewApiVersionsResponseApiKey()
		k.ApiKey, k.MinVersion, k.MaxVersion = int16(kmsg.DescribeQuorum), 0, 1
		resp.ApiKeys = append(resp.ApiKeys, k)
		resp.SetVersion(kreq.GetVersion())
		return &resp, nil, true
	})
	c.ControlKey(int16(kmsg.DescribeQuorum), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		h.mu.Lock()
		defer h.mu.Unlock()
		h.quorumAsked++
		resp := kreq.ResponseKind().(*kmsg.DescribeQuorumResponse)
		resp.SetVersion(kreq.GetVersion())
		st := kmsg.NewDescribeQuorumResponseTopic()
		st.Topic = "__cluster_metadata"
		st.Partitions = append(st.Partitions, *h.quorum)
		resp.Topics = append(resp.Topics, st)
		return resp, nil, true
	})
	c.ControlKey(int16(kmsg.DescribeCluster), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		h.mu.Lock()
		defer h.mu.Unlock()
		resp := kreq.ResponseKind().(*kmsg.DescribeClusterResponse)
		resp.SetVersion(kreq.GetVersion())
		resp.ClusterID = "kfake"
		for i, a := range addrs {
			host, port, _ := net.SplitHostPort(a)
			p, _ := strconv.Atoi(port)
			b := kmsg.NewDescribeClusterResponseBroker()
			b.NodeID, b.Host, b.Port, b.IsFenced = int32(i), host, int32(p), h.fenced[int32(i)]
			resp.Brokers = append(resp.Brokers, b)
		}
		return resp, nil, true
	})
	c.ControlKey(int16(kmsg.Metadata), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		h.mu.Lock()
		isr := h.isr
		h.mu.Unlock()
		c.KeepControl()
		if isr == nil {
			return nil, nil, false
		}
		req := kreq.(*kmsg.MetadataRequest)
		resp := req.ResponseKind().(*kmsg.MetadataResponse)
		resp.SetVersion(req.GetVersion())
		resp.ControllerID = 2
		for i, a := range addrs {
			host, port, _ := net.SplitHostPort(a)
			p, _ := strconv.Atoi(port)
			b := kmsg.NewMetadataResponseBroker()
			b.NodeID, b.Host, b.Port = int32(i), host, int32(p)
			resp.Brokers = append(resp.Brokers, b)
		}
		st := kmsg.NewMetadataResponseTopic()
		st.Topic = kmsg.StringPtr("t")
		sp := kmsg.NewMetadataResponseTopicPartition()
		sp.Leader, sp.Replicas, sp.ISR = 0, []int32{0, 1, 2}, isr
		st.Partitions = append(st.Partitions, sp)
		resp.Topics = append(resp.Topics, st)
		return resp, nil, true
	})
	h.quorum = voters(2)
	return h
}

// voters returns a quorum of voters 0, 1, 2 led by leader, all caught up.
func voters(leader int32) *kmsg.DescribeQuorumResponseTopicPartition {
	p := kmsg.NewDescribeQuorumResponseTopicPartition()
	p.LeaderID, p.LeaderEpoch, p.HighWatermark = leader, 4, 100
	for id := int32(0); id < 3; id++ {
		v := kmsg.NewDescribeQuorumResponseTopicPartitionReplicaState()
		v.ReplicaID, v.LogEndOffset, v.LastCaughtUpTimestamp, v.LastFetchTimestamp = id, 100, 50_000, 50_000
		p.CurrentVoters = append(p.CurrentVoters, v)
	}
	return &p
}

func TestGatherStateThroughKfake(t *testing.T) {
	c, o := newCluster(t)
	placeLeaders(t, c, o, "t", 0, 1, 2)
	installHooks(t, c, o)
	cl, err := connect(ctxFor(t, 5*time.Second), o)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	s, err := GatherState(ctxFor(t, 5*time.Second), cl)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Brokers) != 3 || !s.FencingKnown || s.Quorum == nil || s.Quorum.LeaderID != 2 || len(s.Quorum.Voters) != 3 {
		t.Fatalf("state = %+v (quorum %+v, err %v)", s, s.Quorum, s.QuorumErr)
	}
	if len(s.Partitions) != 3 || s.Partitions[0].MinISR != 2 {
		t.Fatalf("partitions = %+v, want 3 with min ISR 2", s.Partitions)
	}
}

func TestSafeToRestartThroughKfake(t *testing.T) {
	c, o := newCluster(t)
	placeLeaders(t, c, o, "t", 0)
	h := installHooks(t, c, o)
	h.set(func(h *quorumHooks) { h.isr = []int32{0, 1} })

	v, err := CheckSafeToRestart(ctxFor(t, 5*time.Second), o, 1, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, false, []string{"restarting broker 1 would take 1 partition(s) below min.insync.replicas: t-0 (ISR [0,1], min.insync.replicas 2)"}, nil)

	v, err = CheckSafeToRestart(ctxFor(t, 5*time.Second), o, 2, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, true, nil, []string{"broker 2 is the active controller: restart it last"})

	h.set(func(h *quorumHooks) { h.quorum.LeaderID = -1 })
	v, err = CheckSafeToRestart(ctxFor(t, 5*time.Second), o, 2, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, false, []string{"the KRaft quorum has no leader"}, nil)
}

func TestWaitReadyThroughKfake(t *testing.T) {
	t.Parallel()
	c, o := newCluster(t)
	placeLeaders(t, c, o, "t", 0)
	h := installHooks(t, c, o)

	t.Run("never ready returns after the timeout with what is wrong", func(t *testing.T) {
		h.set(func(h *quorumHooks) { h.isr = []int32{0, 1}; h.fenced = map[int32]bool{1: true} })
		start := time.Now()
		v, err := WaitReady(ctxFor(t, 2500*time.Millisecond), o, 1, WaitOptions{})
		took := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		if took < 2*time.Second || took > 5*time.Second {
			t.Errorf("WaitReady took %s, want about the 2.5s timeout", took)
		}
		check(t, v, false, []string{"broker 1 is registered but fenced", "1 under-replicated partition(s): t-0 (replicas [0,1,2], ISR [0,1])", "gave up after"}, nil)
	})

	t.Run("becomes ready once the ISR recovers", func(t *testing.T) {
		h.set(func(h *quorumHooks) { h.isr = []int32{0, 2}; h.fenced = nil })
		go func() {
			time.Sleep(1200 * time.Millisecond)
			h.set(func(h *quorumHooks) { h.isr = nil })
		}()
		start := time.Now()
		v, err := WaitReady(ctxFor(t, 10*time.Second), o, 1, WaitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		check(t, v, true, nil, nil)
		if took := time.Since(start); took < time.Second || took > 5*time.Second {
			t.Errorf("WaitReady took %s, want just over the 1.2s the ISR took to recover", took)
		}
	})

	t.Run("cluster ready needs a quorum leader", func(t *testing.T) {
		h.set(func(h *quorumHooks) { h.quorum.LeaderID = -1 })
		v, err := WaitClusterReady(ctxFor(t, 1500*time.Millisecond), o, 2, WaitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		check(t, v, false, []string{"no leader", "gave up after"}, nil)
		h.set(func(h *quorumHooks) { h.quorum.LeaderID = 0 })
		v, _ = WaitClusterReady(ctxFor(t, 5*time.Second), o, 2, WaitOptions{})
		check(t, v, true, nil, nil)
	})
}

func TestQuorumUnsupportedOnPlainKfake(t *testing.T) {
	_, o := newCluster(t)
	v, err := CheckSafeToRestart(ctxFor(t, 5*time.Second), o, 1, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, false, []string{"does not support DescribeQuorum"}, nil)
}
