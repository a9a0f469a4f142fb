package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kafka-plc/kafka-plc/kraft"
	"github.com/kafka-plc/kafka-plc/propsedit"
)

// BackupSuffix is appended to server.properties' path for the one-time backup of the file as
// it was before kplc first changed it. An existing backup is never overwritten.
const BackupSuffix = ".kafka-plc.orig"

const exposeUsage = `kplc expose: ` + exposeSummary + `

usage: kplc expose --file PATH --node-id N --advertised-host H --advertised-port P
                   [--external-port 39092] [--listener-name EXTERNAL] [--bind-host H]
                   [--sasl-mechanism SCRAM-SHA-512] [--dry-run] [--format text|json]

Run on a broker host of an existing KRaft cluster. Adds (or updates) the EXTERNAL listener
in server.properties in place: only the EXTERNAL items of listeners, advertised.listeners and
listener.security.protocol.map change; every other byte of the file is kept. The result is
checked against Kafka's KRaft start-up rules before anything is written. Before the first
change the original is copied once to PATH` + BackupSuffix + ` (never overwritten); the file is
then replaced atomically, keeping its mode and owner. When the listener is being added (or
moved to another port) the port must be free on this host.

With --sasl-mechanism SCRAM-SHA-512 (externalAuth scram-sha-512) the listener is SASL_PLAINTEXT
with the listener-prefixed SCRAM settings, and a broker without an authorizer gets KRaft's
StandardAuthorizer with User:ANONYMOUS as the super user; kplc refuses when that could lock
another client out (a listener that is not PLAINTEXT, a custom principal builder, another
authorizer). Without it, an EXTERNAL listener that kplc made SASL goes back to PLAINTEXT.
No credential is involved: kplc scram-upsert creates it, from stdin, before the first restart.

kplc expose never restarts Kafka: scripts/expose-existing-broker.sh does, behind the
safe-to-restart and wait-ready gates, and only when this command reports "changed".

Exit codes: 0 changed or unchanged (the output says which), 1 refused (nothing written),
2 usage error.

Flags:
`

// exposeOptions are the flags of `kplc expose`.
type exposeOptions struct {
	file           string
	nodeID         int
	externalPort   int
	advertisedHost string
	advertisedPort int
	listenerName   string
	bindHost       string
	saslMechanism  string
	dryRun         bool
	format         string
}

// exposeReport is the outcome of `kplc expose`, in the shape of its JSON output.
type exposeReport struct {
	File          string   `json:"file"`
	NodeID        int      `json:"nodeId"`
	Status        string   `json:"status"` // "changed", "unchanged" or "refused"
	Changed       bool     `json:"changed"`
	DryRun        bool     `json:"dryRun"`
	Written       bool     `json:"written"`
	ChangedKeys   []string `json:"changedKeys"`
	Diff          string   `json:"diff,omitempty"`
	Backup        string   `json:"backup,omitempty"`
	BackupCreated bool     `json:"backupCreated"`
	PortChecked   bool     `json:"portChecked"`
	Warnings      []string `json:"warnings"`
	Error         string   `json:"error,omitempty"`
}

// Status values of exposeReport.
const (
	exposeChanged   = "changed"
	exposeUnchanged = "unchanged"
	exposeRefused   = "refused"
)

// errPortInUse marks a refusal because the EXTERNAL port is taken on the host.
var errPortInUse = errors.New("port in use")

// runExpose implements `kplc expose`.
func runExpose(args []string, stdout, stderr io.Writer) int {
	opts, code, ok := parseExposeFlags(args, stdout, stderr)
	if !ok {
		return code
	}
	rep := exposeReport{File: opts.file, NodeID: opts.nodeID, DryRun: opts.dryRun, ChangedKeys: []string{}, Warnings: []string{}}
	code, err := expose(opts, &rep)
	if err != nil {
		rep.Status, rep.Error = exposeRefused, err.Error()
		fmt.Fprintf(stderr, "kplc expose: REFUSED, nothing written: %v\n", err)
	}
	if opts.format == "json" {
		emitJSON(stdout, rep)
		return code
	}
	if err == nil {
		writeExposeText(stdout, rep)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(stderr, "kplc expose: warning: %s\n", w)
	}
	return code
}

