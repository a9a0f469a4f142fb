package plan

import (
	"reflect"
	"strings"
	"testing"
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

// Each case breaks exactly one rule of a valid file and names the rule(s) Validate must
// report, so that every check is shown to fire on its own.
func TestValidateRules(t *testing.T) {
	combined, brokerOnly := validFiles(t)
	const (
		ip1 = "10.0.0.10"
		ip4 = "10.0.0.11"
	)
	for _, tc := range []struct {
		name   string
		file   func(t *testing.T) string
		want   []Rule
		detail string // a substring of the first error
	}{
		{"negative node.id", func(t *testing.T) string { return setKey(t, combined, KeyNodeID, "-1") },
			[]Rule{RuleNodeID}, "integer >= 0"},
		{"missing node.id", func(t *testing.T) string { return dropKey(t, combined, KeyNodeID) },
			[]Rule{RuleNodeID}, "missing"},
		{"empty quorum voters", func(t *testing.T) string { return setKey(t, combined, KeyQuorumVoters, "") },
			[]Rule{RuleQuorumVoters}, "is empty"},
		{"unparsable quorum voter", func(t *testing.T) string {
			return setKey(t, combined, KeyQuorumVoters, "1@10.0.0.10,2@10.0.64.10:29092")
		}, []Rule{RuleQuorumVoters}, `"1@10.0.0.10"`},
		{"combined node not a voter", func(t *testing.T) string {
			return setKey(t, combined, KeyQuorumVoters, "2@10.0.64.10:29092,3@10.0.128.10:29092")
		}, []Rule{RuleControllerIsVoter}, "node.id 1"},
		{"empty controller.listener.names", func(t *testing.T) string {
			return setKey(t, combined, KeyControllerListenerNames, "")
		}, []Rule{RuleControllerListenerNames}, "controller listener"},
		{"controller listener not bound", func(t *testing.T) string {
			return setKey(t, combined, KeyListeners, "INTERNAL://"+ip1+":9092,EXTERNAL://"+ip1+":39092")
		}, []Rule{RuleControllerListenerBound}, "no CONTROLLER listener"},
		{"controller listener advertised", func(t *testing.T) string {
			return setKey(t, combined, KeyAdvertisedListeners,
				"CONTROLLER://"+ip1+":29092,INTERNAL://"+ip1+":9092,EXTERNAL://b1.unique_name.alicloud.plc.tidbcloud.com:9093")
		}, []Rule{RuleControllerNotAdvertised}, "3.9"},
		{"broker-only node is a voter", func(t *testing.T) string {
			return setKey(t, brokerOnly, KeyQuorumVoters, "1@10.0.0.10:29092,2@10.0.64.10:29092,3@10.0.128.10:29092,4@10.0.0.11:29092")
		}, []Rule{RuleBrokerOnlyNotVoter}, "broker-only"},
		{"broker-only node binds CONTROLLER", func(t *testing.T) string {
			return setKey(t, brokerOnly, KeyListeners,
				"CONTROLLER://"+ip4+":29092,INTERNAL://"+ip4+":9092,EXTERNAL://"+ip4+":39092")
		}, []Rule{RuleBrokerOnlyNoControllerListener}, "broker-only"},
		{"inter-broker listener not advertised", func(t *testing.T) string {
			return setKey(t, combined, KeyInterBrokerListenerName, "REPLICATION")
		}, []Rule{RuleInterBrokerAdvertised}, "REPLICATION is not in advertised.listeners"},
		{"inter-broker listener defaults to PLAINTEXT", func(t *testing.T) string {
			return dropKey(t, combined, KeyInterBrokerListenerName)
		}, []Rule{RuleInterBrokerAdvertised}, "PLAINTEXT"},
		{"inter-broker listener is the controller's", func(t *testing.T) string {
			return setKey(t, combined, KeyInterBrokerListenerName, "CONTROLLER")
		}, []Rule{RuleInterBrokerAdvertised}, "controller listener"},
		{"advertised name not in listeners", func(t *testing.T) string {
			return setKey(t, brokerOnly, KeyAdvertisedListeners,
				"INTERNAL://"+ip4+":9092,EXTERNAL://b4.unique_name.alicloud.plc.tidbcloud.com:9096,OTHER://h:1")
		}, []Rule{RuleAdvertisedSubset}, "OTHER"},
		{"advertised wildcard host", func(t *testing.T) string {
			return setKey(t, combined, KeyAdvertisedListeners, "INTERNAL://"+ip1+":9092,EXTERNAL://0.0.0.0:9093")
		}, []Rule{RuleAdvertisedHost}, "0.0.0.0"},
		{"advertised empty host", func(t *testing.T) string {
			return setKey(t, combined, KeyAdvertisedListeners, "INTERNAL://"+ip1+":9092,EXTERNAL://:9093")
		}, []Rule{RuleAdvertisedHost}, "no host"},
		{"listener name twice", func(t *testing.T) string {
			return setKey(t, combined, KeyListeners,
				"CONTROLLER://"+ip1+":29092,INTERNAL://"+ip1+":9092,EXTERNAL://"+ip1+":39092,INTERNAL://"+ip1+":9999")
		}, []Rule{RuleUniqueListenerNames}, "INTERNAL twice"},
		{"advertised name twice", func(t *testing.T) string {
			return setKey(t, combined, KeyAdvertisedListeners,
				"INTERNAL://"+ip1+":9092,EXTERNAL://b1.x:9093,EXTERNAL://b1.y:9093")
		}, []Rule{RuleUniqueListenerNames}, "EXTERNAL twice"},
		{"listener port twice", func(t *testing.T) string {
			return setKey(t, combined, KeyListeners,
				"CONTROLLER://"+ip1+":29092,INTERNAL://"+ip1+":9092,EXTERNAL://"+ip1+":9092")
		}, []Rule{RuleUniqueListenerPorts}, "port 9092 twice"},
		{"listener without protocol", func(t *testing.T) string {
			return setKey(t, combined, KeyProtocolMap, "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT")
		}, []Rule{RuleProtocolMap}, "no entry for listener EXTERNAL"},
		{"controller name without protocol on a broker-only node", func(t *testing.T) string {
			return setKey(t, brokerOnly, KeyProtocolMap, "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT")
		}, []Rule{RuleProtocolMap}, "CONTROLLER"},
		{"unknown security protocol", func(t *testing.T) string {
			return setKey(t, combined, KeyProtocolMap, "CONTROLLER:PLAINTEXT,INTERNAL:PLAIN,EXTERNAL:PLAINTEXT")
		}, []Rule{RuleProtocolMap}, "INTERNAL:PLAIN"},
		{"listener without port", func(t *testing.T) string {
			return setKey(t, combined, KeyListeners, "CONTROLLER://"+ip1+":29092,INTERNAL://"+ip1+":9092,EXTERNAL://"+ip1)
		}, []Rule{RuleListenerSyntax, RuleAdvertisedSubset}, "EXTERNAL://10.0.0.10"}, // EXTERNAL is then unbound too
		{"bad unicode escape", func(t *testing.T) string { return combined + "broker.rack=\\uZZZZ\n" },
			[]Rule{RuleSyntax}, "\\u escape"},
		{"key set twice", func(t *testing.T) string { return combined + "num.partitions=6\n" },
			[]Rule{RuleDuplicateKey}, "num.partitions"},
		{"process.roles missing", func(t *testing.T) string { return dropKey(t, combined, KeyProcessRoles) },
			[]Rule{RuleProcessRoles}, "KRaft"},
		{"process.roles repeats a role", func(t *testing.T) string {
			return setKey(t, combined, KeyProcessRoles, "controller,controller")
		}, []Rule{RuleProcessRoles}, "twice"},
		{"process.roles unknown role", func(t *testing.T) string {
			return setKey(t, combined, KeyProcessRoles, "broker,controller,zookeeper")
		}, []Rule{RuleProcessRoles}, "zookeeper"},
		{"log.dirs missing", func(t *testing.T) string { return dropKey(t, combined, KeyLogDirs) },
			[]Rule{RuleLogDirs}, "/tmp"},
		{"log.dirs relative", func(t *testing.T) string { return setKey(t, combined, KeyLogDirs, "data") },
			[]Rule{RuleLogDirs}, "absolute"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := Validate(tc.file(t))
			if got := Rules(errs); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("rules broken = %q, want %q; errors: %v", got, tc.want, errs)
			}
			if msg := errs[0].Error(); !strings.Contains(msg, tc.detail) {
				t.Errorf("error %q does not mention %q", msg, tc.detail)
			}
		})
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
