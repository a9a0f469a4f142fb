package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kraft"
)

// Address offsets inside a vSwitch. Alibaba Cloud reserves the first and the last three
// addresses of every vSwitch; starting at +10 leaves room for that and reads well.
const (
	// BrokerIPOffset is added to a broker vSwitch's network address for the first broker in
	// that zone; the next broker in the same zone gets +11, and so on.
	BrokerIPOffset = config.HostOffset
	// BastionIPOffset is added to the bastion vSwitch's network address.
	BastionIPOffset = config.HostOffset
	// reservedTop is how many addresses at the top of a vSwitch no host may use: the three
	// Alibaba Cloud reserves and the broadcast address.
	reservedTop = config.ReservedTop
)

// Server group names of the NLB.
const (
	// BootstrapServerGroup is the server group behind the bootstrap port: every broker.
	BootstrapServerGroup = "bootstrap"
	// brokerServerGroupPrefix prefixes the per-broker server groups: "broker-<id>".
	brokerServerGroupPrefix = "broker-"
)

// UniqueNameToken stands for TiDB Cloud's unique name in host patterns and in PendingChange.To.
const UniqueNameToken = "{uniqueName}"

// IDToken stands for a broker's node id in the advertised host pattern.
const IDToken = "{id}"

// Build decides the whole deployment from a configuration that config.Load accepted. It
// returns an error when c is nil or describes something that cannot be placed (an address
// outside its vSwitch), and, as a guard against bugs in this package, when any rendered
// server.properties breaks a Kafka 3.7 KRaft start-up rule (see Validate).
//
// For a new cluster (c.Existing == nil) broker i (node id i, 1..BrokerCount) goes to zone
// (i-1) mod len(Zones) and gets the address network+BrokerIPOffset+k of that zone's vSwitch,
// where k counts the brokers placed in that zone before it. Nodes 1..ControllerCount are
// broker+controller, the rest broker-only.
//
// For an existing cluster the brokers, their zones and addresses come from c.Existing; their
// roles, listeners and server.properties are left empty, since the existing-cluster feature
// edits the running files in place. ExternalHost, NLBPort and the port map are still decided.
func Build(c *config.Config) (*Plan, error) {
	if c == nil {
		return nil, errors.New("plan: no configuration (nil *config.Config)")
	}
	p := &Plan{
		Project:    c.Project,
		Stack:      c.Stack,
		Region:     c.Region,
		Stage:      stageOf(c),
		UniqueName: c.EffectiveUniqueName(),
		ClusterID:  c.ClusterID,

		RollConcurrency: c.RollConcurrency,

		ControllerPort: c.ControllerPort,
		InternalPort:   c.InternalPort,
		ExternalPort:   c.ExternalPort,
	}
	for i, z := range c.Zones {
		zone := Zone{Name: z}
		if i < len(c.BrokerVswitchCIDRs) {
			zone.VswitchCIDR = c.BrokerVswitchCIDRs[i]
		}
		if i < len(c.NLBVswitchCIDRs) {
			zone.NLBVswitchCIDR = c.NLBVswitchCIDRs[i]
		}
		p.Zones = append(p.Zones, zone)
	}
	p.Auth = authOf(c)
	p.TiDBCloud = TiDBCloudEntry{
		SASLMechanism:             p.Auth.Mechanism,
		SASLUser:                  p.Auth.User,
		AccountID:                 c.TiDBCloudAccountID,
		Zones:                     append([]string(nil), c.Zones...),
		AdvertisedListenerPattern: c.AdvertisedHostPattern,
		BootstrapPort:             c.NLBBootstrapPort,
	}

	var err error
	if c.Existing != nil {
		err = p.placeExisting(c)
	} else {
		err = p.placeNew(c)
	}
	if err != nil {
		return nil, err
	}
	p.PortMap = portMap(c, p.Brokers)
	if c.Existing != nil {
		p.PendingChanges = pendingExternalChanges(c, p)
		return p, nil
	}

	for i := range p.Brokers {
		b := &p.Brokers[i]
		b.Listeners = listenersFor(c, *b)
		b.AdvertisedListeners = advertisedFor(c, *b, b.ExternalHost)
		b.ProtocolMap = protocolMap(p.Auth)
		b.Properties = properties(c, p, *b)
		b.ServerProperties = render(c, p, *b)
		if errs := Validate(b.ServerProperties); len(errs) > 0 {
			return nil, fmt.Errorf("plan: bug: rendered server.properties of node %d breaks Kafka's start-up rules: %w",
				b.NodeID, errors.Join(errs...))
		}
	}
	if p.Stage == StageAwaitingUniqueName {
		for _, b := range p.Brokers {
			host := externalHost(c.AdvertisedHostPattern, b.NodeID, UniqueNameToken)
			p.PendingChanges = append(p.PendingChanges, PendingChange{
				NodeID: b.NodeID,
				Key:    kraft.KeyAdvertisedListeners,
				From:   b.AdvertisedListeners,
				To:     advertisedFor(c, b, host),
			})
		}
	}
	return p, nil
}

