package ecs

import (
	"context"
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// InstanceDataDisk is the plain value of one data disk created with an ECS instance.
type InstanceDataDisk struct {
	AutoSnapshotPolicyId *string `pulumi:"autoSnapshotPolicyId"`
	BurstingEnabled      *bool   `pulumi:"burstingEnabled"`
	Category             *string `pulumi:"category"`
	DeleteWithInstance   *bool   `pulumi:"deleteWithInstance"`
	Description          *string `pulumi:"description"`
	Device               *string `pulumi:"device"`
	Encrypted            *bool   `pulumi:"encrypted"`
	KmsKeyId             *string `pulumi:"kmsKeyId"`
	Name                 *string `pulumi:"name"`
	PerformanceLevel     *string `pulumi:"performanceLevel"`
	ProvisionedIops      *int    `pulumi:"provisionedIops"`
	Size                 int     `pulumi:"size"`
	SnapshotId           *string `pulumi:"snapshotId"`
}

// InstanceDataDiskOutput is an output of a InstanceDataDisk.
type InstanceDataDiskOutput struct{ *pulumi.OutputState }

// ElementType returns the type of InstanceDataDisk.
func (InstanceDataDiskOutput) ElementType() reflect.Type { return reflect.TypeFor[InstanceDataDisk]() }

// ToInstanceDataDiskOutput returns o.
func (o InstanceDataDiskOutput) ToInstanceDataDiskOutput() InstanceDataDiskOutput { return o }

// ToInstanceDataDiskOutputWithContext returns o.
func (o InstanceDataDiskOutput) ToInstanceDataDiskOutputWithContext(context.Context) InstanceDataDiskOutput {
	return o
}

// InstanceDataDiskInput is an input that resolves to a InstanceDataDisk: a InstanceDataDiskArgs or a InstanceDataDiskOutput.
type InstanceDataDiskInput interface {
	pulumi.Input

	ToInstanceDataDiskOutput() InstanceDataDiskOutput
	ToInstanceDataDiskOutputWithContext(context.Context) InstanceDataDiskOutput
}

// InstanceDataDiskArgs is the input form of InstanceDataDisk; its fields map to the same properties.
type InstanceDataDiskArgs struct {
	AutoSnapshotPolicyId pulumi.StringPtrInput `pulumi:"autoSnapshotPolicyId"`
	BurstingEnabled      pulumi.BoolPtrInput   `pulumi:"burstingEnabled"`
	Category             pulumi.StringPtrInput `pulumi:"category"`
	DeleteWithInstance   pulumi.BoolPtrInput   `pulumi:"deleteWithInstance"`
	Description          pulumi.StringPtrInput `pulumi:"description"`
	Device               pulumi.StringPtrInput `pulumi:"device"`
	Encrypted            pulumi.BoolPtrInput   `pulumi:"encrypted"`
	KmsKeyId             pulumi.StringPtrInput `pulumi:"kmsKeyId"`
	Name                 pulumi.StringPtrInput `pulumi:"name"`
	PerformanceLevel     pulumi.StringPtrInput `pulumi:"performanceLevel"`
	ProvisionedIops      pulumi.IntPtrInput    `pulumi:"provisionedIops"`
	Size                 pulumi.IntInput       `pulumi:"size"`
	SnapshotId           pulumi.StringPtrInput `pulumi:"snapshotId"`
}

// ElementType returns the type of InstanceDataDisk.
func (InstanceDataDiskArgs) ElementType() reflect.Type { return reflect.TypeFor[InstanceDataDisk]() }

// ToInstanceDataDiskOutput converts the args into an output.
func (i InstanceDataDiskArgs) ToInstanceDataDiskOutput() InstanceDataDiskOutput {
	return i.ToInstanceDataDiskOutputWithContext(context.Background())
}

// ToInstanceDataDiskOutputWithContext converts the args into an output.
func (i InstanceDataDiskArgs) ToInstanceDataDiskOutputWithContext(ctx context.Context) InstanceDataDiskOutput {
	return internal.ToOutput[InstanceDataDiskOutput](ctx, i)
}

// InstanceDataDiskArrayInput is an input that resolves to a []InstanceDataDisk: a InstanceDataDiskArray or a InstanceDataDiskArrayOutput.
type InstanceDataDiskArrayInput interface {
	pulumi.Input

	ToInstanceDataDiskArrayOutput() InstanceDataDiskArrayOutput
	ToInstanceDataDiskArrayOutputWithContext(context.Context) InstanceDataDiskArrayOutput
}

// InstanceDataDiskArray is a list of InstanceDataDiskInput values.
type InstanceDataDiskArray []InstanceDataDiskInput

// ElementType returns the type of []InstanceDataDisk.
func (InstanceDataDiskArray) ElementType() reflect.Type { return reflect.TypeFor[[]InstanceDataDisk]() }

// ToInstanceDataDiskArrayOutput converts the list into an output.
func (i InstanceDataDiskArray) ToInstanceDataDiskArrayOutput() InstanceDataDiskArrayOutput {
	return i.ToInstanceDataDiskArrayOutputWithContext(context.Background())
}

// ToInstanceDataDiskArrayOutputWithContext converts the list into an output.
func (i InstanceDataDiskArray) ToInstanceDataDiskArrayOutputWithContext(ctx context.Context) InstanceDataDiskArrayOutput {
	return internal.ToOutput[InstanceDataDiskArrayOutput](ctx, i)
}

// InstanceDataDiskArrayOutput is an output of a []InstanceDataDisk.
type InstanceDataDiskArrayOutput struct{ *pulumi.OutputState }

// ElementType returns the type of []InstanceDataDisk.
func (InstanceDataDiskArrayOutput) ElementType() reflect.Type {
	return reflect.TypeFor[[]InstanceDataDisk]()
}

// ToInstanceDataDiskArrayOutput returns o.
func (o InstanceDataDiskArrayOutput) ToInstanceDataDiskArrayOutput() InstanceDataDiskArrayOutput {
	return o
}

// ToInstanceDataDiskArrayOutputWithContext returns o.
func (o InstanceDataDiskArrayOutput) ToInstanceDataDiskArrayOutputWithContext(context.Context) InstanceDataDiskArrayOutput {
	return o
}

// Index returns an output of element i.
func (o InstanceDataDiskArrayOutput) Index(i pulumi.IntInput) InstanceDataDiskOutput {
	return internal.Index[InstanceDataDisk, InstanceDataDiskOutput](o, i)
}

// InstanceCpuOptions is the plain value of the CPU options of an ECS instance. Its fields are not part of this subset.
type InstanceCpuOptions struct {
}

// InstanceCpuOptionsOutput is an output of a InstanceCpuOptions.
type InstanceCpuOptionsOutput struct{ *pulumi.OutputState }

// ElementType returns the type of InstanceCpuOptions.
func (InstanceCpuOptionsOutput) ElementType() reflect.Type {
	return reflect.TypeFor[InstanceCpuOptions]()
}

// ToInstanceCpuOptionsOutput returns o.
func (o InstanceCpuOptionsOutput) ToInstanceCpuOptionsOutput() InstanceCpuOptionsOutput { return o }

// ToInstanceCpuOptionsOutputWithContext returns o.
func (o InstanceCpuOptionsOutput) ToInstanceCpuOptionsOutputWithContext(context.Context) InstanceCpuOptionsOutput {
	return o
}

// InstanceCpuOptionsInput is an input that resolves to a InstanceCpuOptions: a InstanceCpuOptionsArgs or a InstanceCpuOptionsOutput.
type InstanceCpuOptionsInput interface {
	pulumi.Input

	ToInstanceCpuOptionsOutput() InstanceCpuOptionsOutput
	ToInstanceCpuOptionsOutputWithContext(context.Context) InstanceCpuOptionsOutput
}

// InstanceCpuOptionsArgs is the input form of InstanceCpuOptions; its fields map to the same properties.
type InstanceCpuOptionsArgs struct {
}

// ElementType returns the type of InstanceCpuOptions.
func (InstanceCpuOptionsArgs) ElementType() reflect.Type {
	return reflect.TypeFor[InstanceCpuOptions]()
}

// ToInstanceCpuOptionsOutput converts the args into an output.
func (i InstanceCpuOptionsArgs) ToInstanceCpuOptionsOutput() InstanceCpuOptionsOutput {
	return i.ToInstanceCpuOptionsOutputWithContext(context.Background())
}

// ToInstanceCpuOptionsOutputWithContext converts the args into an output.
func (i InstanceCpuOptionsArgs) ToInstanceCpuOptionsOutputWithContext(ctx context.Context) InstanceCpuOptionsOutput {
	return internal.ToOutput[InstanceCpuOptionsOutput](ctx, i)
}

// ToInstanceCpuOptionsPtrOutput converts the args into an output of a pointer.
func (i InstanceCpuOptionsArgs) ToInstanceCpuOptionsPtrOutput() InstanceCpuOptionsPtrOutput {
	return i.ToInstanceCpuOptionsPtrOutputWithContext(context.Background())
}

// ToInstanceCpuOptionsPtrOutputWithContext converts the args into an output of a pointer.
func (i InstanceCpuOptionsArgs) ToInstanceCpuOptionsPtrOutputWithContext(ctx context.Context) InstanceCpuOptionsPtrOutput {
	return i.ToInstanceCpuOptionsOutputWithContext(ctx).ToInstanceCpuOptionsPtrOutputWithContext(ctx)
}

// ToInstanceCpuOptionsPtrOutput converts o into an output of a pointer.
func (o InstanceCpuOptionsOutput) ToInstanceCpuOptionsPtrOutput() InstanceCpuOptionsPtrOutput {
	return o.ToInstanceCpuOptionsPtrOutputWithContext(context.Background())
}

// ToInstanceCpuOptionsPtrOutputWithContext converts o into an output of a pointer.
func (o InstanceCpuOptionsOutput) ToInstanceCpuOptionsPtrOutputWithContext(ctx context.Context) InstanceCpuOptionsPtrOutput {
	return internal.ToPtrOutput[InstanceCpuOptions, InstanceCpuOptionsPtrOutput](ctx, o)
}

// InstanceCpuOptionsPtrInput is an input that resolves to a *InstanceCpuOptions: a InstanceCpuOptionsArgs, InstanceCpuOptionsPtr(...) or InstanceCpuOptionsPtrOutput.
type InstanceCpuOptionsPtrInput interface {
	pulumi.Input

	ToInstanceCpuOptionsPtrOutput() InstanceCpuOptionsPtrOutput
	ToInstanceCpuOptionsPtrOutputWithContext(context.Context) InstanceCpuOptionsPtrOutput
}

// InstanceCpuOptionsPtr returns v as a pointer input; a nil v gives a nil input, leaving the property unset.
// The args value itself is returned, since it already resolves to a *InstanceCpuOptions.
func InstanceCpuOptionsPtr(v *InstanceCpuOptionsArgs) InstanceCpuOptionsPtrInput {
	if v == nil {
		return nil
	}
	return *v
}

// InstanceCpuOptionsPtrOutput is an output of a *InstanceCpuOptions.
type InstanceCpuOptionsPtrOutput struct{ *pulumi.OutputState }

// ElementType returns the type of *InstanceCpuOptions.
func (InstanceCpuOptionsPtrOutput) ElementType() reflect.Type {
	return reflect.TypeFor[*InstanceCpuOptions]()
}

// ToInstanceCpuOptionsPtrOutput returns o.
func (o InstanceCpuOptionsPtrOutput) ToInstanceCpuOptionsPtrOutput() InstanceCpuOptionsPtrOutput {
	return o
}

// ToInstanceCpuOptionsPtrOutputWithContext returns o.
func (o InstanceCpuOptionsPtrOutput) ToInstanceCpuOptionsPtrOutputWithContext(context.Context) InstanceCpuOptionsPtrOutput {
	return o
}

// Elem dereferences the pointer; a nil pointer gives the zero InstanceCpuOptions.
func (o InstanceCpuOptionsPtrOutput) Elem() InstanceCpuOptionsOutput {
	return internal.Elem[InstanceCpuOptions, InstanceCpuOptionsOutput](o)
}

// InstanceImageOptions is the plain value of the image options of an ECS instance. Its fields are not part of this subset.
type InstanceImageOptions struct {
}

// InstanceImageOptionsOutput is an output of a InstanceImageOptions.
type InstanceImageOptionsOutput struct{ *pulumi.OutputState }

// ElementType returns the type of InstanceImageOptions.
func (InstanceImageOptionsOutput) ElementType() reflect.Type {
	return reflect.TypeFor[InstanceImageOptions]()
}

// ToInstanceImageOptionsOutput returns o.
func (o InstanceImageOptionsOutput) ToInstanceImageOptionsOutput() InstanceImageOptionsOutput {
	return o
}

// ToInstanceImageOptionsOutputWithContext returns o.
func (o InstanceImageOptionsOutput) ToInstanceImageOptionsOutputWithContext(context.Context) InstanceImageOptionsOutput {
	return o
}

// InstanceImageOptionsInput is an input that resolves to a InstanceImageOptions: a InstanceImageOptionsArgs or a InstanceImageOptionsOutput.
type InstanceImageOptionsInput interface {
	pulumi.Input

	ToInstanceImageOptionsOutput() InstanceImageOptionsOutput
	ToInstanceImageOptionsOutputWithContext(context.Context) InstanceImageOptionsOutput
}

// InstanceImageOptionsArgs is the input form of InstanceImageOptions; its fields map to the same properties.
type InstanceImageOptionsArgs struct {
}

// ElementType returns the type of InstanceImageOptions.
func (InstanceImageOptionsArgs) ElementType() reflect.Type {
	return reflect.TypeFor[InstanceImageOptions]()
}

// ToInstanceImageOptionsOutput converts the args into an output.
func (i InstanceImageOptionsArgs) ToInstanceImageOptionsOutput() InstanceImageOptionsOutput {
	return i.ToInstanceImageOptionsOutputWithContext(context.Background())
}

// ToInstanceImageOptionsOutputWithContext converts the args into an output.
func (i InstanceImageOptionsArgs) ToInstanceImageOptionsOutputWithContext(ctx context.Context) InstanceImageOptionsOutput {
	return internal.ToOutput[InstanceImageOptionsOutput](ctx, i)
}

// ToInstanceImageOptionsPtrOutput converts the args into an output of a pointer.
func (i InstanceImageOptionsArgs) ToInstanceImageOptionsPtrOutput() InstanceImageOptionsPtrOutput {
	return i.ToInstanceImageOptionsPtrOutputWithContext(context.Background())
}

// ToInstanceImageOptionsPtrOutputWithContext converts the args into an output of a pointer.
func (i InstanceImageOptionsArgs) ToInstanceImageOptionsPtrOutputWithContext(ctx context.Context) InstanceImageOptionsPtrOutput {
	return i.ToInstanceImageOptionsOutputWithContext(ctx).ToInstanceImageOptionsPtrOutputWithContext(ctx)
}

// ToInstanceImageOptionsPtrOutput converts o into an output of a pointer.
func (o InstanceImageOptionsOutput) ToInstanceImageOptionsPtrOutput() InstanceImageOptionsPtrOutput {
	return o.ToInstanceImageOptionsPtrOutputWithContext(context.Background())
}

// ToInstanceImageOptionsPtrOutputWithContext converts o into an output of a pointer.
func (o InstanceImageOptionsOutput) ToInstanceImageOptionsPtrOutputWithContext(ctx context.Context) InstanceImageOptionsPtrOutput {
	return internal.ToPtrOutput[InstanceImageOptions, InstanceImageOptionsPtrOutput](ctx, o)
}

// InstanceImageOptionsPtrInput is an input that resolves to a *InstanceImageOptions: a InstanceImageOptionsArgs, InstanceImageOptionsPtr(...) or InstanceImageOptionsPtrOutput.
type InstanceImageOptionsPtrInput interface {
	pulumi.Input

	ToInstanceImageOptionsPtrOutput() InstanceImageOptionsPtrOutput
	ToInstanceImageOptionsPtrOutputWithContext(context.Context) InstanceImageOptionsPtrOutput
}

// InstanceImageOptionsPtr returns v as a pointer input; a nil v gives a nil input, leaving the property unset.
// The args value itself is returned, since it already resolves to a *InstanceImageOptions.
func InstanceImageOptionsPtr(v *InstanceImageOptionsArgs) InstanceImageOptionsPtrInput {
	if v == nil {
		return nil
	}
	return *v
}

// InstanceImageOptionsPtrOutput is an output of a *InstanceImageOptions.
type InstanceImageOptionsPtrOutput struct{ *pulumi.OutputState }

// ElementType returns the type of *InstanceImageOptions.
func (InstanceImageOptionsPtrOutput) ElementType() reflect.Type {
	return reflect.TypeFor[*InstanceImageOptions]()
}

// ToInstanceImageOptionsPtrOutput returns o.
func (o InstanceImageOptionsPtrOutput) ToInstanceImageOptionsPtrOutput() InstanceImageOptionsPtrOutput {
	return o
}

// ToInstanceImageOptionsPtrOutputWithContext returns o.
func (o InstanceImageOptionsPtrOutput) ToInstanceImageOptionsPtrOutputWithContext(context.Context) InstanceImageOptionsPtrOutput {
	return o
}

// Elem dereferences the pointer; a nil pointer gives the zero InstanceImageOptions.
func (o InstanceImageOptionsPtrOutput) Elem() InstanceImageOptionsOutput {
	return internal.Elem[InstanceImageOptions, InstanceImageOptionsOutput](o)
}

// InstanceMaintenanceTime is the plain value of the maintenance window of an ECS instance.
type InstanceMaintenanceTime struct {
	EndTime   *string `pulumi:"endTime"`
	StartTime *string `pulumi:"startTime"`
}

// InstanceMaintenanceTimeOutput is an output of a InstanceMaintenanceTime.
type InstanceMaintenanceTimeOutput struct{ *pulumi.OutputState }

// ElementType returns the type of InstanceMaintenanceTime.
func (InstanceMaintenanceTimeOutput) ElementType() reflect.Type {
	return reflect.TypeFor[InstanceMaintenanceTime]()
}

// ToInstanceMaintenanceTimeOutput returns o.
func (o InstanceMaintenanceTimeOutput) ToInstanceMaintenanceTimeOutput() InstanceMaintenanceTimeOutput {
	return o
}

// ToInstanceMaintenanceTimeOutputWithContext returns o.
func (o InstanceMaintenanceTimeOutput) ToInstanceMaintenanceTimeOutputWithContext(context.Context) InstanceMaintenanceTimeOutput {
	return o
}

// InstanceMaintenanceTimeInput is an input that resolves to a InstanceMaintenanceTime: a InstanceMaintenanceTimeArgs or a InstanceMaintenanceTimeOutput.
type InstanceMaintenanceTimeInput interface {
	pulumi.Input

	ToInstanceMaintenanceTimeOutput() InstanceMaintenanceTimeOutput
	ToInstanceMaintenanceTimeOutputWithContext(context.Context) InstanceMaintenanceTimeOutput
}

// InstanceMaintenanceTimeArgs is the input form of InstanceMaintenanceTime; its fields map to the same properties.
type InstanceMaintenanceTimeArgs struct {
	EndTime   pulumi.StringPtrInput `pulumi:"endTime"`
	StartTime pulumi.StringPtrInput `pulumi:"startTime"`
}

// ElementType returns the type of InstanceMaintenanceTime.
func (InstanceMaintenanceTimeArgs) ElementType() reflect.Type {
	return reflect.TypeFor[InstanceMaintenanceTime]()
}

// ToInstanceMaintenanceTimeOutput converts the args into an output.
func (i InstanceMaintenanceTimeArgs) ToInstanceMaintenanceTimeOutput() InstanceMaintenanceTimeOutput {
	return i.ToInstanceMaintenanceTimeOutputWithContext(context.Background())
}

// ToInstanceMaintenanceTimeOutputWithContext converts the args into an output.
func (i InstanceMaintenanceTimeArgs) ToInstanceMaintenanceTimeOutputWithContext(ctx context.Context) InstanceMaintenanceTimeOutput {
	return internal.ToOutput[InstanceMaintenanceTimeOutput](ctx, i)
}

// ToInstanceMaintenanceTimePtrOutput converts the args into an output of a pointer.
func (i InstanceMaintenanceTimeArgs) ToInstanceMaintenanceTimePtrOutput() InstanceMaintenanceTimePtrOutput {
	return i.ToInstanceMaintenanceTimePtrOutputWithContext(context.Background())
}

// ToInstanceMaintenanceTimePtrOutputWithContext converts the args into an output of a pointer.
func (i InstanceMaintenanceTimeArgs) ToInstanceMaintenanceTimePtrOutputWithContext(ctx context.Context) InstanceMaintenanceTimePtrOutput {
	return i.ToInstanceMaintenanceTimeOutputWithContext(ctx).ToInstanceMaintenanceTimePtrOutputWithContext(ctx)
}

// ToInstanceMaintenanceTimePtrOutput converts o into an output of a pointer.
func (o InstanceMaintenanceTimeOutput) ToInstanceMaintenanceTimePtrOutput() InstanceMaintenanceTimePtrOutput {
	return o.ToInstanceMaintenanceTimePtrOutputWithContext(context.Background())
}

// ToInstanceMaintenanceTimePtrOutputWithContext converts o into an output of a pointer.
func (o InstanceMaintenanceTimeOutput) ToInstanceMaintenanceTimePtrOutputWithContext(ctx context.Context) InstanceMaintenanceTimePtrOutput {
	return internal.ToPtrOutput[InstanceMaintenanceTime, InstanceMaintenanceTimePtrOutput](ctx, o)
}

// InstanceMaintenanceTimePtrInput is an input that resolves to a *InstanceMaintenanceTime: a InstanceMaintenanceTimeArgs, InstanceMaintenanceTimePtr(...) or InstanceMaintenanceTimePtrOutput.
type InstanceMaintenanceTimePtrInput interface {
	pulumi.Input

	ToInstanceMaintenanceTimePtrOutput() InstanceMaintenanceTimePtrOutput
	ToInstanceMaintenanceTimePtrOutputWithContext(context.Context) InstanceMaintenanceTimePtrOutput
}

// InstanceMaintenanceTimePtr returns v as a pointer input; a nil v gives a nil input, leaving the property unset.
// The args value itself is returned, since it already resolves to a *InstanceMaintenanceTime.
func InstanceMaintenanceTimePtr(v *InstanceMaintenanceTimeArgs) InstanceMaintenanceTimePtrInput {
	if v == nil {
		return nil
	}
	return *v
}

// InstanceMaintenanceTimePtrOutput is an output of a *InstanceMaintenanceTime.
type InstanceMaintenanceTimePtrOutput struct{ *pulumi.OutputState }

// ElementType returns the type of *InstanceMaintenanceTime.
func (InstanceMaintenanceTimePtrOutput) ElementType() reflect.Type {
	return reflect.TypeFor[*InstanceMaintenanceTime]()
}

// ToInstanceMaintenanceTimePtrOutput returns o.
func (o InstanceMaintenanceTimePtrOutput) ToInstanceMaintenanceTimePtrOutput() InstanceMaintenanceTimePtrOutput {
	return o
}

// ToInstanceMaintenanceTimePtrOutputWithContext returns o.
func (o InstanceMaintenanceTimePtrOutput) ToInstanceMaintenanceTimePtrOutputWithContext(context.Context) InstanceMaintenanceTimePtrOutput {
	return o
}

// Elem dereferences the pointer; a nil pointer gives the zero InstanceMaintenanceTime.
func (o InstanceMaintenanceTimePtrOutput) Elem() InstanceMaintenanceTimeOutput {
	return internal.Elem[InstanceMaintenanceTime, InstanceMaintenanceTimeOutput](o)
}

// InstanceNetworkInterfaces is the plain value of the secondary network interface of an ECS instance.
type InstanceNetworkInterfaces struct {
	NetworkInterfaceId          *string  `pulumi:"networkInterfaceId"`
	NetworkInterfaceTrafficMode *string  `pulumi:"networkInterfaceTrafficMode"`
	SecurityGroupIds            []string `pulumi:"securityGroupIds"`
	VswitchId                   *string  `pulumi:"vswitchId"`
}

// InstanceNetworkInterfacesOutput is an output of a InstanceNetworkInterfaces.
type InstanceNetworkInterfacesOutput struct{ *pulumi.OutputState }

// ElementType returns the type of InstanceNetworkInterfaces.
func (InstanceNetworkInterfacesOutput) ElementType() reflect.Type {
	return reflect.TypeFor[InstanceNetworkInterfaces]()
}

// ToInstanceNetworkInterfacesOutput returns o.
func (o InstanceNetworkInterfacesOutput) ToInstanceNetworkInterfacesOutput() InstanceNetworkInterfacesOutput {
	return o
}

// ToInstanceNetworkInterfacesOutputWithContext returns o.
func (o InstanceNetworkInterfacesOutput) ToInstanceNetworkInterfacesOutputWithContext(context.Context) InstanceNetworkInterfacesOutput {
	return o
}

// InstanceNetworkInterfacesInput is an input that resolves to a InstanceNetworkInterfaces: a InstanceNetworkInterfacesArgs or a InstanceNetworkInterfacesOutput.
type InstanceNetworkInterfacesInput interface {
	pulumi.Input

	ToInstanceNetworkInterfacesOutput() InstanceNetworkInterfacesOutput
	ToInstanceNetworkInterfacesOutputWithContext(context.Context) InstanceNetworkInterfacesOutput
}

// InstanceNetworkInterfacesArgs is the input form of InstanceNetworkInterfaces; its fields map to the same properties.
type InstanceNetworkInterfacesArgs struct {
	NetworkInterfaceId          pulumi.StringPtrInput   `pulumi:"networkInterfaceId"`
	NetworkInterfaceTrafficMode pulumi.StringPtrInput   `pulumi:"networkInterfaceTrafficMode"`
	SecurityGroupIds            pulumi.StringArrayInput `pulumi:"securityGroupIds"`
	VswitchId                   pulumi.StringPtrInput   `pulumi:"vswitchId"`
}

// ElementType returns the type of InstanceNetworkInterfaces.
func (InstanceNetworkInterfacesArgs) ElementType() reflect.Type {
	return reflect.TypeFor[InstanceNetworkInterfaces]()
}

// ToInstanceNetworkInterfacesOutput converts the args into an output.
func (i InstanceNetworkInterfacesArgs) ToInstanceNetworkInterfacesOutput() InstanceNetworkInterfacesOutput {
	return i.ToInstanceNetworkInterfacesOutputWithContext(context.Background())
}

// ToInstanceNetworkInterfacesOutputWithContext converts the args into an output.
func (i InstanceNetworkInterfacesArgs) ToInstanceNetworkInterfacesOutputWithContext(ctx context.Context) InstanceNetworkInterfacesOutput {
	return internal.ToOutput[InstanceNetworkInterfacesOutput](ctx, i)
}

// ToInstanceNetworkInterfacesPtrOutput converts the args into an output of a pointer.
func (i InstanceNetworkInterfacesArgs) ToInstanceNetworkInterfacesPtrOutput() InstanceNetworkInterfacesPtrOutput {
	return i.ToInstanceNetworkInterfacesPtrOutputWithContext(context.Background())
}

// ToInstanceNetworkInterfacesPtrOutputWithContext converts the args into an output of a pointer.
func (i InstanceNetworkInterfacesArgs) ToInstanceNetworkInterfacesPtrOutputWithContext(ctx context.Context) InstanceNetworkInterfacesPtrOutput {
	return i.ToInstanceNetworkInterfacesOutputWithContext(ctx).ToInstanceNetworkInterfacesPtrOutputWithContext(ctx)
}

// ToInstanceNetworkInterfacesPtrOutput converts o into an output of a pointer.
func (o InstanceNetworkInterfacesOutput) ToInstanceNetworkInterfacesPtrOutput() InstanceNetworkInterfacesPtrOutput {
	return o.ToInstanceNetworkInterfacesPtrOutputWithContext(context.Background())
}

// ToInstanceNetworkInterfacesPtrOutputWithContext converts o into an output of a pointer.
func (o InstanceNetworkInterfacesOutput) ToInstanceNetworkInterfacesPtrOutputWithContext(ctx context.Context) InstanceNetworkInterfacesPtrOutput {
	return internal.ToPtrOutput[InstanceNetworkInterfaces, InstanceNetworkInterfacesPtrOutput](ctx, o)
}

// InstanceNetworkInterfacesPtrInput is an input that resolves to a *InstanceNetworkInterfaces: a InstanceNetworkInterfacesArgs, InstanceNetworkInterfacesPtr(...) or InstanceNetworkInterfacesPtrOutput.
type InstanceNetworkInterfacesPtrInput interface {
	pulumi.Input

	ToInstanceNetworkInterfacesPtrOutput() InstanceNetworkInterfacesPtrOutput
	ToInstanceNetworkInterfacesPtrOutputWithContext(context.Context) InstanceNetworkInterfacesPtrOutput
}

// InstanceNetworkInterfacesPtr returns v as a pointer input; a nil v gives a nil input, leaving the property unset.
// The args value itself is returned, since it already resolves to a *InstanceNetworkInterfaces.
func InstanceNetworkInterfacesPtr(v *InstanceNetworkInterfacesArgs) InstanceNetworkInterfacesPtrInput {
	if v == nil {
		return nil
	}
	return *v
}

// InstanceNetworkInterfacesPtrOutput is an output of a *InstanceNetworkInterfaces.
type InstanceNetworkInterfacesPtrOutput struct{ *pulumi.OutputState }

// ElementType returns the type of *InstanceNetworkInterfaces.
func (InstanceNetworkInterfacesPtrOutput) ElementType() reflect.Type {
	return reflect.TypeFor[*InstanceNetworkInterfaces]()
}

// ToInstanceNetworkInterfacesPtrOutput returns o.
func (o InstanceNetworkInterfacesPtrOutput) ToInstanceNetworkInterfacesPtrOutput() InstanceNetworkInterfacesPtrOutput {
	return o
}

// ToInstanceNetworkInterfacesPtrOutputWithContext returns o.
func (o InstanceNetworkInterfacesPtrOutput) ToInstanceNetworkInterfacesPtrOutputWithContext(context.Context) InstanceNetworkInterfacesPtrOutput {
	return o
}

// Elem dereferences the pointer; a nil pointer gives the zero InstanceNetworkInterfaces.
func (o InstanceNetworkInterfacesPtrOutput) Elem() InstanceNetworkInterfacesOutput {
	return internal.Elem[InstanceNetworkInterfaces, InstanceNetworkInterfacesOutput](o)
}

func init() {
	pulumi.RegisterInputType(reflect.TypeFor[InstanceDataDiskInput](), InstanceDataDiskArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[InstanceDataDiskArrayInput](), InstanceDataDiskArray{})
	pulumi.RegisterInputType(reflect.TypeFor[InstanceCpuOptionsInput](), InstanceCpuOptionsArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[InstanceCpuOptionsPtrInput](), InstanceCpuOptionsArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[InstanceImageOptionsInput](), InstanceImageOptionsArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[InstanceImageOptionsPtrInput](), InstanceImageOptionsArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[InstanceMaintenanceTimeInput](), InstanceMaintenanceTimeArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[InstanceMaintenanceTimePtrInput](), InstanceMaintenanceTimeArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[InstanceNetworkInterfacesInput](), InstanceNetworkInterfacesArgs{})
	pulumi.RegisterInputType(reflect.TypeFor[InstanceNetworkInterfacesPtrInput](), InstanceNetworkInterfacesArgs{})
	pulumi.RegisterOutputType(InstanceDataDiskOutput{})
	pulumi.RegisterOutputType(InstanceDataDiskArrayOutput{})
	pulumi.RegisterOutputType(InstanceCpuOptionsOutput{})
	pulumi.RegisterOutputType(InstanceCpuOptionsPtrOutput{})
	pulumi.RegisterOutputType(InstanceImageOptionsOutput{})
	pulumi.RegisterOutputType(InstanceImageOptionsPtrOutput{})
	pulumi.RegisterOutputType(InstanceMaintenanceTimeOutput{})
	pulumi.RegisterOutputType(InstanceMaintenanceTimePtrOutput{})
	pulumi.RegisterOutputType(InstanceNetworkInterfacesOutput{})
	pulumi.RegisterOutputType(InstanceNetworkInterfacesPtrOutput{})
}
