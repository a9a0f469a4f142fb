package enginetest

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/display"
	"github.com/pulumi/pulumi/pkg/v3/engine"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Operation names an engine operation as the CLI names it.
type Operation string

// The operations a Stack runs.
const (
	OpPreview        Operation = "preview"
	OpUpdate         Operation = "update"
	OpRefresh        Operation = "refresh"
	OpDestroy        Operation = "destroy"
	OpDestroyPreview Operation = "destroy-preview"
)

// Step is one resource step as the engine reported it: a ResourcePreEvent, and then a
// ResourceOutputsEvent when it succeeded or a ResourceOperationFailed event when it failed.
type Step struct {
	// URN is the resource's URN.
	URN resource.URN
	// Op is the step's operation: create, update, replace, create-replacement, delete-replaced,
	// delete, same, refresh, read, ...
	Op display.StepOp
	// Keys are the properties that caused a replacement.
	Keys []resource.PropertyKey
	// Diffs are the properties that differ.
	Diffs []resource.PropertyKey
	// Done says the engine reported the step's outputs (it succeeded, or it was planned in a preview).
	Done bool
	// Failed says the engine reported the step as failed.
	Failed bool
}

// Name returns the resource's name, e.g. "kafka-plc-dev-configure-1".
func (s Step) Name() string { return s.URN.Name() }

// Type returns the resource's type token, e.g. "command:remote:Command".
func (s Step) Type() string { return string(s.URN.Type()) }

// String renders the step as "<op> <type> <name>".
func (s Step) String() string { return fmt.Sprintf("%s %s %s", s.Op, s.Type(), s.Name()) }

// Diagnostic is a message the engine reported (DiagEvent), from the program, a provider or itself.
type Diagnostic struct {
	// URN is the resource the message is about ("" for the stack as a whole).
	URN resource.URN
	// Severity is debug, info, info#err, warning or error.
	Severity diag.Severity
	// Message is the text, without colour codes.
	Message string
}

// Name returns the name of the resource the message is about ("" for the stack as a whole).
func (d Diagnostic) Name() string {
	if d.URN == "" {
		return ""
	}
	return d.URN.Name()
}

// Result is what one engine operation did.
type Result struct {
	// Op is the operation.
	Op Operation
	// DryRun says the operation changed nothing (a preview).
	DryRun bool
	// Err is the engine's error (nil when the operation succeeded).
	Err error
	// Program is what the program registered, in its own order, and when its kplc build
	// returned (empty for an operation that runs no program: refresh, destroy).
	Program *ProgramRecord
	// Events are every event the engine emitted, in order.
	Events []engine.Event
	// Steps are the resource steps, in the order the engine began them.
	Steps []Step
	// Diagnostics are the engine's diagnostics, in order.
	Diagnostics []Diagnostic
	// Changes are the engine's per-operation step counts (what the CLI's summary shows).
	Changes display.ResourceChanges
	// State is the checkpoint the CLI would have written after the operation (nil for a preview),
	// secrets encrypted with the stack's secrets manager.
	State *apitype.DeploymentV3
	// Snapshot is State deserialized (nil for a preview).
	Snapshot *deploy.Snapshot
	// Outputs are the stack's outputs: from the snapshot after an update, or as the preview
	// planned them (unknowns included).
	Outputs resource.PropertyMap
}

// newResult builds a Result from the engine's events.
func newResult(op Operation, dryRun bool, events []engine.Event, changes display.ResourceChanges, err error) *Result {
	r := &Result{Op: op, DryRun: dryRun, Err: err, Events: events, Changes: changes}
	index := map[string]int{}
	key := func(m engine.StepEventMetadata) string { return string(m.Op) + " " + string(m.URN) }
	for _, e := range events {
		switch p := e.Payload().(type) {
		case engine.ResourcePreEventPayload:
			index[key(p.Metadata)] = len(r.Steps)
			r.Steps = append(r.Steps, Step{URN: p.Metadata.URN, Op: p.Metadata.Op, Keys: p.Metadata.Keys, Diffs: p.Metadata.Diffs})
		case engine.ResourceOutputsEventPayload:
			if i, ok := index[key(p.Metadata)]; ok {
				r.Steps[i].Done = true
			}
			if p.Metadata.Type == resource.RootStackType && p.Metadata.New != nil && p.Metadata.New.State != nil {
				r.Outputs = p.Metadata.New.State.Outputs
			}
		case engine.ResourceOperationFailedPayload:
			if i, ok := index[key(p.Metadata)]; ok {
				r.Steps[i].Failed = true
			}
		case engine.DiagEventPayload:
			r.Diagnostics = append(r.Diagnostics, Diagnostic{URN: p.URN, Severity: p.Severity, Message: stripColors(p.Message)})
		}
	}
	return r
}

// Changed returns the steps that are not "same" (nor reads or refreshes that found no change),
// as "<op> <type> <name>" lines, sorted.
func (r *Result) Changed() []string {
	var out []string
	for _, s := range r.Steps {
		switch s.Op {
		case deploy.OpSame, deploy.OpRead, deploy.OpRefresh:
			continue
		}
		out = append(out, s.String())
	}
	sort.Strings(out)
	return out
}

// StepsOf returns the steps of the resource named name.
func (r *Result) StepsOf(name string) []Step {
	var out []Step
	for _, s := range r.Steps {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

// Count returns how many steps had operation op.
func (r *Result) Count(op display.StepOp) int {
	n := 0
	for _, s := range r.Steps {
		if s.Op == op {
			n++
		}
	}
	return n
}

// Failed returns the steps the engine reported as failed.
func (r *Result) Failed() []Step {
	var out []Step
	for _, s := range r.Steps {
		if s.Failed {
			out = append(out, s)
		}
	}
	return out
}

// Messages returns the diagnostics of severity sev, as text.
func (r *Result) Messages(sev diag.Severity) []string {
	var out []string
	for _, d := range r.Diagnostics {
		if d.Severity == sev {
			out = append(out, d.Message)
		}
	}
	return out
}

// Warnings returns the warning diagnostics.
func (r *Result) Warnings() []string { return r.Messages(diag.Warning) }

// Errors returns the error diagnostics.
func (r *Result) Errors() []string { return r.Messages(diag.Error) }

// ErrorText returns the operation's error and every error diagnostic, one per line: what the
// CLI prints when the operation fails.
func (r *Result) ErrorText() string {
	var b strings.Builder
	if r.Err != nil {
		b.WriteString(r.Err.Error())
		b.WriteByte('\n')
	}
	for _, m := range r.Errors() {
		b.WriteString(m)
		b.WriteByte('\n')
	}
	return b.String()
}

// Output returns the stack output key as a Go value (nil when absent or unknown).
func (r *Result) Output(key string) any {
	v, ok := r.Outputs[resource.PropertyKey(key)]
	if !ok || v.ContainsUnknowns() {
		return nil
	}
	return v.Mappable()
}

// stripColors removes Pulumi's colour directives (<{%...%}>) from a message.
func stripColors(s string) string {
	for {
		i := strings.Index(s, "<{%")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "%}>")
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+3:]
	}
}