func stageOf(c *config.Config) Stage {
	if c.UniqueName == "" {
		return StageAwaitingUniqueName
	}
	return StageUniqueNameSet
}

// placeNew places the brokers and the bastion of a new cluster.
func (p *Plan) placeNew(c *config.Config) error {
	if len(c.Zones) == 0 {
		return errors.New("plan: zones is empty; set at least two zones (pulumi config set --path 'zones[0]' <zone>)")
	}
	if len(c.BrokerVswitchCIDRs) != len(c.Zones) {
		return fmt.Errorf("plan: %d brokerVswitchCidrs for %d zones; give one vSwitch range per zone, in zone order",
			len(c.BrokerVswitchCIDRs), len(c.Zones))
	}
	if c.BrokerCount < 1 {
		return fmt.Errorf("plan: brokerCount = %d; it must be at least 1", c.BrokerCount)
	}
	if c.ControllerCount < 1 || c.ControllerCount > c.BrokerCount {
		return fmt.Errorf("plan: controllerCount = %d; it must be between 1 and brokerCount (%d)",
			c.ControllerCount, c.BrokerCount)
	}
	perZone := make([]int, len(c.Zones))
	for id := 1; id <= c.BrokerCount; id++ {
		zi := (id - 1) % len(c.Zones)
		cidr := c.BrokerVswitchCIDRs[zi]
		ip, err := hostInSubnet(cidr, BrokerIPOffset+perZone[zi])
		if err != nil {
			return fmt.Errorf("plan: broker %d in zone %s (brokerVswitchCidrs[%d]): %w", id, c.Zones[zi], zi, err)
		}
		perZone[zi]++
		roles := []Role{RoleBroker}
		if id <= c.ControllerCount {
			roles = append(roles, RoleController)
		}
		p.Brokers = append(p.Brokers, Broker{
			NodeID:       id,
			Zone:         c.Zones[zi],
			VswitchCIDR:  cidr,
			PrivateIP:    ip,
			Roles:        roles,
			ExternalHost: externalHost(c.AdvertisedHostPattern, id, p.UniqueName),
			NLBPort:      c.NLBFirstBrokerPort + id - 1,
		})
	}
	for _, b := range p.Brokers {
		if b.IsController() {
			p.Voters = append(p.Voters, Voter{NodeID: b.NodeID, Host: b.PrivateIP, Port: c.ControllerPort})
		}
	}
	p.QuorumVoters = quorumVoters(p.Voters)

	zone := c.BastionZone
	if zone == "" {
		zone = c.Zones[0]
	}
	ip, err := hostInSubnet(c.BastionVswitchCIDR, BastionIPOffset)
	if err != nil {
		return fmt.Errorf("plan: bastion (bastionVswitchCidr): %w", err)
	}
	p.Bastion = Bastion{Zone: zone, VswitchCIDR: c.BastionVswitchCIDR, PrivateIP: ip}
	return nil
}

