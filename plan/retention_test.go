package plan

import (
	"strings"
	"testing"
)

func TestDefaultRetentionBytes(t *testing.T) {
	for _, tc := range []struct {
		disk int
		want int64
	}{
		{200, 2684354560},   // 200 GiB × 75 % / 50 = 3 GiB, less two 256 MiB segments
		{1000, 15569256448}, // 15 GiB less 512 MiB
		{60, 428867584},     // 921.6 MiB less 512 MiB, floored to 409 MiB
		{20, SegmentBytes},  // a 300 MiB share cannot hold its segments: one segment (and a plan warning)
	} {
		got := DefaultRetentionBytes(tc.disk)
		if got != tc.want {
			t.Errorf("DefaultRetentionBytes(%d GiB) = %d, want %d", tc.disk, got, tc.want)
		}
	}
}

// The default cannot fill the disk: from 52 GiB (where a partition's share holds its retention
// and two segments) RetentionPartitionBudget replicas at full retention stay within
// DiskFillPercent, below the 80 % alert. Smaller disks get a plan warning (TestDiskWarnings).
func TestDefaultRetentionFitsTheDisk(t *testing.T) {
	for disk := 52; disk <= 32768; disk += 7 {
		r := DefaultRetentionBytes(disk)
		used := RetentionPartitionBudget * (r + 2*SegmentBytes)
		if limit := int64(disk) * gib * DiskFillPercent / 100; used > limit {
			t.Fatalf("%d GiB disk: %d replicas at full retention use %d bytes, above %d %% (%d)", disk, RetentionPartitionBudget, used, DiskFillPercent, limit)
		}
		if fit := PartitionsAtFullRetention(disk, r, SegmentBytes); fit < RetentionPartitionBudget {
			t.Fatalf("%d GiB disk: only %d partitions fit, want %d", disk, fit, RetentionPartitionBudget)
		}
	}
}

func TestDiskWarnings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		override string
		want     string
	}{
		{"the default holds the budget", "", ""},
		{"unbounded by size", "log.retention.bytes=-1\n", "broker 1: log.retention.bytes is -1, so only time bounds each partition"},
		{"10 GiB per partition", "log.retention.bytes=10737418240\n", "broker 1: with log.retention.bytes 10737418240 and log.segment.bytes 268435456, 14 partition replica(s) at full retention fill 75 % of the 200 GiB data disk"},
		{"Kafka's 1 GiB segments", "log.segment.bytes=1073741824\n", "33 partition replica(s)"},
		{"a 40 GiB disk cannot hold the budget even with the default", "disk=40", "40 partition replica(s) at full retention fill 75 % of the 40 GiB data disk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := devConfig()
			if tc.override == "disk=40" {
				c.DataDiskSizeGB, tc.override = 40, ""
			}
			p, err := Build(c)
			if err != nil {
				t.Fatal(err)
			}
			// A later line wins, as a user's brokerProperties override would.
			p.Brokers[0].ServerProperties += tc.override
			got := strings.Join(DiskWarnings(c, p), "\n")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("DiskWarnings = %q, want %q", got, tc.want)
			}
		})
	}
	c := devConfig()
	c.DataDiskSizeGB = 0
	if p, _ := Build(c); DiskWarnings(c, p) != nil || strings.Contains(p.Brokers[0].ServerProperties, KeyRetentionBytes) {
		t.Error("without a disk size, no retention is rendered and nothing is warned")
	}
}
