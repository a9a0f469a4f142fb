package deploy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/components"
)

// TestKafkaVersionChecksBeforeAnyResource: the running brokers' kafka-version tag (what the
// stack last applied) against kafkaVersion (3.7.1 in the dev stack), by kraft.CheckUpgrade: a
// patch change passes; an older release line than the brokers run is refused, in preview and
// update alike, before the first resource registers, naming the nodes, both versions and the
// fix. Brokers without the tag (created before it existed) are not checked.
func TestKafkaVersionChecksBeforeAnyResource(t *testing.T) {
	for _, tc := range []struct {
		name    string
		running []string // tag of nodes 1..3 ("" = none)
		want    string   // "" = passes
	}{
		{"same version", []string{"3.7.1", "3.7.1", "3.7.1"}, ""},
		{"patch release", []string{"3.7.0", "3.7.0", "3.7.0"}, ""},
		{"no tag yet", []string{"", "", ""}, ""},
		{"older line than running", []string{"3.8.0", "3.8.0", "3.8.0"}, "nodes [1 2 3]: kafkaVersion 3.7.1: the brokers run 3.8.0; a downgrade to an older release line is refused"},
		{"half rolled back", []string{"3.9.1", "3.7.1", "3.7.1"}, "nodes [1]: kafkaVersion 3.7.1: the brokers run 3.9.1"},
	} {
		for _, dryRun := range []bool{true, false} {
			t.Run(tc.name, func(t *testing.T) {
				cloud := devCloud()
				for i, v := range tc.running {
					for j := range cloud.Instances {
						if inst := &cloud.Instances[j]; v != "" && inst.Name == fmt.Sprintf("kafka-plc-dev-broker-%d", i+1) {
							inst.Tags[components.KafkaVersionTag] = v
						}
					}
				}
				mocks, err := runIn(t, cloud, devStack(3), dryRun)
				switch {
				case tc.want == "" && err != nil:
					t.Fatalf("program failed: %v", err)
				case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "fix: keep kafkaVersion")):
					t.Fatalf("program: %v\nwant a refusal with %q and the fix", err, tc.want)
				case tc.want != "" && len(mocks.Resources()) != 0:
					t.Errorf("%d resources registered before the refusal, want 0", len(mocks.Resources()))
				}
			})
		}
	}
}
