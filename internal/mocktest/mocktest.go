// Package mocktest records what a Pulumi program sends to the engine when it runs under the SDK's
// mocks, so that tests can assert on type tokens, inputs, parents and dependencies. It also holds
// what the tests of kafka-plc's components and program share: the type tokens of the resources
// they create (tokens.go), typed readers of the recorded inputs (inputs.go), canned answers
// of the cloud and the command provider (answers.go) and a recorder of what a program logs
// (log.go).
package mocktest

import (
	"fmt"
	"sort"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one resource registration as the engine received it.
type Resource struct {
	// Type is the resource's type token, e.g. "alicloud:nlb/listener:Listener".
	Type string
	// Name is the resource's logical name.
	Name string
	// URN is the URN the mock engine gave the resource.
	URN string
	// Inputs are the resolved inputs sent to the engine.
	Inputs resource.PropertyMap
	// Parent is the URN of the resource's parent ("" for the stack's direct children).
	Parent string
	// Dependencies are the URNs the resource depends on explicitly or through its inputs.
	Dependencies []string
	// Version is the provider plugin version requested for the resource ("" if none).
	Version string
	// Custom is true for provider-managed resources and false for components.
	Custom bool
	// IgnoreChanges are the input properties the resource's IgnoreChanges option names, as the
	// engine received them: on an update the engine keeps their old values, so a change of the
	// input never reaches the provider. Inputs still holds the new values.
	IgnoreChanges []string
}

// Invoke is one provider function call as the engine received it.
type Invoke struct {
	// Token is the function token, e.g. "alicloud:ecs/getImages:getImages".
	Token string
	// Args are the call's arguments.
	Args resource.PropertyMap
}

// Mocks implements pulumi.MockResourceMonitor and records every registration and invoke.
// Outputs, when set, adds provider-computed outputs to a resource's state by type token.
type Mocks struct {
	// Outputs returns extra state for a resource, keyed by its type token; nil means none.
	Outputs func(r Resource) resource.PropertyMap
	// CallResults returns the result of an invoke; nil returns an empty map.
	CallResults func(call Invoke) (resource.PropertyMap, error)

	mu        sync.Mutex
	resources []Resource
	invokes   []Invoke
}

// NewResource records the registration and echoes the inputs (plus Outputs, then the answers
// of the host-key steps, HostKeyStdout) as the state.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := Resource{Type: args.TypeToken, Name: args.Name, Inputs: args.Inputs, Custom: args.Custom}
	if rpc := args.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Dependencies = append(r.Dependencies, rpc.GetDependencies()...)
		for _, deps := range rpc.GetPropertyDependencies() {
			r.Dependencies = append(r.Dependencies, deps.GetUrns()...)
		}
		r.Dependencies = dedupe(r.Dependencies)
		r.Version = rpc.GetVersion()
		r.IgnoreChanges = append([]string(nil), rpc.GetIgnoreChanges()...)
	}
	r.URN = urnOf(r.Parent, r.Type, r.Name)
	state := args.Inputs.Copy()
	if m.Outputs != nil {
		for k, v := range m.Outputs(r) {
			state[k] = v
		}
	}
	if out, ok := HostKeyStdout(r); ok {
		for k, v := range out {
			state[k] = v
		}
	}
	m.mu.Lock()
	m.resources = append(m.resources, r)
	m.mu.Unlock()
	return ID(args.Name), state, nil
}

// Call records the invoke and returns CallResults' answer.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	call := Invoke{Token: args.Token, Args: args.Args}
	m.mu.Lock()
	m.invokes = append(m.invokes, call)
	m.mu.Unlock()
	if m.CallResults == nil {
		return resource.PropertyMap{}, nil
	}
	return m.CallResults(call)
}

// Resources returns every recorded registration, sorted by type token then name.
func (m *Mocks) Resources() []Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]Resource(nil), m.resources...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Invokes returns every recorded invoke in call order.
func (m *Mocks) Invokes() []Invoke {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Invoke(nil), m.invokes...)
}

// ByType returns the recorded registrations with the given type token, sorted by name.
func (m *Mocks) ByType(token string) []Resource {
	var out []Resource
	for _, r := range m.Resources() {
		if r.Type == token {
			out = append(out, r)
		}
	}
	return out
}

// Named returns the registration with the given type token and name, and whether it exists.
func (m *Mocks) Named(token, name string) (Resource, bool) {
	for _, r := range m.ByType(token) {
		if r.Name == name {
			return r, true
		}
	}
	return Resource{}, false
}

// CountByType returns how many resources of each type token were registered.
func (m *Mocks) CountByType() map[string]int {
	counts := map[string]int{}
	for _, r := range m.Resources() {
		counts[r.Type]++
	}
	return counts
}

// Ignores reports whether r's IgnoreChanges option names the input property.
func (r Resource) Ignores(property string) bool {
	for _, p := range r.IgnoreChanges {
		if p == property {
			return true
		}
	}
	return false
}

// DependsOn reports whether r lists the URN among its dependencies.
func (r Resource) DependsOn(urn string) bool {
	for _, d := range r.Dependencies {
		if d == urn {
			return true
		}
	}
	return false
}

// urnOf computes the URN the mock engine gives a resource, the way the SDK's mock monitor does:
// stack and project come from the parent's URN (every resource has one: at least the stack).
func urnOf(parent, typ, name string) string {
	parentURN := resource.URN(parent)
	if !parentURN.IsValid() {
		return fmt.Sprintf("urn:pulumi:stack::project::%s::%s", typ, name)
	}
	parentType := tokens.Type("")
	if parentURN.QualifiedType() != resource.RootStackType {
		parentType = parentURN.QualifiedType()
	}
	return string(resource.NewURN(parentURN.Stack(), parentURN.Project(), parentType, tokens.Type(typ), name))
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
