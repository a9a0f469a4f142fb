package enginetest

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/pkg/v3/display"
	pkgresource "github.com/pulumi/pulumi/pkg/v3/resource"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// LatencyProfile gives every simulated operation its real-world duration. The providers run
// instantly; a Timeline then replays the update's steps on a simulated clock: each step starts
// when every resource it depends on (as the engine recorded the dependencies in the checkpoint)
// has finished and one of the engine's Parallel workers is free, and takes its profiled time.
// Nothing sleeps, so a 48-broker roll costs no more real time than an unprofiled run.
type LatencyProfile struct {
	// Cloud is the duration of a create, update or delete of an alicloud resource, by type token.
	Cloud map[string]time.Duration
	// CloudDefault is the duration of an alicloud resource type Cloud does not name.
	CloudDefault time.Duration
	// Commands are the durations of pulumi-command steps; the first that matches a step wins.
	Commands []CommandLatency
	// CommandDefault is the duration of a command step no entry matches.
	CommandDefault time.Duration
	// LocalCommand is the duration of a local.Command step (it runs on the machine running
	// Pulumi: no SSH session, no host); Commands apply to remote steps only.
	LocalCommand time.Duration
	// LocalCommandSource says where LocalCommand comes from.
	LocalCommandSource string
	// ProgramStart is how long the program runs before it registers anything (reading its
	// configuration, its invokes); no step starts before it.
	ProgramStart time.Duration
	// ProgramStartSource says where ProgramStart comes from.
	ProgramStartSource string
	// KplcBuild is how long the program's local kplc build takes. It starts at ProgramStart and
	// holds back exactly the resources the program registered after the build returned
	// (Result.Program, as the run recorded it): deploy.program registers the network while it
	// builds.
	KplcBuild time.Duration
	// KplcBuildSource says where KplcBuild comes from.
	KplcBuildSource string
}

// CommandLatency is the duration of the command steps whose resource name matches Name and
// whose recorded output (stdout and stderr) matches Output (any output when nil).
type CommandLatency struct {
	// What names the work, for reports (e.g. "broker install").
	What string
	// Name matches the step's resource name (e.g. `-install-\d+$`).
	Name *regexp.Regexp
	// Output matches the step's stdout and stderr, nil for any.
	Output *regexp.Regexp
	// Took is the duration.
	Took time.Duration
	// Source says where the figure comes from.
	Source string
}

// issue17 cites the estimates of issue 17, which measured the 428 s / 1,970 s figures with them.
const issue17 = "issue 17 estimate"

