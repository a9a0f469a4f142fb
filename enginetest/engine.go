package enginetest

import (
	"context"
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/pkg/v3/backend"
	"github.com/pulumi/pulumi/pkg/v3/display"
	"github.com/pulumi/pulumi/pkg/v3/engine"
	lt "github.com/pulumi/pulumi/pkg/v3/engine/lifecycletest/framework"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy/deploytest"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/pkg/v3/resource/stack"
	"github.com/pulumi/pulumi/pkg/v3/util/cancel"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// engineOp is one of the engine's entry points (engine.Update, engine.Refresh, engine.Destroy).
type engineOp func(engine.UpdateInfo, *engine.Context, engine.UpdateOptions, bool) (*deploy.Plan, display.ResourceChanges, error)

// run runs one engine operation on the stack the way the CLI's DIY backend does
// (pkg/v3/backend/diy/backend.go, apply): the target is the stack's configuration and its state
// deserialized afresh from the last checkpoint, a backend.SnapshotManager persists every step
// (discarding writes in a dry run), and the plugin host serves the program and the simulated
// providers. After a successful or failed non-dry run, the checkpoint becomes the stack's state.
func (s *Stack) run(op Operation, fn engineOp, dryRun bool) *Result {
	fail := func(err error) *Result { return &Result{Op: op, DryRun: dryRun, Err: err} }
	cfg, err := s.config()
	if err != nil {
		return fail(err)
	}
	base, err := s.snapshot()
	if err != nil {
		return fail(err)
	}
	target := &deploy.Target{
		Name:      tokens.MustParseStackName(s.opts.Stack),
		Config:    cfg.Config,
		Decrypter: cfg.Decrypter,
		Snapshot:  base,
	}
	info := engine.UpdateInfo{Root: s.opts.ProjectDir, Project: s.project, Target: target}

	persister := &checkpoint{}
	var store backend.SnapshotPersister = persister
	if dryRun {
		store = backend.DiscardPersister{}
	}
	// The CLI hands the snapshot manager its stack's secrets manager wrapped in a batching,
	// caching one (pkg/v3 v3.274.1, cmd/pulumi/stack/secrets.go L306,
	// stack.NewBatchingCachingSecretsManager), so that a secret already encrypted keeps its
	// ciphertext across the checkpoints of one update instead of being encrypted again at every
	// step. Without it every checkpoint re-encrypts every secret (each command's SSH key), and
	// the passphrase crypter's ciphertext cache grows with steps times secrets: a 48-broker
	// update then outgrew 14 GB of memory.
	manager := backend.NewSnapshotManager(store, stack.NewBatchingCachingSecretsManager(s.secrets.manager), base, nil)

	cancelCtx, cancelSrc := cancel.NewContext(context.Background())
	defer cancelSrc.Terminate()
	events := make(chan engine.Event)
	collected := make(chan []engine.Event)
	go func() {
		var all []engine.Event
		for e := range events {
			all = append(all, e)
		}
		collected <- all
	}()
	hosts := &hostTracker{}
	rec := newProgramRecord()
	ctx := &engine.Context{
		Cancel:          cancelCtx,
		Events:          events,
		SnapshotManager: manager,
		PluginManager:   lt.NopPluginManager{},
	}
	opts := engine.UpdateOptions{
		Parallel:    s.opts.Parallel,
		HostFactory: hosts.factory(s.opts.Program, s.loaders(), rec),
	}
	_, changes, opErr := fn(info, ctx, opts, dryRun)
	closeErr := manager.Close()
	close(events)
	all := <-collected
	hosts.close()

	res := newResult(op, dryRun, all, changes, opErr)
	res.Program = rec
	if res.Err == nil && closeErr != nil {
		res.Err = fmt.Errorf("persisting the checkpoint: %w", closeErr)
	}
	if !dryRun && persister.last != nil {
		s.state = persister.last
		res.State = persister.last
		res.Snapshot, err = s.snapshot()
		if err != nil && res.Err == nil {
			res.Err = err
		}
		if res.Snapshot != nil {
			if err := res.Snapshot.VerifyIntegrity(); err != nil && res.Err == nil {
				res.Err = fmt.Errorf("checkpoint integrity: %w", err)
			}
			res.Outputs = stackOutputs(res.Snapshot)
		}
	}
	return res
}

// snapshot deserializes the stack's last checkpoint, as the CLI does at the start of every
// operation (nil when the stack was never deployed).
func (s *Stack) snapshot() (*deploy.Snapshot, error) {
	if s.state == nil {
		return nil, nil
	}
	snap, err := stack.DeserializeDeploymentV3(context.Background(), *s.state, s.secrets)
	if err != nil {
		return nil, fmt.Errorf("reading the stack's checkpoint: %w", err)
	}
	return snap, nil
}

// checkpoint is the backend's persister: it keeps the last checkpoint written.
type checkpoint struct {
	mu   sync.Mutex
	last *apitype.DeploymentV3
}

// Save implements backend.SnapshotPersister.
func (c *checkpoint) Save(d apitype.TypedDeployment) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = d.Deployment
	return nil
}

// hostTracker builds the operation's plugin host with the engine's own diagnostic sinks, so
// that what the program and the providers log becomes the engine's diagnostics, and closes it
// after the operation.
type hostTracker struct {
	mu    sync.Mutex
	hosts []plugin.Host
}

// factory returns the engine's HostFactory for program and loaders; rec records the program's
// run.
func (h *hostTracker) factory(program pulumi.RunFunc, loaders []*deploytest.ProviderLoader, rec *ProgramRecord) engine.HostFactory {
	return func(_ context.Context, sink, statusSink diag.Sink, _ plugin.DebugContext) (plugin.Host, error) {
		var host plugin.Host
		runtime := deploytest.NewLanguageRuntime(languageRuntime(program, func() string { return host.ServerAddr() }, rec))
		host = deploytest.NewPluginHost(sink, statusSink, runtime, loaders...)
		h.mu.Lock()
		h.hosts = append(h.hosts, host)
		h.mu.Unlock()
		return host, nil
	}
}

// close closes every host the operation used.
func (h *hostTracker) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, host := range h.hosts {
		_ = host.Close()
	}
	h.hosts = nil
}
