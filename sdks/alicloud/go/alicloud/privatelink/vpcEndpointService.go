package privatelink

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// VpcEndpointService is a PrivateLink endpoint service that exposes a load balancer to other accounts.
// Its fields are the provider's output properties, named by their pulumi tags.
type VpcEndpointService struct {
	pulumi.CustomResourceState

	AddressIpVersion       pulumi.StringOutput      `pulumi:"addressIpVersion"`
	AutoAcceptConnection   pulumi.BoolPtrOutput     `pulumi:"autoAcceptConnection"`
	ConnectBandwidth       pulumi.IntOutput         `pulumi:"connectBandwidth"`
	CreateTime             pulumi.StringOutput      `pulumi:"createTime"`
	DryRun                 pulumi.BoolPtrOutput     `pulumi:"dryRun"`
	Payer                  pulumi.StringOutput      `pulumi:"payer"`
	RegionId               pulumi.StringOutput      `pulumi:"regionId"`
	ResourceGroupId        pulumi.StringOutput      `pulumi:"resourceGroupId"`
	ServiceBusinessStatus  pulumi.StringOutput      `pulumi:"serviceBusinessStatus"`
	ServiceDescription     pulumi.StringPtrOutput   `pulumi:"serviceDescription"`
	ServiceDomain          pulumi.StringOutput      `pulumi:"serviceDomain"`
	ServiceResourceType    pulumi.StringOutput      `pulumi:"serviceResourceType"`
	ServiceSupportIpv6     pulumi.BoolOutput        `pulumi:"serviceSupportIpv6"`
	Status                 pulumi.StringOutput      `pulumi:"status"`
	SupportedRegionLists   pulumi.StringArrayOutput `pulumi:"supportedRegionLists"`
	Tags                   pulumi.StringMapOutput   `pulumi:"tags"`
	VpcEndpointServiceName pulumi.StringOutput      `pulumi:"vpcEndpointServiceName"`
	ZoneAffinityEnabled    pulumi.BoolOutput        `pulumi:"zoneAffinityEnabled"`
}

// NewVpcEndpointService registers a VpcEndpointService named name with the given arguments.
func NewVpcEndpointService(ctx *pulumi.Context,
	name string, args *VpcEndpointServiceArgs, opts ...pulumi.ResourceOption) (*VpcEndpointService, error) {
	if args == nil {
		args = &VpcEndpointServiceArgs{}
	}
	return internal.NewResource[VpcEndpointService](ctx, "alicloud:privatelink/vpcEndpointService:VpcEndpointService", name, args, opts)
}

// vpcEndpointServiceArgs is the plain form of VpcEndpointServiceArgs that the engine receives.
type vpcEndpointServiceArgs struct {
	AddressIpVersion     *string           `pulumi:"addressIpVersion"`
	AutoAcceptConnection *bool             `pulumi:"autoAcceptConnection"`
	ConnectBandwidth     *int              `pulumi:"connectBandwidth"`
	DryRun               *bool             `pulumi:"dryRun"`
	Payer                *string           `pulumi:"payer"`
	ResourceGroupId      *string           `pulumi:"resourceGroupId"`
	ServiceDescription   *string           `pulumi:"serviceDescription"`
	ServiceResourceType  *string           `pulumi:"serviceResourceType"`
	ServiceSupportIpv6   *bool             `pulumi:"serviceSupportIpv6"`
	SupportedRegionLists []string          `pulumi:"supportedRegionLists"`
	Tags                 map[string]string `pulumi:"tags"`
	ZoneAffinityEnabled  *bool             `pulumi:"zoneAffinityEnabled"`
}

// VpcEndpointServiceArgs holds the arguments for NewVpcEndpointService. All arguments are optional.
// Each field is sent as the lowerCamelCase property of the same name.
type VpcEndpointServiceArgs struct {
	AddressIpVersion     pulumi.StringPtrInput
	AutoAcceptConnection pulumi.BoolPtrInput
	ConnectBandwidth     pulumi.IntPtrInput
	DryRun               pulumi.BoolPtrInput
	Payer                pulumi.StringPtrInput
	ResourceGroupId      pulumi.StringPtrInput
	ServiceDescription   pulumi.StringPtrInput
	ServiceResourceType  pulumi.StringPtrInput
	ServiceSupportIpv6   pulumi.BoolPtrInput
	SupportedRegionLists pulumi.StringArrayInput
	Tags                 pulumi.StringMapInput
	ZoneAffinityEnabled  pulumi.BoolPtrInput
}

// ElementType returns the plain struct type that VpcEndpointServiceArgs resolves to.
func (VpcEndpointServiceArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*vpcEndpointServiceArgs)(nil)).Elem()
}
