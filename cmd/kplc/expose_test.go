package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafka-plc/kafka-plc/kraft"
	"github.com/kafka-plc/kafka-plc/propsedit"
)

// exposeSample is a combined-mode broker in the style of Kafka's own KRaft sample config,
// with a CRLF line and a comment that must survive the edit byte for byte.
const exposeSample = "# Broker 1 of the payments cluster (hand-edited, keep comments)\n" +
	"process.roles=broker,controller\n" +
	"node.id=1\n" +
	"controller.quorum.voters=1@10.0.0.10:9093,2@10.0.64.10:9093,3@10.0.128.10:9093\n" +
	"listeners=PLAINTEXT://:9092,CONTROLLER://:9093\n" +
	"inter.broker.listener.name=PLAINTEXT\r\n" +
	"advertised.listeners=PLAINTEXT://10.0.0.10:9092\n" +
	"controller.listener.names=CONTROLLER\n" +
	"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n" +
	"log.dirs=/data/kafka\n" +
	"num.partitions=3\n"

const (
	stage1Host = "b1.unique_name.alicloud.plc.tidbcloud.com"
	stage2Host = "b1.plc-7x2k9.alicloud.plc.tidbcloud.com"
)

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// holdPort listens on 127.0.0.1:port until the test ends.
func holdPort(t *testing.T, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("holding port %d: %v", port, err)
	}
	t.Cleanup(func() { ln.Close() })
}

// writeProps writes content to dir/server.properties with mode 0640 and returns the path.
func writeProps(t *testing.T, dir, content string) string {
	t.Helper()
	path := filepath.Join(dir, "server.properties")
	if err := os.WriteFile(path, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil { // umask-proof
		t.Fatal(err)
	}
	return path
}

// exposeArgs are the flags for node 1 on the loopback port, plus extra.
func exposeArgs(path string, port int, host string, extra ...string) []string {
	return append([]string{"--file", path, "--node-id", "1", "--external-port", strconv.Itoa(port),
		"--advertised-host", host, "--advertised-port", "9093", "--bind-host", "127.0.0.1"}, extra...)
}

// runExposeCLI runs `kplc expose args...` and returns the exit code, stdout and stderr.
func runExposeCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runExpose(args, &out, &errb)
	return code, out.String(), errb.String()
}

