package propsedit

import (
	"errors"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// runningBroker is a combined-mode broker as an operator runs it (the engine twin's existing
// cluster), with extra lines appended.
func runningBroker(extra ...string) string {
	return "# payments cluster (managed by hand)\n" +
		"process.roles=broker,controller\n" +
		"node.id=1\n" +
		"controller.quorum.voters=1@10.0.0.10:9093,2@10.0.64.10:9093,3@10.0.128.10:9093\n" +
		"listeners=PLAINTEXT://:9092,CONTROLLER://:9093\n" +
		"inter.broker.listener.name=PLAINTEXT\n" +
		"advertised.listeners=PLAINTEXT://10.0.0.10:9092\n" +
		"controller.listener.names=CONTROLLER\n" +
		"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n" +
		strings.Join(extra, "") +
		"\nlog.dirs=/data/kafka-logs\n"
}

// scram is the EXTERNAL listener of node 1 with SCRAM-SHA-512.
func scram() External {
	x := stage2(1)
	x.SASLMechanism = SCRAMSHA512
	return x
}

// The lines kafka-plc writes for auth on EXTERNAL.
const (
	mechLine  = "listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512\n"
	jaasLine  = "listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;\n"
	authLines = "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n" +
		"allow.everyone.if.no.acl.found=false\n" +
		"super.users=User:ANONYMOUS\n"
)

// mustEdit edits data, failing the test on a refusal, and checks that a second edit of the
// result changes nothing.
func mustEdit(t *testing.T, data string, x External) Result {
	t.Helper()
	res, err := Edit([]byte(data), x)
	if err != nil {
		t.Fatalf("Edit: %v", err)
	}
	again, err := Edit(res.Output, x)
	if err != nil || again.Changed {
		t.Fatalf("editing the result again: changed=%v err=%v\n%s", again.Changed, err, again.Diff())
	}
	return res
}

// keptLines fails unless every line of before whose key is not in touched is in after, in order.
func keptLines(t *testing.T, before, after string, touched ...string) {
	t.Helper()
	rest := after
	for _, l := range strings.SplitAfter(before, "\n") {
		key, _, _ := strings.Cut(l, "=")
		if l == "" || contains(touched, key) {
			continue
		}
		i := strings.Index(rest, l)
		if i < 0 {
			t.Errorf("line %q of the original is gone or out of order:\n%s", l, after)
			return
		}
		rest = rest[i+len(l):]
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestEditAuthTurnsOn: SCRAM on EXTERNAL, in one edit (a fresh broker) or as a switch of
// kafka-plc's own PLAINTEXT EXTERNAL; only the protocol map's EXTERNAL item and new lines
// change, INTERNAL and CONTROLLER keep their protocols, and the result passes the KRaft rules
// (Edit validates every result) and is stable.
func TestEditAuthTurnsOn(t *testing.T) {
	plain := string(mustEdit(t, runningBroker(), stage2(1)).Output)
	for _, tc := range []struct {
		name, in    string
		wantChanged []string
	}{
		{"fresh broker", runningBroker(),
			[]string{kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap, "listener.name.external.sasl.enabled.mechanisms",
				"listener.name.external.scram-sha-512.sasl.jaas.config", kraft.KeyAuthorizer, kraft.KeyAllowEveryone, kraft.KeySuperUsers}},
		{"PLAINTEXT EXTERNAL of an earlier run", plain,
			[]string{kraft.KeyProtocolMap, "listener.name.external.sasl.enabled.mechanisms",
				"listener.name.external.scram-sha-512.sasl.jaas.config", kraft.KeyAuthorizer, kraft.KeyAllowEveryone, kraft.KeySuperUsers}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustEdit(t, tc.in, scram())
			out := string(res.Output)
			for _, want := range []string{"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,EXTERNAL:SASL_PLAINTEXT\n",
				mechLine + jaasLine + authLines} {
				if !strings.Contains(out, want) {
					t.Errorf("result lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "EXTERNAL:PLAINTEXT") || strings.Contains(out, "\nsasl.enabled.mechanisms") {
				t.Errorf("EXTERNAL still PLAINTEXT, or SASL enabled for every listener:\n%s", out)
			}
			if strings.Join(res.ChangedKeys, " ") != strings.Join(tc.wantChanged, " ") {
				t.Errorf("ChangedKeys = %v, want %v", res.ChangedKeys, tc.wantChanged)
			}
			keptLines(t, tc.in, out, kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap)
		})
	}
}

// TestEditAuthTurnsOff: with auth off again, kafka-plc's SASL EXTERNAL goes back to PLAINTEXT
// and its two SCRAM keys go; the authorizer stays (EXTERNAL's clients are then User:ANONYMOUS,
// the super user), so nothing else changes.
func TestEditAuthTurnsOff(t *testing.T) {
	on := string(mustEdit(t, runningBroker(), scram()).Output)
	res := mustEdit(t, on, stage2(1))
	out := string(res.Output)
	if !strings.Contains(out, "PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT\n") || !strings.Contains(out, authLines) {
		t.Errorf("want EXTERNAL:PLAINTEXT with the authorizer kept:\n%s", out)
	}
	if strings.Contains(out, "listener.name.external.") {
		t.Errorf("the SCRAM keys of EXTERNAL are still there:\n%s", out)
	}
	want := []string{kraft.KeyProtocolMap, "listener.name.external.sasl.enabled.mechanisms", "listener.name.external.scram-sha-512.sasl.jaas.config"}
	if strings.Join(res.ChangedKeys, " ") != strings.Join(want, " ") {
		t.Errorf("ChangedKeys = %v, want %v", res.ChangedKeys, want)
	}
	keptLines(t, on, out, want...)
}

// TestEditAuthOperatorsAuthorizer: a broker that already runs StandardAuthorizer keeps its
// authorization settings byte for byte; a warning says kplc needs User:ANONYMOUS's access.
func TestEditAuthOperatorsAuthorizer(t *testing.T) {
	in := runningBroker("authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n", "super.users=User:admin\n")
	res := mustEdit(t, in, scram())
	out := string(res.Output)
	if strings.Contains(out, "allow.everyone.if.no.acl.found") || strings.Count(out, "super.users") != 1 || !strings.Contains(out, "super.users=User:admin\n") {
		t.Errorf("the operator's authorization settings changed:\n%s", out)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "User:ANONYMOUS") {
		t.Errorf("warnings = %q, want one about User:ANONYMOUS", res.Warnings)
	}
}

// TestEditAuthRefusals: whatever could lock a client out, or is someone else's SASL set-up, is
// refused with the key at fault; nothing is written.
func TestEditAuthRefusals(t *testing.T) {
	on := string(mustEdit(t, runningBroker(), scram()).Output)
	for _, tc := range []struct {
		name string
		in   string
		x    External
		kind error
		key  string
		msg  string
	}{
		{"another authorizer", runningBroker("authorizer.class.name=kafka.security.authorizer.AclAuthorizer\n"), scram(),
			ErrAuthorization, kraft.KeyAuthorizer, "StandardAuthorizer"},
		{"an SSL listener's clients", strings.Replace(strings.Replace(runningBroker(), "CONTROLLER://:9093", "CONTROLLER://:9093,CLIENTS://:9094", 1),
			"PLAINTEXT:PLAINTEXT", "PLAINTEXT:PLAINTEXT,CLIENTS:SSL", 1), scram(),
			ErrAuthorization, kraft.KeyProtocolMap, "listener CLIENTS is SSL"},
		{"super.users without an authorizer", runningBroker("super.users=User:admin\n"), scram(),
			ErrAuthorization, kraft.KeySuperUsers, "without authorizer.class.name"},
		{"allow.everyone without an authorizer", runningBroker("allow.everyone.if.no.acl.found=true\n"), scram(),
			ErrAuthorization, kraft.KeyAllowEveryone, "without authorizer.class.name"},
		{"a custom principal builder", runningBroker("principal.builder.class=com.example.Builder\n"), scram(),
			ErrAuthorization, kraft.KeyPrincipalBuilder, "User:ANONYMOUS"},
		{"another mechanism on EXTERNAL", runningBroker("listener.name.external.sasl.enabled.mechanisms=PLAIN\n"), scram(),
			ErrListenerConflict, "listener.name.external.sasl.enabled.mechanisms", "another SASL set-up"},
		{"another team's SASL EXTERNAL, auth off", strings.Replace(on, "SCRAM-SHA-512\n", "PLAIN\n", 1), stage2(1),
			ErrListenerConflict, kraft.KeyProtocolMap, "mapped to SASL_PLAINTEXT, not PLAINTEXT"},
		{"super.users twice", strings.Replace(on, "super.users", "super.users=User:x\nsuper.users", 1), scram(),
			ErrDuplicateKey, kraft.KeySuperUsers, "set 2 times"},
		{"a mechanism kafka-plc does not write", runningBroker(), External{NodeID: 1, AdvertisedHost: "b1.x.alicloud.plc.tidbcloud.com", AdvertisedPort: 9093, SASLMechanism: "PLAIN"},
			ErrInvalidExternal, "External.SASLMechanism", "not supported"},
		{"a SASL protocol without a mechanism", runningBroker(), External{NodeID: 1, AdvertisedHost: "b1.x.alicloud.plc.tidbcloud.com", AdvertisedPort: 9093, Protocol: "SASL_PLAINTEXT"},
			ErrInvalidExternal, "External.Protocol", "without SASLMechanism"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Edit([]byte(tc.in), tc.x)
			var pe *Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &pe) || pe.Key != tc.key || !strings.Contains(err.Error(), tc.msg) || pe.Fix == "" {
				t.Errorf("Edit error = %v\nwant %v on %s mentioning %q, with a fix", err, tc.kind, tc.key, tc.msg)
			}
		})
	}
}
