// Command kplc verifies a Kafka cluster and the TiDB Cloud private-link path
// in front of it, and gates rolling restarts. Run `kplc help` for the list
// of subcommands. Exit codes: 0 ok, 1 check failed, 2 usage or config error.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// Exit codes shared by every subcommand.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
	// exitNoQuorum (safe-to-restart only) refuses like exitFailed, and says why: no bootstrap
	// address answered, or the KRaft quorum has no leader. configure-broker.sh then decides,
	// with its cluster-formed marker, whether the cluster never formed (apply without the gate)
	// or lost its quorum (refuse, naming the manual procedure).
	exitNoQuorum = 3
)

// command is one subcommand.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// One-line descriptions of the subcommands whose help text is a constant.
const (
	planSummary    = "print the deployment plan of a stack"
	exposeSummary  = "add the EXTERNAL listener to an existing broker's server.properties, in place"
	versionSummary = "print kplc's module version and the VCS revision it was built from"
)

// summaries are the one-line descriptions of the subcommands: the list of `kplc help` and the
// first line of each `kplc <command> -h`.
var summaries = map[string]string{
	"plan":              planSummary,
	"expose":            exposeSummary,
	"brokers":           "list advertised brokers and check each address answers ApiVersions",
	"roundtrip":         "produce (acks=all, idempotent) and consume back through every broker",
	"probe-privatelink": "check the NLB / private-link path the way TiDB Cloud uses it",
	"wait-ready":        "wait until a broker is back: registered, no under-replicated partitions, quorum caught up",
	"safe-to-restart":   "refuse if restarting a broker would break min.insync.replicas or the quorum",
	"cluster-ready":     "wait until brokers 1..N are registered and the quorum has a leader",
	"serve-dist":        "serve the bastion's dist files to the brokers (read-only, named files only, concurrent)",
	"scram-upsert":      "create or replace a user's SCRAM-SHA-512 credential, the password read from stdin",
	"acls-apply":        "apply the changefeed user's ACLs (idempotent): Create, Write, Describe on topics, DescribeConfigs on the cluster",
	"exporter":          exporterSummary,
	"rehearse":          "run the whole check locally against an embedded kfake cluster behind a loopback NLB",
	"version":           versionSummary,
}

var commands = map[string]command{
	"plan":              {summaries["plan"], runPlan},
	"expose":            {summaries["expose"], runExpose},
	"brokers":           {summaries["brokers"], runBrokers},
	"roundtrip":         {summaries["roundtrip"], runRoundtrip},
	"probe-privatelink": {summaries["probe-privatelink"], runProbe},
	"wait-ready":        {summaries["wait-ready"], runWaitReady},
	"safe-to-restart":   {summaries["safe-to-restart"], runSafeToRestart},
	"cluster-ready":     {summaries["cluster-ready"], runClusterReady},
	"serve-dist":        {summaries["serve-dist"], runServeDist},
	"scram-upsert":      {summaries["scram-upsert"], runScramUpsert},
	"acls-apply":        {summaries["acls-apply"], runACLsApply},
	"exporter":          {summaries["exporter"], runExporter},
	"rehearse":          {summaries["rehearse"], runRehearse},
	"version":           {summaries["version"], runVersion},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		usage(stdout)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "kplc: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: kplc <command> [flags]   (kplc <command> -h for the flags)")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-18s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every command but version takes --timeout D and --format text|json.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 check failed, 2 usage or config error;")
	fmt.Fprintln(w, "safe-to-restart: 3 refused because no broker answers or the KRaft quorum has no leader.")
}
