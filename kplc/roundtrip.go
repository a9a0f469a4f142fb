package kplc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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

// RoundtripOptions tunes [Roundtrip].
type RoundtripOptions struct {
	// Topic is the topic to write to; it is created if missing.
	Topic string
	// Messages is how many messages to produce; at least one per partition
	// is written whatever the value. Zero means 30.
	Messages int
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
	for _, id := range r.Unexercised {
		out = append(out, fmt.Sprintf("broker %d leads no partition of %s, so its address was not exercised (run a preferred leader election or add partitions)", id, r.Topic))
	}
	return out
}

func abbreviate(s []string, n int) string {
	if len(s) <= n {
		return strings.Join(s, ", ")
	}
	return strings.Join(s[:n], ", ") + fmt.Sprintf(" and %d more", len(s)-n)
}

// Roundtrip creates the topic if missing (partitions = brokers,
// replication factor min(3, brokers), min.insync.replicas min(2, RF)),
// produces with acks=all and idempotence to every partition, reads the
// messages back through a fresh consumer group, checks each arrived exactly
// once and that every broker led a written partition, then deletes the
// group. Failures are in the report's Err and Problems.
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
	nbrokers := len(meta.Brokers)
	if nbrokers == 0 {
		r.Err = errors.New("the cluster advertises no brokers")
		return r
	}
	if err := ensureTopic(ctx, adm, &r, nbrokers); err != nil {
		r.Err = err
		return r
	}
	tmeta, err := adm.Metadata(ctx, r.Topic)
	if err != nil {
		r.Err = fmt.Errorf("reading metadata of topic %s: %s", r.Topic, Explain(err))
		return r
	}
	td := tmeta.Topics[r.Topic]
	if td.Err != nil {
		r.Err = fmt.Errorf("topic %s: %s", r.Topic, Explain(td.Err))
		return r
	}
	leaders := map[int32]int32{}
	for p, pd := range td.Partitions {
		leaders[p] = pd.Leader
		r.ReplicationFactor = len(pd.Replicas)
	}
	r.Partitions = len(td.Partitions)
	for _, b := range meta.Brokers {
		led := false
		for _, l := range leaders {
			led = led || l == b.NodeID
		}
		if !led {
			r.Unexercised = append(r.Unexercised, b.NodeID)
		}
	}
	sort.Slice(r.Unexercised, func(i, j int) bool { return r.Unexercised[i] < r.Unexercised[j] })

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
					produceErr = fmt.Errorf("producing to %s partition %d (leader %d): %s", rec.Topic, rec.Partition, leaders[rec.Partition], Explain(err))
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
		r.Err = err
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

// ensureTopic creates the roundtrip topic if it does not exist.
func ensureTopic(ctx context.Context, adm *kadm.Client, r *RoundtripReport, nbrokers int) error {
	rf := min(3, nbrokers)
	minISR := min(2, rf)
	if rf < 3 {
		r.Notes = append(r.Notes, fmt.Sprintf("only %d broker(s): replication factor %d instead of 3, min.insync.replicas %d", nbrokers, rf, minISR))
	}
	resp, err := adm.CreateTopic(ctx, int32(nbrokers), int16(rf), map[string]*string{
		"min.insync.replicas": kadm.StringPtr(strconv.Itoa(minISR)),
	}, r.Topic)
	if err == nil {
		err = resp.Err
	}
	switch {
	case err == nil:
		r.Created = true
		return nil
	case errors.Is(err, kerr.TopicAlreadyExists):
		return nil
	default:
		return fmt.Errorf("creating topic %s (partitions %d, replication factor %d) was refused: %s", r.Topic, nbrokers, rf, Explain(err))
	}
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
				ferr = fmt.Errorf("consuming %s partition %d: %s", t, p, Explain(err))
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
	return json.Marshal(struct {
		NodeID     int32   `json:"nodeId"`
		Partitions []int32 `json:"partitions"`
		Messages   int     `json:"messages"`
		P50Ms      float64 `json:"p50Ms"`
		MaxMs      float64 `json:"maxMs"`
	}{b.NodeID, b.Partitions, b.Messages, ms(b.P50), ms(b.Max)})
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
