package cloudsim

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// createTime is the fixed creation time of every simulated resource (deterministic state).
const createTime = "2026-01-01T00:00:00Z"

// apiName matches the VPC API's name rule: starts with a letter (or Chinese character), and does not
// start with http:// or https://. The length is checked separately.
var apiName = regexp.MustCompile(`^[A-Za-z\p{Han}]`)

// checkAPIName applies a VPC/ECS API name or description rule: length lo..hi, starting with a letter,
// not starting with http(s)://. It returns "" when the value is acceptable.
func checkAPIName(v string, lo, hi int) string {
	switch {
	case len(v) < lo || len(v) > hi:
		return fmt.Sprintf("length %d is outside %d-%d", len(v), lo, hi)
	case !apiName.MatchString(v):
		return "must start with a letter"
	case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
		return "must not start with http:// or https://"
	}
	return ""
}

// facts: vpc/network:Network -> alicloud_vpc (resource_alicloud_vpc.go).
var networkSchema = schemaMap{
	"vpcName":         {tf: "vpc_name", computed: true},
	"name":            {tf: "name", computed: true},
	"cidrBlock":       {tf: "cidr_block", computed: true},
	"description":     {tf: "description"},
	"enableIpv6":      {tf: "enable_ipv6"},
	"resourceGroupId": {tf: "resource_group_id", computed: true},
	"tags":            {tf: "tags"},
	"dryRun":          {tf: "dry_run"},
	"isDefault":       {tf: "is_default", forceNew: true},
	"dnsHostnameStatus": {tf: "dns_hostname_status", computed: true,
		validate: []validator{inSlice("ENABLED", "DISABLED")}},
}

// facts: vpc/switch:Switch -> alicloud_vswitch (resource_alicloud_vswitch.go).
var switchSchema = schemaMap{
	"vswitchName":      {tf: "vswitch_name", computed: true},
	"name":             {tf: "name", computed: true},
	"vpcId":            {tf: "vpc_id", computed: true, forceNew: true},
	"cidrBlock":        {tf: "cidr_block", computed: true, forceNew: true},
	"zoneId":           {tf: "zone_id", computed: true, forceNew: true},
	"availabilityZone": {tf: "availability_zone", computed: true, forceNew: true},
	"description":      {tf: "description"},
	"enableIpv6":       {tf: "enable_ipv6"},
	"tags":             {tf: "tags"},
	"isDefault":        {tf: "is_default", forceNew: true},
}

func init() {
	register(&kind{
		token: TokenNetwork, tfType: "alicloud_vpc", schema: networkSchema,
		check: func(name string, news resource.PropertyMap) []plugin.CheckFailure {
			// tf: resource_alicloud_vpc.go vpc_name ConflictsWith name.
			return conflictsWith(name, news, networkSchema, "vpcName", "name")
		},
		computed: []string{"id", "status", "routeTableId", "routerId", "createTime", "regionId", "resourceGroupId", "cidrBlock", "vpcName"},
		create:   createNetwork,
		update:   updateNetwork,
		del:      deleteNetwork,
	})
	register(&kind{
		token: TokenSwitch, tfType: "alicloud_vswitch", schema: switchSchema,
		check: func(name string, news resource.PropertyMap) []plugin.CheckFailure {
			fails := conflictsWith(name, news, switchSchema, "vswitchName", "name")
			// tf: resource_alicloud_vswitch.go zone_id ExactlyOneOf {zone_id, availability_zone}.
			if present(news, "zoneId") && present(news, "availabilityZone") {
				fails = append(fails, failure(name, "zoneId", "zoneId",
					"\"zone_id\": only one of `availability_zone,zone_id` can be specified, but `availability_zone,zone_id` were specified."))
			} else if !present(news, "zoneId") && !present(news, "availabilityZone") {
				fails = append(fails, failure(name, "zoneId", "zoneId", "\"zone_id\": one of `availability_zone,zone_id` must be specified"))
			}
			return fails
		},
		computed: []string{"id", "status", "createTime", "vswitchName", "zoneId", "availabilityZone", "vpcId", "cidrBlock"},
		create:   createSwitch,
		update:   updateSwitch,
		del:      deleteSwitch,
	})
}

