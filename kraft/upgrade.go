package kraft

import (
	"fmt"
	"strconv"
	"strings"
)

// Release is a Kafka release number, MAJOR.MINOR.PATCH.
type Release struct {
	// Major is the first number.
	Major int
	// Minor is the second number.
	Minor int
	// Patch is the third number.
	Patch int
}

// ParseRelease reads "3.7.1"; ok is false for anything else.
func ParseRelease(s string) (r Release, ok bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return r, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || p != strconv.Itoa(v) {
			return r, false
		}
		n[i] = v
	}
	return Release{n[0], n[1], n[2]}, true
}

// String is "MAJOR.MINOR.PATCH".
func (r Release) String() string { return fmt.Sprintf("%d.%d.%d", r.Major, r.Minor, r.Patch) }

// Line is "MAJOR.MINOR", the release line a metadata.version belongs to.
func (r Release) Line() string { return fmt.Sprintf("%d.%d", r.Major, r.Minor) }

// lineBefore reports whether r is of an older release line than o (the patch is ignored).
func (r Release) lineBefore(o Release) bool {
	return r.Major < o.Major || r.Major == o.Major && r.Minor < o.Minor
}

// minimumSource is the oldest release line a KRaft cluster may run to be upgraded to target in
// one rolling upgrade, from Kafka's upgrade notes:
//
//   - 3.7, 3.8 and 3.9: "Upgrading KRaft-based clusters to 3.x.0 from any version 3.0.x
//     through 3.(x-1).x" (https://kafka.apache.org/37/documentation.html#upgrade_370_kraft,
//     .../38/...#upgrade_380_kraft, .../39/...#upgrade_390_kraft);
//   - 4.0 to 4.3: "Upgrading Servers to 4.x.0 from any version 3.3.x through 4.(x-1)": the
//     software and metadata.version must be at least 3.3.x, older KRaft clusters go to 3.9
//     first (https://kafka.apache.org/40/documentation.html#upgrade_4_0_0, and the same
//     sentence at https://kafka.apache.org/43/getting-started/upgrade/).
//
// Major releases after 4 have no documented path yet: ok is false.
func minimumSource(target Release) (min Release, ok bool) {
	switch {
	case target.Major == 3:
		return Release{3, 0, 0}, true
	case target.Major == 4:
		return Release{3, 3, 0}, true
	}
	return Release{}, false
}

// UpgradeError is a kafkaVersion change Kafka does not support in one rolling step.
type UpgradeError struct {
	// Running is the release the brokers run (the version the stack last applied).
	Running string
	// Target is the configured kafkaVersion.
	Target string
	// Problem says why the step is refused.
	Problem string
	// Fix says what to do instead.
	Fix string
}

// Error names the setting, both versions, the problem and the fix.
func (e *UpgradeError) Error() string {
	return fmt.Sprintf("kafkaVersion %s: the brokers run %s; %s; fix: %s", e.Target, e.Running, e.Problem, e.Fix)
}

