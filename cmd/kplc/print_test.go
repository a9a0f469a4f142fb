package main

import (
	"bytes"
	"errors"
	"testing"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// TestPrintRoundtripStoppedEarly: a roundtrip that stopped before it read the topic does not
// claim "existing, 0 partitions, RF 0" (issue 16 item 10).
func TestPrintRoundtripStoppedEarly(t *testing.T) {
	stop := errors.New("creating topic kplc-roundtrip: could not reach the controller to ask it: DNS lookup of b3.example failed: no such host")
	cases := []struct {
		name string
		rep  kplc.RoundtripReport
		want string
	}{
		{"not reached", kplc.RoundtripReport{Topic: "kplc-roundtrip", Group: "kplc-roundtrip-1", Err: stop},
			"topic kplc-roundtrip: not reached (stopped before the topic could be read or created); nothing produced\n" +
				"roundtrip: FAILED\n  - " + stop.Error() + "\n"},
		{"created, partitions unread", kplc.RoundtripReport{Topic: "kplc-roundtrip", Created: true, Group: "kplc-roundtrip-1", Err: stop},
			"topic kplc-roundtrip: created, but stopped before its partitions could be read; nothing produced\n" +
				"roundtrip: FAILED\n  - " + stop.Error() + "\n"},
		{"read", kplc.RoundtripReport{Topic: "kplc-roundtrip", Partitions: 3, ReplicationFactor: 3, Group: "kplc-roundtrip-1", Err: stop},
			"topic kplc-roundtrip (existing, 3 partitions, RF 3): produced 0, consumed 0, group kplc-roundtrip-1 deleted=false\n" +
				"roundtrip: FAILED\n  - " + stop.Error() + "\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			printRoundtrip(&b, "", tc.rep)
			if b.String() != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), tc.want)
			}
		})
	}
}
