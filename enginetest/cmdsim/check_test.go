package cmdsim

import (
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/asset"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func check(t *testing.T, p plugin.Provider, typ string, in property.Map) plugin.CheckResponse {
	t.Helper()
	resp, err := p.Check(ctx, plugin.CheckRequest{URN: urn(typ, "r"), Name: "r", Type: "", NewInputs: in, RandomSeed: []byte{1}})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return resp
}

func reasons(fs []plugin.CheckFailure) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Property)+": "+f.Reason)
	}
	return out
}

// remote/copyController.go L72-115; facts row "CopyToRemote with an unknown source at preview":
// an unknown source (the program's local build not yet run) fails Check in v1.2.1.
func TestCheckCopyToRemoteSourceRules_copyControllerL85to112(t *testing.T) {
	text, err := asset.FromText("hello")
	if err != nil {
		t.Fatal(err)
	}
	uri := &asset.Asset{Sig: asset.AssetSig, URI: "https://example.com/kplc", Hash: "abc"}
	cases := []struct {
		name   string
		source property.Value
		want   []string
	}{
		{"unknown source at preview", property.New(property.Computed), []string{"asset: either asset or archive must be set"}},
		{"text asset", property.New(text), nil},
		{"path asset", property.New(&asset.Asset{Sig: asset.AssetSig, Path: "/tmp/kplc", Hash: "abc"}), nil},
		{"uri asset", property.New(uri), []string{"asset: asset must be a path-based file asset or a text asset"}},
		{"a string", sv("kplc"), []string{"asset: either asset or archive must be set"}},
	}
	_, p := newTestHosts(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := check(t, p, CopyToRemoteType, props("connection", direct("root"), "source", tc.source, "remotePath", "/tmp/x"))
			got := reasons(resp.Failures)
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Errorf("failures = %q, want %q", got, tc.want)
			}
		})
	}
}

// remote/connection.go L57-78, proxyConnection.go L26-46 (defaults via DefaultCheck); the
// connection is tagged provider:"secret" (remote/command.go L46) and comes back secret.
func TestCheckAppliesConnectionDefaultsAndSecret_connectionL57to78(t *testing.T) {
	_, p := newTestHosts(t)
	resp := check(t, p, RemoteCommandType, props("create", "true",
		"connection", obj("host", brokerPrivate, "proxy", obj("host", bastionPublic))))
	if len(resp.Failures) != 0 {
		t.Fatalf("failures = %v", reasons(resp.Failures))
	}
	conn := resp.Properties.Get("connection")
	if !conn.Secret() {
		t.Errorf("connection is not secret after Check")
	}
	for _, m := range []property.Map{conn.AsMap(), conn.AsMap().Get("proxy").AsMap()} {
		if got := m.Get("user"); !got.IsString() || got.AsString() != "root" {
			t.Errorf("user = %v, want root", got)
		}
		for k, want := range map[string]float64{"port": 22, "dialErrorLimit": 10, "perDialTimeout": 15} {
			if got := m.Get(k); !got.IsNumber() || got.AsNumber() != want {
				t.Errorf("%s = %v, want %v", k, got, want)
			}
		}
	}
}

// A missing required connection is a mapper failure (go-provider DefaultCheck).
func TestCheckRequiresConnection(t *testing.T) {
	_, p := newTestHosts(t)
	resp := check(t, p, RemoteCommandType, props("create", "true"))
	if got := reasons(resp.Failures); len(got) != 1 || got[0] != "connection: Missing required field 'connection' on 'remote.CommandInputs'" {
		t.Errorf("failures = %q", got)
	}
}
