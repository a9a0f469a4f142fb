package mocktest

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TestCloudFiltersLikeTheDataSources: alicloud_instances keeps instances carrying every given
// tag and in ids; alicloud_vswitches keeps those in ids; no match gives empty lists, not an error.
func TestCloudFiltersLikeTheDataSources(t *testing.T) {
	cloud := &Cloud{
		Instances: []CloudInstance{
			{ID: "i-1", Tags: map[string]string{"project": "p", "stack": "dev"}},
			{ID: "i-2", Tags: map[string]string{"project": "p", "stack": "prod"}},
		},
		Vswitches: []CloudVswitch{{ID: "vsw-1", CIDR: "10.0.0.0/18"}, {ID: "vsw-2", CIDR: "10.0.64.0/18"}},
	}
	for _, tc := range []struct {
		token, list string
		args        map[string]any
		want        string
	}{
		{FuncGetInstances, "ids", map[string]any{"tags": map[string]any{"project": "p", "stack": "dev"}}, "[i-1]"},
		{FuncGetInstances, "ids", map[string]any{"tags": map[string]any{"project": "p", "stack": "test"}}, "[]"},
		{FuncGetInstances, "ids", map[string]any{"ids": []any{"i-2", "i-9"}}, "[i-2]"},
		{FuncGetSwitches, "ids", map[string]any{"ids": []any{"vsw-2"}}, "[vsw-2]"},
		{FuncGetSwitches, "ids", map[string]any{"ids": []any{"vsw-9"}}, "[]"},
	} {
		out, ok := cloud.Answer(Invoke{Token: tc.token, Args: resource.NewPropertyMapFromMap(tc.args)})
		if !ok {
			t.Fatalf("%s not answered", tc.token)
		}
		if got := fmt.Sprint(out.Mappable()[tc.list]); got != tc.want {
			t.Errorf("%s %v: %s = %s, want %s", tc.token, tc.args, tc.list, got, tc.want)
		}
	}
	if _, ok := cloud.Answer(Invoke{Token: FuncGetImages}); ok {
		t.Error("Cloud answered getImages")
	}
}
