package deploy

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/plan"
)

// TestNextStepSetsTheUniqueNameAsKplcPlanSays: the nextStep output gives the one stage-2
// command (plan.SetUniqueNameCommand) that `kplc plan` gives too (cmd/kplc
// TestPlanNextStepSetsTheUniqueNameAsDeploySays).
func TestNextStepSetsTheUniqueNameAsKplcPlanSays(t *testing.T) {
	_, p := exStack(t, "")
	want := "`" + p.SetUniqueNameCommand() + "`"
	if got := nextStep(p, "com.aliyuncs.privatelink.ap-southeast-1.epsrv-test"); !strings.Contains(got, want) {
		t.Errorf("nextStep = %q; want it to contain %s", got, want)
	}
}

// TestOutputsAreThePlanConstants: a new cluster's stack outputs are exactly the names package
// plan declares (Output*), the names `kplc plan`, the engine twin and the README checks use.
func TestOutputsAreThePlanConstants(t *testing.T) {
	want := []string{plan.OutputAdvertisedListeners, plan.OutputBastionPublicIP, plan.OutputBrokerPrivateIPs,
		plan.OutputClusterReady, plan.OutputEndpointServiceName, plan.OutputNLBDNSName, plan.OutputNextStep,
		plan.OutputPortMap, plan.OutputStage, plan.OutputTiDBCloud, plan.OutputVerification}
	sort.Strings(want)
	_, outputs := mustRun(t, engineStackConfig(t, "dev"))
	if got := keysOf(outputs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stack outputs %v, want %v", got, want)
	}
}
