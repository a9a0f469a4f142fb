package components

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/plan"
)

// TestComponentsDoNotImportTheConfigLoader: a library user's build of the components pulls in
// none of the stack-specific packages (the config loader, the plan built from it, the program,
// the CLI): the arguments are plain values that package deploy maps the plan to (issue 16 item 13).
func TestComponentsDoNotImportTheConfigLoader(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(goTool, "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps .: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	const module = "github.com/kafka-plc/kafka-plc/"
	for _, forbidden := range []string{"config", "plan", "deploy", "kplc", "placement", "propsedit"} {
		for _, d := range deps {
			if d == module+forbidden {
				t.Errorf("package components depends on %s (go list -deps); library users would build it: take plain values in the Args instead", d)
			}
		}
	}
}

// TestLogDirIsThePlans: the data disk's description names the log.dirs package plan renders.
func TestLogDirIsThePlans(t *testing.T) {
	if logDir != plan.LogDir {
		t.Errorf("logDir = %q, plan.LogDir = %q; want the same", logDir, plan.LogDir)
	}
}
