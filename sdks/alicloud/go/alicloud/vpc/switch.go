package vpc

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Switch is a vSwitch: a VPC's subnet in one zone.
// Its fields are the provider's output properties, named by their pulumi tags.
type Switch struct {
	pulumi.CustomResourceState

	AvailabilityZone  pulumi.StringOutput    `pulumi:"availabilityZone"`
	CidrBlock         pulumi.StringOutput    `pulumi:"cidrBlock"`
	CreateTime        pulumi.StringOutput    `pulumi:"createTime"`
	Description       pulumi.StringPtrOutput `pulumi:"description"`
	EnableIpv6        pulumi.BoolOutput      `pulumi:"enableIpv6"`
	Ipv6CidrBlock     pulumi.StringOutput    `pulumi:"ipv6CidrBlock"`
	Ipv6CidrBlockMask pulumi.IntOutput       `pulumi:"ipv6CidrBlockMask"`
	IsDefault         pulumi.BoolOutput      `pulumi:"isDefault"`
	Name              pulumi.StringOutput    `pulumi:"name"`
	Status            pulumi.StringOutput    `pulumi:"status"`
	Tags              pulumi.StringMapOutput `pulumi:"tags"`
	VpcId             pulumi.StringOutput    `pulumi:"vpcId"`
	VpcIpv6CidrBlock  pulumi.StringPtrOutput `pulumi:"vpcIpv6CidrBlock"`
	VswitchName       pulumi.StringOutput    `pulumi:"vswitchName"`
	ZoneId            pulumi.StringOutput    `pulumi:"zoneId"`
}

// NewSwitch registers a Switch named name with the given arguments.
func NewSwitch(ctx *pulumi.Context,
	name string, args *SwitchArgs, opts ...pulumi.ResourceOption) (*Switch, error) {
	if args == nil {
		args = &SwitchArgs{}
	}
	return internal.NewResource[Switch](ctx, "alicloud:vpc/switch:Switch", name, args, opts)
}

// switchArgs is the plain form of SwitchArgs that the engine receives.
type switchArgs struct {
	CidrBlock         *string           `pulumi:"cidrBlock"`
	Description       *string           `pulumi:"description"`
	EnableIpv6        *bool             `pulumi:"enableIpv6"`
	Ipv6CidrBlockMask *int              `pulumi:"ipv6CidrBlockMask"`
	IsDefault         *bool             `pulumi:"isDefault"`
	Tags              map[string]string `pulumi:"tags"`
	VpcId             *string           `pulumi:"vpcId"`
	VpcIpv6CidrBlock  *string           `pulumi:"vpcIpv6CidrBlock"`
	VswitchName       *string           `pulumi:"vswitchName"`
	ZoneId            *string           `pulumi:"zoneId"`
}

// SwitchArgs holds the arguments for NewSwitch. All arguments are optional.
// Each field is sent as the lowerCamelCase property of the same name.
type SwitchArgs struct {
	CidrBlock         pulumi.StringPtrInput
	Description       pulumi.StringPtrInput
	EnableIpv6        pulumi.BoolPtrInput
	Ipv6CidrBlockMask pulumi.IntPtrInput
	IsDefault         pulumi.BoolPtrInput
	Tags              pulumi.StringMapInput
	VpcId             pulumi.StringPtrInput
	VpcIpv6CidrBlock  pulumi.StringPtrInput
	VswitchName       pulumi.StringPtrInput
	ZoneId            pulumi.StringPtrInput
}

// ElementType returns the plain struct type that SwitchArgs resolves to.
func (SwitchArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*switchArgs)(nil)).Elem()
}
