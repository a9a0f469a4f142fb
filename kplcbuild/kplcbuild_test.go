package kplcbuild

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (path → text) under root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// git runs git in dir.
func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// The binary's hash is the upload's trigger, so it must change with kplc's sources and with
// nothing else: not with the git state (go stamps vcs.revision and vcs.modified by default,
// which -buildvcs=false turns off) and not with a nested module (enginetest/, sdks/alicloud),
// which `go build ./cmd/kplc` does not compile. Builds for real (cached after the first).
func TestBuildHashFollowsKplcOnly(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	// What a default Go installation does; this machine's go env may turn it off.
	t.Setenv("GOFLAGS", "-buildvcs=true")
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"go.mod":                "module example.com/kafka-plc\n\ngo 1.22\n",
		"cmd/kplc/main.go":      "package main\n\nfunc main() { println(\"kplc\") }\n",
		"nested/go.mod":         "module example.com/kafka-plc/nested\n\ngo 1.22\n",
		"nested/nested.go":      "package nested\n",
		"README.md":             "kplc\n",
		"bin/kplc-linux-amd64":  "stale",
		"docs/unrelated-doc.md": "x\n",
	})
	git(t, root, "init", "-q")
	git(t, root, "add", "-A")
	git(t, root, "commit", "-qm", "first")

	build := func() Binary {
		t.Helper()
		b, err := Build(context.Background(), root, Output)
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		if b.Path != filepath.Join(root, Output) {
			t.Fatalf("built %s, want %s", b.Path, filepath.Join(root, Output))
		}
		return b
	}
	first := build()
	data, err := os.ReadFile(first.Path)
	if err != nil || !strings.HasPrefix(string(data), "\x7fELF") {
		t.Fatalf("%s is not an ELF binary (err %v)", first.Path, err)
	}
	if got, err := Hash(first.Path); err != nil || got != first {
		t.Fatalf("Hash = %+v, %v; want %+v", got, err, first)
	}

	// A new commit, an uncommitted file and a nested module's change: the same binary.
	writeTree(t, root, map[string]string{"README.md": "kplc, edited\n", "nested/nested.go": "package nested\n\nvar X = 1\n"})
	git(t, root, "commit", "-qam", "second")
	writeTree(t, root, map[string]string{"docs/unrelated-doc.md": "dirty\n"})
	if again := build(); again.SHA256 != first.SHA256 {
		t.Errorf("the binary changed (%s → %s) with git state and a nested module only", first.SHA256, again.SHA256)
	}

	// A change to kplc: a new binary.
	writeTree(t, root, map[string]string{"cmd/kplc/main.go": "package main\n\nfunc main() { println(\"kplc 2\") }\n"})
	if changed := build(); changed.SHA256 == first.SHA256 {
		t.Error("changing cmd/kplc did not change the binary's hash, so the upload would not re-run")
	}
	leftovers, _ := filepath.Glob(filepath.Join(root, "bin", ".*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left beside the output: %v", leftovers)
	}
}

// A build that fails is an error with go's output and the command to reproduce it.
func TestBuildFailureSaysWhatAndHow(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"go.mod":           "module example.com/kafka-plc\n\ngo 1.22\n",
		"cmd/kplc/main.go": "package main\n\nfunc main() { undefinedCall() }\n",
	})
	_, err := Build(context.Background(), root, Output)
	if err == nil {
		t.Fatal("Build of a broken kplc succeeded")
	}
	for _, want := range []string{"undefinedCall", "fix:", Command(Output)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not contain %q:\n%v", want, err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, Output)); !os.IsNotExist(err) {
		t.Errorf("a failed build left %s (stat err %v)", Output, err)
	}
	if _, err := Build(context.Background(), t.TempDir(), Output); err == nil || !strings.Contains(err.Error(), "cmd/kplc") {
		t.Errorf("Build outside a module root: %v, want an error naming cmd/kplc", err)
	}
}

func TestCommand(t *testing.T) {
	want := "CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -trimpath -buildvcs=false -o bin/kplc-linux-amd64 ./cmd/kplc"
	if got := Command(Output); got != want {
		t.Errorf("Command = %q, want %q", got, want)
	}
}