// DefaultProfile is the profile issue 17 measured with (its estimates), refined where this
// twin sees more than one kind of work behind a step: a configure step that starts or restarts
// Kafka takes the issue's 30 s, one that finds nothing to do only an SSH session through the
// bastion; a broker install is split into its host part (Java, data disk) and its Kafka part
// (tarball and kplc from the bastion, unit) in the proportion of the work each does.
func DefaultProfile() LatencyProfile {
	s := time.Second
	re := regexp.MustCompile
	return LatencyProfile{
		Cloud: map[string]time.Duration{
			"alicloud:vpc/network:Network":                                               5 * s,
			"alicloud:vpc/switch:Switch":                                                 5 * s,
			"alicloud:ecs/securityGroup:SecurityGroup":                                   3 * s,
			"alicloud:ecs/securityGroupRule:SecurityGroupRule":                           2 * s,
			"alicloud:ecs/instance:Instance":                                             60 * s,
			"alicloud:nlb/loadBalancer:LoadBalancer":                                     120 * s,
			"alicloud:nlb/listener:Listener":                                             20 * s,
			"alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment":       15 * s,
			"alicloud:privatelink/vpcEndpointService:VpcEndpointService":                 15 * s,
			"alicloud:privatelink/vpcEndpointServiceResource:VpcEndpointServiceResource": 30 * s,
		},
		CloudDefault: 1 * s,
		Commands: []CommandLatency{
			{What: "script upload, upload directory, scripts install, host key", Name: re(`-upload-|-(staging|scripts)(-\d+)?$|-host-key-`), Took: 2 * s,
				Source: "estimate: one SSH session through the bastion, a small file"},
			{What: "bastion prepare", Name: re(`-prepare-bastion$`), Took: 90 * s, Source: issue17},
			{What: "broker host preparation (Java, data disk)", Name: re(`-prepare-host-\d+$`), Took: 90 * s,
				Source: "issue 17's 120 s broker install, the part that needs no bastion (dnf install of the JRE dominates)"},
			{What: "broker install, Kafka part (tarball and kplc from the bastion, unit)", Name: re(`-install-\d+$`),
				Output: re(`host already prepared|host preparation done`), Took: 30 * s,
				Source: "issue 17's 120 s broker install less the host part"},
			{What: "broker install", Name: re(`-install-\d+$`), Took: 120 * s, Source: issue17},
			{What: "configure, first start or wave step, Kafka (re)started", Name: re(`-(configure|start|wave)-\d+$`),
				Output: re(`started|restarted|starting it|restarting`), Took: 30 * s, Source: issue17},
			{What: "configure, first start or wave step, nothing to do", Name: re(`-(configure|start|wave)-\d+$`), Took: 3 * s,
				Source: "estimate: one SSH session through the bastion and a cmp, no restart"},
			{What: "cluster-ready", Name: re(`-cluster-ready$`), Took: 30 * s, Source: issue17},
			{What: "check", Name: re(`-checks$`), Took: 15 * s, Source: issue17},
		},
		CommandDefault: 2 * s,
		// The host-key pin steps (components.SSHHostKey) are the only local commands.
		LocalCommand: 1300 * time.Microsecond,
		LocalCommandSource: "measured: the pin step's exact command (hostKeyPinScript with its environment) run 200 times " +
			"under /bin/sh -c, pulumi-command local's default interpreter, took 0.25 s in all on a shared 2-core machine",
		ProgramStart: 0,
		ProgramStartSource: "not modelled: issue 17's profile has no figure for the program's own start " +
			"(configuration, plan, the running-broker invoke) apart from its kplc build",
		KplcBuild:       20 * s,
		KplcBuildSource: "issue 17 estimate (local kplc build)",
	}
}

// TimedStep is one step of an update on the simulated clock.
type TimedStep struct {
	Step
	// What is the profile entry that timed it ("" for a step that did no work).
	What string
	// Start and End are simulated times since the update began.
	Start, End time.Duration
	// After is the step whose end let this one start ("" when it was ready at once, waited
	// for a worker or for the kplc build).
	After resource.URN
	// AfterBuild says the program registered the step's resource only after its kplc build
	// returned, so it started no earlier than the build's end.
	AfterBuild bool
	// HeldByBuild says the build's end, not a dependency or a worker, decided its start.
	HeldByBuild bool
}

// Timeline is an update replayed on the simulated clock.
type Timeline struct {
	// Steps are the update's steps in the engine's start order.
	Steps []TimedStep
	// Wall is when the last step ended.
	Wall time.Duration
	// Parallel is the number of workers the replay allowed.
	Parallel int
}

