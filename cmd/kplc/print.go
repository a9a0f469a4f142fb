package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// msText prints a latency in the unit and precision of the JSON output (kplc.Millis).
func msText(d time.Duration) string { return fmt.Sprintf("%.1f ms", kplc.Millis(d)) }

// printBrokers prints the broker table; zones, if non-nil, adds the
// planned zone of each node.
func printBrokers(w io.Writer, rep kplc.BrokersReport, zones map[int32]string) {
	fmt.Fprintf(w, "cluster %s, controller %d, %d broker(s)\n", rep.ClusterID, rep.ControllerID, len(rep.Brokers))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if zones != nil {
		fmt.Fprintln(tw, "NODE\tADVERTISED\tRACK\tPLANNED ZONE\tAPIVERSIONS")
	} else {
		fmt.Fprintln(tw, "NODE\tADVERTISED\tRACK\tAPIVERSIONS")
	}
	for _, b := range rep.Brokers {
		status := "ok (" + msText(b.Latency) + ")"
		if b.Err != nil {
			status = "FAILED: " + b.Err.Error()
		}
		rack := b.Rack
		if rack == "" {
			rack = "-"
		}
		if zones != nil {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", b.NodeID, b.Addr(), rack, zones[b.NodeID], status)
		} else {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", b.NodeID, b.Addr(), rack, status)
		}
	}
	tw.Flush()
}

// printRoundtrip prints a roundtrip report, each line prefixed by pre.
func printRoundtrip(w io.Writer, pre string, r kplc.RoundtripReport) {
	created := "existing"
	if r.Created {
		created = "created"
	}
	switch {
	case r.Partitions == 0 && r.Created:
		// Stopped before the topic's partitions were read: no count to show is true.
		fmt.Fprintf(w, pre+"topic %s: created, but stopped before its partitions could be read; nothing produced\n", r.Topic)
	case r.Partitions == 0:
		fmt.Fprintf(w, pre+"topic %s: not reached (stopped before the topic could be read or created); nothing produced\n", r.Topic)
	default:
		fmt.Fprintf(w, pre+"topic %s (%s, %d partitions, RF %d): produced %d, consumed %d, group %s deleted=%v\n",
			r.Topic, created, r.Partitions, r.ReplicationFactor, r.Produced, r.Consumed, r.Group, r.GroupDeleted)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, pre+"  note: %s\n", n)
	}
	if len(r.Brokers) > 0 {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, pre+"  LEADER\tPARTITIONS\tMESSAGES\tPRODUCE P50\tPRODUCE MAX")
		for _, b := range r.Brokers {
			fmt.Fprintf(tw, pre+"  %d\t%v\t%d\t%s\t%s\n", b.NodeID, b.Partitions, b.Messages, msText(b.P50), msText(b.Max))
		}
		tw.Flush()
	}
	if r.OK() {
		fmt.Fprintln(w, pre+"roundtrip: ok (every message exactly once, every broker exercised)")
		return
	}
	fmt.Fprintln(w, pre+"roundtrip: FAILED")
	for _, p := range r.Problems() {
		fmt.Fprintf(w, pre+"  - %s\n", p)
	}
}

func printProbe(w io.Writer, r kplc.ProbeReport) {
	fmt.Fprintf(w, "bootstrap through the NLB: %s\n", r.Bootstrap)
	if r.BootstrapErr != nil {
		fmt.Fprintf(w, "  FAILED: %v\n", r.BootstrapErr)
	}
	if len(r.Advertised) > 0 {
		fmt.Fprintln(w, "(a) advertised EXTERNAL addresses against the plan:")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, a := range r.Advertised {
			status := "ok"
			if a.Err != nil {
				status = "WRONG: " + a.Err.Error()
			}
			fmt.Fprintf(tw, "  broker %d\t%s\t%s\n", a.NodeID, a.Addr, status)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "(b) which broker answers behind each NLB port (%s):\n", r.Method)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, p := range r.Ports {
		want := fmt.Sprintf("broker %d", p.Want)
		if p.Want < 0 {
			want = "any broker (bootstrap)"
		}
		status := fmt.Sprintf("broker %d answers (%s)", p.Got, msText(p.Latency))
		if p.Err != nil {
			status = "WRONG: " + p.Err.Error()
		}
		fmt.Fprintf(tw, "  port %d\t-> %s\t%s\n", p.Port, want, status)
	}
	tw.Flush()
	fmt.Fprintln(w, "(c) roundtrip over the mapped path:")
	if r.Roundtrip != nil {
		printRoundtrip(w, "  ", *r.Roundtrip)
	} else {
		fmt.Fprintf(w, "  %s\n", r.RoundtripSkipped)
	}
	if r.OK() {
		fmt.Fprintln(w, "private-link path: ok")
		return
	}
	fmt.Fprintln(w, "private-link path: FAILED")
	for _, p := range r.Problems() {
		fmt.Fprintf(w, "  - %s\n", p)
	}
}
