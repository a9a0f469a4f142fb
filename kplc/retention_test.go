package kplc

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
)

// topicConfig returns the value kfake reports for a topic's config key ("" when unset).
func topicConfig(t *testing.T, adm *kadm.Client, topic, key string) string {
	t.Helper()
	rcs, err := adm.DescribeTopicConfigs(context.Background(), topic)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := rcs.On(topic, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rc.Configs {
		if c.Key == key {
			return c.MaybeValue()
		}
	}
	return ""
}

// The roundtrip topic never accumulates data: retention.ms and segment.ms of one hour, on a
// topic it creates and on kplc's own topic left by an older kplc; someone else's topic,
// named with --topic, is left alone.
func TestRoundtripTopicHasShortRetention(t *testing.T) {
	const hour = "3600000"
	for _, tc := range []struct {
		name, topic string
		existing    bool
		want        string // retention.ms and segment.ms afterwards; "" means unchanged (unset)
		note        string
	}{
		{"created by the check", DefaultRoundtripTopic, false, hour, ""},
		{"kplc's topic from an older kplc", DefaultRoundtripTopic, true, hour, ""},
		{"someone else's topic", "orders", true, "", "its retention was left as it is"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, o := newCluster(t)
			adm := admin(t, o)
			if tc.existing {
				createTopic(t, adm, tc.topic, 3, nil)
			}
			r := Roundtrip(ctxFor(t, 30*time.Second), o, RoundtripOptions{Topic: tc.topic, Messages: 6})
			if r.Err != nil {
				t.Fatalf("roundtrip: %v", r.Err)
			}
			for _, key := range []string{"retention.ms", "segment.ms"} {
				got := topicConfig(t, adm, tc.topic, key)
				if tc.want == "" && got == hour {
					t.Errorf("%s of %s = %s: kplc changed a topic that is not its own", key, tc.topic, got)
				}
				if tc.want != "" && got != tc.want {
					t.Errorf("%s of %s = %q, want %s", key, tc.topic, got, tc.want)
				}
			}
			if notes := strings.Join(r.Notes, "\n"); !strings.Contains(notes, tc.note) {
				t.Errorf("notes %q lack %q", notes, tc.note)
			}
		})
	}
}
