package cloudsim

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// diskCategories are system_disk_category's values (facts: ecs/instance system_disk_category).
var diskCategories = []string{"all", "cloud", "ephemeral_ssd", "cloud_essd", "cloud_efficiency", "cloud_ssd", "local_disk", "cloud_auto", "cloud_essd_entry"}

// tagValue is the TF validator of every tag value (tf: alicloud/tags.go L53-62, tagsSchemaWithIgnore).
var tagValue = sdkNotMatch(regexp.MustCompile(`(^acs:.*)|(^aliyun.*)|(/.*http://.*\.\w+/gm)|(/.*https://.*\.\w+/gm)`),
	"It cannot begin with \"aliyun\", \"acs:\"; without \"http://\", and \"https://\".")

// chargeType reads instance_charge_type for the PrePaid DiffSuppress functions.
func chargeType(news, olds resource.PropertyMap) string {
	if t := str(news, "instanceChargeType"); t != "" {
		return t
	}
	return str(olds, "instanceChargeType")
}

// facts: ecs/instance:Instance -> alicloud_instance (resource_alicloud_instance.go).
var instanceSchema = schemaMap{
	"availabilityZone": {tf: "availability_zone", computed: true, forceNew: true},
	"imageId":          {tf: "image_id", computed: true},
	"instanceType": {tf: "instance_type", computed: true,
		validate: []validator{match(regexp.MustCompile(`^ecs\..*`), "prefix must be 'ecs.'")}},
	"securityGroups": {tf: "security_groups", computed: true, set: true},
	"instanceName":   {tf: "instance_name", computed: true, validate: []validator{lenBetween(2, 128)}},
	"description":    {tf: "description", computed: true, validate: []validator{lenBetween(2, 256)}},
	"internetChargeType": {tf: "internet_charge_type", computed: true,
		validate: []validator{inSlice("PayByBandwidth", "PayByTraffic")},
		// facts: DiffSuppress while internet_max_bandwidth_out is 0 or unset (ecsInternetDiffSuppressFunc).
		suppress: func(_, _ resource.PropertyValue, news, olds resource.PropertyMap) bool {
			n, _ := num(news, "internetMaxBandwidthOut")
			if !present(news, "internetMaxBandwidthOut") {
				n, _ = num(olds, "internetMaxBandwidthOut")
			}
			return n <= 0
		}},
	"internetMaxBandwidthOut": {tf: "internet_max_bandwidth_out", computed: true},
	"hostName":                {tf: "host_name", computed: true},
	"systemDiskCategory":      {tf: "system_disk_category", computed: true, forceNew: true, validate: []validator{inSlice(diskCategories...)}},
	"systemDiskSize":          {tf: "system_disk_size", computed: true},
	"dataDisks": {tf: "data_disks", list: true, minItems: 1, maxItems: 16, elem: schemaMap{
		"name":                 {tf: "name", forceNew: true, validate: []validator{lenBetween(2, 128)}},
		"size":                 {tf: "size", required: true, forceNew: true},
		"category":             {tf: "category", forceNew: true, dflt: defaultOf(sv("cloud_efficiency")), validate: []validator{inSlice(append(append([]string(nil), diskCategories...), "cloud_regional_disk_auto", "elastic_ephemeral_disk_standard", "elastic_ephemeral_disk_premium")...)}},
		"encrypted":            {tf: "encrypted", forceNew: true, dflt: defaultOf(bv(false))},
		"kmsKeyId":             {tf: "kms_key_id"},
		"snapshotId":           {tf: "snapshot_id", forceNew: true},
		"autoSnapshotPolicyId": {tf: "auto_snapshot_policy_id", forceNew: true},
		"deleteWithInstance":   {tf: "delete_with_instance", forceNew: true, dflt: defaultOf(bv(true))},
		"description":          {tf: "description", forceNew: true, validate: []validator{lenBetween(2, 256)}},
		"performanceLevel":     {tf: "performance_level"},
		"device":               {tf: "device", forceNew: true},
	}},
	"vswitchId":          {tf: "vswitch_id", computed: true},
	"privateIp":          {tf: "private_ip", computed: true},
	"instanceChargeType": {tf: "instance_charge_type", computed: true, validate: []validator{inSlice("PrePaid", "PostPaid")}},
	"keyName":            {tf: "key_name", computed: true},
	"deletionProtection": {tf: "deletion_protection",
		// facts: deletion_protection DiffSuppress when PrePaid (PrePaidDiffSuppressFunc).
		suppress: func(_, _ resource.PropertyValue, news, olds resource.PropertyMap) bool {
			return strings.EqualFold(chargeType(news, olds), "PrePaid")
		}},
	"forceDelete": {tf: "force_delete", dflt: defaultOf(bv(false)),
		// tf: PostPaidDiffSuppressFunc: suppressed unless PrePaid.
		suppress: func(_, _ resource.PropertyValue, news, olds resource.PropertyMap) bool {
			return !strings.EqualFold(chargeType(news, olds), "PrePaid")
		}},
	"tags":               {tf: "tags", mapElem: []validator{tagValue}},
	"volumeTags":         {tf: "volume_tags", computed: true},
	"status":             {tf: "status", computed: true, validate: []validator{inSlice("Running", "Stopped")}},
	"userData":           {tf: "user_data"},
	"launchTemplateId":   {tf: "launch_template_id"},
	"launchTemplateName": {tf: "launch_template_name"},
	"password":           {tf: "password"},
	"resourceGroupId":    {tf: "resource_group_id", computed: true},
	"roleName":           {tf: "role_name", computed: true, forceNew: true},
}

