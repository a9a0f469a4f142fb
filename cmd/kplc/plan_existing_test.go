package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const planExistingDir = "testdata/plan-existing"

// In testdata/plan-existing, node 1's copy is the untouched running file, node 2's already has
// the EXTERNAL listener, and node 3's copy is missing.

func TestPlanExistingGolden(t *testing.T) {
	code, out, errOut := runPlanCLI(t, "--dir", planExistingDir, "--stack", "existing")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errOut)
	}
	if !golden(t, "plan-existing.txt", out) {
		return
	}
	// Checked independently of the golden file.
	checkContains(t, out,
		"----- node 1: /opt/kafka/config/kraft/server.properties (service kafka), diffed against "+filepath.Join(planExistingDir, "current", "existing", "1.properties"),
		"+advertised.listeners=PLAINTEXT://10.0.0.10:9092,EXTERNAL://b1.unique_name.alicloud.plc.tidbcloud.com:9093",
		"+listeners=PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:39092",
		"-listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n+listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT",
		"node 1: changes listeners, advertised.listeners, listener.security.protocol.map; kafka restarts",
		"node 2: already has the EXTERNAL listener; no edit, no restart",
		"scp -J root@198.51.100.10 ecs-user@10.0.128.10:/opt/kafka/config/kraft/server.properties "+filepath.Join(planExistingDir, "current", "existing", "3.properties"),
		"  advertised.listeners: EXTERNAL://b3.unique_name.alicloud.plc.tidbcloud.com:9095",
	)
	if strings.Count(out, "+++ /opt/kafka/config/kraft/server.properties") != 1 {
		t.Errorf("want exactly one diff (node 1):\n%s", out)
	}
}

func TestPlanExistingShippedSamples(t *testing.T) {
	// The example stack and its sample files at the module root: every broker shows a diff.
	code, out, errOut := runPlanCLI(t, "--dir", "../..", "--stack", "existing")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	for _, id := range []string{"1", "2", "3"} {
		if !strings.Contains(out, "node "+id+": changes listeners, advertised.listeners, listener.security.protocol.map") {
			t.Errorf("node %s: no diff from the shipped sample current/existing/%s.properties:\n%s", id, id, out)
		}
	}
}

func TestPlanExistingStage2AgainstExposedFile(t *testing.T) {
	// Node 2's copy advertises the placeholder; once uniqueName is set only that item changes.
	dir := existingStackDir(t, "  kafka-plc:uniqueName: plc-7x2k9\n")
	cur := filepath.Join(dir, "copies")
	copyFile(t, filepath.Join(planExistingDir, "current", "existing", "2.properties"), filepath.Join(cur, "2.properties"))

	code, out, errOut := runPlanCLI(t, "--dir", dir, "--stack", "existing", "--current-dir", cur, "--broker", "2")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	want := "-advertised.listeners=PLAINTEXT://10.0.64.10:9092,EXTERNAL://b2.unique_name.alicloud.plc.tidbcloud.com:9094\n" +
		"+advertised.listeners=PLAINTEXT://10.0.64.10:9092,EXTERNAL://b2.plc-7x2k9.alicloud.plc.tidbcloud.com:9094\n"
	if !strings.Contains(out, want) || strings.Count("\n"+out, "\n-") != 2 { // the --- header and one line
		t.Errorf("--broker 2 at stage 2 should change only advertised.listeners:\n%s", out)
	}
}

func TestPlanExistingRefusal(t *testing.T) {
	cur := t.TempDir()
	zk := "# a ZooKeeper-mode broker\nbroker.id=1\nzookeeper.connect=10.0.0.5:2181\nlisteners=PLAINTEXT://:9092\nlog.dirs=/data\n"
	if err := os.WriteFile(filepath.Join(cur, "1.properties"), []byte(zk), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runPlanCLI(t, "--dir", planExistingDir, "--stack", "existing", "--current-dir", cur)
	if code != exitFailed {
		t.Errorf("exit %d, want 1 when a broker's file would be refused", code)
	}
	if !strings.Contains(out, "node 1: REFUSED, pulumi up would stop before this broker:") || !strings.Contains(out, "zookeeper.connect") {
		t.Errorf("text lacks the refusal:\n%s", out)
	}

	code, out, _ = runPlanCLI(t, "--dir", planExistingDir, "--stack", "existing", "--current-dir", cur, "--format", "json")
	var v planView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if code != exitFailed || len(v.Edits) != 3 || v.Edits[0].Status != editRefused || v.Edits[1].Status != editMissing || v.Edits[1].Fetch == "" {
		t.Errorf("JSON: exit %d, edits %+v", code, v.Edits)
	}
}

func TestPlanExistingOneBroker(t *testing.T) {
	code, out, errOut := runPlanCLI(t, "--dir", planExistingDir, "--stack", "existing", "--broker", "3")
	if code != exitOK || !strings.Contains(errOut, "scp -J root@198.51.100.10 ecs-user@10.0.128.10:") {
		t.Errorf("--broker 3 (no copy): exit %d, stderr:\n%s", code, errOut)
	}
	if want := "listeners: EXTERNAL://:39092\nadvertised.listeners: EXTERNAL://b3.unique_name.alicloud.plc.tidbcloud.com:9095\nlistener.security.protocol.map: EXTERNAL:PLAINTEXT\n"; out != want {
		t.Errorf("--broker 3 stdout:\n%s\nwant the three target entries:\n%s", out, want)
	}
	code, out, _ = runPlanCLI(t, "--dir", planExistingDir, "--stack", "existing", "--broker", "1", "--format", "json")
	var bv brokerView
	if err := json.Unmarshal([]byte(out), &bv); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if code != exitOK || bv.Edit == nil || bv.Edit.Status != editChange || !strings.Contains(bv.Edit.Diff, "+listeners=") {
		t.Errorf("--broker 1 JSON: exit %d, %+v", code, bv.Edit)
	}
}

// existingStackDir copies testdata/plan-existing's project and stack files into a temporary
// directory, with extra (YAML lines under config:) appended to the stack file, and returns it.
func existingStackDir(t *testing.T, extra string) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, filepath.Join(planExistingDir, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.yaml"))
	stack, err := os.ReadFile(filepath.Join(planExistingDir, "Pulumi.existing.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.existing.yaml"), append(stack, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
