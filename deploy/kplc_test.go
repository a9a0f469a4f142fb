package deploy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/kplcbuild"
)

// The program builds kplc itself, with go build, before any host step registers, and uploads
// the file it built: pulumi-command v1.2.1 fails the Check of a CopyToRemote whose source is
// unknown at preview (copyController.go L85-99; alicloud-provider-facts.md, "CopyToRemote with
// an unknown source at preview"), which a build step's assets output is whenever that step is
// created or changed. This test runs the real build (of fakeModule's one-line kplc).
func TestProgramBuildsKplc(t *testing.T) {
	moduleDir := fakeModule(t)
	standIn, err := os.ReadFile(filepath.Join(moduleDir, kplcbuild.Output))
	if err != nil {
		t.Fatal(err)
	}
	mocks := newMocks(t, moduleDir)
	err = pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := program(ctx, moduleDir, BuildKplc)
		return err
	}, pulumi.WithMocks("kafka-plc", "dev", mocks), withStack(devStack(3)))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	built := filepath.Join(moduleDir, kplcbuild.Output)
	data, err := os.ReadFile(built)
	if err != nil || string(data) == string(standIn) || !strings.HasPrefix(string(data), "\x7fELF") {
		t.Fatalf("%s was not rebuilt into a binary (err %v)", built, err)
	}
	for _, r := range mocks.ByType(mocktest.TypeLocalCommand) {
		// The only local commands are the host-key pins (a shell comparison).
		if tok, _ := r.ParentTypeAndName(); tok != components.SSHHostKeyType {
			t.Errorf("local command %q registered, want none: the program builds kplc itself", r.Name)
		}
	}
	upload := mocks.MustNamed(t, mocktest.TypeCopyToRemote, "kafka-plc-dev-kplc-upload")
	if src := upload.Inputs["source"]; !src.IsAsset() || src.AssetValue().Path != built {
		t.Errorf("upload source = %v, want the file asset %s", src, built)
	}
}

// The build runs while the network registers, and holds back every component that reaches a
// host: the builder below returns only once the mock engine has received the VPC (so the VPC was
// sent while kplc was building), and the program's own registration order (a stack
// transformation sees each registration as the program makes it, before its inputs resolve)
// has no command step before the build returned, and the network's resources before it.
func TestProgramBuildsKplcWhileTheNetworkRegisters(t *testing.T) {
	moduleDir := fakeModule(t)
	mocks := newMocks(t, moduleDir)
	var mu sync.Mutex
	var order []string // "<type> <name>" in program order, and buildReturned
	const buildReturned = "(kplc build returned)"
	note := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		order = append(order, s)
	}
	var sawVPC bool
	builder := func(ctx context.Context, dir string) (string, error) {
		defer note(buildReturned)
		// Bounded, so that a program that waits for the build before registering the VPC fails
		// here instead of hanging; the figure is no timing claim.
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !sawVPC; time.Sleep(time.Millisecond) {
			sawVPC = len(mocks.ByType(mocktest.TypeNetwork)) > 0
		}
		return prebuiltKplc(ctx, dir)
	}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		if err := ctx.RegisterStackTransformation(func(a *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
			note(a.Type + " " + a.Name)
			return nil
		}); err != nil {
			return err
		}
		_, err := program(ctx, moduleDir, builder)
		return err
	}, pulumi.WithMocks("kafka-plc", "dev", mocks), withStack(devStack(3)))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	if !sawVPC {
		t.Errorf("the engine received no VPC while kplc was building: the build holds back the network")
	}
	returned := slices.Index(order, buildReturned)
	if returned < 0 {
		t.Fatalf("the builder never returned; registrations: %v", order)
	}
	before, after := order[:returned], order[returned+1:]
	if want := mocktest.TypeNetwork + " kafka-plc-dev-vpc"; !slices.Contains(before, want) {
		t.Errorf("%s registered after the build returned, want before (while it builds)", want)
	}
	commands := 0
	for _, r := range before {
		if strings.HasPrefix(r, "command:") {
			t.Errorf("%s registered before the build returned: a host step must wait for the build", r)
		}
	}
	for _, r := range after {
		if strings.HasPrefix(r, "command:") {
			commands++
		}
	}
	if commands == 0 {
		t.Errorf("no command step registered after the build: %v", after)
	}
}

// A failed build fails the update with go's output and the fix, before any host step
// registers: in mode new the network registered while it built is kept (the message says so),
// in mode existing (nothing to overlap) nothing registers at all.
func TestProgramRefusesAFailedKplcBuild(t *testing.T) {
	for _, tc := range []struct {
		name    string
		stack   map[string]string
		nothing bool   // no resource at all registers
		want    string // in the error besides the build's output
	}{
		{name: "new", stack: devStack(3), want: "no host was touched; the network resources this update created are kept"},
		{name: "existing", stack: existingStack(), nothing: true, want: "stack dev: building kplc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			moduleDir := fakeModule(t)
			mocks := newMocks(t, moduleDir)
			failing := func(context.Context, string) (string, error) {
				return "", errors.New("building kplc in /m failed (exit status 1):\ncmd/kplc/main.go:3:1: syntax error\nfix: correct the error above")
			}
			err := pulumi.RunErr(func(ctx *pulumi.Context) error {
				_, err := program(ctx, moduleDir, failing)
				return err
			}, pulumi.WithMocks("kafka-plc", "dev", mocks), withStack(tc.stack))
			if err == nil || !strings.Contains(err.Error(), "building kplc") || !strings.Contains(err.Error(), "syntax error") ||
				!strings.Contains(err.Error(), "fix:") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want the build named, its output, the fix and %q", err, tc.want)
			}
			for _, r := range mocks.Resources() {
				if tc.nothing || strings.HasPrefix(r.Type, "command:") {
					t.Errorf("%s %s registered although the build failed", r.Type, r.Name)
				}
			}
		})
	}
}
