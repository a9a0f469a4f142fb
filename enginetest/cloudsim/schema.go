package cloudsim

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// attr is one property of a resource's TF schema, under its Pulumi (camelCase) name.
type attr struct {
	tf       string // TF attribute name, used in messages
	required bool
	computed bool // optional+computed: leaving it unset keeps the state's value (no diff)
	forceNew bool
	set      bool // TypeSet: order does not matter
	// validate are the TF ValidateFuncs of a scalar (or of each element of a list of scalars).
	validate []validator
	// mapElem are the ValidateFuncs of each value of a map (tags).
	mapElem []validator
	// elem is a nested block: a single object in Pulumi when list is false (TF MaxItems 1), else a list.
	elem               schemaMap
	list               bool
	minItems, maxItems int
	// dflt is the TF Default, applied by Check when the program leaves the property unset.
	dflt *resource.PropertyValue
	// suppress is the TF DiffSuppressFunc: true means the change is not a change.
	suppress func(oldV, newV resource.PropertyValue, news, olds resource.PropertyMap) bool
}

// schemaMap maps Pulumi property names to their schema.
type schemaMap map[string]*attr

// validator returns the TF error text for value v of attribute key k, or "" when v is valid.
type validator func(k string, v resource.PropertyValue) string

// skipNote is the note alicloud's own validators append (tf: alicloud/validators.go L354).
const skipNote = "\n[NOTE] set env variable TF_SKIP_RESOURCE_SCHEMA_VALIDATION to true can skip the error and get a warning"

// inSlice is alicloud's StringInSlice(valid, false): case-sensitive (tf: validators.go L453-473).
func inSlice(valid ...string) validator {
	return func(k string, v resource.PropertyValue) string {
		if !v.IsString() {
			return fmt.Sprintf("expected type of %s to be string", k)
		}
		for _, s := range valid {
			if v.StringValue() == s {
				return ""
			}
		}
		return fmt.Sprintf("expected %s to be one of %v, got %s %s", k, valid, v.StringValue(), skipNote)
	}
}

// sdkInSlice is the plugin SDK's validation.StringInSlice(valid, false), which has no note.
func sdkInSlice(valid ...string) validator {
	return func(k string, v resource.PropertyValue) string {
		if !v.IsString() {
			return fmt.Sprintf("expected type of %s to be string", k)
		}
		for _, s := range valid {
			if v.StringValue() == s {
				return ""
			}
		}
		return fmt.Sprintf("expected %s to be one of %v, got %s", k, valid, v.StringValue())
	}
}

// intBetween is alicloud's IntBetween (tf: validators.go L357-376); sdk selects the SDK's wording.
func intBetween(lo, hi int, sdk bool) validator {
	return func(k string, v resource.PropertyValue) string {
		if !v.IsNumber() {
			return fmt.Sprintf("expected type of %s to be int", k)
		}
		n := int(v.NumberValue())
		if n >= lo && n <= hi {
			return ""
		}
		if sdk {
			return fmt.Sprintf("expected %s to be in the range (%d - %d), got %d", k, lo, hi, n)
		}
		return fmt.Sprintf("expected %s to be in the range (%d - %d), got %d %s", k, lo, hi, n, skipNote)
	}
}

// lenBetween is alicloud's StringLenBetween (tf: validators.go L476-492).
func lenBetween(lo, hi int) validator {
	return func(k string, v resource.PropertyValue) string {
		if !v.IsString() {
			return fmt.Sprintf("expected type of %s to be string", k)
		}
		if n := len(v.StringValue()); n >= lo && n <= hi {
			return ""
		}
		return fmt.Sprintf("expected length of %s to be in the range (%d - %d), got %s %s", k, lo, hi, v.StringValue(), skipNote)
	}
}

// match is alicloud's StringMatch(re, message) (tf: validators.go L497-520).
func match(re *regexp.Regexp, message string) validator {
	return func(k string, v resource.PropertyValue) string {
		if !v.IsString() {
			return fmt.Sprintf("expected type of %s to be string", k)
		}
		if re.MatchString(v.StringValue()) {
			return ""
		}
		return fmt.Sprintf("invalid value for %s (%s) %s", k, message, skipNote)
	}
}

// sdkNotMatch is the plugin SDK's validation.StringDoesNotMatch(re, message).
func sdkNotMatch(re *regexp.Regexp, message string) validator {
	return func(k string, v resource.PropertyValue) string {
		if !v.IsString() {
			return fmt.Sprintf("expected type of %s to be string", k)
		}
		if !re.MatchString(v.StringValue()) {
			return ""
		}
		return fmt.Sprintf("invalid value for %s (%s)", k, message)
	}
}

// defaultOf returns a pointer to v for attr.dflt.
func defaultOf(v resource.PropertyValue) *resource.PropertyValue { return &v }

// failure builds a Check failure the way the bridge words one: the TF message, then where to look.
func failure(name, prop, path, msg string) plugin.CheckFailure {
	return plugin.CheckFailure{
		Property: resource.PropertyKey(prop),
		Reason:   fmt.Sprintf("%s. Examine values at '%s.%s'.", msg, name, path),
	}
}

