package enginetest

import (
	"errors"

	"github.com/pulumi/pulumi/pkg/v3/engine"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Run is a CLI command that may run the engine twice: a preview, then (if the preview passed) the
// operation itself. Update is nil when the preview failed; Preview is nil with --skip-preview.
type Run struct {
	// Preview is the dry run the CLI shows before it asks to proceed.
	Preview *Result
	// Update is the operation itself.
	Update *Result
}

// Err returns the error that stopped the command: the preview's, or the operation's.
func (r *Run) Err() error {
	if r.Preview != nil && r.Preview.Err != nil {
		return r.Preview.Err
	}
	if r.Update != nil {
		return r.Update.Err
	}
	return errors.New("no operation ran")
}

// Last returns the last operation that ran.
func (r *Run) Last() *Result {
	if r.Update != nil {
		return r.Update
	}
	return r.Preview
}

// Preview runs `pulumi preview`: engine.Update as a dry run.
func (s *Stack) Preview() *Result { return s.run(OpPreview, engine.Update, true) }

// Up runs `pulumi up --yes`: a preview, then, if it passed, the update (without the preview's
// plan, as the CLI does unless --plan or PULUMI_EXPERIMENTAL: pkg/v3/backend/apply.go,
// PreviewThenPromptThenExecute).
func (s *Stack) Up() *Run {
	r := &Run{Preview: s.Preview()}
	if r.Preview.Err != nil {
		return r
	}
	r.Update = s.run(OpUpdate, engine.Update, false)
	return r
}

// UpSkipPreview runs `pulumi up --skip-preview`: the update without a preview.
func (s *Stack) UpSkipPreview() *Run {
	return &Run{Update: s.run(OpUpdate, engine.Update, false)}
}

// Refresh runs `pulumi refresh --skip-preview --yes`: engine.Refresh (without the program, the
// CLI's default).
func (s *Stack) Refresh() *Result { return s.run(OpRefresh, engine.Refresh, false) }

// Destroy runs `pulumi destroy --yes`: a destroy preview, then the destroy (engine.Destroy,
// without the program, the CLI's default).
func (s *Stack) Destroy() *Run {
	r := &Run{Preview: s.run(OpDestroyPreview, engine.Destroy, true)}
	if r.Preview.Err != nil {
		return r
	}
	r.Update = s.run(OpDestroy, engine.Destroy, false)
	return r
}

// Snapshot returns the stack's state as the CLI would read it from its checkpoint (nil if never
// deployed).
func (s *Stack) Snapshot() (*deploy.Snapshot, error) { return s.snapshot() }

// stackOutputs returns the outputs of the snapshot's root stack resource.
func stackOutputs(snap *deploy.Snapshot) resource.PropertyMap {
	for _, r := range snap.Resources {
		if r.Type == resource.RootStackType && !r.Delete {
			return r.Outputs
		}
	}
	return nil
}
