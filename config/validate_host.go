package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/kafka-plc/kafka-plc/rules"
)

// scalars parses the instance and disk settings.
func (l *loader) scalars(c *Config) {
	c.BrokerInstanceType = l.str("brokerInstanceType")
	c.BastionInstanceType = l.str("bastionInstanceType")
	for _, key := range []string{"brokerInstanceType", "bastionInstanceType"} {
		v := l.str(key)
		switch {
		case !instanceTypeRe.MatchString(v):
			l.problem(key, v, "is not an ECS instance type (like ecs.g7.xlarge)", l.fix.set(key, mustLookup(key).raw()))
		case rules.IsArmInstanceType(v):
			l.problem(key, v, fmt.Sprintf("is an Arm instance type (family %s, YiTian or Ampere); kplc and the host steps are built for linux/amd64 only, so it would not run there; pick an x86-64 family",
				rules.InstanceFamily(v)), l.fix.set(key, mustLookup(key).raw()))
		}
	}
	c.ImageID = l.str("imageId")
	if c.ImageID != "" && !imageIDRe.MatchString(c.ImageID) {
		l.problem("imageId", c.ImageID, "is not an ECS image ID (letters, digits, '_', '.', '-')",
			"unset it to use the latest Alibaba Cloud Linux 3: "+l.fix.rm("imageId"))
	}
	c.SystemDiskCategory = l.str("systemDiskCategory")
	c.DataDiskCategory = l.str("dataDiskCategory")
	for _, key := range []string{"systemDiskCategory", "dataDiskCategory"} {
		v := l.str(key)
		if !rules.IsDiskCategory(v) {
			l.problem(key, v, "is not a disk category; use one of "+strings.Join(rules.DiskCategories(), ", "), l.fix.set(key, "cloud_essd"))
		}
	}
	c.DataDiskDevice = l.str("dataDiskDevice")
	if msg := dataDeviceProblem(c.DataDiskDevice); msg != "" {
		l.problem("dataDiskDevice", c.DataDiskDevice, msg,
			l.fix.set("dataDiskDevice", "/dev/vdb")+" (or /dev/nvme1n1 on an instance family with NVMe disks; lsblk on a broker shows the name)")
	}
	if n, ok := l.integer("dataDiskSizeGb"); ok {
		c.DataDiskSizeGB = n
		if n < 20 || n > 32768 {
			l.problem("dataDiskSizeGb", itoa(n), "must be between 20 and 32768 GiB", l.fix.set("dataDiskSizeGb", "200"))
		}
	}
	if n, ok := l.integer("bastionBandwidthMbps"); ok {
		c.BastionBandwidthMbps = n
		if n < 1 || n > 100 {
			l.problem("bastionBandwidthMbps", itoa(n), "must be between 1 and 100 Mbit/s (the bastion needs a public IP to be reachable)",
				l.fix.set("bastionBandwidthMbps", "5"))
		}
	}
}

// Whole-disk device names: virtio (vdb), Xen (xvdb), SCSI (sdb) and NVMe (nvme1n1); the first
// disk of each scheme is the system disk.
var (
	wholeDiskRe  = regexp.MustCompile(`^/dev/((x?vd|sd)[a-z]+|nvme[0-9]+n[0-9]+)$`)
	systemDiskRe = regexp.MustCompile(`^/dev/((x?vd|sd)a|nvme0n1)$`)
	partitionRe  = regexp.MustCompile(`^/dev/((x?vd|sd)[a-z]+[0-9]+|nvme[0-9]+n[0-9]+p[0-9]+)$`)
)

// dataDeviceProblem returns what keeps dev from naming a broker's whole data disk, or "".
func dataDeviceProblem(dev string) string {
	switch {
	case !strings.HasPrefix(dev, "/dev/"):
		return "is not an absolute device path under /dev/ (like /dev/vdb)"
	case partitionRe.MatchString(dev):
		return "names a partition; give the whole disk (like /dev/vdb or /dev/nvme1n1): the install step formats the blank disk itself"
	case !wholeDiskRe.MatchString(dev):
		return "is not a whole-disk device name (/dev/vdX, /dev/xvdX, /dev/sdX or /dev/nvmeNnM)"
	case systemDiskRe.MatchString(dev):
		return "is the system disk; Kafka's data goes on the separate data disk (the second disk: /dev/vdb, or /dev/nvme1n1)"
	}
	return ""
}
