package components

import (
	"strings"
	"testing"
)

// TestImageWarningNamesTheSettingAndTheSafeProcedure: imageId is ignored on running brokers
// (ReplaceSystemDisk would re-image every broker at once; facts: ecs/instance image_id), so the
// warning must name the setting, both images, and a procedure that re-runs this broker's own
// install and configure steps behind the gate (the engine twin checks that it is logged).
func TestImageWarningNamesTheSettingAndTheSafeProcedure(t *testing.T) {
	msg := imageWarning("kafka-plc-dev", 2, "aliyun_3_old.vhd", "aliyun_3_new.vhd")
	for _, want := range []string{
		"node 2 runs image aliyun_3_old.vhd", "imageId", "aliyun_3_new.vhd", "ReplaceSystemDisk",
		"kplc safe-to-restart --node-id 2", "--replace <URN of kafka-plc-dev-install-2>",
		"--replace <URN of kafka-plc-dev-configure-2>", "kplc wait-ready --node-id 2",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("warning lacks %q:\n%s", want, msg)
		}
	}
}
