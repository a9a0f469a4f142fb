package vpc

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Network is an Alibaba Cloud VPC.
// Its fields are the provider's output properties, named by their pulumi tags.
type Network struct {
	pulumi.CustomResourceState

	CidrBlock                              pulumi.StringOutput             `pulumi:"cidrBlock"`
	ClassicLinkEnabled                     pulumi.BoolPtrOutput            `pulumi:"classicLinkEnabled"`
	CreateTime                             pulumi.StringOutput             `pulumi:"createTime"`
	Description                            pulumi.StringPtrOutput          `pulumi:"description"`
	DnsHostnameStatus                      pulumi.StringOutput             `pulumi:"dnsHostnameStatus"`
	DryRun                                 pulumi.BoolPtrOutput            `pulumi:"dryRun"`
	EnableIpv6                             pulumi.BoolOutput               `pulumi:"enableIpv6"`
	ForceDelete                            pulumi.BoolPtrOutput            `pulumi:"forceDelete"`
	Ipv4CidrMask                           pulumi.IntPtrOutput             `pulumi:"ipv4CidrMask"`
	Ipv4IpamPoolId                         pulumi.StringPtrOutput          `pulumi:"ipv4IpamPoolId"`
	Ipv6CidrBlock                          pulumi.StringOutput             `pulumi:"ipv6CidrBlock"`
	Ipv6CidrBlocks                         NetworkIpv6CidrBlockArrayOutput `pulumi:"ipv6CidrBlocks"`
	Ipv6Isp                                pulumi.StringOutput             `pulumi:"ipv6Isp"`
	IsDefault                              pulumi.BoolOutput               `pulumi:"isDefault"`
	Name                                   pulumi.StringOutput             `pulumi:"name"`
	RegionId                               pulumi.StringOutput             `pulumi:"regionId"`
	ResourceGroupId                        pulumi.StringOutput             `pulumi:"resourceGroupId"`
	RouteTableId                           pulumi.StringOutput             `pulumi:"routeTableId"`
	RouterId                               pulumi.StringOutput             `pulumi:"routerId"`
	RouterTableId                          pulumi.StringOutput             `pulumi:"routerTableId"`
	SecondaryCidrBlocks                    pulumi.StringArrayOutput        `pulumi:"secondaryCidrBlocks"`
	SecondaryCidrMask                      pulumi.IntPtrOutput             `pulumi:"secondaryCidrMask"`
	Status                                 pulumi.StringOutput             `pulumi:"status"`
	SystemRouteTableDescription            pulumi.StringPtrOutput          `pulumi:"systemRouteTableDescription"`
	SystemRouteTableName                   pulumi.StringPtrOutput          `pulumi:"systemRouteTableName"`
	SystemRouteTableRoutePropagationEnable pulumi.BoolOutput               `pulumi:"systemRouteTableRoutePropagationEnable"`
	Tags                                   pulumi.StringMapOutput          `pulumi:"tags"`
	UserCidrs                              pulumi.StringArrayOutput        `pulumi:"userCidrs"`
	VpcName                                pulumi.StringOutput             `pulumi:"vpcName"`
}

// NewNetwork registers a Network named name with the given arguments.
func NewNetwork(ctx *pulumi.Context,
	name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	if args == nil {
		args = &NetworkArgs{}
	}
	return internal.NewResource[Network](ctx, "alicloud:vpc/network:Network", name, args, opts)
}

// networkArgs is the plain form of NetworkArgs that the engine receives.
type networkArgs struct {
	CidrBlock                              *string           `pulumi:"cidrBlock"`
	ClassicLinkEnabled                     *bool             `pulumi:"classicLinkEnabled"`
	Description                            *string           `pulumi:"description"`
	DnsHostnameStatus                      *string           `pulumi:"dnsHostnameStatus"`
	DryRun                                 *bool             `pulumi:"dryRun"`
	EnableIpv6                             *bool             `pulumi:"enableIpv6"`
	ForceDelete                            *bool             `pulumi:"forceDelete"`
	Ipv4CidrMask                           *int              `pulumi:"ipv4CidrMask"`
	Ipv4IpamPoolId                         *string           `pulumi:"ipv4IpamPoolId"`
	Ipv6CidrBlock                          *string           `pulumi:"ipv6CidrBlock"`
	Ipv6Isp                                *string           `pulumi:"ipv6Isp"`
	IsDefault                              *bool             `pulumi:"isDefault"`
	ResourceGroupId                        *string           `pulumi:"resourceGroupId"`
	SecondaryCidrMask                      *int              `pulumi:"secondaryCidrMask"`
	SystemRouteTableDescription            *string           `pulumi:"systemRouteTableDescription"`
	SystemRouteTableName                   *string           `pulumi:"systemRouteTableName"`
	SystemRouteTableRoutePropagationEnable *bool             `pulumi:"systemRouteTableRoutePropagationEnable"`
	Tags                                   map[string]string `pulumi:"tags"`
	UserCidrs                              []string          `pulumi:"userCidrs"`
	VpcName                                *string           `pulumi:"vpcName"`
}

// NetworkArgs holds the arguments for NewNetwork. All arguments are optional.
// Each field is sent as the lowerCamelCase property of the same name.
type NetworkArgs struct {
	CidrBlock                              pulumi.StringPtrInput
	ClassicLinkEnabled                     pulumi.BoolPtrInput
	Description                            pulumi.StringPtrInput
	DnsHostnameStatus                      pulumi.StringPtrInput
	DryRun                                 pulumi.BoolPtrInput
	EnableIpv6                             pulumi.BoolPtrInput
	ForceDelete                            pulumi.BoolPtrInput
	Ipv4CidrMask                           pulumi.IntPtrInput
	Ipv4IpamPoolId                         pulumi.StringPtrInput
	Ipv6CidrBlock                          pulumi.StringPtrInput
	Ipv6Isp                                pulumi.StringPtrInput
	IsDefault                              pulumi.BoolPtrInput
	ResourceGroupId                        pulumi.StringPtrInput
	SecondaryCidrMask                      pulumi.IntPtrInput
	SystemRouteTableDescription            pulumi.StringPtrInput
	SystemRouteTableName                   pulumi.StringPtrInput
	SystemRouteTableRoutePropagationEnable pulumi.BoolPtrInput
	Tags                                   pulumi.StringMapInput
	UserCidrs                              pulumi.StringArrayInput
	VpcName                                pulumi.StringPtrInput
}

// ElementType returns the plain struct type that NetworkArgs resolves to.
func (NetworkArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*networkArgs)(nil)).Elem()
}
