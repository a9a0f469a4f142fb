package componentstest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/components/componentstest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// program is what a consumer writes: an NLB in front of two running brokers and the endpoint
// service TiDB Cloud connects to. It reports the service name and the NLB's DNS name.
func program(serviceName, dnsName chan<- string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		args := &components.KafkaNlbArgs{VpcID: pulumi.String("vpc-consumer"), BackendPort: 39092}
		for i, zone := range []string{"ap-southeast-1a", "ap-southeast-1b"} {
			args.Zones = append(args.Zones, components.NlbZone{Zone: zone, VswitchID: pulumi.String("vsw-" + zone)})
			args.Brokers = append(args.Brokers, components.NlbBroker{NodeID: i + 1, Zone: zone, InstanceID: pulumi.String(fmt.Sprintf("i-%d", i+1))})
		}
		args.PortMap = components.StandardPortMap(9092, 9093, components.NodeIDs(args.Brokers))
		nlb, err := components.NewKafkaNlb(ctx, "kafka", args)
		if err != nil {
			return err
		}
		svc, err := components.NewPrivateLinkEndpointService(ctx, "kafka", &components.PrivateLinkEndpointServiceArgs{
			LoadBalancer: nlb, AllowedAccountID: "1234567890123456",
		})
		if err != nil {
			return err
		}
		svc.ServiceName.ApplyT(func(s string) string { serviceName <- s; return s })
		nlb.DNSName.ApplyT(func(s string) string { dnsName <- s; return s })
		return nil
	}
}

// A consumer's mock test is one line, and the outputs the components read from the provider
// are filled in.
func TestConsumerProgramUnderMocks(t *testing.T) {
	serviceName, dnsName := make(chan string, 1), make(chan string, 1)
	if err := pulumi.RunErr(program(serviceName, dnsName), componentstest.WithMocks("consumer", "test")); err != nil {
		t.Fatalf("program failed: %v", err)
	}
	if got := <-serviceName; !strings.HasPrefix(got, "com.aliyuncs.privatelink.ap-southeast-1.epsrv-") {
		t.Errorf("ServiceName = %q, want com.aliyuncs.privatelink.ap-southeast-1.epsrv-…", got)
	}
	if got := <-dnsName; got == "" {
		t.Error("DNSName is empty")
	}
}

// Running a program that uses the components under the default mocks.
func ExampleWithMocks() {
	serviceName, dnsName := make(chan string, 1), make(chan string, 1)
	err := pulumi.RunErr(program(serviceName, dnsName), componentstest.WithMocks("consumer", "test"))
	fmt.Println(err, strings.HasPrefix(<-serviceName, "com.aliyuncs.privatelink."))
	// Output: <nil> true
}
