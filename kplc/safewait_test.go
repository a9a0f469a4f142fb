package kplc

import (
	"testing"
	"time"
)

// asked returns how many states the hooks have served.
func (h *quorumHooks) asked() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.quorumAsked
}

// A restart gate that reads the cluster once refuses on a passing moment (a GC pause, an ISR
// that shrank for a few seconds). WaitSafeToRestart asks again until it is safe.
func TestWaitSafeToRestartRidesOutATransientRefusal(t *testing.T) {
	c, o := newCluster(t)
	placeLeaders(t, c, o, "t", 0)
	h := installHooks(t, c, o)
	h.set(func(h *quorumHooks) { h.isr = []int32{0, 1} }) // restarting 1 would leave t-0 below min ISR
	recovered := make(chan int)
	go func() {
		// The ISR recovers only after the gate has seen it unsafe twice.
		for h.asked() < 2 {
			time.Sleep(20 * time.Millisecond)
		}
		h.set(func(h *quorumHooks) { h.isr = nil })
		recovered <- h.asked()
	}()
	v, err := WaitSafeToRestart(ctxFor(t, 60*time.Second), o, 1, WaitOptions{Poll: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, true, nil, nil)
	if at := <-recovered; at < 2 {
		t.Errorf("the ISR recovered after %d states; the test needs the gate to have seen it unsafe first", at)
	}

	// Once: one look, refused, although a second look would pass after the next recovery.
	h.set(func(h *quorumHooks) { h.isr = []int32{0, 1} })
	before := h.asked()
	v, err = WaitSafeToRestart(ctxFor(t, 60*time.Second), o, 1, WaitOptions{Once: true})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, false, []string{"restarting broker 1 would take 1 partition(s) below min.insync.replicas"}, nil)
	if n := h.asked() - before; n != 1 {
		t.Errorf("Once asked %d times, want 1", n)
	}
	if v.NoQuorum {
		t.Errorf("an ISR refusal is marked NoQuorum: %+v", v)
	}
}

// Still unsafe when the wait ends: refused with the last reasons, not with "timed out".
func TestWaitSafeToRestartRefusesWithLastReasons(t *testing.T) {
	c, o := newCluster(t)
	placeLeaders(t, c, o, "t", 0)
	h := installHooks(t, c, o)
	h.set(func(h *quorumHooks) { h.isr = []int32{0, 1} })
	v, err := WaitSafeToRestart(ctxFor(t, 1500*time.Millisecond), o, 1, WaitOptions{Poll: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, false, []string{"restarting broker 1 would take 1 partition(s) below min.insync.replicas: t-0", "gave up after"}, nil)
	if h.asked() < 2 {
		t.Errorf("the gate looked %d time(s) in 1.5 s with a 100 ms poll; it did not poll", h.asked())
	}
}

// NoQuorum marks the refusals configure-broker.sh may bypass before the cluster has formed:
// no quorum leader, or no broker answering. Nothing else.
func TestNoQuorumVerdicts(t *testing.T) {
	c, o := newCluster(t)
	h := installHooks(t, c, o)
	h.set(func(h *quorumHooks) { h.quorum.LeaderID = -1 })
	v, err := WaitSafeToRestart(ctxFor(t, 10*time.Second), o, 1, WaitOptions{Once: true})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, false, []string{"the KRaft quorum has no leader"}, nil)
	if !v.NoQuorum {
		t.Errorf("no quorum leader: NoQuorum false in %+v", v)
	}

	dead := Options{Bootstrap: []string{deadAddr(t)}}
	v, err = WaitSafeToRestart(ctxFor(t, 10*time.Second), dead, 1, WaitOptions{Once: true})
	if err != nil {
		t.Fatal(err)
	}
	check(t, v, false, []string{"no bootstrap address answers"}, nil)
	if !v.NoQuorum {
		t.Errorf("nothing answers: NoQuorum false in %+v", v)
	}

	h.set(func(h *quorumHooks) { h.quorum.LeaderID = 2; h.fenced = map[int32]bool{1: true} })
	v = ClusterReady(gather(t, o), 2, Limits{})
	if v.OK || v.NoQuorum {
		t.Errorf("a fenced broker with a quorum leader: want refused without NoQuorum, got %+v", v)
	}
}
