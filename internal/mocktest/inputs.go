package mocktest

import (
	"slices"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Readers of recorded inputs. The Resource methods read r.Inputs; the functions of the same
// names read any property map, e.g. an object input such as a connection or a data disk.
// None of them looks inside a secret except RevealedStr.

// Str returns the string input key ("" when it is absent or not a string).
func (r Resource) Str(key string) string { return Str(r.Inputs, key) }

// RevealedStr returns the string input key, looking through a secret ("" when it is absent or
// not a string).
func (r Resource) RevealedStr(key string) string { return RevealedStr(r.Inputs, key) }

// Int returns the number input key as an int, and whether it is set to a number.
func (r Resource) Int(key string) (int, bool) { return Int(r.Inputs, key) }

// Bool returns the bool input key, and whether it is set to a bool.
func (r Resource) Bool(key string) (bool, bool) { return Bool(r.Inputs, key) }

// Map returns the object input key (nil when it is absent or not an object).
func (r Resource) Map(key string) resource.PropertyMap { return Map(r.Inputs, key) }

// Array returns the array input key (nil when it is absent or not an array).
func (r Resource) Array(key string) []resource.PropertyValue { return Array(r.Inputs, key) }

// Str returns the string field key of m ("" when it is absent or not a string).
func Str(m resource.PropertyMap, key string) string {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// RevealedStr returns the string field key of m, looking through a secret ("" when it is
// absent or not a string).
func RevealedStr(m resource.PropertyMap, key string) string {
	v, ok := m[resource.PropertyKey(key)]
	if !ok {
		return ""
	}
	if v = Reveal(v); !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// Int returns the number field key of m as an int, and whether it is set to a number.
func Int(m resource.PropertyMap, key string) (int, bool) {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || !v.IsNumber() {
		return 0, false
	}
	return int(v.NumberValue()), true
}

// Bool returns the bool field key of m, and whether it is set to a bool.
func Bool(m resource.PropertyMap, key string) (bool, bool) {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

// Map returns the object field key of m (nil when it is absent or not an object).
func Map(m resource.PropertyMap, key string) resource.PropertyMap {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || !v.IsObject() {
		return nil
	}
	return v.ObjectValue()
}

// Array returns the array field key of m (nil when it is absent or not an array).
func Array(m resource.PropertyMap, key string) []resource.PropertyValue {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || !v.IsArray() {
		return nil
	}
	return v.ArrayValue()
}

// Reveal returns the value inside a secret, or v itself when it is no secret.
func Reveal(v resource.PropertyValue) resource.PropertyValue {
	if v.IsSecret() {
		return v.SecretValue().Element
	}
	return v
}

// ID is the ID the mocks give the resource named name (its state's "id").
func ID(name string) string { return name + "-id" }

// URNName returns the name part of a URN, e.g. of one of Resource.Dependencies.
func URNName(urn string) string { return resource.URN(urn).Name() }

// DependencyNames returns the names of the resources r depends on, sorted.
func (r Resource) DependencyNames() []string {
	var out []string
	for _, d := range r.Dependencies {
		out = append(out, URNName(d))
	}
	sort.Strings(out)
	return out
}

// DependsOnName reports whether r depends on a resource named name (of any type).
func (r Resource) DependsOnName(name string) bool {
	for _, d := range r.Dependencies {
		if URNName(d) == name {
			return true
		}
	}
	return false
}

// ParentTypeAndName returns the type token and name of r's parent ("", "" for the stack's
// direct children).
func (r Resource) ParentTypeAndName() (token, name string) {
	u := resource.URN(r.Parent)
	if r.Parent == "" || u.QualifiedType() == resource.RootStackType {
		return "", ""
	}
	return string(u.Type()), u.Name()
}

// MustNamed returns the registration with the given type token and name, and fails the test
// when there is none.
func (m *Mocks) MustNamed(tb testing.TB, token, name string) Resource {
	tb.Helper()
	r, ok := m.Named(token, name)
	if !ok {
		tb.Fatalf("no %s named %q was registered", token, name)
	}
	return r
}

// NameByID maps the ID the mocks gave each resource of the type token to its name, so that an
// input holding an ID (e.g. an attachment's serverGroupId) can be followed to the resource.
func (m *Mocks) NameByID(token string) map[string]string {
	out := map[string]string{}
	for _, r := range m.ByType(token) {
		out[ID(r.Name)] = r.Name
	}
	return out
}

// InputsByKey returns every registration's inputs keyed by "<type token> <name>".
func (m *Mocks) InputsByKey() map[string]resource.PropertyMap {
	out := map[string]resource.PropertyMap{}
	for _, r := range m.Resources() {
		out[r.Type+" "+r.Name] = r.Inputs
	}
	return out
}

// DiffedInputsByKey is InputsByKey as the engine diffs the inputs: without the properties each
// resource's IgnoreChanges option names (the engine keeps their old values, so a change of
// them is no change).
func (m *Mocks) DiffedInputsByKey() map[string]resource.PropertyMap {
	out := map[string]resource.PropertyMap{}
	for _, r := range m.Resources() {
		out[r.Type+" "+r.Name] = r.diffedInputs()
	}
	return out
}

// diffedInputs returns r's inputs without those its IgnoreChanges option names.
func (r Resource) diffedInputs() resource.PropertyMap {
	in := resource.PropertyMap{}
	for k, v := range r.Inputs {
		if !r.Ignores(string(k)) {
			in[k] = v
		}
	}
	return in
}

// ChangedInputs lists, sorted, the keys whose inputs differ between two runs' InputsByKey,
// including the keys only one run has.
func ChangedInputs(before, after map[string]resource.PropertyMap) []string {
	return changedKeys(before, after, func(a, b resource.PropertyMap) bool { return a.DeepEquals(b) })
}

// ChangedResources lists, sorted, the "<type token> <name>" keys of the resources that differ
// between two runs of a program: registered in only one of them, or with other inputs,
// dependencies or ignored properties (the inputs compared as the engine diffs them: without
// the ignored ones). It is how a test proves that a configuration change
// touches nothing but the resources it names.
func ChangedResources(before, after *Mocks) []string {
	byKey := func(m *Mocks) map[string]Resource {
		out := map[string]Resource{}
		for _, r := range m.Resources() {
			out[r.Type+" "+r.Name] = r
		}
		return out
	}
	return changedKeys(byKey(before), byKey(after), func(a, b Resource) bool {
		return a.diffedInputs().DeepEquals(b.diffedInputs()) &&
			slices.Equal(a.Dependencies, b.Dependencies) &&
			slices.Equal(a.IgnoreChanges, b.IgnoreChanges)
	})
}

// changedKeys lists, sorted, the keys present in only one map or whose values are not equal.
func changedKeys[V any](before, after map[string]V, equal func(a, b V) bool) []string {
	var changed []string
	for k, a := range after {
		if b, ok := before[k]; !ok || !equal(b, a) {
			changed = append(changed, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			changed = append(changed, k)
		}
	}
	sort.Strings(changed)
	return changed
}
