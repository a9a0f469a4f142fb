package kplc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// DefaultRoundtripTopic is the topic [Roundtrip] uses when none is given.
const DefaultRoundtripTopic = "kplc-roundtrip"

// RoundtripRetention is how long the roundtrip topic keeps messages, so that repeated checks
// never accumulate data on a production cluster: each check writes a few dozen small messages,
// and both retention.ms and segment.ms are set to this (retention deletes only closed segments,
// so without a short segment.ms the open segment would keep them for the default 7 days).
const RoundtripRetention = time.Hour

// roundtripTopicConfigs are the settings that bound what the roundtrip topic keeps.
func roundtripTopicConfigs() map[string]string {
	ms := strconv.FormatInt(RoundtripRetention.Milliseconds(), 10)
	return map[string]string{"retention.ms": ms, "segment.ms": ms}
}

// RoundtripOptions tunes [Roundtrip].
type RoundtripOptions struct {
	// Topic is the topic to write to; it is created if missing.
	Topic string
	// Messages is how many messages to produce; at least one per partition
	// is written whatever the value. Zero means 30.
	Messages int
	// ReplicationFactor is used when the topic is created; zero means 3.
	// min.insync.replicas is set to min(2, ReplicationFactor).
	ReplicationFactor int
}

func (ro RoundtripOptions) rf() int {
	if ro.ReplicationFactor > 0 {
		return ro.ReplicationFactor
	}
	return 3
}

// BrokerLatency is the produce latency seen for the partitions one broker
// leads.
type BrokerLatency struct {
	// NodeID is the leader broker.
	NodeID int32 `json:"nodeId"`
	// Partitions are the written partitions the broker leads.
	Partitions []int32 `json:"partitions"`
	// Messages is how many messages were acknowledged by this broker.
	Messages int `json:"messages"`
	// P50 is the median produce latency (acks=all).
	P50 time.Duration `json:"p50Ns"`
	// Max is the highest produce latency (acks=all).
	Max time.Duration `json:"maxNs"`
}

// RoundtripReport is the result of [Roundtrip].
type RoundtripReport struct {
	// Topic is the topic used.
	Topic string `json:"topic"`
	// Created is true when Roundtrip created the topic.
	Created bool `json:"created"`
	// Partitions is the topic's partition count.
	Partitions int `json:"partitions"`
	// ReplicationFactor is the topic's replication factor.
	ReplicationFactor int `json:"replicationFactor"`
	// Notes are remarks that are not failures.
	Notes []string `json:"notes,omitempty"`
	// Produced is how many messages were acknowledged.
	Produced int `json:"produced"`
	// Consumed is how many of this run's messages were read back, duplicates included.
	Consumed int `json:"consumed"`
	// Duplicates lists message ids read more than once.
	Duplicates []string `json:"duplicates,omitempty"`
	// Missing lists message ids produced but never read back.
	Missing []string `json:"missing,omitempty"`
	// Brokers holds per-broker produce latency.
	Brokers []BrokerLatency `json:"brokers"`
	// Unexercised lists brokers that led no written partition.
	Unexercised []int32 `json:"unexercised,omitempty"`
	// LeaderFixes says, for each unexercised broker, why it leads nothing
	// and what to run.
	LeaderFixes []string `json:"leaderFixes,omitempty"`
	// Group is the consumer group used; it is deleted afterwards.
	Group string `json:"group"`
	// GroupDeleted is true when the group was cleaned up.
	GroupDeleted bool `json:"groupDeleted"`
	// Err is the first error that stopped the roundtrip, or nil.
	Err error `json:"-"`
	// Error is Err as text, for JSON.
	Error string `json:"error,omitempty"`
}

// OK reports whether every message arrived exactly once and every broker
// was exercised.
func (r RoundtripReport) OK() bool {
	return r.Err == nil && len(r.Duplicates) == 0 && len(r.Missing) == 0 && len(r.Unexercised) == 0 && r.Produced > 0
}

