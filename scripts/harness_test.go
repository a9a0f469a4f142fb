package scripts

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The harness runs the real, embedded scripts with bash in a temporary root
// ($KPLC_ROOT) and with the stub commands of testdata/stubs first on PATH.
// Every stub appends "name args..." to a calls log; its state (systemd units,
// users, disk signatures, kplc behaviour) lives in files under state/.

const (
	testClusterID = "MkU3OEVBNTcwNTJENDM2Qk" // 22 base64url characters
	testDistURL   = "http://127.0.0.1:8081"
	testBootstrap = "10.0.1.10:9092,10.0.2.10:9092,10.0.3.10:9092" // data only: nothing dials it
	testKplc      = "#!/bin/sh\necho fake kplc binary v1\n"
)

// host is one simulated machine: a temp root plus stub state.
type host struct {
	t        testing.TB
	root     string // $KPLC_ROOT
	bin      string // stub commands, first on PATH
	state    string // $KPLC_STUB_STATE
	fixtures string // what the curl stub "downloads"
	logPath  string // $KPLC_STUB_LOG

	// Optional, for the next runs: the working directory, a umask set before the
	// command line runs, and extra environment variables (NAME=VALUE).
	dir   string
	umask string
	env   []string
}

// timedExempt are the stubs that may run outside timeout(1): local file
// operations that cannot wait on anything.
var timedExempt = map[string]bool{"chown": true}

// result is the outcome of one script run.
type result struct {
	code   int
	stdout string
	stderr string
	cpu    time.Duration // user+system CPU time of the script and the commands it ran
}

func newHost(t testing.TB) *host {
	t.Helper()
	base := t.TempDir()
	h := &host{
		t:        t,
		root:     filepath.Join(base, "root"),
		bin:      filepath.Join(base, "bin"),
		state:    filepath.Join(base, "state"),
		fixtures: filepath.Join(base, "fixtures"),
		logPath:  filepath.Join(base, "calls.log"),
	}
	for _, d := range []string{h.root, h.bin, h.state, h.fixtures, filepath.Join(h.root, "dev")} {
		mustMkdir(t, d)
	}
	entries, err := os.ReadDir("testdata/stubs")
	if err != nil {
		t.Fatalf("reading stubs: %v", err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/stubs", e.Name()))
		if err != nil {
			t.Fatalf("reading stub %s: %v", e.Name(), err)
		}
		if err := os.WriteFile(filepath.Join(h.bin, e.Name()), b, 0o755); err != nil {
			t.Fatalf("writing stub %s: %v", e.Name(), err)
		}
	}
	// The data disk "exists" (install-broker.sh waits for the device node).
	h.writeFile(h.rootPath("/dev/vdb"), "")
	h.writeFile(filepath.Join(h.fixtures, "kplc"), testKplc)
	return h
}

func mustMkdir(t testing.TB, d string) {
	t.Helper()
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatalf("mkdir %s: %v", d, err)
	}
}

// rootPath maps a host path to its place in the temp root.
func (h *host) rootPath(p string) string { return filepath.Join(h.root, p) }

func (h *host) writeFile(path, content string) {
	h.t.Helper()
	mustMkdir(h.t, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		h.t.Fatalf("writing %s: %v", path, err)
	}
}

func (h *host) readFile(path string) string {
	h.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		h.t.Fatalf("reading %s: %v", path, err)
	}
	return string(b)
}

// setState writes a stub state file (for example "kplc/wait-ready.exit").
func (h *host) setState(name, content string) {
	h.t.Helper()
	h.writeFile(filepath.Join(h.state, name), content)
}

// run runs the named embedded script the way the Pulumi program does (through
// Command) with stdin and args, and returns its exit code and output.
func (h *host) run(name, stdin string, args ...string) result {
	h.t.Helper()
	return h.runWithin(2*time.Minute, name, stdin, args...)
}

// runWithin is run with Command's outer time limit set to limit (exit 124 when it fires).
func (h *host) runWithin(limit time.Duration, name, stdin string, args ...string) result {
	h.t.Helper()
	cmdline, err := Command(name, limit, args...)
	if err != nil {
		h.t.Fatalf("Command(%s): %v", name, err)
	}
	if h.umask != "" {
		cmdline = "umask " + h.umask + "; " + cmdline
	}
	cmd := exec.Command("bash", "-c", cmdline)
	cmd.Env = append(os.Environ(),
		"PATH="+h.bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"KPLC_ROOT="+h.root,
		"KPLC_STUB_LOG="+h.logPath,
		"KPLC_STUB_STATE="+h.state,
		"KPLC_STUB_FIXTURES="+h.fixtures,
		"SUDO_USER=",
	)
	cmd.Env = append(cmd.Env, h.env...)
	cmd.Dir = h.dir
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exitErr *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		h.t.Fatalf("running %s: %v", name, err)
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	h.checkTimed(name)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String(), cpu: cpu}
}

