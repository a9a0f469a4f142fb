package enginetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kafka-plc/kafka-plc/kplcbuild"
)

// TestMain builds kplc for the hosts once, with the program's own build (kplcbuild.Build, the
// same flags and environment as deploy's), before any scenario runs. Every program run then finds
// bin/kplc-linux-amd64 present, as on a machine that has deployed before, so which scenario
// happens to build first cannot change the others' plans (the build step's triggers include
// whether the binary exists). A different build here (say, without -buildvcs=false, which stamps
// the checkout's VCS state) would hand the twin's dist server another binary than the program
// uploads, and install-broker.sh's checksum guard would refuse it.
func TestMain(m *testing.M) {
	dir, err := filepath.Abs("..")
	if err == nil {
		_, err = kplcbuild.Build(context.Background(), dir, kplcbuild.Output)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "building kplc:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
