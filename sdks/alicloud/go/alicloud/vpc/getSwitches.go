package vpc

import (
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/internal"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GetSwitches lists vSwitches (invoke alicloud:vpc/getSwitches:getSwitches, TF data source
// alicloud_vswitches), filtered by IDs, VPC, zone, CIDR block, name and so on. No match is not
// an error: Vswitches and Ids come back empty. Ids filters on the client side after listing the
// region's (or VpcId's) vSwitches.
func GetSwitches(ctx *pulumi.Context, args *GetSwitchesArgs, opts ...pulumi.InvokeOption) (*GetSwitchesResult, error) {
	return internal.Invoke[GetSwitchesResult](ctx, "alicloud:vpc/getSwitches:getSwitches", args, opts)
}

// GetSwitchesArgs filters the vSwitches GetSwitches returns; nil fields do not filter.
type GetSwitchesArgs struct {
	CidrBlock       *string           `pulumi:"cidrBlock"`
	DryRun          *bool             `pulumi:"dryRun"`
	Ids             []string          `pulumi:"ids"`
	IsDefault       *bool             `pulumi:"isDefault"`
	NameRegex       *string           `pulumi:"nameRegex"`
	OutputFile      *string           `pulumi:"outputFile"`
	ResourceGroupId *string           `pulumi:"resourceGroupId"`
	RouteTableId    *string           `pulumi:"routeTableId"`
	Status          *string           `pulumi:"status"`
	Tags            map[string]string `pulumi:"tags"`
	VpcId           *string           `pulumi:"vpcId"`
	VswitchName     *string           `pulumi:"vswitchName"`
	VswitchOwnerId  *int              `pulumi:"vswitchOwnerId"`
	ZoneId          *string           `pulumi:"zoneId"`
}

// GetSwitchesResult is what GetSwitches returns: the filters echoed back plus the matching
// vSwitches.
type GetSwitchesResult struct {
	CidrBlock       *string              `pulumi:"cidrBlock"`
	DryRun          *bool                `pulumi:"dryRun"`
	Id              string               `pulumi:"id"`
	Ids             []string             `pulumi:"ids"`
	IsDefault       *bool                `pulumi:"isDefault"`
	NameRegex       *string              `pulumi:"nameRegex"`
	Names           []string             `pulumi:"names"`
	OutputFile      *string              `pulumi:"outputFile"`
	ResourceGroupId *string              `pulumi:"resourceGroupId"`
	RouteTableId    *string              `pulumi:"routeTableId"`
	Status          *string              `pulumi:"status"`
	Tags            map[string]string    `pulumi:"tags"`
	VpcId           *string              `pulumi:"vpcId"`
	VswitchName     *string              `pulumi:"vswitchName"`
	VswitchOwnerId  *int                 `pulumi:"vswitchOwnerId"`
	Vswitches       []GetSwitchesVswitch `pulumi:"vswitches"`
	ZoneId          *string              `pulumi:"zoneId"`
}

// GetSwitchesVswitch describes one vSwitch found by GetSwitches: Id (= VswitchId), ZoneId and
// its IPv4 range CidrBlock.
type GetSwitchesVswitch struct {
	AvailableIpAddressCount int               `pulumi:"availableIpAddressCount"`
	CidrBlock               string            `pulumi:"cidrBlock"`
	CreationTime            string            `pulumi:"creationTime"`
	Description             string            `pulumi:"description"`
	EnableIpv6              bool              `pulumi:"enableIpv6"`
	Id                      string            `pulumi:"id"`
	Ipv6CidrBlock           string            `pulumi:"ipv6CidrBlock"`
	IsDefault               bool              `pulumi:"isDefault"`
	Name                    string            `pulumi:"name"`
	ResourceGroupId         string            `pulumi:"resourceGroupId"`
	RouteTableId            string            `pulumi:"routeTableId"`
	Status                  string            `pulumi:"status"`
	Tags                    map[string]string `pulumi:"tags"`
	VpcId                   string            `pulumi:"vpcId"`
	VswitchId               string            `pulumi:"vswitchId"`
	VswitchName             string            `pulumi:"vswitchName"`
	ZoneId                  string            `pulumi:"zoneId"`
}
