package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// dayCluster is a kfake cluster of brokers 1..n (kfake numbers from 0 and makes the last broker
// the controller: n+1 start, node 0 goes) with topic "orders" of 12 partitions, RF 3, all led
// by broker 1, so that its replicas sit on brokers 1..3 (kfake 03_metadata.go okp).
func dayCluster(t *testing.T, n int) string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(n + 1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	if err := c.RemoveNode(0); err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := kadm.NewClient(cl).CreateTopic(ctx, 12, 3, nil, "orders"); err != nil {
		t.Fatal(err)
	}
	for p := int32(0); p < 12; p++ {
		if err := c.MoveTopicPartition("orders", p, 1); err != nil {
			t.Fatal(err)
		}
	}
	return c.ListenAddrs()[0]
}

// TestDayOpsCommands: the flags, exit codes and output of kplc finalize-features and kplc
// rebalance against kfake.
func TestDayOpsCommands(t *testing.T) {
	addr := dayCluster(t, 6)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"finalize without --brokers", []string{"finalize-features", "--bootstrap", addr}, exitUsage, "", "--brokers 0: give the number of brokers"},
		{"finalize dry run", []string{"finalize-features", "--bootstrap", addr, "--brokers", "6", "--dry-run"}, exitOK, "metadata.version is ", ""},
		{"finalize with a broker missing", []string{"finalize-features", "--bootstrap", addr, "--brokers", "7"}, exitFailed, "", "broker 7 of 7 is not registered"},
		{"rebalance dry run", []string{"rebalance", "--bootstrap", addr, "--dry-run"}, exitOK, "dry run: nothing was changed", ""},
		{"rebalance dry run json", []string{"rebalance", "--bootstrap", addr, "--dry-run", "--format", "json"}, exitOK, `"replicaMoves": 18`, ""},
		{"drain 6 and 5", []string{"rebalance", "--bootstrap", addr, "--dry-run", "--exclude", "6", "--exclude", "5"}, exitOK, "broker 4: 9 replicas", ""},
		{"--brokers 4 drains 5 and 6", []string{"rebalance", "--bootstrap", addr, "--dry-run", "--brokers", "4"}, exitOK, "broker 4: 9 replicas", ""},
		{"bad --exclude", []string{"rebalance", "--bootstrap", addr, "--exclude", "x"}, exitUsage, "", `"x" is not a node id`},
		{"negative --throttle", []string{"rebalance", "--bootstrap", addr, "--throttle", "-1"}, exitUsage, "", "--throttle -1"},
		{"drain every broker", []string{"rebalance", "--bootstrap", addr, "--dry-run", "--exclude", "1,2,3,4,5,6"}, exitUsage, "", "every broker is excluded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tc.args, &out, &errOut)
			if code != tc.code || !strings.Contains(out.String(), tc.stdout) || !strings.Contains(errOut.String(), tc.stderr) {
				t.Errorf("kplc %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s\nwant stdout with %q, stderr with %q",
					strings.Join(tc.args, " "), code, tc.code, out.String(), errOut.String(), tc.stdout, tc.stderr)
			}
		})
	}
}
