package enginetest

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/plan"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TestStageOneFromEmpty is scenario 1: `pulumi up` of the example stack from an empty state.
// The preview plans only creates; the update creates every resource exactly once, each cloud
// resource with one successful API call; the hosts end up configured; the private key is a
// secret in the checkpoint; no default of Pulumi.yaml is reported as "set but not used".
func TestStageOneFromEmpty(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2, 10)
	up := tw.Up()
	b.must("stage 1 pulumi up", up)

	for _, r := range []*Result{up.Preview, up.Update} {
		for _, s := range r.Steps {
			if s.Op != deploy.OpCreate {
				t.Errorf("%s of an empty stack: step %s, want only creates", r.Op, s)
			}
		}
	}
	if got, want := up.Preview.Count(deploy.OpCreate), up.Update.Count(deploy.OpCreate); got != want {
		t.Errorf("preview planned %d creates, the update made %d", got, want)
	}
	created := map[resource.URN]int{}
	for _, s := range up.Update.Steps {
		created[s.URN]++
	}
	for urn, n := range created {
		if n != 1 {
			t.Errorf("%s created %d times", urn, n)
		}
	}
	if got, want := len(live(up.Update.Snapshot)), len(created); got != want {
		t.Errorf("checkpoint holds %d resources, the update created %d", got, want)
	}

	// Every alicloud resource in state was made by exactly one successful Create.
	calls := map[resource.URN]int{}
	for _, op := range tw.Cloud.Ops() {
		if op.Kind != "create" || op.Err != "" {
			t.Errorf("cloud operation %s %s %s (error %q), want only successful creates", op.Kind, op.Type, op.URN.Name(), op.Err)
		}
		calls[op.URN]++
	}
	for _, r := range live(up.Update.Snapshot) {
		if r.Custom && strings.HasPrefix(string(r.Type), "alicloud:") && calls[r.URN] != 1 {
			t.Errorf("%s: %d cloud creates, want 1", r.URN.Name(), calls[r.URN])
		}
	}

	// The hosts: each broker configured once, in node order, with its own node.id.
	configure := []string{"kafka-plc-dev-configure-1", "kafka-plc-dev-configure-2", "kafka-plc-dev-configure-3"}
	wantSequential(t, "stage 1 configure steps", runsOf(tw.Hosts.Runs(), configure...), configure)
	for n := 1; n <= 3; n++ {
		props := brokerProperties(t, tw, n)
		if !strings.Contains(props, fmt.Sprintf("node.id=%d\n", n)) {
			t.Errorf("broker %d server.properties has no node.id=%d:\n%s", n, n, props)
		}
	}
	if got := up.Update.Output(plan.OutputStage); got != "awaiting-unique-name" {
		t.Errorf("stage output = %v, want awaiting-unique-name", got)
	}

	// Secrets stay secret: the private key never appears in the checkpoint in plain text.
	state := stateJSON(t, up.Update)
	for _, line := range strings.Split(strings.TrimSpace(tw.Keys[0].Private), "\n")[1:3] {
		if strings.Contains(state, line) {
			t.Errorf("the checkpoint holds the SSH private key in plain text (%.20s...)", line)
		}
	}
	for _, w := range append(up.Preview.Warnings(), up.Update.Warnings()...) {
		b.observed(10, strings.Contains(w, "is set but not used"), w)
	}
}

// serverProperties is where the scripts keep a broker's configuration (scripts/lib.sh, CONF).
const serverProperties = "/etc/kafka/server.properties"

// brokerProperties returns broker n's server.properties as its sandbox holds it.
func brokerProperties(t *testing.T, tw *Twin, n int) string {
	t.Helper()
	box := tw.Sandbox(fmt.Sprintf("kafka-plc-dev-broker-%d", n))
	if box == nil {
		t.Fatalf("no instance kafka-plc-dev-broker-%d in the cloud", n)
	}
	props, err := box.ReadFile(serverProperties)
	if err != nil {
		t.Fatalf("broker %d: %v", n, err)
	}
	return props
}

// changedNames returns the names of the resources with a step that is not "same", sorted and
// without repeats (a replacement is several steps of one resource).
func changedNames(r *Result) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range r.Steps {
		if s.Op == deploy.OpSame || seen[s.Name()] {
			continue
		}
		seen[s.Name()] = true
		out = append(out, s.Name())
	}
	sort.Strings(out)
	return out
}

// configureSteps are the dev stack's configure steps of brokers 1..n, in node order.
func configureSteps(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("kafka-plc-dev-configure-%d", i+1)
	}
	return out
}

