package kplc

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// BrokerState is one registered broker.
type BrokerState struct {
	// NodeID is the broker's node.id.
	NodeID int32 `json:"nodeId"`
	// Host is the advertised host.
	Host string `json:"host"`
	// Port is the advertised port.
	Port int32 `json:"port"`
	// Fenced is true when the controller reports the broker as fenced.
	Fenced bool `json:"fenced"`
}

// PartitionState is one partition's replica placement and ISR.
type PartitionState struct {
	// Topic is the topic name.
	Topic string `json:"topic"`
	// Partition is the partition number.
	Partition int32 `json:"partition"`
	// Leader is the leader broker, or -1 if there is none.
	Leader int32 `json:"leader"`
	// Replicas are the assigned replicas.
	Replicas []int32 `json:"replicas"`
	// ISR are the in-sync replicas.
	ISR []int32 `json:"isr"`
	// MinISR is the effective min.insync.replicas of the topic, or 0 when
	// it could not be read (MinISRErr says why).
	MinISR int `json:"minIsr"`
	// MinISRErr is why MinISR could not be read, or "".
	MinISRErr string `json:"minIsrError,omitempty"`
}

// Offline reports whether the partition has no leader.
func (p PartitionState) Offline() bool { return p.Leader < 0 }

// Name returns "topic-partition".
func (p PartitionState) Name() string { return p.Topic + "-" + strconv.Itoa(int(p.Partition)) }

// VoterState is one KRaft voter as DescribeQuorum reports it.
type VoterState struct {
	// NodeID is the voter's node ID.
	NodeID int32 `json:"nodeId"`
	// LogEndOffset is the voter's metadata log end offset, or -1 if unknown.
	LogEndOffset int64 `json:"logEndOffset"`
	// LastCaughtUp is the leader's timestamp (ms) when the voter was last
	// caught up, or -1 if unknown: never caught up since the leader was
	// elected, or a DescribeQuorum v0 answer. Kafka reports the leader's
	// own entry as "now" on the leader's clock.
	LastCaughtUp int64 `json:"lastCaughtUpMs"`
}

// QuorumState is the KRaft metadata quorum as DescribeQuorum reports it.
type QuorumState struct {
	// LeaderID is the active controller, or -1 if there is no leader.
	LeaderID int32 `json:"leaderId"`
	// LeaderEpoch is the leader's epoch.
	LeaderEpoch int32 `json:"leaderEpoch"`
	// HighWatermark is the metadata log high watermark.
	HighWatermark int64 `json:"highWatermark"`
	// Voters are the current voters.
	Voters []VoterState `json:"voters"`
	// TimestampsKnown is true when the answer carries LastCaughtUp
	// (DescribeQuorum v1+, Kafka 3.3+); a -1 then means "not caught up"
	// rather than "unknown".
	TimestampsKnown bool `json:"timestampsKnown"`
}

// Voter returns the voter with the given id.
func (q *QuorumState) Voter(id int32) (VoterState, bool) {
	for _, v := range q.Voters {
		if v.NodeID == id {
			return v, true
		}
	}
	return VoterState{}, false
}

// ClusterState is everything the verdict functions need, gathered at once.
type ClusterState struct {
	// Brokers are the registered brokers, sorted by node ID.
	Brokers []BrokerState `json:"brokers"`
	// FencingKnown is true when DescribeCluster v2+ reported fenced
	// brokers; otherwise presence in metadata stands for "registered and
	// unfenced" (KRaft leaves fenced brokers out of metadata).
	FencingKnown bool `json:"fencingKnown"`
	// Partitions are all partitions of all topics.
	Partitions []PartitionState `json:"partitions"`
	// Quorum is the metadata quorum, nil when it could not be read.
	Quorum *QuorumState `json:"quorum,omitempty"`
	// QuorumErr is why the quorum could not be read; ErrRehearsalQuorum for the rehearsal.
	QuorumErr error `json:"-"`
	// ClusterID is the cluster ID from metadata.
	ClusterID string `json:"clusterId"`
}

// RehearsalClusterID is the cluster ID of `kplc rehearse`'s embedded cluster, by which the
// gates recognise it.
const RehearsalClusterID = "kplc-rehearsal"

