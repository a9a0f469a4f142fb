package config

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// loader holds the state of one Load: the raw values, the problems and warnings found so far.
type loader struct {
	fix            fixer
	values         Values // keyed by bare setting name
	providerRegion string // alicloud:region, when given
	probs          Problems
	warns          []string
	bad            map[string]bool // settings whose value could not be parsed
	// capacity checks the broker vSwitches against the broker count, once that is known.
	capacity func(brokerCount int)
}

// problem records a problem. The text of a secret value (a setting stored encrypted, which the
// engine hands over decrypted) never appears in it.
func (l *loader) problem(key, value, msg, fix string) {
	base := key
	if i := strings.IndexAny(base, "[."); i >= 0 {
		base = base[:i]
	}
	if v, ok := l.values[base]; ok && v.Secret {
		value = ""
		if len(v.Raw) >= 4 {
			msg = strings.ReplaceAll(msg, v.Raw, "(secret)")
			fix = strings.ReplaceAll(fix, v.Raw, "(secret)")
		}
	}
	l.probs = append(l.probs, Problem{Key: key, Value: value, Message: msg, Fix: fix})
}

// warn records a warning.
func (l *loader) warn(format string, args ...any) {
	l.warns = append(l.warns, fmt.Sprintf(format, args...))
}

// normalize splits the incoming values into kafka-plc settings (by bare key) and the provider
// region, and reports keys that are not settings.
func (l *loader) normalize(project string, in Values) {
	l.values = Values{}
	prefix := project + ":"
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := in[k]
		bare := k
		switch {
		case k == ProviderRegionKey:
			l.providerRegion = v.Raw
			continue
		case strings.HasPrefix(k, prefix):
			bare = strings.TrimPrefix(k, prefix)
		case strings.Contains(k, ":"):
			// Another package's setting, e.g. alicloud:profile: only an unknown namespace,
			// which nothing reads, is worth a warning.
			if w := l.namespaceWarning(project, k, v); w != "" {
				l.warns = append(l.warns, w)
			}
			continue
		}
		if _, ok := Lookup(bare); !ok {
			msg := "is not a kafka-plc setting"
			fix := l.fix.rm(bare) + "; the settings are listed in README.md (Configuration reference)"
			if c := closest(bare, settingKeys()); c != "" {
				msg = fmt.Sprintf("is not a kafka-plc setting; did you mean %s?", c)
				fix = l.fix.rm(bare) + " && " + l.fix.set(c, printable(v))
			}
			l.problem(bare, printable(v), msg, fix)
			continue
		}
		if old, dup := l.values[bare]; dup && old != v {
			l.problem(bare, printable(v), fmt.Sprintf("is set twice, as %s and %s:%s, with different values", bare, project, bare),
				"keep one: "+l.fix.rm(bare))
			continue
		}
		l.values[bare] = v
	}
}

// printable returns a value for a problem report: never a secret's text.
func printable(v Value) string {
	if v.Secret {
		return ""
	}
	return v.Raw
}

// emptyRaw reports whether raw is the empty value of type t, the way an unset setting with an
// empty Pulumi.yaml default arrives.
func emptyRaw(t Type, raw string) bool {
	r := strings.TrimSpace(raw)
	switch t {
	case TypeArray:
		return r == "" || r == "[]" || r == "null"
	case TypeObject:
		return r == "" || r == "{}" || r == "null"
	default:
		return raw == ""
	}
}

// lookup returns the raw value of a setting and whether it is set (present and not empty).
func (l *loader) lookup(s Setting) (Value, bool) {
	v, ok := l.values[s.Key]
	if !ok || (!v.Secret && emptyRaw(s.Type, v.Raw)) {
		return Value{}, false
	}
	return v, true
}

// readable returns the raw text of a set, non-secret setting. An encrypted value of a plain
// setting (read offline, so never decrypted) is reported, since Load cannot check it.
func (l *loader) readable(s Setting) (string, bool) {
	v, ok := l.lookup(s)
	if !ok {
		return "", false
	}
	if v.Secret && v.Raw == "" {
		l.bad[s.Key] = true
		l.problem(s.Key, "", "is stored encrypted, but it is not a secret and kplc cannot check an encrypted value",
			"store it in plain text: "+l.fix.set(s.Key, "<value>"))
		return "", false
	}
	return v.Raw, true
}

