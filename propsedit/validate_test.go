package propsedit

import (
	"errors"
	"strings"
	"testing"
)

// baseProps is a valid combined node 1.
func baseProps() map[string]string {
	return map[string]string{
		KeyProcessRoles:    "broker,controller",
		KeyNodeID:          "1",
		KeyVoters:          "1@10.0.1.11:29092,2@10.0.2.12:29092,3@10.0.3.13:29092",
		KeyListeners:       "INTERNAL://:9092,CONTROLLER://:29092,EXTERNAL://:39092",
		KeyAdvertised:      "INTERNAL://10.0.1.11:9092,EXTERNAL://b1.u.alicloud.plc.tidbcloud.com:9093",
		KeyControllerNames: "CONTROLLER",
		KeyInterBrokerName: "INTERNAL",
		KeyProtocolMap:     "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT",
	}
}

func TestValidateKRaft(t *testing.T) {
	const unset = "\x00unset"
	tests := []struct {
		name    string
		change  map[string]string // unset deletes the key
		wantKey string            // "" means valid
		problem string
	}{
		{"valid combined", nil, "", ""},
		{"valid broker-only", map[string]string{KeyProcessRoles: "broker", KeyNodeID: "4",
			KeyListeners: "INTERNAL://:9092,EXTERNAL://:39092"}, "", ""},
		{"valid default map", map[string]string{KeyListeners: "PLAINTEXT://:9092,CONTROLLER://:29092",
			KeyAdvertised: unset, KeyProtocolMap: unset, KeyInterBrokerName: unset}, "", ""},
		{"no process.roles", map[string]string{KeyProcessRoles: unset}, KeyProcessRoles, "not a KRaft"},
		{"bad role", map[string]string{KeyProcessRoles: "broker,zk"}, KeyProcessRoles, "unknown role"},
		{"no node.id", map[string]string{KeyNodeID: unset}, KeyNodeID, "needs a node id"},
		{"negative node.id", map[string]string{KeyNodeID: "-1"}, KeyNodeID, ">= 0"},
		{"broker.id differs", map[string]string{KeyBrokerID: "2"}, KeyBrokerID, "differs"},
		{"no voters", map[string]string{KeyVoters: ""}, KeyVoters, "no voters"},
		{"bad voter", map[string]string{KeyVoters: "1@host"}, KeyVoters, "id@host:port"},
		{"controller not a voter", map[string]string{KeyVoters: "2@h:1"}, KeyVoters, "not a voter"},
		{"broker-only voter", map[string]string{KeyProcessRoles: "broker", KeyListeners: "INTERNAL://:9092,EXTERNAL://:39092"}, KeyVoters, "broker-only but listed"},
		{"no controller names", map[string]string{KeyControllerNames: unset}, KeyControllerNames, "at least one"},
		{"controller listener not bound", map[string]string{KeyListeners: "INTERNAL://:9092,EXTERNAL://:39092"}, KeyListeners, "not in listeners"},
		{"broker-only binds controller", map[string]string{KeyProcessRoles: "broker", KeyNodeID: "4"}, KeyListeners, "broker-only node lists controller"},
		{"controller advertised", map[string]string{KeyAdvertised: "INTERNAL://10.0.1.11:9092,CONTROLLER://10.0.1.11:29092"}, KeyAdvertised, "3.9"},
		{"inter-broker not advertised", map[string]string{KeyInterBrokerName: "EXTERNAL2"}, KeyInterBrokerName, "not an advertised"},
		{"inter-broker default PLAINTEXT", map[string]string{KeyInterBrokerName: unset}, KeyInterBrokerName, "PLAINTEXT is not an advertised"},
		{"both inter-broker keys", map[string]string{KeyInterBrokerProto: "PLAINTEXT"}, KeyInterBrokerName, "together"},
		{"advertised not bound", map[string]string{KeyAdvertised: "INTERNAL://10.0.1.11:9092,OTHER://h:1"}, KeyAdvertised, "not in listeners"},
		{"advertised twice", map[string]string{KeyAdvertised: "INTERNAL://10.0.1.11:9092,INTERNAL://h:1"}, KeyAdvertised, "twice"},
		{"advertised 0.0.0.0", map[string]string{KeyAdvertised: "INTERNAL://0.0.0.0:9092"}, KeyAdvertised, "non-routable"},
		{"listener name twice", map[string]string{KeyListeners: "INTERNAL://:9092,CONTROLLER://:29092,INTERNAL://:9094"}, KeyListeners, "appears twice"},
		{"listener port twice", map[string]string{KeyListeners: "INTERNAL://:9092,CONTROLLER://:29092,EXTERNAL://:9092"}, KeyListeners, "port 9092"},
		{"bad listener", map[string]string{KeyListeners: "INTERNAL:9092"}, KeyListeners, "NAME://host:port"},
		{"unmapped listener", map[string]string{KeyProtocolMap: "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"}, KeyProtocolMap, "EXTERNAL has no security protocol"},
		{"unmapped with default map", map[string]string{KeyProtocolMap: unset}, KeyProtocolMap, "INTERNAL has no security protocol"},
		{"default map drops CONTROLLER when SASL in use", map[string]string{
			KeyListeners: "SASL_PLAINTEXT://:9092,CONTROLLER://:29092", KeyAdvertised: "SASL_PLAINTEXT://h:9092",
			KeyInterBrokerName: "SASL_PLAINTEXT", KeyProtocolMap: unset}, KeyProtocolMap, "CONTROLLER has no security protocol"},
		{"bad map", map[string]string{KeyProtocolMap: "INTERNAL:TLS"}, KeyProtocolMap, "unknown security protocol"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := baseProps()
			for k, v := range tt.change {
				if v == unset {
					delete(p, k)
				} else {
					p[k] = v
				}
			}
			errs := ValidateKRaft(p)
			if tt.wantKey == "" {
				if len(errs) > 0 {
					t.Fatalf("want valid, got %v", errs)
				}
				return
			}
			for _, err := range errs {
				var pe *Error
				if errors.As(err, &pe) && errors.Is(err, ErrKRaftRule) && pe.Key == tt.wantKey && strings.Contains(err.Error(), tt.problem) {
					return
				}
			}
			t.Errorf("want an ErrKRaftRule on %s saying %q, got %v", tt.wantKey, tt.problem, errs)
		})
	}
}
