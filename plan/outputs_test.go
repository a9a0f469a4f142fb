package plan

import "testing"

// TestSetUniqueNameCommand: the stage-2 command sets the key in the project's namespace, for the
// plan's stack, with a placeholder for the value.
func TestSetUniqueNameCommand(t *testing.T) {
	for _, tc := range []struct{ project, stack, want string }{
		{"kafka-plc", "dev", "pulumi config set kafka-plc:uniqueName <unique name> --stack dev"},
		{"my-kafka", "prod", "pulumi config set my-kafka:uniqueName <unique name> --stack prod"},
	} {
		if got := (&Plan{Project: tc.project, Stack: tc.stack}).SetUniqueNameCommand(); got != tc.want {
			t.Errorf("SetUniqueNameCommand(%s/%s) = %q, want %q", tc.project, tc.stack, got, tc.want)
		}
	}
}
