package kplc

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
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
	// MinISR is the effective min.insync.replicas of the topic.
	MinISR int `json:"minIsr"`
}

// Name returns "topic-partition".
func (p PartitionState) Name() string { return p.Topic + "-" + strconv.Itoa(int(p.Partition)) }

// VoterState is one KRaft voter as DescribeQuorum reports it.
type VoterState struct {
	// NodeID is the voter's node ID.
	NodeID int32 `json:"nodeId"`
	// LogEndOffset is the voter's metadata log end offset, or -1 if unknown.
	LogEndOffset int64 `json:"logEndOffset"`
	// LastCaughtUp is the leader's timestamp (ms) when the voter was last
	// caught up, or -1 if unknown (DescribeQuorum v0).
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
	// QuorumErr is why the quorum could not be read.
	QuorumErr error `json:"-"`
}

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
// every partition with its effective min.insync.replicas (per-topic
// DescribeConfigs, falling back to the broker default), and the KRaft
// quorum (DescribeQuorum). Only a failure to read metadata is an error;
// a failure to read the quorum is recorded in QuorumErr.
func GatherState(ctx context.Context, cl *kgo.Client) (ClusterState, error) {
	var s ClusterState
	meta, err := readMetadata(ctx, cl, nil)
	if err != nil {
		return s, err
	}
	s.Brokers, s.FencingKnown = describeBrokers(ctx, cl, meta)

	adm := kadm.NewClient(cl)
	var topics []string
	for _, t := range meta.Topics {
		if t.Topic != nil && t.ErrorCode == 0 {
			topics = append(topics, *t.Topic)
		}
	}
	minISR := topicMinISR(ctx, adm, topics)
	for _, t := range meta.Topics {
		if t.Topic == nil || t.ErrorCode != 0 {
			continue
		}
		for _, p := range t.Partitions {
			s.Partitions = append(s.Partitions, PartitionState{
				Topic: *t.Topic, Partition: p.Partition, Leader: p.Leader,
				Replicas: p.Replicas, ISR: p.ISR, MinISR: minISR[*t.Topic],
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

// topicMinISR returns each topic's effective min.insync.replicas. Topics
// whose configs cannot be read get the broker default, or 1 if even that
// is unknown (the Kafka default).
func topicMinISR(ctx context.Context, adm *kadm.Client, topics []string) map[string]int {
	out := map[string]int{}
	def := 1
	if rcs, err := adm.DescribeBrokerConfigs(ctx); err == nil {
		for _, rc := range rcs {
			for _, c := range rc.Configs {
				if c.Key == "min.insync.replicas" && c.Value != nil {
					if n, err := strconv.Atoi(*c.Value); err == nil {
						def = n
					}
				}
			}
		}
	}
	for _, t := range topics {
		out[t] = def
	}
	if len(topics) == 0 {
		return out
	}
	rcs, err := adm.DescribeTopicConfigs(ctx, topics...)
	if err != nil {
		return out
	}
	for _, rc := range rcs {
		if rc.Err != nil {
			continue
		}
		for _, c := range rc.Configs {
			if c.Key == "min.insync.replicas" && c.Value != nil {
				if n, err := strconv.Atoi(*c.Value); err == nil {
					out[rc.Name] = n
				}
			}
		}
	}
	return out
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
			q := &QuorumState{LeaderID: p.LeaderID, LeaderEpoch: p.LeaderEpoch, HighWatermark: p.HighWatermark}
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