// checkSchema validates news against spec and returns every failure, in property order. Unknown values
// (preview) are never refused.
func checkSchema(name string, spec schemaMap, news resource.PropertyMap) []plugin.CheckFailure {
	var fails []plugin.CheckFailure
	for _, key := range sortedKeys(spec) {
		a := spec[key]
		fails = append(fails, checkValue(name, key, key, a.tf, a, news[resource.PropertyKey(key)])...)
	}
	return fails
}

// checkValue validates one value at Pulumi path and TF key k.
func checkValue(name, top, path, k string, a *attr, raw resource.PropertyValue) []plugin.CheckFailure {
	v := unwrap(raw)
	if v.IsNull() {
		if a.required {
			return []plugin.CheckFailure{failure(name, top, path, fmt.Sprintf(
				"Missing required argument. The argument %q is required, but no definition was found.", k))}
		}
		return nil
	}
	if v.IsComputed() {
		return nil
	}
	var fails []plugin.CheckFailure
	switch {
	case a.elem != nil && a.list:
		if !v.IsArray() {
			return nil
		}
		items := v.ArrayValue()
		if a.minItems > 0 && len(items) < a.minItems {
			fails = append(fails, failure(name, top, path, fmt.Sprintf(
				"%s: attribute supports %d item minimum, config has %d declared", k, a.minItems, len(items))))
		}
		if a.maxItems > 0 && len(items) > a.maxItems {
			fails = append(fails, failure(name, top, path, fmt.Sprintf(
				"%s: attribute supports %d item maximum, config has %d declared", k, a.maxItems, len(items))))
		}
		for i, e := range items {
			fails = append(fails, checkBlock(name, top, fmt.Sprintf("%s[%d]", path, i), fmt.Sprintf("%s.%d", k, i), a.elem, e)...)
		}
	case a.elem != nil:
		fails = append(fails, checkBlock(name, top, path, k+".0", a.elem, v)...)
	case len(a.mapElem) > 0:
		if v.IsObject() {
			obj := v.ObjectValue()
			for _, mk := range sortedKeys(obj.Mappable()) {
				e := unwrap(obj[resource.PropertyKey(mk)])
				if e.IsComputed() || e.IsNull() {
					continue
				}
				for _, val := range a.mapElem {
					if msg := val(k+"."+mk, e); msg != "" {
						fails = append(fails, failure(name, top, path+"."+mk, msg))
					}
				}
			}
		}
	case v.IsArray():
		for i, e := range v.ArrayValue() {
			if e = unwrap(e); e.IsComputed() {
				continue
			}
			for _, val := range a.validate {
				if msg := val(fmt.Sprintf("%s.%d", k, i), e); msg != "" {
					fails = append(fails, failure(name, top, fmt.Sprintf("%s[%d]", path, i), msg))
				}
			}
		}
	default:
		for _, val := range a.validate {
			if msg := val(k, v); msg != "" {
				fails = append(fails, failure(name, top, path, msg))
			}
		}
	}
	return fails
}

// checkBlock validates the fields of one nested block.
func checkBlock(name, top, path, k string, spec schemaMap, raw resource.PropertyValue) []plugin.CheckFailure {
	v := unwrap(raw)
	if !v.IsObject() {
		return nil
	}
	obj := v.ObjectValue()
	var fails []plugin.CheckFailure
	for _, key := range sortedKeys(spec) {
		a := spec[key]
		fails = append(fails, checkValue(name, top, path+"."+key, k+"."+a.tf, a, obj[resource.PropertyKey(key)])...)
	}
	return fails
}

// applyDefaults returns news with the TF Default of every unset property (and nested block field) set,
// as the bridge's Check does.
func applyDefaults(spec schemaMap, news resource.PropertyMap) resource.PropertyMap {
	out := news.Copy()
	for key, a := range spec {
		pk := resource.PropertyKey(key)
		v, ok := out[pk]
		if (!ok || v.IsNull()) && a.dflt != nil {
			out[pk] = *a.dflt
			continue
		}
		if a.elem == nil || !ok {
			continue
		}
		inner := unwrap(v)
		switch {
		case a.list && inner.IsArray():
			arr := make([]resource.PropertyValue, 0, len(inner.ArrayValue()))
			for _, e := range inner.ArrayValue() {
				if ue := unwrap(e); ue.IsObject() && !e.IsSecret() {
					e = resource.NewObjectProperty(applyDefaults(a.elem, ue.ObjectValue()))
				}
				arr = append(arr, e)
			}
			if !v.IsSecret() {
				out[pk] = resource.NewArrayProperty(arr)
			}
		case !a.list && inner.IsObject() && !v.IsSecret():
			out[pk] = resource.NewObjectProperty(applyDefaults(a.elem, inner.ObjectValue()))
		}
	}
	return out
}

