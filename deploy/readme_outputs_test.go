package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/plan"
)

// readmeSample returns the JSON block that follows marker in ../README.md, decoded.
func readmeSample(t *testing.T, marker string) map[string]any {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, marker+"\n```json\n")
	if i < 0 {
		t.Fatalf("README.md has no ```json block after %q", marker)
	}
	block := text[i+len(marker)+len("\n```json\n"):]
	block = block[:strings.Index(block, "\n```")]
	var v map[string]any
	if err := json.Unmarshal([]byte(block), &v); err != nil {
		t.Fatalf("README.md sample after %q is not JSON: %v", marker, err)
	}
	return v
}

// keysOf returns the sorted keys of m.
func keysOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestReadmeSampleOutputsAreTheProgramsOutputs: the README's sample `pulumi stack output --json`
// after each stage (issue 16 item 7) names exactly the outputs the program returns, with the
// same nested fields, and the values that do not come from Alibaba Cloud (the plan's addresses,
// names, ports, stage and next step) as the program gives them for the dev stack.
func TestReadmeSampleOutputsAreTheProgramsOutputs(t *testing.T) {
	stage1 := readmeSample(t, "<!-- stack-output stage 1 -->")
	_, out1 := mustRun(t, engineStackConfig(t, "dev"))
	if got, want := keysOf(stage1), keysOf(out1); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("README stage 1 sample has outputs %v, the program returns %v", got, want)
	}
	tidbSample, tidbOut := stage1[plan.OutputTiDBCloud].(map[string]any), out1[plan.OutputTiDBCloud].(map[string]any)
	if got, want := keysOf(tidbSample), keysOf(tidbOut); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("README tidbCloud has fields %v, the program returns %v", got, want)
	}
	pmSample, pmOut := stage1[plan.OutputPortMap].([]any), out1[plan.OutputPortMap].([]any)
	if len(pmSample) != len(pmOut) {
		t.Fatalf("README portMap has %d listeners, the program %d", len(pmSample), len(pmOut))
	}
	for i := range pmOut {
		s, o := pmSample[i].(map[string]any), pmOut[i].(map[string]any)
		if got, want := keysOf(s), keysOf(o); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("README portMap[%d] has fields %v, the program returns %v", i, got, want)
		}
		for _, k := range []string{"listenerPort", "nodeIds", "serverGroup"} {
			if fmt.Sprint(s[k]) != fmt.Sprint(o[k]) {
				t.Errorf("README portMap[%d].%s = %v, the program gives %v", i, k, s[k], o[k])
			}
		}
	}
	for _, k := range []string{plan.OutputAdvertisedListeners, plan.OutputBrokerPrivateIPs, plan.OutputStage} {
		if fmt.Sprint(stage1[k]) != fmt.Sprint(out1[k]) {
			t.Errorf("README stage 1 %s = %v, the program gives %v", k, stage1[k], out1[k])
		}
	}
	for _, k := range []string{"advertisedListenerPattern", "bootstrapPort", "uniqueName", "zones"} {
		if fmt.Sprint(tidbSample[k]) != fmt.Sprint(tidbOut[k]) {
			t.Errorf("README stage 1 tidbCloud.%s = %v, the program gives %v", k, tidbSample[k], tidbOut[k])
		}
	}
	if got := fmt.Sprint(out1[plan.OutputClusterReady]); !strings.HasPrefix(fmt.Sprint(stage1[plan.OutputClusterReady]), "{\n  \"ok\": true") {
		t.Errorf("README clusterReady %q is not kplc cluster-ready's JSON (the mocks give %q)", stage1[plan.OutputClusterReady], got)
	}

	stage2 := readmeSample(t, "<!-- stack-output stage 2 -->")
	cfg := engineStackConfig(t, "dev")
	cfg["kafka-plc:uniqueName"] = "plc-7x2k9"
	_, out2 := mustRun(t, cfg)
	for _, k := range keysOf(stage2) {
		if _, ok := out2[k]; !ok {
			t.Errorf("README stage 2 sample has output %s, which the program does not return", k)
		}
	}
	for _, k := range []string{plan.OutputAdvertisedListeners, plan.OutputNextStep, plan.OutputStage} {
		if fmt.Sprint(stage2[k]) != fmt.Sprint(out2[k]) {
			t.Errorf("README stage 2 %s = %v, the program gives %v", k, stage2[k], out2[k])
		}
	}
	if got := stage2[plan.OutputTiDBCloud].(map[string]any)["uniqueName"]; got != out2[plan.OutputTiDBCloud].(map[string]any)["uniqueName"] {
		t.Errorf("README stage 2 tidbCloud.uniqueName = %v", got)
	}
	// The outputs that change between the stages are exactly those the stage 2 sample shows.
	var changed []string
	for _, k := range keysOf(out2) {
		if fmt.Sprint(out1[k]) != fmt.Sprint(out2[k]) {
			changed = append(changed, k)
		}
	}
	if got := keysOf(stage2); fmt.Sprint(got) != fmt.Sprint(changed) {
		t.Errorf("README stage 2 sample shows %v; the outputs that change are %v", got, changed)
	}
}