// CheckUpgrade returns nil when a cluster whose brokers run release running may roll to release
// target in one step, or an *UpgradeError saying why not:
//
//   - a change of the patch release only (3.7.1 → 3.7.0 or 3.7.2) is always allowed: a release
//     line shares its metadata.version levels;
//   - an older release line (3.8.0 → 3.7.1) is refused: kafka-plc finalizes metadata.version
//     after every upgrade (`kplc finalize-features`), and a broker refuses to start with a
//     finalized metadata.version its software does not support; once a level with metadata
//     changes is finalized, metadata.version cannot be lowered safely at all (Kafka's upgrade
//     notes: "cluster metadata downgrade is not supported in this version since it has
//     metadata changes", https://kafka.apache.org/43/getting-started/upgrade/);
//   - a newer line is allowed from the oldest source line Kafka documents for it (see
//     minimumSource), and refused for a major release without a documented path.
//
// Both arguments must be valid releases (config validation checks kafkaVersion first); an
// unreadable running version (a tag edited by hand) is refused too.
func CheckUpgrade(running, target string) error {
	if running == target {
		return nil
	}
	r, rok := ParseRelease(running)
	t, tok := ParseRelease(target)
	switch {
	case !tok:
		return &UpgradeError{Running: running, Target: target, Problem: "is not a release number",
			Fix: "set kafkaVersion to a release MAJOR.MINOR.PATCH, e.g. pulumi config set kafkaVersion " + running}
	case !rok:
		return &UpgradeError{Running: running, Target: target,
			Problem: "the running version recorded on the broker instances (tag " + "kafka-version" + ") is not a release number",
			Fix:     "set the tag kafka-version of every broker instance to the release its /opt/kafka/current runs, then pulumi up again"}
	case r.Line() == t.Line():
		return nil
	case t.lineBefore(r):
		return &UpgradeError{Running: running, Target: target,
			Problem: fmt.Sprintf("a downgrade to an older release line is refused: after the upgrade to %s kafka-plc finalized metadata.version to the %s level, "+
				"Kafka %s cannot start with it, and a finalized metadata.version with metadata changes cannot be lowered safely", r.Line(), r.Line(), t.Line()),
			Fix: fmt.Sprintf("keep kafkaVersion %s (a patch release of %s, e.g. %s.0, is allowed); to go back to %s, build a new cluster with it and move the data (e.g. MirrorMaker 2)",
				running, r.Line(), r.Line(), t.Line())}
	}
	min, ok := minimumSource(t)
	if !ok {
		return &UpgradeError{Running: running, Target: target,
			Problem: fmt.Sprintf("Kafka documents no one-step upgrade path to %d.x that kafka-plc knows of", t.Major),
			Fix:     fmt.Sprintf("upgrade to the last 4.x release first, or check https://kafka.apache.org/documentation/#upgrade for %s and update kafka-plc's upgrade table (kraft/upgrade.go)", target)}
	}
	if r.lineBefore(min) {
		return &UpgradeError{Running: running, Target: target,
			Problem: fmt.Sprintf("Kafka supports the upgrade to %s only from %s.x or later", t.Line(), min.Line()),
			Fix:     fmt.Sprintf("upgrade to 3.9.x first (pulumi config set kafkaVersion 3.9.1 and pulumi up, which finalizes metadata.version), then to %s", target)}
	}
	return nil
}

// MetadataVersionName names a metadata.version feature level as Kafka's MetadataVersion enum
// does (server-common/src/main/java/org/apache/kafka/server/common/MetadataVersion.java, e.g.
// IBP_3_7_IV4(19, "3.7", "IV4", false)), "3.7-IV4"; a level the table does not know is
// "level N".
func MetadataVersionName(level int16) string {
	if int(level) < len(metadataVersionNames) && level >= 1 && metadataVersionNames[level] != "" {
		return metadataVersionNames[level]
	}
	return fmt.Sprintf("level %d", level)
}

// metadataVersionNames are the levels 1..33 of MetadataVersion (apache/kafka trunk, 2026).
var metadataVersionNames = []string{"",
	"3.0-IV1", "3.1-IV0", "3.2-IV0", "3.3-IV0", "3.3-IV1", "3.3-IV2", "3.3-IV3", "3.4-IV0",
	"3.5-IV0", "3.5-IV1", "3.5-IV2", "3.6-IV0", "3.6-IV1", "3.6-IV2", "3.7-IV0", "3.7-IV1",
	"3.7-IV2", "3.7-IV3", "3.7-IV4", "3.8-IV0", "3.9-IV0", "4.0-IV0", "4.0-IV1", "4.0-IV2",
	"4.0-IV3", "4.1-IV0", "4.1-IV1", "4.2-IV0", "4.2-IV1", "4.3-IV0", "4.4-IV0", "4.4-IV1", "4.4-IV2",
}
