package main

import (
	"strings"
	"testing"
)

// TestExposeSASLSwitch: on a broker whose EXTERNAL listener is up (its port held, as by the
// running broker), --sasl-mechanism SCRAM-SHA-512 switches it to SASL_PLAINTEXT with the
// authorizer, without a port check; the same call again changes nothing; leaving the flag out
// switches it back to PLAINTEXT. Each step writes the file only when it changed.
func TestExposeSASLSwitch(t *testing.T) {
	dir := t.TempDir()
	path := writeProps(t, dir, exposeSample)
	port := freePort(t)
	if code, rep, errOut := runExposeJSON(t, exposeArgs(path, port, stage1Host)...); code != exitOK || !rep.Written {
		t.Fatalf("adding EXTERNAL: exit %d, %+v\n%s", code, rep, errOut)
	}
	holdPort(t, port) // the broker now runs EXTERNAL on it
	for _, step := range []struct {
		name    string
		flags   []string
		status  string
		want    []string
		notWant []string
	}{
		{"auth on", []string{"--sasl-mechanism", "SCRAM-SHA-512"}, exposeChanged,
			[]string{"EXTERNAL:SASL_PLAINTEXT\n", "listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512\n",
				"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n", "super.users=User:ANONYMOUS\n"},
			[]string{"EXTERNAL:PLAINTEXT"}},
		{"auth on again", []string{"--sasl-mechanism", "scram-sha-512"}, exposeUnchanged, []string{"EXTERNAL:SASL_PLAINTEXT\n"}, nil},
		{"auth off", nil, exposeChanged, []string{"EXTERNAL:PLAINTEXT\n", "super.users=User:ANONYMOUS\n"},
			[]string{"listener.name.external.", "SASL_PLAINTEXT"}},
	} {
		before := readString(t, path)
		code, rep, errOut := runExposeJSON(t, exposeArgs(path, port, stage1Host, step.flags...)...)
		if code != exitOK || rep.Status != step.status || rep.PortChecked || rep.Written != (step.status == exposeChanged) {
			t.Fatalf("%s: exit %d, report %+v\n%s", step.name, code, rep, errOut)
		}
		got := readString(t, path)
		if step.status == exposeUnchanged && got != before {
			t.Errorf("%s: the file changed", step.name)
		}
		for _, w := range step.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: file lacks %q:\n%s", step.name, w, got)
			}
		}
		for _, w := range step.notWant {
			if strings.Contains(got, w) {
				t.Errorf("%s: file still has %q:\n%s", step.name, w, got)
			}
		}
	}
}

// TestExposeSASLRefusals: a mechanism kplc does not write is a usage error (exit 2); a broker
// where turning the authorizer on could lock clients out is refused (exit 1), nothing written.
func TestExposeSASLRefusals(t *testing.T) {
	ssl := strings.Replace(strings.Replace(exposeSample, "CONTROLLER://:9093\n", "CONTROLLER://:9093,APPS://:9094\n", 1),
		"PLAINTEXT:PLAINTEXT\n", "PLAINTEXT:PLAINTEXT,APPS:SASL_SSL\n", 1)
	for _, tc := range []struct {
		name, content, mech string
		code                int
		msg                 string
	}{
		{"PLAIN", exposeSample, "PLAIN", exitUsage, "--sasl-mechanism \"PLAIN\""},
		{"a SASL_SSL listener's clients", ssl, "SCRAM-SHA-512", exitFailed, "listener APPS is SASL_SSL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeProps(t, t.TempDir(), tc.content)
			code, _, errOut := runExposeCLI(t, exposeArgs(path, freePort(t), stage1Host, "--sasl-mechanism", tc.mech)...)
			if code != tc.code || !strings.Contains(errOut, tc.msg) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d mentioning %q", code, errOut, tc.code, tc.msg)
			}
			if readString(t, path) != tc.content {
				t.Error("the file was written")
			}
		})
	}
}
