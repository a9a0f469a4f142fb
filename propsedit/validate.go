package propsedit

import (
	"errors"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// ValidateKRaft checks props (as loaded by Java: decoded keys and values) against the rules
// a Kafka 3.7 KRaft node enforces at start-up ([kraft.Validate], which documents them) and
// returns one [*Error] (Kind ErrKRaftRule, Rule naming the rule) per broken rule, in a stable
// order; nil means the node would pass these checks.
func ValidateKRaft(props map[string]string) []error {
	var out []error
	for _, err := range kraft.Validate(props) {
		var ke *kraft.Error
		if !errors.As(err, &ke) {
			out = append(out, err)
			continue
		}
		out = append(out, &Error{Kind: ErrKRaftRule, Rule: ke.Rule, Key: ke.Key, Value: ke.Value, Missing: ke.Missing,
			Problem: ke.Problem, Fix: ke.Fix})
	}
	return out
}
