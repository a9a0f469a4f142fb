package config

import (
	"slices"
	"strings"
	"testing"
)

// TestUnknownNamespaceWarning: a key in a namespace nothing reads is not ignored silently
// (issue 16 item 8: kafkaplc:brokerCount: 5 printed nothing and planned 3 brokers); the
// project's namespace, alicloud and pulumi raise nothing.
func TestUnknownNamespaceWarning(t *testing.T) {
	cases := []struct {
		name  string
		edits Values
		want  string // "" means no namespace warning at all
	}{
		{"misspelt project namespace, a setting", Values{"kafkaplc:brokerCount": raw("5")},
			`kafkaplc:brokerCount is ignored: nothing reads the namespace "kafkaplc" (the known ones are kafka-plc, alicloud and pulumi); did you mean kafka-plc:brokerCount? fix: pulumi config rm kafkaplc:brokerCount --stack dev && pulumi config set kafka-plc:brokerCount 5 --stack dev`},
		{"secret in the wrong namespace: its value is never shown", Values{"kafka_plc:sshPrivateKey": {Raw: "PRIVATE", Secret: true}},
			`kafka_plc:sshPrivateKey is ignored: nothing reads the namespace "kafka_plc" (the known ones are kafka-plc, alicloud and pulumi); did you mean kafka-plc:sshPrivateKey? fix: pulumi config rm kafka_plc:sshPrivateKey --stack dev && pulumi config set --secret kafka-plc:sshPrivateKey --stack dev`},
		{"misspelt provider namespace", Values{"alicoud:profile": raw("default")},
			`alicoud:profile is ignored: nothing reads the namespace "alicoud" (the known ones are kafka-plc, alicloud and pulumi); did you mean alicloud:profile?`},
		{"unrelated namespace, not a setting", Values{"aws:profile": raw("default")},
			`aws:profile is ignored: nothing reads the namespace "aws" (the known ones are kafka-plc, alicloud and pulumi)`},
		{"unrelated namespace, a setting's name", Values{"plc:brokerCount": raw("5")},
			`plc:brokerCount is ignored: nothing reads the namespace "plc" (the known ones are kafka-plc, alicloud and pulumi); did you mean kafka-plc:brokerCount? fix: pulumi config rm plc:brokerCount --stack dev && pulumi config set kafka-plc:brokerCount 5 --stack dev`},
		{"provider setting", Values{"alicloud:profile": raw("default")}, ""},
		{"pulumi setting", Values{"pulumi:tags": raw(`{"team":"data"}`)}, ""},
		{"project setting", Values{"kafka-plc:brokerCount": raw("5")}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := mustLoad(t, "dev", with(validNew(), tc.edits))
			var got []string
			for _, w := range c.Warnings() {
				if strings.Contains(w, "nothing reads the namespace") {
					got = append(got, w)
				}
			}
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("unexpected namespace warning: %q", got)
			case tc.want != "" && !slices.Equal(got, []string{tc.want}):
				t.Errorf("namespace warnings:\n got %q\nwant %q", got, tc.want)
			}
			for _, w := range c.Warnings() {
				if strings.Contains(w, "PRIVATE") {
					t.Errorf("a secret's value reached a warning: %s", w)
				}
			}
		})
	}
}

// TestUnknownNamespaceThroughStackFile: `kplc plan` reads the stack file, which keeps the
// wrongly namespaced key for Load to warn about.
func TestUnknownNamespaceThroughStackFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"Pulumi.yaml":     "name: kafka-plc\nruntime: go\n",
		"Pulumi.dev.yaml": "config:\n  kafkaplc:brokerCount: 5\n",
	})
	project, v, err := ReadStack(dir, "dev")
	if err != nil {
		t.Fatalf("ReadStack: %v", err)
	}
	l := &loader{fix: fixer{project: project, stack: "dev"}, bad: map[string]bool{}}
	l.normalize(project, v)
	want := []string{`kafkaplc:brokerCount is ignored: nothing reads the namespace "kafkaplc" (the known ones are kafka-plc, alicloud and pulumi); did you mean kafka-plc:brokerCount? fix: pulumi config rm kafkaplc:brokerCount --stack dev && pulumi config set kafka-plc:brokerCount 5 --stack dev`}
	if !slices.Equal(l.warns, want) {
		t.Errorf("warnings:\n got %q\nwant %q", l.warns, want)
	}
}
