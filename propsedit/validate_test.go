package propsedit

import (
	"errors"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// baseProps is a valid combined node 1.
func baseProps() map[string]string {
	return map[string]string{
		kraft.KeyProcessRoles:            "broker,controller",
		kraft.KeyNodeID:                  "1",
		kraft.KeyQuorumVoters:            "1@10.0.1.11:29092,2@10.0.2.12:29092,3@10.0.3.13:29092",
		kraft.KeyListeners:               "INTERNAL://:9092,CONTROLLER://:29092,EXTERNAL://:39092",
		kraft.KeyAdvertisedListeners:     "INTERNAL://10.0.1.11:9092,EXTERNAL://b1.u.alicloud.plc.tidbcloud.com:9093",
		kraft.KeyControllerListenerNames: "CONTROLLER",
		kraft.KeyInterBrokerListenerName: "INTERNAL",
		kraft.KeyProtocolMap:             "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT",
	}
}

// The rules themselves are tested in package kraft. ValidateKRaft must report exactly what
// kraft.Validate reports, each problem as an *Error of Kind ErrKRaftRule.
func TestValidateKRaftWrapsKraftRules(t *testing.T) {
	const unset = "\x00unset"
	tests := []struct {
		name   string
		change map[string]string // unset deletes the key
		want   []kraft.Rule
	}{
		{"valid combined", nil, nil},
		{"no node.id", map[string]string{kraft.KeyNodeID: unset}, []kraft.Rule{kraft.RuleNodeID}},
		{"broker.id differs", map[string]string{kraft.KeyBrokerID: "2"}, []kraft.Rule{kraft.RuleBrokerID}},
		{"controller advertised", map[string]string{kraft.KeyAdvertisedListeners: "INTERNAL://10.0.1.11:9092,CONTROLLER://10.0.1.11:29092"},
			[]kraft.Rule{kraft.RuleControllerNotAdvertised}},
		{"two problems", map[string]string{kraft.KeyProcessRoles: "broker,controller,zk", kraft.KeyProtocolMap: "INTERNAL:TLS"},
			[]kraft.Rule{kraft.RuleProcessRoles, kraft.RuleProtocolMap}},
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
			got, shared := ValidateKRaft(p), kraft.Validate(p)
			if tt.want == nil {
				if got != nil {
					t.Fatalf("want nil, got %v", got)
				}
				return
			}
			if len(got) != len(tt.want) || len(shared) != len(got) {
				t.Fatalf("ValidateKRaft = %v, want rules %q (kraft.Validate: %v)", got, tt.want, shared)
			}
			for i, err := range got {
				var pe *Error
				var ke *kraft.Error
				if !errors.As(err, &pe) || !errors.Is(err, ErrKRaftRule) || !errors.As(shared[i], &ke) {
					t.Fatalf("error %d %v is not an *Error of Kind ErrKRaftRule", i, err)
				}
				if pe.Rule != tt.want[i] || pe.Rule != ke.Rule || pe.Key != ke.Key || pe.Value != ke.Value || pe.Missing != ke.Missing ||
					pe.Problem != ke.Problem || pe.Fix != ke.Fix {
					t.Errorf("error %d = %+v, want rule %s and the fields of %+v", i, *pe, tt.want[i], *ke)
				}
				if !strings.Contains(err.Error(), ke.Problem) || !strings.Contains(err.Error(), "fix: ") {
					t.Errorf("message %q lacks the problem or the fix", err)
				}
			}
		})
	}
}
