package components

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/nlb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// KafkaNlbType is the type token of the KafkaNlb component.
const KafkaNlbType = "kafka-plc:index:KafkaNlb"

// Alibaba Cloud NLB limits the component checks before it creates anything.
const (
	// NlbMinZones is the fewest zones an NLB can have.
	NlbMinZones = 2
	// NlbMaxZones is the most zones an NLB can have.
	NlbMaxZones = 10
	// NlbMaxListeners is the listener quota of one NLB.
	NlbMaxListeners = 50
	// NlbMaxBackends is the backend-server quota of one NLB (over all its server groups).
	NlbMaxBackends = 400
)

// Server group settings of every KafkaNlb server group.
const (
	nlbScheduler              = "Wrr"
	nlbBackendWeight          = 100
	nlbHealthCheckInterval    = 10
	nlbHealthCheckTimeout     = 5
	nlbHealthCheckThreshold   = 2
	nlbConnectionDrainTimeout = 60
)

// IP versions of the NLB and its server groups. The two attributes have different rules: the
// load balancer's address_ip_version has no schema validator and takes the API value "ipv4",
// while the server group's is validated case-sensitively against exactly "DualStack" and
// "Ipv4" (terraform-provider-alicloud v1.285.0 resource_alicloud_nlb_server_group.go L29-35;
// alicloud-provider-facts.md, nlb/serverGroup address_ip_version): "ipv4" there fails preview.
const (
	nlbLoadBalancerIPVersion = "ipv4"
	nlbServerGroupIPVersion  = "Ipv4"
)

// NlbZone is one zone of the NLB and the vSwitch it takes an address from.
type NlbZone struct {
	// Zone is the availability zone ID.
	Zone string `pulumi:"zone"`
	// VswitchID is the vSwitch in that zone.
	VswitchID pulumi.StringInput `pulumi:"vswitchId"`
}

// NlbBroker is one broker behind the NLB.
type NlbBroker struct {
	// NodeID is the broker's node.id.
	NodeID int `pulumi:"nodeId"`
	// Zone is the broker's availability zone; the NLB must have a vSwitch there.
	Zone string `pulumi:"zone"`
	// InstanceID is the broker's ECS instance ID.
	InstanceID pulumi.StringInput `pulumi:"instanceId"`
}

// NlbPortMapping is one NLB listener and the brokers of the server group behind it.
type NlbPortMapping struct {
	// ListenerPort is the NLB listener's TCP port.
	ListenerPort int `pulumi:"listenerPort"`
	// ServerGroup names the server group, e.g. "bootstrap" or "broker-1" (lower-case letters,
	// digits and dashes).
	ServerGroup string `pulumi:"serverGroup"`
	// NodeIDs are the brokers in the server group.
	NodeIDs []int `pulumi:"nodeIds"`
}

// KafkaNlbArgs are the arguments of NewKafkaNlb.
type KafkaNlbArgs struct {
	// VpcID is the VPC of the NLB and its server groups.
	VpcID pulumi.StringInput `pulumi:"vpcId"`
	// Zones are the NLB's zones with a vSwitch each (2..10).
	Zones []NlbZone `pulumi:"zones"`
	// Brokers are the NLB's backends, the ECS instances its server groups forward to.
	Brokers []NlbBroker `pulumi:"brokers"`
	// BackendPort is the brokers' EXTERNAL listener port, the port of every backend.
	BackendPort int `pulumi:"backendPort"`
	// PortMap lists the listeners: usually a bootstrap port reaching every broker, then one
	// port per broker.
	PortMap []NlbPortMapping `pulumi:"portMap"`
	// DependsOn are resources the load balancer and its server groups (and so everything in the
	// component) wait for, e.g. the steps that open the brokers' EXTERNAL listeners. A
	// component's own DependsOn option does not hold back its children in the Go SDK.
	DependsOn []pulumi.Resource `pulumi:"-"`
}

