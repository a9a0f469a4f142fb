package main

import (
	"strings"
	"testing"
)

// --property sets and replaces brokerProperties in the same atomic write as the listener
// edit; once the file holds both, a re-run (also with only the properties pending) reports
// what changed and then nothing.
func TestExposeProperties(t *testing.T) {
	dir := t.TempDir()
	path := writeProps(t, dir, exposeSample)
	port := freePort(t)
	props := []string{"--property", "num.partitions=6", "--property", "log.retention.hours=72"}
	code, rep, errOut := runExposeJSON(t, exposeArgs(path, port, stage1Host, props...)...)
	if code != exitOK || rep.Status != exposeChanged {
		t.Fatalf("first run: exit %d, report %+v, stderr:\n%s", code, rep, errOut)
	}
	got := readString(t, path)
	for _, want := range []string{"\nnum.partitions=6\n", "\nlog.retention.hours=72\n", "EXTERNAL://127.0.0.1:"} {
		if !strings.Contains(got, want) {
			t.Errorf("file lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "num.partitions=3") {
		t.Errorf("num.partitions was added, not replaced:\n%s", got)
	}
	for _, k := range []string{"num.partitions", "log.retention.hours"} {
		if !strings.Contains(strings.Join(rep.ChangedKeys, ","), k) {
			t.Errorf("changedKeys %v lack %s", rep.ChangedKeys, k)
		}
	}

	code, rep, _ = runExposeJSON(t, exposeArgs(path, port, stage1Host, props...)...)
	if code != exitOK || rep.Status != exposeUnchanged {
		t.Errorf("re-run: exit %d, status %s, want unchanged", code, rep.Status)
	}
	// Only a property changes: the file is edited (and the script restarts the broker).
	code, rep, _ = runExposeJSON(t, exposeArgs(path, port, stage1Host, "--property", "num.partitions=12")...)
	if code != exitOK || rep.Status != exposeChanged || strings.Join(rep.ChangedKeys, ",") != "num.partitions" {
		t.Errorf("property change: exit %d, report %+v", code, rep)
	}
}

// Owned keys, bad lines and values Kafka refuses are usage errors; nothing is written.
func TestExposePropertiesRefused(t *testing.T) {
	for _, tc := range []struct{ props, want string }{
		{"listeners=PLAINTEXT://:1", "--property listeners: not settable"},
		{"super.users=User:x", "--property super.users: not settable"},
		{"num.io.threads", `expected KEY=VALUE`},
		{"num.io.threads=0", "num.io.threads"},
	} {
		dir := t.TempDir()
		path := writeProps(t, dir, exposeSample)
		code, _, errOut := runExposeCLI(t, exposeArgs(path, freePort(t), stage1Host, "--property", tc.props)...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("--property %q: exit %d, stderr %q; want %d naming %q", tc.props, code, errOut, exitUsage, tc.want)
		}
		if readString(t, path) != exposeSample {
			t.Errorf("--property %q: file changed", tc.props)
		}
	}
}