func init() {
	register(&kind{
		token: TokenInstance, tfType: "alicloud_instance", schema: instanceSchema,
		check: func(name string, news resource.PropertyMap) []plugin.CheckFailure {
			s := instanceSchema
			// tf: image_id and instance_type are each AtLeastOneOf with a launch template.
			fails := atLeastOneOf(name, news, s, "imageId", "launchTemplateId", "launchTemplateName")
			return append(fails, atLeastOneOf(name, news, s, "instanceType", "launchTemplateId", "launchTemplateName")...)
		},
		computed: []string{"id", "status", "privateIp", "publicIp", "availabilityZone", "vpcId", "vswitchId", "createTime",
			"instanceChargeType", "internetChargeType", "internetMaxBandwidthOut", "systemDiskCategory", "hostName", "instanceName",
			"keyName", "securityGroups", "primaryIpAddress", "networkInterfaceId", "cpu", "memory", "osType", "osName"},
		create: createInstance,
		update: updateInstance,
		del:    deleteInstance,
	})
}

// hostNameProblem returns why a Linux host name is invalid (facts: ecs/instance host_name, TF doc:
// at least 2 characters, not starting or ending with "." or "-", no consecutive "." or "-").
func hostNameProblem(h string) string {
	switch {
	case len(h) < 2:
		return "shorter than 2 characters"
	case strings.HasPrefix(h, ".") || strings.HasPrefix(h, "-") || strings.HasSuffix(h, ".") || strings.HasSuffix(h, "-"):
		return "starts or ends with \".\" or \"-\""
	case regexp.MustCompile(`[.\-]{2}`).MatchString(h):
		return "has consecutive \".\" or \"-\""
	}
	return ""
}

// placeAddress validates or allocates the primary private IP of an instance in vSwitch sw (facts:
// ecs/instance private_ip, API doc: free, inside the vSwitch CIDR, not reserved; error codes from the
// RunInstances/ModifyInstanceVpcAttribute error tables). except is the instance's own ID on update.
func (c *Cloud) placeAddress(res, action string, sw *Resource, want, except string, mismatchCode string) (string, error) {
	p := switchPrefix(sw)
	used := c.usedAddresses(sw.ID, except)
	if want == "" {
		a, ok := firstFree(p, used)
		if !ok {
			return "", apiErr(res, action, 400, "QuotaExceeded.PrivateIpAddress", "Don't have enough private IPs in this switch")
		}
		return a, nil
	}
	addr, err := netip.ParseAddr(want)
	if err != nil || !addr.Is4() {
		return "", apiErr(res, action, 400, "InvalidPrivateIpAddress.Malformed", "Specified private IP address is malformed.")
	}
	if !p.Contains(addr) {
		return "", apiErr(res, action, 400, mismatchCode, "Specified private IP address is not in the CIDR block of virtual switch.")
	}
	if reserved(p, addr) {
		// Code unverified: the API reserves these addresses (CreateVSwitch doc); the refusal's code was
		// not found, so the not-usable code of the same table is used.
		return "", apiErr(res, action, 400, mismatchCode, fmt.Sprintf("Specified private IP address %s is reserved by the virtual switch %s.", want, p))
	}
	if used[want] {
		return "", apiErr(res, action, 400, "InvalidPrivateIpAddress.Duplicated", "Specified private IP address is duplicated.")
	}
	return want, nil
}

