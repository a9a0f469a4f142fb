package cmdsim

import (
	"sort"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func keys(ks []resource.PropertyKey) []string {
	var out []string
	for _, k := range ks {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}

// go-provider infer/resource.go L1132-1253: only the replaceOnChanges property itself
// (`triggers`, common/inputs.go L10) is reported as a replacement; a change inside it is reported
// as "triggers[0]" update (the engine replaces on the SDK's ReplaceOnChanges triggers[*]); every
// other change, create included, is an update; DeleteBeforeReplace is never set.
func TestDiffOnlyTriggersReplace_resourceL1132to1253(t *testing.T) {
	base := func(kv ...any) property.Map {
		m := props("connection", direct("root"), "create", "echo a", "triggers", property.New([]property.Value{sv("r1")}))
		for i := 0; i < len(kv); i += 2 {
			m = m.Set(kv[i].(string), kv[i+1].(property.Value))
		}
		return m
	}
	cases := []struct {
		name         string
		olds, news   property.Map
		changes      plugin.DiffChanges
		replace      []string
		changed      []string
		detailedKey  string
		detailedKind plugin.DiffKind
	}{
		{"nothing changed", base(), base(), plugin.DiffNone, nil, nil, "", 0},
		{"create changed", base(), base("create", sv("echo b")), plugin.DiffSome, nil, []string{"create"}, "create", plugin.DiffUpdate},
		{"stdin added", base(), base("stdin", sv("x")), plugin.DiffSome, nil, []string{"stdin"}, "stdin", plugin.DiffAdd},
		{"connection changed", base(), base("connection", direct("admin")), plugin.DiffSome, nil, []string{"connection"}, "connection", plugin.DiffUpdate}, // a secret is diffed whole,
		{"trigger element changed", base(), base("triggers", property.New([]property.Value{sv("r2")})), plugin.DiffSome, nil, []string{"triggers"}, "triggers[0]", plugin.DiffUpdate},
		{"triggers added", base().Delete("triggers"), base(), plugin.DiffSome, []string{"triggers"}, []string{"triggers"}, "triggers", plugin.DiffAddReplace},
	}
	_, p := newTestHosts(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := p.Diff(ctx, plugin.DiffRequest{URN: urn(RemoteCommandType, "c"), ID: "id",
				OldInputs: tc.olds, OldOutputs: tc.olds, NewInputs: tc.news})
			if err != nil {
				t.Fatal(err)
			}
			if d.Changes != tc.changes || d.DeleteBeforeReplace {
				t.Errorf("changes = %v (deleteBeforeReplace %v), want %v", d.Changes, d.DeleteBeforeReplace, tc.changes)
			}
			if got := keys(d.ReplaceKeys); len(got) != len(tc.replace) || (len(got) > 0 && got[0] != tc.replace[0]) {
				t.Errorf("replace keys = %v, want %v", got, tc.replace)
			}
			if got := keys(d.ChangedKeys); len(got) != len(tc.changed) || (len(got) > 0 && got[0] != tc.changed[0]) {
				t.Errorf("changed keys = %v, want %v", got, tc.changed)
			}
			if tc.detailedKey != "" {
				if got, ok := d.DetailedDiff[tc.detailedKey]; !ok || got.Kind != tc.detailedKind {
					t.Errorf("detailed diff = %v, want %s: %v", d.DetailedDiff, tc.detailedKey, tc.detailedKind)
				}
			}
		})
	}
}
