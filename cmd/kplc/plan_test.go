package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The -update flag rewrites golden files; another test file of this package may define it too.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

func updatingGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const planDevDir = "testdata/plan-dev"

// runPlanCLI runs `kplc plan args...` and returns its exit code, stdout and stderr.
func runPlanCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runPlan(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestPlanDevGolden(t *testing.T) {
	code, out, errOut := runPlanCLI(t, "--dir", planDevDir)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errOut)
	}
	if errOut != "" {
		t.Errorf("unexpected stderr:\n%s", errOut)
	}
	if !golden(t, "plan-dev.txt", out) {
		return
	}
	// The golden file is only as good as what it holds: check the essentials independently.
	checkContains(t, out,
		"Configuration: valid",
		"secret sshPrivateKey: present",
		"Stage: awaiting-unique-name",
		"9092      bootstrap     node 1 10.0.0.10:39092, node 2 10.0.64.10:39092, node 3 10.0.128.10:39092",
		"9095      broker-3      node 3 10.0.128.10:39092",
		"advertised.listeners=INTERNAL://10.0.128.10:9092,EXTERNAL://b3.unique_name.alicloud.plc.tidbcloud.com:9095",
		"pulumi config set kafka-plc:uniqueName <unique name> --stack dev",
		"then: INTERNAL://10.0.64.10:9092,EXTERNAL://b2.{uniqueName}.alicloud.plc.tidbcloud.com:9094",
		"endpointServiceName stack output after `pulumi up`",
	)
	if strings.Contains(out, "v1:bm90") {
		t.Error("output contains the encrypted secret's text")
	}
}

// golden compares the output of the running test with testdata/name; with -update it
// rewrites the file instead and reports false, so the test checks nothing else.
func golden(t *testing.T, name, out string) bool {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updatingGolden() {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return false
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run `go test ./cmd/kplc -run %s -update` to create it): %v", t.Name(), err)
	}
	if out != string(want) {
		t.Errorf("kplc plan output differs from %s (rerun with -update if intended):\n%s", path, firstDiff(string(want), out))
	}
	return true
}

// checkContains checks that out holds every one of wants.
func checkContains(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, s := range wants {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q", s)
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, wl, gl)
		}
	}
	return "(no line differs)"
}

func TestPlanUniqueNameSet(t *testing.T) {
	code, out, errOut := runPlanCLI(t, "--dir", planDevDir, "--stack", "named")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errOut)
	}
	checkContains(t, out,
		"Stage: unique-name-set",
		"EXTERNAL://b1.plc-7x2k9.alicloud.plc.tidbcloud.com:9093",
		"EXTERNAL://b2.plc-7x2k9.alicloud.plc.tidbcloud.com:9094",
		"EXTERNAL://b3.plc-7x2k9.alicloud.plc.tidbcloud.com:9095",
		"secret sshPrivateKey: missing: the deployment logs in over SSH with it; fix: pulumi config set --secret kafka-plc:sshPrivateKey --stack named < ~/.ssh/kafka-plc",
	)
	// Said once, on the secret's line (issue 16 item 11), not again as a warning.
	if n := strings.Count(out, "sshPrivateKey: missing"); n != 1 {
		t.Errorf("the missing secret is reported %d times, want once:\n%s", n, out)
	}
	if strings.Contains(out, "Pending changes") || strings.Contains(out, "unique_name") {
		t.Errorf("stage unique-name-set still mentions the placeholder or pending changes:\n%s", out)
	}
}

