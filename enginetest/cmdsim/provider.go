package cmdsim

import (
	"context"
	"fmt"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy/deploytest"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/archive"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/asset"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Version is the pulumi-command version this package simulates.
var Version = semver.MustParse("1.2.1")

// Provider returns a plugin.Provider serving package "command" v1.2.1.
func (h *Hosts) Provider() plugin.Provider {
	return &deploytest.Provider{
		Name:    "command",
		Package: tokens.Package("command"),
		Version: Version,
		CheckF:  h.check,
		DiffF:   h.diff,
		CreateF: h.create,
		ReadF:   h.read,
		UpdateF: h.update,
		DeleteF: h.delete,
	}
}

func knownType(t tokens.Type) error {
	if _, ok := inputNames[string(t)]; !ok {
		return fmt.Errorf("cmdsim: unknown resource type %q (command v1.2.1 serves %s, %s and %s here)",
			t, RemoteCommandType, CopyToRemoteType, LocalCommandType)
	}
	return nil
}

// check is go-provider's Check: for remote:Command and local:Command the default (decode, apply
// defaults, mark secret inputs; infer/resource.go L994-1057), for CopyToRemote its custom Check
// (remote/copyController.go L72-115).
func (h *Hosts) check(_ context.Context, req plugin.CheckRequest) (plugin.CheckResponse, error) {
	typ := string(req.Type)
	if typ == "" {
		typ = string(req.URN.Type())
	}
	if err := knownType(tokens.Type(typ)); err != nil {
		return plugin.CheckResponse{}, err
	}
	news := req.NewInputs
	var failures []plugin.CheckFailure
	// A missing required field is a mapper failure (sdk common/util/mapper, MissingError); the
	// wording is the mapper's, the Go type name is the provider's struct.
	required := map[string][]string{
		RemoteCommandType: {"connection"},
		CopyToRemoteType:  {"connection", "source", "remotePath"},
	}
	structName := map[string]string{RemoteCommandType: "remote.CommandInputs", CopyToRemoteType: "remote.CopyToRemoteInputs"}
	for _, k := range required[typ] {
		if v, ok := news.GetOk(k); !ok || v.IsNull() {
			failures = append(failures, plugin.CheckFailure{
				Property: resource.PropertyKey(k),
				Reason:   fmt.Sprintf("Missing required field '%s' on '%s'", k, structName[typ]),
			})
		}
	}
	if typ == LocalCommandType {
		return plugin.CheckResponse{Properties: news, Failures: failures}, nil
	}
	if c, ok := news.GetOk("connection"); ok {
		news = news.Set("connection", connectionDefaults(c))
	}
	if typ == CopyToRemoteType {
		failures = append(failures, copyCheck(news.Get("source"))...)
	} else if len(failures) > 0 {
		// Default Check returns the mapper's failures before applying defaults (L1037-1045).
		return plugin.CheckResponse{Properties: inputsOf(typ, req.NewInputs), Failures: failures}, nil
	}
	return plugin.CheckResponse{Properties: inputsOf(typ, news), Failures: failures}, nil
}

// copyCheck is CopyToRemote's source rule (remote/copyController.go L85-112). An unknown source
// decodes to a zero AssetOrArchive (go-provider infer/internal/ende/ende.go walk: a computed value
// is walked with its type aligned), so at preview it fails with "either asset or archive must be
// set" (facts: "CopyToRemote with an unknown source at preview"; the fix, pulumi-command commit
// 64904902, is in no tag).
func copyCheck(source property.Value) []plugin.CheckFailure {
	var a *asset.Asset
	var ar *archive.Archive
	switch {
	case source.IsAsset():
		a = source.AsAsset()
	case source.IsArchive():
		ar = source.AsArchive()
	}
	var failures []plugin.CheckFailure
	if a != nil && ar != nil {
		failures = append(failures, plugin.CheckFailure{Property: "asset", Reason: "only one of asset or archive can be set"})
	}
	if a == nil && ar == nil {
		failures = append(failures, plugin.CheckFailure{Property: "asset", Reason: "either asset or archive must be set"})
	}
	if a != nil && !a.IsPath() && !a.IsText() {
		failures = append(failures, plugin.CheckFailure{Property: "asset", Reason: "asset must be a path-based file asset or a text asset"})
	}
	if ar != nil && !ar.IsPath() {
		failures = append(failures, plugin.CheckFailure{Property: "archive", Reason: "archive must be a path to a file or directory"})
	}
	return failures
}

// diff is go-provider's Diff (infer/resource.go L1132-1253) for resources with an Update: the
// engine's object diff of old and new inputs; a property forces replacement only when the schema
// marks that very property replaceOnChanges, i.e. `triggers` (common/inputs.go L10, remote/copy.go
// L38). A change inside triggers has the key "triggers[0]" and is an update here: the engine
// replaces because the Go SDK registers ReplaceOnChanges(["triggers[*]"]) (sdk remote/command.go
// L190-193). DeleteBeforeReplace is never set. The result is what the engine's gRPC client makes
// of the provider's response (go-provider provider.go L169-225; pkg resource/plugin
// provider_plugin.go Diff).
func (h *Hosts) diff(_ context.Context, req plugin.DiffRequest) (plugin.DiffResult, error) {
	if err := knownType(req.URN.Type()); err != nil {
		return plugin.DiffResult{}, err
	}
	news := req.NewInputs
	for _, k := range req.IgnoreChanges {
		if v, ok := req.OldOutputs.GetOk(k); ok {
			news = news.Set(k, v)
		}
	}
	for k := range news.All {
		if k == "version" || strings.HasPrefix(k, "__") {
			news = news.Delete(k)
		}
	}
	olds := req.OldInputs
	objDiff := resource.ToResourcePropertyMap(olds).Diff(resource.ToResourcePropertyMap(news))
	detailed := plugin.NewDetailedDiffFromObjectDiff(objDiff, false)
	replaces, changed := map[resource.PropertyKey]bool{}, map[resource.PropertyKey]bool{}
	for k, d := range detailed {
		if k == "triggers" {
			d.Kind = d.Kind.AsReplace()
			detailed[k] = d
		}
		head := k
		if pp, err := resource.ParsePropertyPath(k); err == nil && len(pp) > 0 {
			if s, ok := pp[0].(string); ok {
				head = s
			}
		}
		changed[resource.PropertyKey(head)] = true
		if d.Kind.IsReplace() {
			replaces[resource.PropertyKey(head)] = true
		}
	}
	res := plugin.DiffResult{Changes: plugin.DiffNone, DetailedDiff: detailed}
	if objDiff != nil && objDiff.AnyChanges() {
		res.Changes = plugin.DiffSome
	}
	for k := range replaces {
		res.ReplaceKeys = append(res.ReplaceKeys, k)
	}
	for k := range changed {
		res.ChangedKeys = append(res.ChangedKeys, k)
	}
	return res, nil
}

// read is go-provider's Read for a resource without a custom Read: the state as it is.
func (h *Hosts) read(_ context.Context, req plugin.ReadRequest) (plugin.ReadResponse, error) {
	state, inputs := req.State, req.Inputs
	return plugin.ReadResponse{
		ReadResult: plugin.ReadResult{ID: req.ID, Inputs: &inputs, Outputs: &state},
		Status:     resource.StatusOK,
	}, nil
}

func (h *Hosts) create(ctx context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	switch string(req.URN.Type()) {
	case RemoteCommandType:
		return h.createRemote(ctx, req)
	case CopyToRemoteType:
		return h.createCopy(ctx, req)
	case LocalCommandType:
		return h.createLocal(ctx, req)
	}
	return plugin.CreateResponse{}, knownType(req.URN.Type())
}

func (h *Hosts) update(ctx context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	switch string(req.URN.Type()) {
	case RemoteCommandType:
		return h.updateRemote(ctx, req)
	case CopyToRemoteType:
		return h.updateCopy(ctx, req)
	case LocalCommandType:
		return h.updateLocal(ctx, req)
	}
	return plugin.UpdateResponse{Status: resource.StatusUnknown}, knownType(req.URN.Type())
}

// delete runs `delete` when it is set (remote/commandController.go L86-92, local/commandController.go
// L93-99); CopyToRemote has no Delete, so removing it leaves the remote file (facts).
func (h *Hosts) delete(ctx context.Context, req plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	typ := string(req.URN.Type())
	if err := knownType(req.URN.Type()); err != nil {
		return plugin.DeleteResponse{Status: resource.StatusUnknown}, err
	}
	if typ == CopyToRemoteType {
		return plugin.DeleteResponse{Status: resource.StatusOK}, nil
	}
	del, ok := str(req.Outputs, "delete")
	if !ok {
		return plugin.DeleteResponse{Status: resource.StatusOK}, nil
	}
	var err error
	if typ == RemoteCommandType {
		_, err = h.runRemote(ctx, req.URN, "delete", del, req.Outputs, req.Outputs)
	} else {
		_, err = h.runLocal(ctx, req.URN, "delete", del, req.Outputs, req.Outputs)
	}
	if err != nil {
		// A go-provider error reaches the engine as gRPC code Unknown: status unknown
		// (pkg resource/plugin provider_plugin.go resourceStateAndError).
		return plugin.DeleteResponse{Status: resource.StatusUnknown}, err
	}
	return plugin.DeleteResponse{Status: resource.StatusOK}, nil
}

// newID is resource.NewUniqueHex(prefix, 8, 0), as the controllers make IDs.
func newID(prefix string) (resource.ID, error) {
	id, err := resource.NewUniqueHex(prefix, 8, 0)
	return resource.ID(id), err
}