// placeExisting takes the brokers of an existing cluster as configured, in node-id order.
// Broker i of that order gets NLB port NLBFirstBrokerPort+i-1, so node ids need not be 1..N.
func (p *Plan) placeExisting(c *config.Config) error {
	if len(c.Existing.Brokers) == 0 {
		return errors.New("plan: existing.brokers is empty; describe every running broker")
	}
	brokers := append([]config.ExistingBroker(nil), c.Existing.Brokers...)
	sort.SliceStable(brokers, func(i, j int) bool { return brokers[i].NodeID < brokers[j].NodeID })
	cidrOf := map[string]string{}
	for _, z := range p.Zones {
		cidrOf[z.Name] = z.VswitchCIDR
	}
	for i, eb := range brokers {
		if i > 0 && brokers[i-1].NodeID == eb.NodeID {
			return fmt.Errorf("plan: existing.brokers lists node id %d twice; node ids must be unique", eb.NodeID)
		}
		p.Brokers = append(p.Brokers, Broker{
			NodeID:       eb.NodeID,
			Zone:         eb.Zone,
			VswitchCIDR:  cidrOf[eb.Zone],
			PrivateIP:    eb.PrivateIP,
			ExternalHost: externalHost(c.AdvertisedHostPattern, eb.NodeID, p.UniqueName),
			NLBPort:      c.NLBFirstBrokerPort + i,
		})
	}
	return nil
}

// pendingExternalChanges lists, for an existing cluster awaiting the unique name, the EXTERNAL
// item of advertised.listeners that changes on each broker (the rest of the value is the
// running broker's own and is kept).
func pendingExternalChanges(c *config.Config, p *Plan) []PendingChange {
	if p.Stage != StageAwaitingUniqueName {
		return nil
	}
	var out []PendingChange
	for _, b := range p.Brokers {
		out = append(out, PendingChange{
			NodeID: b.NodeID,
			Key:    kraft.KeyAdvertisedListeners,
			From:   endpoint(ListenerExternal, b.ExternalHost, b.NLBPort),
			To:     endpoint(ListenerExternal, externalHost(c.AdvertisedHostPattern, b.NodeID, UniqueNameToken), b.NLBPort),
		})
	}
	return out
}

// portMap is the NLB's listeners: bootstrap first, then one per broker in node-id order.
func portMap(c *config.Config, brokers []Broker) []PortMapping {
	all := PortMapping{ListenerPort: c.NLBBootstrapPort, ServerGroup: BootstrapServerGroup}
	for _, b := range brokers {
		all.Backends = append(all.Backends, backendOf(c, b))
	}
	out := []PortMapping{all}
	for _, b := range brokers {
		out = append(out, PortMapping{
			ListenerPort: b.NLBPort,
			ServerGroup:  brokerServerGroupPrefix + strconv.Itoa(b.NodeID),
			Backends:     []Backend{backendOf(c, b)},
		})
	}
	return out
}

func backendOf(c *config.Config, b Broker) Backend {
	return Backend{NodeID: b.NodeID, Zone: b.Zone, PrivateIP: b.PrivateIP, Port: c.ExternalPort}
}

// externalHost fills the advertised host pattern. Each token is replaced once, left to right,
// so a unique name that itself contains "{id}" is not expanded again.
func externalHost(pattern string, id int, uniqueName string) string {
	return strings.NewReplacer(IDToken, strconv.Itoa(id), UniqueNameToken, uniqueName).Replace(pattern)
}

func quorumVoters(vs []Voter) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.Itoa(v.NodeID) + "@" + v.Host + ":" + strconv.Itoa(v.Port)
	}
	return strings.Join(parts, ",")
}

// endpoint renders one listener item the way package kraft reads it back.
func endpoint(name, host string, port int) string {
	return kraft.Endpoint{Name: name, Host: host, Port: port}.String()
}

