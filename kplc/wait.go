package kplc

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
)

// WaitOptions tunes [WaitReady] and [WaitClusterReady].
type WaitOptions struct {
	// Poll is the pause between polls; zero or more than 1 s means 1 s.
	Poll time.Duration
	// Limits bound what counts as caught up.
	Limits Limits
	// Once asks once instead of polling.
	Once bool
}

func (w WaitOptions) poll() time.Duration {
	if w.Poll <= 0 || w.Poll > pollInterval {
		return pollInterval
	}
	return w.Poll
}

// WaitReady polls until [Ready] holds for node or ctx ends; it returns the
// last verdict, which on timeout lists what is still wrong. The error is
// non-nil only for bad options.
func WaitReady(ctx context.Context, o Options, node int32, w WaitOptions) (Verdict, error) {
	return wait(ctx, o, w, func(s ClusterState) Verdict { return Ready(s, node, w.Limits) })
}

// WaitClusterReady polls until [ClusterReady] holds for nodes 1..n or ctx
// ends; it returns the last verdict.
func WaitClusterReady(ctx context.Context, o Options, n int, w WaitOptions) (Verdict, error) {
	return wait(ctx, o, w, func(s ClusterState) Verdict { return ClusterReady(s, n, w.Limits) })
}

// WaitSafeToRestart polls until [SafeToRestart] holds for node or ctx ends, so that a
// passing moment (a GC pause that makes a voter miss the 2 s caught-up rule, an ISR that
// shrank for a few seconds) does not refuse a restart; on timeout it returns the last complete
// verdict, which lists what is still unsafe. The caller bounds the wait with ctx. The error is
// non-nil only for bad options.
func WaitSafeToRestart(ctx context.Context, o Options, node int32, w WaitOptions) (Verdict, error) {
	return wait(ctx, o, w, func(s ClusterState) Verdict { return SafeToRestart(s, node, w.Limits) })
}

// CheckSafeToRestart gathers the cluster state once and applies
// [SafeToRestart]. The error is non-nil when the state cannot be read.
func CheckSafeToRestart(ctx context.Context, o Options, node int32, lim Limits) (Verdict, error) {
	cl, err := connect(ctx, o)
	if err != nil {
		return Verdict{}, err
	}
	defer cl.Close()
	s, err := GatherState(ctx, cl)
	if err != nil {
		return Verdict{}, err
	}
	return SafeToRestart(s, node, lim), nil
}

func wait(ctx context.Context, o Options, w WaitOptions, judge func(ClusterState) Verdict) (Verdict, error) {
	if err := o.validate(); err != nil {
		return Verdict{}, &UsageError{Err: err}
	}
	try := func(ctx context.Context) Verdict { return attempt(ctx, o, judge) }
	if w.Once {
		return try(ctx), nil
	}
	return poll(ctx, w.poll(), try), nil
}

// poll runs try every interval until it returns an OK or final verdict or ctx ends.
// On timeout it returns the verdict of the last attempt that finished
// before the deadline (one cut short by the deadline says only "timed
// out"; the one before it says what is still wrong), with a "gave up
// after" line added.
func poll(ctx context.Context, interval time.Duration, try func(context.Context) Verdict) Verdict {
	start := time.Now()
	var last Verdict
	have := false
	for {
		v := try(ctx)
		if v.OK || v.final {
			return v
		}
		if !have || ctx.Err() == nil {
			last, have = v, true
		}
		select {
		case <-ctx.Done():
			last.Problems = append(last.Problems, fmt.Sprintf("gave up after %s", time.Since(start).Round(100*time.Millisecond)))
			return last
		case <-time.After(interval):
		}
	}
}

// attempt gathers the state once with a fresh client, so a restarted broker
// or a bootstrap address that comes up later is picked up.
func attempt(ctx context.Context, o Options, judge func(ClusterState) Verdict) Verdict {
	cl, err := connect(ctx, o)
	if err != nil {
		// No bootstrap address accepts connections: a KRaft broker opens its listeners only
		// once it has caught up with a quorum leader, so a cluster that never formed looks
		// like this too.
		return Verdict{Problems: []string{err.Error()}, NoQuorum: true}
	}
	defer cl.Close()
	s, err := GatherState(ctx, cl)
	if err != nil {
		// A broker that accepts connections but answers no request (a timeout or a closed
		// connection rather than a Kafka error code) is not serving either.
		var kErr *kerr.Error
		return Verdict{Problems: []string{err.Error()}, NoQuorum: !errors.As(err, &kErr)}
	}
	return judge(s)
}
