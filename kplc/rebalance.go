package kplc

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafka-plc/kafka-plc/reassign"
)

// The replication throttle Kafka applies while replicas are copied (Kafka documentation,
// "Limiting Bandwidth Usage during Data Migration", https://kafka.apache.org/37/documentation.html#rep-throttle):
// a per-broker rate, dynamic broker configs, applied to the replicas the topic configs name
// as "partition:broker" pairs (leader side: the replicas the data comes from; follower side:
// the replicas being added). kafka-reassign-partitions.sh --throttle sets the same four.
const (
	LeaderThrottleRate       = "leader.replication.throttled.rate"
	FollowerThrottleRate     = "follower.replication.throttled.rate"
	LeaderThrottledReplicas  = "leader.replication.throttled.replicas"
	FollowerThrottledReplica = "follower.replication.throttled.replicas"
)

// RebalanceOptions say what Rebalance does.
type RebalanceOptions struct {
	// Exclude are brokers to drain (kplc rebalance --exclude).
	Exclude []int32
	// Brokers, when above 0, is the stack's broker count: registered brokers with a higher
	// node id are drained too (a lowered brokerCount whose instances the update deletes
	// after this step).
	Brokers int
	// ThrottleBytes is the replication throttle in bytes per second per broker while replicas
	// are copied; 0 leaves replication unthrottled.
	ThrottleBytes int64
	// DryRun plans and reports without changing anything.
	DryRun bool
	// Poll is the interval between checks of a running reassignment; zero means 5s.
	Poll time.Duration
}

// RebalanceReport is what Rebalance found and did.
type RebalanceReport struct {
	// Waited are the partitions whose reassignment was already running when Rebalance started
	// (an interrupted earlier run): it waited for them before planning.
	Waited []string `json:"waited,omitempty"`
	// Moves are the planned moves ("topic-p: [1 2 3] -> [4 2 3]").
	Moves []reassign.Move `json:"moves"`
	// ReplicaMoves counts the replicas copied to another broker.
	ReplicaMoves int `json:"replicaMoves"`
	// LeaderChanges counts the partitions that get another preferred leader.
	LeaderChanges int `json:"leaderChanges"`
	// Load is each broker's replica count after the moves.
	Load map[int32]int `json:"load"`
	// Leaders is each broker's preferred-leader count after the moves.
	Leaders map[int32]int `json:"leaders"`
	// Applied is true when the moves were made and verified.
	Applied bool `json:"applied"`
	// DryRun is true when nothing was changed.
	DryRun bool `json:"dryRun"`
}

// reassigner is what Rebalance needs from a cluster; adminReassigner is the real one.
type reassigner interface {
	// state returns the registered brokers and every partition's replicas.
	state(ctx context.Context) ([]reassign.Broker, []reassign.Partition, error)
	// inProgress returns the partitions being reassigned ("topic-p"), sorted.
	inProgress(ctx context.Context) ([]string, error)
	// throttle sets the replication throttle for the moves on brokers.
	throttle(ctx context.Context, rate int64, brokers []int32, moves []reassign.Move) error
	// unthrottle removes the throttle from brokers and topics.
	unthrottle(ctx context.Context, brokers []int32, topics []string) error
	// alter asks for the moves' target replicas.
	alter(ctx context.Context, moves []reassign.Move) error
	// electPreferred elects each moved partition's preferred (first) replica.
	electPreferred(ctx context.Context, moves []reassign.Move) error
}

// Rebalance moves replicas so that every broker holds its share (package reassign plans it),
// with Kafka's partition reassignment API (KIP-455): it waits for any reassignment already
// running (an interrupted run resumes that way), plans from the cluster as it is, throttles
// replication, asks for every move at once, waits until the controller lists none, elects the
// preferred leaders, removes the throttle and checks that each partition has its target
// replicas. Planning again on a balanced cluster plans nothing, so it is idempotent.
func Rebalance(ctx context.Context, o Options, ro RebalanceOptions) (RebalanceReport, error) {
	if ro.ThrottleBytes < 0 {
		return RebalanceReport{}, &UsageError{Err: fmt.Errorf("--throttle %d: use 0 (no throttle) or bytes per second, e.g. 50000000", ro.ThrottleBytes)}
	}
	cl, err := connect(ctx, o)
	if err != nil {
		return RebalanceReport{}, err
	}
	defer cl.Close()
	return rebalance(ctx, &adminReassigner{cl: cl, adm: kadm.NewClient(cl)}, ro)
}