func TestPlanJSON(t *testing.T) {
	code, out, errOut := runPlanCLI(t, "--dir", planDevDir, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errOut)
	}
	var v planView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if !v.Valid || v.Stack != "dev" || v.Stage != "awaiting-unique-name" || v.Secrets["sshPrivateKey"] != "present" {
		t.Errorf("valid=%v stack=%q stage=%q secrets=%v", v.Valid, v.Stack, v.Stage, v.Secrets)
	}
	var ports []string
	for _, m := range v.PortMap {
		var nodes []string
		for _, b := range m.Backends {
			nodes = append(nodes, fmt.Sprintf("%d@%s:%d", b.NodeID, b.PrivateIP, b.Port))
		}
		ports = append(ports, fmt.Sprintf("%d %s %s", m.ListenerPort, m.ServerGroup, strings.Join(nodes, ",")))
	}
	want := []string{
		"9092 bootstrap 1@10.0.0.10:39092,2@10.0.64.10:39092,3@10.0.128.10:39092",
		"9093 broker-1 1@10.0.0.10:39092",
		"9094 broker-2 2@10.0.64.10:39092",
		"9095 broker-3 3@10.0.128.10:39092",
	}
	if strings.Join(ports, "\n") != strings.Join(want, "\n") {
		t.Errorf("JSON port map:\n%s\nwant:\n%s", strings.Join(ports, "\n"), strings.Join(want, "\n"))
	}
	if len(v.Brokers) != 3 || !strings.Contains(v.Brokers[1].ServerProperties, "node.id=2\n") || len(v.Brokers[1].ConfigSHA256) != 64 {
		t.Errorf("JSON brokers incomplete: %+v", v.Brokers)
	}
	if len(v.PendingChanges) != 3 || v.PendingChanges[2].NodeID != 3 || v.PendingChanges[2].Order != 3 {
		t.Errorf("JSON pending changes = %+v", v.PendingChanges)
	}
	if v.TiDBCloud == nil || v.TiDBCloud.BootstrapPort != 9092 || v.TiDBCloud.AccountID != "1234567890123456" {
		t.Errorf("JSON TiDB Cloud entry = %+v", v.TiDBCloud)
	}
	// Where the NLB takes its addresses: its own vSwitch per zone (nlbVswitchCidrs).
	var raw struct {
		NLBZones []map[string]string `json:"nlbZones"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(raw.NLBZones); got != "[map[vswitchCidr:10.0.193.0/24 zone:ap-southeast-1a] map[vswitchCidr:10.0.194.0/24 zone:ap-southeast-1b] map[vswitchCidr:10.0.195.0/24 zone:ap-southeast-1c]]" {
		t.Errorf("JSON nlbZones = %s", got)
	}
}

func TestPlanOneBroker(t *testing.T) {
	code, out, errOut := runPlanCLI(t, "--dir", planDevDir, "--broker", "2")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errOut)
	}
	if !strings.HasPrefix(out, "# Kafka server.properties of node 2,") || !strings.Contains(out, "\nnode.id=2\n") {
		t.Errorf("--broker 2 did not print broker 2's server.properties:\n%s", out)
	}
	for _, other := range []string{"node.id=1\n", "node.id=3\n", "Topology", "10.0.0.10:39092"} {
		if strings.Contains(out, other) {
			t.Errorf("--broker 2 output contains %q", other)
		}
	}
	// The JSON form is broker 2 alone.
	code, out, errOut = runPlanCLI(t, "--dir", planDevDir, "--broker", "2", "--format", "json")
	var b brokerView
	if code != exitOK || json.Unmarshal([]byte(out), &b) != nil || b.NodeID != 2 || b.PrivateIP != "10.0.64.10" {
		t.Errorf("--broker 2 --format json: exit %d, broker %+v, stderr %s", code, b, errOut)
	}
}

func TestPlanUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"unknown flag", []string{"--dir", planDevDir, "--brokers", "2"}, "-brokers"},
		{"bad format", []string{"--dir", planDevDir, "--format", "yaml"}, `--format "yaml"`},
		{"stray argument", []string{"--dir", planDevDir, "dev"}, `unexpected argument "dev"`},
		{"no such broker", []string{"--dir", planDevDir, "--broker", "9"}, "no broker with node id 9 (it has 1, 2, 3)"},
		{"no such stack", []string{"--dir", planDevDir, "--stack", "nope"}, "Pulumi.nope.yaml"},
		{"no project", []string{"--dir", t.TempDir()}, "Pulumi.yaml does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runPlanCLI(t, tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr does not mention %q:\n%s", tc.want, errOut)
			}
			if out != "" {
				t.Errorf("stdout not empty on a usage error:\n%s", out)
			}
		})
	}
	code, out, _ := runPlanCLI(t, "-h")
	if code != exitOK || !strings.Contains(out, "usage: kplc plan") {
		t.Errorf("-h: exit %d, stdout %q", code, out)
	}
}

// A stack file with several mistakes fails with exit 2 and names every bad key at once.
func TestPlanBadStackFile(t *testing.T) {
	dir := t.TempDir()
	proj, err := os.ReadFile(filepath.Join(planDevDir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	stack, err := os.ReadFile(filepath.Join(planDevDir, "Pulumi.dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(stack), "kafka-plc:brokerCount: 3", "kafka-plc:brokerCount: three", 1)
	bad = strings.Replace(bad, "- 10.0.64.0/18", "- 10.0.64.0/33", 1)
	if bad == string(stack) {
		t.Fatal("test setup: the stack file did not change")
	}
	for name, data := range map[string]string{"Pulumi.yaml": string(proj), "Pulumi.bad.yaml": bad} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	code, out, errOut := runPlanCLI(t, "--dir", dir, "--stack", "bad")
	if code != exitUsage {
		t.Fatalf("exit %d, want %d; stdout:\n%s", code, exitUsage, out)
	}
	for _, key := range []string{"brokerCount", `"three"`, "brokerVswitchCidrs", "10.0.64.0/33", "INVALID"} {
		if !strings.Contains(errOut, key) {
			t.Errorf("stderr does not mention %s:\n%s", key, errOut)
		}
	}

	code, out, _ = runPlanCLI(t, "--dir", dir, "--stack", "bad", "--format", "json")
	var v planView
	if code != exitUsage || json.Unmarshal([]byte(out), &v) != nil || v.Valid || len(v.Problems) < 2 {
		t.Errorf("json: exit %d, valid=%v, problems=%+v; output:\n%s", code, v.Valid, v.Problems, out)
	}
}

// A stack without alicloud:region is valid, but the plan warns that the provider then needs
// ALICLOUD_REGION, and says how to set the region in the stack.
func TestPlanWarnsWithoutProviderRegion(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"Pulumi.yaml", "Pulumi.dev.yaml"} {
		data, err := os.ReadFile(filepath.Join(planDevDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "Pulumi.dev.yaml" {
			without := strings.Replace(string(data), "  alicloud:region: ap-southeast-1\n", "", 1)
			if without == string(data) {
				t.Fatal("test setup: the dev stack sets no alicloud:region")
			}
			data = []byte(without)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runPlanCLI(t, "--dir", dir)
	if code != exitOK {
		t.Fatalf("exit %d, want 0 (a warning, not an error); stderr:\n%s", code, errOut)
	}
	checkContains(t, out, "Configuration: valid",
		"warning: alicloud:region is not set: the Alibaba Cloud provider then takes its region from the ALICLOUD_REGION environment variable",
		"pulumi config set alicloud:region ap-southeast-1 --stack dev")

	// The frozen dev stack sets it, so its plan has no such warning.
	if _, out, _ := runPlanCLI(t, "--dir", planDevDir); strings.Contains(out, "alicloud:region is not set") {
		t.Errorf("the dev stack sets alicloud:region, but the plan warns:\n%s", out)
	}
}
