package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ArgError is an invalid argument of a component: it names the component, the field, the bad
// value and the fix.
type ArgError struct {
	// Component is the component's type name, e.g. "KafkaNlb".
	Component string
	// Name is the component's resource name.
	Name string
	// Field is the Args field at fault, e.g. "Zones[1].Zone".
	Field string
	// Value is the offending value as text.
	Value string
	// Problem says what is wrong.
	Problem string
	// Fix says what to do about it.
	Fix string
}

// Error formats the problem on one line.
func (e *ArgError) Error() string {
	return fmt.Sprintf("%s %q: %s = %q: %s; fix: %s", e.Component, e.Name, e.Field, e.Value, e.Problem, e.Fix)
}

// argFailer returns the constructor of the ArgErrors of one component: fail(field, value,
// problem, fix) names the component and its resource name.
func argFailer(component, name string) func(field, value, problem, fix string) error {
	return func(field, value, problem, fix string) error {
		return &ArgError{Component: component, Name: name, Field: field, Value: value, Problem: problem, Fix: fix}
	}
}

// missingID reports whether an ID input is absent or a known blank string. An Output whose
// value is not known yet (another resource's ID) counts as given: the cloud will fill it.
func missingID(id pulumi.StringInput) bool {
	switch v := id.(type) {
	case nil:
		return true
	case pulumi.String:
		return strings.TrimSpace(string(v)) == ""
	case *pulumi.String:
		return v == nil || strings.TrimSpace(string(*v)) == ""
	}
	return false
}

// abbreviate shortens a long value for an error message.
func abbreviate(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
