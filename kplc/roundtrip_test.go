package kplc

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// fakeLeaders plays a topic's leadership the way Kafka does: views are
// served in order (the last repeats), and a successful preferred election
// makes each elected partition's first replica its leader.
type fakeLeaders struct {
	mu       sync.Mutex
	views    [][]partView
	viewErrs []error
	electErr error
	elected  []int32
}

func (f *fakeLeaders) view(context.Context) ([]partView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.viewErrs) > 0 {
		err := f.viewErrs[0]
		f.viewErrs = f.viewErrs[1:]
		return nil, err
	}
	v := slices.Clone(f.views[0])
	if len(f.views) > 1 {
		f.views = f.views[1:]
	}
	return v, nil
}

func (f *fakeLeaders) electPreferred(_ context.Context, parts []int32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.elected = append(f.elected, parts...)
	if f.electErr != nil {
		return f.electErr
	}
	cur := slices.Clone(f.views[len(f.views)-1])
	for i := range cur {
		if slices.Contains(parts, cur[i].Partition) {
			cur[i].Leader = cur[i].Replicas[0]
		}
	}
	f.views = [][]partView{cur}
	return nil
}

// skewed is a fresh 3-partition topic whose preferred leaders are 1, 2, 3
// after a rolling restart left broker 1 leading partitions 0 and 1.
func skewed() []partView {
	return []partView{
		{Partition: 0, Leader: 1, Replicas: []int32{1, 2, 3}},
		{Partition: 1, Leader: 1, Replicas: []int32{2, 3, 1}},
		{Partition: 2, Leader: 3, Replicas: []int32{3, 1, 2}},
	}
}

func TestSettleLeaders(t *testing.T) {
	t.Parallel()
	brokers := []int32{1, 2, 3}
	for _, tc := range []struct {
		name        string
		ops         *fakeLeaders
		elected     []int32
		unexercised []int32
		fixes       []string // substrings of the single fix, in order of brokers
		notes       []string
		err         string
	}{
		{
			name: "balanced topic needs nothing",
			ops: &fakeLeaders{views: [][]partView{{
				{Partition: 0, Leader: 1, Replicas: []int32{1, 2, 3}},
				{Partition: 1, Leader: 2, Replicas: []int32{2, 3, 1}},
				{Partition: 2, Leader: 3, Replicas: []int32{3, 1, 2}},
			}}},
		},
		{
			name:    "leadership moved away by a restart is moved back",
			ops:     &fakeLeaders{views: [][]partView{skewed()}},
			elected: []int32{1},
			notes:   []string{"broker(s) [2] led no partition of rt", "preferred leader election for partition(s) [1]"},
		},
		{
			name:        "election refused names the command",
			ops:         &fakeLeaders{views: [][]partView{skewed()}, electErr: kerr.ClusterAuthorizationFailed},
			elected:     []int32{1},
			unexercised: []int32{2},
			fixes:       []string{"broker 2 leads no partition of rt", "CLUSTER_AUTHORIZATION_FAILED", "kafka-leader-election.sh --bootstrap-server HOST:PORT --election-type PREFERRED --topic rt"},
		},
		{
			name: "broker preferred by no partition needs partitions",
			ops: &fakeLeaders{views: [][]partView{{
				{Partition: 0, Leader: 1, Replicas: []int32{1, 3}},
				{Partition: 1, Leader: 3, Replicas: []int32{3, 1}},
			}}},
			unexercised: []int32{2},
			fixes:       []string{"broker 2 leads no partition of rt and is the preferred leader of none", "kafka-topics.sh --alter --topic rt --partitions 3"},
		},
		{
			name: "fresh topic: waits until metadata has it and every partition a leader",
			ops: &fakeLeaders{
				viewErrs: []error{errRetry, errRetry},
				views: [][]partView{
					{{Partition: 0, Leader: -1, Replicas: []int32{1, 2, 3}}, {Partition: 1, Leader: 2, Replicas: []int32{2, 3, 1}}, {Partition: 2, Leader: 3, Replicas: []int32{3, 1, 2}}},
					{{Partition: 0, Leader: 1, Replicas: []int32{1, 2, 3}}, {Partition: 1, Leader: 2, Replicas: []int32{2, 3, 1}}, {Partition: 2, Leader: 3, Replicas: []int32{3, 1, 2}}},
				},
			},
		},
		{
			name: "a real error is not waited out",
			ops:  &fakeLeaders{viewErrs: []error{kerr.TopicAuthorizationFailed}},
			err:  "TOPIC_AUTHORIZATION_FAILED",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := RoundtripReport{Topic: "rt"}
			start := time.Now()
			view, err := settleLeaders(ctxFor(t, 10*time.Second), tc.ops, brokers, &r)
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("took %s", took)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want it to mention %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(view) == 0 || !slices.Equal(tc.ops.elected, tc.elected) || !slices.Equal(r.Unexercised, tc.unexercised) {
				t.Fatalf("view %+v, elected %v, unexercised %v; want elected %v, unexercised %v", view, tc.ops.elected, r.Unexercised, tc.elected, tc.unexercised)
			}
			if len(tc.fixes) > 0 != (len(r.LeaderFixes) == 1) {
				t.Fatalf("fixes %q", r.LeaderFixes)
			}
			for _, want := range tc.fixes {
				if !strings.Contains(r.LeaderFixes[0], want) {
					t.Errorf("fix %q does not mention %q", r.LeaderFixes[0], want)
				}
			}
			for _, want := range tc.notes {
				if !strings.Contains(strings.Join(r.Notes, "\n"), want) {
					t.Errorf("notes %q do not mention %q", r.Notes, want)
				}
			}
		})
	}
}