// expose does the work and fills rep; it returns the exit code and, for a refusal, the reason.
func expose(opts exposeOptions, rep *exposeReport) (int, error) {
	// Edit the file a symlink points to, so that the link stays a link.
	path, err := filepath.EvalSymlinks(opts.file)
	if err != nil {
		return exitFailed, fmt.Errorf("--file %s: %w; pass the broker's server.properties (the path Kafka's service starts with)", opts.file, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return exitFailed, fmt.Errorf("--file %s: %w", opts.file, err)
	}
	if !info.Mode().IsRegular() {
		return exitFailed, fmt.Errorf("--file %s: not a regular file (%s)", opts.file, info.Mode().Type())
	}
	original, err := os.ReadFile(path)
	if err != nil {
		return exitFailed, fmt.Errorf("reading --file %s: %w", opts.file, err)
	}
	want := propsedit.External{
		NodeID:         opts.nodeID,
		Name:           opts.listenerName,
		BindHost:       opts.bindHost,
		Port:           opts.externalPort,
		AdvertisedHost: opts.advertisedHost,
		AdvertisedPort: opts.advertisedPort,
		SASLMechanism:  opts.saslMechanism,
	}
	res, err := propsedit.Edit(original, want)
	if err != nil {
		if errors.Is(err, propsedit.ErrInvalidExternal) {
			return exitUsage, fmt.Errorf("the requested listener is invalid: %w", err)
		}
		return exitFailed, fmt.Errorf("%s: %w", opts.file, err)
	}
	rep.Warnings = append(rep.Warnings, res.Warnings...)
	rep.ChangedKeys = append(rep.ChangedKeys, res.ChangedKeys...)
	rep.Changed = res.Changed
	rep.Status = exposeUnchanged
	if !res.Changed {
		return exitOK, nil
	}
	rep.Status = exposeChanged
	rep.Diff = res.DiffNamed(opts.file)

	// A new listener (or one moved to another port) must find its port free; when only the
	// advertised name changes, the running broker itself holds the port.
	name := strings.ToUpper(opts.listenerName)
	if port, found := boundPort(original, name); !found || port != opts.externalPort {
		rep.PortChecked = true
		if err := checkPortFree(opts.bindHost, opts.externalPort); err != nil {
			return exitFailed, err
		}
	}
	if opts.dryRun {
		return exitOK, nil
	}

	rep.Backup = path + BackupSuffix
	rep.BackupCreated, err = createOnce(rep.Backup, original, info)
	if err != nil {
		return exitFailed, fmt.Errorf("backing up %s before the first change: %w", path, err)
	}
	if err := replaceAtomically(path, res.Output, original, info); err != nil {
		return exitFailed, err
	}
	rep.Written = true
	return exitOK, nil
}

// boundPort returns the port of listener name in the file's listeners, if it has one.
func boundPort(data []byte, name string) (int, bool) {
	f, err := propsedit.Parse(data)
	if err != nil {
		return 0, false
	}
	entries := f.Lookup(kraft.KeyListeners)
	if len(entries) == 0 {
		return 0, false
	}
	eps, err := kraft.ParseEndpoints(entries[len(entries)-1].Value)
	if err != nil {
		return 0, false
	}
	for _, ep := range eps {
		if strings.EqualFold(ep.Name, name) {
			return ep.Port, true
		}
	}
	return 0, false
}

// checkPortFree tries to listen on host:port (host "" means every interface, as Kafka binds
// NAME://:port) and refuses when another process already holds the port.
func checkPortFree(host string, port int) error {
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%w: TCP port %d is already in use on this host (another process listens on %s), so Kafka could not bind the EXTERNAL listener; "+
				"fix: find the process with `ss -ltnp 'sport = :%d'`, or choose a free port with the stack setting externalPort (kplc expose --external-port)",
				errPortInUse, port, addr, port)
		}
		return fmt.Errorf("cannot bind the EXTERNAL port %s on this host: %w; fix: choose another externalPort, or check --bind-host", addr, err)
	}
	if err := ln.Close(); err != nil {
		return fmt.Errorf("releasing the port check on %s: %w", addr, err)
	}
	return nil
}

// createOnce writes data to path with info's mode and owner unless path already exists; it
// reports whether it created the file. The file appears complete or not at all.
func createOnce(path string, data []byte, info fs.FileInfo) (bool, error) {
	if _, err := os.Lstat(path); err == nil {
		return false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	tmp, err := writeTemp(path, data, info)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp)
	// link(2) fails when path exists, so a backup made meanwhile is never overwritten.
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, fmt.Errorf("creating %s: %w", path, err)
	}
	return true, syncDir(filepath.Dir(path))
}

// replaceAtomically replaces path with data (temp file in the same directory, fsync, rename),
// keeping the mode and owner in info. It refuses when the file changed since it was read.
func replaceAtomically(path string, data, read []byte, info fs.FileInfo) error {
	tmp, err := writeTemp(path, data, info)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // a no-op once renamed
	now, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("re-reading %s: %w", path, err)
	}
	if string(now) != string(read) {
		return fmt.Errorf("%s changed while kplc was editing it; nothing was written, run again", path)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}

// writeTemp writes data to a new hidden temp file next to path, with info's mode and owner,
// flushed to disk, and returns its name.
func writeTemp(path string, data []byte, info fs.FileInfo) (name string, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".kplc-*")
	if err != nil {
		return "", fmt.Errorf("creating a temp file next to %s: %w", path, err)
	}
	name = f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(name)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return "", fmt.Errorf("writing %s: %w", name, err)
	}
	if err = f.Chmod(info.Mode().Perm()); err != nil {
		return "", fmt.Errorf("setting the mode of %s: %w", name, err)
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		if err = f.Chown(int(st.Uid), int(st.Gid)); err != nil {
			return "", fmt.Errorf("giving %s the owner %d:%d of %s (run as root, e.g. with sudo): %w", name, st.Uid, st.Gid, path, err)
		}
	}
	if err = f.Sync(); err != nil {
		return "", fmt.Errorf("flushing %s: %w", name, err)
	}
	if err = f.Close(); err != nil {
		return "", fmt.Errorf("closing %s: %w", name, err)
	}
	return name, nil
}

