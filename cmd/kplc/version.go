package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

// readBuildInfo is debug.ReadBuildInfo, replaced in tests.
var readBuildInfo = debug.ReadBuildInfo

const versionUsage = "kplc version: " + versionSummary + `

usage: kplc version

Prints the module version (a tag or pseudo-version under ` + "`go install module@version`" + `, "(devel)"
for a build of a checkout) and the VCS revision, commit time and whether the checkout had
uncommitted changes, as the Go toolchain recorded them in the binary (go version -m shows the same).
`

// runVersion implements `kplc version`.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kplc version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if code, ok := parseWithUsage(fs, versionUsage, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return reportUsageProblems(stderr, "version", []string{fmt.Sprintf("unexpected argument %q (version takes no arguments)", fs.Arg(0))})
	}
	fmt.Fprintln(stdout, versionText(readBuildInfo()))
	return exitOK
}

// versionText describes the build: module path and version, then the revision (with
// "+modified" for a dirty checkout) and its time, then the Go version; what the build info
// lacks is said so rather than left out.
func versionText(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "kplc: no build information in this binary (built without module support)"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	rev := settings["vcs.revision"]
	switch {
	case rev == "":
		rev = "unknown (built without VCS information, e.g. go run or -buildvcs=false)"
	case settings["vcs.modified"] == "true":
		rev += "+modified"
	}
	if t := settings["vcs.time"]; t != "" {
		rev += " (" + t + ")"
	}
	return fmt.Sprintf("kplc %s %s\nrevision %s\nbuilt with %s", bi.Main.Path, bi.Main.Version, rev, bi.GoVersion)
}
