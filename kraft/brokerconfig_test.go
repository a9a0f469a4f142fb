package kraft

import (
	"errors"
	"testing"
)

// CheckBrokerProperty follows Kafka 3.7.1's ConfigDef types and validators
// (KafkaConfig.scala, line in each message) and refuses what could split an entry.
func TestCheckBrokerProperty(t *testing.T) {
	cases := []struct {
		key, value string
		rule       Rule // "" means accepted
	}{
		{"log.retention.hours", "168", ""},
		{"log.retention.hours", "-1", ""}, // INT without validator
		{"log.retention.hours", "2147483648", RulePropertyType},
		{"log.retention.bytes", "9223372036854775807", ""},
		{"log.retention.bytes", "1e9", RulePropertyType},
		{"num.io.threads", "0", RulePropertyType},
		{"offsets.topic.replication.factor", "32768", RulePropertyType}, // SHORT
		{"auto.create.topics.enable", "TRUE", ""},                       // ConfigDef BOOLEAN ignores case
		{"auto.create.topics.enable", "yes", RulePropertyType},
		{"compression.type", "zstd", ""},
		{"compression.type", "Zstd", RulePropertyType},
		{"log.cleanup.policy", "compact,delete", ""},
		{"log.cleanup.policy", "", RulePropertyType},
		{"log.message.timestamp.type", "LogAppendTime", ""},
		{"connections.max.idle.ms", "-1", ""},
		{"connections.max.idle.ms", "9223372036855", RulePropertyType}, // overflows Selector's nanoseconds
		{"some.future.key", "anything = at all", ""},                   // unknown: syntax only
		{"Log.Retention.Hours", "1", RulePropertySyntax},
		{"log retention", "1", RulePropertySyntax},
		{"a=b", "1", RulePropertySyntax},
		{"log.retention.hours", "1\nnode.id=2", RulePropertySyntax},
		{"log.retention.hours", " 1", RulePropertySyntax},
	}
	for _, tc := range cases {
		err := CheckBrokerProperty(tc.key, tc.value)
		var e *Error
		switch {
		case tc.rule == "" && err != nil:
			t.Errorf("%s=%q: refused (%v), want accepted", tc.key, tc.value, err)
		case tc.rule != "" && (!errors.As(err, &e) || e.Rule != tc.rule):
			t.Errorf("%s=%q: err %v, want rule %s", tc.key, tc.value, err, tc.rule)
		}
	}
}

// KafkaConfig.validateValues (3.7.1, L2505-2509): the failed-authentication delay must stay
// below a non-negative idle timeout.
func TestCheckBrokerProperties(t *testing.T) {
	cases := []struct {
		props map[string]string
		bad   bool
	}{
		{map[string]string{}, false},
		{map[string]string{KeyConnectionsMaxIdleMs: "100"}, true},
		{map[string]string{KeyConnectionsMaxIdleMs: "101"}, false},
		{map[string]string{KeyConnectionsMaxIdleMs: "-1", KeyFailedAuthDelayMs: "5000"}, false},
		{map[string]string{KeyFailedAuthDelayMs: "600000"}, true}, // against Kafka's default idle, 10 min
	}
	for _, tc := range cases {
		errs := CheckBrokerProperties(tc.props)
		if (len(errs) > 0) != tc.bad {
			t.Errorf("%v: errors %v, want bad=%v", tc.props, errs, tc.bad)
		}
		if tc.bad && Rules(errs)[0] != RuleFailedAuthDelay {
			t.Errorf("%v: rule %v", tc.props, Rules(errs))
		}
	}
}