// forbiddenVPC are the blocks the VPC API refuses (facts: vpc/network cidr_block, API doc).
var forbiddenVPC = []string{"100.64.0.0/10", "224.0.0.0/4", "127.0.0.0/8", "169.254.0.0/16"}

// vpcCIDRProblem returns why s is not an acceptable VPC CIDR block, or "".
// facts: vpc/network cidr_block (API doc): mask /8-/28; 100.64/10, 224/4, 127/8, 169.254/16 forbidden.
func vpcCIDRProblem(s string) string {
	p, ok := parseCIDR(s)
	if !ok {
		return "not a valid IPv4 CIDR block"
	}
	if p.Bits() < 8 || p.Bits() > 28 {
		return fmt.Sprintf("mask /%d is outside /8-/28", p.Bits())
	}
	for _, f := range forbiddenVPC {
		if fp, _ := parseCIDR(f); overlaps(fp, p) {
			return "overlaps the reserved block " + f
		}
	}
	return ""
}

func createNetwork(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	const tf, action = "alicloud_vpc", "CreateVpc"
	cidr := str(in, "cidrBlock")
	if cidr == "" {
		cidr = "172.16.0.0/12" // API default when CidrBlock is not sent.
	}
	if p := vpcCIDRProblem(cidr); p != "" {
		// Code unverified: the CreateVpc error table was not at hand; InvalidCidrBlock.Malformed is the
		// code CreateVSwitch documents for a malformed block.
		return "", nil, apiErr(tf, action, 400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid. ("+p+")")
	}
	if err := checkVPCText(tf, action, in); err != nil {
		return "", nil, err
	}
	id := c.nextID("vpc")
	name := str(in, "vpcName")
	if name == "" {
		name = str(in, "name")
	}
	out := echo(in, map[string]resource.PropertyValue{
		"cidrBlock": sv(cidr), "vpcName": sv(name), "name": sv(name), "status": sv("Available"),
		"routeTableId": sv(strings.Replace(id, "vpc-", "vtb-", 1)), "routerTableId": sv(strings.Replace(id, "vpc-", "vtb-", 1)),
		"routerId": sv(strings.Replace(id, "vpc-", "vrt-", 1)), "createTime": sv(createTime), "regionId": sv(c.region),
		"resourceGroupId": sv("rg-simdefault"),
	})
	return id, out, nil
}

// checkVPCText applies the VPC API's name and description rules (facts: vpc/network vpc_name 1-128
// starting with a letter; description 1-256 not starting with http(s)://; both "unverified", so
// enforced).
func checkVPCText(res, action string, in resource.PropertyMap) error {
	if v := str(in, "vpcName"); v != "" {
		if p := checkAPIName(v, 1, 128); p != "" {
			return apiErr(res, action, 400, "InvalidVpcName.Malformed", "Specified VPC name is not valid. ("+p+")")
		}
	}
	if v := str(in, "description"); v != "" {
		if len(v) > 256 || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
			return apiErr(res, action, 400, "InvalidVpcDiscription.Malformed", "Specified VPC description is not valid.")
		}
	}
	return nil
}

