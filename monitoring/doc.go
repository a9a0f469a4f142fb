// Package monitoring holds the Prometheus alert rules shipped for a kafka-plc cluster
// (kafka-plc-alerts.yml, on the metrics of `kplc exporter`) and their promtool unit tests
// (kafka-plc-alerts_test.yml). The rules are embedded so that Go code (and its tests) read
// exactly the file an operator loads into Prometheus.
package monitoring

import (
	_ "embed" // the rules file
)

// RulesFile is the file name of the alert rules.
const RulesFile = "kafka-plc-alerts.yml"

// Rules is the content of kafka-plc-alerts.yml.
//
//go:embed kafka-plc-alerts.yml
var Rules []byte
