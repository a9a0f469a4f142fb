package components

import (
	"fmt"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TestKraftBrokerSetDataDiskSizeChange: every data_disks field of an instance is ForceNew
// (alicloud-provider-facts.md, ecs/instance data_disks), so dataDisks is ignored on running
// brokers and a changed dataDiskSizeGb is not applied; like a changed instance type it must
// not pass silently: pulumi up warns per broker with the online grow procedure (resize the
// disk, then grow the file system at /var/lib/kafka), or says that a disk cannot shrink.
func TestKraftBrokerSetDataDiskSizeChange(t *testing.T) {
	tests := []struct {
		name       string
		configured int
		running    map[int]int // the size in the state per node; unlisted nodes have the configured size
		want       []string
	}{
		{"first deploy: the disks have the configured size", 200, nil, nil},
		{"grown for the whole set", 500, map[int]int{1: 200, 2: 200, 3: 200}, []string{
			"node %d's data disk is 200 GiB, but dataDiskSizeGb is 500", "pulumi up does not resize",
			"aliyun ecs ResizeDisk --DiskId <the data disk's ID> --NewSize 500 --Type online",
			"xfs_growfs /var/lib/kafka", "resize2fs /dev/vdb", "one broker at a time is not needed, but is safe", "pulumi refresh"}},
		{"shrunk", 100, map[int]int{1: 200, 2: 200, 3: 200}, []string{
			"node %d's data disk is 200 GiB, but dataDiskSizeGb is 100", "A disk cannot shrink", "pulumi config set dataDiskSizeGb 200"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := bsPlan(t, "")
			args := bsArgs(p, bsKplcBinary(t))
			args.DataDiskSizeGB = tc.configured
			rec, err := bsRunWithFirewall(t, args, func(r mocktest.Resource, out resource.PropertyMap) {
				for n, size := range tc.running {
					if r.Type == mocktest.TypeInstance && r.Name == bsName("broker", n) {
						disk := r.Array("dataDisks")[0].ObjectValue().Copy()
						disk["size"] = resource.NewProperty(float64(size))
						out["dataDisks"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(disk)})
					}
				}
			})
			if err != nil {
				t.Fatalf("program failed: %v", err)
			}
			for _, b := range p.Brokers {
				inst := rec.MustNamed(t, mocktest.TypeInstance, bsName("broker", b.NodeID))
				if !inst.Ignores("dataDisks") {
					t.Errorf("node %d: dataDisks is not ignored: a new size would replace the broker and its data", b.NodeID)
				}
			}
			all := rec.logs.WarningsContaining("dataDiskSizeGb")
			if len(all) != len(tc.running) {
				t.Errorf("%d data disk warnings, want %d: %q", len(all), len(tc.running), all)
			}
			for n := range tc.running {
				want := append([]string{fmt.Sprintf(tc.want[0], n)}, tc.want[1:]...)
				if got := rec.logs.WarningsContaining(want...); len(got) != 1 {
					t.Errorf("want one warning saying %q; warnings: %q", want, rec.logs.Warnings())
				}
			}
		})
	}
}
