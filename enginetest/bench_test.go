package enginetest

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkStages measures the engine's wall time for the example stack with 3 and with 48
// brokers: stage 1 (pulumi up from empty: preview and update), the stage-2 preview, and the
// stage-2 update, each reported as seconds per operation. Every iteration is a fresh stack. Run:
//
//	go -C enginetest test -run XXX -bench Stages -benchtime 1x
func BenchmarkStages(b *testing.B) {
	for _, brokers := range []int{3, 48} {
		b.Run(fmt.Sprintf("brokers=%d", brokers), func(b *testing.B) {
			var stage1, preview2, update2 time.Duration
			for range b.N {
				tw, err := NewTwin(TwinOptions{ProjectDir: projectDir(b), Stack: "dev", BaseStackFile: "Pulumi.dev.yaml", Dir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				tw.Set("kafka-plc:brokerCount", brokers)
				start := time.Now()
				benchMust(b, "stage 1 pulumi up", tw.Up())
				stage1 += time.Since(start)
				tw.Set("kafka-plc:uniqueName", "abc123xyz")
				start = time.Now()
				p := tw.Preview()
				preview2 += time.Since(start)
				benchMust(b, "stage 2 preview", &Run{Preview: p, Update: p})
				start = time.Now()
				benchMust(b, "stage 2 update", tw.UpSkipPreview())
				update2 += time.Since(start)
			}
			n := float64(b.N)
			b.ReportMetric(stage1.Seconds()/n, "stage1-s/op")
			b.ReportMetric(preview2.Seconds()/n, "stage2-preview-s/op")
			b.ReportMetric(update2.Seconds()/n, "stage2-update-s/op")
		})
	}
}

// benchMust stops the benchmark when a run failed: skipped for a known issue-10 defect (named),
// failed otherwise.
func benchMust(b *testing.B, what string, r *Run) {
	b.Helper()
	if r.Err() == nil {
		return
	}
	text := r.Last().ErrorText()
	if r.Preview != nil && r.Preview.Err != nil {
		text = r.Preview.ErrorText()
	}
	for _, d := range issue10 {
		if d.signature != nil && d.signature.MatchString(text) {
			b.Skipf("blocked on %s: %s\n%s failed with: %s", d.label(), d.summary, what, firstMatch(d.signature, text))
		}
	}
	b.Fatalf("%s failed:\n%s", what, condensed(text))
}
