package cmdsim

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// The test network: a bastion with a public and a private address, a broker with a private one.
const (
	bastionPublic  = "47.0.0.1"
	bastionPrivate = "10.0.0.5"
	brokerPrivate  = "10.0.1.10"
)

func testLookup(addr string) (string, bool) {
	switch addr {
	case bastionPublic, bastionPrivate:
		return "bastion", true
	case brokerPrivate:
		return "broker-1", true
	}
	return "", false
}

// stubsDir is the repository's scripts/testdata/stubs, seen from enginetest/cmdsim.
var stubsDir = filepath.Join("..", "..", "scripts", "testdata", "stubs")

func newTestHosts(t *testing.T) (*Hosts, plugin.Provider) {
	t.Helper()
	h := NewHosts(t.TempDir(), stubsDir, testLookup)
	return h, h.Provider()
}

func urn(typ, name string) resource.URN {
	return resource.NewURN("dev", "kafka-plc", "", tokens.Type(typ), name)
}

func sv(s string) property.Value { return property.New(s) }

func obj(kv ...any) property.Value {
	m := map[string]property.Value{}
	for i := 0; i < len(kv); i += 2 {
		v := kv[i+1]
		switch v := v.(type) {
		case string:
			m[kv[i].(string)] = property.New(v)
		case property.Value:
			m[kv[i].(string)] = v
		default:
			panic("obj: unsupported value")
		}
	}
	return property.New(m)
}

func props(kv ...any) property.Map { return obj(kv...).AsMap() }

// direct is a connection to the bastion's public address, as the SDK sends it (defaults applied).
func direct(user string) property.Value {
	return connectionDefaults(obj("host", bastionPublic, "user", user)).WithSecret(true)
}

// viaBastion is a connection to the broker's private address through the bastion.
func viaBastion(user string) property.Value {
	return connectionDefaults(obj("host", brokerPrivate, "user", user,
		"proxy", obj("host", bastionPublic, "user", user))).WithSecret(true)
}

var ctx = context.Background()

func create(t *testing.T, p plugin.Provider, typ, name string, in property.Map, preview bool) (plugin.CreateResponse, error) {
	t.Helper()
	return p.Create(ctx, plugin.CreateRequest{URN: urn(typ, name), Name: name, Type: tokens.Type(typ), Properties: in, Preview: preview})
}

func update(t *testing.T, p plugin.Provider, typ, name string, oldIn, oldOut, newIn property.Map, preview bool) (plugin.UpdateResponse, error) {
	t.Helper()
	return p.Update(ctx, plugin.UpdateRequest{URN: urn(typ, name), Name: name, Type: tokens.Type(typ), ID: "id",
		OldInputs: oldIn, OldOutputs: oldOut, NewInputs: newIn, Preview: preview})
}

func mustCreate(t *testing.T, p plugin.Provider, typ, name string, in property.Map) plugin.CreateResponse {
	t.Helper()
	resp, err := create(t, p, typ, name, in, false)
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return resp
}

func outStr(t *testing.T, m property.Map, key string) string {
	t.Helper()
	v, ok := m.GetOk(key)
	if !ok || !v.IsString() {
		t.Fatalf("output %s = %v, want a known string", key, v)
	}
	return v.AsString()
}

func deleteReq(typ string, out property.Map) plugin.DeleteRequest {
	return plugin.DeleteRequest{URN: urn(typ, "r"), Name: "r", Type: tokens.Type(typ), ID: "id", Inputs: out, Outputs: out}
}