// ErrRehearsalQuorum is ClusterState.QuorumErr for the rehearsal's cluster. kfake does not
// implement DescribeQuorum (API key 55: kfake has no 55_*.go handler; a request for it is never
// answered, so without --via it ran into the timeout), so the quorum is not asked for: the
// gates that need it (wait-ready, safe-to-restart, cluster-ready) say so at once instead.
var ErrRehearsalQuorum = errors.New("this is the `kplc rehearse` cluster, whose brokers are kfake (not Apache Kafka), and kfake does not implement DescribeQuorum: wait-ready, safe-to-restart and cluster-ready cannot judge it; they are for the real cluster. Against the rehearsal run brokers and roundtrip (with --via 127.0.0.1) and probe-privatelink")

// Broker returns the broker with the given id.
func (s ClusterState) Broker(id int32) (BrokerState, bool) {
	for _, b := range s.Brokers {
		if b.NodeID == id {
			return b, true
		}
	}
	return BrokerState{}, false
}

// GatherState reads brokers (DescribeCluster, falling back to Metadata),
// every partition of every topic, internal topics included, with its
// effective min.insync.replicas (DescribeConfigs, one request per
// [ConfigBatch] topics), and the KRaft quorum (DescribeQuorum, which a
// KRaft broker forwards to the active controller). Only a failure to read
// metadata is an error; a failure to read the quorum is recorded in
// QuorumErr and one to read a topic's min.insync.replicas in MinISRErr.
func GatherState(ctx context.Context, cl *kgo.Client) (ClusterState, error) {
	var s ClusterState
	meta, err := readMetadata(ctx, cl, nil)
	if err != nil {
		return s, err
	}
	s.Brokers, s.FencingKnown = describeBrokers(ctx, cl, meta)
	if meta.ClusterID != nil {
		s.ClusterID = *meta.ClusterID
	}

	var topics []string
	for _, t := range meta.Topics {
		if t.Topic != nil && t.ErrorCode == 0 {
			topics = append(topics, *t.Topic)
		}
	}
	minISR, minISRErr, gone := topicMinISR(ctx, cl, topics)
	for _, t := range meta.Topics {
		if t.Topic == nil || t.ErrorCode != 0 || gone[*t.Topic] {
			continue
		}
		for _, p := range t.Partitions {
			s.Partitions = append(s.Partitions, PartitionState{
				Topic: *t.Topic, Partition: p.Partition, Leader: p.Leader,
				Replicas: p.Replicas, ISR: p.ISR, MinISR: minISR[*t.Topic], MinISRErr: minISRErr[*t.Topic],
			})
		}
	}
	sort.Slice(s.Partitions, func(i, j int) bool {
		a, b := s.Partitions[i], s.Partitions[j]
		if a.Topic != b.Topic {
			return a.Topic < b.Topic
		}
		return a.Partition < b.Partition
	})
	if s.ClusterID == RehearsalClusterID {
		s.QuorumErr = ErrRehearsalQuorum
		return s, nil
	}
	s.Quorum, s.QuorumErr = describeQuorum(ctx, cl)
	return s, nil
}

func describeBrokers(ctx context.Context, cl *kgo.Client, meta *kmsg.MetadataResponse) ([]BrokerState, bool) {
	var out []BrokerState
	known := false
	req := kmsg.NewPtrDescribeClusterRequest()
	req.IncludeFencedBrokers = true
	if resp, err := req.RequestWith(ctx, cl); err == nil && resp.ErrorCode == 0 {
		known = resp.Version >= 2
		for _, b := range resp.Brokers {
			out = append(out, BrokerState{NodeID: b.NodeID, Host: b.Host, Port: b.Port, Fenced: b.IsFenced})
		}
	} else {
		for _, b := range meta.Brokers {
			out = append(out, BrokerState{NodeID: b.NodeID, Host: b.Host, Port: b.Port})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].NodeID < out[j].NodeID })
	return out, known
}

// ConfigBatch is how many topics one DescribeConfigs request asks about.
// A request names only min.insync.replicas, so even a large batch has a
// small answer; 1000 topics cost two requests.
const ConfigBatch = 500

