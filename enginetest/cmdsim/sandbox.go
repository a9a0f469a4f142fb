package cmdsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Sandbox is one simulated host: a root directory standing for its filesystem, plus stub state
// and the stubs' calls log. See the package documentation for the layout.
type Sandbox struct {
	id       string
	dir      string
	root     string
	bin      string // copy of the stubs
	sim      string // sudo and id stand-ins
	state    string
	logPath  string
	tmp      string
	fixtures string
	err      error // set when the sandbox could not be made
}

// simSudo stands in for sudo: options are dropped and the command runs as the same user, with the
// same environment (real sudo resets it; the scripts restore PATH themselves, lib.sh lib_init).
// It logs "sudo OPTIONS COMMAND-NAME" (not the arguments, which hold whole scripts).
const simSudo = `#!/usr/bin/env bash
# cmdsim stand-in for sudo: runs its arguments as the same user.
set -euo pipefail
opts=()
while (($# > 0)); do
  case "$1" in
    -u | -g | -C | -D | -h | -p | -r | -t | -U) opts+=("$1" "$2"); shift 2 ;;
    --) shift; break ;;
    -*) opts+=("$1"); shift ;;
    *) break ;;
  esac
done
printf 'sudo%s %s\n' "${opts[*]/#/ }" "${1:-}" >>"${KPLC_STUB_LOG:?}"
exec "$@"
`

// simID answers `id` about the login user (no user operand) for the real process user, so that
// it agrees with stat(1) on the files the host made (components/staging.go compares them); with
// a user operand it is the stub (users listed in $KPLC_STUB_STATE/users exist).
const simID = `#!/usr/bin/env bash
# cmdsim stand-in for id: the login user is the process user; named users are the stub's.
for a in "$@"; do
  case "$a" in -*) ;; *) exec "${KPLC_SIM_STUBS:?}/id" "$@" ;; esac
done
for d in /usr/bin /bin; do
  if [[ -x "$d/id" ]]; then exec "$d/id" "$@"; fi
done
echo "id: not found" >&2
exit 127
`

func newSandbox(id, dir, stubsDir, fixtures string) *Sandbox {
	s := &Sandbox{
		id:       id,
		dir:      dir,
		root:     filepath.Join(dir, "root"),
		bin:      filepath.Join(dir, "bin"),
		sim:      filepath.Join(dir, "sim"),
		state:    filepath.Join(dir, "state"),
		logPath:  filepath.Join(dir, "calls.log"),
		tmp:      filepath.Join(dir, "tmp"),
		fixtures: fixtures,
	}
	s.err = s.make(stubsDir)
	return s
}

func (s *Sandbox) make(stubsDir string) error {
	for _, d := range []string{s.root, filepath.Join(s.root, "dev"), s.bin, s.sim, s.state, s.tmp, s.fixtures} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("cmdsim: making host %s: %w", s.id, err)
		}
	}
	entries, err := os.ReadDir(stubsDir)
	if err != nil {
		return fmt.Errorf("cmdsim: reading the stubs of host %s: %w", s.id, err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(stubsDir, e.Name()))
		if err != nil {
			return fmt.Errorf("cmdsim: reading stub %s: %w", e.Name(), err)
		}
		if err := os.WriteFile(filepath.Join(s.bin, e.Name()), b, 0o755); err != nil {
			return fmt.Errorf("cmdsim: installing stub %s on host %s: %w", e.Name(), s.id, err)
		}
	}
	if _, err := os.Stat(filepath.Join(s.bin, "kplc")); err != nil {
		return fmt.Errorf("cmdsim: %s has no kplc stub; pass <repo>/scripts/testdata/stubs: %w", stubsDir, err)
	}
	for name, text := range map[string]string{"sudo": simSudo, "id": simID} {
		if err := os.WriteFile(filepath.Join(s.sim, name), []byte(text), 0o755); err != nil {
			return fmt.Errorf("cmdsim: installing %s on host %s: %w", name, s.id, err)
		}
	}
	_, err = s.writeNewHostKey()
	return err
}

// ID is the host's ID, as Lookup names it.
func (s *Sandbox) ID() string { return s.id }

// Root is the directory standing for the host's / ($KPLC_ROOT).
func (s *Sandbox) Root() string { return s.root }

// StateDir is the stubs' state directory ($KPLC_STUB_STATE).
func (s *Sandbox) StateDir() string { return s.state }

// CallsLogPath is the stubs' calls log ($KPLC_STUB_LOG).
func (s *Sandbox) CallsLogPath() string { return s.logPath }

// Err reports why the sandbox could not be made, if it could not.
func (s *Sandbox) Err() error { return s.err }

// Home is the home directory of a login user, as a path on the host filesystem (inside Root).
func (s *Sandbox) Home(user string) string {
	if user == "root" {
		return filepath.Join(s.root, "root")
	}
	return filepath.Join(s.root, "home", safeName(user))
}

// Path maps a host path into the sandbox: an absolute path already inside Root stays (that is
// what $HOME expands to on the host); any other path is taken below Root. A path that would
// leave Root (through ..) is refused.
func (s *Sandbox) Path(hostPath string) (string, error) {
	p := filepath.Clean(hostPath)
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("cmdsim: host path %q is not absolute", hostPath)
	}
	if p == s.root || strings.HasPrefix(p, s.root+string(filepath.Separator)) {
		return p, nil
	}
	return filepath.Join(s.root, p), nil
}