// checkInstanceRefs checks the image, key pair and security groups an instance refers to.
func (c *Cloud) checkInstanceRefs(res, action string, in resource.PropertyMap, vpcID string) error {
	if img := str(in, "imageId"); img != "" && !c.imageExists(img) {
		return apiErr(res, action, 404, "InvalidImageId.NotFound", "The specified ImageId does not exist.")
	}
	if key := str(in, "keyName"); key != "" && c.getLocked(TokenKeyPair, key) == nil {
		return apiErr(res, action, 404, "InvalidKeyPairName.NotFound", "The specified parameter \"KeyPairName\" does not exist in our records")
	}
	for _, g := range stringsOf(in, "securityGroups") {
		sg := c.getLocked(TokenSecurityGroup, g)
		if sg == nil {
			return apiErr(res, action, 404, "InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId does not exist.")
		}
		if str(sg.Outputs, "vpcId") != vpcID {
			return apiErr(res, action, 400, "InvalidParameter.Mismatch", "Specified security group and virtual switch are not in the same VPC.")
		}
	}
	if h := str(in, "hostName"); h != "" {
		if p := hostNameProblem(h); p != "" {
			return apiErr(res, action, 400, "InvalidHostName.Malformed", "The specified parameter HostName is not valid. ("+p+")")
		}
	}
	if bw, ok := num(in, "internetMaxBandwidthOut"); ok && (bw < 0 || bw > 100) {
		// facts: internet_max_bandwidth_out, TF doc 0-100 Mbps.
		return apiErr(res, action, 400, "InvalidInternetMaxBandwidthOut.Malformed", "The specified parameter internetMaxBandwidthOut is not valid.")
	}
	return nil
}

func (c *Cloud) imageExists(id string) bool {
	for _, img := range c.images {
		if img.ID == id {
			return true
		}
	}
	return false
}

// nextPublicIP returns a deterministic public address from the documentation range 203.0.113.0/24.
func (c *Cloud) nextPublicIP() string {
	c.publicN++
	return fmt.Sprintf("203.0.113.%d", c.publicN)
}

// createInstance follows RunInstances (facts: ecs/instance; error codes from the RunInstances table).
func createInstance(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	const tf, action = "alicloud_instance", "RunInstances"
	swID := str(in, "vswitchId")
	if swID == "" {
		return "", nil, apiErr(tf, action, 400, "MissingParameter", "The input parameter \"VSwitchId\" that is mandatory for processing this request is not supplied.")
	}
	sw := c.getLocked(TokenSwitch, swID)
	if sw == nil {
		return "", nil, apiErr(tf, action, 404, "InvalidVSwitchId.NotFound", "Specified virtual switch does not exist.")
	}
	zone := str(sw.Outputs, "zoneId")
	if z := str(in, "availabilityZone"); z != "" && z != zone {
		return "", nil, apiErr(tf, action, 400, "InvalidParameter.Mismatch", "Specified virtual switch is not in the specified zone.")
	}
	vpcID := str(sw.Outputs, "vpcId")
	if err := c.checkInstanceRefs(tf, action, in, vpcID); err != nil {
		return "", nil, err
	}
	ip, err := c.placeAddress(tf, action, sw, str(in, "privateIp"), "", "InvalidPrivateIpAddress")
	if err != nil {
		return "", nil, err
	}
	id := c.nextID("i")
	bw, _ := num(in, "internetMaxBandwidthOut")
	public := ""
	if bw > 0 { // facts: >0 allocates a public IP; "" when there is none.
		public = c.nextPublicIP()
	}
	name := str(in, "instanceName")
	if name == "" {
		name = "ECS-" + id // unverified: the API's default name
	}
	status := str(in, "status")
	if status == "" {
		status = "Running" // facts: status is Running after create
	}
	defaults := map[string]string{"instanceChargeType": "PostPaid", "internetChargeType": "PayByTraffic", "systemDiskCategory": "cloud_efficiency", "hostName": "iZ" + strings.TrimPrefix(id, "i-") + "Z"}
	computed := map[string]resource.PropertyValue{
		"status": sv(status), "privateIp": sv(ip), "primaryIpAddress": sv(ip), "publicIp": sv(public), "availabilityZone": sv(zone),
		"vpcId": sv(vpcID), "vswitchId": sv(swID), "instanceName": sv(name), "createTime": sv(createTime),
		"internetMaxBandwidthOut": nv(bw), "networkInterfaceId": sv(strings.Replace(id, "i-", "eni-", 1)),
		"deletionProtection": bv(boolean(in, "deletionProtection")), "keyName": sv(str(in, "keyName")),
		"securityGroups": svs(stringsOf(in, "securityGroups")), "osType": sv("linux"),
	}
	for k, v := range defaults {
		if s := str(in, k); s != "" {
			v = s
		}
		computed[k] = sv(v)
	}
	return id, echo(in, computed), nil
}