// KafkaNlb is an intranet Network Load Balancer in front of Kafka brokers: one TCP listener and
// one server group per port-map entry, with cross-zone balancing on.
//
// The NLB only forwards TCP: what a client connects to next is what the brokers advertise. A
// TiDB Cloud changefeed bootstraps through the endpoint and then connects to the broker names
// in the metadata, which TiDB Cloud resolves to its endpoint for the private link connection. So
// every broker must advertise, on the listener that reaches its BackendPort (EXTERNAL),
//
//	b{id}.{uniqueName}.alicloud.plc.tidbcloud.com:<its listener port>
//
// with {id} its node id, {uniqueName} the unique name TiDB Cloud shows for the connection and
// the port that of its own listener in the port map (StandardPortMap: firstBrokerPort plus its
// rank in node-id order), never the bootstrap port. Brokers made by KraftBrokerSet are
// configured so; for brokers that already run, ExistingBrokerExposure adds the listener (it runs
// `kplc expose` on each broker, which can also be run by hand).
type KafkaNlb struct {
	pulumi.ResourceState

	// LoadBalancerID is the NLB's ID.
	LoadBalancerID pulumi.StringOutput `pulumi:"loadBalancerId"`
	// DNSName is the NLB's DNS name inside the VPC.
	DNSName pulumi.StringOutput `pulumi:"dnsName"`
	// PortMap lists each listener as {listenerPort, serverGroup, serverGroupId, nodeIds}.
	PortMap pulumi.MapArrayOutput `pulumi:"portMap"`
	// Revision is a digest of what the NLB forwards: the load balancer's zones and DNS name,
	// every listener (port, protocol, server group, settings), server group (protocol,
	// scheduler, health check, drain) and backend attachment (instance, port, weight), by ID. It
	// changes whenever any of them is created, replaced, removed or changed, also when the DNS
	// name stays: run checks of the path through the NLB on it (PrivateLinkVerificationArgs).
	Revision pulumi.StringOutput `pulumi:"revision"`

	// serving holds the load balancer, its backends and its listeners, in creation order.
	serving []pulumi.Resource
	// zones are the NLB's zones, in the order of KafkaNlbArgs.Zones.
	zones []string
}

// Zones returns the NLB's availability zones, in the order they were given: the zones a
// PrivateLinkEndpointService in front of it may use.
func (c *KafkaNlb) Zones() []string {
	return slices.Clone(c.zones)
}

// Serving returns the resources that must exist before traffic flows through the NLB: the load
// balancer, every backend attachment and every listener. Depend on these rather than on the
// component itself: the Pulumi Go SDK expands a component into the children registered so far,
// and children whose inputs are still pending (listeners wait for the load balancer's ID) may
// not be among them yet.
func (c *KafkaNlb) Serving() []pulumi.Resource {
	return append([]pulumi.Resource(nil), c.serving...)
}

