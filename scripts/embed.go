// Package scripts holds the host-side shell scripts that the Pulumi program
// runs over SSH (through the bastion, as root) to install and configure Kafka.
//
// The scripts are the only code that changes a host:
//
//   - prepare-bastion.sh downloads and verifies the Kafka tarball on the
//     bastion and serves it, with the kplc binary, to the brokers over the
//     private network (the brokers have no internet access).
//   - install-broker.sh installs Java, Kafka, kplc and the kafka systemd unit
//     on a broker and prepares its data disk. It never starts Kafka.
//   - configure-broker.sh applies a new server.properties (on stdin), formats
//     storage only when it was never formatted, and restarts Kafka only after
//     `kplc safe-to-restart` agrees, then waits with `kplc wait-ready`.
//   - expose-existing-broker.sh adds the EXTERNAL listener to a broker of an
//     existing cluster (through `kplc expose`), behind the same restart gates.
//   - verify.sh runs kplc's end-to-end checks on the bastion and prints a JSON
//     summary.
//   - exporter-probe.sh points kplc exporter's private-link probe at the NLB once it
//     exists (an environment file read by kplc-exporter.service).
//
// The functions the scripts share (messages, flag parsing, atomic writes,
// checksums, downloads, the restart gates...) live in lib.sh. On a host a
// script is one file, lib.sh's text followed by the script's (Bundle), installed
// in HostDir and run by path with RunCommand, which checks its SHA-256 first
// (the program uploads it; see hostrun.go). Command puts the same text inline
// in one command line instead (the scripts tests run it so). In the repository
// each script sources lib.sh itself, so it also runs (and is linted) on its own.
//
// Flags, host paths and exit codes (0 ok, 1 failure, 2 usage error) are fixed
// by the project's contracts. Every script prefixes the paths it touches with
// $KPLC_ROOT (empty on a real host), which lets the tests run the real scripts
// in a temporary directory with stub commands first on PATH.
package scripts

import (
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Names of the embedded scripts, as accepted by Command.
const (
	// PrepareBastionName is the file name of the bastion preparation script.
	PrepareBastionName = "prepare-bastion.sh"
	// InstallBrokerName is the file name of the broker installation script.
	InstallBrokerName = "install-broker.sh"
	// ConfigureBrokerName is the file name of the broker configuration script.
	ConfigureBrokerName = "configure-broker.sh"
	// VerifyName is the file name of the end-to-end verification script.
	VerifyName = "verify.sh"
	// ExporterProbeName is the file name of the script that configures kplc exporter's
	// private-link probe on the bastion.
	ExporterProbeName = "exporter-probe.sh"

	// libName is the file of shared functions; it is not a script of its own.
	libName = "lib.sh"
)

// lib is the text of lib.sh, which Command puts in front of every script.
//
//go:embed lib.sh
var lib string

// scriptFiles holds every script, at the top level, under its file name (and lib.sh).
//
//go:embed *.sh
var scriptFiles embed.FS

// scriptNames returns the file names of all embedded scripts, sorted (lib.sh, which
// is not a script, is not one of them).
func scriptNames() []string {
	entries, err := scriptFiles.ReadDir(".")
	if err != nil {
		panic(fmt.Sprintf("scripts: reading embedded FS: %v", err)) // cannot happen with go:embed
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.Name() != libName {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// maxArgBytes is Linux's limit on one argument (MAX_ARG_STRLEN, 32 pages).
const maxArgBytes = 128 * 1024

// Command returns a shell command line that runs the named script with bash,
// passing args as its flags, under timeout(1) with the given limit (whole
// seconds, at least one; SIGKILL 30 s after SIGTERM). The script text, after
// the text of lib.sh, travels inside the command line itself, so stdin stays
// free for input such as configure-broker.sh's server.properties. Every word is
// single-quoted, so the result is safe to hand to a remote shell as is.
func Command(name string, limit time.Duration, args ...string) (string, error) {
	b, err := scriptFiles.ReadFile(name)
	if err != nil || name == libName {
		return "", fmt.Errorf("scripts: unknown script %q (have %s)", name, strings.Join(scriptNames(), ", "))
	}
	text := lib + "\n" + string(b)
	if len(text) >= maxArgBytes {
		return "", fmt.Errorf("scripts: %s with lib.sh is %d bytes, above the %d-byte limit for one command-line argument", name, len(text), maxArgBytes)
	}
	secs := int64(limit / time.Second)
	if secs < 1 {
		return "", fmt.Errorf("scripts: timeout %v for %s: must be at least 1s", limit, name)
	}
	words := []string{"timeout", "--kill-after=30", strconv.FormatInt(secs, 10), "bash", "-c", quote(text), quote(name)}
	for _, a := range args {
		words = append(words, quote(a))
	}
	return strings.Join(words, " "), nil
}

// quote single-quotes s for a POSIX shell.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
