package kplc

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a Clock whose time moves only when the wait sleeps: After(d) advances it by d at
// once, so a 25 s wait takes no real time.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// TestPollProgress: a wait reports what is still wrong at most once per ProgressEvery (10 s by
// default), never before, with the elapsed time and the limit; the verdict is unchanged.
func TestPollProgress(t *testing.T) {
	for _, tc := range []struct {
		name       string
		takes      time.Duration // when the condition starts to hold
		every      time.Duration
		wantLines  int
		wantFirst  time.Duration // Elapsed of the first report
		wantVerdOK bool
	}{
		{name: "a 25 s wait prints two status lines (10 s, 20 s)", takes: 25 * time.Second, wantLines: 2, wantFirst: 10 * time.Second, wantVerdOK: true},
		{name: "a 9 s wait prints none", takes: 9 * time.Second, wantLines: 0, wantVerdOK: true},
		{name: "a 61 s wait prints six", takes: 61 * time.Second, wantLines: 6, wantFirst: 10 * time.Second, wantVerdOK: true},
		{name: "every 5 s: a 25 s wait prints four (5, 10, 15, 20 s)", takes: 25 * time.Second, every: 5 * time.Second, wantLines: 4, wantFirst: 5 * time.Second, wantVerdOK: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := &fakeClock{now: time.Now()}
			start := clock.Now()
			ctx, cancel := context.WithDeadline(context.Background(), start.Add(5*time.Minute))
			defer cancel()
			var got []Progress
			w := WaitOptions{Clock: clock, ProgressEvery: tc.every, Progress: func(p Progress) { got = append(got, p) }}
			v := poll(ctx, w, func(context.Context) Verdict {
				if clock.Now().Sub(start) >= tc.takes {
					return Verdict{OK: true}
				}
				return Verdict{Problems: []string{"broker 2 is not registered", "no quorum leader"}}
			})
			if v.OK != tc.wantVerdOK {
				t.Fatalf("verdict %+v, want OK %v", v, tc.wantVerdOK)
			}
			if len(got) != tc.wantLines {
				t.Fatalf("%d progress reports %+v, want %d", len(got), got, tc.wantLines)
			}
			every := tc.every
			if every == 0 {
				every = 10 * time.Second
			}
			for i, p := range got {
				if i == 0 && p.Elapsed != tc.wantFirst {
					t.Errorf("first report after %s, want %s", p.Elapsed, tc.wantFirst)
				}
				if i > 0 && p.Elapsed-got[i-1].Elapsed < every {
					t.Errorf("reports %d and %d only %s apart, want at least %s", i-1, i, p.Elapsed-got[i-1].Elapsed, every)
				}
				if p.Limit <= 4*time.Minute || p.Limit > 5*time.Minute {
					t.Errorf("report %d: limit %s, want the 5m0s deadline", i, p.Limit)
				}
				if len(p.Problems) != 2 || p.Problems[0] != "broker 2 is not registered" {
					t.Errorf("report %d: problems %q, want what is still wrong", i, p.Problems)
				}
			}
		})
	}
}

// TestProgressLine: the status line says what is awaited, elapsed of limit, and what is wrong.
func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		p    Progress
		want string
	}{
		{Progress{Problems: []string{"broker 2 is not registered"}, Elapsed: 12300 * time.Millisecond, Limit: 5 * time.Minute},
			"broker 2 ready: still waiting (12s of 5m0s): broker 2 is not registered"},
		{Progress{Elapsed: 10 * time.Second}, "broker 2 ready: still waiting (10s): no answer yet"},
		{Progress{Problems: []string{"a", "b", "c", "d", "e"}, Elapsed: 20 * time.Second, Limit: time.Minute},
			"broker 2 ready: still waiting (20s of 1m0s): a; b; c; and 2 more"},
	} {
		if got := tc.p.Line("broker 2 ready"); got != tc.want {
			t.Errorf("Line = %q\nwant   %q", got, tc.want)
		}
		if strings.Contains(tc.p.Line("x"), "\n") {
			t.Errorf("Line has a newline")
		}
	}
}
