package deploy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/kplcbuild"
)

// The program builds kplc itself, with go build, before any resource registers, and uploads
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
		_, err := program(ctx, moduleDir, buildKplc)
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

// A failed build is a refusal before anything registers, with go's output and the fix.
func TestProgramRefusesAFailedKplcBuild(t *testing.T) {
	moduleDir := fakeModule(t)
	mocks := newMocks(t, moduleDir)
	failing := func(context.Context, string) (string, error) {
		return "", errors.New("building kplc in /m failed (exit status 1):\ncmd/kplc/main.go:3:1: syntax error\nfix: correct the error above")
	}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := program(ctx, moduleDir, failing)
		return err
	}, pulumi.WithMocks("kafka-plc", "dev", mocks), withStack(devStack(3)))
	if err == nil || !strings.Contains(err.Error(), "syntax error") || !strings.Contains(err.Error(), "fix:") {
		t.Fatalf("error = %v, want the build's output and the fix", err)
	}
	if got := mocks.Resources(); len(got) != 0 {
		t.Errorf("%d resources registered before the build failed, want none (first %s %s)", len(got), got[0].Type, got[0].Name)
	}
}
