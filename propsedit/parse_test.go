package propsedit

import (
	"bytes"
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
		f, err := Parse([]byte(escapeKey(s) + "=" + escapeValue(s)))
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if len(f.Entries) != 1 || f.Entries[0].Key != s || f.Entries[0].Value != s {
			t.Errorf("round trip of %q gave %+v", s, f.Entries)
		}
	}
}

func TestParseEndpoints(t *testing.T) {
	tests := []struct {
		in   string
		want []Endpoint
		bad  bool
	}{
		{in: "", want: nil},
		{in: " plaintext://:9092 , CONTROLLER://host-1.x:29092,", want: []Endpoint{
			{Name: "PLAINTEXT", Host: "", Port: 9092, Raw: "plaintext://:9092"},
			{Name: "CONTROLLER", Host: "host-1.x", Port: 29092, Raw: "CONTROLLER://host-1.x:29092"}}},
		{in: "EXTERNAL://[::1]:39092", want: []Endpoint{{Name: "EXTERNAL", Host: "::1", Port: 39092, Raw: "EXTERNAL://[::1]:39092"}}},
		{in: "PLAINTEXT//:9092", bad: true},
		{in: "PLAINTEXT://:", bad: true},
		{in: "PLAINTEXT://:99999", bad: true},
		{in: "PLAINTEXT://h o:1", bad: true},
		{in: "P T://h:1", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseEndpoints(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseEndpoints(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("ParseEndpoints(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseEndpoints(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
	if s := (Endpoint{Name: "E", Host: "::1", Port: 1}).String(); s != "E://[::1]:1" {
		t.Errorf("IPv6 endpoint renders as %q", s)
	}
}

func TestParseProtocolMap(t *testing.T) {
	m, err := ParseProtocolMap("internal : sasl_ssl, CONTROLLER:PLAINTEXT")
	if err != nil || len(m) != 2 || m[0].Name != "INTERNAL" || m[0].Protocol != "SASL_SSL" {
		t.Errorf("got %+v, %v", m, err)
	}
	for _, bad := range []string{"A", "A:TLS", "A:SSL,a:SSL"} {
		if _, err := ParseProtocolMap(bad); err == nil {
			t.Errorf("ParseProtocolMap(%q) succeeded, want an error", bad)
		}
	}
}