func updateNetwork(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
	const action = "ModifyVpcAttribute"
	if err := checkVPCText(r.ID, action, news); err != nil {
		return nil, err
	}
	out := merge(r.Outputs, news)
	if cidr := str(news, "cidrBlock"); cidr != "" && cidr != str(r.Outputs, "cidrBlock") {
		// facts: vpc/network cidr_block is not ForceNew; ModifyVpcAttribute resizes in place and fails
		// if addresses in use fall outside the new block.
		if p := vpcCIDRProblem(cidr); p != "" {
			return nil, apiErr(r.ID, action, 400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid. ("+p+")")
		}
		np, _ := parseCIDR(cidr)
		for _, sw := range c.switchesOf(r.ID) {
			if sp, ok := parseCIDR(str(sw.Outputs, "cidrBlock")); ok && !contains(np, sp) {
				return nil, apiErr(r.ID, action, 400, "InvalidCidrBlock.Malformed",
					fmt.Sprintf("Specified CIDR block does not contain vSwitch %s (%s).", sw.ID, sp))
			}
		}
	}
	if name := str(news, "vpcName"); name != "" {
		out["name"] = sv(name)
	}
	return out, nil
}

// deleteNetwork refuses while vSwitches or security groups remain. TF retries DependencyViolation.VSwitch
// and DependencyViolation.SecurityGroup until its 5-minute timeout and then fails with that error
// (facts: vpc/network Delete); the simulator fails at once with the same code.
func deleteNetwork(c *Cloud, r *Resource) error {
	if sws := c.switchesOf(r.ID); len(sws) > 0 {
		return apiErr(r.ID, "DeleteVpc", 400, "DependencyViolation.VSwitch",
			fmt.Sprintf("Specified VPC has vSwitches: %s.", sws[0].ID))
	}
	for _, sg := range c.listLocked(TokenSecurityGroup) {
		if str(sg.Outputs, "vpcId") == r.ID {
			return apiErr(r.ID, "DeleteVpc", 400, "DependencyViolation.SecurityGroup",
				fmt.Sprintf("Specified VPC has security group %s.", sg.ID))
		}
	}
	return nil
}

// switchesOf returns the vSwitches of VPC vpcID. Callers hold c.mu.
func (c *Cloud) switchesOf(vpcID string) []*Resource {
	var out []*Resource
	for _, sw := range c.listLocked(TokenSwitch) {
		if str(sw.Outputs, "vpcId") == vpcID {
			out = append(out, sw)
		}
	}
	return out
}

// switchZone returns the zone input of a vSwitch (zone_id or the deprecated availability_zone).
func switchZone(in resource.PropertyMap) string {
	if z := str(in, "zoneId"); z != "" {
		return z
	}
	return str(in, "availabilityZone")
}

// createSwitch applies CreateVSwitch's documented rules (facts: vpc/switch cidr_block, API doc; error
// codes from the CreateVSwitch API reference's error table).
func createSwitch(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	const tf, action = "alicloud_vswitch", "CreateVSwitch"
	vpcID, zone := str(in, "vpcId"), switchZone(in)
	vpc := c.getLocked(TokenNetwork, vpcID)
	if vpc == nil {
		return "", nil, apiErr(tf, action, 404, "InvalidVpcId.NotFound", "Specified VPC does not exist.")
	}
	if !zoneOfRegion(zone, c.region) {
		return "", nil, apiErr(tf, action, 404, "InvalidZoneId.NotFound", "Specified zone does not exist.")
	}
	p, ok := parseCIDR(str(in, "cidrBlock"))
	if !ok {
		return "", nil, apiErr(tf, action, 400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.")
	}
	if p.Bits() < 16 || p.Bits() > 29 {
		// The code's spelling is the API's own ("Cirdr").
		return "", nil, apiErr(tf, action, 400, "InvalidCirdrBlock.MaskLength", "Specified CIDR block is not valid .")
	}
	vp, _ := parseCIDR(str(vpc.Outputs, "cidrBlock"))
	if !contains(vp, p) {
		return "", nil, apiErr(tf, action, 400, "InvalidParameter", "Specified CIDR block is not valid in VPC.")
	}
	sws := c.switchesOf(vpcID)
	for _, sw := range sws {
		if op, ok := parseCIDR(str(sw.Outputs, "cidrBlock")); ok && overlaps(op, p) {
			return "", nil, apiErr(tf, action, 400, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other subnets.")
		}
	}
	if len(sws) >= 150 { // facts: vpc/network, API doc: at most 150 vSwitches per VPC.
		return "", nil, apiErr(tf, action, 400, "QuotaExceeded.VSwitch", "Virtual switch quota exceeded.")
	}
	if err := checkSwitchText(tf, action, in); err != nil {
		return "", nil, err
	}
	name := str(in, "vswitchName")
	if name == "" {
		name = str(in, "name")
	}
	id := c.nextID("vsw")
	return id, echo(in, map[string]resource.PropertyValue{
		"vpcId": sv(vpcID), "zoneId": sv(zone), "availabilityZone": sv(zone), "cidrBlock": sv(p.String()),
		"vswitchName": sv(name), "name": sv(name), "status": sv("Available"), "createTime": sv(createTime),
	}), nil
}

// checkSwitchText applies CreateVSwitch's name and description rules: 2-128 and 2-256 characters,
// starting with a letter, not with http(s):// (CreateVSwitch API reference; facts: vpc/switch
// description "unverified", so enforced).
func checkSwitchText(res, action string, in resource.PropertyMap) error {
	if v := str(in, "vswitchName"); v != "" {
		if p := checkAPIName(v, 2, 128); p != "" {
			return apiErr(res, action, 400, "InvalidVSwitchName.Malformed", "Specified virtual switch name is not valid. ("+p+")")
		}
	}
	if v := str(in, "description"); v != "" {
		if p := checkAPIName(v, 2, 256); p != "" {
			// The code's spelling is the API's own ("Discription").
			return apiErr(res, action, 400, "InvalidVSwitchDiscription.Malformed", "Specified virtual switch description is not valid. ("+p+")")
		}
	}
	return nil
}

func updateSwitch(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
	if err := checkSwitchText(r.ID, "ModifyVSwitchAttribute", news); err != nil {
		return nil, err
	}
	out := merge(r.Outputs, news)
	if name := str(news, "vswitchName"); name != "" {
		out["name"] = sv(name)
	}
	return out, nil
}

// deleteSwitch refuses while instances or NLB zone mappings (ENIs) use the vSwitch. TF retries
// DependencyViolation (and about 17 similar codes) until its 10-minute timeout, then fails with it
// (facts: vpc/switch Delete; tf: resource_alicloud_vswitch.go L387); the simulator fails at once.
func deleteSwitch(c *Cloud, r *Resource) error {
	for _, inst := range c.listLocked(TokenInstance) {
		if str(inst.Outputs, "vswitchId") == r.ID {
			return apiErr(r.ID, "DeleteVSwitch", 400, "DependencyViolation",
				fmt.Sprintf("Specified object has dependent resources: instance %s.", inst.ID))
		}
	}
	for _, lb := range c.listLocked(TokenLoadBalancer) {
		for _, zm := range objects(lb.Outputs, "zoneMappings") {
			if str(zm, "vswitchId") == r.ID {
				return apiErr(r.ID, "DeleteVSwitch", 400, "DependencyViolation",
					fmt.Sprintf("Specified object has dependent resources: NLB %s ENI %s.", lb.ID, str(zm, "eniId")))
			}
		}
	}
	return nil
}

// usedAddresses returns every private address taken in vSwitch swID: instances' primary IPs and NLB
// zone-mapping ENIs. except is an ID whose addresses are left out (the resource being updated).
// Callers hold c.mu.
func (c *Cloud) usedAddresses(swID, except string) map[string]bool {
	used := map[string]bool{}
	for _, inst := range c.listLocked(TokenInstance) {
		if inst.ID != except && str(inst.Outputs, "vswitchId") == swID {
			used[str(inst.Outputs, "privateIp")] = true
		}
	}
	for _, lb := range c.listLocked(TokenLoadBalancer) {
		if lb.ID == except {
			continue
		}
		for _, zm := range objects(lb.Outputs, "zoneMappings") {
			if str(zm, "vswitchId") == swID {
				used[str(zm, "privateIpv4Address")] = true
			}
		}
	}
	return used
}

// switchPrefix returns the CIDR block of vSwitch sw.
func switchPrefix(sw *Resource) netip.Prefix {
	p, _ := parseCIDR(str(sw.Outputs, "cidrBlock"))
	return p
}

// zoneOfRegion says whether zone names a zone of region. Alibaba Cloud zone IDs are the region ID
// followed by a letter, with a dash in some regions and without in others: ap-southeast-1a,
// us-west-1b, but cn-hangzhou-h and cn-beijing-k (ECS DescribeZones, "ZoneId").
func zoneOfRegion(zone, region string) bool {
	rest, ok := strings.CutPrefix(zone, region)
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(rest, "-")
	return len(rest) == 1 && rest[0] >= 'a' && rest[0] <= 'z'
}
