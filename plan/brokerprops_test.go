package plan

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kraft"
)

// brokerProperties reach every broker's file: an override replaces the rendered default in
// place (once, with a comment naming the default), a new key goes to the last section, and a
// value with separators reads back as exactly one entry with exactly its text.
func TestRenderBrokerProperties(t *testing.T) {
	tricky := `RULE:^CN=(.*?),OU=x$/$1/L,DEFAULT #1 \ tail`
	cases := []struct {
		name   string
		extras []config.BrokerProperty
		want   map[string]string // key -> value Java loads
		frags  []string          // lines in the rendered file
	}{
		{"override of a default", []config.BrokerProperty{{Key: "connections.max.idle.ms", Value: "3600000"}},
			map[string]string{"connections.max.idle.ms": "3600000"},
			[]string{"# Set by brokerProperties (kafka-plc's default: 86400000).\nconnections.max.idle.ms=3600000\n"}},
		{"new keys, sorted, last", []config.BrokerProperty{{Key: "compression.type", Value: "zstd"}, {Key: "log.retention.hours", Value: "168"}},
			map[string]string{"compression.type": "zstd", "log.retention.hours": "168"},
			[]string{"## Extra properties (brokerProperties)\n# From the stack setting brokerProperties; change them there, not here.\ncompression.type=zstd\nlog.retention.hours=168\n"}},
		{"separators stay inside the value", []config.BrokerProperty{{Key: "ssl.principal.mapping.rules", Value: tricky}},
			map[string]string{"ssl.principal.mapping.rules": tricky}, nil},
		{"none: Kafka-plc's default idle timeout", nil,
			map[string]string{"connections.max.idle.ms": "86400000"}, []string{"## Idle connections\n"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := devConfig()
			c.BrokerProperties = tc.extras
			p := mustBuild(t, c)
			for _, b := range p.Brokers {
				f, err := kraft.Parse([]byte(b.ServerProperties))
				if err != nil {
					t.Fatalf("node %d: rendered file does not parse: %v", b.NodeID, err)
				}
				props := f.Props()
				for k, v := range tc.want {
					if got := props[k]; got != v {
						t.Errorf("node %d: %s = %q, want %q", b.NodeID, k, got, v)
					}
					if n := len(f.Lookup(k)); n != 1 {
						t.Errorf("node %d: %s appears %d times, want once", b.NodeID, k, n)
					}
				}
				if len(props) != len(b.Properties) {
					t.Errorf("node %d: file holds %d keys, Properties %d: an entry leaked into another", b.NodeID, len(props), len(b.Properties))
				}
				for _, fr := range tc.frags {
					if !strings.Contains(b.ServerProperties, fr) {
						t.Errorf("node %d: file lacks\n%s\ngot:\n%s", b.NodeID, fr, b.ServerProperties)
					}
				}
			}
		})
	}
}

// A brokerProperties change changes every broker's file and nothing but the entries it names
// (the configure steps' content hashes, and so the gated roll, follow the file).
func TestBrokerPropertiesChangeOnlyTheirLines(t *testing.T) {
	before := mustBuild(t, devConfig())
	c := devConfig()
	c.BrokerProperties = []config.BrokerProperty{{Key: "log.retention.hours", Value: "72"}}
	after := mustBuild(t, c)
	for i, b := range after.Brokers {
		old := before.Brokers[i]
		if old.ServerProperties == b.ServerProperties {
			t.Errorf("node %d: file unchanged", b.NodeID)
		}
		if !strings.HasPrefix(b.ServerProperties, old.ServerProperties) {
			t.Errorf("node %d: the change is not confined to the appended section:\nbefore:\n%s\nafter:\n%s", b.NodeID, old.ServerProperties, b.ServerProperties)
		}
	}
}

// config.RenderedDefaults, which brokerProperties' checks and `kplc plan` use, states exactly
// what the rendered files hold, for any broker count.
func TestRenderedDefaultsAgreeWithFiles(t *testing.T) {
	for _, n := range []int{1, 2, 3, 6} {
		p := mustBuild(t, withBrokers(n, min(3, n)))
		f, err := kraft.Parse([]byte(p.Brokers[0].ServerProperties))
		if err != nil {
			t.Fatal(err)
		}
		props := f.Props()
		for k, v := range config.RenderedDefaults(n) {
			if props[k] != v {
				t.Errorf("%d brokers: config.RenderedDefaults says %s=%s, the file %q", n, k, v, props[k])
			}
		}
	}
}

// The disk guardrail reads the effective retention: a brokerProperties override of
// log.retention.bytes replaces the rendered default in place, and -1 draws DiskWarnings' warning.
func TestBrokerPropertiesOverrideRetention(t *testing.T) {
	c := devConfig()
	c.DataDiskSizeGB = 200
	if w := DiskWarnings(c, mustBuild(t, c)); len(w) != 0 {
		t.Fatalf("default retention warns: %v", w)
	}
	c.BrokerProperties = []config.BrokerProperty{{Key: KeyRetentionBytes, Value: "-1"}}
	p := mustBuild(t, c)
	f, err := kraft.Parse([]byte(p.Brokers[0].ServerProperties))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.Lookup(KeyRetentionBytes)); n != 1 {
		t.Errorf("log.retention.bytes appears %d times, want once (replaced in place)", n)
	}
	if w := DiskWarnings(c, p); len(w) != 1 || !strings.Contains(w[0], "log.retention.bytes is -1") {
		t.Errorf("DiskWarnings = %v, want the unbounded-retention warning", w)
	}
}