// ReadFile returns the content of a host file, e.g. ReadFile("/etc/kafka/server.properties").
func (s *Sandbox) ReadFile(hostPath string) (string, error) {
	if s.err != nil {
		return "", s.err
	}
	p, err := s.Path(hostPath)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("cmdsim: host %s: %w", s.id, err)
	}
	return string(b), nil
}

// WriteFile writes a host file (mode 0644), making its parent directories.
func (s *Sandbox) WriteFile(hostPath, content string) error {
	if s.err != nil {
		return s.err
	}
	p, err := s.Path(hostPath)
	if err != nil {
		return err
	}
	return writeFile(p, content)
}

// SetState writes a stub state file, exactly as the scripts tests' setState does (harness_test.go):
// SetState("kplc/safe-to-restart.exit", "1") makes `kplc safe-to-restart` exit 1 on this host.
func (s *Sandbox) SetState(name, content string) error {
	if s.err != nil {
		return s.err
	}
	p := filepath.Join(s.state, filepath.Clean("/"+name))
	return writeFile(p, content)
}

// Calls returns the stubs' calls log, one "NAME ARGS..." line per call, oldest first.
func (s *Sandbox) Calls() ([]string, error) {
	if s.err != nil {
		return nil, s.err
	}
	b, err := os.ReadFile(s.logPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cmdsim: reading the calls log of host %s: %w", s.id, err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"), nil
}

func writeFile(p, content string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("cmdsim: %w", err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		return fmt.Errorf("cmdsim: %w", err)
	}
	return nil
}

// session is one remote command run: what sshd would do for `ssh user@host CMD`.
type session struct {
	user   string
	text   string // the command as sent
	stdin  string
	env    []string // accepted NAME=VALUE pairs
	stdout bytes.Buffer
	stderr bytes.Buffer
	both   lockedBuffer // stdout and stderr interleaved, for error messages
}

// lockedBuffer is a buffer two copying goroutines may write at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// run runs the session's command with bash in the sandbox, in the login user's home, and
// returns its exit status (-1 with an error when it could not start or was killed).
func (s *Sandbox) run(ctx context.Context, ss *session) (exitCode int, signal string, err error) {
	if s.err != nil {
		return -1, "", s.err
	}
	home := s.Home(ss.user)
	if err := os.MkdirAll(home, 0o755); err != nil {
		return -1, "", fmt.Errorf("cmdsim: making the home of %s on %s: %w", ss.user, s.id, err)
	}
	cmd := exec.CommandContext(ctx, "bash", "-c", MapHostPaths(ss.text, s.hasStub))
	cmd.Dir = home
	cmd.Env = append([]string{
		"PATH=" + s.sim + string(os.PathListSeparator) + s.bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home,
		"USER=" + ss.user,
		"LOGNAME=" + ss.user,
		"SHELL=/bin/bash",
		"TMPDIR=" + s.tmp,
		"KPLC_ROOT=" + s.root,
		"KPLC_STUB_LOG=" + s.logPath,
		"KPLC_STUB_STATE=" + s.state,
		"KPLC_STUB_FIXTURES=" + s.fixtures,
		"KPLC_SIM_STUBS=" + s.bin,
		"SUDO_USER=",
	}, ss.env...)
	if ss.stdin != "" {
		cmd.Stdin = strings.NewReader(ss.stdin)
	}
	cmd.Stdout = io.MultiWriter(&ss.stdout, &ss.both)
	cmd.Stderr = io.MultiWriter(&ss.stderr, &ss.both)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -1, signalName(ws.Signal()), nil
		}
		return exitErr.ExitCode(), "", nil
	}
	if err != nil {
		return -1, "", fmt.Errorf("cmdsim: running a command on %s: %w", s.id, err)
	}
	return 0, "", nil
}

// hasStub reports whether the host has a stub command of that name.
func (s *Sandbox) hasStub(name string) bool {
	if name == "" || strings.ContainsRune(name, '/') || strings.HasPrefix(name, "_") {
		return false
	}
	fi, err := os.Stat(filepath.Join(s.bin, name))
	return err == nil && fi.Mode().IsRegular()
}

// signalName is a signal's name as sshd reports it in exit-signal (RFC 4254 6.10: without "SIG").
func signalName(sig syscall.Signal) string {
	names := map[syscall.Signal]string{
		syscall.SIGABRT: "ABRT", syscall.SIGALRM: "ALRM", syscall.SIGFPE: "FPE", syscall.SIGHUP: "HUP",
		syscall.SIGILL: "ILL", syscall.SIGINT: "INT", syscall.SIGKILL: "KILL", syscall.SIGPIPE: "PIPE",
		syscall.SIGQUIT: "QUIT", syscall.SIGSEGV: "SEGV", syscall.SIGTERM: "TERM", syscall.SIGUSR1: "USR1",
		syscall.SIGUSR2: "USR2",
	}
	if n, ok := names[sig]; ok {
		return n
	}
	return fmt.Sprintf("%d@openssh.com", int(sig))
}
