package main

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/plan"
)

// TestAfterRoll: kplc plan names the bastion steps after the roll, with the rebalance step's
// settings, or the manual command when rebalanceAfterScaleOut is off.
func TestAfterRoll(t *testing.T) {
	p := &plan.Plan{Brokers: []plan.Broker{{NodeID: 1, PrivateIP: "10.0.0.10"}, {NodeID: 2, PrivateIP: "10.0.64.10"}, {NodeID: 3, PrivateIP: "10.0.128.10"}}, InternalPort: 9092}
	for _, tc := range []struct {
		name string
		cfg  config.Config
		want []string
	}{
		{"automatic", config.Config{KafkaVersion: "3.8.0", RebalanceAfterScaleOut: true, RebalanceThrottleBytes: 20000000},
			[]string{"kplc cluster-ready --brokers 3", "kplc finalize-features --brokers 3: once per kafkaVersion (now 3.8.0)", "kplc rebalance --brokers 3 --throttle 20000000"}},
		{"manual", config.Config{KafkaVersion: "3.7.1"},
			[]string{"kplc cluster-ready", "kplc finalize-features", "no rebalance (rebalanceAfterScaleOut: false): after a scale-out run `kplc rebalance --bootstrap 10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092 --dry-run`"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := afterRoll(&tc.cfg, p)
			if len(got) != len(tc.want) {
				t.Fatalf("%d steps, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("step %d = %q, want %q in it", i+1, got[i], w)
				}
			}
		})
	}
}
