package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// jumpClock is a fake clock on which every pause of a wait lasts jump: each poll of a gate then
// looks jump later, so a few real polls make a long simulated wait.
type jumpClock struct {
	mu   sync.Mutex
	now  time.Time
	jump time.Duration
}

func (c *jumpClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *jumpClock) After(time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.jump)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// TestGatesPrintProgress: the waiting gates print status lines on stderr while they wait (what
// is still wrong, elapsed, the limit), and their JSON output on stdout is the verdict alone.
// Not serial with the other tests' clocks: waitClock is this package's, set for this test only.
func TestGatesPrintProgress(t *testing.T) {
	dead := deadAddr(t)
	t.Cleanup(func() { waitClock = nil })
	for _, tc := range []struct {
		args   []string
		prefix string
	}{
		{[]string{"wait-ready", "--node-id", "2"}, "kplc wait-ready: broker 2 ready: still waiting ("},
		{[]string{"cluster-ready", "--brokers", "3"}, "kplc cluster-ready: cluster of 3 ready: still waiting ("},
		{[]string{"safe-to-restart", "--node-id", "2", "--wait", "2s"}, "kplc safe-to-restart: safe to restart broker 2: still waiting ("},
	} {
		t.Run(tc.args[0], func(t *testing.T) {
			waitClock = &jumpClock{now: time.Now(), jump: 10 * time.Second}
			args := append(append([]string(nil), tc.args...), "--bootstrap", dead, "--timeout", "2s", "--format", "json")
			code, stdout, stderr := runCLI(t, args...)
			if code == 0 {
				t.Fatalf("exit 0 against a dead address")
			}
			var lines []string
			for _, l := range strings.Split(stderr, "\n") {
				if strings.HasPrefix(l, tc.prefix) {
					lines = append(lines, l)
				}
			}
			if len(lines) < 2 {
				t.Errorf("%d status lines on stderr, want at least 2:\n%s", len(lines), stderr)
			}
			for _, l := range lines {
				if !strings.Contains(l, " of ") || !strings.Contains(l, "): ") {
					t.Errorf("status line %q does not say elapsed of limit and what is wrong", l)
				}
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(stdout), &v); err != nil {
				t.Fatalf("stdout is not one JSON verdict: %v\n%s", err, stdout)
			}
			for k := range v {
				if k != "ok" && k != "problems" && k != "notes" && k != "noQuorum" {
					t.Errorf("JSON verdict has key %q: the output changed", k)
				}
			}
			if strings.Contains(stdout, "still waiting") {
				t.Errorf("a status line reached stdout:\n%s", stdout)
			}
		})
	}
}

// TestParseWave: --wave takes node ids separated by commas that include --node-id.
func TestParseWave(t *testing.T) {
	for _, tc := range []struct {
		text, want, err string
	}{
		{"", "[]", ""},
		{"1,4,7", "[1 4 7]", ""},
		{" 4 ,1", "[4 1]", ""},
		{"4,7", "", `--wave "4,7" does not include --node-id 1`},
		{"1,x", "", `--wave "1,x": expected node ids separated by commas`},
		{"1,-2", "", `--wave "1,-2": expected node ids`},
	} {
		got, err := parseWave(tc.text, 1)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseWave(%q): error %v, want %q", tc.text, err, tc.err)
			}
			continue
		}
		if err != nil || fmt.Sprint(got) != tc.want && !(tc.want == "[]" && len(got) == 0) {
			t.Errorf("parseWave(%q) = %v, %v; want %s", tc.text, got, err, tc.want)
		}
	}
}

// TestPlanShowsWaves: kplc plan says how a later change restarts the brokers; with
// rollConcurrency zone it lists the waves.
func TestPlanShowsWaves(t *testing.T) {
	for _, tc := range []struct {
		v    planView
		want string
	}{
		{planView{RollConcurrency: "one", RollWaves: []waveView{{NodeIDs: []int{1}}, {NodeIDs: []int{2}}}},
			"  Later changes restart the brokers one at a time, in node order, each behind its own gate (rollConcurrency one)\n"},
		{planView{RollConcurrency: "zone", RollWaves: []waveView{{Zone: "a", NodeIDs: []int{1, 4}}, {Zone: "b", NodeIDs: []int{2, 5}}, {Zone: "c", NodeIDs: []int{3}}}},
			"3 waves, each behind one gate; a wave refused (two replicas of a partition in it, or the quorum would lose its majority) restarts one at a time:\n" +
				"    wave 1, a: nodes 1, 4\n    wave 2, b: nodes 2, 5\n    wave 3, c: nodes 3\n"},
		{planView{}, ""},
	} {
		var b strings.Builder
		writeWaves(&b, tc.v)
		if !strings.HasSuffix(b.String(), tc.want) || (tc.want == "" && b.Len() != 0) {
			t.Errorf("writeWaves(%v):\n%s\nwant it to end with:\n%s", tc.v.RollWaves, b.String(), tc.want)
		}
	}
}
