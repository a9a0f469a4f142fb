package kraft

import (
	"errors"
	"strings"
	"testing"
)

// TestCheckUpgrade: the one-step rule of Kafka's upgrade notes (kraft/upgrade.go minimumSource)
// and kafka-plc's refusal of older release lines once metadata.version is finalized.
func TestCheckUpgrade(t *testing.T) {
	for _, tc := range []struct {
		running, target string
		want            string // "" = allowed, else a part of the refusal
	}{
		{"3.7.1", "3.7.1", ""},
		{"3.7.1", "3.7.2", ""},
		{"3.7.1", "3.7.0", ""}, // a patch release of the same line shares the metadata levels
		{"3.7.1", "3.8.0", ""},
		{"3.7.1", "3.9.1", ""},
		{"3.7.1", "4.0.0", ""}, // 4.x from 3.3.x or later
		{"3.9.1", "4.3.0", ""},
		{"3.2.3", "4.0.0", "only from 3.3.x or later"},
		{"3.2.3", "3.7.1", ""}, // 3.7 from any 3.0.x through 3.6.x
		{"3.8.0", "3.7.1", "a downgrade to an older release line is refused"},
		{"4.0.0", "3.9.1", "keep kafkaVersion 4.0.0"},
		{"4.3.0", "5.0.0", "no one-step upgrade path to 5.x"},
		{"3.7", "3.8.0", "tag kafka-version"},
	} {
		err := CheckUpgrade(tc.running, tc.target)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s → %s: refused (%v), want allowed", tc.running, tc.target, err)
		case tc.want != "" && err == nil:
			t.Errorf("%s → %s: allowed, want refused with %q", tc.running, tc.target, tc.want)
		case tc.want != "":
			var ue *UpgradeError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) ||
				!strings.HasPrefix(err.Error(), "kafkaVersion "+tc.target+": the brokers run "+tc.running) || !strings.Contains(err.Error(), "fix: ") {
				t.Errorf("%s → %s: %v\nwant an *UpgradeError naming kafkaVersion, both versions, %q and a fix", tc.running, tc.target, err, tc.want)
			}
		}
	}
}

// TestMetadataVersionName: the names of MetadataVersion.java's levels.
func TestMetadataVersionName(t *testing.T) {
	for level, want := range map[int16]string{7: "3.3-IV3", 15: "3.7-IV0", 19: "3.7-IV4", 20: "3.8-IV0", 21: "3.9-IV0", 25: "4.0-IV3", 0: "level 0", 99: "level 99"} {
		if got := MetadataVersionName(level); got != want {
			t.Errorf("MetadataVersionName(%d) = %q, want %q", level, got, want)
		}
	}
}