// listenersFor binds every listener to the broker's private IP: nothing listens on other
// interfaces, and the NLB's health checks reach EXTERNAL on that address.
func listenersFor(c *config.Config, b Broker) string {
	var items []string
	if b.IsController() {
		items = append(items, endpoint(ListenerController, b.PrivateIP, c.ControllerPort))
	}
	items = append(items,
		endpoint(ListenerInternal, b.PrivateIP, c.InternalPort),
		endpoint(ListenerExternal, b.PrivateIP, c.ExternalPort))
	return strings.Join(items, ",")
}

// advertisedFor never lists CONTROLLER: Kafka 3.7 refuses to start when it is advertised.
func advertisedFor(c *config.Config, b Broker, externalHost string) string {
	return endpoint(ListenerInternal, b.PrivateIP, c.InternalPort) + "," +
		endpoint(ListenerExternal, externalHost, b.NLBPort)
}

// protocolMap maps CONTROLLER and INTERNAL to PLAINTEXT and EXTERNAL to its protocol (SASL_PLAINTEXT
// when auth is on). CONTROLLER is mapped on every node: broker-only nodes reach the quorum through it.
func protocolMap(a Auth) string {
	return ListenerController + ":PLAINTEXT," + ListenerInternal + ":PLAINTEXT," + ListenerExternal + ":" + externalProtocol(a)
}

// hostInSubnet returns the IPv4 address offset hosts above cidr's network address, refusing
// one outside the range or among the addresses Alibaba Cloud reserves at its top.
func hostInSubnet(cidr string, offset int) (string, error) {
	pfx, err := netip.ParsePrefix(cidr)
	if err != nil {
		return "", fmt.Errorf("vSwitch range %q is not a CIDR block: %w", cidr, err)
	}
	if !pfx.Addr().Is4() {
		return "", fmt.Errorf("vSwitch range %q is not IPv4", cidr)
	}
	pfx = pfx.Masked()
	a := pfx.Addr().As4()
	base := uint64(a[0])<<24 | uint64(a[1])<<16 | uint64(a[2])<<8 | uint64(a[3])
	size := uint64(1) << (32 - pfx.Bits())
	if size <= reservedTop || uint64(offset) >= size-reservedTop {
		return "", fmt.Errorf("vSwitch range %s has %d addresses, too few for host +%d (the top %d are reserved); use a larger range such as a /24",
			cidr, size, offset, reservedTop)
	}
	n := base + uint64(offset)
	ip := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	return ip.String(), nil
}

// Broker returns the broker with node id id.
func (p *Plan) Broker(id int) (Broker, bool) {
	for _, b := range p.Brokers {
		if b.NodeID == id {
			return b, true
		}
	}
	return Broker{}, false
}

// Controllers returns the quorum voters' brokers in node-id order.
func (p *Plan) Controllers() []Broker {
	var out []Broker
	for _, b := range p.Brokers {
		if b.IsController() {
			out = append(out, b)
		}
	}
	return out
}

// InternalBootstrap returns the INTERNAL bootstrap list, "ip:port,ip:port,..." in node-id
// order, for clients inside the VPC (kplc on the bastion and the brokers).
func (p *Plan) InternalBootstrap() string {
	parts := make([]string, len(p.Brokers))
	for i, b := range p.Brokers {
		parts[i] = b.PrivateIP + ":" + strconv.Itoa(p.InternalPort)
	}
	return strings.Join(parts, ",")
}

// RoleNames returns the broker's process.roles value, e.g. "broker,controller".
func (b Broker) RoleNames() string {
	parts := make([]string, len(b.Roles))
	for i, r := range b.Roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

// ConfigHash returns the hex SHA-256 of the broker's rendered server.properties; a change of
// the hash means the broker needs the new file and a restart.
func (b Broker) ConfigHash() string {
	sum := sha256.Sum256([]byte(b.ServerProperties))
	return hex.EncodeToString(sum[:])
}
