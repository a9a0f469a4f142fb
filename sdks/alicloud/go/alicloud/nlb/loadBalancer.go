package nlb

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LoadBalancer is a Network Load Balancer (NLB) instance.
// Its fields are the provider's output properties, named by their pulumi tags.
type LoadBalancer struct {
	pulumi.CustomResourceState

	AddressIpVersion             pulumi.StringOutput                            `pulumi:"addressIpVersion"`
	AddressType                  pulumi.StringOutput                            `pulumi:"addressType"`
	BandwidthPackageId           pulumi.StringOutput                            `pulumi:"bandwidthPackageId"`
	Cps                          pulumi.IntPtrOutput                            `pulumi:"cps"`
	CreateTime                   pulumi.StringOutput                            `pulumi:"createTime"`
	CrossZoneEnabled             pulumi.BoolOutput                              `pulumi:"crossZoneEnabled"`
	DeletionProtectionConfig     LoadBalancerDeletionProtectionConfigOutput     `pulumi:"deletionProtectionConfig"`
	DeletionProtectionEnabled    pulumi.BoolOutput                              `pulumi:"deletionProtectionEnabled"`
	DeletionProtectionReason     pulumi.StringOutput                            `pulumi:"deletionProtectionReason"`
	DnsName                      pulumi.StringOutput                            `pulumi:"dnsName"`
	Ipv6AddressType              pulumi.StringOutput                            `pulumi:"ipv6AddressType"`
	LoadBalancerBusinessStatus   pulumi.StringOutput                            `pulumi:"loadBalancerBusinessStatus"`
	LoadBalancerName             pulumi.StringPtrOutput                         `pulumi:"loadBalancerName"`
	LoadBalancerType             pulumi.StringOutput                            `pulumi:"loadBalancerType"`
	ModificationProtectionConfig LoadBalancerModificationProtectionConfigOutput `pulumi:"modificationProtectionConfig"`
	ModificationProtectionReason pulumi.StringOutput                            `pulumi:"modificationProtectionReason"`
	ModificationProtectionStatus pulumi.StringOutput                            `pulumi:"modificationProtectionStatus"`
	PaymentType                  pulumi.StringOutput                            `pulumi:"paymentType"`
	RegionId                     pulumi.StringOutput                            `pulumi:"regionId"`
	ResourceGroupId              pulumi.StringOutput                            `pulumi:"resourceGroupId"`
	SecurityGroupIds             pulumi.StringArrayOutput                       `pulumi:"securityGroupIds"`
	Status                       pulumi.StringOutput                            `pulumi:"status"`
	Tags                         pulumi.StringMapOutput                         `pulumi:"tags"`
	VpcId                        pulumi.StringOutput                            `pulumi:"vpcId"`
	ZoneMappings                 LoadBalancerZoneMappingArrayOutput             `pulumi:"zoneMappings"`
}

// NewLoadBalancer registers a LoadBalancer named name with the given arguments.
func NewLoadBalancer(ctx *pulumi.Context,
	name string, args *LoadBalancerArgs, opts ...pulumi.ResourceOption) (*LoadBalancer, error) {
	if args == nil {
		return nil, internal.ErrMissingArgs
	}
	return internal.NewResource[LoadBalancer](ctx, "alicloud:nlb/loadBalancer:LoadBalancer", name, args, opts,
		internal.Required("AddressType", args.AddressType),
		internal.Required("VpcId", args.VpcId),
		internal.Required("ZoneMappings", args.ZoneMappings),
	)
}

// loadBalancerArgs is the plain form of LoadBalancerArgs that the engine receives.
type loadBalancerArgs struct {
	AddressIpVersion             *string                                   `pulumi:"addressIpVersion"`
	AddressType                  string                                    `pulumi:"addressType"`
	BandwidthPackageId           *string                                   `pulumi:"bandwidthPackageId"`
	Cps                          *int                                      `pulumi:"cps"`
	CrossZoneEnabled             *bool                                     `pulumi:"crossZoneEnabled"`
	DeletionProtectionConfig     *LoadBalancerDeletionProtectionConfig     `pulumi:"deletionProtectionConfig"`
	DeletionProtectionEnabled    *bool                                     `pulumi:"deletionProtectionEnabled"`
	DeletionProtectionReason     *string                                   `pulumi:"deletionProtectionReason"`
	Ipv6AddressType              *string                                   `pulumi:"ipv6AddressType"`
	LoadBalancerName             *string                                   `pulumi:"loadBalancerName"`
	LoadBalancerType             *string                                   `pulumi:"loadBalancerType"`
	ModificationProtectionConfig *LoadBalancerModificationProtectionConfig `pulumi:"modificationProtectionConfig"`
	ModificationProtectionReason *string                                   `pulumi:"modificationProtectionReason"`
	ModificationProtectionStatus *string                                   `pulumi:"modificationProtectionStatus"`
	PaymentType                  *string                                   `pulumi:"paymentType"`
	ResourceGroupId              *string                                   `pulumi:"resourceGroupId"`
	SecurityGroupIds             []string                                  `pulumi:"securityGroupIds"`
	Tags                         map[string]string                         `pulumi:"tags"`
	VpcId                        string                                    `pulumi:"vpcId"`
	ZoneMappings                 []LoadBalancerZoneMapping                 `pulumi:"zoneMappings"`
}

// LoadBalancerArgs holds the arguments for NewLoadBalancer. Required: AddressType, VpcId, ZoneMappings.
// Each field is sent as the lowerCamelCase property of the same name.
type LoadBalancerArgs struct {
	AddressIpVersion             pulumi.StringPtrInput
	AddressType                  pulumi.StringInput
	BandwidthPackageId           pulumi.StringPtrInput
	Cps                          pulumi.IntPtrInput
	CrossZoneEnabled             pulumi.BoolPtrInput
	DeletionProtectionConfig     LoadBalancerDeletionProtectionConfigPtrInput
	DeletionProtectionEnabled    pulumi.BoolPtrInput
	DeletionProtectionReason     pulumi.StringPtrInput
	Ipv6AddressType              pulumi.StringPtrInput
	LoadBalancerName             pulumi.StringPtrInput
	LoadBalancerType             pulumi.StringPtrInput
	ModificationProtectionConfig LoadBalancerModificationProtectionConfigPtrInput
	ModificationProtectionReason pulumi.StringPtrInput
	ModificationProtectionStatus pulumi.StringPtrInput
	PaymentType                  pulumi.StringPtrInput
	ResourceGroupId              pulumi.StringPtrInput
	SecurityGroupIds             pulumi.StringArrayInput
	Tags                         pulumi.StringMapInput
	VpcId                        pulumi.StringInput
	ZoneMappings                 LoadBalancerZoneMappingArrayInput
}

// ElementType returns the plain struct type that LoadBalancerArgs resolves to.
func (LoadBalancerArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*loadBalancerArgs)(nil)).Elem()
}
