package kplc

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
	// Progress, when set, is called while the wait goes on, at most once per ProgressEvery
	// (the first time once that much has passed), with what is still wrong.
	Progress func(Progress)
	// ProgressEvery is the least time between two Progress calls; zero means 10 s.
	ProgressEvery time.Duration
	// Clock is the time source of the wait; nil means the real clock. Tests inject a fake one.
	Clock Clock
}

// Progress is a wait's status while it goes on.
type Progress struct {
	// Problems are what the last look found still wrong.
	Problems []string
	// Elapsed is how long the wait has run.
	Elapsed time.Duration
	// Limit is how long it may run in all (zero when unbounded).
	Limit time.Duration
}

// Line renders p as one short status line for a person watching: "still waiting (12s of
// 5m0s): PROBLEM; PROBLEM". Long problem lists are cut after three.
func (p Progress) Line(what string) string {
	took := p.Elapsed.Round(time.Second).String()
	if p.Limit > 0 {
		took += " of " + p.Limit.Round(time.Second).String()
	}
	problems := p.Problems
	more := ""
	if len(problems) > 3 {
		more = fmt.Sprintf("; and %d more", len(problems)-3)
		problems = problems[:3]
	}
	reason := strings.Join(problems, "; ") + more
	if reason == "" {
		reason = "no answer yet"
	}
	return fmt.Sprintf("%s: still waiting (%s): %s", what, took, reason)
}

// Clock is the time source of a wait.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func (w WaitOptions) clock() Clock {
	if w.Clock == nil {
		return realClock{}
	}
	return w.Clock
}

func (w WaitOptions) progressEvery() time.Duration {
	if w.ProgressEvery <= 0 {
		return 10 * time.Second
	}
	return w.ProgressEvery
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
	return poll(ctx, w, try), nil
}

// poll runs try every interval until it returns an OK or final verdict or ctx ends.
// On timeout it returns the verdict of the last attempt that finished
// before the deadline (one cut short by the deadline says only "timed
// out"; the one before it says what is still wrong), with a "gave up
// after" line added.
//
// While it waits it reports progress (w.Progress) at most every w.progressEvery().
func poll(ctx context.Context, w WaitOptions, try func(context.Context) Verdict) Verdict {
	clock, interval := w.clock(), w.poll()
	start := clock.Now()
	var limit time.Duration
	if deadline, ok := ctx.Deadline(); ok {
		limit = time.Until(deadline) // the budget in real time, whichever clock paces the polls
	}
	var last Verdict
	have := false
	reported := start
	for {
		v := try(ctx)
		if v.OK || v.final {
			return v
		}
		if !have || ctx.Err() == nil {
			last, have = v, true
		}
		if now := clock.Now(); w.Progress != nil && ctx.Err() == nil && now.Sub(reported) >= w.progressEvery() {
			reported = now
			w.Progress(Progress{Problems: append([]string(nil), v.Problems...), Elapsed: now.Sub(start), Limit: limit})
		}
		select {
		case <-ctx.Done():
			last.Problems = append(last.Problems, fmt.Sprintf("gave up after %s", clock.Now().Sub(start).Round(100*time.Millisecond)))
			return last
		case <-clock.After(interval):
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