// rebalance is Rebalance on any reassigner.
func rebalance(ctx context.Context, r reassigner, ro RebalanceOptions) (RebalanceReport, error) {
	rep := RebalanceReport{DryRun: ro.DryRun}
	poll := ro.Poll
	if poll <= 0 {
		poll = 5 * time.Second
	}
	running, err := r.inProgress(ctx)
	if err != nil {
		return rep, err
	}
	if len(running) > 0 {
		rep.Waited = running
		if ro.DryRun {
			return rep, fmt.Errorf("%d partition(s) are being reassigned (%s): a plan now would be out of date; run again when they are done",
				len(running), abbreviate(running, 5))
		}
		if err := waitReassigned(ctx, r, poll); err != nil {
			return rep, err
		}
	}
	brokers, parts, err := r.state(ctx)
	if err != nil {
		return rep, err
	}
	exclude := slices.Clone(ro.Exclude)
	for _, b := range brokers {
		if ro.Brokers > 0 && b.ID > int32(ro.Brokers) && !slices.Contains(exclude, b.ID) {
			exclude = append(exclude, b.ID)
		}
	}
	plan, err := reassign.Plan(brokers, parts, reassign.Options{Exclude: exclude})
	if err != nil {
		return rep, &UsageError{Err: err}
	}
	rep.Moves, rep.ReplicaMoves, rep.LeaderChanges = plan.Moves, plan.ReplicaMoves, plan.LeaderChanges
	rep.Load, rep.Leaders = plan.Load, plan.Leaders
	if ro.DryRun {
		return rep, nil
	}
	ids := make([]int32, 0, len(brokers))
	for _, b := range brokers {
		ids = append(ids, b.ID)
	}
	topics := movedTopics(plan.Moves)
	if len(plan.Moves) == 0 {
		// A run interrupted after its reassignment finished may have left its throttle, and
		// leaders not yet on their preferred replicas.
		var all []string
		for _, p := range parts {
			if !slices.Contains(all, p.Topic) {
				all = append(all, p.Topic)
			}
		}
		if err := r.unthrottle(ctx, ids, all); err != nil {
			return rep, err
		}
		if led := notPreferred(parts); len(led) > 0 {
			if err := r.electPreferred(ctx, led); err != nil {
				return rep, err
			}
		}
		rep.Applied = true
		return rep, nil
	}
	if ro.ThrottleBytes > 0 {
		if err := r.throttle(ctx, ro.ThrottleBytes, ids, plan.Moves); err != nil {
			return rep, err
		}
	}
	if err := r.alter(ctx, plan.Moves); err != nil {
		return rep, err
	}
	if err := waitReassigned(ctx, r, poll); err != nil {
		return rep, err
	}
	if err := r.electPreferred(ctx, plan.Moves); err != nil {
		return rep, err
	}
	if err := r.unthrottle(ctx, ids, topics); err != nil {
		return rep, err
	}
	_, after, err := r.state(ctx)
	if err != nil {
		return rep, err
	}
	if bad := unmoved(plan.Moves, after); len(bad) > 0 {
		return rep, fmt.Errorf("the controller lists no running reassignment, but %d partition(s) do not have their target replicas: %s; "+
			"run kplc rebalance again (it plans from the cluster as it is)", len(bad), abbreviate(bad, 5))
	}
	rep.Applied = true
	return rep, nil
}

// waitReassigned polls until no reassignment runs.
func waitReassigned(ctx context.Context, r reassigner, poll time.Duration) error {
	for {
		running, err := r.inProgress(ctx)
		if err != nil {
			return err
		}
		if len(running) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d reassignment(s) to finish (%s): %w; they go on in the cluster: run kplc rebalance again to wait for them and finish",
				len(running), abbreviate(running, 5), ctx.Err())
		case <-time.After(poll):
		}
	}
}