// Timeline replays the update r under profile p with parallel workers (the CLI's --parallel).
// A step's dependencies are those the engine recorded in the checkpoint (dependencies and
// property dependencies); a component takes no time and ends when its own dependencies end;
// deletes run after every other step, as the engine runs them at the end of an update.
func (p LatencyProfile) Timeline(r *Result, parallel int) (*Timeline, error) {
	if r == nil || r.Snapshot == nil {
		return nil, fmt.Errorf("no checkpoint to replay (a preview, or an update that never ran)")
	}
	state := map[resource.URN]*pkgresource.State{}
	for _, s := range r.Snapshot.Resources {
		if !s.Delete {
			state[s.URN] = s
		}
	}
	tl := &Timeline{Parallel: parallel}
	index := map[resource.URN]int{}
	for _, s := range r.Steps {
		if s.Type() == string(resource.RootStackType) {
			continue
		}
		ts := TimedStep{Step: s, AfterBuild: r.Program.AfterBuild(s.URN)}
		if st := state[s.URN]; st != nil && st.Custom && doesWork(s.Op) {
			ts.What, ts.End = p.duration(st)
			if isDelete(s.Op) && !strings.HasPrefix(string(st.Type), "alicloud:") {
				// The steps' commands have no delete command: deleting one runs nothing.
				ts.What, ts.End = "", 0
			}
		}
		if _, seen := index[s.URN]; !seen || !isDelete(s.Op) {
			index[s.URN] = len(tl.Steps)
		}
		tl.Steps = append(tl.Steps, ts)
	}
	durations := make([]time.Duration, len(tl.Steps))
	for i := range tl.Steps {
		durations[i], tl.Steps[i].End = tl.Steps[i].End, 0
	}

	// List scheduling in the engine's start order: a step is ready when its dependencies
	// ended; it runs on the earliest free worker (components and no-op steps need none).
	workers := make([]time.Duration, max(parallel, 1))
	var lastLive time.Duration
	schedule := func(i int, ready time.Duration, after resource.URN) {
		ts := &tl.Steps[i]
		ts.Start, ts.After = max(ready, p.ProgramStart), after
		if built := p.ProgramStart + p.KplcBuild; ts.AfterBuild && built > ts.Start {
			ts.Start, ts.After, ts.HeldByBuild = built, "", true
		}
		if durations[i] > 0 {
			sort.Slice(workers, func(a, b int) bool { return workers[a] < workers[b] })
			if workers[0] > ts.Start {
				ts.Start, ts.After = workers[0], ""
			}
			workers[0] = ts.Start + durations[i]
		}
		ts.End = ts.Start + durations[i]
	}
	order := make([]int, 0, len(tl.Steps))
	for i := range tl.Steps {
		if !isDelete(tl.Steps[i].Op) {
			order = append(order, i)
		}
	}
	// Dependencies come before dependents in the engine's start order, but a dependent can be
	// ready before an unrelated earlier step: sort by readiness as we go.
	done := map[int]bool{}
	for len(done) < len(order) {
		best, bestReady, bestAfter := -1, time.Duration(0), resource.URN("")
		for _, i := range order {
			if done[i] {
				continue
			}
			ready, after, ok := tl.readyAt(i, state, index, done)
			if !ok {
				continue
			}
			if best < 0 || ready < bestReady {
				best, bestReady, bestAfter = i, ready, after
			}
		}
		if best < 0 {
			return nil, fmt.Errorf("dependency cycle among the update's steps")
		}
		schedule(best, bestReady, bestAfter)
		done[best] = true
		lastLive = max(lastLive, tl.Steps[best].End)
	}
	for i := range tl.Steps {
		if isDelete(tl.Steps[i].Op) {
			schedule(i, lastLive, "")
		}
	}
	for _, ts := range tl.Steps {
		tl.Wall = max(tl.Wall, ts.End)
	}
	return tl, nil
}

// readyAt returns when step i may start: when the last of its dependencies that stepped in
// this update ended, and which one that was. ok is false while one has not been scheduled.
func (tl *Timeline) readyAt(i int, state map[resource.URN]*pkgresource.State, index map[resource.URN]int, done map[int]bool) (time.Duration, resource.URN, bool) {
	st := state[tl.Steps[i].URN]
	if st == nil {
		return 0, "", true
	}
	var ready time.Duration
	var after resource.URN
	for _, dep := range dependencies(st) {
		j, ok := index[dep]
		if !ok || j == i {
			continue
		}
		if !done[j] {
			return 0, "", false
		}
		if end := tl.Steps[j].End; end > ready || after == "" && end == ready {
			ready, after = end, dep
		}
	}
	return ready, after, true
}

