package enginetest

import (
	"fmt"
	"strings"
	"testing"

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
	if got := up.Update.Output("stage"); got != "awaiting-unique-name" {
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
