package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
)

// startRehearsal starts the dev topology's rehearsal on a free block of loopback ports.
func startRehearsal(t *testing.T) *rehearse.Rehearsal {
	t.Helper()
	r, err := rehearse.Start(rehearse.DefaultTopology(), rehearse.Options{AutoOffset: true})
	if err != nil {
		t.Fatalf("rehearse.Start: %v", err)
	}
	t.Cleanup(r.Close)
	return r
}

// TestGatesSayTheRehearsalHasNoQuorum: against the rehearsal, the gates that read the KRaft
// quorum say plainly that kfake does not implement DescribeQuorum and what works instead, at
// once, with or without --via (issue 16 item 9; before: "DescribeQuorum: timed out" after the
// whole --timeout without --via, "not a KRaft cluster?" with it).
func TestGatesSayTheRehearsalHasNoQuorum(t *testing.T) {
	r := startRehearsal(t)
	problem := "  - this is the `kplc rehearse` cluster, whose brokers are kfake (not Apache Kafka), and kfake does not implement DescribeQuorum: wait-ready, safe-to-restart and cluster-ready cannot judge it; they are for the real cluster. Against the rehearsal run brokers and roundtrip (with --via 127.0.0.1) and probe-privatelink\n"
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"wait-ready", "--node-id", "1"}, "broker 1 ready: NO\n" + problem},
		{[]string{"safe-to-restart", "--node-id", "2"}, "safe to restart broker 2: NO\n" + problem},
		{[]string{"cluster-ready", "--brokers", "3"}, "cluster of 3 ready: NO\n" + problem},
	}
	for _, tc := range cases {
		for _, via := range [][]string{nil, {"--via", rehearse.LoopbackHost}} {
			args := append(append(append([]string{}, tc.args...), "--bootstrap", r.Bootstrap(), "--timeout", "10m"), via...)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				// A gate that polled would run into the 10-minute timeout (and the
				// test's) and end with "gave up after".
				code := run(args, &stdout, &stderr)
				if code != exitFailed {
					t.Errorf("exit %d, want %d; stderr: %s", code, exitFailed, stderr.String())
				}
				if stdout.String() != tc.want {
					t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), tc.want)
				}
			})
		}
	}
}

// TestServeBannerListsWhatWorks: the --serve banner names the commands that work against the
// rehearsal, each with --via, and the gates that do not (issue 16 item 9).
func TestServeBannerListsWhatWorks(t *testing.T) {
	r := startRehearsal(t)
	var b bytes.Buffer
	printServe(&b, r)
	tp := r.Topology
	want := fmt.Sprintf(`These kplc commands work against the rehearsal; each needs --via, which dials every advertised
name at the NLB host, as those names resolve nowhere:
  kplc brokers --bootstrap %[1]s --via 127.0.0.1
  kplc roundtrip --bootstrap %[1]s --via 127.0.0.1
  kplc probe-privatelink --via 127.0.0.1 --bootstrap-port %[2]d --first-port %[3]d --brokers 3
wait-ready, safe-to-restart and cluster-ready do not: they read the KRaft quorum (DescribeQuorum),
which kfake does not implement; against the rehearsal they say so and exit 1.
`, r.Bootstrap(), tp.BootstrapPort, tp.FirstPort())
	if !strings.HasSuffix(b.String(), want) {
		t.Errorf("banner:\n%s\nwant it to end with:\n%s", b.String(), want)
	}
}