// NewKafkaNlb validates args, then registers the component and its children.
func NewKafkaNlb(ctx *pulumi.Context, name string, args *KafkaNlbArgs, opts ...pulumi.ResourceOption) (*KafkaNlb, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	comp := &KafkaNlb{}
	if err := ctx.RegisterComponentResource(KafkaNlbType, name, comp, opts...); err != nil {
		return nil, fmt.Errorf("registering KafkaNlb %q: %w", name, err)
	}
	parent := pulumi.Parent(comp)

	zoneMappings := nlb.LoadBalancerZoneMappingArray{}
	for _, z := range args.Zones {
		comp.zones = append(comp.zones, z.Zone)
		zoneMappings = append(zoneMappings, nlb.LoadBalancerZoneMappingArgs{
			ZoneId:    pulumi.String(z.Zone),
			VswitchId: z.VswitchID,
		})
	}
	lb, err := nlb.NewLoadBalancer(ctx, name+"-nlb", &nlb.LoadBalancerArgs{
		LoadBalancerName: pulumi.String(ruleNlbName.fit(name)),
		LoadBalancerType: pulumi.String("Network"),
		AddressType:      pulumi.String("Intranet"),
		AddressIpVersion: pulumi.String(nlbLoadBalancerIPVersion),
		VpcId:            args.VpcID,
		ZoneMappings:     zoneMappings,
		CrossZoneEnabled: pulumi.Bool(true),
	}, parent, pulumi.DependsOn(args.DependsOn))
	if err != nil {
		return nil, fmt.Errorf("creating the NLB of %q: %w", name, err)
	}
	comp.serving = append(comp.serving, lb)
	// Of each zone only what the program sets: the mapping's status and addresses are the cloud's.
	zonesSet := lb.ZoneMappings.ApplyT(func(ms []nlb.LoadBalancerZoneMapping) []string {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = m.ZoneId + "/" + m.VswitchId
		}
		return out
	}).(pulumi.StringArrayOutput)
	parts := []pulumi.Input{pulumi.String("lb"), lb.ID(), lb.DnsName, lb.AddressType, lb.CrossZoneEnabled, zonesSet}

	brokers := make(map[int]NlbBroker, len(args.Brokers))
	for _, b := range args.Brokers {
		brokers[b.NodeID] = b
	}
	portMap := pulumi.MapArray{}
	for _, m := range args.PortMap {
		sgName := name + "-" + m.ServerGroup
		sg, err := nlb.NewServerGroup(ctx, sgName, &nlb.ServerGroupArgs{
			ServerGroupName:         pulumi.String(ruleServerGroupName.fit(sgName)),
			ServerGroupType:         pulumi.String("Instance"),
			VpcId:                   args.VpcID,
			Protocol:                pulumi.String("TCP"),
			Scheduler:               pulumi.String(nlbScheduler),
			AddressIpVersion:        pulumi.String(nlbServerGroupIPVersion),
			PreserveClientIpEnabled: pulumi.Bool(false),
			ConnectionDrainEnabled:  pulumi.Bool(true),
			ConnectionDrainTimeout:  pulumi.Int(nlbConnectionDrainTimeout),
			HealthCheck: nlb.ServerGroupHealthCheckArgs{
				HealthCheckEnabled:        pulumi.Bool(true),
				HealthCheckType:           pulumi.String("TCP"),
				HealthCheckConnectPort:    pulumi.Int(args.BackendPort),
				HealthCheckConnectTimeout: pulumi.Int(nlbHealthCheckTimeout),
				HealthCheckInterval:       pulumi.Int(nlbHealthCheckInterval),
				HealthyThreshold:          pulumi.Int(nlbHealthCheckThreshold),
				UnhealthyThreshold:        pulumi.Int(nlbHealthCheckThreshold),
			},
		}, parent, pulumi.DependsOn(args.DependsOn))
		if err != nil {
			return nil, fmt.Errorf("creating server group %s: %w", sgName, err)
		}
		parts = append(parts, pulumi.String("server group "+sgName), sg.ID(), sg.Protocol, sg.Scheduler, sg.HealthCheck,
			sg.ConnectionDrainEnabled, sg.ConnectionDrainTimeout, sg.PreserveClientIpEnabled)
		nodeIDs := pulumi.IntArray{}
		for _, id := range m.NodeIDs {
			b := brokers[id]
			attName := fmt.Sprintf("%s-b%d", sgName, id)
			att, err := nlb.NewServerGroupServerAttachment(ctx, attName, &nlb.ServerGroupServerAttachmentArgs{
				ServerGroupId: sg.ID(),
				ServerId:      b.InstanceID,
				ServerType:    pulumi.String("Ecs"),
				Port:          pulumi.Int(args.BackendPort),
				Weight:        pulumi.Int(nlbBackendWeight),
				Description:   pulumi.String(attachmentDescription(id, b.Zone)),
			}, parent)
			if err != nil {
				return nil, fmt.Errorf("attaching broker %d to server group %s: %w", id, sgName, err)
			}
			comp.serving = append(comp.serving, att)
			parts = append(parts, pulumi.String("backend "+attName), att.ID(), att.ServerGroupId, att.ServerId, att.ServerType, att.Port, att.Weight)
			nodeIDs = append(nodeIDs, pulumi.Int(id))
		}
		lisName := fmt.Sprintf("%s-listener-%d", name, m.ListenerPort)
		listener, err := nlb.NewListener(ctx, lisName, &nlb.ListenerArgs{
			LoadBalancerId:       lb.ID(),
			ListenerPort:         pulumi.Int(m.ListenerPort),
			ListenerProtocol:     pulumi.String("TCP"),
			ServerGroupId:        sg.ID(),
			ProxyProtocolEnabled: pulumi.Bool(false),
			ListenerDescription:  pulumi.String(listenerDescription(m)),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating listener %s: %w", lisName, err)
		}
		comp.serving = append(comp.serving, listener)
		parts = append(parts, pulumi.String("listener "+lisName), listener.ID(), listener.LoadBalancerId, listener.ListenerPort,
			listener.ListenerProtocol, listener.ServerGroupId, listener.ProxyProtocolEnabled, listener.IdleTimeout, listener.ListenerDescription)
		portMap = append(portMap, pulumi.Map{
			"listenerPort":  pulumi.Int(m.ListenerPort),
			"serverGroup":   pulumi.String(m.ServerGroup),
			"serverGroupId": sg.ID(),
			"nodeIds":       nodeIDs,
		})
	}

	comp.LoadBalancerID = lb.ID().ToStringOutput()
	comp.DNSName = lb.DnsName
	comp.PortMap = portMap.ToMapArrayOutput()
	comp.Revision = nlbRevision(parts)
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"loadBalancerId": comp.LoadBalancerID,
		"dnsName":        comp.DNSName,
		"portMap":        comp.PortMap,
		"revision":       comp.Revision,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of KafkaNlb %q: %w", name, err)
	}
	return comp, nil
}

