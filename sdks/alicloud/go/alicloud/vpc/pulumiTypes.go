package vpc

import (
	"context"
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NetworkIpv6CidrBlock is the plain value of one IPv6 CIDR block of a VPC.
type NetworkIpv6CidrBlock struct {
	Ipv6CidrBlock *string `pulumi:"ipv6CidrBlock"`
	Ipv6Isp       *string `pulumi:"ipv6Isp"`
}

// NetworkIpv6CidrBlockOutput is an output of a NetworkIpv6CidrBlock.
type NetworkIpv6CidrBlockOutput struct{ *pulumi.OutputState }

// ElementType returns the type of NetworkIpv6CidrBlock.
func (NetworkIpv6CidrBlockOutput) ElementType() reflect.Type {
	return reflect.TypeFor[NetworkIpv6CidrBlock]()
}

// ToNetworkIpv6CidrBlockOutput returns o.
func (o NetworkIpv6CidrBlockOutput) ToNetworkIpv6CidrBlockOutput() NetworkIpv6CidrBlockOutput {
	return o
}

// ToNetworkIpv6CidrBlockOutputWithContext returns o.
func (o NetworkIpv6CidrBlockOutput) ToNetworkIpv6CidrBlockOutputWithContext(context.Context) NetworkIpv6CidrBlockOutput {
	return o
}

// NetworkIpv6CidrBlockArrayOutput is an output of a []NetworkIpv6CidrBlock.
type NetworkIpv6CidrBlockArrayOutput struct{ *pulumi.OutputState }

// ElementType returns the type of []NetworkIpv6CidrBlock.
func (NetworkIpv6CidrBlockArrayOutput) ElementType() reflect.Type {
	return reflect.TypeFor[[]NetworkIpv6CidrBlock]()
}

// ToNetworkIpv6CidrBlockArrayOutput returns o.
func (o NetworkIpv6CidrBlockArrayOutput) ToNetworkIpv6CidrBlockArrayOutput() NetworkIpv6CidrBlockArrayOutput {
	return o
}

// ToNetworkIpv6CidrBlockArrayOutputWithContext returns o.
func (o NetworkIpv6CidrBlockArrayOutput) ToNetworkIpv6CidrBlockArrayOutputWithContext(context.Context) NetworkIpv6CidrBlockArrayOutput {
	return o
}

// Index returns an output of element i.
func (o NetworkIpv6CidrBlockArrayOutput) Index(i pulumi.IntInput) NetworkIpv6CidrBlockOutput {
	return internal.Index[NetworkIpv6CidrBlock, NetworkIpv6CidrBlockOutput](o, i)
}

func init() {
	pulumi.RegisterOutputType(NetworkIpv6CidrBlockOutput{})
	pulumi.RegisterOutputType(NetworkIpv6CidrBlockArrayOutput{})
}
