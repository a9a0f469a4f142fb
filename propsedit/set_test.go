package propsedit

import (
	"errors"
	"testing"
)

// kraftBroker is a minimal broker+controller file, with the separators and spacing of a
// hand-written one.
const kraftBroker = "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@10.0.0.10:9093\n" +
	"controller.listener.names=CONTROLLER\nlisteners=PLAINTEXT://10.0.0.10:9092,CONTROLLER://10.0.0.10:9093\n" +
	"log.dirs=/data/kafka\n# retention\n  log.retention.hours : 168\nnum.io.threads=8\n"

func TestSetProperties(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		want    []Property
		out     string // "" means unchanged
		changed []string
	}{
		{"unchanged when the values hold (decoded, not textual)", kraftBroker,
			[]Property{{"log.retention.hours", "168"}, {"num.io.threads", "8"}}, "", nil},
		{"replaced in place, its line's indentation and separator kept", kraftBroker,
			[]Property{{"log.retention.hours", "72"}},
			"process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@10.0.0.10:9093\n" +
				"controller.listener.names=CONTROLLER\nlisteners=PLAINTEXT://10.0.0.10:9092,CONTROLLER://10.0.0.10:9093\n" +
				"log.dirs=/data/kafka\n# retention\n  log.retention.hours : 72\nnum.io.threads=8\n",
			[]string{"log.retention.hours"}},
		{"appended after one comment, sorted, escaped", kraftBroker,
			[]Property{{"connections.max.idle.ms", "86400000"}, {"compression.type", "zstd"}, {"ssl.principal.mapping.rules", `RULE:^CN=(.*)$/$1/ #x`}},
			kraftBroker + addedComment + "\ncompression.type=zstd\nconnections.max.idle.ms=86400000\nssl.principal.mapping.rules=RULE:^CN=(.*)$/$1/ #x\n",
			[]string{"compression.type", "connections.max.idle.ms", "ssl.principal.mapping.rules"}},
		{"CRLF file, no final newline", "process.roles=broker\r\nnode.id=2\r\ncontroller.quorum.voters=1@h:9093\r\ncontroller.listener.names=CONTROLLER\r\nlog.dirs=/d",
			[]Property{{"num.io.threads", "16"}},
			"process.roles=broker\r\nnode.id=2\r\ncontroller.quorum.voters=1@h:9093\r\ncontroller.listener.names=CONTROLLER\r\nlog.dirs=/d\r\n" + addedComment + "\r\nnum.io.threads=16",
			[]string{"num.io.threads"}},
		{"continued entry becomes one line", "process.roles=broker\nnode.id=2\ncontroller.quorum.voters=1@h:9093\ncontroller.listener.names=CONTROLLER\nlog.cleanup.policy=delete,\\\n  compact\nlog.dirs=/d\n",
			[]Property{{"log.cleanup.policy", "delete"}},
			"process.roles=broker\nnode.id=2\ncontroller.quorum.voters=1@h:9093\ncontroller.listener.names=CONTROLLER\nlog.cleanup.policy=delete\nlog.dirs=/d\n",
			[]string{"log.cleanup.policy"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := SetProperties([]byte(tc.in), tc.want)
			if err != nil {
				t.Fatalf("SetProperties: %v", err)
			}
			want := tc.out
			if want == "" {
				want = tc.in
			}
			if string(res.Output) != want {
				t.Errorf("output:\n%q\nwant:\n%q", res.Output, want)
			}
			if res.Changed != (tc.out != "") {
				t.Errorf("Changed = %v", res.Changed)
			}
			if len(res.ChangedKeys) != len(tc.changed) {
				t.Errorf("ChangedKeys = %v, want %v", res.ChangedKeys, tc.changed)
			}
			again, err := SetProperties(res.Output, tc.want)
			if err != nil || again.Changed {
				t.Errorf("second run: changed %v, err %v; want a no-op", again.Changed, err)
			}
		})
	}
}

func TestSetPropertiesRefusals(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []Property
		kind error
	}{
		{"listeners are the EXTERNAL edit's", kraftBroker, []Property{{"listeners", "X://:1"}}, ErrProtectedKey},
		{"node.id", kraftBroker, []Property{{"node.id", "2"}}, ErrProtectedKey},
		{"protocol map", kraftBroker, []Property{{"listener.security.protocol.map", "X:PLAINTEXT"}}, ErrProtectedKey},
		{"a line break in a value", kraftBroker, []Property{{"num.io.threads", "8\nnode.id=5"}}, ErrInvalidProperty},
		{"a value Kafka refuses", kraftBroker, []Property{{"num.io.threads", "0"}}, ErrInvalidProperty},
		{"a wanted key set twice in the file", kraftBroker + "num.io.threads=4\n", []Property{{"num.io.threads", "16"}}, ErrDuplicateKey},
		{"a result Kafka would not start", kraftBroker, []Property{{"connections.max.idle.ms", "50"}}, ErrInvalidResult},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SetProperties([]byte(tc.in), tc.want)
			if !errors.Is(err, tc.kind) {
				t.Errorf("err = %v, want %v", err, tc.kind)
			}
		})
	}
}
