package nlb

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Listener is an NLB listener that forwards a port to a server group.
// Its fields are the provider's output properties, named by their pulumi tags.
type Listener struct {
	pulumi.CustomResourceState

	AlpnEnabled          pulumi.BoolOutput                 `pulumi:"alpnEnabled"`
	AlpnPolicy           pulumi.StringPtrOutput            `pulumi:"alpnPolicy"`
	CaCertificateIds     pulumi.StringArrayOutput          `pulumi:"caCertificateIds"`
	CaEnabled            pulumi.BoolOutput                 `pulumi:"caEnabled"`
	CertificateIds       pulumi.StringArrayOutput          `pulumi:"certificateIds"`
	Cps                  pulumi.IntPtrOutput               `pulumi:"cps"`
	EndPort              pulumi.IntPtrOutput               `pulumi:"endPort"`
	IdleTimeout          pulumi.IntOutput                  `pulumi:"idleTimeout"`
	ListenerDescription  pulumi.StringPtrOutput            `pulumi:"listenerDescription"`
	ListenerPort         pulumi.IntOutput                  `pulumi:"listenerPort"`
	ListenerProtocol     pulumi.StringOutput               `pulumi:"listenerProtocol"`
	LoadBalancerId       pulumi.StringOutput               `pulumi:"loadBalancerId"`
	Mss                  pulumi.IntPtrOutput               `pulumi:"mss"`
	ProxyProtocolConfig  ListenerProxyProtocolConfigOutput `pulumi:"proxyProtocolConfig"`
	ProxyProtocolEnabled pulumi.BoolOutput                 `pulumi:"proxyProtocolEnabled"`
	RegionId             pulumi.StringOutput               `pulumi:"regionId"`
	SecSensorEnabled     pulumi.BoolOutput                 `pulumi:"secSensorEnabled"`
	SecurityPolicyId     pulumi.StringOutput               `pulumi:"securityPolicyId"`
	ServerGroupId        pulumi.StringOutput               `pulumi:"serverGroupId"`
	StartPort            pulumi.IntPtrOutput               `pulumi:"startPort"`
	Status               pulumi.StringOutput               `pulumi:"status"`
	Tags                 pulumi.StringMapOutput            `pulumi:"tags"`
}

// NewListener registers a Listener named name with the given arguments.
func NewListener(ctx *pulumi.Context,
	name string, args *ListenerArgs, opts ...pulumi.ResourceOption) (*Listener, error) {
	if args == nil {
		return nil, internal.ErrMissingArgs
	}
	return internal.NewResource[Listener](ctx, "alicloud:nlb/listener:Listener", name, args, opts,
		internal.Required("ListenerPort", args.ListenerPort),
		internal.Required("ListenerProtocol", args.ListenerProtocol),
		internal.Required("LoadBalancerId", args.LoadBalancerId),
		internal.Required("ServerGroupId", args.ServerGroupId),
	)
}

// listenerArgs is the plain form of ListenerArgs that the engine receives.
type listenerArgs struct {
	AlpnEnabled          *bool                        `pulumi:"alpnEnabled"`
	AlpnPolicy           *string                      `pulumi:"alpnPolicy"`
	CaCertificateIds     []string                     `pulumi:"caCertificateIds"`
	CaEnabled            *bool                        `pulumi:"caEnabled"`
	CertificateIds       []string                     `pulumi:"certificateIds"`
	Cps                  *int                         `pulumi:"cps"`
	EndPort              *int                         `pulumi:"endPort"`
	IdleTimeout          *int                         `pulumi:"idleTimeout"`
	ListenerDescription  *string                      `pulumi:"listenerDescription"`
	ListenerPort         int                          `pulumi:"listenerPort"`
	ListenerProtocol     string                       `pulumi:"listenerProtocol"`
	LoadBalancerId       string                       `pulumi:"loadBalancerId"`
	Mss                  *int                         `pulumi:"mss"`
	ProxyProtocolConfig  *ListenerProxyProtocolConfig `pulumi:"proxyProtocolConfig"`
	ProxyProtocolEnabled *bool                        `pulumi:"proxyProtocolEnabled"`
	SecSensorEnabled     *bool                        `pulumi:"secSensorEnabled"`
	SecurityPolicyId     *string                      `pulumi:"securityPolicyId"`
	ServerGroupId        string                       `pulumi:"serverGroupId"`
	StartPort            *int                         `pulumi:"startPort"`
	Status               *string                      `pulumi:"status"`
	Tags                 map[string]string            `pulumi:"tags"`
}

// ListenerArgs holds the arguments for NewListener. Required: ListenerPort, ListenerProtocol, LoadBalancerId, ServerGroupId.
// Each field is sent as the lowerCamelCase property of the same name.
type ListenerArgs struct {
	AlpnEnabled          pulumi.BoolPtrInput
	AlpnPolicy           pulumi.StringPtrInput
	CaCertificateIds     pulumi.StringArrayInput
	CaEnabled            pulumi.BoolPtrInput
	CertificateIds       pulumi.StringArrayInput
	Cps                  pulumi.IntPtrInput
	EndPort              pulumi.IntPtrInput
	IdleTimeout          pulumi.IntPtrInput
	ListenerDescription  pulumi.StringPtrInput
	ListenerPort         pulumi.IntInput
	ListenerProtocol     pulumi.StringInput
	LoadBalancerId       pulumi.StringInput
	Mss                  pulumi.IntPtrInput
	ProxyProtocolConfig  ListenerProxyProtocolConfigPtrInput
	ProxyProtocolEnabled pulumi.BoolPtrInput
	SecSensorEnabled     pulumi.BoolPtrInput
	SecurityPolicyId     pulumi.StringPtrInput
	ServerGroupId        pulumi.StringInput
	StartPort            pulumi.IntPtrInput
	Status               pulumi.StringPtrInput
	Tags                 pulumi.StringMapInput
}

// ElementType returns the plain struct type that ListenerArgs resolves to.
func (ListenerArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*listenerArgs)(nil)).Elem()
}
