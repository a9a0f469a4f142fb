package cloudsim

import (
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// unwrap strips secret and output wrappers; an unknown output becomes a Computed value.
func unwrap(v resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput():
			o := v.OutputValue()
			if !o.Known {
				return resource.MakeComputed(resource.NewStringProperty(""))
			}
			v = o.Element
		default:
			return v
		}
	}
}

// unknown reports whether v (or anything inside it) is not known yet (preview).
func unknown(v resource.PropertyValue) bool {
	return unwrap(v).ContainsUnknowns()
}

// present reports whether m has a non-null value for key.
func present(m resource.PropertyMap, key string) bool {
	v, ok := m[resource.PropertyKey(key)]
	return ok && !unwrap(v).IsNull()
}

// known reports whether m has a non-null, fully known value for key.
func known(m resource.PropertyMap, key string) bool {
	return present(m, key) && !unknown(m[resource.PropertyKey(key)])
}

// get returns the unwrapped value of key (null when absent).
func get(m resource.PropertyMap, key string) resource.PropertyValue {
	return unwrap(m[resource.PropertyKey(key)])
}

// str returns the string value of key, or "" when absent, unknown or not a string.
func str(m resource.PropertyMap, key string) string {
	v := get(m, key)
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// num returns the number value of key as an int, and whether it was a known number.
func num(m resource.PropertyMap, key string) (int, bool) {
	v := get(m, key)
	if v.IsNumber() {
		return int(v.NumberValue()), true
	}
	return 0, false
}

// boolean returns the bool value of key (false when absent or unknown).
func boolean(m resource.PropertyMap, key string) bool {
	v := get(m, key)
	return v.IsBool() && v.BoolValue()
}

// object returns the object value of key, or nil.
func object(m resource.PropertyMap, key string) resource.PropertyMap {
	v := get(m, key)
	if v.IsObject() {
		return v.ObjectValue()
	}
	return nil
}

// objects returns the elements of the array of objects at key (non-objects skipped).
func objects(m resource.PropertyMap, key string) []resource.PropertyMap {
	v := get(m, key)
	if !v.IsArray() {
		return nil
	}
	var out []resource.PropertyMap
	for _, e := range v.ArrayValue() {
		if e = unwrap(e); e.IsObject() {
			out = append(out, e.ObjectValue())
		}
	}
	return out
}

// strings returns the known string elements of the array at key.
func stringsOf(m resource.PropertyMap, key string) []string {
	v := get(m, key)
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e = unwrap(e); e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// stringMap returns the known string entries of the map at key.
func stringMap(m resource.PropertyMap, key string) map[string]string {
	obj := object(m, key)
	if obj == nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range obj {
		if v = unwrap(v); v.IsString() {
			out[string(k)] = v.StringValue()
		}
	}
	return out
}

// sv, nv and bv build property values.
func sv(s string) resource.PropertyValue { return resource.NewStringProperty(s) }
func nv(n int) resource.PropertyValue    { return resource.NewNumberProperty(float64(n)) }
func bv(b bool) resource.PropertyValue   { return resource.NewBoolProperty(b) }

// svs builds an array of strings.
func svs(ss []string) resource.PropertyValue {
	arr := make([]resource.PropertyValue, 0, len(ss))
	for _, s := range ss {
		arr = append(arr, sv(s))
	}
	return resource.NewArrayProperty(arr)
}

// smap builds a string map value.
func smap(m map[string]string) resource.PropertyValue {
	out := resource.PropertyMap{}
	for k, v := range m {
		out[resource.PropertyKey(k)] = sv(v)
	}
	return resource.NewObjectProperty(out)
}

// plain strips every secret/output wrapper, deeply, so values compare by content.
func plain(v resource.PropertyValue) resource.PropertyValue {
	v = unwrap(v)
	switch {
	case v.IsArray():
		arr := make([]resource.PropertyValue, 0, len(v.ArrayValue()))
		for _, e := range v.ArrayValue() {
			arr = append(arr, plain(e))
		}
		return resource.NewArrayProperty(arr)
	case v.IsObject():
		out := resource.PropertyMap{}
		for k, e := range v.ObjectValue() {
			out[k] = plain(e)
		}
		return resource.NewObjectProperty(out)
	}
	return v
}

// inputEqual compares a new input with an old value the way the bridge's plan does for the fields a
// program sets: objects compare only the keys the new input sets (the rest are computed by the
// provider), arrays element by element, and set-typed arrays without regard to order.
func inputEqual(newV, oldV resource.PropertyValue, set bool) bool {
	newV, oldV = plain(newV), plain(oldV)
	switch {
	case newV.IsObject():
		if !oldV.IsObject() {
			return false
		}
		o := oldV.ObjectValue()
		for k, e := range newV.ObjectValue() {
			if e.IsNull() {
				continue // an unset optional+computed sub-field keeps its state
			}
			if !inputEqual(e, o[k], false) {
				return false
			}
		}
		return true
	case newV.IsArray():
		if !oldV.IsArray() {
			return len(newV.ArrayValue()) == 0 && oldV.IsNull()
		}
		na, oa := newV.ArrayValue(), oldV.ArrayValue()
		if len(na) != len(oa) {
			return false
		}
		if set {
			na, oa = sortedValues(na), sortedValues(oa)
		}
		for i := range na {
			if !inputEqual(na[i], oa[i], false) {
				return false
			}
		}
		return true
	}
	return newV.DeepEquals(oldV)
}

// sortedValues orders array elements by their string form (for set comparison).
func sortedValues(vs []resource.PropertyValue) []resource.PropertyValue {
	out := append([]resource.PropertyValue(nil), vs...)
	sort.Slice(out, func(i, j int) bool { return setKey(out[i]) < setKey(out[j]) })
	return out
}

// setKey is the sort key of a set element: a string itself, an object its zoneId (zone mappings are a
// set keyed by zone_id, facts: nlb/loadBalancer zone_mappings) or its string form.
func setKey(v resource.PropertyValue) string {
	v = unwrap(v)
	if v.IsString() {
		return v.StringValue()
	}
	if v.IsObject() {
		if z := str(v.ObjectValue(), "zoneId"); z != "" {
			return z
		}
	}
	return v.String()
}
