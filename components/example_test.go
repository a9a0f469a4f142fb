package components_test

import (
	"fmt"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// This example puts an NLB and a PrivateLink endpoint service in front of three brokers that
// already run (their ECS instance IDs are known), as the existing-cluster mode does. It runs
// under Pulumi's mocks, which answer for Alibaba Cloud, and prints the listeners and what to
// enter in TiDB Cloud.
func Example_existingBrokers() {
	mocks := &mocktest.Mocks{Outputs: func(r mocktest.Resource) resource.PropertyMap {
		if r.Type == "alicloud:privatelink/vpcEndpointService:VpcEndpointService" {
			return resource.PropertyMap{"vpcEndpointServiceName": resource.NewProperty("com.aliyuncs.privatelink.ap-southeast-1.epsrv-example")}
		}
		return nil
	}}
	program := func(ctx *pulumi.Context) error {
		zones := map[string]string{"ap-southeast-1a": "vsw-a", "ap-southeast-1b": "vsw-b", "ap-southeast-1c": "vsw-c"}
		args := &components.KafkaNlbArgs{VpcID: pulumi.String("vpc-example"), BackendPort: 39092}
		for i, zone := range []string{"ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"} {
			id := i + 1
			args.Zones = append(args.Zones, components.NlbZone{Zone: zone, VswitchID: pulumi.String(zones[zone])})
			args.Brokers = append(args.Brokers, components.NlbBroker{
				NodeID: id, Zone: zone, InstanceID: pulumi.String(fmt.Sprintf("i-existing-%d", id)),
			})
		}
		// Bootstrap on 9092, then broker 1 on 9093, broker 2 on 9094, ...
		args.PortMap = components.StandardPortMap(9092, 9093, components.NodeIDs(args.Brokers))
		nlb, err := components.NewKafkaNlb(ctx, "kafka", args)
		if err != nil {
			return err
		}
		svc, err := components.NewPrivateLinkEndpointService(ctx, "kafka", &components.PrivateLinkEndpointServiceArgs{
			LoadBalancer:     nlb, // its ID and its three zones
			AllowedAccountID: "1234567890123456",
		})
		if err != nil {
			return err
		}
		ctx.Export("endpointServiceName", svc.ServiceName)
		return nil
	}
	if err := pulumi.RunErr(program, pulumi.WithMocks("kafka-plc", "dev", mocks)); err != nil {
		fmt.Println("error:", err)
		return
	}

	// Which instance each listener reaches: listener → server group → attachments.
	groups := map[string]string{}
	for _, sg := range mocks.ByType("alicloud:nlb/serverGroup:ServerGroup") {
		groups[sg.Name+"-id"] = sg.Name
	}
	members := map[string][]string{}
	for _, a := range mocks.ByType("alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment") {
		g := groups[a.Inputs["serverGroupId"].StringValue()]
		members[g] = append(members[g], a.Inputs["serverId"].StringValue())
	}
	for _, l := range mocks.ByType("alicloud:nlb/listener:Listener") {
		g := groups[l.Inputs["serverGroupId"].StringValue()]
		fmt.Printf("listener %v -> %s %v\n", l.Inputs["listenerPort"].NumberValue(), g, members[g])
	}
	for _, u := range mocks.ByType("alicloud:privatelink/vpcEndpointServiceUser:VpcEndpointServiceUser") {
		fmt.Println("whitelisted account:", u.Inputs["userId"].StringValue())
	}
	// Output:
	// listener 9092 -> kafka-bootstrap [i-existing-1 i-existing-2 i-existing-3]
	// listener 9093 -> kafka-broker-1 [i-existing-1]
	// listener 9094 -> kafka-broker-2 [i-existing-2]
	// listener 9095 -> kafka-broker-3 [i-existing-3]
	// whitelisted account: 1234567890123456
}
