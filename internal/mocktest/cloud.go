package mocktest

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// CloudInstance is an ECS instance that already runs in the mock cloud.
type CloudInstance struct {
	// ID is the instance ID.
	ID string
	// Name is the instance name.
	Name string
	// Zone is the availability zone.
	Zone string
	// PrivateIP is the first private address.
	PrivateIP string
	// VpcID and VswitchID are its network.
	VpcID, VswitchID string
	// Tags are the instance's tags.
	Tags map[string]string
}

// CloudVswitch is a vSwitch that already exists in the mock cloud.
type CloudVswitch struct {
	// ID is the vSwitch ID.
	ID string
	// Name is the vSwitch name.
	Name string
	// Zone is the availability zone.
	Zone string
	// CIDR is the IPv4 range.
	CIDR string
	// VpcID is the VPC.
	VpcID string
}

// Cloud is what already runs in the mock region, for the read-only invokes ecs.GetInstances and
// vpc.GetSwitches. It answers them the way the TF data sources behind them do (terraform-provider-
// alicloud v1.285.0): alicloud_instances sends ids, tags (every pair must match), vpc_id,
// vswitch_id, availability_zone and status to DescribeInstances and returns every page;
// alicloud_vswitches lists the region's (or vpc_id's) vSwitches and keeps those in ids on the
// client side. No match is not an error: the lists come back empty. The id attribute is a hash
// of the IDs found.
type Cloud struct {
	// Instances are the running instances.
	Instances []CloudInstance
	// Vswitches are the existing vSwitches.
	Vswitches []CloudVswitch
}

// Answer returns the result of call, and false when call is neither invoke.
func (c *Cloud) Answer(call Invoke) (resource.PropertyMap, bool) {
	switch call.Token {
	case FuncGetInstances:
		return c.instances(call.Args), true
	case FuncGetSwitches:
		return c.vswitches(call.Args), true
	}
	return nil, false
}

func (c *Cloud) instances(args resource.PropertyMap) resource.PropertyMap {
	ids := stringSet(args, "ids")
	tags := Map(args, "tags")
	var found []resource.PropertyValue
	var foundIDs, names []resource.PropertyValue
	for _, inst := range c.Instances {
		if len(ids) > 0 && !ids[inst.ID] ||
			!matches(args, "vpcId", inst.VpcID) || !matches(args, "vswitchId", inst.VswitchID) ||
			!matches(args, "availabilityZone", inst.Zone) || !matches(args, "status", "Running") {
			continue
		}
		tagged := true
		for k, v := range tags {
			if !v.IsString() || inst.Tags[string(k)] != v.StringValue() {
				tagged = false
			}
		}
		if !tagged {
			continue
		}
		instTags := resource.PropertyMap{}
		for k, v := range inst.Tags {
			instTags[resource.PropertyKey(k)] = resource.NewProperty(v)
		}
		found = append(found, resource.NewProperty(resource.PropertyMap{
			"id":                      resource.NewProperty(inst.ID),
			"name":                    resource.NewProperty(inst.Name),
			"availabilityZone":        resource.NewProperty(inst.Zone),
			"privateIp":               resource.NewProperty(inst.PrivateIP),
			"publicIp":                resource.NewProperty(""),
			"vpcId":                   resource.NewProperty(inst.VpcID),
			"vswitchId":               resource.NewProperty(inst.VswitchID),
			"status":                  resource.NewProperty("Running"),
			"internetMaxBandwidthOut": resource.NewProperty(0.0),
			"tags":                    resource.NewProperty(instTags),
		}))
		foundIDs = append(foundIDs, resource.NewProperty(inst.ID))
		names = append(names, resource.NewProperty(inst.Name))
	}
	out := echo(args)
	out["id"] = resource.NewProperty(hashOf(foundIDs))
	out["ids"] = resource.NewProperty(orEmpty(foundIDs))
	out["names"] = resource.NewProperty(orEmpty(names))
	out["instances"] = resource.NewProperty(orEmpty(found))
	out["totalCount"] = resource.NewProperty(float64(len(found)))
	return out
}

func (c *Cloud) vswitches(args resource.PropertyMap) resource.PropertyMap {
	ids := stringSet(args, "ids")
	var found, foundIDs, names []resource.PropertyValue
	for _, v := range c.Vswitches {
		if len(ids) > 0 && !ids[v.ID] || !matches(args, "vpcId", v.VpcID) || !matches(args, "zoneId", v.Zone) ||
			!matches(args, "cidrBlock", v.CIDR) {
			continue
		}
		found = append(found, resource.NewProperty(resource.PropertyMap{
			"id":          resource.NewProperty(v.ID),
			"vswitchId":   resource.NewProperty(v.ID),
			"name":        resource.NewProperty(v.Name),
			"vswitchName": resource.NewProperty(v.Name),
			"zoneId":      resource.NewProperty(v.Zone),
			"cidrBlock":   resource.NewProperty(v.CIDR),
			"vpcId":       resource.NewProperty(v.VpcID),
			"status":      resource.NewProperty("Available"),
		}))
		foundIDs = append(foundIDs, resource.NewProperty(v.ID))
		names = append(names, resource.NewProperty(v.Name))
	}
	out := echo(args)
	out["id"] = resource.NewProperty(hashOf(foundIDs))
	out["ids"] = resource.NewProperty(orEmpty(foundIDs))
	out["names"] = resource.NewProperty(orEmpty(names))
	out["vswitches"] = resource.NewProperty(orEmpty(found))
	return out
}

// echo copies the arguments into the result, as a data source's state holds its arguments.
func echo(args resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range args {
		out[k] = v
	}
	return out
}

// matches reports whether the string argument key is unset, empty or equal to value.
func matches(args resource.PropertyMap, key, value string) bool {
	want := Str(args, key)
	return want == "" || want == value
}

// stringSet returns the string array argument key as a set.
func stringSet(args resource.PropertyMap, key string) map[string]bool {
	set := map[string]bool{}
	for _, v := range Array(args, key) {
		if v.IsString() {
			set[v.StringValue()] = true
		}
	}
	return set
}

// orEmpty returns vs, or an empty (not nil) list.
func orEmpty(vs []resource.PropertyValue) []resource.PropertyValue {
	if vs == nil {
		return []resource.PropertyValue{}
	}
	return vs
}

// hashOf stands in for the data sources' dataResourceIdHash of the IDs found.
func hashOf(ids []resource.PropertyValue) string {
	h := fnv.New32a()
	var parts []string
	for _, id := range ids {
		parts = append(parts, id.StringValue())
	}
	fmt.Fprint(h, strings.Join(parts, ","))
	return fmt.Sprint(h.Sum32())
}
