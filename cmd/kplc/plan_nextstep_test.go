package main

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/plan"
)

// TestPlanNextStepSetsTheUniqueNameAsDeploySays: `kplc plan` gives the one stage-2 command
// (plan.SetUniqueNameCommand) that the program's nextStep output gives too (deploy
// TestNextStepSetsTheUniqueNameAsKplcPlanSays), in both modes.
func TestPlanNextStepSetsTheUniqueNameAsDeploySays(t *testing.T) {
	for _, tc := range []struct {
		name, stack string
		args        []string
	}{
		{"new", "dev", []string{"--dir", planDevDir}},
		{"existing", "existing", []string{"--dir", planExistingDir, "--stack", "existing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, out, _ := runPlanCLI(t, tc.args...)
			want := "`" + (&plan.Plan{Project: "kafka-plc", Stack: tc.stack}).SetUniqueNameCommand() + "`"
			if !strings.Contains(out, want) {
				t.Errorf("kplc plan output lacks %s:\n%s", want, out)
			}
		})
	}
}
