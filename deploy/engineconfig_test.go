package deploy

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// engineStackConfig returns the config the Pulumi engine hands the program for the example
// stack file ../Pulumi.<stack>.yaml: the project and the stack are loaded with Pulumi's own
// loaders (sdk/v3 workspace.LoadProject, LoadProjectStack), then every project default the stack
// does not set is merged in as pkg/v3@v3.274.1 workspace/config.go mergeConfig does (before
// validation, for ValidateStackConfigAndApplyProjectConfig): createConfigValue writes a string,
// int or bool with fmt %v and anything else as the JSON of workspace.SimplifyMarshalledValue. The
// main module does not require pkg/v3, so that one step is repeated here; the rest is Pulumi's
// code. The secret private key, which the example files leave to the user, is added.
func engineStackConfig(t *testing.T, stack string) map[string]string {
	t.Helper()
	project, err := workspace.LoadProject("../Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	ps, err := workspace.LoadProjectStack(sink, project, "../Pulumi."+stack+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(project.Config))
	for k := range project.Config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		decl := project.Config[k]
		key, err := config.ParseKey(project.Name.String() + ":" + k)
		if err != nil {
			t.Fatal(err)
		}
		if _, found, err := ps.Config.Get(key, true); err != nil {
			t.Fatal(err)
		} else if found || decl.Default == nil {
			continue
		}
		var v config.Value
		switch d := decl.Default.(type) {
		case string, int, bool:
			v = config.NewValue(fmt.Sprintf("%v", d))
		default:
			simple, err := workspace.SimplifyMarshalledValue(d)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(simple)
			if err != nil {
				t.Fatal(err)
			}
			v = config.NewObjectValue(string(b))
		}
		if err := ps.Config.Set(key, v, true); err != nil {
			t.Fatal(err)
		}
	}
	plain, err := ps.Config.Decrypt(config.NopDecrypter)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range plain {
		out[k.String()] = v
	}
	out["kafka-plc:sshPrivateKey"] = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + testPrivateKeyMarker + "\n-----END OPENSSH PRIVATE KEY-----\n"
	return out
}

// TestProjectDefaultsRaiseNoWarningUnderTheEngine runs the program with each example stack's
// config as `pulumi up` gives it (project defaults applied): no "set but not used" warning, as
// a Pulumi.yaml default is not a setting of the user's (before: 1 in mode new, 20 in existing).
func TestProjectDefaultsRaiseNoWarningUnderTheEngine(t *testing.T) {
	for _, stack := range []string{"dev", "existing"} {
		t.Run(stack, func(t *testing.T) {
			cfg := engineStackConfig(t, stack)
			if cfg["kafka-plc:jumpUser"] != "root" || cfg["kafka-plc:brokerHeap"] != "2g" {
				t.Fatalf("test setup: the project defaults were not merged: jumpUser %q, brokerHeap %q",
					cfg["kafka-plc:jumpUser"], cfg["kafka-plc:brokerHeap"])
			}
			moduleDir := fakeModule(t)
			logs := &mocktest.Log{}
			err := pulumi.RunErr(func(ctx *pulumi.Context) error {
				ctx.Log = logs
				_, err := program(ctx, moduleDir, prebuiltKplc)
				return err
			}, pulumi.WithMocks("kafka-plc", stack, newMocks(t, moduleDir)), withStack(cfg))
			if err != nil {
				t.Fatalf("program failed: %v", err)
			}
			if got := logs.WarningsContaining("set but not used"); len(got) != 0 {
				t.Errorf("%d warnings for project defaults: %q", len(got), got)
			}
			for _, w := range logs.Warnings() {
				if !strings.Contains(w, "tidbCloudAccountId is still the example value") {
					t.Errorf("unexpected warning: %s", w)
				}
			}
		})
	}
}

// TestUnknownNamespaceWarnsUnderTheEngine: under `pulumi up` the program sees every key of
// the stack in $PULUMI_CONFIG, where pulumi.Run reads it, and warns about one in a namespace
// nothing reads instead of ignoring it (issue 16 item 8).
func TestUnknownNamespaceWarnsUnderTheEngine(t *testing.T) {
	cfg := engineStackConfig(t, "dev")
	cfg["kafkaplc:brokerCount"] = "5"
	env, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(pulumi.EnvConfig, string(env))
	moduleDir := fakeModule(t)
	logs := &mocktest.Log{}
	err = pulumi.RunErr(func(ctx *pulumi.Context) error {
		ctx.Log = logs
		_, err := program(ctx, moduleDir, prebuiltKplc)
		return err
	}, pulumi.WithMocks("kafka-plc", "dev", newMocks(t, moduleDir)), withStack(cfg))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	want := []string{`kafkaplc:brokerCount is ignored: nothing reads the namespace "kafkaplc" (the known ones are kafka-plc, alicloud and pulumi); did you mean kafka-plc:brokerCount? fix: pulumi config rm kafkaplc:brokerCount --stack dev && pulumi config set kafka-plc:brokerCount 5 --stack dev`}
	if got := logs.WarningsContaining("nothing reads the namespace"); !slices.Equal(got, want) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}
}