// conflictsWith is TF's ConflictsWith for two top-level properties, reported on the first.
func conflictsWith(name string, news resource.PropertyMap, spec schemaMap, a, b string) []plugin.CheckFailure {
	if present(news, a) && present(news, b) {
		return []plugin.CheckFailure{failure(name, a, a, fmt.Sprintf("%q: conflicts with %s", spec[a].tf, spec[b].tf))}
	}
	return nil
}

// atLeastOneOf is TF's AtLeastOneOf over top-level properties, reported on the first.
func atLeastOneOf(name string, news resource.PropertyMap, spec schemaMap, keys ...string) []plugin.CheckFailure {
	tfs := make([]string, 0, len(keys))
	for _, k := range keys {
		if present(news, k) {
			return nil
		}
		tfs = append(tfs, spec[k].tf)
	}
	return []plugin.CheckFailure{failure(name, keys[0], keys[0], fmt.Sprintf(
		"%q: one of `%s` must be specified", spec[keys[0]].tf, strings.Join(tfs, ","))),
	}
}

// diffSchema decides update or replace for news against the old state (outputs) and old inputs, from
// the ForceNew flags and DiffSuppress rules of spec. The engine has already applied ignoreChanges to
// news (pkg/v3 resource/deploy/step_generator.go processIgnoreChanges before Check and Diff), so it is
// not applied again here.
func diffSchema(spec schemaMap, oldOutputs, oldInputs, news resource.PropertyMap) plugin.DiffResult {
	detailed := map[string]plugin.PropertyDiff{}
	var replace, changed []resource.PropertyKey
	keys := map[string]bool{}
	for k := range news {
		keys[string(k)] = true
	}
	for k := range oldInputs {
		keys[string(k)] = true
	}
	for _, key := range sortedKeys(keys) {
		a := spec[key]
		if a == nil {
			continue
		}
		pk := resource.PropertyKey(key)
		kind := plugin.DiffUpdate
		switch {
		case !present(news, key):
			if a.computed || !present(oldInputs, key) {
				continue
			}
			kind = plugin.DiffDelete
		case unknown(news[pk]):
			// an unknown value may change: a ForceNew one plans a replacement (bridge behaviour).
		default:
			oldV := oldOutputs[pk]
			if !present(oldOutputs, key) {
				oldV = oldInputs[pk]
			}
			if !present(oldOutputs, key) && !present(oldInputs, key) {
				kind = plugin.DiffAdd
			}
			if inputEqual(news[pk], oldV, a.set) {
				continue
			}
			if a.suppress != nil && a.suppress(unwrap(oldV), unwrap(news[pk]), news, oldOutputs) {
				continue
			}
			if !a.forceNew && a.elem != nil && nestedForceNewChanged(a, oldV, news[pk]) {
				replace = append(replace, pk)
				changed = append(changed, pk)
				detailed[key] = plugin.PropertyDiff{Kind: kind.AsReplace(), InputDiff: false}
				continue
			}
		}
		changed = append(changed, pk)
		if a.forceNew {
			replace = append(replace, pk)
			kind = kind.AsReplace()
		}
		detailed[key] = plugin.PropertyDiff{Kind: kind}
	}
	if len(changed) == 0 {
		return plugin.DiffResult{Changes: plugin.DiffNone}
	}
	return plugin.DiffResult{Changes: plugin.DiffSome, ReplaceKeys: replace, ChangedKeys: changed, DetailedDiff: detailed}
}

// nestedForceNewChanged reports whether a ForceNew field inside a nested block changed, or a list of
// blocks with ForceNew fields changed length (facts: ecs/instance data_disks, each item field ForceNew).
func nestedForceNewChanged(a *attr, oldV, newV resource.PropertyValue) bool {
	hasForceNew := false
	for _, f := range a.elem {
		hasForceNew = hasForceNew || f.forceNew
	}
	if !hasForceNew {
		return false
	}
	olds, news := blocks(oldV), blocks(newV)
	if len(olds) != len(news) {
		return true
	}
	for i := range news {
		for key, f := range a.elem {
			if !f.forceNew || !present(news[i], key) {
				continue
			}
			if !inputEqual(news[i][resource.PropertyKey(key)], olds[i][resource.PropertyKey(key)], f.set) {
				return true
			}
		}
	}
	return false
}

// blocks returns a value as a list of objects (a single object becomes a one-item list).
func blocks(v resource.PropertyValue) []resource.PropertyMap {
	v = unwrap(v)
	if v.IsObject() {
		return []resource.PropertyMap{v.ObjectValue()}
	}
	var out []resource.PropertyMap
	if v.IsArray() {
		for _, e := range v.ArrayValue() {
			if e = unwrap(e); e.IsObject() {
				out = append(out, e.ObjectValue())
			}
		}
	}
	return out
}

// sortFailures orders failures by property then reason, for stable output.
func sortFailures(f []plugin.CheckFailure) {
	sort.SliceStable(f, func(i, j int) bool { return f[i].Property < f[j].Property })
}
