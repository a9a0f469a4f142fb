package ecs

import (
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GetInstances lists ECS instances (invoke alicloud:ecs/getInstances:getInstances, TF data
// source alicloud_instances), filtered by IDs, tags, zone, VPC, vSwitch, status and so on. No
// match is not an error: Instances and Ids come back empty. Without PageNumber every page is read.
func GetInstances(ctx *pulumi.Context, args *GetInstancesArgs, opts ...pulumi.InvokeOption) (*GetInstancesResult, error) {
	return internal.Invoke[GetInstancesResult](ctx, "alicloud:ecs/getInstances:getInstances", args, opts)
}

// GetInstancesArgs filters the instances GetInstances returns; nil fields do not filter. Tags
// match instances that carry every given tag with the given value.
type GetInstancesArgs struct {
	AvailabilityZone *string           `pulumi:"availabilityZone"`
	EnableDetails    *bool             `pulumi:"enableDetails"`
	Ids              []string          `pulumi:"ids"`
	ImageId          *string           `pulumi:"imageId"`
	InstanceName     *string           `pulumi:"instanceName"`
	NameRegex        *string           `pulumi:"nameRegex"`
	OutputFile       *string           `pulumi:"outputFile"`
	PageNumber       *int              `pulumi:"pageNumber"`
	PageSize         *int              `pulumi:"pageSize"`
	RamRoleName      *string           `pulumi:"ramRoleName"`
	ResourceGroupId  *string           `pulumi:"resourceGroupId"`
	Status           *string           `pulumi:"status"`
	Tags             map[string]string `pulumi:"tags"`
	VpcId            *string           `pulumi:"vpcId"`
	VswitchId        *string           `pulumi:"vswitchId"`
}

// GetInstancesResult is what GetInstances returns: the filters echoed back plus the matching
// instances.
type GetInstancesResult struct {
	AvailabilityZone *string                `pulumi:"availabilityZone"`
	EnableDetails    *bool                  `pulumi:"enableDetails"`
	Id               string                 `pulumi:"id"`
	Ids              []string               `pulumi:"ids"`
	ImageId          *string                `pulumi:"imageId"`
	InstanceName     *string                `pulumi:"instanceName"`
	Instances        []GetInstancesInstance `pulumi:"instances"`
	NameRegex        *string                `pulumi:"nameRegex"`
	Names            []string               `pulumi:"names"`
	OutputFile       *string                `pulumi:"outputFile"`
	PageNumber       *int                   `pulumi:"pageNumber"`
	PageSize         *int                   `pulumi:"pageSize"`
	RamRoleName      *string                `pulumi:"ramRoleName"`
	ResourceGroupId  *string                `pulumi:"resourceGroupId"`
	Status           *string                `pulumi:"status"`
	Tags             map[string]string      `pulumi:"tags"`
	TotalCount       int                    `pulumi:"totalCount"`
	VpcId            *string                `pulumi:"vpcId"`
	VswitchId        *string                `pulumi:"vswitchId"`
}

// GetInstancesInstance describes one instance found by GetInstances: AvailabilityZone is its
// zone ID, PrivateIp its first private address, VswitchId and VpcId its network.
type GetInstancesInstance struct {
	AvailabilityZone        string                                  `pulumi:"availabilityZone"`
	CreationTime            string                                  `pulumi:"creationTime"`
	Description             string                                  `pulumi:"description"`
	DiskDeviceMappings      []GetInstancesInstanceDiskDeviceMapping `pulumi:"diskDeviceMappings"`
	Eip                     string                                  `pulumi:"eip"`
	Id                      string                                  `pulumi:"id"`
	ImageId                 string                                  `pulumi:"imageId"`
	InstanceChargeType      string                                  `pulumi:"instanceChargeType"`
	InstanceType            string                                  `pulumi:"instanceType"`
	InternetChargeType      string                                  `pulumi:"internetChargeType"`
	InternetMaxBandwidthOut int                                     `pulumi:"internetMaxBandwidthOut"`
	KeyName                 string                                  `pulumi:"keyName"`
	Name                    string                                  `pulumi:"name"`
	PrivateIp               string                                  `pulumi:"privateIp"`
	PublicIp                string                                  `pulumi:"publicIp"`
	RamRoleName             string                                  `pulumi:"ramRoleName"`
	RegionId                string                                  `pulumi:"regionId"`
	ResourceGroupId         string                                  `pulumi:"resourceGroupId"`
	SecurityGroups          []string                                `pulumi:"securityGroups"`
	SpotStrategy            string                                  `pulumi:"spotStrategy"`
	Status                  string                                  `pulumi:"status"`
	Tags                    map[string]string                       `pulumi:"tags"`
	VpcId                   string                                  `pulumi:"vpcId"`
	VswitchId               string                                  `pulumi:"vswitchId"`
}

// GetInstancesInstanceDiskDeviceMapping describes one disk of an instance (only with
// EnableDetails, the default).
type GetInstancesInstanceDiskDeviceMapping struct {
	Category string `pulumi:"category"`
	Device   string `pulumi:"device"`
	DiskId   string `pulumi:"diskId"`
	DiskName string `pulumi:"diskName"`
	Size     int    `pulumi:"size"`
	Type     string `pulumi:"type"`
}