// Problems lists what went wrong, one line each.
func (r RoundtripReport) Problems() []string {
	var out []string
	if r.Err != nil {
		out = append(out, r.Err.Error())
	}
	if len(r.Missing) > 0 {
		out = append(out, fmt.Sprintf("%d message(s) produced but never consumed: %s", len(r.Missing), abbreviate(r.Missing, 5)))
	}
	if len(r.Duplicates) > 0 {
		out = append(out, fmt.Sprintf("%d message(s) consumed more than once: %s", len(r.Duplicates), abbreviate(r.Duplicates, 5)))
	}
	out = append(out, r.LeaderFixes...)
	return out
}

func abbreviate(s []string, n int) string {
	if len(s) <= n {
		return strings.Join(s, ", ")
	}
	return strings.Join(s[:n], ", ") + fmt.Sprintf(" and %d more", len(s)-n)
}

// Roundtrip creates the topic if missing (partitions = brokers,
// replication factor 3 unless told otherwise, min.insync.replicas
// min(2, RF)), waits until every partition has a leader, makes sure every
// broker leads a partition of it (see [settleLeaders]), produces with
// acks=all and idempotence to every partition, reads the messages back
// through a fresh consumer group, checks each arrived exactly once and that
// every broker led a written partition, then deletes the group. Failures
// are in the report's Err and Problems.
func Roundtrip(ctx context.Context, o Options, ro RoundtripOptions) RoundtripReport {
	r := roundtrip(ctx, o, ro)
	r.Error = errText(r.Err)
	return r
}

