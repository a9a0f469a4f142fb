package cloudsim

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// nlbName is the NLB API's name rule for load balancers and server groups: 2-128 characters; letters,
// digits, ".", "_", "-"; starting with a letter (facts: load_balancer_name, server_group_name, TF/API
// doc; not in the schema, so checked at create and update).
var nlbName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._\-]{1,127}$`)

// nlbText is the NLB API's description rule for listener_description and the attachment description:
// 2-256 characters of letters, digits, Chinese characters, "," "." ";" "/" "@" "_" "-" (facts:
// nlb/listener listener_description and attachment description, API doc; enforcement unverified, so
// enforced: no spaces, no colons).
var nlbText = regexp.MustCompile(`^[A-Za-z0-9\p{Han},.;/@_\-]{2,256}$`)

// facts: nlb/loadBalancer:LoadBalancer -> alicloud_nlb_load_balancer.
var loadBalancerSchema = schemaMap{
	"loadBalancerName": {tf: "load_balancer_name"},
	"loadBalancerType": {tf: "load_balancer_type", computed: true, forceNew: true, validate: []validator{inSlice("Network", "Gateway", "Inner")}},
	"addressType":      {tf: "address_type", required: true},
	"addressIpVersion": {tf: "address_ip_version", computed: true, forceNew: true}, // facts: schema none.
	"vpcId":            {tf: "vpc_id", required: true, forceNew: true},
	"zoneMappings": {tf: "zone_mappings", required: true, list: true, set: true, elem: schemaMap{
		"zoneId":             {tf: "zone_id", required: true},
		"vswitchId":          {tf: "vswitch_id", required: true},
		"allocationId":       {tf: "allocation_id"},
		"privateIpv4Address": {tf: "private_ipv4_address", computed: true},
		"eniId":              {tf: "eni_id", computed: true},
		"status":             {tf: "status", computed: true},
	}},
	"crossZoneEnabled":             {tf: "cross_zone_enabled", computed: true},
	"paymentType":                  {tf: "payment_type", computed: true, forceNew: true, validate: []validator{inSlice("Subscription", "PayAsYouGo")}},
	"cps":                          {tf: "cps", validate: []validator{intBetween(0, 1000000, false)}},
	"modificationProtectionStatus": {tf: "modification_protection_status", computed: true, validate: []validator{inSlice("NonProtection", "ConsoleProtection")}},
	"deletionProtectionEnabled":    {tf: "deletion_protection_enabled", computed: true},
	"securityGroupIds":             {tf: "security_group_ids", computed: true},
	"bandwidthPackageId":           {tf: "bandwidth_package_id", computed: true},
	"resourceGroupId":              {tf: "resource_group_id", computed: true},
	"tags":                         {tf: "tags"},
}

// facts: nlb/serverGroup:ServerGroup -> alicloud_nlb_server_group (resource_alicloud_nlb_server_group.go).
var serverGroupSchema = schemaMap{
	"serverGroupName": {tf: "server_group_name", required: true},
	"serverGroupType": {tf: "server_group_type", computed: true, forceNew: true, validate: []validator{inSlice("Instance", "Ip")}},
	"vpcId":           {tf: "vpc_id", required: true, forceNew: true},
	"protocol":        {tf: "protocol", computed: true, forceNew: true, validate: []validator{inSlice("TCP", "UDP", "TCPSSL")}},
	"scheduler":       {tf: "scheduler", computed: true, validate: []validator{inSlice("Wrr", "Rr", "Qch", "Tch", "Sch", "Wlc")}},
	// facts: "The finding that matters most": DualStack or Ipv4 only, case-sensitive (L29-35).
	"addressIpVersion":        {tf: "address_ip_version", computed: true, forceNew: true, validate: []validator{inSlice("DualStack", "Ipv4")}},
	"anyPortEnabled":          {tf: "any_port_enabled", computed: true, forceNew: true},
	"preserveClientIpEnabled": {tf: "preserve_client_ip_enabled", computed: true},
	"connectionDrainEnabled":  {tf: "connection_drain_enabled", computed: true},
	"connectionDrain":         {tf: "connection_drain", computed: true},
	"connectionDrainTimeout":  {tf: "connection_drain_timeout", computed: true, validate: []validator{intBetween(10, 900, false)}},
	"healthCheck": {tf: "health_check", computed: true, elem: schemaMap{
		"healthCheckEnabled":        {tf: "health_check_enabled", computed: true},
		"healthCheckType":           {tf: "health_check_type", computed: true, validate: []validator{inSlice("TCP", "HTTP", "UDP")}},
		"healthCheckConnectPort":    {tf: "health_check_connect_port", computed: true, validate: []validator{intBetween(0, 65535, false)}},
		"healthCheckConnectTimeout": {tf: "health_check_connect_timeout", computed: true, validate: []validator{intBetween(0, 300, false)}},
		"healthCheckInterval":       {tf: "health_check_interval", computed: true, validate: []validator{intBetween(0, 50, false)}},
		"healthyThreshold":          {tf: "healthy_threshold", computed: true, validate: []validator{intBetween(2, 10, false)}},
		"unhealthyThreshold":        {tf: "unhealthy_threshold", computed: true, validate: []validator{intBetween(2, 10, false)}},
		"httpCheckMethod":           {tf: "http_check_method", computed: true, validate: []validator{inSlice("GET", "HEAD")}},
		"healthCheckHttpVersion":    {tf: "health_check_http_version", computed: true, validate: []validator{inSlice("HTTP1.0", "HTTP1.1")}},
		"healthCheckDomain":         {tf: "health_check_domain", computed: true},
		"healthCheckUrl":            {tf: "health_check_url", computed: true},
		"healthCheckHttpCodes":      {tf: "health_check_http_codes", computed: true},
	}},
	"resourceGroupId": {tf: "resource_group_id", computed: true},
	"tags":            {tf: "tags"},
}

// facts: nlb/serverGroupServerAttachment -> alicloud_nlb_server_group_server_attachment.
var attachmentSchema = schemaMap{
	"serverGroupId": {tf: "server_group_id", required: true, forceNew: true},
	"serverId":      {tf: "server_id", required: true, forceNew: true},
	"serverType":    {tf: "server_type", required: true, forceNew: true},
	"serverIp":      {tf: "server_ip", computed: true, forceNew: true},
	"port":          {tf: "port", computed: true, forceNew: true},
	"weight":        {tf: "weight", computed: true},
	"description":   {tf: "description"},
}

// facts: nlb/listener:Listener -> alicloud_nlb_listener.
var listenerSchema = schemaMap{
	"loadBalancerId":       {tf: "load_balancer_id", required: true, forceNew: true},
	"listenerPort":         {tf: "listener_port", required: true, forceNew: true, validate: []validator{intBetween(0, 65535, false)}},
	"listenerProtocol":     {tf: "listener_protocol", required: true, forceNew: true, validate: []validator{inSlice("TCP", "UDP", "TCPSSL")}},
	"serverGroupId":        {tf: "server_group_id", required: true},
	"proxyProtocolEnabled": {tf: "proxy_protocol_enabled", computed: true},
	"listenerDescription":  {tf: "listener_description"},
	"status":               {tf: "status", computed: true, validate: []validator{inSlice("Stopped", "Running")}},
	"startPort":            {tf: "start_port", forceNew: true, validate: []validator{intBetween(0, 65535, false)}},
	"endPort":              {tf: "end_port", forceNew: true, validate: []validator{intBetween(0, 65535, false)}},
	"idleTimeout":          {tf: "idle_timeout", computed: true, validate: []validator{intBetween(0, 900, false)}},
	"cps":                  {tf: "cps", validate: []validator{intBetween(0, 1000000, false)}},
	"mss":                  {tf: "mss", validate: []validator{intBetween(0, 1500, false)}},
	"secSensorEnabled":     {tf: "sec_sensor_enabled", computed: true},
	"tags":                 {tf: "tags"},
}

func init() {
	register(&kind{token: TokenLoadBalancer, tfType: "alicloud_nlb_load_balancer", schema: loadBalancerSchema,
		computed: []string{"id", "dnsName", "status", "loadBalancerType", "addressIpVersion", "crossZoneEnabled", "createTime", "regionId", "zoneMappings"},
		create:   createLoadBalancer, update: updateLoadBalancer,
		del: func(*Cloud, *Resource) error { return nil }, // facts: an async job; nothing special refused.
	})
	register(&kind{token: TokenServerGroup, tfType: "alicloud_nlb_server_group", schema: serverGroupSchema,
		check: func(name string, news resource.PropertyMap) []plugin.CheckFailure {
			return conflictsWith(name, news, serverGroupSchema, "connectionDrainEnabled", "connectionDrain")
		},
		computed: []string{"id", "status", "serverGroupType", "protocol", "scheduler", "addressIpVersion", "healthCheck", "regionId"},
		create:   createServerGroup, update: updateServerGroup,
		del: func(*Cloud, *Resource) error { return nil },
	})
	register(&kind{token: TokenAttachment, tfType: "alicloud_nlb_server_group_server_attachment", schema: attachmentSchema,
		computed: []string{"id", "status", "zoneId", "serverIp", "port", "weight"},
		create:   createAttachment, update: updateAttachment,
		del: func(*Cloud, *Resource) error { return nil }, // facts: ResourceNotFound.* count as success.
	})
	register(&kind{token: TokenListener, tfType: "alicloud_nlb_listener", schema: listenerSchema,
		computed: []string{"id", "status", "proxyProtocolEnabled", "idleTimeout", "regionId"},
		create:   createListener, update: updateListener,
		del: func(*Cloud, *Resource) error { return nil },
	})
}

// Error codes in this file that the facts file does not give (IllegalParam.*, VSwitchNotFound,
// ResourceNotFound.*, Conflict.Port, QuotaExceeded.ListenersNum) are unverified: they follow the NLB
// API's naming but were not checked against its error tables.

// placeZoneMappings validates an NLB's zone mappings and gives each its private address, taken from the
// mapping's own vSwitch (first free address). keep maps zone IDs to mappings already placed (update).
func (c *Cloud) placeZoneMappings(res, action string, vpcID, lbID string, zms []resource.PropertyMap, keep map[string]resource.PropertyMap) (resource.PropertyValue, error) {
	// facts: zone_mappings, API/TF doc: at least 2 zones, at most 10, one vSwitch per zone.
	if len(zms) < 2 || len(zms) > 10 {
		return resource.PropertyValue{}, apiErr(res, action, 400, "IllegalParam.ZoneMappings",
			fmt.Sprintf("The param of ZoneMappings is illegal: %d zones given, 2 to 10 are required.", len(zms)))
	}
	seen := map[string]bool{}
	var arr []resource.PropertyValue
	for _, zm := range zms {
		zone, swID := str(zm, "zoneId"), str(zm, "vswitchId")
		if seen[zone] {
			return resource.PropertyValue{}, apiErr(res, action, 400, "IllegalParam.ZoneMappings", "Each zone may appear only once: "+zone)
		}
		seen[zone] = true
		sw := c.getLocked(TokenSwitch, swID)
		if sw == nil {
			return resource.PropertyValue{}, apiErr(res, action, 400, "VSwitchNotFound", "The specified VSwitch "+swID+" does not exist.")
		}
		if str(sw.Outputs, "vpcId") != vpcID || str(sw.Outputs, "zoneId") != zone {
			return resource.PropertyValue{}, apiErr(res, action, 400, "IllegalParam.ZoneMappings",
				fmt.Sprintf("VSwitch %s is not in VPC %s zone %s.", swID, vpcID, zone))
		}
		out := zm.Copy()
		if old := keep[zone]; old != nil && str(old, "vswitchId") == swID {
			out["privateIpv4Address"], out["eniId"] = old["privateIpv4Address"], old["eniId"]
		} else {
			ip, err := c.placeAddress(res, action, sw, str(zm, "privateIpv4Address"), lbID, "IllegalParam.PrivateIpv4Address")
			if err != nil {
				return resource.PropertyValue{}, err
			}
			out["privateIpv4Address"], out["eniId"] = sv(ip), sv(c.nextID("eni"))
		}
		out["status"] = sv("Active")
		arr = append(arr, resource.NewObjectProperty(out))
	}
	return resource.NewArrayProperty(arr), nil
}

// checkLoadBalancerAPI applies the API's rules on the load balancer's own fields.
func checkLoadBalancerAPI(res, action string, in resource.PropertyMap) error {
	if v := str(in, "addressType"); v != "Internet" && v != "Intranet" {
		return apiErr(res, action, 400, "IllegalParam.AddressType", "The param of AddressType is illegal: "+v+" (Internet or Intranet).")
	}
	// facts: address_ip_version, API doc: ipv4 (default) or DualStack. Unlike the server group's, the
	// schema has no validator, so this is an apply-time refusal.
	if v := str(in, "addressIpVersion"); v != "" && v != "ipv4" && v != "DualStack" {
		return apiErr(res, action, 400, "IllegalParam.AddressIpVersion", "The param of AddressIpVersion is illegal: "+v+" (ipv4 or DualStack).")
	}
	if v := str(in, "loadBalancerName"); v != "" && !nlbName.MatchString(v) {
		return apiErr(res, action, 400, "IllegalParam.LoadBalancerName", "The param of LoadBalancerName is illegal: "+v)
	}
	return nil
}

func createLoadBalancer(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	const tf, action = "alicloud_nlb_load_balancer", "CreateLoadBalancer"
	if err := checkLoadBalancerAPI(tf, action, in); err != nil {
		return "", nil, err
	}
	vpcID := str(in, "vpcId")
	if c.getLocked(TokenNetwork, vpcID) == nil {
		return "", nil, apiErr(tf, action, 400, "ResourceNotFound.Vpc", "The specified VPC "+vpcID+" does not exist.")
	}
	if len(c.listLocked(TokenLoadBalancer)) >= 60 { // facts: 60 NLBs per region.
		return "", nil, apiErr(tf, action, 400, "QuotaExceeded.LoadBalancersNum", "The NLB quota of the region is exceeded.")
	}
	id := c.nextID("nlb")
	zms, err := c.placeZoneMappings(tf, action, vpcID, id, objects(in, "zoneMappings"), nil)
	if err != nil {
		return "", nil, err
	}
	ipv := str(in, "addressIpVersion")
	if ipv == "" {
		ipv = "ipv4"
	}
	typ := str(in, "loadBalancerType")
	if typ == "" {
		typ = "Network"
	}
	return id, echo(in, map[string]resource.PropertyValue{
		"zoneMappings": zms, "dnsName": sv(fmt.Sprintf("%s.%s.nlb.aliyuncsslb.com", id, c.region)),
		"status": sv("Active"), "loadBalancerBusinessStatus": sv("Normal"), "addressIpVersion": sv(ipv),
		"loadBalancerType": sv(typ), "crossZoneEnabled": bv(boolean(in, "crossZoneEnabled")), "createTime": sv(createTime),
		"regionId": sv(c.region), "paymentType": sv("PayAsYouGo"), "resourceGroupId": sv("rg-simdefault"),
	}), nil
}

// updateLoadBalancer applies zone mappings (UpdateLoadBalancerZones), address type and attributes in
// place (facts: zone_mappings and address_type are not ForceNew).
func updateLoadBalancer(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
	if err := checkLoadBalancerAPI(r.ID, "UpdateLoadBalancerAttribute", merge(r.Outputs, news)); err != nil {
		return nil, err
	}
	out := merge(r.Outputs, news)
	keep := map[string]resource.PropertyMap{}
	for _, zm := range objects(r.Outputs, "zoneMappings") {
		keep[str(zm, "zoneId")] = zm
	}
	zms, err := c.placeZoneMappings(r.ID, "UpdateLoadBalancerZones", str(r.Outputs, "vpcId"), r.ID, objects(news, "zoneMappings"), keep)
	if err != nil {
		return nil, err
	}
	out["zoneMappings"] = zms
	return out, nil
}

// checkServerGroupAPI applies the API's rules TF does not check: the name rule and the documented
// health-check interval 5-50 s (the schema allows 0-50; facts: health_check_interval, "doc 5-50", sent
// only if > 0).
func checkServerGroupAPI(res, action string, in resource.PropertyMap) error {
	if v := str(in, "serverGroupName"); !nlbName.MatchString(v) {
		return apiErr(res, action, 400, "IllegalParam.ServerGroupName", "The param of ServerGroupName is illegal: "+v)
	}
	if hc := object(in, "healthCheck"); hc != nil {
		if n, ok := num(hc, "healthCheckInterval"); ok && n > 0 && n < 5 {
			return apiErr(res, action, 400, "IllegalParam.HealthCheckInterval", fmt.Sprintf("The param of HealthCheckInterval is illegal: %d (5-50).", n))
		}
	}
	return nil
}

func createServerGroup(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	const tf, action = "alicloud_nlb_server_group", "CreateServerGroup"
	if err := checkServerGroupAPI(tf, action, in); err != nil {
		return "", nil, err
	}
	if c.getLocked(TokenNetwork, str(in, "vpcId")) == nil {
		return "", nil, apiErr(tf, action, 400, "ResourceNotFound.Vpc", "The specified VPC "+str(in, "vpcId")+" does not exist.")
	}
	computed := map[string]resource.PropertyValue{"status": sv("Available"), "regionId": sv(c.region), "resourceGroupId": sv("rg-simdefault")}
	for k, d := range map[string]string{"serverGroupType": "Instance", "protocol": "TCP", "scheduler": "Wrr", "addressIpVersion": "Ipv4"} {
		if v := str(in, k); v != "" {
			d = v
		}
		computed[k] = sv(d)
	}
	return c.nextID("sgp"), echo(in, computed), nil
}

func updateServerGroup(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
	if err := checkServerGroupAPI(r.ID, "UpdateServerGroupAttribute", news); err != nil {
		return nil, err
	}
	return merge(r.Outputs, news), nil
}

// checkAttachmentAPI applies AddServersToServerGroup's rules on weight and description (facts: weight
// API 0-100; description API doc, enforcement unverified, so enforced).
func checkAttachmentAPI(res, action string, in resource.PropertyMap) error {
	if w, ok := num(in, "weight"); ok && (w < 0 || w > 100) {
		return apiErr(res, action, 400, "IllegalParam.Weight", fmt.Sprintf("The param of Weight is illegal: %d (0-100).", w))
	}
	if d := str(in, "description"); d != "" && !nlbText.MatchString(d) {
		return apiErr(res, action, 400, "IllegalParam.Description", "The param of Description is illegal: "+d)
	}
	return nil
}

// createAttachment follows AddServersToServerGroup (facts: nlb/serverGroupServerAttachment).
func createAttachment(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	const tf, action = "alicloud_nlb_server_group_server_attachment", "AddServersToServerGroup"
	sgpID, serverID, typ := str(in, "serverGroupId"), str(in, "serverId"), str(in, "serverType")
	sgp := c.getLocked(TokenServerGroup, sgpID)
	if sgp == nil {
		return "", nil, apiErr(tf, action, 400, "ResourceNotFound.serverGroup", "The specified server group "+sgpID+" does not exist.")
	}
	switch typ { // facts: server_type, API: Ecs, Eni, Eci, Ip.
	case "Ecs", "Eni", "Eci", "Ip":
	default:
		return "", nil, apiErr(tf, action, 400, "IllegalParam.ServerType", "The param of ServerType is illegal: "+typ+" (Ecs, Eni, Eci or Ip).")
	}
	port, hasPort := num(in, "port")
	if !hasPort || port < 1 || port > 65535 { // facts: port, API 1-65535.
		return "", nil, apiErr(tf, action, 400, "IllegalParam.Port", fmt.Sprintf("The param of Port is illegal: %d (1-65535).", port))
	}
	if err := checkAttachmentAPI(tf, action, in); err != nil {
		return "", nil, err
	}
	serverIP, zone := str(in, "serverIp"), ""
	switch typ {
	case "Ip":
		if serverIP == "" { // facts: server_ip, required by the API for Ip-type groups.
			return "", nil, apiErr(tf, action, 400, "MissingParam.ServerIp", "The param of ServerIp is missing.")
		}
	case "Ecs":
		inst := c.getLocked(TokenInstance, serverID)
		if inst == nil {
			return "", nil, apiErr(tf, action, 400, "ResourceNotFound.BackendServer", "The specified backend server "+serverID+" does not exist.")
		}
		if str(inst.Outputs, "vpcId") != str(sgp.Outputs, "vpcId") {
			return "", nil, apiErr(tf, action, 400, "IllegalParam.ServerId", "The backend server "+serverID+" is not in the server group's VPC.")
		}
		zone = str(inst.Outputs, "availabilityZone")
	}
	if str(sgp.Outputs, "serverGroupType") == "Instance" && typ == "Ip" || str(sgp.Outputs, "serverGroupType") == "Ip" && typ != "Ip" {
		return "", nil, apiErr(tf, action, 400, "IllegalParam.ServerType", "Server type "+typ+" does not fit a server group of type "+str(sgp.Outputs, "serverGroupType")+".")
	}
	n := 0
	for _, a := range c.listLocked(TokenAttachment) {
		if str(a.Outputs, "serverGroupId") != sgpID {
			continue
		}
		n++
		if p, _ := num(a.Outputs, "port"); str(a.Outputs, "serverId") == serverID && p == port && str(a.Outputs, "serverIp") == serverIP {
			return "", nil, apiErr(tf, action, 400, "Conflict.BackendServer", "The backend server already exists in the server group.")
		}
	}
	if n >= 400 { // facts: 400 ECS/ENI/IP per server group.
		return "", nil, apiErr(tf, action, 400, "QuotaExceeded.ServersNum", "The server group's backend quota is exceeded.")
	}
	weight, ok := num(in, "weight")
	if !ok {
		weight = 100 // facts: weight default 100.
	}
	// facts: ID (L155) <serverGroupId>_<serverId>_<serverIp>_<serverType>_<port>; serverIp "" when unset.
	id := fmt.Sprintf("%s_%s_%s_%s_%d", sgpID, serverID, serverIP, typ, port)
	return id, echo(in, map[string]resource.PropertyValue{
		"status": sv("Available"), "zoneId": sv(zone), "serverIp": sv(serverIP), "weight": nv(weight),
	}), nil
}

func updateAttachment(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
	if err := checkAttachmentAPI(r.ID, "UpdateServerGroupServersAttribute", news); err != nil {
		return nil, err
	}
	return merge(r.Outputs, news), nil
}

// checkListenerAPI applies the listener description rule and the server group's existence.
func (c *Cloud) checkListenerAPI(res, action string, in resource.PropertyMap, lb *Resource) error {
	if d := str(in, "listenerDescription"); d != "" && !nlbText.MatchString(d) {
		return apiErr(res, action, 400, "IllegalParam.ListenerDescription", "The param of ListenerDescription is illegal: "+d)
	}
	sgp := c.getLocked(TokenServerGroup, str(in, "serverGroupId"))
	if sgp == nil {
		return apiErr(res, action, 400, "ResourceNotFound.serverGroup", "The specified server group "+str(in, "serverGroupId")+" does not exist.")
	}
	if str(sgp.Outputs, "vpcId") != str(lb.Outputs, "vpcId") {
		return apiErr(res, action, 400, "IllegalParam.ServerGroupId", "The server group is not in the load balancer's VPC.")
	}
	return nil
}

// createListener follows CreateListener (facts: nlb/listener; 50 listeners per NLB).
func createListener(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error) {
	const tf, action = "alicloud_nlb_listener", "CreateListener"
	lb := c.getLocked(TokenLoadBalancer, str(in, "loadBalancerId"))
	if lb == nil {
		return "", nil, apiErr(tf, action, 400, "ResourceNotFound.loadBalancer", "The specified load balancer "+str(in, "loadBalancerId")+" does not exist.")
	}
	if err := c.checkListenerAPI(tf, action, in, lb); err != nil {
		return "", nil, err
	}
	port, _ := num(in, "listenerPort")
	if port == 0 && (!present(in, "startPort") || !present(in, "endPort")) {
		// facts: listener_port 0 means a port range; then start_port/end_port are needed.
		return "", nil, apiErr(tf, action, 400, "MissingParam.StartPort", "Listener port 0 needs StartPort and EndPort.")
	}
	n := 0
	for _, l := range c.listLocked(TokenListener) {
		if str(l.Outputs, "loadBalancerId") != lb.ID {
			continue
		}
		n++
		if p, _ := num(l.Outputs, "listenerPort"); p == port && port != 0 && str(l.Outputs, "listenerProtocol") == str(in, "listenerProtocol") {
			return "", nil, apiErr(tf, action, 400, "Conflict.Port", fmt.Sprintf("Port %d is already used by listener %s.", port, l.ID))
		}
	}
	if n >= 50 {
		return "", nil, apiErr(tf, action, 400, "QuotaExceeded.ListenersNum", "The listener quota of the load balancer (50) is exceeded.")
	}
	status := str(in, "status")
	if status == "" {
		status = "Running"
	}
	// tf: resource_alicloud_nlb_listener.go L181-183 (v1.285.0) sends IdleTimeout only when > 0;
	// the API's default is 900 (CreateListener, IdleTimeout: 1-900, default 900).
	idle := 900
	if n, ok := num(in, "idleTimeout"); ok && n > 0 {
		idle = n
	}
	return c.nextID("lsn"), echo(in, map[string]resource.PropertyValue{
		"status": sv(status), "proxyProtocolEnabled": bv(boolean(in, "proxyProtocolEnabled")), "regionId": sv(c.region),
		"idleTimeout": nv(idle),
	}), nil
}

func updateListener(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error) {
	lb := c.getLocked(TokenLoadBalancer, str(r.Outputs, "loadBalancerId"))
	if lb == nil {
		return nil, apiErr(r.ID, "UpdateListenerAttribute", 400, "ResourceNotFound.loadBalancer", "The load balancer no longer exists.")
	}
	if err := c.checkListenerAPI(r.ID, "UpdateListenerAttribute", news, lb); err != nil {
		return nil, err
	}
	// tf: L502-504 sends a changed idle_timeout as it is, 0 included, which the schema allows
	// (0-900) but the API does not (1-900). The error code is unverified (the NLB API's naming).
	if n, ok := num(news, "idleTimeout"); ok && n == 0 {
		if old, _ := num(r.Outputs, "idleTimeout"); old != 0 { // d.HasChange
			return nil, apiErr(r.ID, "UpdateListenerAttribute", 400, "IllegalParam.IdleTimeout", "The param of IdleTimeout is illegal: 0 (valid values: 1 to 900).")
		}
	}
	return merge(r.Outputs, news), nil
}

// zonesOf returns the zone IDs of an NLB's zone mappings.
func zonesOf(lb *Resource) []string {
	var zones []string
	for _, zm := range objects(lb.Outputs, "zoneMappings") {
		zones = append(zones, str(zm, "zoneId"))
	}
	return zones
}

// hasZone reports whether zone is one of zones.
func hasZone(zones []string, zone string) bool {
	for _, z := range zones {
		if z == zone {
			return true
		}
	}
	return false
}
