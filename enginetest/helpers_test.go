package enginetest

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/enginetest/cmdsim"
	pkgresource "github.com/pulumi/pulumi/pkg/v3/resource"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Type tokens the scenarios name.
const (
	typeRemoteCommand = "command:remote:Command"
	typeCopyToRemote  = "command:remote:CopyToRemote"
	typeLocalCommand  = "command:local:Command"
	typeInstance      = "alicloud:ecs/instance:Instance"
)

// projectDir is the kafka-plc module root, the parent of this module.
func projectDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// newTwin returns a twin of the example stack file base (e.g. "Pulumi.dev.yaml") named stack,
// in a scratch directory of the test. The test runs in parallel with the others: every twin has
// its own cloud, hosts and state.
func newTwin(t *testing.T, stack, base string, kafkaVersions ...string) *Twin {
	t.Helper()
	t.Parallel()
	tw, err := NewTwin(TwinOptions{ProjectDir: projectDir(t), Stack: stack, BaseStackFile: base, Dir: t.TempDir(),
		KafkaVersions: kafkaVersions})
	if err != nil {
		t.Fatal(err)
	}
	return tw
}

// devTwin is the example stack Pulumi.dev.yaml, deployed nowhere yet.
func devTwin(t *testing.T, kafkaVersions ...string) *Twin {
	t.Helper()
	return newTwin(t, "dev", "Pulumi.dev.yaml", kafkaVersions...)
}

// stageOne deploys the twin's stack (pulumi up from empty) and clears the cloud's operation log.
func stageOne(t *testing.T, tw *Twin, b *blockers) {
	t.Helper()
	b.must("stage 1 pulumi up", tw.Up())
	tw.Cloud.ResetOps()
}

// stageTwo sets the unique name TiDB Cloud shows and runs pulumi up.
func stageTwo(t *testing.T, tw *Twin, b *blockers) *Run {
	t.Helper()
	tw.Set("kafka-plc:uniqueName", "abc123xyz")
	up := tw.Up()
	b.must("stage 2 pulumi up", up)
	return up
}

// dev returns the dev stack's step lines "<op> <type> kafka-plc-dev-<suffix>" for op and type.
func dev(op, typ string, suffixes ...string) []string {
	out := make([]string, len(suffixes))
	for i, s := range suffixes {
		out[i] = op + " " + typ + " kafka-plc-dev-" + s
	}
	return out
}

// join concatenates step lists and sorts them.
func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	sort.Strings(out)
	return out
}

// wantChanged fails unless the result's non-same steps are exactly want.
func wantChanged(t *testing.T, what string, r *Result, want []string) {
	t.Helper()
	got := r.Changed()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: steps that are not 'same':\n got  %s\n want %s", what,
			strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

// runsOf returns the host runs of the resources named names, in start order.
func runsOf(runs []cmdsim.Run, names ...string) []cmdsim.Run {
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	var out []cmdsim.Run
	for _, r := range runs {
		if set[r.URN.Name()] {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// wantSequential fails unless runs (in start order) are the resources names, in that order,
// each finished before the next started (cmdsim's logical clock).
func wantSequential(t *testing.T, what string, runs []cmdsim.Run, names []string) {
	t.Helper()
	var got []string
	for i, r := range runs {
		got = append(got, r.URN.Name())
		if i > 0 && !(runs[i-1].End < r.Start) {
			t.Errorf("%s: %s (ticks %d-%d) overlaps %s (ticks %d-%d)", what, r.URN.Name(), r.Start, r.End,
				runs[i-1].URN.Name(), runs[i-1].Start, runs[i-1].End)
		}
	}
	if !reflect.DeepEqual(got, names) {
		t.Errorf("%s: ran %v, want %v in this order", what, got, names)
	}
}

// stateJSON returns the checkpoint as the CLI writes it.
func stateJSON(t *testing.T, r *Result) string {
	t.Helper()
	data, err := json.Marshal(r.State)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// live returns the resources of the snapshot that are not pending deletion.
func live(snap *deploy.Snapshot) []*pkgresource.State {
	var out []*pkgresource.State
	for _, r := range snap.Resources {
		if !r.Delete {
			out = append(out, r)
		}
	}
	return out
}

// isProvider says whether the URN is a provider resource.
func isProvider(urn resource.URN) bool {
	return strings.HasPrefix(string(urn.Type()), "pulumi:providers:")
}

// resourceKey is a property key of a resource's state.
func resourceKey(k string) resource.PropertyKey { return resource.PropertyKey(k) }
