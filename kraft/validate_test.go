package kraft

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// unset, as a value in a change, deletes the key.
const unset = "\x00unset"

// combined is a valid broker+controller node 1 of a three-voter quorum.
func combined() map[string]string {
	return map[string]string{
		KeyProcessRoles:            "broker,controller",
		KeyNodeID:                  "1",
		KeyQuorumVoters:            "1@10.0.1.11:29092,2@10.0.2.12:29092,3@10.0.3.13:29092",
		KeyListeners:               "INTERNAL://10.0.1.11:9092,CONTROLLER://10.0.1.11:29092,EXTERNAL://10.0.1.11:39092",
		KeyAdvertisedListeners:     "INTERNAL://10.0.1.11:9092,EXTERNAL://b1.u.alicloud.plc.tidbcloud.com:9093",
		KeyControllerListenerNames: "CONTROLLER",
		KeyInterBrokerListenerName: "INTERNAL",
		KeyProtocolMap:             "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT",
	}
}

// brokerOnly is a valid broker-only node 4 of the same cluster.
func brokerOnly() map[string]string {
	p := combined()
	p[KeyProcessRoles] = "broker"
	p[KeyNodeID] = "4"
	p[KeyListeners] = "INTERNAL://10.0.1.12:9092,EXTERNAL://10.0.1.12:39092"
	p[KeyAdvertisedListeners] = "INTERNAL://10.0.1.12:9092,EXTERNAL://b4.u.alicloud.plc.tidbcloud.com:9096"
	return p
}

func with(base map[string]string, change map[string]string) map[string]string {
	for k, v := range change {
		if v == unset {
			delete(base, k)
		} else {
			base[k] = v
		}
	}
	return base
}

