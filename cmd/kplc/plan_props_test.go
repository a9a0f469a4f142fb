package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// brokerProperties as an object in the stack file (a YAML number included) reaches `kplc plan`
// offline: the entries, what they replace, the restart order and the diff of the rendered file;
// the same in the JSON report.
func TestPlanShowsBrokerProperties(t *testing.T) {
	props := "  kafka-plc:brokerCount: 3\n  kafka-plc:brokerProperties:\n    log.retention.hours: 72\n    connections.max.idle.ms: \"3600000\"\n"
	code, out, errOut := planEditedDev(t, "  kafka-plc:brokerCount: 3\n", props)
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		"Broker properties (brokerProperties), applied to every broker, one at a time in node order 1, 2, 3\n",
		"  connections.max.idle.ms=3600000  (replaces kafka-plc's 86400000)\n",
		"  log.retention.hours=72  (added)\n",
		"    -connections.max.idle.ms=86400000\n",
		"    +connections.max.idle.ms=3600000\n",
		"    +log.retention.hours=72\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

// The JSON report lists the entries with what they replace.
func TestPlanJSONBrokerProperties(t *testing.T) {
	props := "  kafka-plc:brokerCount: 3\n  kafka-plc:brokerProperties:\n    num.partitions: \"6\"\n"
	dir := editedDevDir(t, "  kafka-plc:brokerCount: 3\n", props)
	code, out, errOut := runPlanCLI(t, "--dir", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	var v struct {
		BrokerProperties brokerPropsView `json:"brokerProperties"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	want := []brokerPropView{{Key: "num.partitions", Value: "6", Replaces: "3"}}
	if len(v.BrokerProperties.Entries) != 1 || v.BrokerProperties.Entries[0] != want[0] {
		t.Errorf("entries = %+v, want %+v", v.BrokerProperties.Entries, want)
	}
	if !strings.Contains(v.BrokerProperties.Diff, "+num.partitions=6") {
		t.Errorf("diff lacks the new line:\n%s", v.BrokerProperties.Diff)
	}
}

// An owned key makes `kplc plan` exit 2 naming the entry and the setting that controls it.
func TestPlanRefusesOwnedBrokerProperty(t *testing.T) {
	code, out, errOut := planEditedDev(t, "  kafka-plc:brokerCount: 3\n",
		"  kafka-plc:brokerCount: 3\n  kafka-plc:brokerProperties:\n    node.id: \"9\"\n")
	if code != exitUsage {
		t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, exitUsage, out, errOut)
	}
	for _, want := range []string{"brokerProperties.node.id", "not a free-form property", "brokerCount"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errOut)
		}
	}
}

// Mode existing: `kplc plan` previews brokerProperties in each broker's in-place edit, the
// same edit `kplc expose --property` makes: a key the file has is replaced on its line.
func TestPlanExistingShowsBrokerProperties(t *testing.T) {
	dir := existingStackDir(t, "  kafka-plc:brokerProperties:\n    log.retention.hours: \"72\"\n")
	cur := filepath.Join(dir, "copies")
	copyFile(t, filepath.Join(planExistingDir, "current", "existing", "2.properties"), filepath.Join(cur, "2.properties"))
	code, out, errOut := runPlanCLI(t, "--dir", dir, "--stack", "existing", "--current-dir", cur, "--broker", "2")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"-log.retention.hours=168\n+log.retention.hours=72\n"} { // replaced on its own line
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
