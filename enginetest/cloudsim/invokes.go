package cloudsim

import (
	"context"
	"crypto/sha1"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// invoke serves the data sources the program reads.
func (c *Cloud) invoke(_ context.Context, req plugin.InvokeRequest) (plugin.InvokeResponse, error) {
	args := resource.ToResourcePropertyMap(req.Args)
	var out resource.PropertyMap
	var fails []plugin.CheckFailure
	c.mu.Lock()
	defer c.mu.Unlock()
	switch string(req.Tok) {
	case InvokeGetImages:
		out, fails = c.getImages(args)
	case InvokeGetInstances:
		out, fails = c.getInstances(args)
	case InvokeGetSwitches:
		out, fails = c.getSwitches(args)
	default:
		return plugin.InvokeResponse{}, fmt.Errorf("cloudsim: invoke %q is not simulated", req.Tok)
	}
	if len(fails) > 0 {
		return plugin.InvokeResponse{Failures: fails}, nil
	}
	return plugin.InvokeResponse{Properties: resource.FromResourcePropertyMap(out)}, nil
}

// invokeFailure is a failed invoke argument, worded like a resource's Check failure.
func invokeFailure(tok, prop, msg string) plugin.CheckFailure {
	return plugin.CheckFailure{Property: resource.PropertyKey(prop), Reason: fmt.Sprintf("%s. Examine values at '%s.%s'.", msg, tok, prop)}
}

// checkRegex is validation.StringIsValidRegExp (tf: the name_regex arguments).
func checkRegex(tok, prop, tf string, args resource.PropertyMap) (*regexp.Regexp, []plugin.CheckFailure) {
	s := str(args, prop)
	if s == "" {
		return nil, nil
	}
	re, err := regexp.Compile(s)
	if err != nil {
		return nil, []plugin.CheckFailure{invokeFailure(tok, prop, fmt.Sprintf("%q: %s", tf, err))}
	}
	return re, nil
}

// dataID is the data source's ID: a hash of the result IDs (tf: dataResourceIdHash).
func dataID(ids []string) string {
	return fmt.Sprintf("%x", sha1.Sum([]byte(strings.Join(ids, ","))))[:10]
}

// getImages is data source alicloud_images (facts: "invoke ecs/getImages:getImages").
func (c *Cloud) getImages(args resource.PropertyMap) (resource.PropertyMap, []plugin.CheckFailure) {
	const tok = "getImages"
	var fails []plugin.CheckFailure
	if present(args, "owners") {
		if msg := inSlice("system", "self", "others", "marketplace", "")("owners", get(args, "owners")); msg != "" {
			fails = append(fails, invokeFailure(tok, "owners", msg))
		}
	}
	re, rf := checkRegex(tok, "nameRegex", "name_regex", args)
	fails = append(fails, rf...)
	if !present(args, "nameRegex") && !present(args, "owners") && !present(args, "imageOwnerId") {
		fails = append(fails, invokeFailure(tok, "nameRegex", "\"name_regex\": one of `image_owner_id,name_regex,owners` must be specified"))
	}
	if len(fails) > 0 {
		return nil, fails
	}
	owner := str(args, "owners")
	var matched []Image
	for _, img := range c.images {
		if img.Name == "" || (owner != "" && img.OwnerAlias != owner) || (re != nil && !re.MatchString(img.Name)) {
			continue
		}
		if a := str(args, "architecture"); a != "" && img.Architecture != a {
			continue
		}
		matched = append(matched, img)
	}
	if boolean(args, "mostRecent") && len(matched) > 1 {
		sort.SliceStable(matched, func(i, j int) bool { return matched[i].CreationTime > matched[j].CreationTime })
		matched = matched[:1]
	}
	ids := []string{}
	images := []resource.PropertyValue{}
	for _, img := range matched {
		ids = append(ids, img.ID)
		images = append(images, resource.NewObjectProperty(resource.PropertyMap{
			"id": sv(img.ID), "imageId": sv(img.ID), "name": sv(img.Name), "imageOwnerAlias": sv(img.OwnerAlias),
			"architecture": sv(img.Architecture), "osType": sv(img.OSType), "creationTime": sv(img.CreationTime),
			"status": sv("Available"), "platform": sv("Aliyun"), "isSupportIoOptimized": bv(true), "size": nv(20),
		}))
	}
	out := args.Copy()
	out["id"], out["ids"], out["images"] = sv(dataID(ids)), svs(ids), resource.NewArrayProperty(images)
	return out, nil
}

// getInstances is data source alicloud_instances (tf: data_source_alicloud_instances.go at v1.285.0):
// filters ids, vpcId, vswitchId, availabilityZone, status, tags (every given tag must match),
// instanceName, nameRegex and imageId; outputs ids, names, instances[] and totalCount.
func (c *Cloud) getInstances(args resource.PropertyMap) (resource.PropertyMap, []plugin.CheckFailure) {
	const tok = "getInstances"
	var fails []plugin.CheckFailure
	if present(args, "status") {
		if msg := sdkInSlice("Running", "Stopped", "Creating", "Starting", "Stopping")("status", get(args, "status")); msg != "" {
			fails = append(fails, invokeFailure(tok, "status", msg))
		}
	}
	if present(args, "ids") && len(stringsOf(args, "ids")) == 0 {
		// tf: ids MinItems 1. Wording is the plugin SDK's; unverified through the bridge.
		fails = append(fails, invokeFailure(tok, "ids", "ids: attribute supports 1 item minimum, config has 0 declared"))
	}
	re, rf := checkRegex(tok, "nameRegex", "name_regex", args)
	if fails = append(fails, rf...); len(fails) > 0 {
		return nil, fails
	}
	idSet := map[string]bool{}
	for _, id := range stringsOf(args, "ids") {
		idSet[id] = true
	}
	wantTags := stringMap(args, "tags")
	ids, names := []string{}, []string{}
	var list []resource.PropertyValue
	for _, inst := range c.listLocked(TokenInstance) {
		o := inst.Outputs
		if len(idSet) > 0 && !idSet[inst.ID] ||
			!filter(args, "vpcId", o, "vpcId") || !filter(args, "vswitchId", o, "vswitchId") ||
			!filter(args, "availabilityZone", o, "availabilityZone") || !filter(args, "status", o, "status") ||
			!filter(args, "instanceName", o, "instanceName") || !filter(args, "imageId", o, "imageId") ||
			(re != nil && !re.MatchString(str(o, "instanceName"))) {
			continue
		}
		tags := stringMap(o, "tags")
		match := true
		for k, v := range wantTags {
			match = match && tags[k] == v
		}
		if !match {
			continue
		}
		bw, _ := num(o, "internetMaxBandwidthOut")
		if tags == nil {
			tags = map[string]string{}
		}
		ids, names = append(ids, inst.ID), append(names, str(o, "instanceName"))
		list = append(list, resource.NewObjectProperty(resource.PropertyMap{
			"id": sv(inst.ID), "regionId": sv(c.region), "availabilityZone": sv(str(o, "availabilityZone")),
			"status": sv(str(o, "status")), "name": sv(str(o, "instanceName")), "instanceType": sv(str(o, "instanceType")),
			"vpcId": sv(str(o, "vpcId")), "vswitchId": sv(str(o, "vswitchId")), "imageId": sv(str(o, "imageId")),
			"privateIp": sv(str(o, "privateIp")), "publicIp": sv(str(o, "publicIp")), "eip": sv(""),
			"description": sv(str(o, "description")), "securityGroups": svs(stringsOf(o, "securityGroups")),
			"keyName": sv(str(o, "keyName")), "creationTime": sv(createTime), "instanceChargeType": sv(str(o, "instanceChargeType")),
			"internetChargeType": sv(str(o, "internetChargeType")), "internetMaxBandwidthOut": nv(bw),
			"spotStrategy": sv("NoSpot"), "resourceGroupId": sv(str(o, "resourceGroupId")), "ramRoleName": sv(""),
			"diskDeviceMappings": resource.NewArrayProperty(nil), "tags": smap(tags),
		}))
	}
	out := args.Copy()
	out["id"], out["ids"], out["names"] = sv(dataID(ids)), svs(ids), svs(names)
	out["instances"], out["totalCount"] = resource.NewArrayProperty(list), nv(len(ids))
	if list == nil {
		out["instances"] = resource.NewArrayProperty([]resource.PropertyValue{})
	}
	return out, nil
}

// filter reports whether the optional argument key (if set) equals state field field.
func filter(args resource.PropertyMap, key string, state resource.PropertyMap, field string) bool {
	want := str(args, key)
	return want == "" || str(state, field) == want
}

// getSwitches is data source alicloud_vswitches (tf: data_source_alicloud_vswitches.go at v1.285.0):
// filters ids, vpcId, zoneId, cidrBlock, status, vswitchName, nameRegex, tags; outputs ids, names and
// vswitches[].
func (c *Cloud) getSwitches(args resource.PropertyMap) (resource.PropertyMap, []plugin.CheckFailure) {
	const tok = "getSwitches"
	var fails []plugin.CheckFailure
	if present(args, "status") {
		if msg := sdkInSlice("Available", "Pending")("status", get(args, "status")); msg != "" {
			fails = append(fails, invokeFailure(tok, "status", msg))
		}
	}
	re, rf := checkRegex(tok, "nameRegex", "name_regex", args)
	if fails = append(fails, rf...); len(fails) > 0 {
		return nil, fails
	}
	idSet := map[string]bool{}
	for _, id := range stringsOf(args, "ids") {
		idSet[id] = true
	}
	wantTags := stringMap(args, "tags")
	ids, names := []string{}, []string{}
	list := []resource.PropertyValue{}
	for _, sw := range c.listLocked(TokenSwitch) {
		o := sw.Outputs
		if len(idSet) > 0 && !idSet[sw.ID] || !filter(args, "vpcId", o, "vpcId") || !filter(args, "zoneId", o, "zoneId") ||
			!filter(args, "cidrBlock", o, "cidrBlock") || !filter(args, "status", o, "status") ||
			!filter(args, "vswitchName", o, "vswitchName") || (re != nil && !re.MatchString(str(o, "vswitchName"))) {
			continue
		}
		tags := stringMap(o, "tags")
		match := true
		for k, v := range wantTags {
			match = match && tags[k] == v
		}
		if !match {
			continue
		}
		if tags == nil {
			tags = map[string]string{}
		}
		p := switchPrefix(sw)
		free := 0
		if p.IsValid() {
			free = (1 << (32 - p.Bits())) - 4 - len(c.usedAddresses(sw.ID, ""))
		}
		ids, names = append(ids, sw.ID), append(names, str(o, "vswitchName"))
		list = append(list, resource.NewObjectProperty(resource.PropertyMap{
			"id": sv(sw.ID), "vswitchId": sv(sw.ID), "cidrBlock": sv(str(o, "cidrBlock")), "zoneId": sv(str(o, "zoneId")),
			"vpcId": sv(str(o, "vpcId")), "name": sv(str(o, "vswitchName")), "vswitchName": sv(str(o, "vswitchName")),
			"status": sv(str(o, "status")), "description": sv(str(o, "description")), "isDefault": bv(false),
			"creationTime": sv(createTime), "availableIpAddressCount": nv(free), "tags": smap(tags),
			"routeTableId": sv(""), "resourceGroupId": sv("rg-simdefault"), "ipv6CidrBlock": sv(""), "enableIpv6": bv(false),
		}))
	}
	out := args.Copy()
	out["id"], out["ids"], out["names"], out["vswitches"] = sv(dataID(ids)), svs(ids), svs(names), resource.NewArrayProperty(list)
	return out, nil
}
