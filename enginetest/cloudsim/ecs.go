package cloudsim

import (
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// facts: ecs/securityGroup:SecurityGroup -> alicloud_security_group.
var securityGroupSchema = schemaMap{
	"securityGroupName": {tf: "security_group_name", computed: true},
	"name":              {tf: "name", computed: true},
	"description":       {tf: "description"},
	"vpcId":             {tf: "vpc_id", computed: true, forceNew: true},
	"securityGroupType": {tf: "security_group_type", computed: true, forceNew: true,
		validate: []validator{inSlice("normal", "enterprise")}},
	"innerAccessPolicy": {tf: "inner_access_policy", computed: true,
		validate: []validator{inSlice("Accept", "Drop")},
		// facts: DiffSuppress: every diff is suppressed when security_group_type == "enterprise".
		suppress: func(_, _ resource.PropertyValue, news, olds resource.PropertyMap) bool {
			t := str(news, "securityGroupType")
			if t == "" {
				t = str(olds, "securityGroupType")
			}
			return t == "enterprise"
		}},
	"innerAccess":     {tf: "inner_access", computed: true},
	"resourceGroupId": {tf: "resource_group_id", computed: true},
	"tags":            {tf: "tags"},
}

// facts: ecs/securityGroupRule:SecurityGroupRule -> alicloud_security_group_rule; validators are the
// plugin SDK's (tf: resource_alicloud_security_group_rule.go schema).
var securityGroupRuleSchema = schemaMap{
	"securityGroupId": {tf: "security_group_id", required: true, forceNew: true},
	"type":            {tf: "type", required: true, forceNew: true, validate: []validator{sdkInSlice("ingress", "egress")}},
	"ipProtocol": {tf: "ip_protocol", required: true, forceNew: true,
		validate: []validator{sdkInSlice("tcp", "udp", "icmp", "icmpv6", "gre", "all")}},
	"policy":                  {tf: "policy", forceNew: true, dflt: defaultOf(sv("accept")), validate: []validator{sdkInSlice("accept", "drop")}},
	"priority":                {tf: "priority", forceNew: true, dflt: defaultOf(nv(1)), validate: []validator{intBetween(1, 100, true)}},
	"cidrIp":                  {tf: "cidr_ip", forceNew: true},
	"sourceSecurityGroupId":   {tf: "source_security_group_id", forceNew: true},
	"ipv6CidrIp":              {tf: "ipv6_cidr_ip", forceNew: true},
	"sourceGroupOwnerAccount": {tf: "source_group_owner_account", forceNew: true},
	"prefixListId":            {tf: "prefix_list_id", computed: true, forceNew: true},
	"portRange": {tf: "port_range", forceNew: true, dflt: defaultOf(sv(allPorts)),
		// facts: port_range DiffSuppress: for tcp/udp a new value of -1/-1 is suppressed; for other
		// protocols every value except -1/-1 is suppressed.
		suppress: func(_, newV resource.PropertyValue, news, _ resource.PropertyMap) bool {
			p := str(news, "ipProtocol")
			isAll := newV.IsString() && newV.StringValue() == allPorts
			if p == "tcp" || p == "udp" {
				return isAll
			}
			return !isAll
		}},
	"nicType":     {tf: "nic_type", computed: true, forceNew: true, validate: []validator{sdkInSlice("internet", "intranet")}},
	"description": {tf: "description"},
}

// allPorts is TF's AllPortRange.
const allPorts = "-1/-1"

// facts: ecs/ecsKeyPair:EcsKeyPair -> alicloud_ecs_key_pair.
var keyPairSchema = schemaMap{
	"keyPairName":     {tf: "key_pair_name", computed: true, forceNew: true, validate: []validator{lenBetween(2, 128)}},
	"keyNamePrefix":   {tf: "key_name_prefix", forceNew: true, validate: []validator{lenBetween(0, 100)}},
	"keyName":         {tf: "key_name", computed: true, forceNew: true},
	"publicKey":       {tf: "public_key"},
	"keyFile":         {tf: "key_file", forceNew: true},
	"resourceGroupId": {tf: "resource_group_id", computed: true},
	"tags":            {tf: "tags"},
}

func init() {
	register(&kind{
		token: TokenSecurityGroup, tfType: "alicloud_security_group", schema: securityGroupSchema,
		check: func(name string, news resource.PropertyMap) []plugin.CheckFailure {
			return conflictsWith(name, news, securityGroupSchema, "innerAccessPolicy", "innerAccess")
		},
		computed: []string{"id", "createTime", "securityGroupName", "name", "vpcId", "securityGroupType", "innerAccessPolicy", "innerAccess", "resourceGroupId"},
		create:   createSecurityGroup,
		update: func(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
			return merge(r.Outputs, news), nil
		},
		del: deleteSecurityGroup,
	})
	register(&kind{
		token: TokenSecurityGroupRule, tfType: "alicloud_security_group_rule", schema: securityGroupRuleSchema,
		check: func(name string, news resource.PropertyMap) []plugin.CheckFailure {
			s := securityGroupRuleSchema
			fails := atLeastOneOf(name, news, s, "cidrIp", "ipv6CidrIp", "sourceSecurityGroupId", "prefixListId")
			fails = append(fails, conflictsWith(name, news, s, "sourceSecurityGroupId", "cidrIp")...)
			return append(fails, conflictsWith(name, news, s, "ipv6CidrIp", "cidrIp")...)
		},
		computed: []string{"id", "nicType", "prefixListId", "securityGroupRuleId"},
		create:   createRule,
		update:   updateRule,
		del:      func(*Cloud, *Resource) error { return nil }, // facts: RevokeSecurityGroup; NotFound is success.
	})
	register(&kind{
		token: TokenKeyPair, tfType: "alicloud_ecs_key_pair", schema: keyPairSchema,
		check: func(name string, news resource.PropertyMap) []plugin.CheckFailure {
			s := keyPairSchema
			fails := conflictsWith(name, news, s, "keyPairName", "keyName")
			fails = append(fails, conflictsWith(name, news, s, "keyNamePrefix", "keyPairName")...)
			return append(fails, conflictsWith(name, news, s, "keyNamePrefix", "keyName")...)
		},
		computed: []string{"id", "keyPairName", "keyName", "fingerPrint", "createTime", "resourceGroupId"},
		create:   createKeyPair,
		update:   updateKeyPair,
		del:      deleteKeyPair,
	})
}

func createSecurityGroup(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	vpcID := str(in, "vpcId")
	if vpcID != "" && c.getLocked(TokenNetwork, vpcID) == nil {
		return "", nil, apiErr("alicloud_security_group", "CreateSecurityGroup", 404, "InvalidVpcId.NotFound", "Specified VPC does not exist.")
	}
	typ := str(in, "securityGroupType")
	if typ == "" {
		typ = "normal"
	}
	policy := str(in, "innerAccessPolicy")
	if policy == "" || typ == "enterprise" {
		policy = map[string]string{"normal": "Accept", "enterprise": "Drop"}[typ]
	}
	name := str(in, "securityGroupName")
	if name == "" {
		name = str(in, "name")
	}
	return c.nextID("sg"), echo(in, map[string]resource.PropertyValue{
		"vpcId": sv(vpcID), "securityGroupType": sv(typ), "innerAccessPolicy": sv(policy), "innerAccess": bv(policy == "Accept"),
		"securityGroupName": sv(name), "name": sv(name), "createTime": sv(createTime), "resourceGroupId": sv("rg-simdefault"),
	}), nil
}

// deleteSecurityGroup refuses while an instance uses the group or another group's rule references it.
// TF retries DependencyViolation until its 10-minute timeout, then fails (facts: ecs/securityGroup
// Delete); the simulator fails at once with the same code.
func deleteSecurityGroup(c *Cloud, r *Resource) error {
	for _, inst := range c.listLocked(TokenInstance) {
		for _, g := range stringsOf(inst.Outputs, "securityGroups") {
			if g == r.ID {
				return apiErr(r.ID, "DeleteSecurityGroup", 400, "DependencyViolation",
					fmt.Sprintf("There is still instance(s) in the specified security group: %s.", inst.ID))
			}
		}
	}
	for _, rule := range c.listLocked(TokenSecurityGroupRule) {
		if str(rule.Outputs, "sourceSecurityGroupId") == r.ID && str(rule.Outputs, "securityGroupId") != r.ID &&
			c.getLocked(TokenSecurityGroup, str(rule.Outputs, "securityGroupId")) != nil {
			return apiErr(r.ID, "DeleteSecurityGroup", 400, "DependencyViolation",
				fmt.Sprintf("The specified security group is referenced by a rule of %s.", str(rule.Outputs, "securityGroupId")))
		}
	}
	return nil
}

// portRangeProblem returns why a tcp/udp port range "from/to" is not valid (API: 1-65535, from <= to).
func portRangeProblem(pr string) string {
	parts := strings.Split(pr, "/")
	if len(parts) != 2 {
		return "not in the form from/to"
	}
	from, err1 := strconv.Atoi(parts[0])
	to, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || from < 1 || to > 65535 || from > to {
		return "ports must satisfy 1 <= from <= to <= 65535"
	}
	return ""
}

// createRule follows resourceAliyunSecurityGroupRuleCreate (tf: resource_alicloud_security_group_rule.go
// L120-268): the port range check, then the group lookup, then the nic_type check, then the API call.
func createRule(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	const tf = "alicloud_security_group_rule"
	proto, pr := str(in, "ipProtocol"), str(in, "portRange")
	if pr == "" {
		pr = allPorts
	}
	// facts: port_range, code: tcp/udp with -1/-1 fails at create; icmp/gre/all with anything else fails.
	if proto == "tcp" || proto == "udp" {
		if pr == allPorts {
			return "", nil, providerErr(" 'tcp' and 'udp' can support port range: [1, 65535]. Please correct it and try again.")
		}
	} else if pr != allPorts {
		return "", nil, providerErr(" 'icmp', 'gre' and 'all' only support port range '-1/-1'. Please correct it and try again.")
	}
	sgID := str(in, "securityGroupId")
	sg := c.getLocked(TokenSecurityGroup, sgID)
	if sg == nil {
		return "", nil, apiErr(sgID, "DescribeSecurityGroupAttribute", 404, "InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId does not exist.")
	}
	src := str(in, "sourceSecurityGroupId")
	nic := str(in, "nicType")
	// facts: nic_type, code: in a VPC group, or with a source group, the value must be intranet.
	if nic != "" && (str(sg.Outputs, "vpcId") != "" || src != "") && nic != "intranet" {
		return "", nil, providerErr(" When security group in the vpc or authorizing permission for source/destination security group, the nic_type must be 'intranet'.")
	}
	action := "AuthorizeSecurityGroup"
	if str(in, "type") == "egress" {
		action = "AuthorizeSecurityGroupEgress"
	}
	if proto == "tcp" || proto == "udp" {
		if p := portRangeProblem(pr); p != "" {
			// Code unverified (API doc): the API refuses ports outside 1-65535 or reversed ranges.
			return "", nil, apiErr(tf, action, 400, "InvalidPortRange.Malformed", "The specified parameter PortRange is not valid. ("+p+")")
		}
	}
	if src != "" && c.getLocked(TokenSecurityGroup, src) == nil {
		// Code unverified.
		return "", nil, apiErr(tf, action, 404, "InvalidSecurityGroupId.NotFound", "The specified source security group does not exist.")
	}
	if cidr := str(in, "cidrIp"); cidr != "" {
		if _, ok := parseCIDR(cidr); !ok && !isIPv4(cidr) {
			// Code unverified.
			return "", nil, apiErr(tf, action, 400, "InvalidSourceCidrIp.Malformed", "The specified parameter SourceCidrIp is not valid.")
		}
	}
	if d := str(in, "description"); len(d) > 512 {
		// facts: description API doc 1-512 chars (unverified; enforced). Code unverified.
		return "", nil, apiErr(tf, action, 400, "InvalidDescription.Malformed", "The specified parameter Description is not valid.")
	}
	// tf L262-266: the ID's sixth part is the cidr_ip, ipv6 (":" -> "_") or the source group. An unset
	// nic_type is absent from the request map and prints as "<nil>", as TF's %v does.
	target := str(in, "cidrIp")
	if v := str(in, "ipv6CidrIp"); v != "" {
		target = strings.ReplaceAll(v, ":", "_")
	}
	if src != "" {
		target = src
	}
	if target == "" {
		target = str(in, "prefixListId")
	}
	nicPart := nic
	if nicPart == "" {
		nicPart = "<nil>"
	}
	prio, _ := num(in, "priority")
	id := fmt.Sprintf("%s:%s:%s:%s:%s:%s:%s:%d", sgID, str(in, "type"), proto, pr, nicPart, target, str(in, "policy"), prio)
	if nic == "" {
		nic = "intranet" // the API's value for a VPC group
	}
	return id, echo(in, map[string]resource.PropertyValue{
		"nicType": sv(nic), "portRange": sv(pr), "prefixListId": sv(str(in, "prefixListId")),
		"securityGroupRuleId": sv(c.nextID("sgr")),
	}), nil
}

// isIPv4 reports whether s is a plain IPv4 address.
func isIPv4(s string) bool {
	_, ok := parseCIDR(s + "/32")
	return ok
}

// updateRule changes the description, the rule's only in-place field (facts: ModifySecurityGroupRule).
func updateRule(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
	if d := str(news, "description"); len(d) > 512 {
		return nil, apiErr(r.ID, "ModifySecurityGroupRule", 400, "InvalidDescription.Malformed", "The specified parameter Description is not valid.")
	}
	return merge(r.Outputs, news), nil
}

// keyPairName is the API's name rule: starts with a letter; letters, digits, ":" "_" "." "-"
// (facts: ecs/ecsKeyPair key_pair_name, API doc).
var keyPairName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9:_.\-]*$`)

// acceptedKeyTypes are the public key types ImportKeyPair accepts (facts: ecs/ecsKeyPair public_key,
// API doc: rsa, dsa, ssh-rsa, ssh-dss, ecdsa and the OpenSSH certificate variants). ssh-ed25519 is not
// listed; whether the API rejects it is unverified, so it is refused (the stricter reading).
var acceptedKeyTypes = map[string]bool{
	"ssh-rsa": true, "ssh-dss": true, "rsa": true, "dsa": true, "ecdsa": true,
	"ecdsa-sha2-nistp256": true, "ecdsa-sha2-nistp384": true, "ecdsa-sha2-nistp521": true,
	"ssh-rsa-cert-v00@openssh.com": true, "ssh-dss-cert-v00@openssh.com": true,
	"ssh-rsa-cert-v01@openssh.com": true, "ssh-dss-cert-v01@openssh.com": true,
	"ecdsa-sha2-nistp256-cert-v01@openssh.com": true, "ecdsa-sha2-nistp384-cert-v01@openssh.com": true,
	"ecdsa-sha2-nistp521-cert-v01@openssh.com": true,
}

// publicKeyProblem returns why ImportKeyPair refuses key, or "".
func publicKeyProblem(key string) string {
	fields := strings.Fields(key)
	if len(fields) < 2 {
		return "not in OpenSSH authorized_keys form"
	}
	if !acceptedKeyTypes[fields[0]] {
		return fmt.Sprintf("key type %q is not an accepted encryption method", fields[0])
	}
	if _, err := base64.StdEncoding.DecodeString(fields[1]); err != nil {
		return "key body is not base64"
	}
	return ""
}

func fingerprint(key string) string {
	sum := md5.Sum([]byte(strings.TrimSpace(key)))
	return fmt.Sprintf("%x", sum)
}

func createKeyPair(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	const tf = "alicloud_ecs_key_pair"
	// tf: resource_alicloud_ecs_key_pair.go L103-111: key_pair_name, key_name, a prefixed or a random name.
	name := str(in, "keyPairName")
	if name == "" {
		name = str(in, "keyName")
	}
	if name == "" {
		n := len(c.listLocked(TokenKeyPair)) + 1
		name = fmt.Sprintf("%sterraform-sim%06d", str(in, "keyNamePrefix"), n)
	}
	key := strings.TrimSpace(str(in, "publicKey")) // StateFunc trims whitespace.
	action := "CreateKeyPair"
	if key != "" {
		action = "ImportKeyPair"
	}
	if !keyPairName.MatchString(name) || strings.HasPrefix(name, "http://") || strings.HasPrefix(name, "https://") {
		// Code unverified.
		return "", nil, apiErr(tf, action, 400, "InvalidKeyPairName.Malformed", "The specified parameter KeyPairName is not valid.")
	}
	if c.getLocked(TokenKeyPair, name) != nil {
		// Code unverified.
		return "", nil, apiErr(tf, action, 400, "KeyPair.AlreadyExist", "The key pair already exist.")
	}
	if len(c.listLocked(TokenKeyPair)) >= 500 { // facts: at most 500 key pairs per region. Code unverified.
		return "", nil, apiErr(tf, action, 400, "QuotaExceed.KeyPair", "The key pair quota is exceeded.")
	}
	if key != "" {
		if p := publicKeyProblem(key); p != "" {
			// Code unverified.
			return "", nil, apiErr(tf, action, 400, "InvalidPublicKeyBody.Malformed", "The specified parameter PublicKeyBody is not valid. ("+p+")")
		}
	}
	out := echo(in, map[string]resource.PropertyValue{
		"keyPairName": sv(name), "keyName": sv(name), "fingerPrint": sv(fingerprint(key)),
		"createTime": sv(createTime), "resourceGroupId": sv("rg-simdefault"),
	})
	if key != "" {
		out["publicKey"] = sv(key)
	}
	return name, out, nil // facts: ID = key pair name.
}

// updateKeyPair records a public_key change in state but changes nothing in the cloud: TF's Update only
// handles resource_group_id and tags (facts: ecs/ecsKeyPair public_key). The fingerprint, which the
// cloud computes, keeps describing the key actually registered.
func updateKeyPair(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
	out := merge(r.Outputs, news)
	out["fingerPrint"] = r.Outputs["fingerPrint"]
	return out, nil
}

// deleteKeyPair refuses while an instance uses the key: TF retries
// InvalidParameter.KeypairAlreadyAttachedInstance until its 20-minute timeout, then fails (facts:
// ecs/ecsKeyPair Delete); the simulator fails at once with that code.
func deleteKeyPair(c *Cloud, r *Resource) error {
	for _, inst := range c.listLocked(TokenInstance) {
		if str(inst.Outputs, "keyName") == r.ID {
			return apiErr(r.ID, "DeleteKeyPairs", 400, "InvalidParameter.KeypairAlreadyAttachedInstance",
				fmt.Sprintf("The key pair is attached to instance %s.", inst.ID))
		}
	}
	return nil
}