// syncDir flushes a directory so that a rename or link in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("opening %s to flush it: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("flushing %s: %w", dir, err)
	}
	return nil
}

// writeExposeText writes the human-readable outcome: the diff, then one status line.
func writeExposeText(w io.Writer, rep exposeReport) {
	if rep.Status == exposeUnchanged {
		fmt.Fprintf(w, "unchanged: %s already has the wanted EXTERNAL listener; no restart needed\n", rep.File)
		return
	}
	io.WriteString(w, rep.Diff)
	switch {
	case rep.DryRun:
		fmt.Fprintf(w, "changed (dry run, nothing written): %s would change %s; the broker needs a restart\n", rep.File, strings.Join(rep.ChangedKeys, ", "))
	default:
		backup := "kept the earlier backup " + rep.Backup
		if rep.BackupCreated {
			backup = "original backed up to " + rep.Backup
		}
		fmt.Fprintf(w, "changed: wrote %s (%s; %s); restart the broker to apply it\n", rep.File, strings.Join(rep.ChangedKeys, ", "), backup)
	}
}

// parseExposeFlags parses the flags; ok is false when runExpose should return code.
func parseExposeFlags(args []string, stdout, stderr io.Writer) (opts exposeOptions, code int, ok bool) {
	fs := flag.NewFlagSet("kplc expose", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.file, "file", "", "the broker's server.properties `PATH` (required)")
	addNodeID(fs, &opts.nodeID, "the broker's node.id `N` (required; the file must say the same)")
	fs.IntVar(&opts.externalPort, "external-port", propsedit.DefaultPort, "`PORT` the EXTERNAL listener binds (the NLB's backend port)")
	fs.StringVar(&opts.advertisedHost, "advertised-host", "", "`HOST` advertised to TiDB Cloud, e.g. b1.<unique name>.alicloud.plc.tidbcloud.com (required)")
	fs.IntVar(&opts.advertisedPort, "advertised-port", 0, "`PORT` advertised to TiDB Cloud: the broker's own NLB listener port (required)")
	fs.StringVar(&opts.listenerName, "listener-name", propsedit.DefaultName, "listener `NAME`")
	fs.StringVar(&opts.bindHost, "bind-host", "", "`HOST` the listener binds; empty binds every interface (EXTERNAL://:PORT)")
	fs.StringVar(&opts.saslMechanism, "sasl-mechanism", "", "`MECHANISM` EXTERNAL requires: SCRAM-SHA-512, or empty for none (PLAINTEXT)")
	fs.BoolVar(&opts.dryRun, "dry-run", false, "print the diff and the verdict, write nothing")
	fs.StringVar(&opts.format, "format", "text", "output `format`: text or json")
	var timeout time.Duration
	addTimeout(fs, &timeout, time.Minute, "accepted for symmetry with the other commands (a `duration`); expose only reads and writes one file")
	if code, ok := parseWithUsage(fs, exposeUsage, args, stdout); !ok {
		return opts, code, false
	}
	var bad []string
	if fs.NArg() > 0 {
		bad = append(bad, fmt.Sprintf("unexpected argument %q (expose takes flags only)", fs.Arg(0)))
	}
	if strings.TrimSpace(opts.file) == "" {
		bad = append(bad, "--file is required: the broker's server.properties, e.g. --file /opt/kafka/config/kraft/server.properties")
	}
	if opts.nodeID < 0 {
		bad = append(bad, "--node-id is required: the broker's node.id (>= 0)")
	}
	if strings.TrimSpace(opts.advertisedHost) == "" {
		bad = append(bad, "--advertised-host is required, e.g. --advertised-host b1.unique_name.alicloud.plc.tidbcloud.com")
	}
	if opts.advertisedPort < 1 || opts.advertisedPort > 65535 {
		bad = append(bad, fmt.Sprintf("--advertised-port %d: give the broker's NLB listener port (1-65535), e.g. 9093", opts.advertisedPort))
	}
	if opts.externalPort < 1 || opts.externalPort > 65535 {
		bad = append(bad, fmt.Sprintf("--external-port %d: give a TCP port (1-65535), e.g. 39092", opts.externalPort))
	}
	if strings.TrimSpace(opts.listenerName) == "" {
		bad = append(bad, "--listener-name is empty: leave it out for EXTERNAL")
	}
	if opts.format != "text" && opts.format != "json" {
		bad = append(bad, fmt.Sprintf("--format %q: use text or json", opts.format))
	}
	if opts.saslMechanism != "" && !strings.EqualFold(opts.saslMechanism, propsedit.SCRAMSHA512) {
		bad = append(bad, fmt.Sprintf("--sasl-mechanism %q: use %s, or leave it out for an unauthenticated EXTERNAL", opts.saslMechanism, propsedit.SCRAMSHA512))
	}
	if len(bad) > 0 {
		return opts, reportUsageProblems(stderr, "expose", bad), false
	}
	return opts, 0, true
}
