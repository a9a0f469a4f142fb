package ecs

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// EcsKeyPair is an SSH key pair registered with ECS.
// Its fields are the provider's output properties, named by their pulumi tags.
type EcsKeyPair struct {
	pulumi.CustomResourceState

	CreateTime      pulumi.StringOutput    `pulumi:"createTime"`
	FingerPrint     pulumi.StringOutput    `pulumi:"fingerPrint"`
	KeyFile         pulumi.StringPtrOutput `pulumi:"keyFile"`
	KeyName         pulumi.StringOutput    `pulumi:"keyName"`
	KeyNamePrefix   pulumi.StringPtrOutput `pulumi:"keyNamePrefix"`
	KeyPairName     pulumi.StringOutput    `pulumi:"keyPairName"`
	PublicKey       pulumi.StringPtrOutput `pulumi:"publicKey"`
	ResourceGroupId pulumi.StringOutput    `pulumi:"resourceGroupId"`
	Tags            pulumi.StringMapOutput `pulumi:"tags"`
}

// NewEcsKeyPair registers a EcsKeyPair named name with the given arguments.
func NewEcsKeyPair(ctx *pulumi.Context,
	name string, args *EcsKeyPairArgs, opts ...pulumi.ResourceOption) (*EcsKeyPair, error) {
	if args == nil {
		args = &EcsKeyPairArgs{}
	}
	return internal.NewResource[EcsKeyPair](ctx, "alicloud:ecs/ecsKeyPair:EcsKeyPair", name, args, opts)
}

// ecsKeyPairArgs is the plain form of EcsKeyPairArgs that the engine receives.
type ecsKeyPairArgs struct {
	KeyFile         *string           `pulumi:"keyFile"`
	KeyNamePrefix   *string           `pulumi:"keyNamePrefix"`
	KeyPairName     *string           `pulumi:"keyPairName"`
	PublicKey       *string           `pulumi:"publicKey"`
	ResourceGroupId *string           `pulumi:"resourceGroupId"`
	Tags            map[string]string `pulumi:"tags"`
}

// EcsKeyPairArgs holds the arguments for NewEcsKeyPair. All arguments are optional.
// Each field is sent as the lowerCamelCase property of the same name.
type EcsKeyPairArgs struct {
	KeyFile         pulumi.StringPtrInput
	KeyNamePrefix   pulumi.StringPtrInput
	KeyPairName     pulumi.StringPtrInput
	PublicKey       pulumi.StringPtrInput
	ResourceGroupId pulumi.StringPtrInput
	Tags            pulumi.StringMapInput
}

// ElementType returns the plain struct type that EcsKeyPairArgs resolves to.
func (EcsKeyPairArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*ecsKeyPairArgs)(nil)).Elem()
}
