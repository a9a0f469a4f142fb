package kplc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// admin returns a kadm client on o's bootstrap, closed with the test.
func admin(t testing.TB, o Options) *kadm.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(o.Bootstrap...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return kadm.NewClient(cl)
}

func createTopic(t testing.TB, adm *kadm.Client, name string, parts int32, configs map[string]*string) {
	t.Helper()
	resp, err := adm.CreateTopic(context.Background(), parts, 3, configs, name)
	if err == nil {
		err = resp.Err
	}
	if err != nil {
		t.Fatalf("creating %s: %v", name, err)
	}
}

func gather(t testing.TB, o Options) ClusterState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cl, err := connect(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	s, err := GatherState(ctx, cl)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// min.insync.replicas comes from one DescribeConfigs per ConfigBatch
// topics, holds topic overrides and the broker setting, covers internal
// topics, and an unreadable value is reported rather than guessed.
func TestGatherStateMinISR(t *testing.T) {
	c, o := newCluster(t)
	adm := admin(t, o)
	createTopic(t, adm, "strict", 1, map[string]*string{"min.insync.replicas": kadm.StringPtr("3")})
	createTopic(t, adm, "plain", 1, nil)
	createTopic(t, adm, "__consumer_offsets", 2, map[string]*string{"kfake.is_internal": kadm.StringPtr("true")})
	const bulk = 1200
	names := make([]string, bulk)
	for i := range names {
		names[i] = fmt.Sprintf("bulk-%04d", i)
	}
	if _, err := adm.CreateTopics(context.Background(), 1, 3, nil, names...); err != nil {
		t.Fatal(err)
	}
	seen := c.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.DescribeConfigs}, Observe: true, Count: -1})

	s := gather(t, o)
	if got, want := seen.Hits(), (bulk+3+ConfigBatch-1)/ConfigBatch; got != want {
		t.Errorf("%d DescribeConfigs requests for %d topics, want %d (one per %d topics)", got, bulk+3, want, ConfigBatch)
	}
	seen.Remove()
	byTopic := map[string]PartitionState{}
	for _, p := range s.Partitions {
		byTopic[p.Topic] = p
	}
	for topic, want := range map[string]int{"strict": 3, "plain": 2, "__consumer_offsets": 2, "bulk-1199": 2} {
		if p, ok := byTopic[topic]; !ok || p.MinISR != want || p.MinISRErr != "" {
			t.Errorf("%s: partition %+v (present %v), want min ISR %d", topic, p, ok, want)
		}
	}
	if len(s.Partitions) != bulk+4 {
		t.Errorf("%d partitions, want %d", len(s.Partitions), bulk+4)
	}

	c.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.DescribeConfigs}, Resource: "plain", Err: kerr.TopicAuthorizationFailed, Count: -1})
	s = gather(t, o)
	for _, p := range s.Partitions {
		if p.Topic == "plain" && (p.MinISR != 0 || !strings.Contains(p.MinISRErr, "TOPIC_AUTHORIZATION_FAILED")) {
			t.Errorf("plain: MinISR %d, err %q; want 0 and the authorization error", p.MinISR, p.MinISRErr)
		}
	}
	check(t, SafeToRestart(s, 1, Limits{}), false, []string{"cannot read min.insync.replicas", "plain-0 (not authorized"}, nil)
}

func TestGatherStateSeesQuorumTimestamps(t *testing.T) {
	c, o := newCluster(t)
	installHooks(t, c, o)
	s := gather(t, o)
	if s.Quorum == nil || !s.Quorum.TimestampsKnown {
		t.Fatalf("quorum %+v (err %v): want timestamps known from a DescribeQuorum v1 answer", s.Quorum, s.QuorumErr)
	}
}

// A voter at LastCaughtUpTimestamp -1 has not caught up with the current
// leader: restarting another voter must be refused.
func TestSafeToRestartRefusesWithVoterNeverCaughtUp(t *testing.T) {
	c, o := newCluster(t)
	h := installHooks(t, c, o)
	h.set(func(h *quorumHooks) { h.quorum.CurrentVoters[0].LastCaughtUpTimestamp = -1 })
	v, err := CheckSafeToRestart(ctxFor(t, 5*time.Second), o, 1, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, false, []string{"restarting controller 1 would leave 1 caught-up voter(s)", "voter 0 (not caught up since leader 2 was elected"}, nil)
}

