// Package kplcbuild builds the linux/amd64 kplc binary that the Pulumi program copies to the
// bastion (and, in mode existing, to the brokers), and identifies a binary by its SHA-256.
//
// The program builds kplc itself, in preview and update alike, and waits for the build before
// it registers anything that reaches a host or takes the binary (in mode new the network is
// created meanwhile), so that the upload's source is a file known at preview: pulumi-command v1.2.1 fails
// the Check of a CopyToRemote whose source is unknown (alicloud-provider-facts.md, "CopyToRemote
// with an unknown source at preview"). The build is reproducible (-trimpath, -buildvcs=false:
// the same sources and toolchain give the same bytes whatever the git state), so the binary's
// hash, which re-runs the upload and the steps that use kplc, changes only when kplc does.
package kplcbuild

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Output is where the program builds kplc, relative to the module root.
const Output = "bin/kplc-linux-amd64"

// Package is the package path of kplc inside the module.
const Package = "./cmd/kplc"

// Env is what the build adds to the environment: a static linux/amd64 binary.
var Env = []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64"}

// Binary is a built (or prebuilt) kplc binary.
type Binary struct {
	// Path is the binary's file.
	Path string
	// SHA256 is the hex SHA-256 of its content.
	SHA256 string
}

// Checksum returns the binary's digest as the host scripts take it: "sha256:<64 hex>".
func (b Binary) Checksum() string { return "sha256:" + b.SHA256 }

// Command returns the build command line for output (relative to the module root, or
// absolute), as a user would type it there.
func Command(output string) string {
	return strings.Join(Env, " ") + " go " + strings.Join(buildArgs(output), " ")
}

// buildArgs returns the arguments of `go` that build kplc into output.
func buildArgs(output string) []string {
	// -buildvcs=false: by default go stamps the git revision and a "modified" flag into the
	// binary, so its hash would change with every commit and every uncommitted file.
	return []string{"build", "-trimpath", "-buildvcs=false", "-o", output, Package}
}

// Build builds kplc from the module rooted at moduleDir into output (relative to moduleDir, or
// absolute) and returns the binary with its SHA-256. The binary is written to a temporary file
// beside output and renamed into place, so that a reader never sees half a file. A failed
// build returns an error holding go's output and the fix.
func Build(ctx context.Context, moduleDir, output string) (Binary, error) {
	if !filepath.IsAbs(output) {
		output = filepath.Join(moduleDir, output)
	}
	if st, err := os.Stat(filepath.Join(moduleDir, "cmd", "kplc")); err != nil || !st.IsDir() {
		return Binary{}, fmt.Errorf("building kplc: %s has no cmd/kplc; fix: run the program from the kafka-plc module root "+
			"(the directory of its go.mod)", moduleDir)
	}
	if err := os.MkdirAll(filepath.Dir(output), 0o755); err != nil {
		return Binary{}, fmt.Errorf("building kplc: creating the output directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(output), "."+filepath.Base(output)+".*")
	if err != nil {
		return Binary{}, fmt.Errorf("building kplc: %w", err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpPath) // gone after the rename; removes what a failed build left

	cmd := exec.CommandContext(ctx, "go", buildArgs(tmpPath)...)
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), Env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return Binary{}, fmt.Errorf("building kplc: the go command is not on PATH; fix: install the Go toolchain that " +
				"go.mod names (the program builds kplc for the bastion with it), or run with the Go of your PATH")
		}
		return Binary{}, fmt.Errorf("building kplc in %s failed (%v):\n%s\nfix: correct the error above and run again; "+
			"to see it yourself, run there: %s", moduleDir, err, strings.TrimRight(out.String(), "\n"), Command(Output))
	}
	if err := os.Rename(tmpPath, output); err != nil {
		return Binary{}, fmt.Errorf("building kplc: moving the build into place: %w", err)
	}
	return Hash(output)
}

// Hash returns the binary at path with its SHA-256, refusing anything but a non-empty regular
// file.
func Hash(path string) (Binary, error) {
	f, err := os.Open(path)
	if err != nil {
		return Binary{}, fmt.Errorf("reading the kplc binary: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Binary{}, fmt.Errorf("reading the kplc binary: %w", err)
	}
	if !st.Mode().IsRegular() || st.Size() == 0 {
		return Binary{}, fmt.Errorf("the kplc binary %s is not a non-empty file", path)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return Binary{}, fmt.Errorf("reading the kplc binary %s: %w", path, err)
	}
	return Binary{Path: path, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
