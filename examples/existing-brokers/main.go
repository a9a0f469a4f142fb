// Command existing-brokers is a minimal Pulumi program that puts an intranet NLB and a
// PrivateLink endpoint service in front of Kafka brokers that already run, given their ECS
// instance IDs. It shows the components on their own, without the rest of kafka-plc: nothing
// is installed on the brokers, which must already advertise their EXTERNAL listeners.
//
// Configure it (in this directory) and run `pulumi up`:
//
//	pulumi config set alicloud:region ap-southeast-1
//	pulumi config set vpcId vpc-...
//	pulumi config set --path 'vswitchIds.ap-southeast-1a' vsw-...   # one per zone, at least two
//	pulumi config set --path 'brokers[0].nodeId' 1
//	pulumi config set --path 'brokers[0].zone' ap-southeast-1a
//	pulumi config set --path 'brokers[0].instanceId' i-...
//	pulumi config set tidbCloudAccountId <TiDB Cloud's account ID>
//
// Optional: externalPort (default 39092), bootstrapPort (9092), firstBrokerPort (9093).
package main

import (
	"fmt"
	"sort"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// broker is one running broker as configured.
type broker struct {
	NodeID     int    `json:"nodeId"`
	Zone       string `json:"zone"`
	InstanceID string `json:"instanceId"`
}

func main() { pulumi.Run(run) }

// run creates the NLB and the endpoint service from the stack configuration.
func run(ctx *pulumi.Context) error {
	c := config.New(ctx, "")
	var vswitches map[string]string
	if err := c.TryObject("vswitchIds", &vswitches); err != nil {
		return fmt.Errorf("vswitchIds: %w (set one vSwitch per zone: pulumi config set --path 'vswitchIds.<zone>' vsw-...)", err)
	}
	var brokers []broker
	if err := c.TryObject("brokers", &brokers); err != nil {
		return fmt.Errorf("brokers: %w (set each broker's nodeId, zone and instanceId)", err)
	}
	externalPort := intOr(c, "externalPort", 39092)
	bootstrapPort := intOr(c, "bootstrapPort", 9092)
	firstBrokerPort := intOr(c, "firstBrokerPort", 9093)

	zones := make([]string, 0, len(vswitches))
	for z := range vswitches {
		zones = append(zones, z)
	}
	sort.Strings(zones)

	args := &components.KafkaNlbArgs{VpcID: pulumi.String(c.Require("vpcId")), BackendPort: externalPort}
	for _, z := range zones {
		args.Zones = append(args.Zones, components.NlbZone{Zone: z, VswitchID: pulumi.String(vswitches[z])})
	}
	for _, b := range brokers {
		args.Brokers = append(args.Brokers, components.NlbBroker{NodeID: b.NodeID, Zone: b.Zone, InstanceID: pulumi.String(b.InstanceID)})
	}
	// Bootstrap on bootstrapPort, then one listener per broker in node-id order from
	// firstBrokerPort: broker b must advertise its listener's port.
	args.PortMap = components.StandardPortMap(bootstrapPort, firstBrokerPort, components.NodeIDs(args.Brokers))

	name := "kafka-" + ctx.Stack()
	nlb, err := components.NewKafkaNlb(ctx, name, args)
	if err != nil {
		return err
	}
	service, err := components.NewPrivateLinkEndpointService(ctx, name, &components.PrivateLinkEndpointServiceArgs{
		LoadBalancer:     nlb, // in every zone of the NLB
		AllowedAccountID: c.Require("tidbCloudAccountId"),
	})
	if err != nil {
		return err
	}
	ctx.Export("endpointServiceName", service.ServiceName)
	ctx.Export("nlbDnsName", nlb.DNSName)
	ctx.Export("portMap", nlb.PortMap)
	return nil
}

// intOr returns an integer setting, or def when it is unset.
func intOr(c *config.Config, key string, def int) int {
	if v, err := c.TryInt(key); err == nil {
		return v
	}
	return def
}
