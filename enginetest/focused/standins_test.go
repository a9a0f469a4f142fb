package focused

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Type tokens the stand-ins treat specially.
const (
	typeInstance     = "alicloud:ecs/instance:Instance"
	typeSwitch       = "alicloud:vpc/switch:Switch"
	typeLB           = "alicloud:nlb/loadBalancer:LoadBalancer"
	typeService      = "alicloud:privatelink/vpcEndpointService:VpcEndpointService"
	typeCopyToRemote = "command:remote:CopyToRemote"
	typeRemote       = "command:remote:Command"
)

// forceNew are the inputs whose change replaces the resource (alicloud-provider-facts.md:
// ecs/instance availability_zone, system_disk_category, data_disks; vpc/switch vpc_id, cidr_block,
// zone_id; pulumi-command: only triggers, tagged replaceOnChanges in common/inputs.go L10).
// Other types' ForceNew inputs are not exercised here.
var forceNew = map[string][]string{
	typeInstance:            {"availabilityZone", "systemDiskCategory", "dataDisks"},
	typeSwitch:              {"vpcId", "cidrBlock", "zoneId"},
	typeCopyToRemote:        {"triggers"},
	typeRemote:              {"triggers"},
	"command:local:Command": {"triggers"},
}

// cloud is a tiny, in-memory Alibaba Cloud that refuses what the facts say it refuses.
type cloud struct {
	mu      sync.Mutex
	next    int
	live    map[resource.ID]liveResource
	deletes []string // "type name" of every provider Delete that succeeded
	refused []string // every refusal, for failure messages
}

type liveResource struct {
	typ, name string
	state     property.Map
}

func newCloud() *cloud { return &cloud{live: map[resource.ID]liveResource{}} }

// deleted returns the names of the deleted resources.
func (c *cloud) deleted() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.deletes...)
}

func str(m property.Map, key string) string {
	if v, ok := m.GetOk(key); ok && v.IsString() {
		return v.AsString()
	}
	return ""
}

// diff compares the inputs: any change is an update, a change of a forceNew input a replacement
// (created first: neither provider sets DeleteBeforeReplace; facts, pulumi-command "replace vs
// update", and the TF bridge's default).
func diff(_ context.Context, req plugin.DiffRequest) (plugin.DiffResult, error) {
	var changed, replace []resource.PropertyKey
	keys := map[string]bool{}
	for k := range req.OldInputs.All {
		keys[k] = true
	}
	for k := range req.NewInputs.All {
		keys[k] = true
	}
	for k := range keys {
		if strings.HasPrefix(k, "__") {
			continue
		}
		o, n := req.OldInputs.Get(k), req.NewInputs.Get(k)
		if n.HasComputed() || !o.Equals(n) {
			changed = append(changed, resource.PropertyKey(k))
			for _, f := range forceNew[string(req.Type)] {
				if f == k {
					replace = append(replace, resource.PropertyKey(k))
				}
			}
		}
	}
	if len(changed) == 0 {
		return plugin.DiffResult{Changes: plugin.DiffNone}, nil
	}
	return plugin.DiffResult{Changes: plugin.DiffSome, ChangedKeys: changed, ReplaceKeys: replace}, nil
}

// alicloudCreate creates a resource, refusing a private IP or a vSwitch CIDR that a live
// resource holds: RunInstances needs a free PrivateIpAddress, CreateVSwitch a CIDR that
// overlaps no other vSwitch (facts: ecs/instance private_ip, vpc/switch cidr_block).
func (c *cloud) alicloudCreate(_ context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	out := req.Properties
	c.mu.Lock()
	defer c.mu.Unlock()
	if req.Preview {
		return plugin.CreateResponse{Properties: out, Status: resource.StatusOK}, nil
	}
	switch string(req.Type) {
	case typeInstance:
		ip := str(out, "privateIp")
		for _, l := range c.live {
			if l.typ == typeInstance && ip != "" && str(l.state, "privateIp") == ip {
				c.refused = append(c.refused, req.Name+": "+ip)
				return plugin.CreateResponse{}, fmt.Errorf("RunInstances Failed!!! InvalidPrivateIpAddress.Duplicated: "+
					"the private IP %s is in use by %s", ip, l.name)
			}
		}
		if v, ok := out.GetOk("internetMaxBandwidthOut"); ok && v.IsNumber() && v.AsNumber() > 0 {
			out = out.Set("publicIp", property.New(fmt.Sprintf("198.51.100.%d", c.next+1)))
		}
	case typeSwitch:
		mine, err := netip.ParsePrefix(str(out, "cidrBlock"))
		if err != nil {
			return plugin.CreateResponse{}, err
		}
		for _, l := range c.live {
			if l.typ != typeSwitch || str(l.state, "vpcId") != str(out, "vpcId") {
				continue
			}
			if other, err := netip.ParsePrefix(str(l.state, "cidrBlock")); err == nil && other.Overlaps(mine) {
				c.refused = append(c.refused, req.Name+": "+mine.String())
				return plugin.CreateResponse{}, fmt.Errorf("CreateVSwitch Failed!!! InvalidCidrBlock.Overlapped: %s overlaps vSwitch %s", mine, l.name)
			}
		}
	case typeLB:
		out = out.Set("dnsName", property.New(req.Name+".nlb.example.com"))
	case typeService:
		out = out.Set("vpcEndpointServiceName", property.New("com.aliyuncs.privatelink.ap-southeast-1.epsrv-"+req.Name)).
			Set("serviceDomain", property.New("epsrv-"+req.Name+".example.com"))
	}
	c.next++
	id := resource.ID(fmt.Sprintf("id-%d", c.next))
	c.live[id] = liveResource{typ: string(req.Type), name: req.Name, state: out}
	return plugin.CreateResponse{ID: id, Properties: out, Status: resource.StatusOK}, nil
}