// TestStageTwoChangesOnlyHostSteps is scenario 2: setting uniqueName after stage 1. The preview
// plans exactly what the update does; only the configure steps, the cluster-ready step and the
// checks and the exporter probe step (it follows the unique name) change; the configure steps run strictly one at a time in node order (cmdsim's logical
// clock); no alicloud operation happens; every broker advertises the unique name. A third
// `pulumi up` changes nothing and runs nothing.
func TestStageTwoChangesOnlyHostSteps(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	before := len(tw.Hosts.Runs())
	up := stageTwo(t, tw, b)

	want := append(configureSteps(3), "kafka-plc-dev-checks", "kafka-plc-dev-cluster-ready", "kafka-plc-dev-exporter-probe")
	sort.Strings(want)
	if got := changedNames(up.Update); !reflect.DeepEqual(got, want) {
		t.Errorf("stage 2 changed %v, want only %v", got, want)
	}
	if p, u := up.Preview.Changed(), up.Update.Changed(); !reflect.DeepEqual(p, u) {
		t.Errorf("stage 2 preview planned\n  %s\nthe update did\n  %s", strings.Join(p, "\n  "), strings.Join(u, "\n  "))
	}
	if ops := tw.CloudOps(); len(ops) != 0 {
		t.Errorf("stage 2 made alicloud operations: %v", ops)
	}
	runs := tw.Hosts.Runs()[before:]
	wantSequential(t, "stage 2 configure steps", runsOf(runs, configureSteps(3)...), configureSteps(3))
	for n := 1; n <= 3; n++ {
		if props := brokerProperties(t, tw, n); !strings.Contains(props, fmt.Sprintf("b%d.abc123xyz.", n)) {
			t.Errorf("broker %d does not advertise the unique name:\n%s", n, props)
		}
	}
	if got := up.Update.Output(plan.OutputStage); got != "unique-name-set" {
		t.Errorf("stage output = %v, want unique-name-set", got)
	}

	before = len(tw.Hosts.Runs())
	third := tw.Up()
	b.must("third pulumi up", third)
	wantChanged(t, "third pulumi up (preview)", third.Preview, nil)
	wantChanged(t, "third pulumi up", third.Update, nil)
	if runs := tw.Hosts.Runs()[before:]; len(runs) != 0 {
		t.Errorf("third pulumi up ran %d host commands, first %s on %s", len(runs), runs[0].URN.Name(), runs[0].Host)
	}
	if ops := tw.CloudOps(); len(ops) != 0 {
		t.Errorf("third pulumi up made alicloud operations: %v", ops)
	}
}

// TestStageTwoGateRefusesBrokerTwo is scenario 3: stage 2 while broker 2's restart gate
// (kplc safe-to-restart) refuses. Broker 1 is restarted with the new configuration, broker 2's
// step fails with its configuration untouched, broker 3 is never reached. The next `pulumi up`
// with the gate passing carries on from broker 2 and does not touch broker 1 again.
func TestStageTwoGateRefusesBrokerTwo(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	broker2 := tw.Sandbox("kafka-plc-dev-broker-2")
	if err := broker2.SetState("kplc/safe-to-restart.exit", "1"); err != nil {
		t.Fatal(err)
	}
	props2 := brokerProperties(t, tw, 2)
	before := len(tw.Hosts.Runs())
	tw.Set("kafka-plc:uniqueName", "abc123xyz")
	up := tw.Up()
	if up.Preview.Err != nil {
		b.failed("stage 2 preview", up.Preview)
	}
	if up.Update.Err == nil {
		t.Fatal("stage 2 with broker 2's gate refusing succeeded")
	}
	failed := up.Update.Failed()
	if len(failed) != 1 || failed[0].Name() != "kafka-plc-dev-configure-2" {
		t.Errorf("failed steps = %v, want only kafka-plc-dev-configure-2", failed)
	}
	failureLeadsWithTheCause(t, up.Update.Errors())
	runs := runsOf(tw.Hosts.Runs()[before:], configureSteps(3)...)
	wantSequential(t, "configure steps with broker 2's gate refusing", runs, configureSteps(2))
	if !strings.Contains(brokerProperties(t, tw, 1), "abc123xyz") {
		t.Error("broker 1 was not reconfigured before broker 2's gate refused")
	}
	if got := brokerProperties(t, tw, 2); got != props2 {
		t.Errorf("broker 2's server.properties changed although its gate refused:\n%s", got)
	}
	if strings.Contains(brokerProperties(t, tw, 3), "abc123xyz") {
		t.Error("broker 3 was reconfigured after broker 2's gate refused")
	}

	if err := broker2.SetState("kplc/safe-to-restart.exit", "0"); err != nil {
		t.Fatal(err)
	}
	before = len(tw.Hosts.Runs())
	next := tw.Up()
	b.must("pulumi up with the gate passing", next)
	wantSequential(t, "configure steps of the next pulumi up", runsOf(tw.Hosts.Runs()[before:], configureSteps(3)...),
		configureSteps(3)[1:])
	for n := 2; n <= 3; n++ {
		if !strings.Contains(brokerProperties(t, tw, n), "abc123xyz") {
			t.Errorf("broker %d not reconfigured by the next pulumi up", n)
		}
	}
}

// maxFailureCommandBytes bounds the command that pulumi-command v1.2.1 quotes at the head of a
// failed step's message (`<exit>: running "<command>":`, remote/commandOutputs.go L101 at tag
// v1.2.1). Issue 12 item 13: it was lib.sh and the whole script (40 KB and more); the steps now
// run the uploaded script by path.
const maxFailureCommandBytes = 1024

// failureLeadsWithTheCause checks the engine's error messages of a configure step refused by
// its gate: the quoted command is one short line that runs configure-broker.sh by path, and the
// script's own refusal follows it. It logs the message's size (the figure issue 12 asks for).
func failureLeadsWithTheCause(t *testing.T, messages []string) {
	t.Helper()
	var msg string
	for _, m := range messages {
		if strings.Contains(m, "running ") {
			msg = m
		}
	}
	if msg == "" {
		t.Fatalf("no command failure among the errors:\n%s", condensed(strings.Join(messages, "\n")))
	}
	head, rest, _ := strings.Cut(msg, "\n")
	t.Logf("the refused configure step's message: %d bytes, its first line %d bytes", len(msg), len(head))
	if len(head) > maxFailureCommandBytes {
		t.Errorf("the failure's first line (the quoted command) is %d bytes, want at most %d:\n%s", len(head), maxFailureCommandBytes, condensed(head))
	}
	if strings.Contains(msg, "kplc_lib_loaded") || !strings.Contains(head, "configure-broker.sh") {
		t.Errorf("the failure does not run configure-broker.sh by path:\n%s", condensed(head))
	}
	if !strings.Contains(rest, "configure-broker.sh: ") {
		t.Errorf("the script's own message does not follow the command:\n%s", condensed(msg))
	}
}
