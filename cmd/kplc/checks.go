package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc"
)

func runBrokers(args []string, stdout, stderr io.Writer) int {
	c := newCommon("brokers", stdout, stderr, 30*time.Second, true)
	o, code, ok := c.clusterOptions(args, nil)
	if !ok {
		return code
	}
	ctx, cancel := c.context()
	defer cancel()
	rep, err := kplc.CheckBrokers(ctx, o)
	if err != nil {
		return c.fail(err)
	}
	// ACLs are listed for information: a cluster without an authorizer, or a principal that
	// may not describe them, is noted, not failed.
	acls, aclErr := kplc.ListACLs(ctx, o)
	aclNote := ""
	switch {
	case errors.Is(aclErr, kplc.ErrAuthorizerOff):
		aclNote = "no authorizer: every client may do everything"
	case aclErr != nil:
		aclNote = "not readable: " + aclErr.Error()
	}
	if c.format == "json" {
		emitJSON(stdout, struct {
			OK bool `json:"ok"`
			kplc.BrokersReport
			ACLs    []kplc.ACL `json:"acls"`
			ACLNote string     `json:"aclNote,omitempty"`
		}{len(rep.Failed()) == 0, rep, acls, aclNote})
	} else {
		printBrokers(stdout, rep, nil)
		if aclNote != "" {
			fmt.Fprintf(stdout, "ACLs: %s\n", aclNote)
		} else {
			fmt.Fprintln(stdout, "ACLs:")
			printACLs(stdout, acls)
		}
	}
	for _, b := range rep.Failed() {
		fmt.Fprintf(stderr, "kplc brokers: broker %d at %s does not answer: %v\n", b.NodeID, b.Addr(), b.Err)
	}
	if len(rep.Failed()) > 0 {
		return exitFailed
	}
	return exitOK
}

func runRoundtrip(args []string, stdout, stderr io.Writer) int {
	c := newCommon("roundtrip", stdout, stderr, 60*time.Second, true)
	var ro kplc.RoundtripOptions
	c.fs.StringVar(&ro.Topic, "topic", kplc.DefaultRoundtripTopic, "topic to write to (created if missing)")
	c.fs.IntVar(&ro.Messages, "messages", 30, "messages to produce (at least one per partition)")
	c.fs.IntVar(&ro.ReplicationFactor, "replication-factor", 3, "replication factor if the topic is created (min.insync.replicas becomes min(2, RF))")
	o, code, ok := c.clusterOptions(args, func() error {
		if ro.Messages < 1 {
			return fmt.Errorf("--messages %d: need at least 1", ro.Messages)
		}
		if ro.ReplicationFactor < 1 || ro.ReplicationFactor > 32767 {
			return fmt.Errorf("--replication-factor %d: use 1 or more (3 for a production cluster)", ro.ReplicationFactor)
		}
		return nil
	})
	if !ok {
		return code
	}
	ctx, cancel := c.context()
	defer cancel()
	rep := kplc.Roundtrip(ctx, o, ro)
	if ue := (*kplc.UsageError)(nil); errors.As(rep.Err, &ue) {
		return c.usageErr(ue)
	}
	if c.format == "json" {
		emitJSON(stdout, struct {
			OK       bool     `json:"ok"`
			Problems []string `json:"problems,omitempty"`
			kplc.RoundtripReport
		}{rep.OK(), rep.Problems(), rep})
	} else {
		printRoundtrip(stdout, "", rep)
	}
	if !rep.OK() {
		for _, p := range rep.Problems() {
			fmt.Fprintf(stderr, "kplc roundtrip: %s\n", p)
		}
		return exitFailed
	}
	return exitOK
}

