package kraft

import (
	"reflect"
	"strings"
	"testing"
)

// saslCombined is combined() with EXTERNAL on SASL_PLAINTEXT and SCRAM-SHA-512, configured for
// that listener only, as package plan renders it with externalAuth scram-sha-512.
func saslCombined() map[string]string {
	return with(combined(), map[string]string{
		KeyProtocolMap: "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:SASL_PLAINTEXT",
		"listener.name.external.sasl.enabled.mechanisms":        "SCRAM-SHA-512",
		"listener.name.external.scram-sha-512.sasl.jaas.config": "org.apache.kafka.common.security.scram.ScramLoginModule required;",
	})
}

func TestValidateAcceptsSasl(t *testing.T) {
	for name, props := range map[string]map[string]string{
		"EXTERNAL SCRAM": saslCombined(),
		"global mechanisms with a listener JAAS config": with(saslCombined(), map[string]string{
			"listener.name.external.sasl.enabled.mechanisms": unset, KeySaslEnabledMechanisms: "SCRAM-SHA-512"}),
		"SASL inter-broker listener with its mechanism": with(saslCombined(), map[string]string{
			KeyProtocolMap: "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:SASL_PLAINTEXT", KeySaslMechanismInterBroker: "SCRAM-SHA-512",
			"listener.name.internal.sasl.enabled.mechanisms":        "SCRAM-SHA-512",
			"listener.name.internal.scram-sha-512.sasl.jaas.config": "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"b\" password=\"p\";"}),
	} {
		if errs := Validate(props); errs != nil {
			t.Errorf("%s: Validate reports %v, want nil", name, errs)
		}
	}
}

// One case per SASL rule: each breaks only that rule of saslCombined.
func TestValidateSaslRules(t *testing.T) {
	tests := []struct {
		name     string
		change   map[string]string
		want     Rule
		key      string
		fragment string
	}{
		{"no mechanism enabled for the listener", map[string]string{"listener.name.external.sasl.enabled.mechanisms": ""},
			RuleSaslMechanisms, "listener.name.external.sasl.enabled.mechanisms", "enables no SASL mechanism"},
		{"default GSSAPI has no JAAS config", map[string]string{"listener.name.external.sasl.enabled.mechanisms": unset},
			RuleSaslJaasConfig, "listener.name.external.gssapi.sasl.jaas.config", "Could not find a 'KafkaServer'"},
		{"JAAS config for the mechanism missing", map[string]string{"listener.name.external.scram-sha-512.sasl.jaas.config": unset,
			KeySaslJaasConfig: "org.apache.kafka.common.security.scram.ScramLoginModule required;"},
			RuleSaslJaasConfig, "listener.name.external.scram-sha-512.sasl.jaas.config", "no JAAS config"},
		{"JAAS config for another mechanism", map[string]string{"listener.name.external.sasl.enabled.mechanisms": "SCRAM-SHA-256"},
			RuleSaslJaasConfig, "listener.name.external.scram-sha-256.sasl.jaas.config", "enables SCRAM-SHA-256"},
		{"JAAS config with two login modules", map[string]string{"listener.name.external.scram-sha-512.sasl.jaas.config": "a.B required; c.D required;"},
			RuleSaslJaasConfig, "listener.name.external.scram-sha-512.sasl.jaas.config", "exactly one login module"},
		{"SASL inter-broker listener without its mechanism", map[string]string{
			KeyProtocolMap: "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:SASL_PLAINTEXT",
			"listener.name.internal.sasl.enabled.mechanisms":        "SCRAM-SHA-512",
			"listener.name.internal.scram-sha-512.sasl.jaas.config": "org.apache.kafka.common.security.scram.ScramLoginModule required;"},
			RuleInterBrokerSasl, KeySaslMechanismInterBroker, "mechanism GSSAPI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := Validate(with(saslCombined(), tt.change))
			if got := Rules(errs); !reflect.DeepEqual(got, []Rule{tt.want}) {
				t.Fatalf("rules = %v, want [%s]; errors: %v", got, tt.want, errs)
			}
			e := errs[0].(*Error)
			if e.Key != tt.key || !strings.Contains(e.Problem, tt.fragment) || e.Fix == "" {
				t.Errorf("error = %v, want key %s, %q and a fix", e, tt.key, tt.fragment)
			}
		})
	}
}
