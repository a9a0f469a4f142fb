package cloudsim

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Resource type tokens the simulator serves (Pulumi tokens of the alicloud provider v3.105.0).
const (
	TokenNetwork           = "alicloud:vpc/network:Network"
	TokenSwitch            = "alicloud:vpc/switch:Switch"
	TokenSecurityGroup     = "alicloud:ecs/securityGroup:SecurityGroup"
	TokenSecurityGroupRule = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
	TokenKeyPair           = "alicloud:ecs/ecsKeyPair:EcsKeyPair"
	TokenInstance          = "alicloud:ecs/instance:Instance"
	TokenLoadBalancer      = "alicloud:nlb/loadBalancer:LoadBalancer"
	TokenServerGroup       = "alicloud:nlb/serverGroup:ServerGroup"
	TokenAttachment        = "alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment"
	TokenListener          = "alicloud:nlb/listener:Listener"
	TokenEndpointService   = "alicloud:privatelink/vpcEndpointService:VpcEndpointService"
	TokenServiceResource   = "alicloud:privatelink/vpcEndpointServiceResource:VpcEndpointServiceResource"
	TokenServiceUser       = "alicloud:privatelink/vpcEndpointServiceUser:VpcEndpointServiceUser"
)

// Invoke tokens the simulator serves.
const (
	InvokeGetImages    = "alicloud:ecs/getImages:getImages"
	InvokeGetInstances = "alicloud:ecs/getInstances:getInstances"
	InvokeGetSwitches  = "alicloud:vpc/getSwitches:getSwitches"
)

// Op kinds recorded by Ops.
const (
	OpCreate = "create"
	OpUpdate = "update"
	OpDelete = "delete"
)

// Op is one mutating call that reached the simulated cloud: a Create, Update or Delete outside preview.
// Err holds the error text when the call failed ("" on success); ID is "" for a failed create.
type Op struct {
	Kind string       // Kind is OpCreate, OpUpdate or OpDelete.
	Type string       // Type is the resource type token.
	URN  resource.URN // URN is the resource's URN as the engine sent it.
	ID   string       // ID is the resource ID ("" for a failed create).
	Err  string       // Err is the error text of a failed call, "" on success.
}

// Host is a simulated ECS instance as the command simulator needs it.
type Host struct {
	InstanceID string // InstanceID is the ECS instance ID, i-….
	Name       string // Name is the instance name.
	Zone       string // Zone is the availability zone.
	PrivateIP  string // PrivateIP is the primary private IPv4 address.
	PublicIP   string // PublicIP is the public address, "" when there is none.
	VswitchID  string // VswitchID is the vSwitch the instance is in.
}

// Resource is one live resource of the simulated cloud: its type token, ID, the URN that created it
// (empty for resources seeded with Seed) and its current state (the outputs a Read returns).
type Resource struct {
	Type    string               // Type is the resource type token.
	ID      string               // ID is the provider ID.
	URN     resource.URN         // URN is the creating resource's URN ("" when seeded).
	Outputs resource.PropertyMap // Outputs is the state a Read returns.
}

// Image is a public image the getImages invoke can return.
type Image struct {
	ID           string // ID is the image ID (equal to its name for system images).
	Name         string // Name is what name_regex is matched against.
	OwnerAlias   string // OwnerAlias is system, self, others or marketplace.
	Architecture string // Architecture is e.g. x86_64.
	OSType       string // OSType is linux or windows.
	CreationTime string // CreationTime is RFC 3339; mostRecent picks the latest.
}

// Cloud is one simulated Alibaba Cloud account+region: one state shared by every resource.
type Cloud struct {
	region string

	mu       sync.Mutex
	seq      map[string]int
	live     map[string]*Resource // by ID
	order    []string             // IDs in creation order
	ops      []Op
	injected []injection
	images   []Image
	conns    map[string]int          // endpoint service ID -> connected endpoints
	locks    map[string]string       // endpoint service ID -> ID being attached (lock holder)
	pauses   map[string]*AttachPause // endpoint service ID -> pause for the next attach
	hold     time.Duration
	publicN  int
}

