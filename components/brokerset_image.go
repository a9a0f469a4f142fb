package components

import (
	"fmt"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// warnImage logs a warning when broker b runs another image than the stack's (the imageId
// setting, or the newest Alibaba Cloud Linux 3 image when it is unset): imageId is ignored on
// running brokers, because the provider applies a new image with ReplaceSystemDisk, stopping
// and re-installing every broker at once, without the restart gates (alicloud-provider-facts.md,
// ecs/instance image_id). After the first deploy the instance's ImageId is the state's. It only
// logs: nothing is registered inside the apply.
func warnImage(ctx *pulumi.Context, name string, inst *ecs.Instance, b KraftNode, want pulumi.StringInput) {
	pulumi.All(inst.ImageId, want).ApplyT(func(v []any) (string, error) {
		running, _ := v[0].(string)
		configured, _ := v[1].(string)
		if running == "" || configured == "" || running == configured {
			return running, nil
		}
		if err := ctx.Log.Warn(imageWarning(name, b.NodeID, running, configured), &pulumi.LogArgs{Resource: inst}); err != nil {
			return "", fmt.Errorf("logging the image of node %d: %w", b.NodeID, err)
		}
		return running, nil
	})
}

// imageWarning says that node nodeID keeps running image running although the stack's image is
// configured, and how to move a broker to a new image without losing its data disk.
func imageWarning(name string, nodeID int, running, configured string) string {
	return fmt.Sprintf("KraftBrokerSet %q: node %d runs image %s, but the stack's image (imageId, or the newest Alibaba Cloud "+
		"Linux 3 image when imageId is unset) is %s; pulumi up does not re-image a running broker, because the provider "+
		"would replace the system disk of every broker at once (ReplaceSystemDisk), without the restart gates. "+
		"A system disk change leaves the data disk alone; to move a broker anyway, one at a time and only while "+
		"`kplc safe-to-restart --node-id %d` says yes: stop Kafka, replace the broker's system disk with the new image "+
		"(ECS console: Replace Operating System), then run `pulumi up --replace <URN of %s-install-%d> --replace <URN of "+
		"%s-configure-%d>` (`pulumi stack --show-urns` lists them) so that Kafka is installed and configured again: the "+
		"install mounts the data disk's existing file system and the configure step never re-formats a formatted log "+
		"dir. Wait for `kplc wait-ready --node-id %d` before the next broker. Nothing needs doing while the brokers are fine as they are",
		name, nodeID, running, configured, nodeID, name, nodeID, name, nodeID, nodeID)
}
