package scripts

import (
	"strings"
	"testing"
)

// TestConfigureBrokerPassesClusterIDAsOneWord: Kafka's argument parser reads `format -t -PsK...`
// as a flag, so an ID starting with '-' (which a stack's clusterId could once hold) must reach
// kafka-storage.sh as --cluster-id=<id> (domain-facts.md, Storage formatting). The test double
// of kafka-storage.sh refuses a separate value starting with '-', as the real parser does.
func TestConfigureBrokerPassesClusterIDAsOneWord(t *testing.T) {
	t.Parallel()
	const dashID = "-PsKUCFXCeTCo8yqfcp7kA"
	h := installedBroker(t)
	h.mustRun(ConfigureBrokerName, brokerConfig(1), configureArgs(dashID)...)
	var format []string
	for _, c := range h.calls() {
		if strings.HasPrefix(c, "kafka-storage.sh") {
			format = append(format, c)
		}
	}
	if len(format) != 1 || !strings.HasPrefix(format[0], "kafka-storage.sh format --cluster-id="+dashID+" ") {
		t.Errorf("kafka-storage.sh calls = %q, want one format with --cluster-id=%s", format, dashID)
	}
	if meta := h.readFile(h.rootPath("/var/lib/kafka/data/meta.properties")); !strings.Contains(meta, "cluster.id="+dashID+"\n") {
		t.Errorf("meta.properties = %q, want cluster.id=%s", meta, dashID)
	}
}