// str returns a string setting, or its default.
func (l *loader) str(key string) string {
	s := mustLookup(key)
	if raw, ok := l.readable(s); ok {
		return raw
	}
	return s.raw()
}

// isSet reports whether a setting has a non-empty value that differs from its Pulumi.yaml
// default. `pulumi up` hands the program every project default as if the stack set it, and
// `kplc plan` reads only the stack file; counting a default-valued setting as unset makes both
// see the same thing.
func (l *loader) isSet(key string) bool {
	s := mustLookup(key)
	v, ok := l.lookup(s)
	return ok && !(v.Raw != "" && s.IsDefault(v.Raw))
}

// integer returns an integer setting, or its default; ok is false when the value is malformed.
func (l *loader) integer(key string) (int, bool) {
	s := mustLookup(key)
	raw, set := l.readable(s)
	if !set {
		n, _ := strconv.Atoi(s.raw())
		return n, !l.bad[key]
	}
	n, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil {
		l.bad[key] = true
		l.problem(key, raw, "must be a whole number", l.fix.set(key, s.raw()))
		return 0, false
	}
	return n, true
}

// boolean returns a boolean setting, or its default.
func (l *loader) boolean(key string) (bool, bool) {
	s := mustLookup(key)
	raw, set := l.readable(s)
	if !set {
		return s.Default == true, !l.bad[key]
	}
	switch strings.TrimSpace(raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	l.bad[key] = true
	l.problem(key, raw, "must be true or false", l.fix.set(key, "true"))
	return false, false
}

// list returns an array-of-strings setting (JSON, or comma-separated text), or nil when unset.
func (l *loader) list(key string, example []string) ([]string, bool) {
	s := mustLookup(key)
	raw, set := l.readable(s)
	if !set {
		return nil, !l.bad[key]
	}
	trimmed := strings.TrimSpace(raw)
	if !strings.HasPrefix(trimmed, "[") {
		var out []string
		for _, part := range strings.Split(trimmed, ",") {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
		}
		return out, true
	}
	var items []any
	if err := json.Unmarshal([]byte(trimmed), &items); err != nil {
		l.bad[key] = true
		l.problem(key, raw, "must be a list of strings: "+err.Error(), l.fix.setList(key, example))
		return nil, false
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		str, ok := it.(string)
		if !ok {
			l.bad[key] = true
			l.problem(fmt.Sprintf("%s[%d]", key, i), fmt.Sprint(it), "must be a string", l.fix.setList(key, example))
			return nil, false
		}
		out = append(out, str)
	}
	return out, true
}

// object returns an object setting decoded from JSON, or nil when unset.
func (l *loader) object(key, example string) (map[string]any, bool) {
	s := mustLookup(key)
	raw, set := l.readable(s)
	if !set {
		return nil, !l.bad[key]
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		l.bad[key] = true
		l.problem(key, raw, "must be an object (a map): "+err.Error(), example)
		return nil, false
	}
	return m, true
}

// objects returns an array-of-objects setting decoded from JSON, or nil when unset.
func (l *loader) objects(key, example string) ([]map[string]any, bool) {
	s := mustLookup(key)
	raw, set := l.readable(s)
	if !set {
		return nil, !l.bad[key]
	}
	var items []any
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		l.bad[key] = true
		l.problem(key, raw, "must be a list of objects: "+err.Error(), example)
		return nil, false
	}
	out := make([]map[string]any, 0, len(items))
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			l.bad[key] = true
			l.problem(fmt.Sprintf("%s[%d]", key, i), fmt.Sprint(it), "must be an object", example)
			return nil, false
		}
		out = append(out, m)
	}
	return out, true
}

// mustLookup returns a setting that the code knows exists.
func mustLookup(key string) Setting {
	s, ok := Lookup(key)
	if !ok {
		panic("config: unknown setting " + key)
	}
	return s
}

// itoa formats an int.
func itoa(n int) string { return strconv.Itoa(n) }
