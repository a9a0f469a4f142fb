package ecs

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SecurityGroupRule is one ingress or egress rule of a security group.
// Its fields are the provider's output properties, named by their pulumi tags.
type SecurityGroupRule struct {
	pulumi.CustomResourceState

	CidrIp                  pulumi.StringPtrOutput `pulumi:"cidrIp"`
	Description             pulumi.StringPtrOutput `pulumi:"description"`
	IpProtocol              pulumi.StringOutput    `pulumi:"ipProtocol"`
	Ipv6CidrIp              pulumi.StringPtrOutput `pulumi:"ipv6CidrIp"`
	NicType                 pulumi.StringOutput    `pulumi:"nicType"`
	Policy                  pulumi.StringPtrOutput `pulumi:"policy"`
	PortRange               pulumi.StringPtrOutput `pulumi:"portRange"`
	PrefixListId            pulumi.StringOutput    `pulumi:"prefixListId"`
	Priority                pulumi.IntPtrOutput    `pulumi:"priority"`
	SecurityGroupId         pulumi.StringOutput    `pulumi:"securityGroupId"`
	SecurityGroupRuleId     pulumi.StringOutput    `pulumi:"securityGroupRuleId"`
	SourceGroupOwnerAccount pulumi.StringPtrOutput `pulumi:"sourceGroupOwnerAccount"`
	SourceSecurityGroupId   pulumi.StringPtrOutput `pulumi:"sourceSecurityGroupId"`
	Type                    pulumi.StringOutput    `pulumi:"type"`
}

// NewSecurityGroupRule registers a SecurityGroupRule named name with the given arguments.
func NewSecurityGroupRule(ctx *pulumi.Context,
	name string, args *SecurityGroupRuleArgs, opts ...pulumi.ResourceOption) (*SecurityGroupRule, error) {
	if args == nil {
		return nil, internal.ErrMissingArgs
	}
	return internal.NewResource[SecurityGroupRule](ctx, "alicloud:ecs/securityGroupRule:SecurityGroupRule", name, args, opts,
		internal.Required("IpProtocol", args.IpProtocol),
		internal.Required("SecurityGroupId", args.SecurityGroupId),
		internal.Required("Type", args.Type),
	)
}

// securityGroupRuleArgs is the plain form of SecurityGroupRuleArgs that the engine receives.
type securityGroupRuleArgs struct {
	CidrIp                  *string `pulumi:"cidrIp"`
	Description             *string `pulumi:"description"`
	IpProtocol              string  `pulumi:"ipProtocol"`
	Ipv6CidrIp              *string `pulumi:"ipv6CidrIp"`
	NicType                 *string `pulumi:"nicType"`
	Policy                  *string `pulumi:"policy"`
	PortRange               *string `pulumi:"portRange"`
	PrefixListId            *string `pulumi:"prefixListId"`
	Priority                *int    `pulumi:"priority"`
	SecurityGroupId         string  `pulumi:"securityGroupId"`
	SourceGroupOwnerAccount *string `pulumi:"sourceGroupOwnerAccount"`
	SourceSecurityGroupId   *string `pulumi:"sourceSecurityGroupId"`
	Type                    string  `pulumi:"type"`
}

// SecurityGroupRuleArgs holds the arguments for NewSecurityGroupRule. Required: IpProtocol, SecurityGroupId, Type.
// Each field is sent as the lowerCamelCase property of the same name.
type SecurityGroupRuleArgs struct {
	CidrIp                  pulumi.StringPtrInput
	Description             pulumi.StringPtrInput
	IpProtocol              pulumi.StringInput
	Ipv6CidrIp              pulumi.StringPtrInput
	NicType                 pulumi.StringPtrInput
	Policy                  pulumi.StringPtrInput
	PortRange               pulumi.StringPtrInput
	PrefixListId            pulumi.StringPtrInput
	Priority                pulumi.IntPtrInput
	SecurityGroupId         pulumi.StringInput
	SourceGroupOwnerAccount pulumi.StringPtrInput
	SourceSecurityGroupId   pulumi.StringPtrInput
	Type                    pulumi.StringInput
}

// ElementType returns the plain struct type that SecurityGroupRuleArgs resolves to.
func (SecurityGroupRuleArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*securityGroupRuleArgs)(nil)).Elem()
}
