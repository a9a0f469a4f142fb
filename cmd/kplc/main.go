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
)

// command is one subcommand.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{
	"plan":              {"print the deployment plan of a stack", runPlan},
	"expose":            {"add the EXTERNAL listener to an existing broker's server.properties, in place", runExpose},
	"brokers":           {"list advertised brokers and check each address answers ApiVersions", runBrokers},
	"roundtrip":         {"produce (acks=all, idempotent) and consume back through every broker", runRoundtrip},
	"probe-privatelink": {"check the NLB / private-link path the way TiDB Cloud uses it", runProbe},
	"wait-ready":        {"wait until a broker is back: registered, no under-replicated partitions, quorum caught up", runWaitReady},
	"safe-to-restart":   {"refuse if restarting a broker would break min.insync.replicas or the quorum", runSafeToRestart},
	"cluster-ready":     {"wait until brokers 1..N are registered and the quorum has a leader", runClusterReady},
	"scram-upsert":      {"create or replace a user's SCRAM-SHA-512 credential, the password read from stdin", runScramUpsert},
	"acls-apply":        {"apply the changefeed user's ACLs (idempotent): Create, Write, Describe on topics, DescribeConfigs on the cluster", runACLsApply},
	"rehearse":          {"run the whole check locally against an embedded kfake cluster behind a loopback NLB", runRehearse},
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
	fmt.Fprintln(w, "Every command takes --timeout D and --format text|json.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 check failed, 2 usage or config error.")
}