// runExposeJSON runs expose with --format json and decodes the report.
func runExposeJSON(t *testing.T, args ...string) (int, exposeReport, string) {
	t.Helper()
	code, out, errOut := runExposeCLI(t, append(args, "--format", "json")...)
	var rep exposeReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("output is not a JSON report: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	return code, rep, errOut
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustNotExist(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Lstat(path); err == nil {
		t.Errorf("%s exists, want none", path)
	}
}

func TestExposeAddsListenerThenIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	path := writeProps(t, dir, exposeSample)
	port := freePort(t)
	want, err := propsedit.Edit([]byte(exposeSample), propsedit.External{
		NodeID: 1, BindHost: "127.0.0.1", Port: port, AdvertisedHost: stage1Host, AdvertisedPort: 9093,
	})
	if err != nil {
		t.Fatalf("propsedit.Edit: %v", err)
	}

	code, rep, errOut := runExposeJSON(t, exposeArgs(path, port, stage1Host)...)
	if code != exitOK || rep.Status != exposeChanged || !rep.Changed || !rep.Written || !rep.PortChecked || !rep.BackupCreated {
		t.Fatalf("first run: exit %d, report %+v, stderr:\n%s", code, rep, errOut)
	}
	got := readString(t, path)
	if got != string(want.Output) {
		t.Errorf("written file differs from propsedit's output:\n got %q\nwant %q", got, want.Output)
	}
	if !strings.Contains(got, "inter.broker.listener.name=PLAINTEXT\r\n") || !strings.HasPrefix(got, "# Broker 1 of the payments cluster (hand-edited, keep comments)\n") {
		t.Errorf("untouched lines were not kept byte for byte:\n%q", got)
	}
	wantLine := "advertised.listeners=PLAINTEXT://10.0.0.10:9092,EXTERNAL://" + stage1Host + ":9093\n"
	if !strings.Contains(got, wantLine) {
		t.Errorf("file lacks %q:\n%s", wantLine, got)
	}
	if backup := readString(t, path+BackupSuffix); backup != exposeSample {
		t.Errorf("backup is not the original:\n%q", backup)
	}
	for _, p := range []string{path, path + BackupSuffix} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o640 {
			t.Errorf("%s: mode %v, want 0640 (the original's)", p, fi.Mode().Perm())
		}
	}
	if !strings.Contains(rep.Diff, "+advertised.listeners=PLAINTEXT://10.0.0.10:9092,EXTERNAL://"+stage1Host+":9093") {
		t.Errorf("report diff lacks the advertised line:\n%s", rep.Diff)
	}
	assertNoTempFiles(t, dir)

	// Second run: nothing changes, not even the modification time; no port check (the
	// broker would hold the port by now).
	holdPort(t, port)
	before, _ := os.Stat(path)
	time.Sleep(10 * time.Millisecond)
	code, rep, errOut = runExposeJSON(t, exposeArgs(path, port, stage1Host)...)
	if code != exitOK || rep.Status != exposeUnchanged || rep.Changed || rep.Written || rep.PortChecked {
		t.Fatalf("second run: exit %d, report %+v, stderr:\n%s", code, rep, errOut)
	}
	after, _ := os.Stat(path)
	if !after.ModTime().Equal(before.ModTime()) || readString(t, path) != got {
		t.Error("second run touched the file")
	}

	// Stage 2: only the advertised name changes. The port is held (as by the running
	// broker), which must not matter; the backup keeps the very first original.
	code, rep, errOut = runExposeJSON(t, exposeArgs(path, port, stage2Host)...)
	if code != exitOK || rep.Status != exposeChanged || rep.PortChecked || rep.BackupCreated || !rep.Written {
		t.Fatalf("stage 2: exit %d, report %+v, stderr:\n%s", code, rep, errOut)
	}
	if strings.Join(rep.ChangedKeys, ",") != kraft.KeyAdvertisedListeners {
		t.Errorf("stage 2 changed %v, want only advertised.listeners", rep.ChangedKeys)
	}
	if s := readString(t, path); !strings.Contains(s, "EXTERNAL://"+stage2Host+":9093") || strings.Contains(s, stage1Host) {
		t.Errorf("stage 2 file:\n%s", s)
	}
	if backup := readString(t, path+BackupSuffix); backup != exposeSample {
		t.Error("stage 2 overwrote the one-time backup")
	}
	assertNoTempFiles(t, dir)
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".kplc-") {
			t.Errorf("temp file %s left behind", e.Name())
		}
	}
}

func TestExposeDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	path := writeProps(t, dir, exposeSample)
	port := freePort(t)
	code, out, errOut := runExposeCLI(t, exposeArgs(path, port, stage1Host, "--dry-run")...)
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	if !strings.Contains(out, "+listeners=PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://127.0.0.1:"+strconv.Itoa(port)) ||
		!strings.Contains(out, "changed (dry run, nothing written)") {
		t.Errorf("dry-run text lacks the diff or the verdict:\n%s", out)
	}
	if readString(t, path) != exposeSample {
		t.Error("dry run changed the file")
	}
	mustNotExist(t, path+BackupSuffix)
	assertNoTempFiles(t, dir)

	code, rep, _ := runExposeJSON(t, exposeArgs(path, port, stage1Host, "--dry-run")...)
	if code != exitOK || rep.Status != exposeChanged || rep.Written || !rep.DryRun || rep.Backup != "" {
		t.Errorf("dry-run JSON: exit %d %+v", code, rep)
	}
}

func TestExposeTextUnchanged(t *testing.T) {
	dir := t.TempDir()
	port := freePort(t)
	done, err := propsedit.Edit([]byte(exposeSample), propsedit.External{
		NodeID: 1, BindHost: "127.0.0.1", Port: port, AdvertisedHost: stage1Host, AdvertisedPort: 9093,
	})
	if err != nil {
		t.Fatal(err)
	}
	path := writeProps(t, dir, string(done.Output))
	code, out, errOut := runExposeCLI(t, exposeArgs(path, port, stage1Host)...)
	if code != exitOK || !strings.HasPrefix(out, "unchanged: ") || errOut != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and \"unchanged: ...\"", code, out, errOut)
	}
	mustNotExist(t, path+BackupSuffix)
}

func TestExposeFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := writeProps(t, dir, exposeSample)
	link := filepath.Join(dir, "current.properties")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runExposeCLI(t, exposeArgs(link, freePort(t), stage1Host)...)
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced by a file (%v)", err)
	}
	if !strings.Contains(readString(t, real), "EXTERNAL://") {
		t.Error("the link's target was not edited")
	}
	if readString(t, real+BackupSuffix) != exposeSample {
		t.Error("backup not next to the real file")
	}
}

func TestExposeRefusals(t *testing.T) {
	zk := "broker.id=1\nzookeeper.connect=10.0.0.5:2181\nlisteners=PLAINTEXT://:9092\n"
	tests := []struct {
		name    string
		content string
		args    func(path string, port int) []string
		hold    bool   // hold the port on 127.0.0.1 first
		want    string // in the refusal
		code    int
	}{
		{
			name: "ZooKeeper-mode file", content: zk,
			want: "ZooKeeper", code: exitFailed,
		},
		{
			name: "EXTERNAL name used with another protocol",
			content: strings.NewReplacer(
				"listeners=PLAINTEXT://:9092,CONTROLLER://:9093\n", "listeners=PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:9094\n",
				"CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,EXTERNAL:SASL_SSL",
			).Replace(exposeSample),
			want: "EXTERNAL", code: exitFailed,
		},
		{
			name:    "EXTERNAL port used by another listener",
			content: exposeSample,
			args: func(path string, _ int) []string {
				return exposeArgs(path, 9092, stage1Host)
			},
			want: "9092", code: exitFailed,
		},
		{
			name: "port taken on the host", content: exposeSample, hold: true,
			want: "is already in use on this host", code: exitFailed,
		},
		{
			name: "wrong broker's file", content: strings.Replace(exposeSample, "node.id=1\n", "node.id=2\n", 1),
			want: "node.id", code: exitFailed,
		},
		{
			name: "invalid advertised host", content: exposeSample,
			args: func(path string, port int) []string { return exposeArgs(path, port, "0.0.0.0") },
			want: "AdvertisedHost", code: exitUsage,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			content := tc.content
			dir := t.TempDir()
			path := writeProps(t, dir, content)
			port := freePort(t)
			if tc.hold {
				holdPort(t, port)
			}
			args := exposeArgs(path, port, stage1Host)
			if tc.args != nil {
				args = tc.args(path, port)
			}
			code, out, errOut := runExposeCLI(t, args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if !strings.Contains(errOut, "REFUSED") || !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr lacks REFUSED and %q:\n%s", tc.want, errOut)
			}
			if tc.hold && !strings.Contains(errOut, strconv.Itoa(port)) {
				t.Errorf("port refusal does not name port %d:\n%s", port, errOut)
			}
			if readString(t, path) != content {
				t.Error("a refused edit changed the file")
			}
			mustNotExist(t, path+BackupSuffix)
			assertNoTempFiles(t, dir)

			code, rep, _ := runExposeJSON(t, args...)
			if code != tc.code || rep.Status != exposeRefused || rep.Written || !strings.Contains(rep.Error, tc.want) {
				t.Errorf("JSON: exit %d, report %+v", code, rep)
			}
		})
	}
}

func TestExposeUsage(t *testing.T) {
	dir := t.TempDir()
	path := writeProps(t, dir, exposeSample)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"--node-id", "1", "--advertised-host", stage1Host, "--advertised-port", "9093"}, "--file is required"},
		{"no node id", []string{"--file", path, "--advertised-host", stage1Host, "--advertised-port", "9093"}, "--node-id is required"},
		{"no advertised host", []string{"--file", path, "--node-id", "1", "--advertised-port", "9093"}, "--advertised-host is required"},
		{"no advertised port", []string{"--file", path, "--node-id", "1", "--advertised-host", stage1Host}, "--advertised-port 0"},
		{"bad format", append(exposeArgs(path, 39092, stage1Host), "--format", "yaml"), `--format "yaml"`},
		{"stray argument", append(exposeArgs(path, 39092, stage1Host), "now"), `unexpected argument "now"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runExposeCLI(t, tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, errOut, tc.want)
			}
		})
	}
	if readString(t, path) != exposeSample {
		t.Error("a usage error changed the file")
	}
	code, _, errOut := runExposeCLI(t, exposeArgs(filepath.Join(dir, "missing.properties"), 39092, stage1Host)...)
	if code != exitFailed || !strings.Contains(errOut, "missing.properties") {
		t.Errorf("missing file: exit %d, stderr:\n%s", code, errOut)
	}
}