func runProbe(args []string, stdout, stderr io.Writer) int {
	c := newCommon("probe-privatelink", stdout, stderr, 60*time.Second, false)
	var pc kplc.ProbeConfig
	var saslMech, saslUser string
	c.fs.StringVar(&pc.Via, "via", "", "the NLB's DNS name or IP (required)")
	c.fs.IntVar(&pc.BootstrapPort, "bootstrap-port", 9092, "NLB bootstrap listener port")
	c.fs.IntVar(&pc.FirstPort, "first-port", 9093, "NLB listener port of broker 1; broker i uses first-port+i-1")
	c.fs.IntVar(&pc.Brokers, "brokers", 3, "number of brokers (node IDs 1..N)")
	c.fs.StringVar(&pc.HostPattern, "host-pattern", kplc.DefaultHostPattern, "advertised host pattern")
	c.fs.StringVar(&pc.UniqueName, "unique-name", kplc.PlaceholderUniqueName, "TiDB Cloud's unique name ("+kplc.PlaceholderUniqueName+" before it is known)")
	c.fs.StringVar(&pc.Roundtrip.Topic, "topic", kplc.DefaultRoundtripTopic, "topic for the roundtrip over the mapped path")
	c.fs.IntVar(&pc.Roundtrip.Messages, "messages", 30, "messages for the roundtrip")
	c.fs.BoolVar(&pc.SkipRoundtrip, "skip-roundtrip", false, "skip check (c), the roundtrip")
	c.fs.DurationVar(&pc.HealthWait, "wait-healthy", 90*time.Second, "while the NLB path does not answer (health checks not passed yet on a first deploy), ask again for up to this long, at most half of --timeout; 0 asks once")
	c.fs.StringVar(&saslMech, "sasl-mechanism", "", "SASL mechanism (password from $"+saslPasswordEnv+")")
	c.fs.StringVar(&saslUser, "sasl-user", "", "SASL user name")
	if code, ok := c.parseArgs(args); !ok {
		return code
	}
	if pc.HealthWait < 0 {
		return c.usageErr(fmt.Errorf("--wait-healthy %s: use 0 (ask once) or a positive duration such as 90s", pc.HealthWait))
	}
	// The checks themselves need time after the wait.
	pc.HealthWait = min(pc.HealthWait, c.timeout/2)
	if saslMech != "" || saslUser != "" {
		c.bootstrap, c.saslMech, c.saslUser = "unused:0", saslMech, saslUser
		o, err := c.options()
		if err != nil {
			return c.usageErr(err)
		}
		pc.SASL = o.SASL
	}
	ctx, cancel := c.context()
	defer cancel()
	rep, err := kplc.ProbePrivateLink(ctx, pc)
	if err != nil {
		return c.fail(err)
	}
	if c.format == "json" {
		emitJSON(stdout, struct {
			OK       bool     `json:"ok"`
			Problems []string `json:"problems,omitempty"`
			kplc.ProbeReport
		}{rep.OK(), rep.Problems(), rep})
	} else {
		printProbe(stdout, rep)
	}
	if !rep.OK() {
		return exitFailed
	}
	return exitOK
}

// gate is a subcommand that waits for or checks one condition of the cluster, chosen by one
// integer flag, and prints a verdict: wait-ready, safe-to-restart and cluster-ready.
type gate struct {
	name    string
	timeout time.Duration
	// flag is the integer flag the condition is about; def is its default (node-id has none:
	// it is required).
	flag, usage string
	def         int
	// valid returns a usage error for a bad value of flag.
	valid func(n int) error
	// check waits with w, whose Progress prints the status lines.
	check func(ctx context.Context, o kplc.Options, n int, w kplc.WaitOptions) (kplc.Verdict, error)
	// what names the condition in the verdict, e.g. "broker 2 ready".
	what func(n int) string
}

// run implements the gate's subcommand.
func (g gate) run(args []string, stdout, stderr io.Writer) int {
	c := newCommon(g.name, stdout, stderr, g.timeout, true)
	n := new(int)
	if g.flag == "node-id" {
		addNodeID(c.fs, n, g.usage)
	} else {
		c.fs.IntVar(n, g.flag, g.def, g.usage)
	}
	o, code, ok := c.clusterOptions(args, func() error { return g.valid(*n) })
	if !ok {
		return code
	}
	ctx, cancel := c.context()
	defer cancel()
	v, err := g.check(ctx, o, *n, progressOptions(stderr, g.name, g.what(*n)))
	if err != nil {
		return c.fail(err)
	}
	return c.verdict(stdout, g.what(*n), v)
}

// requireNodeID is the valid function of the gates about one broker.
func requireNodeID(n int) error {
	if n < 0 {
		return errors.New("--node-id is required (a node.id >= 0)")
	}
	return nil
}

func runWaitReady(args []string, stdout, stderr io.Writer) int {
	return gate{
		name: "wait-ready", timeout: 5 * time.Minute,
		flag: "node-id", usage: "node.id `N` of the broker to wait for (required)",
		valid: requireNodeID,
		check: func(ctx context.Context, o kplc.Options, n int, w kplc.WaitOptions) (kplc.Verdict, error) {
			return kplc.WaitReady(ctx, o, int32(n), w)
		},
		what: func(n int) string { return fmt.Sprintf("broker %d ready", n) },
	}.run(args, stdout, stderr)
}

