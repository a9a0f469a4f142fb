package nlb

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ServerGroup is a group of NLB backend servers sharing one health check.
// Its fields are the provider's output properties, named by their pulumi tags.
type ServerGroup struct {
	pulumi.CustomResourceState

	AddressIpVersion        pulumi.StringOutput          `pulumi:"addressIpVersion"`
	AnyPortEnabled          pulumi.BoolOutput            `pulumi:"anyPortEnabled"`
	ConnectionDrain         pulumi.BoolOutput            `pulumi:"connectionDrain"`
	ConnectionDrainEnabled  pulumi.BoolOutput            `pulumi:"connectionDrainEnabled"`
	ConnectionDrainTimeout  pulumi.IntOutput             `pulumi:"connectionDrainTimeout"`
	HealthCheck             ServerGroupHealthCheckOutput `pulumi:"healthCheck"`
	PreserveClientIpEnabled pulumi.BoolOutput            `pulumi:"preserveClientIpEnabled"`
	Protocol                pulumi.StringOutput          `pulumi:"protocol"`
	RegionId                pulumi.StringOutput          `pulumi:"regionId"`
	ResourceGroupId         pulumi.StringOutput          `pulumi:"resourceGroupId"`
	Scheduler               pulumi.StringOutput          `pulumi:"scheduler"`
	ServerGroupName         pulumi.StringOutput          `pulumi:"serverGroupName"`
	ServerGroupType         pulumi.StringOutput          `pulumi:"serverGroupType"`
	Status                  pulumi.StringOutput          `pulumi:"status"`
	Tags                    pulumi.StringMapOutput       `pulumi:"tags"`
	VpcId                   pulumi.StringOutput          `pulumi:"vpcId"`
}

// NewServerGroup registers a ServerGroup named name with the given arguments.
func NewServerGroup(ctx *pulumi.Context,
	name string, args *ServerGroupArgs, opts ...pulumi.ResourceOption) (*ServerGroup, error) {
	if args == nil {
		return nil, internal.ErrMissingArgs
	}
	return internal.NewResource[ServerGroup](ctx, "alicloud:nlb/serverGroup:ServerGroup", name, args, opts,
		internal.Required("ServerGroupName", args.ServerGroupName),
		internal.Required("VpcId", args.VpcId),
	)
}

// serverGroupArgs is the plain form of ServerGroupArgs that the engine receives.
type serverGroupArgs struct {
	AddressIpVersion        *string                 `pulumi:"addressIpVersion"`
	AnyPortEnabled          *bool                   `pulumi:"anyPortEnabled"`
	ConnectionDrainEnabled  *bool                   `pulumi:"connectionDrainEnabled"`
	ConnectionDrainTimeout  *int                    `pulumi:"connectionDrainTimeout"`
	HealthCheck             *ServerGroupHealthCheck `pulumi:"healthCheck"`
	PreserveClientIpEnabled *bool                   `pulumi:"preserveClientIpEnabled"`
	Protocol                *string                 `pulumi:"protocol"`
	ResourceGroupId         *string                 `pulumi:"resourceGroupId"`
	Scheduler               *string                 `pulumi:"scheduler"`
	ServerGroupName         string                  `pulumi:"serverGroupName"`
	ServerGroupType         *string                 `pulumi:"serverGroupType"`
	Tags                    map[string]string       `pulumi:"tags"`
	VpcId                   string                  `pulumi:"vpcId"`
}

// ServerGroupArgs holds the arguments for NewServerGroup. Required: ServerGroupName, VpcId.
// Each field is sent as the lowerCamelCase property of the same name.
type ServerGroupArgs struct {
	AddressIpVersion        pulumi.StringPtrInput
	AnyPortEnabled          pulumi.BoolPtrInput
	ConnectionDrainEnabled  pulumi.BoolPtrInput
	ConnectionDrainTimeout  pulumi.IntPtrInput
	HealthCheck             ServerGroupHealthCheckPtrInput
	PreserveClientIpEnabled pulumi.BoolPtrInput
	Protocol                pulumi.StringPtrInput
	ResourceGroupId         pulumi.StringPtrInput
	Scheduler               pulumi.StringPtrInput
	ServerGroupName         pulumi.StringInput
	ServerGroupType         pulumi.StringPtrInput
	Tags                    pulumi.StringMapInput
	VpcId                   pulumi.StringInput
}

// ElementType returns the plain struct type that ServerGroupArgs resolves to.
func (ServerGroupArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*serverGroupArgs)(nil)).Elem()
}