func roundtrip(ctx context.Context, o Options, ro RoundtripOptions) (r RoundtripReport) {
	if ro.Topic == "" {
		ro.Topic = DefaultRoundtripTopic
	}
	if ro.Messages <= 0 {
		ro.Messages = 30
	}
	r.Topic = ro.Topic
	runID := newRunID()
	r.Group = "kplc-roundtrip-" + runID

	cl, err := connect(ctx, o,
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ProducerLinger(0),
	)
	if err != nil {
		r.Err = err
		return r
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)

	meta, err := readMetadata(ctx, cl, []string{})
	if err != nil {
		r.Err = err
		return r
	}
	var brokers []int32
	for _, b := range meta.Brokers {
		brokers = append(brokers, b.NodeID)
	}
	slices.Sort(brokers)
	if len(brokers) == 0 {
		r.Err = errors.New("the cluster advertises no brokers")
		return r
	}
	if err := ensureTopic(ctx, o, adm, &r, len(brokers), ro.rf()); err != nil {
		r.Err = err
		return r
	}
	view, err := settleLeaders(ctx, admLeaders{adm: adm, topic: r.Topic}, brokers, &r)
	if err != nil {
		r.Err = fmt.Errorf("%w%s", err, o.reachHint(err))
		return r
	}
	leaders := map[int32]int32{}
	for _, pv := range view {
		leaders[pv.Partition] = pv.Leader
		r.ReplicationFactor = len(pv.Replicas)
	}
	r.Partitions = len(view)
	if !r.Created && r.ReplicationFactor < ro.rf() {
		r.Notes = append(r.Notes, fmt.Sprintf("existing topic %s has replication factor %d, less than %d: acks=all then proves less", r.Topic, r.ReplicationFactor, ro.rf()))
	}

	// Produce: message i goes to partition i mod P, so each partition is written.
	n := max(ro.Messages, r.Partitions)
	type ack struct {
		partition int32
		offset    int64
		latency   time.Duration
	}
	acks := make([]ack, n)
	var mu sync.Mutex
	var produceErr error
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		id := runID + "-" + strconv.Itoa(i)
		rec := &kgo.Record{Topic: r.Topic, Partition: int32(i % r.Partitions), Key: []byte(id), Value: []byte(id)}
		start := time.Now()
		wg.Add(1)
		cl.Produce(ctx, rec, func(rec *kgo.Record, err error) {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if produceErr == nil {
					produceErr = fmt.Errorf("producing to %s partition %d (leader %d): %s%s", rec.Topic, rec.Partition, leaders[rec.Partition], Explain(err), o.reachHint(err))
				}
				acks[i] = ack{partition: -1}
				return
			}
			acks[i] = ack{partition: rec.Partition, offset: rec.Offset, latency: time.Since(start)}
		})
	}
	wg.Wait()
	if produceErr != nil {
		r.Err = produceErr
		return r
	}
	r.Produced = n
	startOffsets := map[int32]int64{}
	perBroker := map[int32][]time.Duration{}
	perBrokerParts := map[int32]map[int32]bool{}
	for _, a := range acks {
		if cur, ok := startOffsets[a.partition]; !ok || a.offset < cur {
			startOffsets[a.partition] = a.offset
		}
		l := leaders[a.partition]
		perBroker[l] = append(perBroker[l], a.latency)
		if perBrokerParts[l] == nil {
			perBrokerParts[l] = map[int32]bool{}
		}
		perBrokerParts[l][a.partition] = true
	}
	for id, lats := range perBroker {
		sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
		bl := BrokerLatency{NodeID: id, Messages: len(lats), P50: lats[len(lats)/2], Max: lats[len(lats)-1]}
		for p := range perBrokerParts[id] {
			bl.Partitions = append(bl.Partitions, p)
		}
		sort.Slice(bl.Partitions, func(i, j int) bool { return bl.Partitions[i] < bl.Partitions[j] })
		r.Brokers = append(r.Brokers, bl)
	}
	sort.Slice(r.Brokers, func(i, j int) bool { return r.Brokers[i].NodeID < r.Brokers[j].NodeID })

	// Consume through a fresh group that starts at this run's first offsets.
	offsets := kadm.Offsets{}
	for p, off := range startOffsets {
		offsets.Add(kadm.Offset{Topic: r.Topic, Partition: p, At: off, LeaderEpoch: -1})
	}
	if resps, err := adm.CommitOffsets(ctx, r.Group, offsets); err != nil || resps.Error() != nil {
		if err == nil {
			err = resps.Error()
		}
		r.Err = fmt.Errorf("committing start offsets for group %s: %s", r.Group, Explain(err))
		return r
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		resp, err := adm.DeleteGroup(dctx, r.Group)
		if err == nil && resp.Err == nil {
			r.GroupDeleted = true
			return
		}
		if err == nil {
			err = resp.Err
		}
		r.Notes = append(r.Notes, fmt.Sprintf("could not delete consumer group %s: %s", r.Group, Explain(err)))
	}()
	consumed, err := consume(ctx, o, r.Topic, r.Group, runID, n)
	if err != nil {
		r.Err = fmt.Errorf("%w%s", err, o.reachHint(err))
	}
	for i := 0; i < n; i++ {
		id := runID + "-" + strconv.Itoa(i)
		c := consumed[id]
		r.Consumed += c
		switch {
		case c == 0:
			r.Missing = append(r.Missing, id)
		case c > 1:
			r.Duplicates = append(r.Duplicates, id)
		}
	}
	return r
}

// ensureTopic creates the roundtrip topic if it does not exist. A broker that cannot be
// reached did not refuse anything: that is reported as such, with the --via hint.
func ensureTopic(ctx context.Context, o Options, adm *kadm.Client, r *RoundtripReport, nbrokers, rf int) error {
	minISR := min(2, rf)
	configs := map[string]*string{"min.insync.replicas": kadm.StringPtr(strconv.Itoa(minISR))}
	for k, v := range roundtripTopicConfigs() {
		configs[k] = kadm.StringPtr(v)
	}
	resp, err := adm.CreateTopic(ctx, int32(nbrokers), int16(rf), configs, r.Topic)
	if err == nil {
		err = resp.Err
	}
	what := fmt.Sprintf("creating topic %s (partitions %d, replication factor %d, min.insync.replicas %d) was refused", r.Topic, nbrokers, rf, minISR)
	switch {
	case err == nil:
		r.Created = true
		return nil
	case unreachable(err):
		return fmt.Errorf("creating topic %s: could not reach the controller to ask it: %s%s", r.Topic, Explain(err), o.reachHint(err))
	case errors.Is(err, kerr.TopicAlreadyExists):
		boundRetention(ctx, adm, r)
		return nil
	case errors.Is(err, kerr.InvalidReplicationFactor):
		return fmt.Errorf("%s: only %d broker(s) are registered and unfenced (%s): wait until every broker is up (kplc cluster-ready), or pass --replication-factor %d for a smaller test cluster", what, nbrokers, Explain(err), nbrokers)
	case errors.Is(err, kerr.TopicAuthorizationFailed), errors.Is(err, kerr.ClusterAuthorizationFailed):
		return fmt.Errorf("%s: %s: grant Create on topic %s (or create it yourself with kafka-topics.sh --create --topic %s --partitions %d --replication-factor %d --config min.insync.replicas=%d)", what, Explain(err), r.Topic, r.Topic, nbrokers, rf, minISR)
	case errors.Is(err, kerr.PolicyViolation):
		return fmt.Errorf("%s: %s: the broker's create.topic.policy.class.name refuses it; create the topic yourself in a form the policy accepts, or pass --topic naming an existing topic", what, Explain(err))
	default:
		return fmt.Errorf("%s: %s", what, Explain(err))
	}
}

