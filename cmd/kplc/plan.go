package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/plan"
)

// planOptions are the flags of `kplc plan`.
type planOptions struct {
	stack  string
	dir    string
	broker int
	// oneBroker is set when --broker was given (node id 0 exists in some existing clusters).
	oneBroker bool
	format    string
	// currentDir holds copies of an existing cluster's running server.properties,
	// <nodeId>.properties; empty means current/<stack> under dir.
	currentDir string
}

const planUsage = `kplc plan: ` + planSummary + `

usage: kplc plan [--stack NAME] [--dir DIR] [--broker N] [--format text|json] [--current-dir DIR]

Reads DIR/Pulumi.yaml and DIR/Pulumi.<stack>.yaml offline (no cloud access, no secret is
decrypted), checks every setting, and prints what ` + "`pulumi up`" + ` would deploy: the topology,
the NLB port map, each broker's server.properties, what to enter in TiDB Cloud, and the
rollout stage. With --broker N only broker N's server.properties is printed (text), ready to
pipe, or only that broker (json).

For a stack in mode existing, each broker's server.properties is edited in place rather than
rendered: the plan shows the edit as a unified diff against a copy of the running file,
read from <current-dir>/<nodeId>.properties (default current/<stack> in DIR); when a copy is
missing it prints the scp command that fetches it.

Exit codes: 0 ok, 1 an existing broker's file would be refused, 2 usage or configuration
error (every problem is listed).

Flags:
`

// runPlan implements `kplc plan`.
func runPlan(args []string, stdout, stderr io.Writer) int {
	opts, code, ok := parsePlanFlags(args, stdout, stderr)
	if !ok {
		return code
	}
	cfg, p, src, err := loadStackPlan(opts.dir, opts.stack)
	if err != nil {
		return reportConfigError(err, opts, src, stdout, stderr)
	}
	view := newPlanView(cfg, p)
	if cfg.Existing != nil {
		view.Edits = existingEdits(cfg, p, currentDirFor(opts))
	}

	if opts.oneBroker {
		b, ok := p.Broker(opts.broker)
		if !ok {
			fmt.Fprintf(stderr, "kplc plan: --broker %d: stack %s has no broker with node id %d (it has %s)\n",
				opts.broker, p.Stack, opts.broker, nodeList(p))
			return exitUsage
		}
		if opts.format == "json" {
			bv := newBrokerView(b)
			for i := range view.Edits {
				if view.Edits[i].NodeID == b.NodeID {
					bv.Edit = &view.Edits[i]
				}
			}
			return writeJSON(stdout, stderr, bv)
		}
		for _, w := range view.Warnings {
			fmt.Fprintf(stderr, "kplc plan: warning: %s\n", w)
		}
		for _, e := range view.Edits {
			if e.NodeID == b.NodeID {
				return writeBrokerEdit(stdout, stderr, e)
			}
		}
		io.WriteString(stdout, b.ServerProperties)
		return exitOK
	}
	code = exitOK
	if anyRefused(view.Edits) {
		code = exitFailed
	}
	if opts.format == "json" {
		if c := writeJSON(stdout, stderr, view); c != exitOK {
			return c
		}
		return code
	}
	writePlanText(stdout, view, p)
	return code
}

// stackSource is what a stack's files say before any validation: the project name, and the
// mode and region as written (mode's default when unset), reported even for an invalid stack.
type stackSource struct {
	project, mode, region string
}

// loadStackPlan reads stack's settings from dir offline, validates them and builds the plan.
// A configuration error is config.Problems (every problem at once); src is filled as far as
// the files could be read.
func loadStackPlan(dir, stack string) (cfg *config.Config, p *plan.Plan, src stackSource, err error) {
	project, values, err := config.ReadStack(dir, stack)
	if err != nil {
		return nil, nil, src, err
	}
	src = stackSource{project: project, mode: values["mode"].Raw, region: values["region"].Raw}
	if s, ok := config.Lookup("mode"); ok && src.mode == "" {
		src.mode, _ = s.Default.(string)
	}
	cfg, err = config.Load(project, stack, values)
	if err != nil {
		return nil, nil, src, err
	}
	p, err = plan.Build(cfg)
	if err != nil {
		return nil, nil, src, err
	}
	return cfg, p, src, nil
}

// parsePlanFlags parses the flags; ok is false when runPlan should return code.
func parsePlanFlags(args []string, stdout, stderr io.Writer) (opts planOptions, code int, ok bool) {
	fs := flag.NewFlagSet("kplc plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.stack, "stack", "dev", "stack `NAME`: settings come from Pulumi.<NAME>.yaml")
	fs.StringVar(&opts.dir, "dir", ".", "`DIR`ectory holding Pulumi.yaml and the stack files")
	fs.IntVar(&opts.broker, "broker", 0, "print only broker `N` (its node id; default: every broker)")
	fs.StringVar(&opts.format, "format", "text", "output `format`: text or json")
	fs.StringVar(&opts.currentDir, "current-dir", "", "mode existing: `DIR` with copies of the running brokers' files, <nodeId>.properties (default current/<stack> in --dir)")
	var timeout time.Duration
	addTimeout(fs, &timeout, 0, "accepted for symmetry with the other commands (a `duration`); plan works offline")
	if code, ok := parseWithUsage(fs, planUsage, args, stdout); !ok {
		return opts, code, false
	}
	fs.Visit(func(f *flag.Flag) { opts.oneBroker = opts.oneBroker || f.Name == "broker" })
	var bad []string
	if fs.NArg() > 0 {
		bad = append(bad, fmt.Sprintf("unexpected argument %q (plan takes flags only)", fs.Arg(0)))
	}
	if opts.format != "text" && opts.format != "json" {
		bad = append(bad, fmt.Sprintf("--format %q: use text or json", opts.format))
	}
	if opts.broker < 0 {
		bad = append(bad, fmt.Sprintf("--broker %d: give a node id >= 0", opts.broker))
	}
	if strings.TrimSpace(opts.stack) == "" {
		bad = append(bad, "--stack is empty: name the stack, e.g. --stack dev")
	}
	if len(bad) > 0 {
		return opts, reportUsageProblems(stderr, "plan", bad), false
	}
	return opts, 0, true
}

// reportConfigError prints every configuration problem and returns exitUsage.
func reportConfigError(err error, opts planOptions, src stackSource, stdout, stderr io.Writer) int {
	problems, ok := config.AsProblems(err)
	if !ok {
		fmt.Fprintf(stderr, "kplc plan: %v\n", err)
		return exitUsage
	}
	if opts.format == "json" {
		writeJSON(stdout, stderr, invalidView(opts.stack, src, problems))
		return exitUsage
	}
	fmt.Fprintf(stderr, "kplc plan: stack %s: configuration INVALID, %d problem(s):\n", opts.stack, len(problems))
	for _, p := range problems {
		fmt.Fprintf(stderr, "  - %s\n", p.Error())
	}
	return exitUsage
}

// writeJSON writes v indented, with a final newline, and <, > and & as written.
func writeJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "kplc plan: writing JSON: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// nodeList names the node ids of a plan, e.g. "1, 2, 3".
func nodeList(p *plan.Plan) string {
	ids := make([]string, len(p.Brokers))
	for i, b := range p.Brokers {
		ids[i] = fmt.Sprint(b.NodeID)
	}
	return strings.Join(ids, ", ")
}