// alicloudUpdate applies new inputs in place, keeping the computed outputs.
func (c *cloud) alicloudUpdate(_ context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	out := req.NewInputs
	for _, k := range []string{"publicIp", "dnsName", "vpcEndpointServiceName", "serviceDomain"} {
		if v, ok := req.OldOutputs.GetOk(k); ok {
			out = out.Set(k, v)
		}
	}
	if !req.Preview {
		c.mu.Lock()
		c.live[req.ID] = liveResource{typ: string(req.Type), name: req.Name, state: out}
		c.mu.Unlock()
	}
	return plugin.UpdateResponse{Properties: out, Status: resource.StatusOK}, nil
}

// alicloudDelete deletes, except an instance with release protection: DeleteInstance answers
// InvalidOperation.DeletionProtection, which TF does not retry (facts: ecs/instance Delete).
func (c *cloud) alicloudDelete(_ context.Context, req plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if string(req.Type) == typeInstance {
		if v, ok := req.Outputs.GetOk("deletionProtection"); ok && v.IsBool() && v.AsBool() {
			c.refused = append(c.refused, req.Name+": deletion protection")
			return plugin.DeleteResponse{}, fmt.Errorf("Resource %s DeleteInstance Failed!!! [SDK alibaba-cloud-sdk-go ERROR] "+
				"InvalidOperation.DeletionProtection: the instance has deletion protection", req.ID)
		}
	}
	// DeleteVSwitch retries DependencyViolation (an instance still in it) until its timeout,
	// then fails (facts: vpc/switch Delete).
	if string(req.Type) == typeSwitch {
		for _, l := range c.live {
			if l.typ == typeInstance && str(l.state, "vswitchId") == string(req.ID) {
				c.refused = append(c.refused, req.Name+": holds "+l.name)
				return plugin.DeleteResponse{}, fmt.Errorf("Resource %s DeleteVSwitch Failed!!! DependencyViolation: "+
					"instance %s is still in the vSwitch", req.ID, l.name)
			}
		}
	}
	delete(c.live, req.ID)
	c.deletes = append(c.deletes, string(req.Type)+" "+req.Name)
	return plugin.DeleteResponse{Status: resource.StatusOK}, nil
}

// alicloudInvoke answers ecs.GetImages with one Alibaba Cloud Linux 3 image.
func alicloudInvoke(_ context.Context, req plugin.InvokeRequest) (plugin.InvokeResponse, error) {
	image := property.New(map[string]property.Value{
		"id":   property.New("aliyun_3_x64_20G_alibase_20250629.vhd"),
		"name": property.New("aliyun_3_x64_20G_alibase_20250629.vhd"),
	})
	return plugin.InvokeResponse{Properties: property.NewMap(map[string]property.Value{
		"id":     property.New("images"),
		"images": property.New([]property.Value{image}),
	})}, nil
}

// commandCheck follows pulumi-command v1.2.1's CopyToRemote Check: a source that is not a known
// asset or archive, an unknown one included, fails with "either asset or archive must be set"
// (remote/copyController.go L72-115; facts, "CopyToRemote with an unknown source at preview").
func commandCheck(_ context.Context, req plugin.CheckRequest) (plugin.CheckResponse, error) {
	if string(req.Type) == typeCopyToRemote {
		src := req.NewInputs.Get("source")
		if !src.IsAsset() && !src.IsArchive() {
			return plugin.CheckResponse{Failures: []plugin.CheckFailure{{Property: "asset", Reason: "either asset or archive must be set"}}}, nil
		}
	}
	return plugin.CheckResponse{Properties: req.NewInputs}, nil
}

// hosts records which command ran where.
type hosts struct {
	mu   sync.Mutex
	runs []string // "name@host"
}

// host returns the host a command's connection reaches, with " via <proxy>" when it goes
// through a jump host.
func host(inputs property.Map) string {
	conn := inputs.Get("connection")
	if !conn.IsMap() {
		return ""
	}
	h := str(conn.AsMap(), "host")
	if proxy := conn.AsMap().Get("proxy"); proxy.IsMap() {
		h += " via " + str(proxy.AsMap(), "host")
	}
	return h
}

// copies reports whether an update of a CopyToRemote copies: only when its source or remote
// path changed, not for a new connection alone (pulumi-command v1.2.1 copyController.go
// L118-191; facts, "CopyToRemote create/update/delete").
func copies(old, new property.Map) bool {
	return !old.Get("source").Equals(new.Get("source")) || !old.Get("remotePath").Equals(new.Get("remotePath"))
}

// ranOn returns the index of the first run of name on a host containing where, after index
// from, or -1.
func (h *hosts) ranOn(name, where string, from int) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := from; i < len(h.runs); i++ {
		if strings.HasPrefix(h.runs[i], name+"@") && strings.Contains(h.runs[i], where) {
			return i
		}
	}
	return -1
}

// count returns how many runs were recorded.
func (h *hosts) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.runs)
}

// run answers a command: the upload-directory step prints its directory, others a JSON line.
func (h *hosts) run(name string, inputs property.Map, preview bool) property.Map {
	if preview {
		return inputs
	}
	h.mu.Lock()
	h.runs = append(h.runs, name+"@"+host(inputs))
	h.mu.Unlock()
	stdout := `{"ok":true}`
	if i := strings.Index(name, "-kplc-staging"); i >= 0 {
		stdout = "/home/tester/.kafka-plc/" + name[:i]
	}
	return inputs.Set("stdout", property.New(stdout)).Set("stderr", property.New(""))
}