// dependencies returns what the engine recorded that st waits for.
func dependencies(st *pkgresource.State) []resource.URN {
	deps := append([]resource.URN(nil), st.Dependencies...)
	for _, ds := range st.PropertyDependencies {
		deps = append(deps, ds...)
	}
	if st.Parent != "" && st.Parent.QualifiedType() != resource.RootStackType {
		deps = append(deps, st.Parent)
	}
	return deps
}

// CriticalPath returns the chain of steps that ended last: the last step, the step whose end
// let it start, and so on back to the start, first step first.
func (tl *Timeline) CriticalPath() []TimedStep {
	last := -1
	for i, ts := range tl.Steps {
		if last < 0 || ts.End > tl.Steps[last].End {
			last = i
		}
	}
	byURN := map[resource.URN]int{}
	for i, ts := range tl.Steps {
		if !isDelete(ts.Op) {
			byURN[ts.URN] = i
		}
	}
	var path []TimedStep
	for i := last; i >= 0; {
		path = append(path, tl.Steps[i])
		j, ok := byURN[tl.Steps[i].After]
		if !ok || tl.Steps[i].After == "" {
			break
		}
		i = j
	}
	for a, b := 0, len(path)-1; a < b; a, b = a+1, b-1 {
		path[a], path[b] = path[b], path[a]
	}
	return path
}

// Of returns the timed steps whose resource name matches re, in start order.
func (tl *Timeline) Of(re *regexp.Regexp) []TimedStep {
	var out []TimedStep
	for _, ts := range tl.Steps {
		if re.MatchString(ts.Name()) {
			out = append(out, ts)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	return out
}

// String renders the critical path, one step a line: start, end, what, name.
func (tl *Timeline) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "simulated wall time %s (parallel %d); critical path:\n", tl.Wall, tl.Parallel)
	for _, ts := range tl.CriticalPath() {
		if ts.HeldByBuild {
			fmt.Fprintf(&b, "  %6.0fs %6.0fs  %-10s %s (%s)\n", 0.0, ts.Start.Seconds(), "build", "kplc", "local kplc build")
		}
		if ts.End == ts.Start {
			continue
		}
		fmt.Fprintf(&b, "  %6.0fs %6.0fs  %-10s %s (%s)\n", ts.Start.Seconds(), ts.End.Seconds(), ts.Op, ts.Name(), ts.What)
	}
	return b.String()
}

// duration returns the profiled time of a step on resource st, and the entry that gave it.
func (p LatencyProfile) duration(st *pkgresource.State) (string, time.Duration) {
	typ := string(st.Type)
	if strings.HasPrefix(typ, "alicloud:") {
		if d, ok := p.Cloud[typ]; ok {
			return typ, d
		}
		return typ + " (default)", p.CloudDefault
	}
	if typ == "command:local:Command" {
		return "local command (no SSH)", p.LocalCommand
	}
	if strings.HasPrefix(typ, "command:") {
		out := outputText(st, "stdout") + "\n" + outputText(st, "stderr")
		for _, c := range p.Commands {
			if c.Name.MatchString(st.URN.Name()) && (c.Output == nil || c.Output.MatchString(out)) {
				return c.What, c.Took
			}
		}
		return "command (default)", p.CommandDefault
	}
	return "", 0
}

// outputText returns the string output key of st ("" when absent or secret).
func outputText(st *pkgresource.State, key string) string {
	v, ok := st.Outputs[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// doesWork reports whether a step of operation op calls the provider to change something.
func doesWork(op display.StepOp) bool {
	switch op {
	case deploy.OpSame, deploy.OpRead, deploy.OpRefresh, deploy.OpReadReplacement, deploy.OpRemovePendingReplace:
		return false
	}
	return true
}

// isDelete reports whether op is a delete the engine runs at the end of the update.
func isDelete(op display.StepOp) bool {
	return op == deploy.OpDelete || op == deploy.OpDeleteReplaced
}
