package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// TestVersion: `kplc version` prints the module version and the VCS revision from the build
// info (issue 16 item 11).
func TestVersion(t *testing.T) {
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"clean checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/kafka-plc/kafka-plc", Version: "v0.4.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "68dbc89abc"}, {Key: "vcs.time", Value: "2026-12-07T17:00:00Z"}, {Key: "vcs.modified", Value: "false"}}},
			"kplc github.com/kafka-plc/kafka-plc v0.4.0\nrevision 68dbc89abc (2026-12-07T17:00:00Z)\nbuilt with go1.26.8\n"},
		{"dirty checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/kafka-plc/kafka-plc", Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "68dbc89abc"}, {Key: "vcs.modified", Value: "true"}}},
			"kplc github.com/kafka-plc/kafka-plc (devel)\nrevision 68dbc89abc+modified\nbuilt with go1.26.8\n"},
		{"no VCS information", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/kafka-plc/kafka-plc", Version: "(devel)"}},
			"kplc github.com/kafka-plc/kafka-plc (devel)\nrevision unknown (built without VCS information, e.g. go run or -buildvcs=false)\nbuilt with go1.26.8\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			orig := readBuildInfo
			readBuildInfo = func() (*debug.BuildInfo, bool) { return tc.bi, true }
			t.Cleanup(func() { readBuildInfo = orig })
			code, stdout, stderr := runCLI(t, "version")
			if code != exitOK || stdout != tc.want || stderr != "" {
				t.Errorf("exit %d, stdout:\n%s\nstderr: %s\nwant stdout:\n%s", code, stdout, stderr, tc.want)
			}
		})
	}
	// The test binary itself carries real build info: the command works on it too.
	if code, stdout, _ := runCLI(t, "version"); code != exitOK || !strings.HasPrefix(stdout, "kplc ") {
		t.Errorf("kplc version on this binary: exit %d, %q", code, stdout)
	}
}

// TestTimeoutParseError: a --timeout that is not a duration says what one looks like, in
// every command that takes it (issue 16 item 11; before: "parse error").
func TestTimeoutParseError(t *testing.T) {
	for _, name := range []string{"plan", "expose", "brokers", "roundtrip", "probe-privatelink", "wait-ready", "safe-to-restart", "cluster-ready", "rehearse"} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, name, "--timeout", "5")
			want := "invalid value \"5\" for flag -timeout: use a duration such as 30s or 5m\nrun `kplc " + name + " -h` for the flags\n"
			if code != exitUsage || stdout != "" || stderr != want {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant stderr:\n%s", code, stdout, stderr, want)
			}
		})
	}
}

// TestNodeIDHelpShowsNoDefault: --node-id is required; its help shows no "(default -1)"
// (issue 16 item 11), and it still refuses to run without it.
func TestNodeIDHelpShowsNoDefault(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"wait-ready", "  -node-id N\n    \tnode.id N of the broker to wait for (required)\n"},
		{"safe-to-restart", "  -node-id N\n    \tnode.id N of the broker to restart (required)\n"},
		{"expose", "  -node-id N\n    \tthe broker's node.id N (required; the file must say the same)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stdout, _ := runCLI(t, tc.name, "-h")
			if !strings.Contains(stdout, tc.want) || strings.Contains(stdout, "(default -1)") {
				t.Errorf("help:\n%s\nwant it to hold:\n%s", stdout, tc.want)
			}
		})
	}
	code, _, stderr := runCLI(t, "wait-ready", "--bootstrap", "127.0.0.1:1")
	if code != exitUsage || stderr != "kplc wait-ready: --node-id is required (a node.id >= 0)\n" {
		t.Errorf("without --node-id: exit %d, stderr %q", code, stderr)
	}
}

// TestPlanJSONInvalidKeepsProjectModeAndShellText: for an invalid stack the JSON still names
// the project, mode and region, and messages keep < and > as written (issue 16 item 11).
func TestPlanJSONInvalidKeepsProjectModeAndShellText(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"Pulumi.yaml":     "name: kafka-plc\nruntime: go\n",
		"Pulumi.one.yaml": "config:\n  kafka-plc:region: ap-southeast-1\n  kafka-plc:brokerCount: 1\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, _ := runPlanCLI(t, "--dir", dir, "--stack", "one", "--format", "json")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	var v struct {
		Project, Stack, Mode, Region string
	}
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if v.Project != "kafka-plc" || v.Stack != "one" || v.Mode != "new" || v.Region != "ap-southeast-1" {
		t.Errorf("project %q, stack %q, mode %q, region %q; want kafka-plc, one, new, ap-southeast-1", v.Project, v.Stack, v.Mode, v.Region)
	}

	_, stdout, _ = runPlanCLI(t, "--dir", planDevDir, "--format", "json")
	if strings.Contains(stdout, `\u003c`) || strings.Contains(stdout, `\u003e`) {
		t.Errorf("JSON escapes < or >:\n%s", stdout)
	}
	if !strings.Contains(stdout, "`pulumi config set kafka-plc:uniqueName <unique name> --stack dev`") {
		t.Errorf("JSON lacks the next step with <unique name> as written:\n%s", stdout)
	}
}

// TestLatencySameUnitInJSONAndText: latencies are milliseconds rounded to 0.1 ms in JSON as in
// text (issue 16 item 11; before: JSON whole milliseconds, text 0.1 ms).
func TestLatencySameUnitInJSONAndText(t *testing.T) {
	d := 1523 * time.Microsecond
	if got := msText(d); got != "1.5 ms" {
		t.Errorf("text %q, want 1.5 ms", got)
	}
	b, err := json.Marshal(kplc.BrokerCheck{NodeID: 1, Host: "b1.example", Port: 9093, Latency: d})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"nodeId":1,"address":"b1.example:9093","rack":"","latencyMs":1.5,"ok":true}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	b, err = json.Marshal(kplc.BrokerLatency{NodeID: 2, Partitions: []int32{1}, Messages: 10, P50: d, Max: 2 * d})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"nodeId":2,"partitions":[1],"messages":10,"p50Ms":1.5,"maxMs":3}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
}