// topicMinISR returns each topic's effective min.insync.replicas. Kafka
// answers a topic's effective value (its override, else the broker's
// setting, else the default), so no broker-level lookup is needed. A topic
// whose value cannot be read gets an entry in errs instead: a restart gate
// must not guess it. Topics deleted since the metadata was read are in
// gone.
func topicMinISR(ctx context.Context, cl *kgo.Client, topics []string) (vals map[string]int, errs map[string]string, gone map[string]bool) {
	vals, errs, gone = map[string]int{}, map[string]string{}, map[string]bool{}
	for start := 0; start < len(topics); start += ConfigBatch {
		batch := topics[start:min(start+ConfigBatch, len(topics))]
		req := kmsg.NewPtrDescribeConfigsRequest()
		for _, t := range batch {
			res := kmsg.NewDescribeConfigsRequestResource()
			res.ResourceType = kmsg.ConfigResourceTypeTopic
			res.ResourceName = t
			res.ConfigNames = []string{"min.insync.replicas"}
			req.Resources = append(req.Resources, res)
		}
		resp, err := req.RequestWith(ctx, cl)
		if err != nil {
			for _, t := range batch {
				errs[t] = "DescribeConfigs: " + Explain(err)
			}
			continue
		}
		for _, rc := range resp.Resources {
			if err := kerr.ErrorForCode(rc.ErrorCode); err != nil {
				if errors.Is(err, kerr.UnknownTopicOrPartition) {
					gone[rc.ResourceName] = true
					continue
				}
				errs[rc.ResourceName] = Explain(err)
				continue
			}
			for _, c := range rc.Configs {
				if c.Name != "min.insync.replicas" || c.Value == nil {
					continue
				}
				if n, err := strconv.Atoi(*c.Value); err == nil && n > 0 {
					vals[rc.ResourceName] = n
				}
			}
		}
		for _, t := range batch {
			if _, ok := vals[t]; !ok && errs[t] == "" && !gone[t] {
				errs[t] = "the DescribeConfigs answer has no min.insync.replicas for it"
			}
		}
	}
	return vals, errs, gone
}

// errQuorumUnsupported is returned when the cluster does not implement
// DescribeQuorum (ZooKeeper mode, or the embedded kfake cluster).
var errQuorumUnsupported = errors.New("the cluster does not support DescribeQuorum (not a KRaft cluster?)")

func describeQuorum(ctx context.Context, cl *kgo.Client) (*QuorumState, error) {
	req := kmsg.NewPtrDescribeQuorumRequest()
	rt := kmsg.NewDescribeQuorumRequestTopic()
	rt.Topic = "__cluster_metadata"
	rp := kmsg.NewDescribeQuorumRequestTopicPartition()
	rp.Partition = 0
	rt.Partitions = append(rt.Partitions, rp)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		if errors.Is(err, kerr.UnsupportedVersion) || errors.Is(err, kgo.ErrClientClosed) || isTooOld(err) {
			return nil, errQuorumUnsupported
		}
		return nil, fmt.Errorf("DescribeQuorum: %s", Explain(err))
	}
	if err := kerr.ErrorForCode(resp.ErrorCode); err != nil {
		if errors.Is(err, kerr.ClusterAuthorizationFailed) {
			return nil, fmt.Errorf("DescribeQuorum: %s: grant the user Describe on the cluster", Explain(err))
		}
		return nil, fmt.Errorf("DescribeQuorum: %s", Explain(err))
	}
	for _, t := range resp.Topics {
		for _, p := range t.Partitions {
			if p.Partition != 0 {
				continue
			}
			if err := kerr.ErrorForCode(p.ErrorCode); err != nil {
				return nil, fmt.Errorf("DescribeQuorum %s-0: %s", t.Topic, Explain(err))
			}
			q := &QuorumState{LeaderID: p.LeaderID, LeaderEpoch: p.LeaderEpoch, HighWatermark: p.HighWatermark, TimestampsKnown: resp.Version >= 1}
			for _, v := range p.CurrentVoters {
				last := v.LastCaughtUpTimestamp
				if resp.Version < 1 {
					last = -1
				}
				q.Voters = append(q.Voters, VoterState{NodeID: v.ReplicaID, LogEndOffset: v.LogEndOffset, LastCaughtUp: last})
			}
			sort.Slice(q.Voters, func(i, j int) bool { return q.Voters[i].NodeID < q.Voters[j].NodeID })
			return q, nil
		}
	}
	return nil, errors.New("DescribeQuorum: no __cluster_metadata-0 in the response")
}

func isTooOld(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "broker is too old") || strings.Contains(err.Error(), "request key is unknown"))
}

// pollInterval is the longest pause between two polls of WaitReady.
const pollInterval = time.Second