// boundRetention gives an existing roundtrip topic the short retention of
// [roundtripTopicConfigs] (one created by an older kplc has the broker's default, 7 days). Only
// kplc's own topic, [DefaultRoundtripTopic], is changed: a topic named with --topic may be
// someone else's. A refusal is a note, not a failure: the check itself still works.
func boundRetention(ctx context.Context, adm *kadm.Client, r *RoundtripReport) {
	if r.Topic != DefaultRoundtripTopic {
		r.Notes = append(r.Notes, fmt.Sprintf("topic %s already exists and is not kplc's own (%s): its retention was left as it is", r.Topic, DefaultRoundtripTopic))
		return
	}
	var alter []kadm.AlterConfig
	for k, v := range roundtripTopicConfigs() {
		alter = append(alter, kadm.AlterConfig{Op: kadm.SetConfig, Name: k, Value: kadm.StringPtr(v)})
	}
	slices.SortFunc(alter, func(a, b kadm.AlterConfig) int { return strings.Compare(a.Name, b.Name) })
	resps, err := adm.AlterTopicConfigs(ctx, alter, r.Topic)
	if err == nil {
		for _, resp := range resps {
			if resp.Err != nil {
				err = resp.Err
			}
		}
	}
	if err != nil {
		r.Notes = append(r.Notes, fmt.Sprintf("could not set retention.ms and segment.ms of %s to %d (%s): it keeps the broker's default retention; set them with kafka-configs.sh --alter --entity-type topics --entity-name %s --add-config retention.ms=%d,segment.ms=%d",
			r.Topic, RoundtripRetention.Milliseconds(), Explain(err), r.Topic, RoundtripRetention.Milliseconds(), RoundtripRetention.Milliseconds()))
	}
}

// partView is one partition's leader and replicas (the first replica is
// the preferred leader).
type partView struct {
	Partition int32
	Leader    int32
	Replicas  []int32
}

// leaderOps reads a topic's leadership and elects preferred leaders.
type leaderOps interface {
	// view returns every partition of the topic, sorted; an error wrapping
	// errRetry means "ask again shortly".
	view(ctx context.Context) ([]partView, error)
	// electPreferred runs a preferred leader election for partitions.
	electPreferred(ctx context.Context, partitions []int32) error
}

var errRetry = errors.New("not yet")

// leaderWait bounds how long [settleLeaders] waits for a fresh topic's
// leaders and for an election to show in metadata (a variable so tests
// can shorten it).
var leaderWait = 15 * time.Second

// leaderPoll is the pause between two metadata reads while waiting.
const leaderPoll = 200 * time.Millisecond