// checkTimed fails the test for every stub that the last run started outside
// timeout(1) (the stubs note those in untimed.log), except timedExempt ones.
func (h *host) checkTimed(name string) {
	h.t.Helper()
	path := filepath.Join(h.state, "untimed.log")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	if err != nil {
		h.t.Fatalf("reading %s: %v", path, err)
	}
	if err := os.Remove(path); err != nil {
		h.t.Fatalf("clearing %s: %v", path, err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if f := strings.Fields(line); len(f) > 0 && !timedExempt[f[0]] {
			h.t.Errorf("%s ran %q outside timeout(1); a command that can hang needs a time limit", name, strings.ReplaceAll(line, h.root, "<root>"))
		}
	}
}

// mustRun runs a script and fails the test unless it exits 0.
func (h *host) mustRun(name, stdin string, args ...string) result {
	h.t.Helper()
	r := h.run(name, stdin, args...)
	if r.code != 0 {
		h.t.Fatalf("%s %v: exit %d, want 0\nstderr:\n%s", name, args, r.code, r.stderr)
	}
	return r
}

var tempName = regexp.MustCompile(`/\.([A-Za-z0-9_.-]+?)\.[A-Za-z0-9]{6}(\.part)?(\s|$)`)

// calls returns the stub calls logged so far, with the temp root written as
// <root> and mktemp names as .NAME.TMP, and clears the log.
func (h *host) calls() []string {
	h.t.Helper()
	b, err := os.ReadFile(h.logPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		h.t.Fatalf("reading calls log: %v", err)
	}
	if err := os.Remove(h.logPath); err != nil {
		h.t.Fatalf("clearing calls log: %v", err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if line == "" {
			continue
		}
		line = strings.ReplaceAll(line, h.root, "<root>")
		line = tempName.ReplaceAllString(line, "/.$1.TMP$2$3")
		out = append(out, line)
	}
	return out
}

// countPrefix counts the calls that start with prefix.
func countPrefix(calls []string, prefix string) int {
	n := 0
	for _, c := range calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

// assertCalls fails unless got equals want, printing both in full.
func assertCalls(t testing.TB, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: stub calls differ\n got:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// fileState is what "unchanged" means for one path: bytes, mode and mtime.
type fileState struct {
	exists  bool
	content string
	link    string
	mode    os.FileMode
	mtime   time.Time
}

func (h *host) snapshot(paths ...string) map[string]fileState {
	h.t.Helper()
	m := map[string]fileState{}
	for _, p := range paths {
		full := h.rootPath(p)
		fi, err := os.Lstat(full)
		if errors.Is(err, os.ErrNotExist) {
			m[p] = fileState{}
			continue
		}
		if err != nil {
			h.t.Fatalf("stat %s: %v", full, err)
		}
		s := fileState{exists: true, mode: fi.Mode(), mtime: fi.ModTime()}
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			s.link, _ = os.Readlink(full)
		case fi.Mode().IsRegular():
			s.content = h.readFile(full)
		}
		m[p] = s
	}
	return m
}

// assertUnchanged fails for every path whose state differs from before.
func (h *host) assertUnchanged(what string, before map[string]fileState) {
	h.t.Helper()
	paths := make([]string, 0, len(before))
	for p := range before {
		paths = append(paths, p)
	}
	after := h.snapshot(paths...)
	for _, p := range paths {
		b, a := before[p], after[p]
		if b != a {
			h.t.Errorf("%s: %s changed\nbefore: exists=%v mode=%v mtime=%v link=%q content=%q\nafter:  exists=%v mode=%v mtime=%v link=%q content=%q",
				what, p, b.exists, b.mode, b.mtime, b.link, b.content, a.exists, a.mode, a.mtime, a.link, a.content)
		}
	}
}

// clearState removes stub state files (for example "kplc/wait-ready.exit"); missing ones are fine.
func (h *host) clearState(names ...string) {
	h.t.Helper()
	for _, n := range names {
		if err := os.Remove(filepath.Join(h.state, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			h.t.Fatalf("clearing stub state %s: %v", n, err)
		}
	}
}

var readyPendingSince = regexp.MustCompile(`(?m)^since=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$`)

// assertReadyPending fails unless the host file p is a ready-pending marker naming node and
// service, with the UTC time it was written.
func (h *host) assertReadyPending(what, p string, node int, service string) {
	h.t.Helper()
	b, err := os.ReadFile(h.rootPath(p))
	if err != nil {
		h.t.Errorf("%s: %s is missing (%v); the next run would not wait for the broker", what, p, err)
		return
	}
	text := string(b)
	for _, want := range []string{"\nnode.id=" + strconv.Itoa(node) + "\n", "\nservice=" + service + "\n"} {
		if !strings.Contains(text, want) {
			h.t.Errorf("%s: %s lacks %q:\n%s", what, p, strings.TrimSpace(want), text)
		}
	}
	if !readyPendingSince.MatchString(text) {
		h.t.Errorf("%s: %s lacks since=<UTC time>:\n%s", what, p, text)
	}
}

// assertNoFile fails if the host path p exists.
func (h *host) assertNoFile(what, p string) {
	h.t.Helper()
	if _, err := os.Lstat(h.rootPath(p)); !errors.Is(err, os.ErrNotExist) {
		h.t.Errorf("%s: %s is still there (%v)", what, p, err)
	}
}

// listDir returns the names in a host directory, sorted.
func (h *host) listDir(p string) []string {
	h.t.Helper()
	entries, err := os.ReadDir(h.rootPath(p))
	if err != nil {
		h.t.Fatalf("listing %s: %v", p, err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// addKafkaTarball builds a fake kafka_<scala>-<version>.tgz (with the stub
// kafka-storage.sh and kafka-server-start.sh from testdata/kafka-bin) into
// the fixtures and returns its "sha256:<hex>" and "sha512:<hex>" checksums.
func (h *host) addKafkaTarball(scala, version string) (sha256sum, sha512sum string) {
	h.t.Helper()
	b := kafkaTarball(h.t, scala, version)
	h.writeFile(filepath.Join(h.fixtures, "kafka_"+scala+"-"+version+".tgz"), string(b))
	s256 := sha256.Sum256(b)
	s512 := sha512.Sum512(b)
	return "sha256:" + hex.EncodeToString(s256[:]), "sha512:" + hex.EncodeToString(s512[:])
}

func kafkaTarball(t testing.TB, scala, version string) []byte {
	t.Helper()
	top := "kafka_" + scala + "-" + version
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	add := func(name string, mode int64, body []byte) {
		hdr := &tar.Header{Name: top + "/" + name, Mode: mode, Size: int64(len(body)), ModTime: time.Unix(1700000000, 0)}
		if strings.HasSuffix(name, "/") {
			hdr.Typeflag, hdr.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatalf("tar header %s: %v", name, err)
		}
		if _, err := tw.Write(body); err != nil {
			t.Fatalf("tar body %s: %v", name, err)
		}
	}
	add("", 0o755, nil)
	add("bin/", 0o755, nil)
	for _, f := range []string{"kafka-storage.sh", "kafka-server-start.sh"} {
		body, err := os.ReadFile(filepath.Join("testdata/kafka-bin", f))
		if err != nil {
			t.Fatalf("reading %s: %v", f, err)
		}
		add("bin/"+f, 0o755, body)
	}
	add("libs/", 0o755, nil)
	add("libs/kafka_"+scala+"-"+version+".jar", 0o644, []byte("fake jar for Kafka "+version+"\n"))
	add("LICENSE", 0o644, []byte("fake license\n"))
	if err := tw.Close(); err != nil {
		t.Fatalf("closing tar: %v", err)
	}
	if err := gz.Close(); err != nil {
		t.Fatalf("closing gzip: %v", err)
	}
	return buf.Bytes()
}

// installArgs are install-broker.sh's flags for a version and checksum; the dist server's kplc
// is testKplc.
func installArgs(version, checksum string) []string {
	return []string{
		"--kafka-version", version, "--scala-version", "2.13", "--dist-url", testDistURL,
		"--checksum", checksum, "--kplc-checksum", testKplcChecksum(), "--data-device", "/dev/vdb", "--heap", "2g",
	}
}

// testKplcChecksum is testKplc's digest as the program passes it, "sha256:<hex>".
func testKplcChecksum() string {
	sum := sha256.Sum256([]byte(testKplc))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// configureArgs are configure-broker.sh's flags for node 1.
func configureArgs(clusterID string) []string {
	return []string{"--node-id", "1", "--cluster-id", clusterID, "--bootstrap", testBootstrap}
}

// brokerConfig renders a small server.properties for node.id n; extra lines
// make a changed config.
func brokerConfig(n int, extra ...string) string {
	id := string(rune('0' + n))
	lines := []string{
		"# rendered by kafka-plc",
		"process.roles=broker,controller",
		"node.id=" + id,
		"controller.quorum.voters=1@10.0.1.10:29092,2@10.0.2.10:29092,3@10.0.3.10:29092",
		"listeners=CONTROLLER://:29092,INTERNAL://:9092,EXTERNAL://:39092",
		"advertised.listeners=INTERNAL://10.0." + id + ".10:9092,EXTERNAL://b" + id + ".example.alicloud.plc.tidbcloud.com:909" + string(rune('2'+n)),
		"log.dirs=/var/lib/kafka/data",
	}
	return strings.Join(append(lines, extra...), "\n") + "\n"
}

// installedBroker returns a host where install-broker.sh ran, Kafka 3.7.1 is
// installed and the stub call log is empty.
func installedBroker(t testing.TB) *host {
	t.Helper()
	h := newHost(t)
	sum, _ := h.addKafkaTarball("2.13", "3.7.1")
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	h.calls()
	return h
}

// runningBroker returns an installed host whose first configure-broker.sh
// run (with brokerConfig(n)) started Kafka; the call log is empty.
func runningBroker(t testing.TB, n int) *host {
	t.Helper()
	h := installedBroker(t)
	args := []string{"--node-id", string(rune('0' + n)), "--cluster-id", testClusterID, "--bootstrap", testBootstrap}
	h.mustRun(ConfigureBrokerName, brokerConfig(n), args...)
	h.calls()
	return h
}
