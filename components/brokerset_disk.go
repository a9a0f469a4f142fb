package components

import (
	"fmt"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// dataMountPoint is where install-broker.sh mounts a broker's data disk (logDir is under it);
// the file system is xfs, or ext4 where mkfs.xfs is missing.
const dataMountPoint = "/var/lib/kafka"

// logDir is the brokers' log.dirs as package plan renders it (plan.LogDir; a test keeps the
// two equal without the components importing plan).
const logDir = dataMountPoint + "/data"

// warnDataDiskSize logs a warning when broker b's data disk is not the configured size:
// dataDisks is ignored on running brokers (every data_disks field is ForceNew, so a new size
// would replace the instance and its data; alicloud-provider-facts.md, ecs/instance
// data_disks), so a changed dataDiskSizeGb is not applied, and the warning gives the online
// grow. After the first deploy the instance's DataDisks is the state's, which keeps the size
// the disk was created with. It only logs: nothing is registered inside the apply.
func warnDataDiskSize(ctx *pulumi.Context, name string, inst *ecs.Instance, b KraftNode, wantGB int, device string) {
	inst.DataDisks.ApplyT(func(disks []ecs.InstanceDataDisk) (int, error) {
		if len(disks) == 0 || disks[0].Size == 0 || disks[0].Size == wantGB {
			return 0, nil
		}
		msg := dataDiskSizeWarning(name, b.NodeID, disks[0].Size, wantGB, device)
		if err := ctx.Log.Warn(msg, &pulumi.LogArgs{Resource: inst}); err != nil {
			return 0, fmt.Errorf("logging the data disk size of node %d: %w", b.NodeID, err)
		}
		return disks[0].Size, nil
	})
}

// dataDiskSizeWarning says that node nodeID's data disk keeps haveGB although wantGB is
// configured, and how to grow it by hand (a disk cannot shrink).
func dataDiskSizeWarning(name string, nodeID, haveGB, wantGB int, device string) string {
	if device == "" {
		device = DefaultDataDevice
	}
	head := fmt.Sprintf("KraftBrokerSet %q: node %d's data disk is %d GiB, but dataDiskSizeGb is %d; pulumi up does not resize "+
		"a running broker's data disk, because the provider would replace the instance, and its data, for any data disk change. ",
		name, nodeID, haveGB, wantGB)
	if wantGB < haveGB {
		return head + fmt.Sprintf("A disk cannot shrink: set dataDiskSizeGb back to %d (pulumi config set dataDiskSizeGb %d)", haveGB, haveGB)
	}
	return head + fmt.Sprintf("To grow it online, with Kafka running (safe on every broker; going one broker at a time is not "+
		"needed, but is safe too): resize the disk to %d GiB (ECS console: the broker's data disk, Resize Disk, online; or "+
		"`aliyun ecs ResizeDisk --DiskId <the data disk's ID> --NewSize %d --Type online`); then on the broker grow the file "+
		"system mounted at %s: `xfs_growfs %s` (xfs, the default; if `findmnt -no FSTYPE %s` says ext4: `resize2fs %s`); "+
		"check with `df -h %s`; when every broker is done, run `pulumi refresh` so the stack records the new size",
		wantGB, wantGB, dataMountPoint, dataMountPoint, dataMountPoint, device, dataMountPoint)
}