// nlbRevision digests the values of parts (labels and resource outputs, in registration order).
// The status fields and what the cloud fills in (regions, backend IPs) are left out, so that a
// refresh alone never changes it.
func nlbRevision(parts []pulumi.Input) pulumi.StringOutput {
	all := make([]any, len(parts))
	for i, p := range parts {
		all[i] = p
	}
	return pulumi.All(all...).ApplyT(func(values []any) (string, error) {
		b, err := json.Marshal(values)
		if err != nil {
			return "", fmt.Errorf("digesting the NLB's listeners and backends: %w", err)
		}
		return digestOf(string(b)), nil
	}).(pulumi.StringOutput)
}

// attachmentDescription says which broker a backend is, e.g. "broker_1@ap-southeast-1a", in
// the characters an attachment description may hold (ruleAttachmentDescription).
func attachmentDescription(nodeID int, zone string) string {
	return ruleAttachmentDescription.fit(fmt.Sprintf("broker_%d@%s", nodeID, zone))
}

// listenerDescription says what a listener reaches, e.g. "kafka_bootstrap_to_brokers_1,2,3", in
// the characters a listener description may hold (ruleListenerDescription).
func listenerDescription(m NlbPortMapping) string {
	ids := make([]string, len(m.NodeIDs))
	for i, id := range m.NodeIDs {
		ids[i] = strconv.Itoa(id)
	}
	noun := "brokers"
	if len(ids) == 1 {
		noun = "broker"
	}
	return ruleListenerDescription.fit(fmt.Sprintf("kafka_%s_to_%s_%s", m.ServerGroup, noun, strings.Join(ids, ",")))
}

