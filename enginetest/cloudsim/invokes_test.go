package cloudsim

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

func (s *sim) invoke(tok string, args map[string]any) plugin.InvokeResponse {
	s.t.Helper()
	resp, err := s.p.Invoke(context.Background(), plugin.InvokeRequest{Tok: tokens.ModuleMember(tok), Args: pm(args)})
	if err != nil {
		s.t.Fatalf("Invoke(%s): %v", tok, err)
	}
	return resp
}

func invokeOut(t *testing.T, resp plugin.InvokeResponse) resource.PropertyMap {
	t.Helper()
	if len(resp.Failures) > 0 {
		t.Fatalf("invoke failed: %v", resp.Failures)
	}
	return resource.ToResourcePropertyMap(resp.Properties)
}

// facts: invoke ecs/getImages: owners enum, valid regexp, AtLeastOneOf, most_recent picks the newest by
// CreationTime, and no match is not an error.
func TestGetImages(t *testing.T) {
	s := newSim(t)
	out := invokeOut(t, s.invoke(InvokeGetImages, map[string]any{"owners": "system", "nameRegex": "^aliyun_3_x64_20G_alibase_.*", "mostRecent": true}))
	imgs := objects(out, "images")
	if len(imgs) != 1 || str(imgs[0], "id") != "aliyun_3_x64_20G_alibase_20250629.vhd" || str(imgs[0], "imageId") != str(imgs[0], "id") {
		t.Errorf("mostRecent images: %v", imgs)
	}
	if all := objects(invokeOut(t, s.invoke(InvokeGetImages, map[string]any{"owners": "system", "nameRegex": "^aliyun_3"})), "images"); len(all) != 2 {
		t.Errorf("without mostRecent: %d images", len(all))
	}
	if none := invokeOut(t, s.invoke(InvokeGetImages, map[string]any{"owners": "system", "nameRegex": "^windows"})); len(stringsOf(none, "ids")) != 0 || !present(none, "images") {
		t.Errorf("no match: %v", none)
	}
	failed(t, plugin.CheckResponse{Failures: s.invoke(InvokeGetImages, map[string]any{"owners": "System"}).Failures}, "expected owners to be one of [system self others marketplace ], got System")
	failed(t, plugin.CheckResponse{Failures: s.invoke(InvokeGetImages, map[string]any{"nameRegex": "(["}).Failures}, "\"name_regex\": error parsing regexp")
	failed(t, plugin.CheckResponse{Failures: s.invoke(InvokeGetImages, map[string]any{"mostRecent": true}).Failures}, "one of `image_owner_id,name_regex,owners` must be specified")
}

// tf: data_source_alicloud_instances.go (v1.285.0): filters and the output names instances[].{id,
// availabilityZone, privateIp, publicIp, vswitchId, status, tags, instanceType, imageId}.
func TestGetInstances(t *testing.T) {
	s := newSim(t)
	n := s.net()
	b1, _ := s.mustCreate(TokenInstance, "b1", n.instanceArgs(n.swJ, map[string]any{"tags": map[string]any{"kafka-plc:cluster": "prod", "kafka-plc:role": "broker"}}))
	s.mustCreate(TokenInstance, "b2", n.instanceArgs(n.swK, map[string]any{"tags": map[string]any{"kafka-plc:cluster": "dev", "kafka-plc:role": "broker"}}))
	seeded := s.c.Seed(TokenInstance, resource.NewPropertyMapFromMap(map[string]any{
		"instanceName": "old-b3", "availabilityZone": zoneL, "vswitchId": n.swL, "vpcId": n.vpc, "privateIp": "10.0.3.7",
		"status": "Stopped", "tags": map[string]any{"kafka-plc:cluster": "prod"}, "instanceType": "ecs.g7.xlarge", "imageId": "img",
	}))

	out := invokeOut(t, s.invoke(InvokeGetInstances, map[string]any{"tags": map[string]any{"kafka-plc:cluster": "prod"}, "vpcId": n.vpc}))
	ids := stringsOf(out, "ids")
	if len(ids) != 2 || ids[0] != b1 || ids[1] != seeded {
		t.Fatalf("tag filter: %v", ids)
	}
	inst := objects(out, "instances")[0]
	for _, key := range []string{"id", "availabilityZone", "privateIp", "publicIp", "vswitchId", "status", "tags", "instanceType", "imageId", "name", "vpcId"} {
		if _, ok := inst[resource.PropertyKey(key)]; !ok {
			t.Errorf("instances[0] lacks %s", key)
		}
	}
	if str(inst, "privateIp") != "10.0.1.1" || str(inst, "availabilityZone") != zoneJ || stringMap(inst, "tags")["kafka-plc:role"] != "broker" {
		t.Errorf("instances[0] = %v", inst)
	}
	if got := stringsOf(invokeOut(t, s.invoke(InvokeGetInstances, map[string]any{"tags": map[string]any{"kafka-plc:cluster": "prod"}, "status": "Running"})), "ids"); len(got) != 1 {
		t.Errorf("status filter: %v", got)
	}
	if got := stringsOf(invokeOut(t, s.invoke(InvokeGetInstances, map[string]any{"ids": []any{seeded}})), "ids"); len(got) != 1 || got[0] != seeded {
		t.Errorf("ids filter: %v", got)
	}
	if got := invokeOut(t, s.invoke(InvokeGetInstances, map[string]any{"tags": map[string]any{"kafka-plc:cluster": "none"}})); len(objects(got, "instances")) != 0 || !present(got, "instances") {
		t.Errorf("no match is an empty list, not an error: %v", got)
	}
	failed(t, plugin.CheckResponse{Failures: s.invoke(InvokeGetInstances, map[string]any{"status": "running"}).Failures}, "expected status to be one of [Running Stopped Creating Starting Stopping], got running")
}

// tf: data_source_alicloud_vswitches.go (v1.285.0): ids and vpcId filters; vswitches[].{id, cidrBlock,
// zoneId, vpcId}.
func TestGetSwitches(t *testing.T) {
	s := newSim(t)
	n := s.net()
	other, _ := s.mustCreate(TokenNetwork, "other", map[string]any{"cidrBlock": "192.168.0.0/16"})
	s.mustCreate(TokenSwitch, "other-sw", map[string]any{"vpcId": other, "cidrBlock": "192.168.1.0/24", "zoneId": zoneJ})
	out := invokeOut(t, s.invoke(InvokeGetSwitches, map[string]any{"vpcId": n.vpc}))
	if ids := stringsOf(out, "ids"); len(ids) != 3 || ids[0] != n.swJ {
		t.Fatalf("vpcId filter: %v", ids)
	}
	sw := objects(out, "vswitches")[1]
	if str(sw, "id") != n.swK || str(sw, "cidrBlock") != "10.0.2.0/24" || str(sw, "zoneId") != zoneK || str(sw, "vpcId") != n.vpc {
		t.Errorf("vswitches[1] = %v", sw)
	}
	if ids := stringsOf(invokeOut(t, s.invoke(InvokeGetSwitches, map[string]any{"ids": []any{n.swL}})), "ids"); len(ids) != 1 || ids[0] != n.swL {
		t.Errorf("ids filter: %v", ids)
	}
	failed(t, plugin.CheckResponse{Failures: s.invoke(InvokeGetSwitches, map[string]any{"status": "available"}).Failures}, "expected status to be one of [Available Pending], got available")
}
