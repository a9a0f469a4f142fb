package scripts

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// BenchmarkRollingUpdate simulates a rolling update of three brokers: three
// configure-broker.sh runs in sequence, each with a changed config, where the
// stub `kplc wait-ready` takes KPLC_BENCH_READY_DELAY seconds (default 1) to
// report ready. It reports the time beyond 3 × that delay, which is the
// scripts' own overhead (including the stubs' start-up), per update and per
// broker, and the CPU time the scripts and their commands used per broker
// (which, unlike wall time, hardly depends on other load on the machine). It checks that each run really restarted its broker, but makes no
// timing assertion.
//
//	go test ./scripts -run '^$' -bench RollingUpdate -benchtime 3x
func BenchmarkRollingUpdate(b *testing.B) {
	delay := 1.0
	if v := os.Getenv("KPLC_BENCH_READY_DELAY"); v != "" {
		d, err := strconv.ParseFloat(v, 64)
		if err != nil || d < 0 {
			b.Fatalf("KPLC_BENCH_READY_DELAY=%q: want seconds, for example 1 or 0.5", v)
		}
		delay = d
	}
	hosts := make([]*host, 3)
	for i := range hosts {
		hosts[i] = runningBroker(b, i+1)
		hosts[i].setState("kplc/wait-ready.delay", strconv.FormatFloat(delay, 'f', -1, 64))
	}
	b.ResetTimer()
	var total, cpu time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		for n, h := range hosts {
			args := []string{"--node-id", strconv.Itoa(n + 1), "--cluster-id", testClusterID, "--bootstrap", testBootstrap}
			r := h.mustRun(ConfigureBrokerName, brokerConfig(n+1, fmt.Sprintf("num.partitions=%d", 10+i)), args...)
			cpu += r.cpu
		}
		total += time.Since(start)
	}
	b.StopTimer()
	for n, h := range hosts {
		if got := countPrefix(h.calls(), "systemctl restart kafka"); got != b.N {
			b.Fatalf("broker %d restarted %d times in %d updates, want one per update", n+1, got, b.N)
		}
	}
	perUpdate := total.Seconds()/float64(b.N) - 3*delay
	b.ReportMetric(perUpdate, "overhead-s/update")
	b.ReportMetric(perUpdate/3, "overhead-s/broker")
	b.ReportMetric(cpu.Seconds()/float64(3*b.N), "cpu-s/broker")
}
