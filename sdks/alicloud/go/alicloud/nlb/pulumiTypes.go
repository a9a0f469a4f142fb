package nlb

import (
	"context"
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ListenerProxyProtocolConfig is the plain value of the extra fields an NLB listener puts in Proxy Protocol headers.
type ListenerProxyProtocolConfig struct {
	ProxyProtocolConfigPrivateLinkEpIdEnabled  *bool `pulumi:"proxyProtocolConfigPrivateLinkEpIdEnabled"`
	ProxyProtocolConfigPrivateLinkEpsIdEnabled *bool `pulumi:"proxyProtocolConfigPrivateLinkEpsIdEnabled"`
	ProxyProtocolConfigVpcIdEnabled            *bool `pulumi:"proxyProtocolConfigVpcIdEnabled"`
}

// ListenerProxyProtocolConfigOutput is an output of a ListenerProxyProtocolConfig.
type ListenerProxyProtocolConfigOutput struct{ *pulumi.OutputState }

// ElementType returns the type of ListenerProxyProtocolConfig.
func (ListenerProxyProtocolConfigOutput) ElementType() reflect.Type {
	return reflect.TypeFor[ListenerProxyProtocolConfig]()
}

// ToListenerProxyProtocolConfigOutput returns o.
func (o ListenerProxyProtocolConfigOutput) ToListenerProxyProtocolConfigOutput() ListenerProxyProtocolConfigOutput {
	return o
}

// ToListenerProxyProtocolConfigOutputWithContext returns o.
func (o ListenerProxyProtocolConfigOutput) ToListenerProxyProtocolConfigOutputWithContext(context.Context) ListenerProxyProtocolConfigOutput {
	return o
}

// ListenerProxyProtocolConfigInput is an input that resolves to a ListenerProxyProtocolConfig: a ListenerProxyProtocolConfigArgs or a ListenerProxyProtocolConfigOutput.
type ListenerProxyProtocolConfigInput interface {
	pulumi.Input

	ToListenerProxyProtocolConfigOutput() ListenerProxyProtocolConfigOutput
	ToListenerProxyProtocolConfigOutputWithContext(context.Context) ListenerProxyProtocolConfigOutput
}

// ListenerProxyProtocolConfigArgs is the input form of ListenerProxyProtocolConfig; its fields map to the same properties.
type ListenerProxyProtocolConfigArgs struct {
	ProxyProtocolConfigPrivateLinkEpIdEnabled  pulumi.BoolPtrInput `pulumi:"proxyProtocolConfigPrivateLinkEpIdEnabled"`
	ProxyProtocolConfigPrivateLinkEpsIdEnabled pulumi.BoolPtrInput `pulumi:"proxyProtocolConfigPrivateLinkEpsIdEnabled"`
	ProxyProtocolConfigVpcIdEnabled            pulumi.BoolPtrInput `pulumi:"proxyProtocolConfigVpcIdEnabled"`
}

// ElementType returns the type of ListenerProxyProtocolConfig.
func (ListenerProxyProtocolConfigArgs) ElementType() reflect.Type {
	return reflect.TypeFor[ListenerProxyProtocolConfig]()
}

// ToListenerProxyProtocolConfigOutput converts the args into an output.
func (i ListenerProxyProtocolConfigArgs) ToListenerProxyProtocolConfigOutput() ListenerProxyProtocolConfigOutput {
	return i.ToListenerProxyProtocolConfigOutputWithContext(context.Background())
}

// ToListenerProxyProtocolConfigOutputWithContext converts the args into an output.
func (i ListenerProxyProtocolConfigArgs) ToListenerProxyProtocolConfigOutputWithContext(ctx context.Context) ListenerProxyProtocolConfigOutput {
	return internal.ToOutput[ListenerProxyProtocolConfigOutput](ctx, i)
}

// ToListenerProxyProtocolConfigPtrOutput converts the args into an output of a pointer.
func (i ListenerProxyProtocolConfigArgs) ToListenerProxyProtocolConfigPtrOutput() ListenerProxyProtocolConfigPtrOutput {
	return i.ToListenerProxyProtocolConfigPtrOutputWithContext(context.Background())
}

// ToListenerProxyProtocolConfigPtrOutputWithContext converts the args into an output of a pointer.
func (i ListenerProxyProtocolConfigArgs) ToListenerProxyProtocolConfigPtrOutputWithContext(ctx context.Context) ListenerProxyProtocolConfigPtrOutput {
	return i.ToListenerProxyProtocolConfigOutputWithContext(ctx).ToListenerProxyProtocolConfigPtrOutputWithContext(ctx)
}

// ToListenerProxyProtocolConfigPtrOutput converts o into an output of a pointer.
func (o ListenerProxyProtocolConfigOutput) ToListenerProxyProtocolConfigPtrOutput() ListenerProxyProtocolConfigPtrOutput {
	return o.ToListenerProxyProtocolConfigPtrOutputWithContext(context.Background())
}

// ToListenerProxyProtocolConfigPtrOutputWithContext converts o into an output of a pointer.
func (o ListenerProxyProtocolConfigOutput) ToListenerProxyProtocolConfigPtrOutputWithContext(ctx context.Context) ListenerProxyProtocolConfigPtrOutput {
	return internal.ToPtrOutput[ListenerProxyProtocolConfig, ListenerProxyProtocolConfigPtrOutput](ctx, o)
}

// ListenerProxyProtocolConfigPtrInput is an input that resolves to a *ListenerProxyProtocolConfig: a ListenerProxyProtocolConfigArgs, ListenerProxyProtocolConfigPtr(...) or ListenerProxyProtocolConfigPtrOutput.
type ListenerProxyProtocolConfigPtrInput interface {
	pulumi.Input

	ToListenerProxyProtocolConfigPtrOutput() ListenerProxyProtocolConfigPtrOutput
	ToListenerProxyProtocolConfigPtrOutputWithContext(context.Context) ListenerProxyProtocolConfigPtrOutput
}

// ListenerProxyProtocolConfigPtr returns v as a pointer input; a nil v gives a nil input, leaving the property unset.
// The args value itself is returned, since it already resolves to a *ListenerProxyProtocolConfig.
func ListenerProxyProtocolConfigPtr(v *ListenerProxyProtocolConfigArgs) ListenerProxyProtocolConfigPtrInput {
	if v == nil {
		return nil
	}
	return *v
}

// ListenerProxyProtocolConfigPtrOutput is an output of a *ListenerProxyProtocolConfig.
type ListenerProxyProtocolConfigPtrOutput struct{ *pulumi.OutputState }

// ElementType returns the type of *ListenerProxyProtocolConfig.
func (ListenerProxyProtocolConfigPtrOutput) ElementType() reflect.Type {
	return reflect.TypeFor[*ListenerProxyProtocolConfig]()
}

// ToListenerProxyProtocolConfigPtrOutput returns o.
func (o ListenerProxyProtocolConfigPtrOutput) ToListenerProxyProtocolConfigPtrOutput() ListenerProxyProtocolConfigPtrOutput {
	return o
}

// ToListenerProxyProtocolConfigPtrOutputWithContext returns o.
func (o ListenerProxyProtocolConfigPtrOutput) ToListenerProxyProtocolConfigPtrOutputWithContext(context.Context) ListenerProxyProtocolConfigPtrOutput {
	return o
}

// Elem dereferences the pointer; a nil pointer gives the zero ListenerProxyProtocolConfig.
func (o ListenerProxyProtocolConfigPtrOutput) Elem() ListenerProxyProtocolConfigOutput {
	return internal.Elem[ListenerProxyProtocolConfig, ListenerProxyProtocolConfigOutput](o)
}

// LoadBalancerDeletionProtectionConfig is the plain value of the deletion protection settings of an NLB instance.
type LoadBalancerDeletionProtectionConfig struct {
	Enabled     *bool   `pulumi:"enabled"`
	EnabledTime *string `pulumi:"enabledTime"`
	Reason      *string `pulumi:"reason"`
}

// LoadBalancerDeletionProtectionConfigOutput is an output of a LoadBalancerDeletionProtectionConfig.
type LoadBalancerDeletionProtectionConfigOutput struct{ *pulumi.OutputState }

// ElementType returns the type of LoadBalancerDeletionProtectionConfig.
func (LoadBalancerDeletionProtectionConfigOutput) ElementType() reflect.Type {
	return reflect.TypeFor[LoadBalancerDeletionProtectionConfig]()
}

// ToLoadBalancerDeletionProtectionConfigOutput returns o.
func (o LoadBalancerDeletionProtectionConfigOutput) ToLoadBalancerDeletionProtectionConfigOutput() LoadBalancerDeletionProtectionConfigOutput {
	return o
}

// ToLoadBalancerDeletionProtectionConfigOutputWithContext returns o.
func (o LoadBalancerDeletionProtectionConfigOutput) ToLoadBalancerDeletionProtectionConfigOutputWithContext(context.Context) LoadBalancerDeletionProtectionConfigOutput {
	return o
}

// LoadBalancerDeletionProtectionConfigInput is an input that resolves to a LoadBalancerDeletionProtectionConfig: a LoadBalancerDeletionProtectionConfigArgs or a LoadBalancerDeletionProtectionConfigOutput.
type LoadBalancerDeletionProtectionConfigInput interface {
	pulumi.Input

	ToLoadBalancerDeletionProtectionConfigOutput() LoadBalancerDeletionProtectionConfigOutput
	ToLoadBalancerDeletionProtectionConfigOutputWithContext(context.Context) LoadBalancerDeletionProtectionConfigOutput
}

// LoadBalancerDeletionProtectionConfigArgs is the input form of LoadBalancerDeletionProtectionConfig; its fields map to the same properties.
type LoadBalancerDeletionProtectionConfigArgs struct {
	Enabled     pulumi.BoolPtrInput   `pulumi:"enabled"`
	EnabledTime pulumi.StringPtrInput `pulumi:"enabledTime"`
	Reason      pulumi.StringPtrInput `pulumi:"reason"`
}

// ElementType returns the type of LoadBalancerDeletionProtectionConfig.
func (LoadBalancerDeletionProtectionConfigArgs) ElementType() reflect.Type {
	return reflect.TypeFor[LoadBalancerDeletionProtectionConfig]()
}

// ToLoadBalancerDeletionProtectionConfigOutput converts the args into an output.
func (i LoadBalancerDeletionProtectionConfigArgs) ToLoadBalancerDeletionProtectionConfigOutput() LoadBalancerDeletionProtectionConfigOutput {
	return i.ToLoadBalancerDeletionProtectionConfigOutputWithContext(context.Background())
}

// ToLoadBalancerDeletionProtectionConfigOutputWithContext converts the args into an output.
func (i LoadBalancerDeletionProtectionConfigArgs) ToLoadBalancerDeletionProtectionConfigOutputWithContext(ctx context.Context) LoadBalancerDeletionProtectionConfigOutput {
	return internal.ToOutput[LoadBalancerDeletionProtectionConfigOutput](ctx, i)
}

// ToLoadBalancerDeletionProtectionConfigPtrOutput converts the args into an output of a pointer.
func (i LoadBalancerDeletionProtectionConfigArgs) ToLoadBalancerDeletionProtectionConfigPtrOutput() LoadBalancerDeletionProtectionConfigPtrOutput {
	return i.ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext(context.Background())
}

// ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext converts the args into an output of a pointer.
func (i LoadBalancerDeletionProtectionConfigArgs) ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext(ctx context.Context) LoadBalancerDeletionProtectionConfigPtrOutput {
	return i.ToLoadBalancerDeletionProtectionConfigOutputWithContext(ctx).ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext(ctx)
}

// ToLoadBalancerDeletionProtectionConfigPtrOutput converts o into an output of a pointer.
func (o LoadBalancerDeletionProtectionConfigOutput) ToLoadBalancerDeletionProtectionConfigPtrOutput() LoadBalancerDeletionProtectionConfigPtrOutput {
	return o.ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext(context.Background())
}

// ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext converts o into an output of a pointer.
func (o LoadBalancerDeletionProtectionConfigOutput) ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext(ctx context.Context) LoadBalancerDeletionProtectionConfigPtrOutput {
	return internal.ToPtrOutput[LoadBalancerDeletionProtectionConfig, LoadBalancerDeletionProtectionConfigPtrOutput](ctx, o)
}

// LoadBalancerDeletionProtectionConfigPtrInput is an input that resolves to a *LoadBalancerDeletionProtectionConfig: a LoadBalancerDeletionProtectionConfigArgs, LoadBalancerDeletionProtectionConfigPtr(...) or LoadBalancerDeletionProtectionConfigPtrOutput.
type LoadBalancerDeletionProtectionConfigPtrInput interface {
	pulumi.Input

	ToLoadBalancerDeletionProtectionConfigPtrOutput() LoadBalancerDeletionProtectionConfigPtrOutput
	ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext(context.Context) LoadBalancerDeletionProtectionConfigPtrOutput
}

// LoadBalancerDeletionProtectionConfigPtr returns v as a pointer input; a nil v gives a nil input, leaving the property unset.
// The args value itself is returned, since it already resolves to a *LoadBalancerDeletionProtectionConfig.
func LoadBalancerDeletionProtectionConfigPtr(v *LoadBalancerDeletionProtectionConfigArgs) LoadBalancerDeletionProtectionConfigPtrInput {
	if v == nil {
		return nil
	}
	return *v
}

// LoadBalancerDeletionProtectionConfigPtrOutput is an output of a *LoadBalancerDeletionProtectionConfig.
type LoadBalancerDeletionProtectionConfigPtrOutput struct{ *pulumi.OutputState }

// ElementType returns the type of *LoadBalancerDeletionProtectionConfig.
func (LoadBalancerDeletionProtectionConfigPtrOutput) ElementType() reflect.Type {
	return reflect.TypeFor[*LoadBalancerDeletionProtectionConfig]()
}

// ToLoadBalancerDeletionProtectionConfigPtrOutput returns o.
func (o LoadBalancerDeletionProtectionConfigPtrOutput) ToLoadBalancerDeletionProtectionConfigPtrOutput() LoadBalancerDeletionProtectionConfigPtrOutput {
	return o
}

// ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext returns o.
func (o LoadBalancerDeletionProtectionConfigPtrOutput) ToLoadBalancerDeletionProtectionConfigPtrOutputWithContext(context.Context) LoadBalancerDeletionProtectionConfigPtrOutput {
	return o
}

// Elem dereferences the pointer; a nil pointer gives the zero LoadBalancerDeletionProtectionConfig.
func (o LoadBalancerDeletionProtectionConfigPtrOutput) Elem() LoadBalancerDeletionProtectionConfigOutput {
	return internal.Elem[LoadBalancerDeletionProtectionConfig, LoadBalancerDeletionProtectionConfigOutput](o)
}

// LoadBalancerModificationProtectionConfig is the plain value of the configuration read-only mode of an NLB instance.
type LoadBalancerModificationProtectionConfig struct {
	EnabledTime *string `pulumi:"enabledTime"`
	Reason      *string `pulumi:"reason"`
	Status      *string `pulumi:"status"`
}

// LoadBalancerModificationProtectionConfigOutput is an output of a LoadBalancerModificationProtectionConfig.
type LoadBalancerModificationProtectionConfigOutput struct{ *pulumi.OutputState }

// ElementType returns the type of LoadBalancerModificationProtectionConfig.
func (LoadBalancerModificationProtectionConfigOutput) ElementType() reflect.Type {
	return reflect.TypeFor[LoadBalancerModificationProtectionConfig]()
}

// ToLoadBalancerModificationProtectionConfigOutput returns o.
func (o LoadBalancerModificationProtectionConfigOutput) ToLoadBalancerModificationProtectionConfigOutput() LoadBalancerModificationProtectionConfigOutput {
	return o
}

// ToLoadBalancerModificationProtectionConfigOutputWithContext returns o.
func (o LoadBalancerModificationProtectionConfigOutput) ToLoadBalancerModificationProtectionConfigOutputWithContext(context.Context) LoadBalancerModificationProtectionConfigOutput {
	return o
}

// LoadBalancerModificationProtectionConfigInput is an input that resolves to a LoadBalancerModificationProtectionConfig: a LoadBalancerModificationProtectionConfigArgs or a LoadBalancerModificationProtectionConfigOutput.
type LoadBalancerModificationProtectionConfigInput interface {
	pulumi.Input

	ToLoadBalancerModificationProtectionConfigOutput() LoadBalancerModificationProtectionConfigOutput
	ToLoadBalancerModificationProtectionConfigOutputWithContext(context.Context) LoadBalancerModificationProtectionConfigOutput
}

// LoadBalancerModificationProtectionConfigArgs is the input form of LoadBalancerModificationProtectionConfig; its fields map to the same properties.
type LoadBalancerModificationProtectionConfigArgs struct {
	EnabledTime pulumi.StringPtrInput `pulumi:"enabledTime"`
	Reason      pulumi.StringPtrInput `pulumi:"reason"`
	Status      pulumi.StringPtrInput `pulumi:"status"`
}

// ElementType returns the type of LoadBalancerModificationProtectionConfig.
func (LoadBalancerModificationProtectionConfigArgs) ElementType() reflect.Type {
	return reflect.TypeFor[LoadBalancerModificationProtectionConfig]()
}

// ToLoadBalancerModificationProtectionConfigOutput converts the args into an output.
func (i LoadBalancerModificationProtectionConfigArgs) ToLoadBalancerModificationProtectionConfigOutput() LoadBalancerModificationProtectionConfigOutput {
	return i.ToLoadBalancerModificationProtectionConfigOutputWithContext(context.Background())
}

// ToLoadBalancerModificationProtectionConfigOutputWithContext converts the args into an output.
func (i LoadBalancerModificationProtectionConfigArgs) ToLoadBalancerModificationProtectionConfigOutputWithContext(ctx context.Context) LoadBalancerModificationProtectionConfigOutput {
	return internal.ToOutput[LoadBalancerModificationProtectionConfigOutput](ctx, i)
}

// ToLoadBalancerModificationProtectionConfigPtrOutput converts the args into an output of a pointer.
func (i LoadBalancerModificationProtectionConfigArgs) ToLoadBalancerModificationProtectionConfigPtrOutput() LoadBalancerModificationProtectionConfigPtrOutput {
	return i.ToLoadBalancerModificationProtectionConfigPtrOutputWithContext(context.Background())
}

// ToLoadBalancerModificationProtectionConfigPtrOutputWithContext converts the args into an output of a pointer.
func (i LoadBalancerModificationProtectionConfigArgs) ToLoadBalancerModificationProtectionConfigPtrOutputWithContext(ctx context.Context) LoadBalancerModificationProtectionConfigPtrOutput {
	return i.ToLoadBalancerModificationProtectionConfigOutputWithContext(ctx).ToLoadBalancerModificationProtectionConfigPtrOutputWithContext(ctx)
}

// ToLoadBalancerModificationProtectionConfigPtrOutput converts o into an output of a pointer.
func (o LoadBalancerModificationProtectionConfigOutput) ToLoadBalancerModificationProtectionConfigPtrOutput() LoadBalancerModificationProtectionConfigPtrOutput {
	return o.ToLoadBalancerModificationProtectionConfigPtrOutputWithContext(context.Background())
}

// ToLoadBalancerModificationProtectionConfigPtrOutputWithContext converts o into an output of a pointer.
func (o LoadBalancerModificationProtectionConfigOutput) ToLoadBalancerModificationProtectionConfigPtrOutputWithContext(ctx context.Context) LoadBalancerModificationProtectionConfigPtrOutput {
	return internal.ToPtrOutput[LoadBalancerModificationProtectionConfig, LoadBalancerModificationProtectionConfigPtrOutput](ctx, o)
}

// LoadBalancerModificationProtectionConfigPtrInput is an input that resolves to a *LoadBalancerModificationProtectionConfig: a LoadBalancerModificationProtectionConfigArgs, LoadBalancerModificationProtectionConfigPtr(...) or LoadBalancerModificationProtectionConfigPtrOutput.
type LoadBalancerModificationProtectionConfigPtrInput interface {
	pulumi.Input

	ToLoadBalancerModificationProtectionConfigPtrOutput() LoadBalancerModificationProtectionConfigPtrOutput
	ToLoadBalancerModificationProtectionConfigPtrOutputWithContext(context.Context) LoadBalancerModificationProtectionConfigPtrOutput
}

// LoadBalancerModificationProtectionConfigPtr returns v as a pointer input; a nil v gives a nil input, leaving the property unset.
// The args value itself is returned, since it already resolves to a *LoadBalancerModificationProtectionConfig.
func LoadBalancerModificationProtectionConfigPtr(v *LoadBalancerModificationProtectionConfigArgs) LoadBalancerModificationProtectionConfigPtrInput {
	if v == nil {
		return nil
	}
	return *v
}

// LoadBalancerModificationProtectionConfigPtrOutput is an output of a *LoadBalancerModificationProtectionConfig.
type LoadBalancerModificationProtectionConfigPtrOutput struct{ *pulumi.OutputState }

// ElementType returns the type of *LoadBalancerModificationProtectionConfig.
func (LoadBalancerModificationProtectionConfigPtrOutput) ElementType() reflect.Type {
	return reflect.TypeFor[*LoadBalancerModificationProtectionConfig]()
}

// ToLoadBalancerModificationProtectionConfigPtrOutput returns o.
func (o LoadBalancerModificationProtectionConfigPtrOutput) ToLoadBalancerModificationProtectionConfigPtrOutput() LoadBalancerModificationProtectionConfigPtrOutput {
	return o
}

// ToLoadBalancerModificationProtectionConfigPtrOutputWithContext returns o.
func (o LoadBalancerModificationProtectionConfigPtrOutput) ToLoadBalancerModificationProtectionConfigPtrOutputWithContext(context.Context) LoadBalancerModificationProtectionConfigPtrOutput {
	return o
}

// Elem dereferences the pointer; a nil pointer gives the zero LoadBalancerModificationProtectionConfig.
func (o LoadBalancerModificationProtectionConfigPtrOutput) Elem() LoadBalancerModificationProtectionConfigOutput {
	return internal.Elem[LoadBalancerModificationProtectionConfig, LoadBalancerModificationProtectionConfigOutput](o)
}

// LoadBalancerZoneMapping is the plain value of one zone of an NLB instance and the vSwitch it uses there.
type LoadBalancerZoneMapping struct {
	AllocationId       *string  `pulumi:"allocationId"`
	EniId              *string  `pulumi:"eniId"`
	Ipv4LocalAddresses []string `pulumi:"ipv4LocalAddresses"`
	Ipv6Address        *string  `pulumi:"ipv6Address"`
	Ipv6LocalAddresses []string `pulumi:"ipv6LocalAddresses"`
	PrivateIpv4Address *string  `pulumi:"privateIpv4Address"`
	PublicIpv4Address  *string  `pulumi:"publicIpv4Address"`
	Status             *string  `pulumi:"status"`
	VswitchId          string   `pulumi:"vswitchId"`
	ZoneId             string   `pulumi:"zoneId"`
}

// LoadBalancerZoneMappingOutput is an output of a LoadBalancerZoneMapping.
type LoadBalancerZoneMappingOutput struct{ *pulumi.OutputState }

// ElementType returns the type of LoadBalancerZoneMapping.
func (LoadBalancerZoneMappingOutput) ElementType() reflect.Type {
	return reflect.TypeFor[LoadBalancerZoneMapping]()
}

// ToLoadBalancerZoneMappingOutput returns o.
func (o LoadBalancerZoneMappingOutput) ToLoadBalancerZoneMappingOutput() LoadBalancerZoneMappingOutput {
	return o
}

// ToLoadBalancerZoneMappingOutputWithContext returns o.
func (o LoadBalancerZoneMappingOutput) ToLoadBalancerZoneMappingOutputWithContext(context.Context) LoadBalancerZoneMappingOutput {
	return o
}

// LoadBalancerZoneMappingInput is an input that resolves to a LoadBalancerZoneMapping: a LoadBalancerZoneMappingArgs or a LoadBalancerZoneMappingOutput.
type LoadBalancerZoneMappingInput interface {
	pulumi.Input

	ToLoadBalancerZoneMappingOutput() LoadBalancerZoneMappingOutput
	ToLoadBalancerZoneMappingOutputWithContext(context.Context) LoadBalancerZoneMappingOutput
}

// LoadBalancerZoneMappingArgs is the input form of LoadBalancerZoneMapping; its fields map to the same properties.
type LoadBalancerZoneMappingArgs struct {
	AllocationId       pulumi.StringPtrInput   `pulumi:"allocationId"`
	EniId              pulumi.StringPtrInput   `pulumi:"eniId"`
	Ipv4LocalAddresses pulumi.StringArrayInput `pulumi:"ipv4LocalAddresses"`
	Ipv6Address        pulumi.StringPtrInput   `pulumi:"ipv6Address"`
	Ipv6LocalAddresses pulumi.StringArrayInput `pulumi:"ipv6LocalAddresses"`
	PrivateIpv4Address pulumi.StringPtrInput   `pulumi:"privateIpv4Address"`
	PublicIpv4Address  pulumi.StringPtrInput   `pulumi:"publicIpv4Address"`
	Status             pulumi.StringPtrInput   `pulumi:"status"`
	VswitchId          pulumi.StringInput      `pulumi:"vswitchId"`
	ZoneId             pulumi.StringInput      `pulumi:"zoneId"`
}

// ElementType returns the type of LoadBalancerZoneMapping.
func (LoadBalancerZoneMappingArgs) ElementType() reflect.Type {
	return reflect.TypeFor[LoadBalancerZoneMapping]()
}

// ToLoadBalancerZoneMappingOutput converts the args into an output.
func (i LoadBalancerZoneMappingArgs) ToLoadBalancerZoneMappingOutput() LoadBalancerZoneMappingOutput {
	return i.ToLoadBalancerZoneMappingOutputWithContext(context.Background())
}

// ToLoadBalancerZoneMappingOutputWithContext converts the args into an output.
func (i LoadBalancerZoneMappingArgs) ToLoadBalancerZoneMappingOutputWithContext(ctx context.Context) LoadBalancerZoneMappingOutput {
	return internal.ToOutput[LoadBalancerZoneMappingOutput](ctx, i)
}

// LoadBalancerZoneMappingArrayInput is an input that resolves to a []LoadBalancerZoneMapping: a LoadBalancerZoneMappingArray or a LoadBalancerZoneMappingArrayOutput.
type LoadBalancerZoneMappingArrayInput interface {
	pulumi.Input

	ToLoadBalancerZoneMappingArrayOutput() LoadBalancerZoneMappingArrayOutput
	ToLoadBalancerZoneMappingArrayOutputWithContext(context.Context) LoadBalancerZoneMappingArrayOutput
}

// LoadBalancerZoneMappingArray is a list of LoadBalancerZoneMappingInput values.
type LoadBalancerZoneMappingArray []LoadBalancerZoneMappingInput

// ElementType returns the type of []LoadBalancerZoneMapping.
func (LoadBalancerZoneMappingArray) ElementType() reflect.Type {
	return reflect.TypeFor[[]LoadBalancerZoneMapping]()
}

// ToLoadBalancerZoneMappingArrayOutput converts the list into an output.
func (i LoadBalancerZoneMappingArray) ToLoadBalancerZoneMappingArrayOutput() LoadBalancerZoneMappingArrayOutput {
	return i.ToLoadBalancerZoneMappingArrayOutputWithContext(context.Background())
}

// ToLoadBalancerZoneMappingArrayOutputWithContext converts the list into an output.
func (i LoadBalancerZoneMappingArray) ToLoadBalancerZoneMappingArrayOutputWithContext(ctx context.Context) LoadBalancerZoneMappingArrayOutput {
	return internal.ToOutput[LoadBalancerZoneMappingArrayOutput](ctx, i)
}

// LoadBalancerZoneMappingArrayOutput is an output of a []LoadBalancerZoneMapping.
type LoadBalancerZoneMappingArrayOutput struct{ *pulumi.OutputState }

// ElementType returns the type of []LoadBalancerZoneMapping.
func (LoadBalancerZoneMappingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeFor[[]LoadBalancerZoneMapping]()
}

// ToLoadBalancerZoneMappingArrayOutput returns o.
func (o LoadBalancerZoneMappingArrayOutput) ToLoadBalancerZoneMappingArrayOutput() LoadBalancerZoneMappingArrayOutput {
	return o
}

// ToLoadBalancerZoneMappingArrayOutputWithContext returns o.
func (o LoadBalancerZoneMappingArrayOutput) ToLoadBalancerZoneMappingArrayOutputWithContext(context.Context) LoadBalancerZoneMappingArrayOutput {
	return o
}

// Index returns an output of element i.
func (o LoadBalancerZoneMappingArrayOutput) Index(i pulumi.IntInput) LoadBalancerZoneMappingOutput {
	return internal.Index[LoadBalancerZoneMapping, LoadBalancerZoneMappingOutput](o, i)
}

// ServerGroupHealthCheck is the plain value of the health check of an NLB server group.
type ServerGroupHealthCheck struct {
	HealthCheckConnectPort    *int     `pulumi:"healthCheckConnectPort"`
	HealthCheckConnectTimeout *int     `pulumi:"healthCheckConnectTimeout"`
	HealthCheckDomain         *string  `pulumi:"healthCheckDomain"`
	HealthCheckEnabled        *bool    `pulumi:"healthCheckEnabled"`
	HealthCheckExp            *string  `pulumi:"healthCheckExp"`
	HealthCheckHttpCodes      []string `pulumi:"healthCheckHttpCodes"`
	HealthCheckHttpVersion    *string  `pulumi:"healthCheckHttpVersion"`
	HealthCheckInterval       *int     `pulumi:"healthCheckInterval"`
	HealthCheckReq            *string  `pulumi:"healthCheckReq"`
	HealthCheckType           *string  `pulumi:"healthCheckType"`
	HealthCheckUrl            *string  `pulumi:"healthCheckUrl"`
	HealthyThreshold          *int     `pulumi:"healthyThreshold"`
	HttpCheckMethod           *string  `pulumi:"httpCheckMethod"`
	UnhealthyThreshold        *int     `pulumi:"unhealthyThreshold"`
}

// ServerGroupHealthCheckOutput is an output of a ServerGroupHealthCheck.
type ServerGroupHealthCheckOutput struct{ *pulumi.OutputState }

// ElementType returns the type of ServerGroupHealthCheck.
func (ServerGroupHealthCheckOutput) ElementType() reflect.Type {
	return reflect.TypeFor[ServerGroupHealthCheck]()
}

// ToServerGroupHealthCheckOutput returns o.
func (o ServerGroupHealthCheckOutput) ToServerGroupHealthCheckOutput() ServerGroupHealthCheckOutput {
	return o
}

// ToServerGroupHealthCheckOutputWithContext returns o.
func (o ServerGroupHealthCheckOutput) ToServerGroupHealthCheckOutputWithContext(context.Context) ServerGroupHealthCheckOutput {
	return o
}

// ServerGroupHealthCheckInput is an input that resolves to a ServerGroupHealthCheck: a ServerGroupHealthCheckArgs or a ServerGroupHealthCheckOutput.
type ServerGroupHealthCheckInput interface {
	pulumi.Input

	ToServerGroupHealthCheckOutput() ServerGroupHealthCheckOutput
	ToServerGroupHealthCheckOutputWithContext(context.Context) ServerGroupHealthCheckOutput
}

// ServerGroupHealthCheckArgs is the input form of ServerGroupHealthCheck; its fields map to the same properties.
type ServerGroupHealthCheckArgs struct {
	HealthCheckConnectPort    pulumi.IntPtrInput      `pulumi:"healthCheckConnectPort"`
	HealthCheckConnectTimeout pulumi.IntPtrInput      `pulumi:"healthCheckConnectTimeout"`
	HealthCheckDomain         pulumi.StringPtrInput   `pulumi:"healthCheckDomain"`
	HealthCheckEnabled        pulumi.BoolPtrInput     `pulumi:"healthCheckEnabled"`
	HealthCheckExp            pulumi.StringPtrInput   `pulumi:"healthCheckExp"`
	HealthCheckHttpCodes      pulumi.StringArrayInput `pulumi:"healthCheckHttpCodes"`
	HealthCheckHttpVersion    pulumi.StringPtrInput   `pulumi:"healthCheckHttpVersion"`
	HealthCheckInterval       pulumi.IntPtrInput      `pulumi:"healthCheckInterval"`
	HealthCheckReq            pulumi.StringPtrInput   `pulumi:"healthCheckReq"`
	HealthCheckType           pulumi.StringPtrInput   `pulumi:"healthCheckType"`
	HealthCheckUrl            pulumi.StringPtrInput   `pulumi:"healthCheckUrl"`
	HealthyThreshold          pulumi.IntPtrInput      `pulumi:"healthyThreshold"`
	HttpCheckMethod           pulumi.StringPtrInput   `pulumi:"httpCheckMethod"`
	UnhealthyThreshold        pulumi.IntPtrInput      `pulumi:"unhealthyThreshold"`
}

// ElementType returns the type of ServerGroupHealthCheck.
func (ServerGroupHealthCheckArgs) ElementType() reflect.Type {
	return reflect.TypeFor[ServerGroupHealthCheck]()
}

// ToServerGroupHealthCheckOutput converts the args into an output.
func (i ServerGroupHealthCheckArgs) ToServerGroupHealthCheckOutput() ServerGroupHealthCheckOutput {
	return i.ToServerGroupHealthCheckOutputWithContext(context.Background())
}

// ToServerGroupHealthCheckOutputWithContext converts the args into an output.
func (i ServerGroupHealthCheckArgs) ToServerGroupHealthCheckOutputWithContext(ctx context.Context) ServerGroupHealthCheckOutput {
	return internal.ToOutput[ServerGroupHealthCheckOutput](ctx, i)
}

// ToServerGroupHealthCheckPtrOutput converts the args into an output of a pointer.
func (i ServerGroupHealthCheckArgs) ToServerGroupHealthCheckPtrOutput() ServerGroupHealthCheckPtrOutput {
	return i.ToServerGroupHealthCheckPtrOutputWithContext(context.Background())
}

// ToServerGroupHealthCheckPtrOutputWithContext converts the args into an output of a pointer.
func (i ServerGroupHealthCheckArgs) ToServerGroupHealthCheckPtrOutputWithContext(ctx context.Context) ServerGroupHealthCheckPtrOutput {
	return i.ToServerGroupHealthCheckOutputWithContext(ctx).ToServerGroupHealthCheckPtrOutputWithContext(ctx)
}

// ToServerGroupHealthCheckPtrOutput converts o into an output of a pointer.
func (o ServerGroupHealthCheckOutput) ToServerGroupHealthCheckPtrOutput() ServerGroupHealthCheckPtrOutput {
	return o.ToServerGroupHealthCheckPtrOutputWithContext(context.Background())
}

// ToServerGroupHealthCheckPtrOutputWithContext converts o into an output of a pointer.
func (o ServerGroupHealthCheckOutput) ToServerGroupHealthCheckPtrOutputWithContext(ctx context.Context) ServerGroupHealthCheckPtrOutput {
	return internal.ToPtrOutput[ServerGroupHealthCheck, ServerGroupHealthCheckPtrOutput](ctx, o)
}

// ServerGroupHealthCheckPtrInput is an input that resolves to a *ServerGroupHealthCheck: a ServerGroupHealthCheckArgs, ServerGroupHealthCheckPtr(...) or ServerGroupHealthCheckPtrOutput.
type ServerGroupHealthCheckPtrInput interface {
	pulumi.Input

	ToServerGroupHealthCheckPtrOutput() ServerGroupHealthCheckPtrOutput
	ToServerGroupHealthCheckPtrOutputWithContext(context.Context) ServerGroupHealthCheckPtrOutput
}

// ServerGroupHealthCheckPtr returns v as a pointer input; a nil v gives a nil input, leaving the property unset.
// The args value itself is returned, since it already resolves to a *ServerGroupHealthCheck.
func ServerGroupHealthCheckPtr(v *ServerGroupHealthCheckArgs) ServerGroupHealthCheckPtrInput {
	if v == nil {
		return nil
	}
	return *v
}

// ServerGroupHealthCheckPtrOutput is an output of a *ServerGroupHealthCheck.
type ServerGroupHealthCheckPtrOutput struct{ *pulumi.OutputState }

// ElementType returns the type of *ServerGroupHealthCheck.
func (ServerGroupHealthCheckPtrOutput) ElementType() reflect.Type {
	return reflect.TypeFor[*ServerGroupHealthCheck]()
}

// ToServerGroupHealthCheckPtrOutput returns o.
func (o ServerGroupHealthCheckPtrOutput) ToServerGroupHealthCheckPtrOutput() ServerGroupHealthCheckPtrOutput {
	return o
}

// ToServerGroupHealthCheckPtrOutputWithContext returns o.
func (o ServerGroupHealthCheckPtrOutput) ToServerGroupHealthCheckPtrOutputWithContext(context.Context) ServerGroupHealthCheckPtrOutput {
	return o
}

// Elem dereferences the pointer; a nil pointer gives the zero ServerGroupHealthCheck.
func (o ServerGroupHealthCheckPtrOutput) Elem() ServerGroupHealthCheckOutput {
	return internal.Elem[ServerGroupHealthCheck, ServerGroupHealthCheckOutput](o)
}

func init() {
	pulumi.RegisterInputType(reflect.TypeFor[ListenerProxyProtocolConfigInput](), ListenerProxyProtocolConfigArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[ListenerProxyProtocolConfigPtrInput](), ListenerProxyProtocolConfigArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[LoadBalancerDeletionProtectionConfigInput](), LoadBalancerDeletionProtectionConfigArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[LoadBalancerDeletionProtectionConfigPtrInput](), LoadBalancerDeletionProtectionConfigArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[LoadBalancerModificationProtectionConfigInput](), LoadBalancerModificationProtectionConfigArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[LoadBalancerModificationProtectionConfigPtrInput](), LoadBalancerModificationProtectionConfigArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[LoadBalancerZoneMappingInput](), LoadBalancerZoneMappingArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[LoadBalancerZoneMappingArrayInput](), LoadBalancerZoneMappingArray{})
	pulumi.RegisterInputType(reflect.TypeFor[ServerGroupHealthCheckInput](), ServerGroupHealthCheckArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[ServerGroupHealthCheckPtrInput](), ServerGroupHealthCheckArgs{})
	pulumi.RegisterOutputType(ListenerProxyProtocolConfigOutput{})
	pulumi.RegisterOutputType(ListenerProxyProtocolConfigPtrOutput{})
	pulumi.RegisterOutputType(LoadBalancerDeletionProtectionConfigOutput{})
	pulumi.RegisterOutputType(LoadBalancerDeletionProtectionConfigPtrOutput{})
	pulumi.RegisterOutputType(LoadBalancerModificationProtectionConfigOutput{})
	pulumi.RegisterOutputType(LoadBalancerModificationProtectionConfigPtrOutput{})
	pulumi.RegisterOutputType(LoadBalancerZoneMappingOutput{})
	pulumi.RegisterOutputType(LoadBalancerZoneMappingArrayOutput{})
	pulumi.RegisterOutputType(ServerGroupHealthCheckOutput{})
	pulumi.RegisterOutputType(ServerGroupHealthCheckPtrOutput{})
}
