package enginetest

import (
	"context"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/deploy"
)

// ProgramRecord is what one run of the program did, in the program's own order: each resource
// registration as the program made it (a stack transformation sees it synchronously, before its
// inputs resolve and the engine receives it) and the moment its kplc build returned. A
// resource registered after the build returned cannot have started before the build ended, so
// the latency profile holds back exactly those (LatencyProfile.KplcBuild).
type ProgramRecord struct {
	mu         sync.Mutex
	registered []registration
	built      int // index into registered at which the build returned; -1 while it has not
}

// registration is one resource the program registered.
type registration struct {
	typ, name string
}

// newProgramRecord returns an empty record: nothing registered, no build returned.
func newProgramRecord() *ProgramRecord { return &ProgramRecord{built: -1} }

// register notes a registration.
func (p *ProgramRecord) register(typ, name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.registered = append(p.registered, registration{typ: typ, name: name})
}

// buildReturned notes that the program's kplc build returned.
func (p *ProgramRecord) buildReturned() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.built < 0 {
		p.built = len(p.registered)
	}
}

// Built reports whether the program's kplc build returned.
func (p *ProgramRecord) Built() bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.built >= 0
}

// AfterBuild reports whether the resource urn was registered only after the kplc build
// returned (false when the build never returned or the program never registered it: the
// providers the engine registers itself, a resource of an earlier run that this one deletes).
func (p *ProgramRecord) AfterBuild(urn resource.URN) bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.built < 0 {
		return false
	}
	typ, name := string(urn.Type()), urn.Name()
	for i, r := range p.registered {
		if r.typ == typ && r.name == name && i < p.built {
			return false
		}
	}
	for _, r := range p.registered[p.built:] {
		if r.typ == typ && r.name == name {
			return true
		}
	}
	return false
}

// recordKey is the context key of the run's ProgramRecord.
type recordKey struct{}

// recording returns body with every registration noted in rec (a stack transformation that
// changes nothing).
func recording(rec *ProgramRecord, body pulumi.RunFunc) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		if err := ctx.RegisterStackTransformation(func(a *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
			rec.register(a.Type, a.Name)
			return nil
		}); err != nil {
			return err
		}
		return body(ctx)
	}
}

// recordedBuild wraps build so that the run's ProgramRecord (from the program's context) notes
// when it returned.
func recordedBuild(build deploy.KplcBuilder) deploy.KplcBuilder {
	return func(ctx context.Context, moduleDir string) (string, error) {
		path, err := build(ctx, moduleDir)
		if rec, ok := ctx.Value(recordKey{}).(*ProgramRecord); ok {
			rec.buildReturned()
		}
		return path, err
	}
}
