package cmdsim

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Lookup resolves an address a connection names to a host: ok=false means nothing answers there.
type Lookup func(addr string) (hostID string, ok bool)

// LocalHost is the host ID of runs of local:Command (on the machine running the program).
const LocalHost = "local"

// Run is one command the provider executed (or one CopyToRemote copy), as Hosts.Runs reports it.
type Run struct {
	URN  resource.URN
	Type string // resource type token, e.g. "command:remote:Command"
	Op   string // "create", "update" or "delete"
	Host string // host ID, or LocalHost
	// Command is the command text as the program sent it (for a copy: "copy SOURCE to REMOTEPATH").
	Command string
	// Stdin is what the session received on standard input ("" when the step has none): the
	// provider sends a step's stdin input, secret or not, as plain bytes over the session.
	Stdin string
	// Stdout and Stderr are what the command wrote (a copy: empty).
	Stdout, Stderr string
	// Start and End are ticks of a logical clock shared by all runs: two runs overlapped in time
	// exactly when each started before the other ended (a.Start < b.End && b.Start < a.End).
	Start, End uint64
	// ExitCode is the command's exit status (0 success, -1 killed by a signal or not started; a
	// copy: 0 or 1).
	ExitCode int
}

// Overlaps reports whether r and other ran at the same time.
func (r Run) Overlaps(other Run) bool {
	return r.Start < other.End && other.Start < r.End
}

// Hosts are the simulated machines, each a sandbox root on local disk, created on first contact.
type Hosts struct {
	baseDir  string
	stubsDir string
	lookup   Lookup
	fixtures string

	clock atomic.Uint64

	mu        sync.Mutex
	sandboxes map[string]*Sandbox
	runs      []Run
	acceptEnv []string
	onCreate  func(*Sandbox)
}

// DefaultAcceptEnv are the variables a stock sshd (RHEL family, Alibaba Cloud Linux: AcceptEnv in
// sshd_config) lets a client set; v1.2.1 fails a command whose `environment` sshd refuses
// (remote/commandOutputs.go L42-49). Unverified against the exact image; see SetAcceptEnv.
var DefaultAcceptEnv = []string{"LANG", "LC_*", "LANGUAGE", "XMODIFIERS"}

// NewHosts returns the simulated hosts kept under baseDir, with the stub commands of stubsDir
// (<repo>/scripts/testdata/stubs) and lookup to resolve addresses.
func NewHosts(baseDir, stubsDir string, lookup Lookup) *Hosts {
	return &Hosts{
		baseDir:   baseDir,
		stubsDir:  stubsDir,
		lookup:    lookup,
		fixtures:  filepath.Join(baseDir, "fixtures"),
		sandboxes: map[string]*Sandbox{},
		acceptEnv: append([]string(nil), DefaultAcceptEnv...),
	}
}

// SetAcceptEnv replaces the sshd AcceptEnv patterns of every host (shell globs, as sshd matches them).
func (h *Hosts) SetAcceptEnv(patterns ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.acceptEnv = append([]string(nil), patterns...)
}

// OnCreate sets a function run once for each host when its sandbox is made (before any command
// runs there), e.g. to give brokers their data disk: s.WriteFile("/dev/vdb", ""). It runs with
// the hosts locked, so it must not call methods of Hosts.
func (h *Hosts) OnCreate(f func(s *Sandbox)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.onCreate = f
}

// FixturesDir is $KPLC_STUB_FIXTURES of every host: the curl stub "downloads" <URL base name> from it.
func (h *Hosts) FixturesDir() string { return h.fixtures }

// SetFixture makes the curl stub of every host serve content for URLs ending in /name.
func (h *Hosts) SetFixture(name string, content []byte) error {
	if err := os.MkdirAll(h.fixtures, 0o755); err != nil {
		return fmt.Errorf("cmdsim: making the fixtures directory: %w", err)
	}
	if err := os.WriteFile(filepath.Join(h.fixtures, name), content, 0o644); err != nil {
		return fmt.Errorf("cmdsim: writing fixture %s: %w", name, err)
	}
	return nil
}

// Host returns the sandbox of a host (root dir, stub state dir, calls log) for assertions and
// scripting, making it if nothing contacted the host yet. A failure to make it is reported by the
// sandbox's methods.
func (h *Hosts) Host(hostID string) *Sandbox {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s, ok := h.sandboxes[hostID]; ok {
		return s
	}
	s := newSandbox(hostID, filepath.Join(h.baseDir, "hosts", safeName(hostID)), h.stubsDir, h.fixtures)
	h.sandboxes[hostID] = s
	if s.err == nil && h.onCreate != nil {
		h.onCreate(s)
	}
	return s
}

// HostIDs returns the IDs of every host contacted (or asked for) so far, sorted.
func (h *Hosts) HostIDs() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	ids := make([]string, 0, len(h.sandboxes))
	for id := range h.sandboxes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Runs returns every command the provider executed, in start order.
func (h *Hosts) Runs() []Run {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := append([]Run(nil), h.runs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// startRun records the start of a run and returns its index for finishRun.
func (h *Hosts) startRun(r Run) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	r.Start = h.clock.Add(1)
	h.runs = append(h.runs, r)
	return len(h.runs) - 1
}

// finishRun records the end and exit code of the run started as index i.
func (h *Hosts) finishRun(i, exitCode int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.runs[i].End = h.clock.Add(1)
	h.runs[i].ExitCode = exitCode
}

// recordOutput records what the run started as index i wrote.
func (h *Hosts) recordOutput(i int, stdout, stderr string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.runs[i].Stdout, h.runs[i].Stderr = stdout, stderr
}

// acceptsEnv reports whether sshd accepts the variable name (AcceptEnv patterns).
func (h *Hosts) acceptsEnv(name string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range h.acceptEnv {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// safeName turns a host ID into a directory name.
func safeName(id string) string {
	b := []byte(id)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	if len(b) == 0 || string(b) == "." || string(b) == ".." {
		return "_" + string(b)
	}
	return string(b)
}
