package propsedit

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// The parser's own tests live in package kraft; these show that Parse is kraft's parser and
// that its one failure comes back as a propsedit refusal.

func TestParseIsKraftParse(t *testing.T) {
	in := "# c\r\n  a : b,\\\n   c\r\nk\\ ey=\\u0041\n"
	f, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(f.Bytes(), []byte(in)) || f.EOL != "\r\n" || len(f.Entries) != 2 {
		t.Fatalf("Parse(%q) = %+v", in, f)
	}
	want := []kraft.Entry{
		{Key: "a", Value: "b,c", Start: 2, End: 3, Indent: "  ", RawKey: "a", Sep: " : "},
		{Key: "k ey", Value: "A", Start: 4, End: 4, RawKey: `k\ ey`, Sep: "="},
	}
	for i := range want {
		if f.Entries[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, f.Entries[i], want[i])
		}
	}
}

func TestParseMalformedEscapeIsSyntaxError(t *testing.T) {
	tests := []struct {
		in         string
		key, value string
		line       int
	}{
		{"a=1\nk=x\\u12G4\n", "k", `x\u12G4`, 2},
		{"k\\u=v", `k\u`, `k\u=v`, 1},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		var pe *Error
		if !errors.Is(err, ErrSyntax) || !errors.As(err, &pe) {
			t.Fatalf("Parse(%q) error = %v, want an *Error of Kind ErrSyntax", tt.in, err)
		}
		if pe.Key != tt.key || pe.Value != tt.value || pe.Line != tt.line || !strings.Contains(pe.Problem, `malformed \u escape`) || pe.Fix == "" {
			t.Errorf("Parse(%q) error = %+v, want key %q, value %q, line %d, a problem and a fix", tt.in, *pe, tt.key, tt.value, tt.line)
		}
	}
}

func TestListenerWrappers(t *testing.T) {
	eps, err := kraft.ParseEndpoints("internal://h:1, EXTERNAL://[::1]:2")
	if err != nil || len(eps) != 2 || eps[0] != (kraft.Endpoint{Name: "INTERNAL", Host: "h", Port: 1, Raw: "internal://h:1"}) || eps[1].Host != "::1" {
		t.Errorf("ParseEndpoints = %+v, %v", eps, err)
	}
	if _, err := kraft.ParseEndpoints("INTERNAL//h:1"); err == nil {
		t.Error("ParseEndpoints accepted an item without ://")
	}
	m, err := kraft.ParseProtocolMap("a:ssl")
	if err != nil || len(m) != 1 || m[0] != (kraft.Mapping{Name: "A", Protocol: "SSL", Raw: "a:ssl"}) {
		t.Errorf("ParseProtocolMap = %+v, %v", m, err)
	}
	if _, err := kraft.ParseProtocolMap("A:SSL,a:SSL"); err == nil {
		t.Error("kraft.ParseProtocolMap accepted a name mapped twice")
	}
	if strings.Join(kraft.Protocols, ",") != "PLAINTEXT,SSL,SASL_PLAINTEXT,SASL_SSL" {
		t.Errorf("kraft.Protocols = %v", kraft.Protocols)
	}
}