// serverGroupNamePattern is what a port-map server group name may look like.
var serverGroupNamePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$`)

// Validate checks the arguments of a KafkaNlb named name and returns the first problem.
func (args *KafkaNlbArgs) Validate(name string) error {
	fail := argFailer("KafkaNlb", name)
	if args == nil {
		return fail("args", "nil", "no arguments given", "pass a *KafkaNlbArgs")
	}
	if name == "" {
		return fail("name", "", "the component needs a name", "pass a non-empty name")
	}
	if missingID(args.VpcID) {
		return fail("VpcID", "", "missing", "pass the VPC's ID")
	}
	if n := len(args.Zones); n < NlbMinZones || n > NlbMaxZones {
		return fail("Zones", strconv.Itoa(n)+" zone(s)", fmt.Sprintf("an NLB needs %d..%d zones", NlbMinZones, NlbMaxZones),
			"give a vSwitch in at least two availability zones (spread the brokers over them)")
	}
	zones := map[string]bool{}
	for i, z := range args.Zones {
		field := fmt.Sprintf("Zones[%d]", i)
		if strings.TrimSpace(z.Zone) == "" {
			return fail(field+".Zone", z.Zone, "empty zone", `give a zone ID, e.g. "ap-southeast-1a"`)
		}
		if zones[z.Zone] {
			return fail(field+".Zone", z.Zone, "zone listed twice", "list each zone once")
		}
		if missingID(z.VswitchID) {
			return fail(field+".VswitchID", "", "missing vSwitch for zone "+z.Zone, "give the zone's vSwitch ID")
		}
		zones[z.Zone] = true
	}
	if len(args.Brokers) == 0 {
		return fail("Brokers", "[]", "no backend", "give at least one broker")
	}
	brokers := map[int]bool{}
	for i, b := range args.Brokers {
		field := fmt.Sprintf("Brokers[%d]", i)
		if b.NodeID < 0 {
			return fail(field+".NodeID", strconv.Itoa(b.NodeID), "negative node id", "give the broker's node.id (>= 0)")
		}
		if brokers[b.NodeID] {
			return fail(field+".NodeID", strconv.Itoa(b.NodeID), "node id listed twice", "give every broker its own node id")
		}
		brokers[b.NodeID] = true
		if !zones[b.Zone] {
			return fail(field+".Zone", b.Zone, fmt.Sprintf("broker %d's zone has no NLB vSwitch", b.NodeID),
				"add the zone and its vSwitch to Zones, or correct the broker's zone")
		}
		if missingID(b.InstanceID) {
			return fail(field+".InstanceID", "", fmt.Sprintf("missing instance ID of broker %d", b.NodeID), "give the broker's ECS instance ID")
		}
	}
	if args.BackendPort < 1 || args.BackendPort > 65535 {
		return fail("BackendPort", strconv.Itoa(args.BackendPort), "not a TCP port", "give the brokers' EXTERNAL port, e.g. 39092")
	}
	if len(args.PortMap) == 0 {
		return fail("PortMap", "[]", "no listener", "give the bootstrap port and one port per broker")
	}
	if n := len(args.PortMap); n > NlbMaxListeners {
		return fail("PortMap", strconv.Itoa(n)+" listeners", fmt.Sprintf("an NLB has at most %d listeners", NlbMaxListeners),
			fmt.Sprintf("use at most %d brokers behind one NLB (one listener each plus bootstrap)", NlbMaxListeners-1))
	}
	ports := map[int]bool{}
	groups := map[string]bool{}
	backends := 0
	for i, m := range args.PortMap {
		field := fmt.Sprintf("PortMap[%d]", i)
		if m.ListenerPort < 1 || m.ListenerPort > 65535 {
			return fail(field+".ListenerPort", strconv.Itoa(m.ListenerPort), "not a TCP port", "give a port in 1..65535")
		}
		if ports[m.ListenerPort] {
			return fail(field+".ListenerPort", strconv.Itoa(m.ListenerPort), "port used by two listeners", "give every listener its own port")
		}
		ports[m.ListenerPort] = true
		if !serverGroupNamePattern.MatchString(m.ServerGroup) {
			return fail(field+".ServerGroup", m.ServerGroup, "not a valid server group name",
				`use 1..40 lower-case letters, digits and dashes, e.g. "broker-1"`)
		}
		if groups[m.ServerGroup] {
			return fail(field+".ServerGroup", m.ServerGroup, "server group named twice", "give every port-map entry its own server group")
		}
		groups[m.ServerGroup] = true
		if len(m.NodeIDs) == 0 {
			return fail(field+".NodeIDs", "[]", "empty server group", "list the node ids the listener reaches")
		}
		members := map[int]bool{}
		for j, id := range m.NodeIDs {
			f := fmt.Sprintf("%s.NodeIDs[%d]", field, j)
			if !brokers[id] {
				return fail(f, strconv.Itoa(id), "no such broker", "list only node ids of Brokers")
			}
			if members[id] {
				return fail(f, strconv.Itoa(id), "broker listed twice in one server group", "list each node id once")
			}
			members[id] = true
		}
		backends += len(m.NodeIDs)
	}
	if backends > NlbMaxBackends {
		return fail("PortMap", strconv.Itoa(backends)+" backends", fmt.Sprintf("an NLB has at most %d backends", NlbMaxBackends),
			"use fewer brokers behind one NLB")
	}
	return nil
}