// unmoved returns the moves whose partitions do not have their target replicas.
func unmoved(moves []reassign.Move, parts []reassign.Partition) []string {
	now := map[string][]int32{}
	for _, p := range parts {
		now[p.Name()] = p.Replicas
	}
	var bad []string
	for _, m := range moves {
		if got := now[m.Name()]; !slices.Equal(got, m.To) {
			bad = append(bad, fmt.Sprintf("%s has %v, want %v", m.Name(), got, m.To))
		}
	}
	return bad
}

// notPreferred returns the partitions led by another replica than their preferred (first) one,
// as moves to the same replicas.
func notPreferred(parts []reassign.Partition) []reassign.Move {
	var out []reassign.Move
	for _, p := range parts {
		if p.Leader >= 0 && len(p.Replicas) > 0 && p.Leader != p.Replicas[0] {
			out = append(out, reassign.Move{Topic: p.Topic, Partition: p.Partition, From: p.Replicas, To: p.Replicas})
		}
	}
	return out
}

// movedTopics returns the topics of the moves, sorted.
func movedTopics(moves []reassign.Move) []string {
	var out []string
	for _, m := range moves {
		if !slices.Contains(out, m.Topic) {
			out = append(out, m.Topic)
		}
	}
	sort.Strings(out)
	return out
}

// ThrottledReplicas returns the topic configs that throttle the moves of one topic, as
// kafka-reassign-partitions.sh sets them: the leader side lists every current replica of a
// moving partition (the data may come from any of them), the follower side the replicas being
// added, each as "partition:broker", comma-separated. Leader-only moves copy nothing and are
// left out.
func ThrottledReplicas(moves []reassign.Move, topic string) (leader, follower string) {
	var l, f []string
	for _, m := range moves {
		if m.Topic != topic || m.LeaderOnly() {
			continue
		}
		for _, b := range m.From {
			l = append(l, fmt.Sprintf("%d:%d", m.Partition, b))
		}
		for _, b := range m.Adding() {
			f = append(f, fmt.Sprintf("%d:%d", m.Partition, b))
		}
	}
	return strings.Join(l, ","), strings.Join(f, ",")
}

// adminReassigner is the reassigner of a real cluster (kadm and raw requests).
type adminReassigner struct {
	cl  *kgo.Client
	adm *kadm.Client
}

func (a *adminReassigner) state(ctx context.Context) ([]reassign.Broker, []reassign.Partition, error) {
	meta, err := readMetadata(ctx, a.cl, nil)
	if err != nil {
		return nil, nil, err
	}
	var brokers []reassign.Broker
	for _, b := range meta.Brokers {
		rack := ""
		if b.Rack != nil {
			rack = *b.Rack
		}
		brokers = append(brokers, reassign.Broker{ID: b.NodeID, Rack: rack})
	}
	var parts []reassign.Partition
	for _, t := range meta.Topics {
		if t.Topic == nil {
			continue
		}
		if err := kerr.ErrorForCode(t.ErrorCode); err != nil {
			return nil, nil, fmt.Errorf("reading topic %s: %w", *t.Topic, err)
		}
		for _, p := range t.Partitions {
			parts = append(parts, reassign.Partition{Topic: *t.Topic, Partition: p.Partition, Replicas: slices.Clone(p.Replicas), Leader: p.Leader})
		}
	}
	return brokers, parts, nil
}

func (a *adminReassigner) inProgress(ctx context.Context) ([]string, error) {
	// Topics null lists every running reassignment (ListPartitionReassignmentsRequest.json);
	// kadm's helper needs the partitions named, so the request is made directly.
	req := kmsg.NewPtrListPartitionReassignmentsRequest()
	req.TimeoutMillis = 30000
	resp, err := req.RequestWith(ctx, a.cl)
	if err != nil {
		return nil, fmt.Errorf("listing running reassignments: %s", Explain(err))
	}
	if err := kerr.ErrorForCode(resp.ErrorCode); err != nil {
		return nil, fmt.Errorf("listing running reassignments: %w", err)
	}
	var out []string
	for _, t := range resp.Topics {
		for _, p := range t.Partitions {
			out = append(out, t.Topic+"-"+strconv.Itoa(int(p.Partition)))
		}
	}
	sort.Strings(out)
	return out, nil
}

