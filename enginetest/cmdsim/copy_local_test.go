package cmdsim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/asset"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func fileAsset(t *testing.T, path string) property.Value {
	t.Helper()
	a, err := asset.FromPath(path)
	if err != nil {
		t.Fatal(err)
	}
	return property.New(a)
}

// remote/copyController.go L118-154, L203-269: create copies (into a directory destination,
// parent directories made); update copies only when the source hash or remotePath changed; there
// is no Delete (facts: "CopyToRemote create/update/delete").
func TestCopyToRemote_copyControllerL118to269(t *testing.T) {
	h, p := newTestHosts(t)
	src := filepath.Join(t.TempDir(), "kplc-linux-amd64")
	if err := os.WriteFile(src, []byte("v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	bastion := h.Host("bastion")
	if err := bastion.WriteFile("/srv/dir/.keep", ""); err != nil {
		t.Fatal(err)
	}
	in := props("connection", direct("root"), "source", fileAsset(t, src), "remotePath", "/srv/dir")
	mustCreate(t, p, CopyToRemoteType, "up", in)
	if got, err := bastion.ReadFile("/srv/dir/kplc-linux-amd64"); err != nil || got != "v1" {
		t.Fatalf("copy into a directory: %q, %v", got, err)
	}
	in2 := in.Set("remotePath", sv("/new/parent/kplc"))
	if _, err := update(t, p, CopyToRemoteType, "up", in, in, in2, false); err != nil {
		t.Fatal(err)
	}
	if got, err := bastion.ReadFile("/new/parent/kplc"); err != nil || got != "v1" {
		t.Fatalf("copy to a new path: %q, %v", got, err)
	}
	// Same hash and path, new connection user: no copy.
	if err := os.WriteFile(src, []byte("v2 (hash not re-read)"), 0o644); err != nil {
		t.Fatal(err)
	}
	in3 := in2.Set("connection", direct("admin"))
	if _, err := update(t, p, CopyToRemoteType, "up", in2, in2, in3, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := bastion.ReadFile("/new/parent/kplc"); got != "v1" {
		t.Errorf("an update without a source or path change copied (%q)", got)
	}
	if n := len(h.Runs()); n != 2 {
		t.Errorf("copies = %d, want 2", n)
	}
	if _, err := p.Delete(ctx, deleteReq(CopyToRemoteType, in3)); err != nil {
		t.Fatal(err)
	}
	if _, err := bastion.ReadFile("/new/parent/kplc"); err != nil {
		t.Errorf("delete removed the remote file: %v", err)
	}
	// A text asset goes to the exact path; a directory there is an error (L40-44).
	text, _ := asset.FromText("hello")
	_, err := create(t, p, CopyToRemoteType, "txt", props("connection", direct("root"), "source", property.New(text), "remotePath", "/srv/dir"), false)
	if err == nil || !strings.Contains(err.Error(), "remote path /srv/dir is a directory; when using a text asset") {
		t.Errorf("text to a directory: %v", err)
	}
}

// local/commandController.go L47-50 (no run in preview; assets absent), local/commandOutputs.go
// L39-146 (/bin/sh -c in dir, env = provider env + environment, assetPaths -> FileAssets).
func TestLocalCommand_commandOutputsL39to146(t *testing.T) {
	h, p := newTestHosts(t)
	dir := t.TempDir()
	in := props("create", "mkdir -p bin && printf \"$GOOS\" > bin/kplc-linux-amd64 && echo built",
		"dir", dir, "environment", obj("GOOS", "linux"),
		"assetPaths", property.New([]property.Value{sv("bin/kplc-linux-amd64")}))
	prev, err := create(t, p, LocalCommandType, "build", in, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := prev.Properties.GetOk("assets"); ok || !prev.Properties.Get("stdout").IsComputed() || len(h.Runs()) != 0 {
		t.Fatalf("preview: %v (runs %v); want no run, stdout unknown, no assets", prev.Properties, h.Runs())
	}
	resp := mustCreate(t, p, LocalCommandType, "build", in)
	if got := outStr(t, resp.Properties, "stdout"); got != "built" {
		t.Errorf("stdout = %q", got)
	}
	a := resp.Properties.Get("assets").AsMap().Get("bin/kplc-linux-amd64")
	if !a.IsAsset() || a.AsAsset().Path != filepath.Join(dir, "bin/kplc-linux-amd64") || a.AsAsset().Hash == "" {
		t.Fatalf("assets = %v, want a path FileAsset at dir/bin/kplc-linux-amd64", resp.Properties.Get("assets"))
	}
	if b, _ := os.ReadFile(a.AsAsset().Path); string(b) != "linux" {
		t.Errorf("environment not passed: built %q", b)
	}
	if runs := h.Runs(); len(runs) != 1 || runs[0].Host != LocalHost {
		t.Errorf("runs = %+v", runs)
	}
	_, err = create(t, p, LocalCommandType, "bad", props("create", "echo no; exit 2"), false)
	if err == nil || err.Error() != "exit status 2: running \"echo no; exit 2\":\nno\n" {
		t.Errorf("local failure = %v", err)
	}
}
