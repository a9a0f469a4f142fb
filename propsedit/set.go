package propsedit

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// Errors of [SetProperties].
var (
	// ErrProtectedKey: a key SetProperties never writes (one that [Edit] reads or writes: the
	// node's identity, roles, quorum and listener settings).
	ErrProtectedKey = errors.New("key not settable")
	// ErrInvalidProperty: a key or value that [kraft.CheckBrokerProperty] refuses.
	ErrInvalidProperty = errors.New("invalid property")
)

// Property is one key and the value SetProperties makes it hold.
type Property struct {
	Key   string // Key is the property name, e.g. log.retention.hours.
	Value string // Value is the value Java must load (written escaped).
}

// addedComment heads the keys SetProperties appends to a file.
const addedComment = "# Added by kafka-plc (brokerProperties); change them there."

// SetProperties makes each of want hold its value in one broker's server.properties, changing
// as few bytes as Edit does: a key already set to the value is left alone (Java's decoded
// value is compared, not the text); a key set to another value has its one line rewritten in
// place (indentation, key spelling and separator kept; a continued entry becomes one line); a
// missing key is appended at the end of the file, after one comment line, in want's key order,
// with the separator the file uses most. Every other byte is kept. No key is ever removed.
//
// Refusals, before anything is decided: a key [Edit] owns ([ErrProtectedKey]); a key or value
// [kraft.CheckBrokerProperty] refuses ([ErrInvalidProperty]); a wanted key set more than once in
// the file ([ErrDuplicateKey]). The result must parse, hold exactly the wanted values, and pass
// [ValidateKRaft] and [kraft.CheckBrokerProperties] ([ErrInvalidResult]).
func SetProperties(original []byte, want []Property) (Result, error) {
	want = append([]Property(nil), want...)
	sort.SliceStable(want, func(i, j int) bool { return want[i].Key < want[j].Key })
	for i, p := range want {
		if slices.Contains(keysRead, p.Key) || p.Key == kraft.KeyProtocolMap {
			return Result{}, &Error{Kind: ErrProtectedKey, Key: p.Key, Value: p.Value,
				Problem: "is the node's identity, quorum or listener setting, which only the EXTERNAL listener edit may touch",
				Fix:     "leave it out of brokerProperties"}
		}
		if err := kraft.CheckBrokerProperty(p.Key, p.Value); err != nil {
			return Result{}, &Error{Kind: ErrInvalidProperty, Key: p.Key, Value: p.Value, Problem: err.Error(), Fix: "correct it in brokerProperties"}
		}
		if i > 0 && want[i-1].Key == p.Key {
			return Result{}, &Error{Kind: ErrInvalidProperty, Key: p.Key, Value: p.Value, Problem: "is wanted twice", Fix: "give each key once"}
		}
	}
	f, err := Parse(original)
	if err != nil {
		return Result{}, fmt.Errorf("parse server.properties: %w", err)
	}
	e := &editor{f: f, entries: map[string]kraft.Entry{}, replace: map[int]kraft.Line{}, skip: map[int]bool{}, insertAfter: map[int][]kraft.Line{}}
	for _, en := range f.Entries {
		if !slices.ContainsFunc(want, func(p Property) bool { return p.Key == en.Key }) {
			continue
		}
		if old, dup := e.entries[en.Key]; dup {
			return Result{}, &Error{Kind: ErrDuplicateKey, Key: en.Key, Value: en.Value, Line: en.Start,
				Problem: fmt.Sprintf("is set on lines %d and %d; Java keeps the last silently, so which one is meant is unclear", old.Start, en.Start),
				Fix:     "delete all but one of them, then re-run"}
		}
		e.entries[en.Key] = en
	}
	style := e.styleEntry()
	last := len(f.Lines) - 1
	var added bool
	for _, p := range want {
		en, ok := e.entries[p.Key]
		switch {
		case ok && en.Value == p.Value:
		case ok:
			e.rewrite(p.Key, p.Value)
		default:
			if !added {
				e.insertAfter[last] = append(e.insertAfter[last], kraft.Line{Text: addedComment, EOL: f.EOL})
				added = true
			}
			e.insert(last, kraft.Entry{Sep: style.Sep}, kraft.EscapeKey(p.Key), p.Value)
		}
	}
	out := e.render()
	if err := verifySet(original, out, want); err != nil {
		return Result{}, err
	}
	return Result{Original: original, Output: out, Changed: !bytes.Equal(original, out), ChangedKeys: e.changedKeys}, nil
}

// verifySet re-reads the result: it parses, holds the wanted values, and starts.
func verifySet(original, out []byte, want []Property) error {
	f, err := Parse(out)
	if err != nil {
		return fmt.Errorf("%w: edited file does not parse: %v", errInternal, err)
	}
	props := f.Props()
	for _, p := range want {
		if props[p.Key] != p.Value {
			return fmt.Errorf("%w: edited file has %s=%q, want %q", errInternal, p.Key, props[p.Key], p.Value)
		}
	}
	problems := append(ValidateKRaft(props), kraft.CheckBrokerProperties(props)...)
	if len(problems) == 0 {
		return nil
	}
	before := map[string]bool{}
	if of, err := Parse(original); err == nil {
		op := of.Props()
		for _, p := range append(ValidateKRaft(op), kraft.CheckBrokerProperties(op)...) {
			before[p.Error()] = true
		}
	}
	ve := &ValidationError{Problems: problems}
	for _, p := range problems {
		ve.InOriginal = append(ve.InOriginal, before[p.Error()])
	}
	return ve
}
