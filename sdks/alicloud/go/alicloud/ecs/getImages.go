package ecs

import (
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GetImages looks up ECS images (invoke alicloud:ecs/getImages:getImages), e.g. the newest
// Alibaba Cloud Linux 3 image with Owners "system", a NameRegex and MostRecent true.
func GetImages(ctx *pulumi.Context, args *GetImagesArgs, opts ...pulumi.InvokeOption) (*GetImagesResult, error) {
	return internal.Invoke[GetImagesResult](ctx, "alicloud:ecs/getImages:getImages", args, opts)
}

// GetImagesArgs filters the images GetImages returns; nil fields do not filter.
type GetImagesArgs struct {
	ActionType           *string           `pulumi:"actionType"`
	Architecture         *string           `pulumi:"architecture"`
	DryRun               *bool             `pulumi:"dryRun"`
	ImageFamily          *string           `pulumi:"imageFamily"`
	ImageId              *string           `pulumi:"imageId"`
	ImageName            *string           `pulumi:"imageName"`
	ImageOwnerId         *string           `pulumi:"imageOwnerId"`
	InstanceType         *string           `pulumi:"instanceType"`
	IsSupportCloudInit   *bool             `pulumi:"isSupportCloudInit"`
	IsSupportIoOptimized *bool             `pulumi:"isSupportIoOptimized"`
	MostRecent           *bool             `pulumi:"mostRecent"`
	NameRegex            *string           `pulumi:"nameRegex"`
	OsType               *string           `pulumi:"osType"`
	OutputFile           *string           `pulumi:"outputFile"`
	Owners               *string           `pulumi:"owners"`
	ResourceGroupId      *string           `pulumi:"resourceGroupId"`
	SnapshotId           *string           `pulumi:"snapshotId"`
	Status               *string           `pulumi:"status"`
	Tags                 map[string]string `pulumi:"tags"`
	Usage                *string           `pulumi:"usage"`
}

// GetImagesResult is what GetImages returns: the filters echoed back plus the matching images.
type GetImagesResult struct {
	ActionType           *string           `pulumi:"actionType"`
	Architecture         *string           `pulumi:"architecture"`
	DryRun               *bool             `pulumi:"dryRun"`
	Id                   string            `pulumi:"id"`
	Ids                  []string          `pulumi:"ids"`
	ImageFamily          *string           `pulumi:"imageFamily"`
	ImageId              *string           `pulumi:"imageId"`
	ImageName            *string           `pulumi:"imageName"`
	ImageOwnerId         *string           `pulumi:"imageOwnerId"`
	Images               []GetImagesImage  `pulumi:"images"`
	InstanceType         *string           `pulumi:"instanceType"`
	IsSupportCloudInit   *bool             `pulumi:"isSupportCloudInit"`
	IsSupportIoOptimized *bool             `pulumi:"isSupportIoOptimized"`
	MostRecent           *bool             `pulumi:"mostRecent"`
	NameRegex            *string           `pulumi:"nameRegex"`
	OsType               *string           `pulumi:"osType"`
	OutputFile           *string           `pulumi:"outputFile"`
	Owners               *string           `pulumi:"owners"`
	ResourceGroupId      *string           `pulumi:"resourceGroupId"`
	SnapshotId           *string           `pulumi:"snapshotId"`
	Status               *string           `pulumi:"status"`
	Tags                 map[string]string `pulumi:"tags"`
	Usage                *string           `pulumi:"usage"`
}

// GetImagesImage describes one image found by GetImages.
type GetImagesImage struct {
	Architecture         string                            `pulumi:"architecture"`
	CreationTime         string                            `pulumi:"creationTime"`
	Description          string                            `pulumi:"description"`
	DiskDeviceMappings   []GetImagesImageDiskDeviceMapping `pulumi:"diskDeviceMappings"`
	Id                   string                            `pulumi:"id"`
	ImageId              string                            `pulumi:"imageId"`
	ImageOwnerAlias      string                            `pulumi:"imageOwnerAlias"`
	ImageVersion         string                            `pulumi:"imageVersion"`
	IsCopied             bool                              `pulumi:"isCopied"`
	IsSelfShared         string                            `pulumi:"isSelfShared"`
	IsSubscribed         bool                              `pulumi:"isSubscribed"`
	IsSupportIoOptimized bool                              `pulumi:"isSupportIoOptimized"`
	Name                 string                            `pulumi:"name"`
	OsName               string                            `pulumi:"osName"`
	OsNameEn             string                            `pulumi:"osNameEn"`
	OsType               string                            `pulumi:"osType"`
	Platform             string                            `pulumi:"platform"`
	ProductCode          string                            `pulumi:"productCode"`
	Progress             string                            `pulumi:"progress"`
	Size                 int                               `pulumi:"size"`
	State                string                            `pulumi:"state"`
	Status               string                            `pulumi:"status"`
	Tags                 map[string]string                 `pulumi:"tags"`
	Usage                string                            `pulumi:"usage"`
}

// GetImagesImageDiskDeviceMapping describes one disk or snapshot of an image.
type GetImagesImageDiskDeviceMapping struct {
	Device     string `pulumi:"device"`
	Size       string `pulumi:"size"`
	SnapshotId string `pulumi:"snapshotId"`
}
