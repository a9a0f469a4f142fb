package ecs

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SecurityGroup is an ECS security group.
// Its fields are the provider's output properties, named by their pulumi tags.
type SecurityGroup struct {
	pulumi.CustomResourceState

	CreateTime        pulumi.StringOutput    `pulumi:"createTime"`
	Description       pulumi.StringPtrOutput `pulumi:"description"`
	InnerAccess       pulumi.BoolOutput      `pulumi:"innerAccess"`
	InnerAccessPolicy pulumi.StringOutput    `pulumi:"innerAccessPolicy"`
	Name              pulumi.StringOutput    `pulumi:"name"`
	ResourceGroupId   pulumi.StringOutput    `pulumi:"resourceGroupId"`
	SecurityGroupName pulumi.StringOutput    `pulumi:"securityGroupName"`
	SecurityGroupType pulumi.StringOutput    `pulumi:"securityGroupType"`
	Tags              pulumi.StringMapOutput `pulumi:"tags"`
	VpcId             pulumi.StringOutput    `pulumi:"vpcId"`
}

// NewSecurityGroup registers a SecurityGroup named name with the given arguments.
func NewSecurityGroup(ctx *pulumi.Context,
	name string, args *SecurityGroupArgs, opts ...pulumi.ResourceOption) (*SecurityGroup, error) {
	if args == nil {
		args = &SecurityGroupArgs{}
	}
	return internal.NewResource[SecurityGroup](ctx, "alicloud:ecs/securityGroup:SecurityGroup", name, args, opts)
}

// securityGroupArgs is the plain form of SecurityGroupArgs that the engine receives.
type securityGroupArgs struct {
	Description       *string           `pulumi:"description"`
	InnerAccessPolicy *string           `pulumi:"innerAccessPolicy"`
	ResourceGroupId   *string           `pulumi:"resourceGroupId"`
	SecurityGroupName *string           `pulumi:"securityGroupName"`
	SecurityGroupType *string           `pulumi:"securityGroupType"`
	Tags              map[string]string `pulumi:"tags"`
	VpcId             *string           `pulumi:"vpcId"`
}

// SecurityGroupArgs holds the arguments for NewSecurityGroup. All arguments are optional.
// Each field is sent as the lowerCamelCase property of the same name.
type SecurityGroupArgs struct {
	Description       pulumi.StringPtrInput
	InnerAccessPolicy pulumi.StringPtrInput
	ResourceGroupId   pulumi.StringPtrInput
	SecurityGroupName pulumi.StringPtrInput
	SecurityGroupType pulumi.StringPtrInput
	Tags              pulumi.StringMapInput
	VpcId             pulumi.StringPtrInput
}

// ElementType returns the plain struct type that SecurityGroupArgs resolves to.
func (SecurityGroupArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*securityGroupArgs)(nil)).Elem()
}
