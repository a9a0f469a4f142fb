package privatelink

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// VpcEndpointServiceUser allows an account to connect to an endpoint service.
// Its fields are the provider's output properties, named by their pulumi tags.
type VpcEndpointServiceUser struct {
	pulumi.CustomResourceState

	DryRun    pulumi.BoolPtrOutput   `pulumi:"dryRun"`
	ServiceId pulumi.StringOutput    `pulumi:"serviceId"`
	UserArn   pulumi.StringPtrOutput `pulumi:"userArn"`
	UserId    pulumi.StringOutput    `pulumi:"userId"`
}

// NewVpcEndpointServiceUser registers a VpcEndpointServiceUser named name with the given arguments.
func NewVpcEndpointServiceUser(ctx *pulumi.Context,
	name string, args *VpcEndpointServiceUserArgs, opts ...pulumi.ResourceOption) (*VpcEndpointServiceUser, error) {
	if args == nil {
		return nil, internal.ErrMissingArgs
	}
	return internal.NewResource[VpcEndpointServiceUser](ctx, "alicloud:privatelink/vpcEndpointServiceUser:VpcEndpointServiceUser", name, args, opts,
		internal.Required("ServiceId", args.ServiceId),
		internal.Required("UserId", args.UserId),
	)
}

// vpcEndpointServiceUserArgs is the plain form of VpcEndpointServiceUserArgs that the engine receives.
type vpcEndpointServiceUserArgs struct {
	DryRun    *bool   `pulumi:"dryRun"`
	ServiceId string  `pulumi:"serviceId"`
	UserArn   *string `pulumi:"userArn"`
	UserId    string  `pulumi:"userId"`
}

// VpcEndpointServiceUserArgs holds the arguments for NewVpcEndpointServiceUser. Required: ServiceId, UserId.
// Each field is sent as the lowerCamelCase property of the same name.
type VpcEndpointServiceUserArgs struct {
	DryRun    pulumi.BoolPtrInput
	ServiceId pulumi.StringInput
	UserArn   pulumi.StringPtrInput
	UserId    pulumi.StringInput
}

// ElementType returns the plain struct type that VpcEndpointServiceUserArgs resolves to.
func (VpcEndpointServiceUserArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*vpcEndpointServiceUserArgs)(nil)).Elem()
}
