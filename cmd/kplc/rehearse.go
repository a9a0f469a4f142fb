package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
)

func runRehearse(args []string, stdout, stderr io.Writer) int {
	c := newCommon("rehearse", stdout, stderr, 60*time.Second, false)
	stack := c.fs.String("stack", "dev", "stack whose plan to rehearse (Pulumi.<stack>.yaml in --dir)")
	dir := c.fs.String("dir", ".", "directory holding Pulumi.yaml and the stack files")
	miswire := c.fs.Bool("miswire", false, "swap two NLB mappings; the probe must catch it")
	serve := c.fs.Bool("serve", false, "keep the cluster and the loopback NLB running until interrupted")
	auth := c.fs.String("auth", "", "scram-sha-512: rehearse externalAuth (SASL and ACLs on, checks as the changefeed user, an unauthenticated client must be refused)")
	offset := c.fs.Int("port-offset", 0, "move every NLB port by K (default: planned ports with --serve, a free block otherwise)")
	if code, ok := c.parseArgs(args); !ok {
		return code
	}
	offsetSet := false
	c.fs.Visit(func(f *flag.Flag) { offsetSet = offsetSet || f.Name == "port-offset" })
	topo, source, err := stackTopology(*dir, *stack)
	if err != nil {
		return c.usageErr(err)
	}
	// With --serve the process lives until stopped: by Ctrl-C (SIGINT) or
	// by a service manager or `kill` (SIGTERM). Either one, even during the
	// first run of the checks, shuts the NLB and the cluster down cleanly.
	sctx := context.Background()
	if *serve {
		var stop context.CancelFunc
		sctx, stop = signal.NotifyContext(sctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	if *auth != "" && *auth != rehearse.AuthScramSHA512 {
		return c.usageErr(fmt.Errorf("--auth %q: use %s (or leave it out)", *auth, rehearse.AuthScramSHA512))
	}
	opts := rehearse.Options{Miswire: *miswire, PortOffset: *offset, Auth: *auth}
	r, err := rehearse.Start(topo, opts)
	if err != nil && !*serve && !offsetSet {
		// The planned ports are busy (a local Kafka?): any free block does
		// for a one-shot rehearsal.
		opts.AutoOffset = true
		r, err = rehearse.Start(topo, opts)
	}
	if err != nil {
		return c.usageErr(err)
	}
	defer r.Close()

	ctx, cancel := context.WithTimeout(sctx, c.timeout)
	rep := r.Run(ctx)
	cancel()
	if sctx.Err() != nil {
		fmt.Fprintln(stderr, "kplc rehearse: interrupted, shutting down")
		return exitFailed
	}
	if c.format == "json" {
		emitJSON(stdout, struct {
			OK       bool     `json:"ok"`
			Problems []string `json:"problems,omitempty"`
			rehearse.Report
		}{rep.OK(), rep.Problems(), rep})
	} else {
		printRehearsal(stdout, r, topo, rep, source)
	}
	code := exitOK
	if !rep.OK() {
		code = exitFailed
	}
	if !*serve {
		return code
	}
	printServe(stderr, r)
	<-sctx.Done()
	fmt.Fprintln(stderr, "kplc rehearse: interrupted, shutting down")
	return code
}

func printRehearsal(w io.Writer, r *rehearse.Rehearsal, planned rehearse.Topology, rep rehearse.Report, source string) {
	t := r.Topology
	fmt.Fprintf(w, "kplc rehearse: the %s.\n", rehearse.Disclaimer)
	fmt.Fprintf(w, "topology: %s\n", source)
	if shift := t.BootstrapPort - planned.BootstrapPort; shift != 0 {
		fmt.Fprintf(w, "NLB ports shifted by %+d from the plan (planned ports busy, or --port-offset)\n", shift)
	}
	fmt.Fprintln(w, "loopback NLB (plays the Alibaba Cloud NLB exactly as the plan defines it):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\t-> every broker, round robin (bootstrap)\n", net.JoinHostPort(rehearse.LoopbackHost, strconv.Itoa(t.BootstrapPort)))
	for _, b := range t.Brokers {
		target := fmt.Sprintf("broker %d", b.NodeID)
		for i, p := range r.Swapped {
			if p == b.NLBPort {
				other := r.Swapped[1-i]
				for _, ob := range t.Brokers {
					if ob.NLBPort == other {
						target = fmt.Sprintf("broker %d (MISWIRED on purpose, should be broker %d)", ob.NodeID, b.NodeID)
					}
				}
			}
		}
		fmt.Fprintf(tw, "  %s\t-> %s\tadvertised as %s:%d (%s)\n", net.JoinHostPort(rehearse.LoopbackHost, strconv.Itoa(b.NLBPort)), target, b.AdvertisedHost, b.NLBPort, b.Rack)
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(w, "== kplc brokers ==")
	if rep.BrokersErr != nil {
		fmt.Fprintf(w, "FAILED: %v\n", rep.BrokersErr)
	} else {
		zones := map[int32]string{}
		for _, b := range t.Brokers {
			zones[b.NodeID] = b.Rack
		}
		printBrokers(w, rep.Brokers, zones)
		fmt.Fprintln(w, "(kfake reports one fixed rack for every broker; real brokers report broker.rack = their zone)")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "== kplc probe-privatelink ==")
	if rep.ProbeErr != nil {
		fmt.Fprintf(w, "FAILED: %v\n", rep.ProbeErr)
	} else {
		printProbe(w, rep.Probe)
	}
	if rep.UnauthenticatedRefused != nil {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "== authentication (%s) ==\n", rep.Auth)
		if *rep.UnauthenticatedRefused {
			fmt.Fprintf(w, "a client without credentials is refused: %s\n", rep.Unauthenticated)
		} else {
			fmt.Fprintln(w, "FAILED: a client without credentials was accepted")
		}
	}
	fmt.Fprintln(w)
	if rep.OK() {
		fmt.Fprintf(w, "rehearsal: ok in %s\n", rep.Elapsed.Round(time.Millisecond))
	} else {
		fmt.Fprintf(w, "rehearsal: FAILED in %s\n", rep.Elapsed.Round(time.Millisecond))
	}
}

func printServe(w io.Writer, r *rehearse.Rehearsal) {
	t := r.Topology
	fmt.Fprintf(w, "\nkplc rehearse: serving until interrupted (Ctrl-C or SIGTERM). The %s.\n", rehearse.Disclaimer)
	fmt.Fprintf(w, "bootstrap: %s. Brokers advertise:\n", r.Bootstrap())
	for _, b := range t.Brokers {
		fmt.Fprintf(w, "  %s:%d\n", b.AdvertisedHost, b.NLBPort)
	}
	names := ""
	for _, b := range t.Brokers {
		names += " " + b.AdvertisedHost
	}
	fmt.Fprintln(w, "A client must resolve those names to 127.0.0.1. Without touching /etc/hosts (Linux, as root):")
	fmt.Fprintf(w, "  printf '127.0.0.1%s\\n' > /tmp/kplc-hosts\n", names)
	fmt.Fprintf(w, "  unshare -m sh -c 'mount --bind /tmp/kplc-hosts /etc/hosts && kcat -b %s -L'\n", r.Bootstrap())
	fmt.Fprintln(w, "These kplc commands work against the rehearsal; each needs --via, which dials every advertised")
	fmt.Fprintln(w, "name at the NLB host, as those names resolve nowhere:")
	fmt.Fprintf(w, "  kplc brokers --bootstrap %s --via %s\n", r.Bootstrap(), rehearse.LoopbackHost)
	fmt.Fprintf(w, "  kplc roundtrip --bootstrap %s --via %s\n", r.Bootstrap(), rehearse.LoopbackHost)
	fmt.Fprintf(w, "  kplc probe-privatelink --via %s --bootstrap-port %d --first-port %d --brokers %d\n", rehearse.LoopbackHost, t.BootstrapPort, t.FirstPort(), len(t.Brokers))
	fmt.Fprintln(w, "wait-ready, safe-to-restart and cluster-ready do not: they read the KRaft quorum (DescribeQuorum),")
	fmt.Fprintln(w, "which kfake does not implement; against the rehearsal they say so and exit 1.")
}