// updateInstance applies the in-place changes (facts: ecs/instance "what a change does") and re-checks
// the conflicts they can cause.
func updateInstance(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
	out := merge(r.Outputs, news)
	swID := str(out, "vswitchId")
	sw := c.getLocked(TokenSwitch, swID)
	if err := c.checkInstanceRefs(r.ID, "ModifyInstanceAttribute", news, str(r.Outputs, "vpcId")); err != nil {
		return nil, err
	}
	newSw, newIP := swID != str(r.Outputs, "vswitchId"), present(news, "privateIp") && str(news, "privateIp") != str(r.Outputs, "privateIp")
	if newSw || newIP {
		const action = "ModifyInstanceVpcAttribute"
		switch {
		case sw == nil:
			return nil, apiErr(r.ID, action, 404, "InvalidVSwitchId.NotFound", "Specified virtual switch does not exist.")
		case str(sw.Outputs, "vpcId") != str(r.Outputs, "vpcId"):
			return nil, apiErr(r.ID, action, 404, "InvalidVSwitchId.NotFound", "Specified virtual switch is not found in current VPC.")
		case str(sw.Outputs, "zoneId") != str(r.Outputs, "availabilityZone"):
			return nil, apiErr(r.ID, action, 400, "InvalidVSwitchId.Mismatch", "Specified instance and virtual switch are not in the same zone.")
		}
		want := str(news, "privateIp")
		if newSw && !present(news, "privateIp") {
			want = ""
		}
		ip, err := c.placeAddress(r.ID, action, sw, want, r.ID, "InvalidPrivateIpAddress.Mismatch")
		if err != nil {
			return nil, err
		}
		out["privateIp"], out["primaryIpAddress"] = sv(ip), sv(ip)
	}
	bw, _ := num(out, "internetMaxBandwidthOut")
	switch {
	case bw > 0 && str(r.Outputs, "publicIp") == "":
		out["publicIp"] = sv(c.nextPublicIP())
	case bw <= 0:
		out["publicIp"] = sv("")
	}
	if present(news, "deletionProtection") {
		out["deletionProtection"] = bv(boolean(news, "deletionProtection"))
	}
	return out, nil
}

// deleteInstance refuses what TF and the API refuse (facts: ecs/instance Delete L2636-2687).
func deleteInstance(c *Cloud, r *Resource) error {
	if strings.EqualFold(str(r.Outputs, "instanceChargeType"), "PrePaid") && !boolean(r.Outputs, "forceDelete") {
		return providerErr("Please convert 'PrePaid' instance to 'PostPaid' or set 'force_delete' as true before deleting 'PrePaid' instance.")
	}
	if boolean(r.Outputs, "deletionProtection") {
		// facts: HTTP 403 InvalidOperation.DeletionProtection, not retried by TF. Message unverified.
		return apiErr(r.ID, "DeleteInstance", 403, "InvalidOperation.DeletionProtection",
			"The specified instance has deletion protection enabled; disable it before deleting.")
	}
	return nil
}
