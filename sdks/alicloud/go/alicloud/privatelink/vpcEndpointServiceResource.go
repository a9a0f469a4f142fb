package privatelink

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// VpcEndpointServiceResource attaches a backend resource in one zone to an endpoint service.
// Its fields are the provider's output properties, named by their pulumi tags.
type VpcEndpointServiceResource struct {
	pulumi.CustomResourceState

	DryRun       pulumi.BoolPtrOutput `pulumi:"dryRun"`
	RegionId     pulumi.StringOutput  `pulumi:"regionId"`
	ResourceId   pulumi.StringOutput  `pulumi:"resourceId"`
	ResourceType pulumi.StringOutput  `pulumi:"resourceType"`
	ServiceId    pulumi.StringOutput  `pulumi:"serviceId"`
	ZoneId       pulumi.StringOutput  `pulumi:"zoneId"`
}

// NewVpcEndpointServiceResource registers a VpcEndpointServiceResource named name with the given arguments.
func NewVpcEndpointServiceResource(ctx *pulumi.Context,
	name string, args *VpcEndpointServiceResourceArgs, opts ...pulumi.ResourceOption) (*VpcEndpointServiceResource, error) {
	if args == nil {
		return nil, internal.ErrMissingArgs
	}
	return internal.NewResource[VpcEndpointServiceResource](ctx, "alicloud:privatelink/vpcEndpointServiceResource:VpcEndpointServiceResource", name, args, opts,
		internal.Required("ResourceId", args.ResourceId),
		internal.Required("ResourceType", args.ResourceType),
		internal.Required("ServiceId", args.ServiceId),
	)
}

// vpcEndpointServiceResourceArgs is the plain form of VpcEndpointServiceResourceArgs that the engine receives.
type vpcEndpointServiceResourceArgs struct {
	DryRun       *bool   `pulumi:"dryRun"`
	ResourceId   string  `pulumi:"resourceId"`
	ResourceType string  `pulumi:"resourceType"`
	ServiceId    string  `pulumi:"serviceId"`
	ZoneId       *string `pulumi:"zoneId"`
}

// VpcEndpointServiceResourceArgs holds the arguments for NewVpcEndpointServiceResource. Required: ResourceId, ResourceType, ServiceId.
// Each field is sent as the lowerCamelCase property of the same name.
type VpcEndpointServiceResourceArgs struct {
	DryRun       pulumi.BoolPtrInput
	ResourceId   pulumi.StringInput
	ResourceType pulumi.StringInput
	ServiceId    pulumi.StringInput
	ZoneId       pulumi.StringPtrInput
}

// ElementType returns the plain struct type that VpcEndpointServiceResourceArgs resolves to.
func (VpcEndpointServiceResourceArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*vpcEndpointServiceResourceArgs)(nil)).Elem()
}