func (a *adminReassigner) throttle(ctx context.Context, rate int64, brokers []int32, moves []reassign.Move) error {
	v := strconv.FormatInt(rate, 10)
	res, err := a.adm.AlterBrokerConfigs(ctx, []kadm.AlterConfig{
		{Op: kadm.SetConfig, Name: LeaderThrottleRate, Value: &v},
		{Op: kadm.SetConfig, Name: FollowerThrottleRate, Value: &v},
	}, brokers...)
	if err := alterErr("setting the replication throttle on the brokers", res, err); err != nil {
		return err
	}
	for _, t := range movedTopics(moves) {
		leader, follower := ThrottledReplicas(moves, t)
		if leader == "" {
			continue
		}
		res, err := a.adm.AlterTopicConfigs(ctx, []kadm.AlterConfig{
			{Op: kadm.SetConfig, Name: LeaderThrottledReplicas, Value: &leader},
			{Op: kadm.SetConfig, Name: FollowerThrottledReplica, Value: &follower},
		}, t)
		if err := alterErr("throttling the replicas of topic "+t, res, err); err != nil {
			return err
		}
	}
	return nil
}

func (a *adminReassigner) unthrottle(ctx context.Context, brokers []int32, topics []string) error {
	res, err := a.adm.AlterBrokerConfigs(ctx, []kadm.AlterConfig{
		{Op: kadm.DeleteConfig, Name: LeaderThrottleRate},
		{Op: kadm.DeleteConfig, Name: FollowerThrottleRate},
	}, brokers...)
	if err := alterErr("removing the replication throttle from the brokers", res, err); err != nil {
		return err
	}
	if len(topics) == 0 {
		return nil
	}
	res, err = a.adm.AlterTopicConfigs(ctx, []kadm.AlterConfig{
		{Op: kadm.DeleteConfig, Name: LeaderThrottledReplicas},
		{Op: kadm.DeleteConfig, Name: FollowerThrottledReplica},
	}, topics...)
	return alterErr("removing the throttled replicas from the topics", res, err)
}

// alterErr is the first error of an AlterConfigs call, with what was being done.
func alterErr(what string, res kadm.AlterConfigsResponses, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %s", what, Explain(err))
	}
	for _, r := range res {
		if r.Err != nil {
			return fmt.Errorf("%s: %s: %v %s", what, r.Name, r.Err, r.ErrMessage)
		}
	}
	return nil
}

func (a *adminReassigner) alter(ctx context.Context, moves []reassign.Move) error {
	req := kadm.AlterPartitionAssignmentsReq{}
	for _, m := range moves {
		req.Assign(m.Topic, m.Partition, m.To)
	}
	res, err := a.adm.AlterPartitionAssignments(ctx, req)
	if err != nil {
		return fmt.Errorf("asking for %d reassignment(s): %s", len(moves), Explain(err))
	}
	var bad []string
	for _, r := range res.Sorted() {
		if r.Err != nil {
			bad = append(bad, fmt.Sprintf("%s-%d: %v %s", r.Topic, r.Partition, r.Err, r.ErrMessage))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("the controller refused %d reassignment(s): %s", len(bad), abbreviate(bad, 5))
	}
	return nil
}

func (a *adminReassigner) electPreferred(ctx context.Context, moves []reassign.Move) error {
	set := kadm.TopicsSet{}
	for _, m := range moves {
		set.Add(m.Topic, m.Partition)
	}
	res, err := a.adm.ElectLeaders(ctx, kadm.ElectPreferredReplica, set)
	if err != nil {
		return fmt.Errorf("electing the preferred leaders: %s", Explain(err))
	}
	var bad []string
	for _, ps := range res {
		for _, r := range ps {
			// ELECTION_NOT_NEEDED: the preferred replica leads already.
			if r.Err != nil && !errors.Is(r.Err, kerr.ElectionNotNeeded) {
				bad = append(bad, fmt.Sprintf("%s-%d: %v", r.Topic, r.Partition, r.Err))
			}
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("electing the preferred leaders of %d partition(s) failed (the replicas moved; `kplc rebalance` again retries the election): %s",
			len(bad), abbreviate(bad, 5))
	}
	return nil
}
