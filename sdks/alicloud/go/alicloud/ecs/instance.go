package ecs

import (
	"reflect"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Instance is an ECS virtual machine.
// Its fields are the provider's output properties, named by their pulumi tags.
type Instance struct {
	pulumi.CustomResourceState

	AllocatePublicIp                pulumi.BoolPtrOutput             `pulumi:"allocatePublicIp"`
	AutoReleaseTime                 pulumi.StringPtrOutput           `pulumi:"autoReleaseTime"`
	AutoRenewPeriod                 pulumi.IntPtrOutput              `pulumi:"autoRenewPeriod"`
	AvailabilityZone                pulumi.StringOutput              `pulumi:"availabilityZone"`
	Cpu                             pulumi.IntOutput                 `pulumi:"cpu"`
	CpuOptions                      InstanceCpuOptionsOutput         `pulumi:"cpuOptions"`
	CreateTime                      pulumi.StringOutput              `pulumi:"createTime"`
	CreditSpecification             pulumi.StringOutput              `pulumi:"creditSpecification"`
	DataDisks                       InstanceDataDiskArrayOutput      `pulumi:"dataDisks"`
	DedicatedHostId                 pulumi.StringPtrOutput           `pulumi:"dedicatedHostId"`
	DeletionProtection              pulumi.BoolPtrOutput             `pulumi:"deletionProtection"`
	DeploymentSetGroupNo            pulumi.StringOutput              `pulumi:"deploymentSetGroupNo"`
	DeploymentSetId                 pulumi.StringPtrOutput           `pulumi:"deploymentSetId"`
	Description                     pulumi.StringOutput              `pulumi:"description"`
	DryRun                          pulumi.BoolPtrOutput             `pulumi:"dryRun"`
	EnableHighDensityMode           pulumi.BoolPtrOutput             `pulumi:"enableHighDensityMode"`
	EnableJumboFrame                pulumi.BoolOutput                `pulumi:"enableJumboFrame"`
	ExpiredTime                     pulumi.StringOutput              `pulumi:"expiredTime"`
	ForceDelete                     pulumi.BoolPtrOutput             `pulumi:"forceDelete"`
	HostName                        pulumi.StringOutput              `pulumi:"hostName"`
	HpcClusterId                    pulumi.StringPtrOutput           `pulumi:"hpcClusterId"`
	HttpEndpoint                    pulumi.StringOutput              `pulumi:"httpEndpoint"`
	HttpPutResponseHopLimit         pulumi.IntOutput                 `pulumi:"httpPutResponseHopLimit"`
	HttpTokens                      pulumi.StringOutput              `pulumi:"httpTokens"`
	ImageId                         pulumi.StringOutput              `pulumi:"imageId"`
	ImageOptions                    InstanceImageOptionsOutput       `pulumi:"imageOptions"`
	IncludeDataDisks                pulumi.BoolPtrOutput             `pulumi:"includeDataDisks"`
	InstanceChargeType              pulumi.StringOutput              `pulumi:"instanceChargeType"`
	InstanceName                    pulumi.StringOutput              `pulumi:"instanceName"`
	InstanceType                    pulumi.StringOutput              `pulumi:"instanceType"`
	InternetChargeType              pulumi.StringOutput              `pulumi:"internetChargeType"`
	InternetMaxBandwidthIn          pulumi.IntOutput                 `pulumi:"internetMaxBandwidthIn"`
	InternetMaxBandwidthOut         pulumi.IntOutput                 `pulumi:"internetMaxBandwidthOut"`
	Ipv6AddressCount                pulumi.IntOutput                 `pulumi:"ipv6AddressCount"`
	Ipv6Addresses                   pulumi.StringArrayOutput         `pulumi:"ipv6Addresses"`
	IsOutdated                      pulumi.BoolPtrOutput             `pulumi:"isOutdated"`
	KeyName                         pulumi.StringOutput              `pulumi:"keyName"`
	KmsEncryptedPassword            pulumi.StringPtrOutput           `pulumi:"kmsEncryptedPassword"`
	KmsEncryptionContext            pulumi.StringMapOutput           `pulumi:"kmsEncryptionContext"`
	LaunchTemplateId                pulumi.StringPtrOutput           `pulumi:"launchTemplateId"`
	LaunchTemplateName              pulumi.StringPtrOutput           `pulumi:"launchTemplateName"`
	LaunchTemplateVersion           pulumi.StringPtrOutput           `pulumi:"launchTemplateVersion"`
	MaintenanceAction               pulumi.StringOutput              `pulumi:"maintenanceAction"`
	MaintenanceNotify               pulumi.BoolPtrOutput             `pulumi:"maintenanceNotify"`
	MaintenanceTime                 InstanceMaintenanceTimePtrOutput `pulumi:"maintenanceTime"`
	Memory                          pulumi.IntOutput                 `pulumi:"memory"`
	NetworkCardIndex                pulumi.IntOutput                 `pulumi:"networkCardIndex"`
	NetworkInterfaceId              pulumi.StringOutput              `pulumi:"networkInterfaceId"`
	NetworkInterfaceTrafficMode     pulumi.StringOutput              `pulumi:"networkInterfaceTrafficMode"`
	NetworkInterfaces               InstanceNetworkInterfacesOutput  `pulumi:"networkInterfaces"`
	OperatorType                    pulumi.StringPtrOutput           `pulumi:"operatorType"`
	OsName                          pulumi.StringOutput              `pulumi:"osName"`
	OsType                          pulumi.StringOutput              `pulumi:"osType"`
	Password                        pulumi.StringPtrOutput           `pulumi:"password"`
	PasswordInherit                 pulumi.BoolPtrOutput             `pulumi:"passwordInherit"`
	Period                          pulumi.IntOutput                 `pulumi:"period"`
	PeriodUnit                      pulumi.StringPtrOutput           `pulumi:"periodUnit"`
	PrimaryIpAddress                pulumi.StringOutput              `pulumi:"primaryIpAddress"`
	PrivateIp                       pulumi.StringOutput              `pulumi:"privateIp"`
	PrivatePoolOptionsId            pulumi.StringOutput              `pulumi:"privatePoolOptionsId"`
	PrivatePoolOptionsMatchCriteria pulumi.StringOutput              `pulumi:"privatePoolOptionsMatchCriteria"`
	PublicIp                        pulumi.StringOutput              `pulumi:"publicIp"`
	QueuePairNumber                 pulumi.IntOutput                 `pulumi:"queuePairNumber"`
	RenewalStatus                   pulumi.StringPtrOutput           `pulumi:"renewalStatus"`
	ResourceGroupId                 pulumi.StringOutput              `pulumi:"resourceGroupId"`
	RoleName                        pulumi.StringOutput              `pulumi:"roleName"`
	SecondaryPrivateIpAddressCount  pulumi.IntOutput                 `pulumi:"secondaryPrivateIpAddressCount"`
	SecondaryPrivateIps             pulumi.StringArrayOutput         `pulumi:"secondaryPrivateIps"`
	SecurityEnhancementStrategy     pulumi.StringOutput              `pulumi:"securityEnhancementStrategy"`
	SecurityGroups                  pulumi.StringArrayOutput         `pulumi:"securityGroups"`
	SourceDestCheck                 pulumi.BoolOutput                `pulumi:"sourceDestCheck"`
	SpotDuration                    pulumi.IntOutput                 `pulumi:"spotDuration"`
	SpotInterruptionBehavior        pulumi.StringOutput              `pulumi:"spotInterruptionBehavior"`
	SpotPriceLimit                  pulumi.Float64Output             `pulumi:"spotPriceLimit"`
	SpotStrategy                    pulumi.StringOutput              `pulumi:"spotStrategy"`
	StartTime                       pulumi.StringOutput              `pulumi:"startTime"`
	Status                          pulumi.StringOutput              `pulumi:"status"`
	StoppedMode                     pulumi.StringOutput              `pulumi:"stoppedMode"`
	SystemDiskAutoSnapshotPolicyId  pulumi.StringOutput              `pulumi:"systemDiskAutoSnapshotPolicyId"`
	SystemDiskBurstingEnabled       pulumi.BoolPtrOutput             `pulumi:"systemDiskBurstingEnabled"`
	SystemDiskCategory              pulumi.StringOutput              `pulumi:"systemDiskCategory"`
	SystemDiskDescription           pulumi.StringOutput              `pulumi:"systemDiskDescription"`
	SystemDiskEncryptAlgorithm      pulumi.StringPtrOutput           `pulumi:"systemDiskEncryptAlgorithm"`
	SystemDiskEncrypted             pulumi.BoolOutput                `pulumi:"systemDiskEncrypted"`
	SystemDiskId                    pulumi.StringOutput              `pulumi:"systemDiskId"`
	SystemDiskKmsKeyId              pulumi.StringOutput              `pulumi:"systemDiskKmsKeyId"`
	SystemDiskName                  pulumi.StringOutput              `pulumi:"systemDiskName"`
	SystemDiskPerformanceLevel      pulumi.StringOutput              `pulumi:"systemDiskPerformanceLevel"`
	SystemDiskProvisionedIops       pulumi.IntPtrOutput              `pulumi:"systemDiskProvisionedIops"`
	SystemDiskSize                  pulumi.IntOutput                 `pulumi:"systemDiskSize"`
	SystemDiskStorageClusterId      pulumi.StringPtrOutput           `pulumi:"systemDiskStorageClusterId"`
	Tags                            pulumi.StringMapOutput           `pulumi:"tags"`
	UserData                        pulumi.StringPtrOutput           `pulumi:"userData"`
	VolumeTags                      pulumi.StringMapOutput           `pulumi:"volumeTags"`
	VpcId                           pulumi.StringOutput              `pulumi:"vpcId"`
	VswitchId                       pulumi.StringOutput              `pulumi:"vswitchId"`
}

// NewInstance registers a Instance named name with the given arguments.
func NewInstance(ctx *pulumi.Context,
	name string, args *InstanceArgs, opts ...pulumi.ResourceOption) (*Instance, error) {
	if args == nil {
		args = &InstanceArgs{}
	}
	if args.Password != nil {
		secret := *args
		secret.Password = pulumi.ToSecret(args.Password).(pulumi.StringPtrInput)
		args = &secret
	}
	opts = append(opts, pulumi.AdditionalSecretOutputs([]string{"password"}))
	return internal.NewResource[Instance](ctx, "alicloud:ecs/instance:Instance", name, args, opts)
}

// instanceArgs is the plain form of InstanceArgs that the engine receives.
type instanceArgs struct {
	AutoReleaseTime                 *string                    `pulumi:"autoReleaseTime"`
	AutoRenewPeriod                 *int                       `pulumi:"autoRenewPeriod"`
	AvailabilityZone                *string                    `pulumi:"availabilityZone"`
	CpuOptions                      *InstanceCpuOptions        `pulumi:"cpuOptions"`
	CreditSpecification             *string                    `pulumi:"creditSpecification"`
	DataDisks                       []InstanceDataDisk         `pulumi:"dataDisks"`
	DedicatedHostId                 *string                    `pulumi:"dedicatedHostId"`
	DeletionProtection              *bool                      `pulumi:"deletionProtection"`
	DeploymentSetId                 *string                    `pulumi:"deploymentSetId"`
	Description                     *string                    `pulumi:"description"`
	DryRun                          *bool                      `pulumi:"dryRun"`
	EnableHighDensityMode           *bool                      `pulumi:"enableHighDensityMode"`
	EnableJumboFrame                *bool                      `pulumi:"enableJumboFrame"`
	ForceDelete                     *bool                      `pulumi:"forceDelete"`
	HostName                        *string                    `pulumi:"hostName"`
	HpcClusterId                    *string                    `pulumi:"hpcClusterId"`
	HttpEndpoint                    *string                    `pulumi:"httpEndpoint"`
	HttpPutResponseHopLimit         *int                       `pulumi:"httpPutResponseHopLimit"`
	HttpTokens                      *string                    `pulumi:"httpTokens"`
	ImageId                         *string                    `pulumi:"imageId"`
	ImageOptions                    *InstanceImageOptions      `pulumi:"imageOptions"`
	IncludeDataDisks                *bool                      `pulumi:"includeDataDisks"`
	InstanceChargeType              *string                    `pulumi:"instanceChargeType"`
	InstanceName                    *string                    `pulumi:"instanceName"`
	InstanceType                    *string                    `pulumi:"instanceType"`
	InternetChargeType              *string                    `pulumi:"internetChargeType"`
	InternetMaxBandwidthOut         *int                       `pulumi:"internetMaxBandwidthOut"`
	Ipv6AddressCount                *int                       `pulumi:"ipv6AddressCount"`
	Ipv6Addresses                   []string                   `pulumi:"ipv6Addresses"`
	IsOutdated                      *bool                      `pulumi:"isOutdated"`
	KeyName                         *string                    `pulumi:"keyName"`
	KmsEncryptedPassword            *string                    `pulumi:"kmsEncryptedPassword"`
	KmsEncryptionContext            map[string]string          `pulumi:"kmsEncryptionContext"`
	LaunchTemplateId                *string                    `pulumi:"launchTemplateId"`
	LaunchTemplateName              *string                    `pulumi:"launchTemplateName"`
	LaunchTemplateVersion           *string                    `pulumi:"launchTemplateVersion"`
	MaintenanceAction               *string                    `pulumi:"maintenanceAction"`
	MaintenanceNotify               *bool                      `pulumi:"maintenanceNotify"`
	MaintenanceTime                 *InstanceMaintenanceTime   `pulumi:"maintenanceTime"`
	NetworkCardIndex                *int                       `pulumi:"networkCardIndex"`
	NetworkInterfaceId              *string                    `pulumi:"networkInterfaceId"`
	NetworkInterfaceTrafficMode     *string                    `pulumi:"networkInterfaceTrafficMode"`
	NetworkInterfaces               *InstanceNetworkInterfaces `pulumi:"networkInterfaces"`
	OperatorType                    *string                    `pulumi:"operatorType"`
	Password                        *string                    `pulumi:"password"`
	PasswordInherit                 *bool                      `pulumi:"passwordInherit"`
	Period                          *int                       `pulumi:"period"`
	PeriodUnit                      *string                    `pulumi:"periodUnit"`
	PrivateIp                       *string                    `pulumi:"privateIp"`
	PrivatePoolOptionsId            *string                    `pulumi:"privatePoolOptionsId"`
	PrivatePoolOptionsMatchCriteria *string                    `pulumi:"privatePoolOptionsMatchCriteria"`
	QueuePairNumber                 *int                       `pulumi:"queuePairNumber"`
	RenewalStatus                   *string                    `pulumi:"renewalStatus"`
	ResourceGroupId                 *string                    `pulumi:"resourceGroupId"`
	RoleName                        *string                    `pulumi:"roleName"`
	SecondaryPrivateIpAddressCount  *int                       `pulumi:"secondaryPrivateIpAddressCount"`
	SecondaryPrivateIps             []string                   `pulumi:"secondaryPrivateIps"`
	SecurityEnhancementStrategy     *string                    `pulumi:"securityEnhancementStrategy"`
	SecurityGroups                  []string                   `pulumi:"securityGroups"`
	SourceDestCheck                 *bool                      `pulumi:"sourceDestCheck"`
	SpotDuration                    *int                       `pulumi:"spotDuration"`
	SpotInterruptionBehavior        *string                    `pulumi:"spotInterruptionBehavior"`
	SpotPriceLimit                  *float64                   `pulumi:"spotPriceLimit"`
	SpotStrategy                    *string                    `pulumi:"spotStrategy"`
	Status                          *string                    `pulumi:"status"`
	StoppedMode                     *string                    `pulumi:"stoppedMode"`
	SystemDiskAutoSnapshotPolicyId  *string                    `pulumi:"systemDiskAutoSnapshotPolicyId"`
	SystemDiskBurstingEnabled       *bool                      `pulumi:"systemDiskBurstingEnabled"`
	SystemDiskCategory              *string                    `pulumi:"systemDiskCategory"`
	SystemDiskDescription           *string                    `pulumi:"systemDiskDescription"`
	SystemDiskEncryptAlgorithm      *string                    `pulumi:"systemDiskEncryptAlgorithm"`
	SystemDiskEncrypted             *bool                      `pulumi:"systemDiskEncrypted"`
	SystemDiskKmsKeyId              *string                    `pulumi:"systemDiskKmsKeyId"`
	SystemDiskName                  *string                    `pulumi:"systemDiskName"`
	SystemDiskPerformanceLevel      *string                    `pulumi:"systemDiskPerformanceLevel"`
	SystemDiskProvisionedIops       *int                       `pulumi:"systemDiskProvisionedIops"`
	SystemDiskSize                  *int                       `pulumi:"systemDiskSize"`
	SystemDiskStorageClusterId      *string                    `pulumi:"systemDiskStorageClusterId"`
	Tags                            map[string]string          `pulumi:"tags"`
	UserData                        *string                    `pulumi:"userData"`
	VolumeTags                      map[string]string          `pulumi:"volumeTags"`
	VpcId                           *string                    `pulumi:"vpcId"`
	VswitchId                       *string                    `pulumi:"vswitchId"`
}

// InstanceArgs holds the arguments for NewInstance. All arguments are optional.
// Each field is sent as the lowerCamelCase property of the same name.
type InstanceArgs struct {
	AutoReleaseTime                 pulumi.StringPtrInput
	AutoRenewPeriod                 pulumi.IntPtrInput
	AvailabilityZone                pulumi.StringPtrInput
	CpuOptions                      InstanceCpuOptionsPtrInput
	CreditSpecification             pulumi.StringPtrInput
	DataDisks                       InstanceDataDiskArrayInput
	DedicatedHostId                 pulumi.StringPtrInput
	DeletionProtection              pulumi.BoolPtrInput
	DeploymentSetId                 pulumi.StringPtrInput
	Description                     pulumi.StringPtrInput
	DryRun                          pulumi.BoolPtrInput
	EnableHighDensityMode           pulumi.BoolPtrInput
	EnableJumboFrame                pulumi.BoolPtrInput
	ForceDelete                     pulumi.BoolPtrInput
	HostName                        pulumi.StringPtrInput
	HpcClusterId                    pulumi.StringPtrInput
	HttpEndpoint                    pulumi.StringPtrInput
	HttpPutResponseHopLimit         pulumi.IntPtrInput
	HttpTokens                      pulumi.StringPtrInput
	ImageId                         pulumi.StringPtrInput
	ImageOptions                    InstanceImageOptionsPtrInput
	IncludeDataDisks                pulumi.BoolPtrInput
	InstanceChargeType              pulumi.StringPtrInput
	InstanceName                    pulumi.StringPtrInput
	InstanceType                    pulumi.StringPtrInput
	InternetChargeType              pulumi.StringPtrInput
	InternetMaxBandwidthOut         pulumi.IntPtrInput
	Ipv6AddressCount                pulumi.IntPtrInput
	Ipv6Addresses                   pulumi.StringArrayInput
	IsOutdated                      pulumi.BoolPtrInput
	KeyName                         pulumi.StringPtrInput
	KmsEncryptedPassword            pulumi.StringPtrInput
	KmsEncryptionContext            pulumi.StringMapInput
	LaunchTemplateId                pulumi.StringPtrInput
	LaunchTemplateName              pulumi.StringPtrInput
	LaunchTemplateVersion           pulumi.StringPtrInput
	MaintenanceAction               pulumi.StringPtrInput
	MaintenanceNotify               pulumi.BoolPtrInput
	MaintenanceTime                 InstanceMaintenanceTimePtrInput
	NetworkCardIndex                pulumi.IntPtrInput
	NetworkInterfaceId              pulumi.StringPtrInput
	NetworkInterfaceTrafficMode     pulumi.StringPtrInput
	NetworkInterfaces               InstanceNetworkInterfacesPtrInput
	OperatorType                    pulumi.StringPtrInput
	Password                        pulumi.StringPtrInput
	PasswordInherit                 pulumi.BoolPtrInput
	Period                          pulumi.IntPtrInput
	PeriodUnit                      pulumi.StringPtrInput
	PrivateIp                       pulumi.StringPtrInput
	PrivatePoolOptionsId            pulumi.StringPtrInput
	PrivatePoolOptionsMatchCriteria pulumi.StringPtrInput
	QueuePairNumber                 pulumi.IntPtrInput
	RenewalStatus                   pulumi.StringPtrInput
	ResourceGroupId                 pulumi.StringPtrInput
	RoleName                        pulumi.StringPtrInput
	SecondaryPrivateIpAddressCount  pulumi.IntPtrInput
	SecondaryPrivateIps             pulumi.StringArrayInput
	SecurityEnhancementStrategy     pulumi.StringPtrInput
	SecurityGroups                  pulumi.StringArrayInput
	SourceDestCheck                 pulumi.BoolPtrInput
	SpotDuration                    pulumi.IntPtrInput
	SpotInterruptionBehavior        pulumi.StringPtrInput
	SpotPriceLimit                  pulumi.Float64PtrInput
	SpotStrategy                    pulumi.StringPtrInput
	Status                          pulumi.StringPtrInput
	StoppedMode                     pulumi.StringPtrInput
	SystemDiskAutoSnapshotPolicyId  pulumi.StringPtrInput
	SystemDiskBurstingEnabled       pulumi.BoolPtrInput
	SystemDiskCategory              pulumi.StringPtrInput
	SystemDiskDescription           pulumi.StringPtrInput
	SystemDiskEncryptAlgorithm      pulumi.StringPtrInput
	SystemDiskEncrypted             pulumi.BoolPtrInput
	SystemDiskKmsKeyId              pulumi.StringPtrInput
	SystemDiskName                  pulumi.StringPtrInput
	SystemDiskPerformanceLevel      pulumi.StringPtrInput
	SystemDiskProvisionedIops       pulumi.IntPtrInput
	SystemDiskSize                  pulumi.IntPtrInput
	SystemDiskStorageClusterId      pulumi.StringPtrInput
	Tags                            pulumi.StringMapInput
	UserData                        pulumi.StringPtrInput
	VolumeTags                      pulumi.StringMapInput
	VpcId                           pulumi.StringPtrInput
	VswitchId                       pulumi.StringPtrInput
}

// ElementType returns the plain struct type that InstanceArgs resolves to.
func (InstanceArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*instanceArgs)(nil)).Elem()
}
