package nlb

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ServerGroupServerAttachment adds one backend server to an NLB server group.
// Its fields are the provider's output properties, named by their pulumi tags.
type ServerGroupServerAttachment struct {
	pulumi.CustomResourceState

	Description   pulumi.StringPtrOutput `pulumi:"description"`
	Port          pulumi.IntOutput       `pulumi:"port"`
	ServerGroupId pulumi.StringOutput    `pulumi:"serverGroupId"`
	ServerId      pulumi.StringOutput    `pulumi:"serverId"`
	ServerIp      pulumi.StringOutput    `pulumi:"serverIp"`
	ServerType    pulumi.StringOutput    `pulumi:"serverType"`
	Status        pulumi.StringOutput    `pulumi:"status"`
	Weight        pulumi.IntOutput       `pulumi:"weight"`
	ZoneId        pulumi.StringOutput    `pulumi:"zoneId"`
}

// NewServerGroupServerAttachment registers a ServerGroupServerAttachment named name with the given arguments.
func NewServerGroupServerAttachment(ctx *pulumi.Context,
	name string, args *ServerGroupServerAttachmentArgs, opts ...pulumi.ResourceOption) (*ServerGroupServerAttachment, error) {
	if args == nil {
		return nil, internal.ErrMissingArgs
	}
	return internal.NewResource[ServerGroupServerAttachment](ctx, "alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment", name, args, opts,
		internal.Required("ServerGroupId", args.ServerGroupId),
		internal.Required("ServerId", args.ServerId),
		internal.Required("ServerType", args.ServerType),
	)
}

// serverGroupServerAttachmentArgs is the plain form of ServerGroupServerAttachmentArgs that the engine receives.
type serverGroupServerAttachmentArgs struct {
	Description   *string `pulumi:"description"`
	Port          *int    `pulumi:"port"`
	ServerGroupId string  `pulumi:"serverGroupId"`
	ServerId      string  `pulumi:"serverId"`
	ServerIp      *string `pulumi:"serverIp"`
	ServerType    string  `pulumi:"serverType"`
	Weight        *int    `pulumi:"weight"`
}

// ServerGroupServerAttachmentArgs holds the arguments for NewServerGroupServerAttachment. Required: ServerGroupId, ServerId, ServerType.
// Each field is sent as the lowerCamelCase property of the same name.
type ServerGroupServerAttachmentArgs struct {
	Description   pulumi.StringPtrInput
	Port          pulumi.IntPtrInput
	ServerGroupId pulumi.StringInput
	ServerId      pulumi.StringInput
	ServerIp      pulumi.StringPtrInput
	ServerType    pulumi.StringInput
	Weight        pulumi.IntPtrInput
}

// ElementType returns the plain struct type that ServerGroupServerAttachmentArgs resolves to.
func (ServerGroupServerAttachmentArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*serverGroupServerAttachmentArgs)(nil)).Elem()
}