func TestSettleLeadersGivesUpOnLeaderlessPartition(t *testing.T) {
	defer func(d time.Duration) { leaderWait = d }(leaderWait)
	leaderWait = 600 * time.Millisecond
	ops := &fakeLeaders{views: [][]partView{{{Partition: 0, Leader: -1, Replicas: []int32{1}}}}}
	_, err := settleLeaders(ctxFor(t, 5*time.Second), ops, []int32{1}, &RoundtripReport{Topic: "rt"})
	if err == nil || !strings.Contains(err.Error(), "partition(s) [0] have no leader") {
		t.Fatalf("err %v, want it to name the leaderless partition", err)
	}
}

// Right after CreateTopics the answering broker may not know the topic yet
// (UNKNOWN_TOPIC_OR_PARTITION): the roundtrip waits rather than failing.
func TestRoundtripWaitsForNewTopicMetadata(t *testing.T) {
	t.Parallel()
	c, o := newCluster(t)
	f := c.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Metadata}, Topic: "rt", Err: kerr.UnknownTopicOrPartition, Count: 3})
	r := Roundtrip(ctxFor(t, 20*time.Second), o, RoundtripOptions{Topic: "rt", Messages: 6})
	if r.Err != nil || r.Produced != 6 || r.Consumed != 6 {
		t.Fatalf("roundtrip: err %v, produced %d, consumed %d", r.Err, r.Produced, r.Consumed)
	}
	if f.Hits() != 3 {
		t.Errorf("the fault answered %d metadata requests, want 3", f.Hits())
	}
}

func TestRoundtripCreationErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		brokers int
		fault   *kerr.Error
		want    []string
	}{
		{
			name: "fewer brokers than the replication factor", brokers: 2,
			want: []string{"replication factor 3, min.insync.replicas 2) was refused", "only 2 broker(s) are registered and unfenced", "INVALID_REPLICATION_FACTOR", "--replication-factor 2"},
		},
		{
			name: "not authorized to create", brokers: 3, fault: kerr.TopicAuthorizationFailed,
			want: []string{"not authorized", "grant Create on topic rt", "kafka-topics.sh --create --topic rt --partitions 3 --replication-factor 3 --config min.insync.replicas=2"},
		},
		{
			name: "policy violation", brokers: 3, fault: kerr.PolicyViolation,
			want: []string{"POLICY_VIOLATION", "create.topic.policy.class.name"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := kfake.NewCluster(kfake.NumBrokers(tc.brokers))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if tc.fault != nil {
				c.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.CreateTopics}, Err: tc.fault, Count: -1})
			}
			start := time.Now()
			r := Roundtrip(ctxFor(t, 10*time.Second), Options{Bootstrap: c.ListenAddrs()[:1]}, RoundtripOptions{Topic: "rt"})
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("took %s to report a refused creation", took)
			}
			if r.Err == nil {
				t.Fatal("roundtrip passed")
			}
			for _, want := range tc.want {
				if !strings.Contains(r.Err.Error(), want) {
					t.Errorf("error %q does not mention %q", r.Err, want)
				}
			}
		})
	}
}

func TestRoundtripReplicationFactorOption(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(2))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := Roundtrip(ctxFor(t, 20*time.Second), Options{Bootstrap: c.ListenAddrs()[:1]}, RoundtripOptions{Topic: "rt", Messages: 4, ReplicationFactor: 2})
	if r.Err != nil || !r.Created || r.ReplicationFactor != 2 || r.Consumed != 4 {
		t.Fatalf("roundtrip with RF 2 on 2 brokers: %+v", r)
	}
}

func TestIdentifyBrokerNotAuthorized(t *testing.T) {
	c, o := newCluster(t)
	c.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.DescribeConfigs}, Err: kerr.ClusterAuthorizationFailed, Count: -1})
	_, err := IdentifyBroker(ctxFor(t, 5*time.Second), o, c.ListenAddrs()[0], []int32{0, 1, 2})
	if err == nil || !strings.Contains(err.Error(), "CLUSTER_AUTHORIZATION_FAILED") || !strings.Contains(err.Error(), "DescribeConfigs on the cluster") {
		t.Fatalf("want an error naming the missing DescribeConfigs permission on the cluster, got %v", err)
	}
}