func TestPollKeepsLastCompleteVerdict(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
	defer cancel()
	var calls atomic.Int32
	start := time.Now()
	v := poll(ctx, WaitOptions{Poll: 300 * time.Millisecond}, func(ctx context.Context) Verdict {
		if calls.Add(1) < 3 {
			return Verdict{Problems: []string{"broker 2 is not registered"}}
		}
		<-ctx.Done() // the third attempt hangs until the deadline
		return Verdict{Problems: []string{"reading cluster metadata: timed out"}}
	})
	if took := time.Since(start); took < time.Second || took > 3*time.Second {
		t.Errorf("poll returned after %s, want about the 1.2s deadline", took)
	}
	check(t, v, false, []string{"broker 2 is not registered", "gave up after 1."}, nil)
	if strings.Contains(strings.Join(v.Problems, "\n"), "timed out") {
		t.Errorf("problems %q report the cut-short attempt instead of the last complete one", v.Problems)
	}
}

func TestPollIntervalAtMostOneSecond(t *testing.T) {
	for _, tc := range []struct {
		in, want time.Duration
	}{{0, time.Second}, {5 * time.Second, time.Second}, {200 * time.Millisecond, 200 * time.Millisecond}} {
		if got := (WaitOptions{Poll: tc.in}).poll(); got != tc.want {
			t.Errorf("poll(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// hangDial never connects to the addresses in hang, and really dials the others. It records
// in maxHanging the largest number of hanging dials in flight at once.
func hangDial(maxHanging *atomic.Int32, hang ...string) DialFunc {
	var hanging atomic.Int32
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		for _, h := range hang {
			if addr == h {
				n := hanging.Add(1)
				for {
					m := maxHanging.Load()
					if n <= m || maxHanging.CompareAndSwap(m, n) {
						break
					}
				}
				<-ctx.Done()
				hanging.Add(-1)
				return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
			}
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

// Black-holed bootstrap addresses are dialled together: three of them cost
// one dial timeout, not three.
func TestConnectDialsBootstrapInParallel(t *testing.T) {
	t.Parallel()
	_, o := newCluster(t)
	o.Bootstrap = append([]string{"127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"}, o.Bootstrap...)
	var maxHanging atomic.Int32
	o.Dial = hangDial(&maxHanging, "127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3")
	o.DialTimeout = 700 * time.Millisecond
	rep, err := CheckBrokers(ctxFor(t, 10*time.Second), o)
	if err != nil {
		t.Fatalf("CheckBrokers: %v", err)
	}
	if got := maxHanging.Load(); got != 3 {
		t.Errorf("at most %d black-holed bootstrap dials were in flight at once, want all 3 together (one dial timeout, not three)", got)
	}
	if len(rep.Brokers) != 3 {
		t.Errorf("brokers %+v, want 3", rep.Brokers)
	}
}

func TestConnectExplainsDNSFailure(t *testing.T) {
	o := Options{
		Bootstrap: []string{"b1.unique_name.alicloud.plc.tidbcloud.com:9092"},
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, _ := net.SplitHostPort(addr)
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		},
	}
	_, err := CheckBrokers(ctxFor(t, 5*time.Second), o)
	if err == nil || !strings.Contains(err.Error(), "b1.unique_name.alicloud.plc.tidbcloud.com:9092: DNS lookup of b1.unique_name.alicloud.plc.tidbcloud.com failed: no such host") {
		t.Fatalf("want the DNS failure named, got %v", err)
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		t.Errorf("a DNS failure is a failed check, not a usage error")
	}
}

// benchState is a kfake cluster with 1000 three-partition topics.
func benchState(b *testing.B) Options {
	b.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(3), kfake.BrokerConfigs(map[string]string{"min.insync.replicas": "2"}))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	o := Options{Bootstrap: c.ListenAddrs()[:1]}
	names := make([]string, 1000)
	for i := range names {
		names[i] = fmt.Sprintf("t-%04d", i)
	}
	if _, err := admin(b, o).CreateTopics(context.Background(), 3, 3, nil, names...); err != nil {
		b.Fatal(err)
	}
	return o
}

// BenchmarkGatherState1000Topics reads metadata, every topic's
// min.insync.replicas and the quorum for 1000 topics (3000 partitions).
func BenchmarkGatherState1000Topics(b *testing.B) {
	o := benchState(b)
	for b.Loop() {
		if s := gather(b, o); len(s.Partitions) != 3000 {
			b.Fatalf("%d partitions", len(s.Partitions))
		}
	}
}

// BenchmarkSafeToRestart1000Topics is the safe-to-restart command end to
// end: connect, gather, judge.
func BenchmarkSafeToRestart1000Topics(b *testing.B) {
	o := benchState(b)
	for b.Loop() {
		if _, err := CheckSafeToRestart(context.Background(), o, 1, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