type injection struct {
	token, kind string
	err         error
}

// New returns an empty simulated account in region (e.g. "cn-hangzhou") with the default public image
// catalogue (see DefaultImages).
func New(region string) *Cloud {
	return &Cloud{
		region: region,
		seq:    map[string]int{},
		live:   map[string]*Resource{},
		conns:  map[string]int{},
		locks:  map[string]string{},
		pauses: map[string]*AttachPause{},
		images: DefaultImages(),
	}
}

// Region returns the region the cloud simulates.
func (c *Cloud) Region() string { return c.region }

// DefaultImages returns the simulated public catalogue: two Alibaba Cloud Linux 3 x86_64 images (the
// newer one last) and one Ubuntu image, so a mostRecent query has something to choose between.
func DefaultImages() []Image {
	return []Image{
		{ID: "aliyun_3_x64_20G_alibase_20240819.vhd", Name: "aliyun_3_x64_20G_alibase_20240819.vhd", OwnerAlias: "system", Architecture: "x86_64", OSType: "linux", CreationTime: "2024-08-20T03:00:00Z"},
		{ID: "aliyun_3_x64_20G_alibase_20250629.vhd", Name: "aliyun_3_x64_20G_alibase_20250629.vhd", OwnerAlias: "system", Architecture: "x86_64", OSType: "linux", CreationTime: "2025-06-30T03:00:00Z"},
		{ID: "ubuntu_22_04_x64_20G_alibase_20250101.vhd", Name: "ubuntu_22_04_x64_20G_alibase_20250101.vhd", OwnerAlias: "system", Architecture: "x86_64", OSType: "linux", CreationTime: "2025-01-02T03:00:00Z"},
	}
}

// SetImages replaces the image catalogue getImages searches.
func (c *Cloud) SetImages(images []Image) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.images = append([]Image(nil), images...)
}

// Ops returns, in order, every mutating call that reached the cloud (Create/Update/Delete, not preview,
// not Check/Diff), including the ones that failed (Err set).
func (c *Cloud) Ops() []Op {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Op(nil), c.ops...)
}

// ResetOps clears the list Ops returns.
func (c *Cloud) ResetOps() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ops = nil
}

// InjectError makes the next Create, Update or Delete (kind: OpCreate, OpUpdate, OpDelete) of a resource
// of type token fail with err before it changes anything. Each injection fails one call; inject again
// for more.
func (c *Cloud) InjectError(token, kind string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.injected = append(c.injected, injection{token: token, kind: kind, err: err})
}

// takeInjected returns and removes the first injection for token and kind. Callers hold c.mu.
func (c *Cloud) takeInjected(token, kind string) error {
	for i, inj := range c.injected {
		if inj.token == token && inj.kind == kind {
			c.injected = append(c.injected[:i], c.injected[i+1:]...)
			return inj.err
		}
	}
	return nil
}

// Resources returns the live resources of type token, in creation order, each with a copy of its state.
func (c *Cloud) Resources(token string) []Resource {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Resource
	for _, r := range c.listLocked(token) {
		out = append(out, Resource{Type: r.Type, ID: r.ID, URN: r.URN, Outputs: r.Outputs.Copy()})
	}
	return out
}

// All returns every live resource, in creation order.
func (c *Cloud) All() []Resource {
	return c.Resources("")
}

// Instances returns every live ECS instance, in creation order.
func (c *Cloud) Instances() []Host {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Host
	for _, r := range c.listLocked(TokenInstance) {
		out = append(out, hostOf(r))
	}
	return out
}

// HostByAddress returns the running ECS instance that owns addr as its private or public IP.
func (c *Cloud) HostByAddress(addr string) (Host, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.listLocked(TokenInstance) {
		if str(r.Outputs, "status") != "Running" {
			continue
		}
		h := hostOf(r)
		if addr != "" && (h.PrivateIP == addr || h.PublicIP == addr) {
			return h, true
		}
	}
	return Host{}, false
}

