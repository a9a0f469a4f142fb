package plan

import (
	"fmt"
	"strconv"

	"github.com/kafka-plc/kafka-plc/config"
)

// Disk guardrail: size-based retention per partition, sized from the data disk, so that Kafka's
// time-based default (7 days) alone cannot fill the disk, which would stop the brokers and the
// changefeed with them (and make TiCDC hold TiDB's GC safepoint).
//
// Kafka deletes by size per partition (log.retention.bytes), whole segments at a time, and
// checks every log.retention.check.interval.ms (5 minutes by default): a partition holds at most
// log.retention.bytes plus its oldest and its active segment, so a partition replica's footprint
// is counted as log.retention.bytes + 2 × log.segment.bytes. Topics with cleanup.policy=compact
// (__consumer_offsets) are not bounded by it, and stay small.
const (
	// RetentionPartitionBudget is how many partition replicas (of topics that delete by
	// retention) a broker holds at full retention within DiskFillPercent of its data disk.
	// RF 3 puts one replica of every partition on each of three brokers, so this is also the
	// cluster's partition budget with three brokers: a changefeed that writes one topic with
	// three partitions uses 3 of it.
	RetentionPartitionBudget = 50
	// DiskFillPercent is how full full retention may make the disk: below the 80 % alert
	// (KafkaDiskUsageHigh in monitoring/kafka-plc-alerts.yml).
	DiskFillPercent = 75
	// SegmentBytes is log.segment.bytes: 256 MiB (Kafka's default is 1 GiB), so that a
	// partition's overshoot above its retention stays small.
	SegmentBytes = 256 << 20

	// KeyRetentionBytes is the per-partition size limit.
	KeyRetentionBytes = "log.retention.bytes"
	// KeySegmentBytes is the segment size.
	KeySegmentBytes = "log.segment.bytes"

	gib = 1 << 30
	mib = 1 << 20
)

// DefaultRetentionBytes is log.retention.bytes for a data disk of diskGiB: the disk's
// DiskFillPercent shared by RetentionPartitionBudget partition replicas, less their two
// segments, rounded down to a MiB; at least one segment. 200 GiB gives 2.5 GiB per partition.
func DefaultRetentionBytes(diskGiB int) int64 {
	share := int64(diskGiB) * gib * DiskFillPercent / 100 / RetentionPartitionBudget
	r := (share - 2*SegmentBytes) / mib * mib
	return max(r, SegmentBytes)
}

// PartitionsAtFullRetention is how many partition replicas fill diskGiB to DiskFillPercent at
// full retention with the given log.retention.bytes and log.segment.bytes; -1 when retention is
// unbounded (log.retention.bytes -1: only time bounds the disk).
func PartitionsAtFullRetention(diskGiB int, retentionBytes, segmentBytes int64) int64 {
	if retentionBytes < 0 {
		return -1
	}
	per := retentionBytes + 2*segmentBytes
	if per <= 0 {
		return -1
	}
	return int64(diskGiB) * gib * DiskFillPercent / 100 / per
}

// retentionSections is the rendered disk guardrail, when the data disk's size is known.
func retentionSections(c *config.Config) []section {
	if c.DataDiskSizeGB <= 0 {
		return nil
	}
	r := DefaultRetentionBytes(c.DataDiskSizeGB)
	return []section{{
		title: "Retention (disk guardrail)",
		comment: []string{
			fmt.Sprintf("Size-based retention per partition, so that the %d GiB data disk cannot fill: %d partition",
				c.DataDiskSizeGB, RetentionPartitionBudget),
			fmt.Sprintf("replicas at full retention fill %d %% of it (each up to log.retention.bytes + 2 segments).",
				DiskFillPercent),
			"Time-based retention (log.retention.hours, 168 by default) still applies: whichever comes first",
			"deletes. `kplc plan` warns when the effective values and the disk cannot hold each other.",
		},
		entries: []entry{
			{key: KeyRetentionBytes, value: strconv.FormatInt(r, 10)},
			{key: KeySegmentBytes, value: strconv.Itoa(SegmentBytes)},
		},
	}}
}

// DiskWarnings checks each broker's effective retention (the last value of its rendered
// server.properties, so that a later override wins) against the data disk: a warning when
// retention is unbounded by size, or when fewer than RetentionPartitionBudget partition
// replicas fit at full retention. Nothing for an existing cluster (its files are not ours).
func DiskWarnings(c *config.Config, p *Plan) []string {
	if c == nil || p == nil || c.Existing != nil || c.DataDiskSizeGB <= 0 {
		return nil
	}
	for _, b := range p.Brokers {
		props, err := ParseProperties(b.ServerProperties)
		if err != nil {
			continue
		}
		retention, segment := int64(-1), int64(1*gib) // Kafka's defaults
		for _, e := range props {
			n, err := strconv.ParseInt(e.Value, 10, 64)
			if err != nil {
				continue
			}
			switch e.Key {
			case KeyRetentionBytes:
				retention = n
			case KeySegmentBytes:
				segment = n
			}
		}
		fit := PartitionsAtFullRetention(c.DataDiskSizeGB, retention, segment)
		switch {
		case fit < 0:
			return []string{fmt.Sprintf("broker %d: log.retention.bytes is -1, so only time bounds each partition: at a sustained write rate the retention period can fill the %d GiB data disk (dataDiskSizeGb), which stops the broker and the changefeed; set log.retention.bytes (the default is %d for this disk)",
				b.NodeID, c.DataDiskSizeGB, DefaultRetentionBytes(c.DataDiskSizeGB))}
		case fit < RetentionPartitionBudget:
			return []string{fmt.Sprintf("broker %d: with log.retention.bytes %d and log.segment.bytes %d, %d partition replica(s) at full retention fill %d %% of the %d GiB data disk (dataDiskSizeGb); more fill it: lower log.retention.bytes (default %d), raise dataDiskSizeGb, or keep fewer partitions per broker",
				b.NodeID, retention, segment, fit, DiskFillPercent, c.DataDiskSizeGB, DefaultRetentionBytes(c.DataDiskSizeGB))}
		}
	}
	return nil
}