// settleLeaders waits until every partition of the topic has a leader (a
// fresh topic reaches a broker's metadata a moment after CreateTopics
// returns) and then makes sure every broker leads one. Kafka spreads the
// preferred leaders of a fresh topic over the brokers, but a restart moves
// leadership away and auto.leader.rebalance.enable brings it back only
// after leader.imbalance.check.interval.seconds (5 minutes): right after a
// rolling restart a broker may lead nothing. For such a broker, the
// partitions that prefer it get a preferred leader election (what the
// cluster would do itself a few minutes later); a broker that no partition
// prefers, or whose election fails, is reported with the command that
// fixes it.
func settleLeaders(ctx context.Context, ops leaderOps, brokers []int32, r *RoundtripReport) ([]partView, error) {
	view, err := waitView(ctx, ops, func(v []partView) bool { return true })
	if err != nil {
		return nil, err
	}
	idle := unled(view, brokers)
	var elect []int32
	for _, p := range view {
		if len(p.Replicas) > 0 && p.Leader != p.Replicas[0] && slices.Contains(idle, p.Replicas[0]) {
			elect = append(elect, p.Partition)
		}
	}
	var electErr error
	if len(elect) > 0 {
		if electErr = ops.electPreferred(ctx, elect); electErr == nil {
			if v, err := waitView(ctx, ops, func(v []partView) bool { return len(unled(v, brokers)) < len(idle) }); err == nil {
				view = v
			}
			r.Notes = append(r.Notes, fmt.Sprintf("broker(s) %s led no partition of %s (leadership had moved away, e.g. during a restart): ran a preferred leader election for partition(s) %s", ids(idle), r.Topic, ids(elect)))
		}
	}
	r.Unexercised = unled(view, brokers)
	for _, id := range r.Unexercised {
		preferred := false
		for _, p := range view {
			preferred = preferred || (len(p.Replicas) > 0 && p.Replicas[0] == id)
		}
		switch {
		case preferred && electErr != nil:
			r.LeaderFixes = append(r.LeaderFixes, fmt.Sprintf("broker %d leads no partition of %s, so it was not exercised; the preferred leader election kplc tried failed (%s): run kafka-leader-election.sh --bootstrap-server HOST:PORT --election-type PREFERRED --topic %s --all-topic-partitions with a principal allowed to Alter the cluster", id, r.Topic, Explain(electErr), r.Topic))
		case preferred:
			r.LeaderFixes = append(r.LeaderFixes, fmt.Sprintf("broker %d leads no partition of %s, so it was not exercised, although it is the preferred leader of one: is it in the ISR? check kafka-topics.sh --describe --topic %s, then run kafka-leader-election.sh --election-type PREFERRED --topic %s --all-topic-partitions", id, r.Topic, r.Topic, r.Topic))
		default:
			r.LeaderFixes = append(r.LeaderFixes, fmt.Sprintf("broker %d leads no partition of %s and is the preferred leader of none, so it was not exercised: the topic has %d partition(s) for %d broker(s) or was created while broker %d was down; add partitions (kafka-topics.sh --alter --topic %s --partitions %d) or delete the topic so kplc recreates it", id, r.Topic, len(view), len(brokers), id, r.Topic, len(brokers)))
		}
	}
	return view, nil
}

// waitView reads the topic's partitions until every one has a leader and
// done holds, or leaderWait passes; it returns the last view read, or an
// error when none was complete.
func waitView(ctx context.Context, ops leaderOps, done func([]partView) bool) ([]partView, error) {
	wctx, cancel := context.WithTimeout(ctx, leaderWait)
	defer cancel()
	var last []partView
	var lastErr error
	for {
		v, err := ops.view(wctx)
		switch {
		case err != nil && !errors.Is(err, errRetry):
			return nil, err
		case err != nil:
			lastErr = err
		case len(v) == 0:
			lastErr = errors.New("the topic has no partitions in metadata")
		default:
			var leaderless []int32
			for _, p := range v {
				if p.Leader < 0 {
					leaderless = append(leaderless, p.Partition)
				}
			}
			if len(leaderless) > 0 {
				lastErr = fmt.Errorf("partition(s) %s have no leader", ids(leaderless))
				break
			}
			last, lastErr = v, nil
			if done(v) {
				return v, nil
			}
		}
		select {
		case <-wctx.Done():
			if last != nil {
				return last, nil
			}
			return nil, fmt.Errorf("waited %s for every partition to have a leader: %v", leaderWait, lastErr)
		case <-time.After(leaderPoll):
		}
	}
}