func hostOf(r *Resource) Host {
	return Host{
		InstanceID: r.ID,
		Name:       str(r.Outputs, "instanceName"),
		Zone:       str(r.Outputs, "availabilityZone"),
		PrivateIP:  str(r.Outputs, "privateIp"),
		PublicIP:   str(r.Outputs, "publicIp"),
		VswitchID:  str(r.Outputs, "vswitchId"),
	}
}

// ConnectEndpoint records one endpoint connected to the endpoint service serviceID (as a consumer's
// endpoint would be), so that deleting the service is refused while it stays connected.
func (c *Cloud) ConnectEndpoint(serviceID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.live[serviceID]; r == nil || r.Type != TokenEndpointService {
		return fmt.Errorf("cloudsim: no endpoint service %q", serviceID)
	}
	c.conns[serviceID]++
	return nil
}

// DisconnectEndpoints removes every connection ConnectEndpoint recorded for serviceID.
func (c *Cloud) DisconnectEndpoints(serviceID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.conns, serviceID)
}

// Seed adds a resource that exists in the account but was not created through the provider (for
// example brokers of an existing cluster that the program reads with getInstances). outputs uses the
// Pulumi property names; the ID is allocated like a created resource's. Seed does not validate.
func (c *Cloud) Seed(token string, outputs resource.PropertyMap) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := str(outputs, "id")
	if id == "" {
		id = c.nextID(idPrefix[token])
	}
	out := outputs.Copy()
	out["id"] = resource.NewStringProperty(id)
	c.putLocked(&Resource{Type: token, ID: id, Outputs: out})
	return id
}

// idPrefix is the ID prefix of each resource type that has a generated ID (facts: "(out) id" rows).
var idPrefix = map[string]string{
	TokenNetwork:         "vpc",
	TokenSwitch:          "vsw",
	TokenSecurityGroup:   "sg",
	TokenInstance:        "i",
	TokenLoadBalancer:    "nlb",
	TokenServerGroup:     "sgp",
	TokenListener:        "lsn",
	TokenEndpointService: "epsrv",
}

// nextID returns a deterministic ID such as "vpc-sim000001". Callers hold c.mu.
func (c *Cloud) nextID(prefix string) string {
	if prefix == "" {
		prefix = "res"
	}
	c.seq[prefix]++
	return fmt.Sprintf("%s-sim%06d", prefix, c.seq[prefix])
}

// putLocked stores r as live. Callers hold c.mu.
func (c *Cloud) putLocked(r *Resource) {
	if _, ok := c.live[r.ID]; !ok {
		c.order = append(c.order, r.ID)
	}
	c.live[r.ID] = r
}

// removeLocked deletes the resource id. Callers hold c.mu.
func (c *Cloud) removeLocked(id string) {
	delete(c.live, id)
	for i, o := range c.order {
		if o == id {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
}

// listLocked returns the live resources of token ("" for all) in creation order. Callers hold c.mu.
func (c *Cloud) listLocked(token string) []*Resource {
	var out []*Resource
	for _, id := range c.order {
		if r := c.live[id]; r != nil && (token == "" || r.Type == token) {
			out = append(out, r)
		}
	}
	return out
}

// getLocked returns the live resource id of type token, or nil. Callers hold c.mu.
func (c *Cloud) getLocked(token, id string) *Resource {
	if r := c.live[id]; r != nil && r.Type == token {
		return r
	}
	return nil
}

// record appends an Op. Callers hold c.mu.
func (c *Cloud) record(kind, token string, urn resource.URN, id string, err error) {
	op := Op{Kind: kind, Type: token, URN: urn, ID: id}
	if err != nil {
		op.Err = err.Error()
	}
	c.ops = append(c.ops, op)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// errNotFound reports a resource missing from the simulated state.
var errNotFound = errors.New("not found")