func TestValidateAccepts(t *testing.T) {
	tests := []struct {
		name  string
		props map[string]string
	}{
		{"combined", combined()},
		{"broker-only", brokerOnly()},
		{"controller-only", with(combined(), map[string]string{KeyProcessRoles: "controller", KeyListeners: "CONTROLLER://10.0.1.11:29092",
			KeyAdvertisedListeners: unset, KeyInterBrokerListenerName: unset, KeyProtocolMap: unset})},
		{"default map, advertised from listeners, default inter-broker listener", with(combined(), map[string]string{
			KeyListeners: "PLAINTEXT://:9092,CONTROLLER://:29092", KeyAdvertisedListeners: unset, KeyProtocolMap: unset, KeyInterBrokerListenerName: unset})},
		{"broker-only with Kafka's default listeners", with(brokerOnly(), map[string]string{
			KeyListeners: unset, KeyAdvertisedListeners: unset, KeyInterBrokerListenerName: unset, KeyProtocolMap: unset})},
		{"security.inter.broker.protocol names the listener", with(combined(), map[string]string{
			KeyInterBrokerListenerName: unset, KeyInterBrokerProtocol: "internal"})},
		{"broker.id equal to node.id", with(combined(), map[string]string{KeyBrokerID: " 01"})},
		{"names in any case", with(combined(), map[string]string{KeyControllerListenerNames: "controller", KeyInterBrokerListenerName: "internal",
			KeyProtocolMap: "internal:plaintext,Controller:PLAINTEXT,EXTERNAL:plaintext"})},
		{"port 0 twice", with(combined(), map[string]string{KeyListeners: "INTERNAL://10.0.1.11:9092,CONTROLLER://:0,EXTERNAL://:0"})},
		{"IPv6 hosts", with(combined(), map[string]string{KeyQuorumVoters: "1@[::1]:29092,2@::2:29092",
			KeyListeners:           "INTERNAL://[::1]:9092,CONTROLLER://[::1]:29092,EXTERNAL://[::1]:39092",
			KeyAdvertisedListeners: "INTERNAL://[fd00::1]:9092,EXTERNAL://b1.x:9093"})},
		{"empty advertised host is Kafka's canonical host name", with(combined(), map[string]string{
			KeyAdvertisedListeners: "INTERNAL://:9092,EXTERNAL://b1.x:9093"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if errs := Validate(tt.props); errs != nil {
				t.Errorf("Validate reports %v, want nil", errs)
			}
		})
	}
}

// Each case breaks one rule of a valid node and names the rules Validate must report (in
// order), the key the first error names and a fragment of its message.
func TestValidateRules(t *testing.T) {
	tests := []struct {
		name     string
		base     func() map[string]string
		change   map[string]string
		want     []Rule
		key      string
		fragment string
	}{
		{"process.roles missing", combined, map[string]string{KeyProcessRoles: unset},
			// Without roles, no role-specific rule applies.
			[]Rule{RuleProcessRoles}, KeyProcessRoles, "not a KRaft node"},
		{"process.roles empty", combined, map[string]string{KeyProcessRoles: " , "}, []Rule{RuleProcessRoles}, KeyProcessRoles, "empty"},
		{"process.roles repeats a role", combined, map[string]string{KeyProcessRoles: "broker,controller,controller"},
			[]Rule{RuleProcessRoles}, KeyProcessRoles, "controller twice"},
		{"process.roles unknown role", combined, map[string]string{KeyProcessRoles: "broker,controller,zookeeper"},
			[]Rule{RuleProcessRoles}, KeyProcessRoles, `unknown role "zookeeper"`},

		{"node.id missing", combined, map[string]string{KeyNodeID: unset}, []Rule{RuleNodeID}, KeyNodeID, "needs a node id"},
		{"node.id negative", combined, map[string]string{KeyNodeID: "-1"}, []Rule{RuleNodeID}, KeyNodeID, "integer >= 0"},
		{"node.id not a number", combined, map[string]string{KeyNodeID: "one"}, []Rule{RuleNodeID}, KeyNodeID, "integer >= 0"},
		{"broker.id differs", combined, map[string]string{KeyBrokerID: "2"}, []Rule{RuleBrokerID}, KeyBrokerID, "differs from node.id=1"},
		{"broker.id not a number", combined, map[string]string{KeyBrokerID: "x"}, []Rule{RuleBrokerID}, KeyBrokerID, "differs"},

		{"quorum voters empty", combined, map[string]string{KeyQuorumVoters: ""}, []Rule{RuleQuorumVoters}, KeyQuorumVoters, "no voters"},
		{"quorum voters missing", combined, map[string]string{KeyQuorumVoters: unset}, []Rule{RuleQuorumVoters}, KeyQuorumVoters, "no voters"},
		{"voter without port", combined, map[string]string{KeyQuorumVoters: "1@10.0.1.11,2@10.0.2.12:29092"},
			[]Rule{RuleQuorumVoters}, KeyQuorumVoters, `"1@10.0.1.11" is not id@host:port`},
		{"voter id twice", combined, map[string]string{KeyQuorumVoters: "1@a:1,1@b:1"}, []Rule{RuleQuorumVoters}, KeyQuorumVoters, "voter id 1 appears twice"},
		{"voter id invalid", combined, map[string]string{KeyQuorumVoters: "1@a:1,x@b:1"}, []Rule{RuleQuorumVoters}, KeyQuorumVoters, "invalid id"},
		{"combined node not a voter", combined, map[string]string{KeyQuorumVoters: "2@h:1,3@h:2"},
			[]Rule{RuleControllerIsVoter}, KeyQuorumVoters, "node.id 1 has the controller role but is not a voter"},
		{"broker-only node is a voter", brokerOnly, map[string]string{KeyQuorumVoters: "1@a:1,4@b:1"},
			[]Rule{RuleBrokerOnlyNotVoter}, KeyQuorumVoters, "node.id 4 is broker-only"},

		{"controller.listener.names missing", brokerOnly, map[string]string{KeyControllerListenerNames: unset},
			[]Rule{RuleControllerListenerNames}, KeyControllerListenerNames, "at least one controller listener"},

		{"listener without port", combined, map[string]string{KeyListeners: "CONTROLLER://10.0.1.11:29092,INTERNAL://10.0.1.11:9092,EXTERNAL://10.0.1.11"},
			// EXTERNAL is then unbound too, and only that is reported.
			[]Rule{RuleListenerSyntax, RuleAdvertisedSubset}, KeyListeners, `"EXTERNAL://10.0.1.11" has no port`},
		{"listener without scheme", combined, map[string]string{KeyListeners: "INTERNAL:9092,CONTROLLER://:29092,EXTERNAL://:39092"},
			[]Rule{RuleListenerSyntax, RuleAdvertisedSubset}, KeyListeners, "NAME://host:port"},
		{"advertised item bad", combined, map[string]string{KeyAdvertisedListeners: "INTERNAL://10.0.1.11:9092,EXTERNAL://b 1:9093"},
			[]Rule{RuleListenerSyntax}, KeyAdvertisedListeners, "invalid host"},
		{"listener name twice", combined, map[string]string{KeyListeners: "INTERNAL://:9092,CONTROLLER://:29092,EXTERNAL://:39092,internal://:9094"},
			[]Rule{RuleUniqueListenerNames}, KeyListeners, "names listener INTERNAL twice"},
		{"advertised name twice", combined, map[string]string{KeyAdvertisedListeners: "INTERNAL://10.0.1.11:9092,EXTERNAL://b1.x:9093,EXTERNAL://b1.y:9093"},
			[]Rule{RuleUniqueListenerNames}, KeyAdvertisedListeners, "advertises listener EXTERNAL twice"},
		{"listener port twice", combined, map[string]string{KeyListeners: "INTERNAL://:9092,CONTROLLER://:29092,EXTERNAL://:9092"},
			[]Rule{RuleUniqueListenerPorts}, KeyListeners, "port 9092 is used by both INTERNAL and EXTERNAL"},

		{"controller listener not bound", combined, map[string]string{KeyListeners: "INTERNAL://:9092,EXTERNAL://:39092"},
			[]Rule{RuleControllerListenerBound}, KeyListeners, "has no CONTROLLER listener"},
		{"broker-only node binds CONTROLLER", brokerOnly, map[string]string{KeyListeners: "CONTROLLER://:29092,INTERNAL://:9092,EXTERNAL://:39092"},
			[]Rule{RuleBrokerOnlyNoControllerListener}, KeyListeners, "broker-only node binds controller listener CONTROLLER"},

		{"advertised name not in listeners", brokerOnly, map[string]string{KeyAdvertisedListeners: "INTERNAL://h:9092,EXTERNAL://b4.x:9096,OTHER://h:1"},
			[]Rule{RuleAdvertisedSubset}, KeyAdvertisedListeners, "advertises OTHER, which is not in listeners"},
		{"controller listener advertised", combined, map[string]string{KeyAdvertisedListeners: "CONTROLLER://10.0.1.11:29092,INTERNAL://10.0.1.11:9092"},
			[]Rule{RuleControllerNotAdvertised}, KeyAdvertisedListeners, "allowed only from 3.9"},
		{"advertised 0.0.0.0", combined, map[string]string{KeyAdvertisedListeners: "INTERNAL://10.0.1.11:9092,EXTERNAL://0.0.0.0:9093"},
			[]Rule{RuleAdvertisedHost}, KeyAdvertisedListeners, "EXTERNAL on the non-routable address 0.0.0.0"},
		{"advertised [::]", combined, map[string]string{KeyAdvertisedListeners: "INTERNAL://[::]:9092,EXTERNAL://b1.x:9093"},
			[]Rule{RuleAdvertisedHost}, KeyAdvertisedListeners, "non-routable address ::"},
		{"0.0.0.0 advertised from listeners", combined, map[string]string{KeyAdvertisedListeners: unset,
			KeyListeners: "INTERNAL://0.0.0.0:9092,CONTROLLER://:29092,EXTERNAL://b1.x:39092"},
			[]Rule{RuleAdvertisedHost}, KeyAdvertisedListeners, "taken from listeners"},

		{"inter-broker listener not advertised", combined, map[string]string{KeyInterBrokerListenerName: "REPLICATION"},
			[]Rule{RuleInterBrokerAdvertised}, KeyInterBrokerListenerName, "REPLICATION is not an advertised listener (advertised: INTERNAL, EXTERNAL)"},
		{"inter-broker listener defaults to PLAINTEXT", combined, map[string]string{KeyInterBrokerListenerName: unset},
			[]Rule{RuleInterBrokerAdvertised}, KeyInterBrokerListenerName, "PLAINTEXT is not an advertised listener"},
		{"security.inter.broker.protocol not advertised", combined, map[string]string{KeyInterBrokerListenerName: unset, KeyInterBrokerProtocol: "SSL"},
			[]Rule{RuleInterBrokerAdvertised}, KeyInterBrokerProtocol, "SSL is not an advertised"},
		{"both inter-broker keys", combined, map[string]string{KeyInterBrokerProtocol: "PLAINTEXT"},
			[]Rule{RuleInterBrokerAdvertised}, KeyInterBrokerListenerName, "together with security.inter.broker.protocol"},
		{"inter-broker listener is the controller's", combined, map[string]string{KeyInterBrokerListenerName: "controller"},
			[]Rule{RuleInterBrokerAdvertised}, KeyInterBrokerListenerName, "CONTROLLER is a controller listener"},

		{"listener without protocol", combined, map[string]string{KeyProtocolMap: "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"},
			[]Rule{RuleProtocolMap}, KeyProtocolMap, "listener EXTERNAL has no security protocol"},
		{"controller name without protocol on a broker-only node", brokerOnly, map[string]string{KeyProtocolMap: "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT"},
			[]Rule{RuleProtocolMap}, KeyProtocolMap, "listener CONTROLLER has no security protocol"},
		{"custom names without a map", combined, map[string]string{KeyProtocolMap: unset},
			[]Rule{RuleProtocolMap, RuleProtocolMap}, KeyProtocolMap, "EXTERNAL has no security protocol in Kafka's default map"},
		{"default map adds no CONTROLLER when SASL is in use", combined, map[string]string{
			KeyListeners: "SASL_PLAINTEXT://:9092,CONTROLLER://:29092", KeyAdvertisedListeners: "SASL_PLAINTEXT://h:9092",
			KeyInterBrokerListenerName: "SASL_PLAINTEXT", KeyProtocolMap: unset,
			// The listener's JAAS config, so that only the map's rule is broken.
			"listener.name.sasl_plaintext.gssapi.sasl.jaas.config": "com.sun.security.auth.module.Krb5LoginModule required;"},
			[]Rule{RuleProtocolMap}, KeyProtocolMap, "CONTROLLER has no security protocol"},
		{"unknown security protocol", combined, map[string]string{KeyProtocolMap: "CONTROLLER:PLAINTEXT,INTERNAL:PLAIN,EXTERNAL:PLAINTEXT"},
			[]Rule{RuleProtocolMap}, KeyProtocolMap, `"INTERNAL:PLAIN" has unknown security protocol`},
		{"name mapped twice", combined, map[string]string{KeyProtocolMap: "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,internal:SSL"},
			[]Rule{RuleProtocolMap}, KeyProtocolMap, "INTERNAL is mapped twice"},
	}
	covered := map[Rule]bool{}
	for _, tt := range tests {
		for _, r := range tt.want {
			covered[r] = true
		}
		t.Run(tt.name, func(t *testing.T) {
			props := with(tt.base(), tt.change)
			errs := Validate(props)
			if got := Rules(errs); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("rules broken = %q, want %q; errors:\n%v", got, tt.want, errors.Join(errs...))
			}
			var e *Error
			if !errors.As(errs[0], &e) {
				t.Fatalf("error %T is not a *kraft.Error", errs[0])
			}
			if e.Key != tt.key || e.Value != props[tt.key] || e.Missing != !has(props, tt.key) {
				t.Errorf("error names %s=%q (missing %v), want %s=%q", e.Key, e.Value, e.Missing, tt.key, props[tt.key])
			}
			msg := e.Error()
			if !strings.Contains(msg, tt.fragment) || e.Fix == "" || !strings.Contains(msg, "["+string(tt.want[0])+"]") {
				t.Errorf("error %q must say %q, give a fix and name rule %s", msg, tt.fragment, tt.want[0])
			}
		})
	}
	for _, r := range []Rule{RuleProcessRoles, RuleNodeID, RuleBrokerID, RuleQuorumVoters, RuleControllerIsVoter, RuleBrokerOnlyNotVoter,
		RuleControllerListenerNames, RuleListenerSyntax, RuleUniqueListenerNames, RuleUniqueListenerPorts, RuleControllerListenerBound,
		RuleBrokerOnlyNoControllerListener, RuleAdvertisedSubset, RuleControllerNotAdvertised, RuleAdvertisedHost,
		RuleInterBrokerAdvertised, RuleProtocolMap} {
		if !covered[r] {
			t.Errorf("no case breaks rule %s", r)
		}
	}
}

func has(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

func TestErrorFormat(t *testing.T) {
	for _, tt := range []struct {
		e    Error
		want string
	}{
		{Error{Rule: RuleNodeID, Key: "node.id", Value: "-1", Problem: "not an integer >= 0", Fix: "set it"},
			`node.id = "-1": not an integer >= 0; fix: set it [node-id]`},
		{Error{Rule: RuleNodeID, Key: "node.id", Missing: true, Problem: "needed"}, `node.id (not set): needed [node-id]`},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	if got := Rules([]error{errors.New("other"), &Error{Rule: RuleBrokerID}}); !reflect.DeepEqual(got, []Rule{RuleBrokerID}) {
		t.Errorf("Rules = %q, want only the *Error's rule", got)
	}
}