// unled returns the brokers that lead no partition in view.
func unled(view []partView, brokers []int32) []int32 {
	var out []int32
	for _, b := range brokers {
		if !slices.ContainsFunc(view, func(p partView) bool { return p.Leader == b }) {
			out = append(out, b)
		}
	}
	return out
}

// admLeaders implements leaderOps with Metadata and ElectLeaders requests.
type admLeaders struct {
	adm   *kadm.Client
	topic string
}

func (a admLeaders) view(ctx context.Context) ([]partView, error) {
	m, err := a.adm.Metadata(ctx, a.topic)
	if err != nil {
		return nil, fmt.Errorf("reading metadata of topic %s: %w", a.topic, explained{err})
	}
	td, ok := m.Topics[a.topic]
	switch {
	case !ok:
		return nil, fmt.Errorf("topic %s is not in the metadata answer: %w", a.topic, errRetry)
	case errors.Is(td.Err, kerr.UnknownTopicOrPartition), errors.Is(td.Err, kerr.LeaderNotAvailable):
		return nil, fmt.Errorf("topic %s: %s: %w", a.topic, Explain(td.Err), errRetry)
	case td.Err != nil:
		return nil, fmt.Errorf("topic %s: %s", a.topic, Explain(td.Err))
	}
	var out []partView
	for p, pd := range td.Partitions {
		out = append(out, partView{Partition: p, Leader: pd.Leader, Replicas: pd.Replicas})
	}
	slices.SortFunc(out, func(x, y partView) int { return int(x.Partition) - int(y.Partition) })
	return out, nil
}

func (a admLeaders) electPreferred(ctx context.Context, partitions []int32) error {
	set := kadm.TopicsSet{}
	set.Add(a.topic, partitions...)
	res, err := a.adm.ElectLeaders(ctx, kadm.ElectPreferredReplica, set)
	if err != nil {
		return err
	}
	for _, p := range res[a.topic] {
		if p.Err != nil && !errors.Is(p.Err, kerr.ElectionNotNeeded) {
			return fmt.Errorf("partition %d: %w", p.Partition, p.Err)
		}
	}
	return nil
}

// consume reads the topic through group until want messages of this run
// were seen or ctx ends; it returns how often each id was seen.
func consume(ctx context.Context, o Options, topic, group, runID string, want int) (map[string]int, error) {
	seen := map[string]int{}
	cl, err := kgo.NewClient(append(o.clientOpts(o.Bootstrap),
		kgo.ConsumerGroup(group),
		kgo.ConsumeTopics(topic),
		kgo.DisableAutoCommit(),
		kgo.FetchMaxWait(500*time.Millisecond),
	)...)
	if err != nil {
		return seen, fmt.Errorf("creating consumer: %w", err)
	}
	defer cl.Close()
	for len(seen) < want {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return seen, fmt.Errorf("consuming %s as group %s: stopped after %d of %d messages: %s", topic, group, len(seen), want, Explain(ctx.Err()))
		}
		var ferr error
		fs.EachError(func(t string, p int32, err error) {
			if ferr == nil {
				ferr = fmt.Errorf("consuming %s partition %d: %w", t, p, explained{err})
			}
		})
		if ferr != nil {
			return seen, ferr
		}
		fs.EachRecord(func(rec *kgo.Record) {
			id := string(rec.Value)
			if strings.HasPrefix(id, runID+"-") {
				seen[id]++
			}
		})
	}
	return seen, nil
}

func newRunID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// MarshalJSON encodes the latency in milliseconds.
func (b BrokerLatency) MarshalJSON() ([]byte, error) {
	return marshalJSON(struct {
		NodeID     int32   `json:"nodeId"`
		Partitions []int32 `json:"partitions"`
		Messages   int     `json:"messages"`
		P50Ms      float64 `json:"p50Ms"`
		MaxMs      float64 `json:"maxMs"`
	}{b.NodeID, b.Partitions, b.Messages, Millis(b.P50), Millis(b.Max)})
}
