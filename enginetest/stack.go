package enginetest

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy/deploytest"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Provider versions the program's SDKs select: pulumi-alicloud v3.105.0 (sdks/alicloud's
// pulumi-plugin.json) and pulumi-command v1.2.1.
const (
	AlicloudVersion = "3.105.0"
	CommandVersion  = "1.2.1"
)

// DefaultParallel is the CLI's default --parallel for up, preview, refresh and destroy:
// GOMAXPROCS×4 (pkg/v3/cmd/pulumi/operations/up.go, defaultParallel, v3.274.1; PULUMI_PARALLEL
// overrides it, which the twin does not read).
func DefaultParallel() int32 { return int32(runtime.GOMAXPROCS(0)) * 4 }

// Providers loads the simulated providers. Each engine operation loads its providers afresh, as
// the CLI starts the plugins anew; the simulators keep their cloud and host state across loads.
type Providers struct {
	// Alicloud returns the simulated alicloud provider.
	Alicloud func() plugin.Provider
	// Command returns the simulated command provider.
	Command func() plugin.Provider
}

// Options describe a twin stack.
type Options struct {
	// ProjectDir is the kafka-plc module root, where Pulumi.yaml and go.mod are.
	ProjectDir string
	// Stack is the stack name, e.g. "dev".
	Stack string
	// BaseStackFile is the stack file whose configuration the stack starts from, relative to
	// ProjectDir (e.g. "Pulumi.dev.yaml"); empty for none.
	BaseStackFile string
	// Program is the Pulumi program (deploy.Program(ProjectDir)).
	Program pulumi.RunFunc
	// Providers are the simulated providers.
	Providers Providers
	// Parallel is the engine's parallelism; 0 means the CLI's default (DefaultParallel).
	Parallel int32
	// Dir is where the stack file is written; it must exist.
	Dir string
}

// Stack is one Pulumi stack of the project run by the twin: its configuration (a stack file it
// writes, read the way the CLI reads it) and its state (the checkpoint between operations).
// A Stack is not safe for concurrent use.
type Stack struct {
	opts    Options
	project *workspace.Project
	secrets *secretsState
	values  map[string]any
	secret  map[string]string
	state   *apitype.DeploymentV3
}

// NewStack returns a stack with no state (never deployed), configured as BaseStackFile says.
func NewStack(opts Options) (*Stack, error) {
	if opts.Parallel == 0 {
		opts.Parallel = DefaultParallel()
	}
	if opts.Providers.Alicloud == nil || opts.Providers.Command == nil || opts.Program == nil {
		return nil, fmt.Errorf("twin stack %s: a program and both providers are required", opts.Stack)
	}
	if _, err := tokens.ParseStackName(opts.Stack); err != nil {
		return nil, fmt.Errorf("twin stack name %q: %w", opts.Stack, err)
	}
	project, err := workspace.LoadProject(filepath.Join(opts.ProjectDir, "Pulumi.yaml"))
	if err != nil {
		return nil, fmt.Errorf("loading the project: %w", err)
	}
	sec, err := passphraseSecrets()
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(opts.Dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("twin stack %s: Dir %q is not a directory", opts.Stack, opts.Dir)
	}
	return &Stack{opts: opts, project: project, secrets: sec, values: map[string]any{}, secret: map[string]string{}}, nil
}

// Name returns the stack's name.
func (s *Stack) Name() string { return s.opts.Stack }

// Project returns the project as Pulumi.yaml declares it.
func (s *Stack) Project() *workspace.Project { return s.project }

// Set sets config key (e.g. "kafka-plc:brokerCount") to value, as `pulumi config set` (a string)
// or an edit of the stack file (any YAML value) would. A nil value removes the key.
func (s *Stack) Set(key string, value any) { s.values[key] = value; delete(s.secret, key) }

// SetSecret sets config key to a secret value, as `pulumi config set --secret` does: the stack
// file holds its ciphertext.
func (s *Stack) SetSecret(key, plaintext string) { s.secret[key] = plaintext; delete(s.values, key) }

// Remove removes config key from the stack file (`pulumi config rm`).
func (s *Stack) Remove(key string) { s.Set(key, nil) }

// Reset drops what Set, SetSecret or Remove did to key: the base stack file's value applies again.
func (s *Stack) Reset(key string) { delete(s.values, key); delete(s.secret, key) }

// Values returns a copy of the config set on top of the base stack file.
func (s *Stack) Values() map[string]any { return maps.Clone(s.values) }

// config writes the stack file and loads it the way the CLI does.
func (s *Stack) config() (*stackConfig, error) {
	base := ""
	if s.opts.BaseStackFile != "" {
		base = filepath.Join(s.opts.ProjectDir, s.opts.BaseStackFile)
	}
	path, err := writeStackFile(s.opts.Dir, s.opts.Stack, base, s.values, s.secret, s.secrets)
	if err != nil {
		return nil, err
	}
	return loadStackConfig(s.project, s.opts.Stack, path, s.secrets)
}

// loaders returns the provider loaders of one operation: exactly alicloud 3.105.0 and command
// 1.2.1, the versions the program's SDKs ask for (the engine names their default providers
// default_3_105_0 and default_1_2_1). Every provider is reached over gRPC, as a plugin is.
func (s *Stack) loaders() []*deploytest.ProviderLoader {
	load := func(f func() plugin.Provider) deploytest.LoadProviderFunc {
		return func() (plugin.Provider, error) { return f(), nil }
	}
	return []*deploytest.ProviderLoader{
		deploytest.NewProviderLoader("alicloud", semver.MustParse(AlicloudVersion), load(s.opts.Providers.Alicloud), deploytest.WithGrpc),
		deploytest.NewProviderLoader("command", semver.MustParse(CommandVersion), load(s.opts.Providers.Command), deploytest.WithGrpc),
	}
}
