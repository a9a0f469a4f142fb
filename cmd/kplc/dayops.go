package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc"
)

func runFinalizeFeatures(args []string, stdout, stderr io.Writer) int {
	c := newCommon("finalize-features", stdout, stderr, 5*time.Minute, true)
	var fo kplc.FinalizeOptions
	c.fs.IntVar(&fo.Brokers, "brokers", 0, "number of brokers, node ids 1..N; all must be registered (required)")
	c.fs.BoolVar(&fo.DryRun, "dry-run", false, "report the finalized and the supported level without changing anything")
	o, code, ok := c.clusterOptions(args, func() error {
		if fo.Brokers < 1 {
			return fmt.Errorf("--brokers %d: give the number of brokers, e.g. --brokers 3", fo.Brokers)
		}
		return nil
	})
	if !ok {
		return code
	}
	ctx, cancel := c.context()
	defer cancel()
	r, err := kplc.FinalizeFeatures(ctx, o, fo)
	if err != nil {
		return c.fail(err)
	}
	if c.format == "json" {
		emitJSON(stdout, struct {
			OK bool `json:"ok"`
			kplc.FeatureReport
		}{true, r})
		return exitOK
	}
	switch {
	case r.Changed:
		fmt.Fprintf(stdout, "%s finalized: %s (%d) -> %s (%d); a downgrade below it is no longer safe\n", r.Feature, r.BeforeName, r.Before, r.AfterName, r.After)
	case r.Before >= r.Supported:
		fmt.Fprintf(stdout, "%s is %s (%d), the highest level every broker supports: nothing to do\n", r.Feature, r.BeforeName, r.Before)
	default:
		fmt.Fprintf(stdout, "%s is %s (%d); every broker supports %s (%d): run without --dry-run to finalize\n", r.Feature, r.BeforeName, r.Before, r.SupportedName, r.Supported)
	}
	return exitOK
}

// brokerList is a flag that takes node ids, repeated or comma-separated.
type brokerList []int32

func (b *brokerList) String() string {
	parts := make([]string, len(*b))
	for i, id := range *b {
		parts[i] = strconv.Itoa(int(id))
	}
	return strings.Join(parts, ",")
}

func (b *brokerList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		id, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || id < 0 {
			return fmt.Errorf("%q is not a node id: give node ids such as 4 or 4,5", s)
		}
		if !slices.Contains(*b, int32(id)) {
			*b = append(*b, int32(id))
		}
	}
	return nil
}

func runRebalance(args []string, stdout, stderr io.Writer) int {
	c := newCommon("rebalance", stdout, stderr, 6*time.Hour, true)
	var ro kplc.RebalanceOptions
	var exclude brokerList
	c.fs.Var(&exclude, "exclude", "drain these brokers: every replica moves off them (repeat or comma-separate: --exclude 5,6)")
	c.fs.Int64Var(&ro.ThrottleBytes, "throttle", 50_000_000, "replication throttle while replicas are copied, bytes per second per broker (0: none)")
	c.fs.BoolVar(&ro.DryRun, "dry-run", false, "print the moves without making them")
	c.fs.DurationVar(&ro.Poll, "poll", 5*time.Second, "interval between checks of the running reassignment")
	c.fs.IntVar(&ro.Brokers, "brokers", 0, "the stack's broker count: registered brokers with a higher node id are drained too (0: none)")
	o, code, ok := c.clusterOptions(args, func() error {
		if ro.ThrottleBytes < 0 {
			return fmt.Errorf("--throttle %d: use 0 (no throttle) or bytes per second, e.g. 50000000", ro.ThrottleBytes)
		}
		if ro.Brokers < 0 {
			return fmt.Errorf("--brokers %d: use the broker count, e.g. 3, or 0", ro.Brokers)
		}
		if ro.Poll <= 0 {
			return fmt.Errorf("--poll %s: must be positive, e.g. 5s", ro.Poll)
		}
		return nil
	})
	if !ok {
		return code
	}
	ro.Exclude = exclude
	ctx, cancel := c.context()
	defer cancel()
	rep, err := kplc.Rebalance(ctx, o, ro)
	if err != nil {
		if c.format == "json" && rep.Moves != nil {
			emitJSON(stdout, struct {
				OK    bool   `json:"ok"`
				Error string `json:"error"`
				kplc.RebalanceReport
			}{false, err.Error(), rep})
		}
		return c.fail(err)
	}
	if c.format == "json" {
		emitJSON(stdout, struct {
			OK bool `json:"ok"`
			kplc.RebalanceReport
		}{true, rep})
		return exitOK
	}
	printRebalance(stdout, rep)
	return exitOK
}

// printRebalance prints the moves and the counts per broker.
func printRebalance(w io.Writer, rep kplc.RebalanceReport) {
	if len(rep.Waited) > 0 {
		fmt.Fprintf(w, "waited for %d reassignment(s) already running\n", len(rep.Waited))
	}
	if len(rep.Moves) == 0 {
		fmt.Fprintln(w, "balanced: nothing to move")
	}
	for _, m := range rep.Moves {
		kind := "copy to " + ids(m.Adding())
		if m.LeaderOnly() {
			kind = "preferred leader only"
		}
		fmt.Fprintf(w, "  %s  (%s)\n", m, kind)
	}
	fmt.Fprintf(w, "%d partition(s), %d replica(s) copied, %d preferred leader(s) changed\n", len(rep.Moves), rep.ReplicaMoves, rep.LeaderChanges)
	brokers := make([]int32, 0, len(rep.Load))
	for id := range rep.Load {
		brokers = append(brokers, id)
	}
	slices.Sort(brokers)
	for _, id := range brokers {
		fmt.Fprintf(w, "  broker %d: %d replicas, %d preferred leaders\n", id, rep.Load[id], rep.Leaders[id])
	}
	switch {
	case rep.DryRun:
		fmt.Fprintln(w, "dry run: nothing was changed")
	case rep.Applied && len(rep.Moves) > 0:
		fmt.Fprintln(w, "done: every partition has its new replicas, the throttle is removed")
	}
}

// ids formats node ids as "4,5".
func ids(s []int32) string {
	if len(s) == 0 {
		return "-"
	}
	b := brokerList(s)
	return b.String()
}
