package deploy

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// BenchmarkRun runs the whole program under mocks for a small, a middle and the largest cluster (48
// brokers: 49 NLB listeners, within the quota of 50), to show how its cost grows with the
// broker count. Run it with: go test ./deploy -bench . -run XXX -benchmem
func BenchmarkRun(b *testing.B) {
	for _, brokers := range []int{3, 24, 48} {
		b.Run(fmt.Sprintf("brokers=%d", brokers), func(b *testing.B) {
			moduleDir := fakeModule(b)
			stack := devStack(brokers)
			b.ReportAllocs()
			for b.Loop() {
				mocks := newMocks(b, moduleDir)
				err := pulumi.RunErr(func(ctx *pulumi.Context) error {
					_, err := program(ctx, moduleDir, prebuiltKplc)
					return err
				}, pulumi.WithMocks("kafka-plc", "dev", mocks), withStack(stack))
				if err != nil {
					b.Fatal(err)
				}
				if n := len(mocks.ByType(mocktest.TypeServerGroupAttachment)); n != 2*brokers {
					b.Fatalf("%d NLB attachments, want %d", n, 2*brokers)
				}
			}
		})
	}
}
