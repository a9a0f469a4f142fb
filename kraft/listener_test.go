package kraft

import (
	"strings"
	"testing"
)

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

func TestEffectiveProtocolMap(t *testing.T) {
	eps := func(names ...string) []Endpoint {
		var out []Endpoint
		for _, n := range names {
			out = append(out, Endpoint{Name: n})
		}
		return out
	}
	plain := map[string]string{"PLAINTEXT": "PLAINTEXT", "SSL": "SSL", "SASL_PLAINTEXT": "SASL_PLAINTEXT", "SASL_SSL": "SASL_SSL"}
	withController := map[string]string{"PLAINTEXT": "PLAINTEXT", "SSL": "SSL", "SASL_PLAINTEXT": "SASL_PLAINTEXT", "SASL_SSL": "SASL_SSL", "CONTROLLER": "PLAINTEXT"}
	tests := []struct {
		name      string
		value     string
		set       bool
		listeners []Endpoint
		ctrl      []string
		want      map[string]string
	}{
		{"explicit map only", "INTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT", true, eps("INTERNAL", "EXTERNAL"), []string{"CONTROLLER"},
			map[string]string{"INTERNAL": "SASL_SSL", "CONTROLLER": "PLAINTEXT"}},
		{"explicit empty map", "", true, eps("PLAINTEXT"), []string{"CONTROLLER"}, map[string]string{}},
		{"default adds controller names", "", false, eps("PLAINTEXT", "CONTROLLER"), []string{"CONTROLLER"}, withController},
		{"default without controller names", "", false, eps("PLAINTEXT"), nil, plain},
		{"SASL listener: nothing added", "", false, eps("SASL_PLAINTEXT", "CONTROLLER"), []string{"CONTROLLER"}, plain},
		{"SSL controller name: nothing added", "", false, eps("PLAINTEXT"), []string{"SSL"}, plain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EffectiveProtocolMap(tt.value, tt.set, tt.listeners, tt.ctrl)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("map = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("map[%s] = %q, want %q (map %v)", k, got[k], v, got)
				}
			}
		})
	}
	if _, err := EffectiveProtocolMap("A:TLS", true, nil, nil); err == nil {
		t.Error("EffectiveProtocolMap accepted an unknown protocol")
	}
	m := DefaultProtocolMap()
	m["X"] = "SSL"
	if _, ok := DefaultProtocolMap()["X"]; ok {
		t.Error("DefaultProtocolMap returns a shared map")
	}
}

func TestAdvertisedListeners(t *testing.T) {
	tests := []struct {
		name  string
		props map[string]string
		want  []string
	}{
		{"explicit", map[string]string{KeyAdvertisedListeners: "INTERNAL://h:9092,bad,EXTERNAL://e:9093", KeyListeners: "X://:1"},
			[]string{"INTERNAL://h:9092", "EXTERNAL://e:9093"}},
		{"from listeners minus controller", map[string]string{KeyListeners: "CONTROLLER://:29092,INTERNAL://10.0.0.1:9092",
			KeyControllerListenerNames: "controller"}, []string{"INTERNAL://10.0.0.1:9092"}},
		{"Kafka's default listeners", map[string]string{}, []string{"PLAINTEXT://:9092"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range AdvertisedListeners(tt.props) {
				got = append(got, e.String())
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("AdvertisedListeners = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseVoters(t *testing.T) {
	got, err := parseVoters(" 1@10.0.0.1:29092, 2@[::1]:29092,3@host-3:1")
	if err != nil || len(got) != 3 || !got[1] || !got[2] || !got[3] {
		t.Errorf("parseVoters = %v, %v; want voters 1, 2 and 3", got, err)
	}
	for _, bad := range []string{"", " , ", "1@h", "x@h:1", "-1@h:1", "1@:29092", "1@h:0", "1@h:70000", "1@[::1:1", "1@h:1,1@g:2", "h:1"} {
		if got, err := parseVoters(bad); err == nil {
			t.Errorf("parseVoters(%q) = %v, want an error", bad, got)
		}
	}
}
