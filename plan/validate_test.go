package plan

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// setKey replaces the line "key=..." of a rendered file (which has each key once).
func setKey(t *testing.T, file, key, value string) string {
	t.Helper()
	lines := strings.Split(file, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, key+"=") {
			lines[i] = key + "=" + value
			return strings.Join(lines, "\n")
		}
	}
	t.Fatalf("no %s line to replace", key)
	return ""
}

// dropKey removes the line "key=..." of a rendered file.
func dropKey(t *testing.T, file, key string) string {
	t.Helper()
	lines := strings.Split(file, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, key+"=") {
			return strings.Join(append(lines[:i:i], lines[i+1:]...), "\n")
		}
	}
	t.Fatalf("no %s line to drop", key)
	return ""
}

// validFiles returns a combined node's file (node 1) and a broker-only node's (node 4) from a
// six-broker, three-controller plan.
func validFiles(t *testing.T) (combined, brokerOnly string) {
	t.Helper()
	p := mustBuild(t, withBrokers(6, 3))
	return p.Brokers[0].ServerProperties, p.Brokers[3].ServerProperties
}

// The start-up rules are tested rule by rule in package kraft. Here each case breaks one
// rule of a rendered file: a few of kraft's, to show Validate runs them on the parsed file,
// and every one of kafka-plc's own.
func TestValidateRules(t *testing.T) {
	combined, brokerOnly := validFiles(t)
	const ip1 = "10.0.0.10"
	for _, tc := range []struct {
		name   string
		file   func(t *testing.T) string
		want   []kraft.Rule
		detail string // a substring of the first error
	}{
		{"kraft: combined node not a voter", func(t *testing.T) string {
			return setKey(t, combined, kraft.KeyQuorumVoters, "2@10.0.64.10:29092,3@10.0.128.10:29092")
		}, []kraft.Rule{kraft.RuleControllerIsVoter}, "node.id 1"},
		{"kraft: broker-only node is a voter", func(t *testing.T) string {
			return setKey(t, brokerOnly, kraft.KeyQuorumVoters, "1@10.0.0.10:29092,2@10.0.64.10:29092,3@10.0.128.10:29092,4@10.0.0.11:29092")
		}, []kraft.Rule{kraft.RuleBrokerOnlyNotVoter}, "broker-only"},
		{"kraft: controller listener advertised", func(t *testing.T) string {
			return setKey(t, combined, kraft.KeyAdvertisedListeners,
				"CONTROLLER://"+ip1+":29092,INTERNAL://"+ip1+":9092,EXTERNAL://b1.unique_name.alicloud.plc.tidbcloud.com:9093")
		}, []kraft.Rule{kraft.RuleControllerNotAdvertised}, "3.9"},
		{"kraft: listener without port", func(t *testing.T) string {
			return setKey(t, combined, kraft.KeyListeners, "CONTROLLER://"+ip1+":29092,INTERNAL://"+ip1+":9092,EXTERNAL://"+ip1)
		}, []kraft.Rule{kraft.RuleListenerSyntax, kraft.RuleAdvertisedSubset}, "EXTERNAL://10.0.0.10"}, // EXTERNAL is then unbound too
		{"kraft: controller name without protocol on a broker-only node", func(t *testing.T) string {
			return setKey(t, brokerOnly, kraft.KeyProtocolMap, "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT")
		}, []kraft.Rule{kraft.RuleProtocolMap}, "CONTROLLER"},
		{"kraft: process.roles missing", func(t *testing.T) string { return dropKey(t, combined, kraft.KeyProcessRoles) },
			[]kraft.Rule{kraft.RuleProcessRoles}, "KRaft"},
		{"advertised empty host", func(t *testing.T) string {
			return setKey(t, combined, kraft.KeyAdvertisedListeners, "INTERNAL://"+ip1+":9092,EXTERNAL://:9093")
		}, []kraft.Rule{kraft.RuleAdvertisedHost}, "no host"},
		{"empty host advertised from listeners", func(t *testing.T) string {
			return setKey(t, dropKey(t, combined, kraft.KeyAdvertisedListeners), kraft.KeyListeners, "CONTROLLER://"+ip1+":29092,INTERNAL://"+ip1+":9092,EXTERNAL://:39092")
		}, []kraft.Rule{kraft.RuleAdvertisedHost}, "EXTERNAL with no host (taken from listeners"},
		{"bad unicode escape", func(t *testing.T) string { return combined + "broker.rack=\\uZZZZ\n" },
			[]kraft.Rule{RuleSyntax}, "\\u escape"},
		{"key set twice", func(t *testing.T) string { return combined + "num.partitions=6\n" },
			[]kraft.Rule{RuleDuplicateKey}, "num.partitions"},
		{"log.dirs missing", func(t *testing.T) string { return dropKey(t, combined, keyLogDirs) },
			[]kraft.Rule{RuleLogDirs}, "/tmp"},
		{"log.dirs relative", func(t *testing.T) string { return setKey(t, combined, keyLogDirs, "data") },
			[]kraft.Rule{RuleLogDirs}, "absolute"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := Validate(tc.file(t))
			if got := kraft.Rules(errs); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("rules broken = %q, want %q; errors: %v", got, tc.want, errs)
			}
			if msg := errs[0].Error(); !strings.Contains(msg, tc.detail) {
				t.Errorf("error %q does not mention %q", msg, tc.detail)
			}
		})
	}
}

// TestValidateReportsKraftRules: on any file, Validate reports every problem kraft.Validate
// finds in the loaded properties, with the same rule, key, value and text.
func TestValidateReportsKraftRules(t *testing.T) {
	combined, _ := validFiles(t)
	file := setKey(t, setKey(t, combined, kraft.KeyNodeID, "x"), kraft.KeyInterBrokerListenerName, "CONTROLLER")
	props, err := ParseProperties(file)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, p := range props {
		m[p.Key] = p.Value
	}
	want := kraft.Validate(m)
	got := Validate(file)
	if len(want) != 2 || len(got) != len(want) {
		t.Fatalf("Validate = %v, want kraft's %v (two problems)", got, want)
	}
	for i := range want {
		if got[i].Error() != want[i].Error() {
			t.Errorf("error %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestValidateAcceptsGeneratedAndHandWrittenFiles(t *testing.T) {
	combined, brokerOnly := validFiles(t)
	for name, file := range map[string]string{
		"combined":    combined,
		"broker-only": brokerOnly,
		// Java properties syntax a hand-edited file may use: ':' and spaces as separators, a
		// continued line, CRLF endings, '!' comments and an unset advertised.listeners (Kafka
		// then advertises listeners minus the controller listeners).
		"hand-written": strings.Join([]string{
			"! hand written",
			"process.roles : broker,controller",
			"node.id 1",
			"controller.quorum.voters=1@[::1]:29092,\\",
			"    2@10.0.0.2:29092",
			"controller.listener.names=controller",
			"listeners=CONTROLLER://[::1]:29092,PLAINTEXT://10.0.0.1:9092",
			"log.dirs=/data/a,/data/b",
		}, "\r\n"),
	} {
		if errs := Validate(file); len(errs) != 0 {
			t.Errorf("%s: Validate reports %v, want none", name, errs)
		}
	}
}

func TestParseProperties(t *testing.T) {
	got, err := ParseProperties("# c\n  a = 1\nb:2\nc 3\\\n  4\nd=x\\ty\\u0041\ne\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Property{{"a", "1"}, {"b", "2"}, {"c", "34"}, {"d", "x\tyA"}, {"e", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseProperties = %q, want %q", got, want)
	}
}
