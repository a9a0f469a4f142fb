package enginetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMain builds kplc for the hosts once, with the program's own command (components:
// kplcSource), before any scenario runs. Every program run then finds bin/kplc-linux-amd64
// present, as on a machine that has deployed before, so which scenario happens to build first
// cannot change the others' plans (the build step's triggers include whether the binary exists).
func TestMain(m *testing.M) {
	dir, err := filepath.Abs("..")
	if err == nil {
		cmd := exec.Command("go", "build", "-trimpath", "-o", "bin/kplc-linux-amd64", "./cmd/kplc")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
		if out, berr := cmd.CombinedOutput(); berr != nil {
			err = fmt.Errorf("building kplc: %v\n%s", berr, out)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
