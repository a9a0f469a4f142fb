package cmdsim

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Resource type tokens of package "command" v1.2.1 (provider/pkg/provider/provider.go).
const (
	RemoteCommandType = "command:remote:Command"
	CopyToRemoteType  = "command:remote:CopyToRemote"
	LocalCommandType  = "command:local:Command"
)

// inputNames are the input properties of each resource (remote/command.go CommandInputs with
// common/inputs.go ResourceInputs; remote/copy.go CopyToRemoteInputs; local/command.go with
// local/base.go BaseInputs). Outputs embed the inputs.
var inputNames = map[string][]string{
	RemoteCommandType: {"triggers", "create", "update", "delete", "stdin", "logging", "connection",
		"environment", "addPreviousOutputInEnv"},
	CopyToRemoteType: {"connection", "triggers", "source", "remotePath"},
	LocalCommandType: {"triggers", "create", "update", "delete", "stdin", "logging", "interpreter", "dir",
		"environment", "assetPaths", "archivePaths", "addPreviousOutputInEnv"},
}

// secretInputs are inputs tagged provider:"secret": `connection` (remote/command.go L46,
// remote/copy.go L37). go-provider marks them secret in Check (applySecrets) and outputs.
var secretInputs = map[string]bool{"connection": true}

// inputsOf keeps the input properties of a resource type from m (the encoder of go-provider
// re-encodes the decoded struct, so anything else is dropped).
func inputsOf(typ string, m property.Map) property.Map {
	out := map[string]property.Value{}
	for _, k := range inputNames[typ] {
		if v, ok := m.GetOk(k); ok {
			if secretInputs[k] && !v.Secret() {
				v = v.WithSecret(true)
			}
			out[k] = v
		}
	}
	return property.NewMap(out)
}

// str returns a known string property; ok is false when it is unset, null, unknown or not a string.
func str(m property.Map, key string) (string, bool) {
	v, ok := m.GetOk(key)
	if !ok || !v.IsString() {
		return "", false
	}
	return v.AsString(), true
}

// boolOr returns a known bool property, or def when it is unset.
func boolOr(m property.Map, key string, def bool) bool {
	if v, ok := m.GetOk(key); ok && v.IsBool() {
		return v.AsBool()
	}
	return def
}

// stringMap returns a known map of strings (environment).
func stringMap(m property.Map, key string) map[string]string {
	v, ok := m.GetOk(key)
	if !ok || !v.IsMap() {
		return nil
	}
	out := map[string]string{}
	for k, e := range v.AsMap().All {
		if e.IsString() {
			out[k] = e.AsString()
		}
	}
	return out
}

// stringList returns a known array of strings (interpreter, assetPaths); set is false when unset.
func stringList(m property.Map, key string) (list []string, set bool) {
	v, ok := m.GetOk(key)
	if !ok || !v.IsArray() {
		return nil, false
	}
	for _, e := range v.AsArray().All {
		if e.IsString() {
			list = append(list, e.AsString())
		}
	}
	return list, true
}

// deepEqual compares two values as go-provider's putil.DeepEquals does (internal/putil/putil.go
// L116-170): secretness and knownness count, resource dependencies do not.
func deepEqual(a, b property.Value) bool {
	if a.Secret() != b.Secret() || a.IsComputed() != b.IsComputed() {
		return false
	}
	switch {
	case a.IsComputed():
		return true
	case a.IsArray() && b.IsArray():
		x, y := a.AsArray(), b.AsArray()
		if x.Len() != y.Len() {
			return false
		}
		for i := 0; i < x.Len(); i++ {
			if !deepEqual(x.Get(i), y.Get(i)) {
				return false
			}
		}
		return true
	case a.IsMap() && b.IsMap():
		x, y := a.AsMap(), b.AsMap()
		if x.Len() != y.Len() {
			return false
		}
		for k, xv := range x.All {
			yv, ok := y.GetOk(k)
			if !ok || !deepEqual(xv, yv) {
				return false
			}
		}
		return true
	}
	return a.WithDependencies(nil).WithSecret(false).Equals(b.WithDependencies(nil).WithSecret(false))
}

// markPreview makes preview outputs unknown as go-provider v1.3.0 does (infer/resource.go
// markComputed L545-590, with the default flow of ensureDefaultComputed L743-752: every output
// depends on every input). An output that mirrors an input in name and value stays as it is. In
// a create every other output is unknown; in an update it is unknown when any input is unknown or
// differs from the old state (oldState: the prior outputs, as Update passes req.State, L1470-1474).
func markPreview(typ string, outputs, inputs, oldState property.Map, isCreate bool) property.Map {
	anyChanged := false
	if !isCreate {
		for _, k := range inputNames[typ] {
			in := inputs.Get(k)
			old, hadOld := oldState.GetOk(k)
			if in.IsComputed() || (hadOld && !deepEqual(in, old)) {
				anyChanged = true
				break
			}
		}
	}
	out := map[string]property.Value{}
	for k, v := range outputs.All {
		switch {
		case v.IsComputed():
		case func() bool { in, ok := inputs.GetOk(k); return ok && deepEqual(in, v) }():
		case isCreate || anyChanged:
			v = property.New(property.Computed).WithSecret(v.Secret())
		}
		out[k] = v
	}
	return property.NewMap(out)
}
