package config

import (
	"errors"
	"fmt"
	"strings"
)

// Value is the raw value of one setting as the stack gives it.
type Value struct {
	// Raw is the value's text; arrays and objects are JSON, as the Pulumi engine passes them.
	// For a secret read offline (never decrypted), Raw is empty.
	Raw string
	// Secret is true for values stored encrypted (`secure:` in the stack file).
	Secret bool
}

// Values holds the raw settings of a stack, keyed by setting name without the project prefix
// (e.g. "brokerCount", not "kafka-plc:brokerCount"). Missing keys take their defaults.
type Values map[string]Value

// Problem is one invalid setting.
type Problem struct {
	// Key is the setting's name, e.g. "brokerVswitchCidrs".
	Key string
	// Value is the offending value as the user wrote it ("" when the setting is missing).
	Value string
	// Message says what is wrong.
	Message string
	// Fix says what to do about it, e.g. the `pulumi config set` command.
	Fix string
}

// Error formats the problem on one line: key, bad value, what is wrong and the fix.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.Key)
	if p.Value != "" {
		fmt.Fprintf(&b, " = %q", p.Value)
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	if p.Fix != "" {
		b.WriteString("; fix: ")
		b.WriteString(p.Fix)
	}
	return b.String()
}

// Problems is every problem found in a stack configuration. Load returns it as its error.
type Problems []Problem

// Error lists every problem, one per line.
func (ps Problems) Error() string {
	lines := make([]string, 0, len(ps)+1)
	lines = append(lines, fmt.Sprintf("invalid stack configuration (%d problem(s)):", len(ps)))
	for _, p := range ps {
		lines = append(lines, "  - "+p.Error())
	}
	return strings.Join(lines, "\n")
}

// Keys returns the keys of the problems, in order, for tests and summaries.
func (ps Problems) Keys() []string {
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	return keys
}

// AsProblems extracts Problems from an error returned by Load.
func AsProblems(err error) (Problems, bool) {
	var ps Problems
	ok := errors.As(err, &ps)
	return ps, ok
}
