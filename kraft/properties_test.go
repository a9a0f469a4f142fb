package kraft

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	type ent struct {
		key, value       string
		start, end       int
		indent, raw, sep string
	}
	tests := []struct {
		name string
		in   string
		want []ent
	}{
		{"equals", "a=b\n", []ent{{"a", "b", 1, 1, "", "a", "="}}},
		{"spaced equals", "a = b\n", []ent{{"a", "b", 1, 1, "", "a", " = "}}},
		{"colon", "a:b", []ent{{"a", "b", 1, 1, "", "a", ":"}}},
		{"colon space", "a: b", []ent{{"a", "b", 1, 1, "", "a", ": "}}},
		{"whitespace only", "a \t b", []ent{{"a", "b", 1, 1, "", "a", " \t "}}},
		{"indented", "  \ta=b", []ent{{"a", "b", 1, 1, "  \t", "a", "="}}},
		{"value keeps trailing space", "a=b  ", []ent{{"a", "b  ", 1, 1, "", "a", "="}}},
		{"second separator is value", "a==b", []ent{{"a", "=b", 1, 1, "", "a", "="}}},
		{"comments and blanks", "# c\n! c\n\n   \n\t\n", nil},
		{"comment is not continued", "# c \\\nk=v", []ent{{"k", "v", 2, 2, "", "k", "="}}},
		{"continuation", "a=b,\\\n   c\nd=e", []ent{{"a", "b,c", 1, 2, "", "a", "="}, {"d", "e", 3, 3, "", "d", "="}}},
		{"continued line starting with #", "a=b\\\n#c", []ent{{"a", "b#c", 1, 2, "", "a", "="}}},
		{"escaped backslash is not continuation", "a=b\\\\\nc=d", []ent{{"a", `b\`, 1, 1, "", "a", "="}, {"c", "d", 2, 2, "", "c", "="}}},
		{"three backslashes continue", "a=b\\\\\\\nc", []ent{{"a", `b\c`, 1, 2, "", "a", "="}}},
		{"empty continuation ends entry", "a=b\\\n\nc=d", []ent{{"a", "b", 1, 1, "", "a", "="}, {"c", "d", 3, 3, "", "c", "="}}},
		{"backslash at EOF", "a=b\\", []ent{{"a", "b", 1, 1, "", "a", "="}}},
		{"escaped space in key", `a\ b=c`, []ent{{"a b", "c", 1, 1, "", `a\ b`, "="}}},
		{"escaped equals in key", `a\=b=c`, []ent{{"a=b", "c", 1, 1, "", `a\=b`, "="}}},
		{"escapes", `k=\u0041\t\x`, []ent{{"k", "A\tx", 1, 1, "", "k", "="}}},
		{"surrogate pair", `k=\uD83D\uDE00`, []ent{{"k", "\U0001F600", 1, 1, "", "k", "="}}},
		{"latin-1 byte", "k=\xe9", []ent{{"k", "é", 1, 1, "", "k", "="}}},
		{"key only", "k", []ent{{"k", "", 1, 1, "", "k", ""}}},
		{"empty value", "k=", []ent{{"k", "", 1, 1, "", "k", "="}}},
		{"empty key", "=v", []ent{{"", "v", 1, 1, "", "", "="}}},
		{"separator on next line", "key\\\n  = v", []ent{{"key", "v", 1, 2, "", "key", ""}}},
		{"value on next line", "key = \\\n  v", []ent{{"key", "v", 1, 2, "", "key", " = "}}},
		{"key continued", "ke\\\ny=v", []ent{{"key", "v", 1, 2, "", "", ""}}},
		{"CRLF and lone CR", "a=b\r\nc=d\re=f", []ent{{"a", "b", 1, 1, "", "a", "="}, {"c", "d", 2, 2, "", "c", "="}, {"e", "f", 3, 3, "", "e", "="}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(f.Bytes(), []byte(tt.in)) {
				t.Errorf("Bytes() = %q, want the input %q", f.Bytes(), tt.in)
			}
			var got []ent
			for _, e := range f.Entries {
				got = append(got, ent{e.Key, e.Value, e.Start, e.End, e.Indent, e.RawKey, e.Sep})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("entries = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("entry %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseMalformedUnicode(t *testing.T) {
	for _, in := range []string{`k=\u12`, `k=\u12G4`, `k\u=v`} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) succeeded; Java rejects a malformed \\uxxxx escape", in)
		}
	}
}

func TestDominantEOL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"a", "\n"}, {"a\r\nb\r\nc\n", "\r\n"}, {"a\nb\r\n", "\n"}, {"a\rb\r", "\r"},
	} {
		f, _ := Parse([]byte(tt.in))
		if f.EOL != tt.want {
			t.Errorf("EOL of %q = %q, want %q", tt.in, f.EOL, tt.want)
		}
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", " lead", `back\slash`, "tab\there", "é ü", "\U0001F600", "a=b:c#d!e", "ctl\x01\x7f"} {
		f, err := Parse([]byte(EscapeKey(s) + "=" + EscapeValue(s)))
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if len(f.Entries) != 1 || f.Entries[0].Key != s || f.Entries[0].Value != s {
			t.Errorf("round trip of %q gave %+v", s, f.Entries)
		}
	}
}

func TestSyntaxError(t *testing.T) {
	tests := []struct {
		name, in string
		want     SyntaxError
		message  string
	}{
		{"in value", "a=1\nb=x\\\n  \\uZZZZ\n", SyntaxError{Line: 2, Key: "b", Raw: `x\uZZZZ`, Problem: `malformed \u escape "\\uZZZZ"`},
			`line 2: value of b: malformed \u escape "\\uZZZZ"`},
		{"short in value", `k=\u12`, SyntaxError{Line: 1, Key: "k", Raw: `\u12`, Problem: `malformed \u escape "\\u12"`},
			`line 1: value of k: malformed \u escape "\\u12"`},
		{"in key", "# c\nk\\u=v", SyntaxError{Line: 2, InKey: true, Key: `k\u`, Raw: `k\u=v`, Problem: `malformed \u escape "\\u"`},
			`line 2: key: malformed \u escape "\\u"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want a *SyntaxError", tt.in, err)
			}
			if *se != tt.want {
				t.Errorf("error = %+v, want %+v", *se, tt.want)
			}
			if err.Error() != tt.message {
				t.Errorf("message = %q, want %q", err.Error(), tt.message)
			}
		})
	}
}

func TestPropsAndLookup(t *testing.T) {
	f, err := Parse([]byte("a=1\nb=2\na=3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Props(), map[string]string{"a": "3", "b": "2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Props() = %v, want %v (the last duplicate wins, as in Java)", got, want)
	}
	if got := f.Lookup("a"); len(got) != 2 || got[0].Start != 1 || got[1].Start != 3 {
		t.Errorf("Lookup(a) = %+v, want the entries of lines 1 and 3", got)
	}
}

// FuzzParse: Parse never panics and Bytes gives the input back.
func FuzzParse(f *testing.F) {
	f.Add([]byte("a=b\\\n c\r\n# x\\\n\\u0041: \\\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			return
		}
		if !bytes.Equal(p.Bytes(), data) {
			t.Fatalf("round trip lost bytes")
		}
	})
}