func runSafeToRestart(args []string, stdout, stderr io.Writer) int {
	c := newCommon("safe-to-restart", stdout, stderr, 90*time.Second, true)
	node := new(int)
	addNodeID(c.fs, node, "node.id `N` of the broker to restart (required)")
	waitFor := c.fs.Duration("wait", 60*time.Second, "while unsafe, ask again every second for up to this long (0: ask once); refuse only if still unsafe")
	waveFlag := c.fs.String("wave", "", "node ids `N,M,...` restarting together with --node-id (a zone wave): their replicas do not count against each other, and the whole wave is refused when a partition has two replicas in it or the quorum would lose its majority")
	var wave []int32
	o, code, ok := c.clusterOptions(args, func() error {
		if *waitFor < 0 {
			return fmt.Errorf("--wait %s: use 0 (ask once) or a positive duration such as 60s", *waitFor)
		}
		if err := requireNodeID(*node); err != nil {
			return err
		}
		var err error
		wave, err = parseWave(*waveFlag, int32(*node))
		return err
	})
	if !ok {
		return code
	}
	ctx, cancel := c.context()
	defer cancel()
	w := progressOptions(stderr, "safe-to-restart", fmt.Sprintf("safe to restart broker %d", *node))
	w.Once = *waitFor == 0
	if !w.Once {
		var wcancel context.CancelFunc
		ctx, wcancel = context.WithTimeout(ctx, *waitFor)
		defer wcancel()
	}
	what := fmt.Sprintf("safe to restart broker %d", *node)
	var v kplc.Verdict
	var err error
	if len(wave) > 1 {
		what = fmt.Sprintf("safe to restart broker %d with its wave %s", *node, *waveFlag)
		v, err = kplc.WaitSafeToRestartWave(ctx, o, int32(*node), wave, w)
	} else {
		v, err = kplc.WaitSafeToRestart(ctx, o, int32(*node), w)
	}
	if err != nil {
		return c.fail(err)
	}
	rc := c.verdict(stdout, what, v)
	if rc == exitFailed && v.NoQuorum {
		return exitNoQuorum
	}
	return rc
}

func runClusterReady(args []string, stdout, stderr io.Writer) int {
	return gate{
		name: "cluster-ready", timeout: 5 * time.Minute,
		flag: "brokers", def: 0, usage: "number of brokers; node IDs 1..N must all be registered (required)",
		valid: func(n int) error {
			if n < 1 {
				return errors.New("--brokers is required (at least 1)")
			}
			return nil
		},
		check: func(ctx context.Context, o kplc.Options, n int, w kplc.WaitOptions) (kplc.Verdict, error) {
			return kplc.WaitClusterReady(ctx, o, n, w)
		},
		what: func(n int) string { return fmt.Sprintf("cluster of %d ready", n) },
	}.run(args, stdout, stderr)
}

// waitClock is the gates' time source (nil: the real clock); tests set a fake one.
var waitClock kplc.Clock

// progressOptions are the wait options of the gate name: while it waits, a status line at most
// every 10 s on stderr ("kplc wait-ready: broker 2 ready: still waiting (12s of 5m0s): ..."),
// so that a long wait inside `pulumi up` is visible as it happens. stdout, and with it the
// JSON output, carries only the verdict.
func progressOptions(stderr io.Writer, name, what string) kplc.WaitOptions {
	return kplc.WaitOptions{
		Clock: waitClock,
		Progress: func(p kplc.Progress) {
			fmt.Fprintf(stderr, "kplc %s: %s\n", name, p.Line(what))
		},
	}
}

// parseWave parses --wave ("" or comma-separated node ids that include node).
func parseWave(text string, node int32) ([]int32, error) {
	if text == "" {
		return nil, nil
	}
	var wave []int32
	for _, f := range strings.Split(text, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 32)
		if err != nil || id < 0 {
			return nil, fmt.Errorf("--wave %q: expected node ids separated by commas, such as 1,4,7", text)
		}
		wave = append(wave, int32(id))
	}
	if !slices.Contains(wave, node) {
		return nil, fmt.Errorf("--wave %q does not include --node-id %d; list every broker of the wave, this one included", text, node)
	}
	return wave, nil
}
