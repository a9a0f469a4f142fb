package plan

// Stage is where a deployment stands in the two-pass unique-name rollout.
type Stage string

const (
	// StageAwaitingUniqueName is the first pass: uniqueName is unset, so brokers advertise the
	// placeholder name.
	StageAwaitingUniqueName Stage = "awaiting-unique-name"
	// StageUniqueNameSet is the second pass: brokers advertise the names TiDB Cloud resolves.
	StageUniqueNameSet Stage = "unique-name-set"
)

// Role is a KRaft process role.
type Role string

const (
	// RoleBroker serves clients and hosts partitions.
	RoleBroker Role = "broker"
	// RoleController votes in the metadata quorum.
	RoleController Role = "controller"
)

// Listener names used in every rendered server.properties.
const (
	// ListenerController is the KRaft quorum listener; it is never advertised.
	ListenerController = "CONTROLLER"
	// ListenerInternal is the listener for replication and for clients inside the VPC.
	ListenerInternal = "INTERNAL"
	// ListenerExternal is the listener TiDB Cloud reaches through PrivateLink and the NLB.
	ListenerExternal = "EXTERNAL"
)

// Host paths the rendered configuration refers to (see scripts/ for the host side).
const (
	// LogDir is the broker's log.dirs, on the data disk mounted at /var/lib/kafka.
	LogDir = "/var/lib/kafka/data"
	// ServerPropertiesPath is where a broker's configuration lives.
	ServerPropertiesPath = "/etc/kafka/server.properties"
)

// Plan is the whole deployment decided from a valid configuration. It holds no Pulumi types:
// the components, the scripts and kplc all render from it.
type Plan struct {
	// Project is the Pulumi project name.
	Project string
	// Stack is the Pulumi stack name.
	Stack string
	// Region is the Alibaba Cloud region.
	Region string
	// Stage is the rollout stage the configuration is at.
	Stage Stage
	// UniqueName is the name advertised brokers use: TiDB Cloud's, or the placeholder.
	UniqueName string
	// ClusterID is the KRaft cluster ID, stable for the life of the stack.
	ClusterID string
	// ControllerPort is the CONTROLLER listener's port on every controller.
	ControllerPort int
	// InternalPort is the INTERNAL listener's port on every broker.
	InternalPort int
	// ExternalPort is the EXTERNAL listener's port on every broker (the NLB backend port).
	ExternalPort int
	// Zones are the broker zones with their vSwitch ranges, in configuration order.
	Zones []Zone
	// Bastion is where the bastion goes.
	Bastion Bastion
	// Brokers are the brokers in node-id order (node ids 1..N).
	Brokers []Broker
	// RollConcurrency is how later changes restart the brokers: config.RollOne or
	// config.RollZone (see Waves).
	RollConcurrency string
	// Voters are the controller quorum voters in node-id order.
	Voters []Voter
	// QuorumVoters is the controller.quorum.voters value, "id@host:port,...".
	QuorumVoters string
	// PortMap is the NLB's listeners: the bootstrap port first, then one port per broker.
	PortMap []PortMapping
	// TiDBCloud is what the user enters in TiDB Cloud.
	TiDBCloud TiDBCloudEntry
	// Auth is the EXTERNAL listener's authentication and authorization.
	Auth Auth
	// PendingChanges lists, while the unique name is unset, the settings that change on each
	// broker once it is set, in restart order. Empty once the unique name is set.
	PendingChanges []PendingChange
}

// Zone is one broker availability zone.
type Zone struct {
	// Name is the zone ID, e.g. "ap-southeast-1a".
	Name string
	// VswitchCIDR is the range of the zone's broker vSwitch.
	VswitchCIDR string
	// NLBVswitchCIDR is the range of the zone's NLB vSwitch, where the NLB takes its VIP and its
	// local addresses; apart from every broker range ("" for an existing cluster, whose NLB uses
	// the configured existingVswitchIds).
	NLBVswitchCIDR string
}

// Bastion is the placement of the SSH bastion.
type Bastion struct {
	// Zone is the bastion's zone.
	Zone string
	// VswitchCIDR is the bastion vSwitch's range.
	VswitchCIDR string
	// PrivateIP is the bastion's static private address.
	PrivateIP string
}

// Broker is one planned Kafka node.
type Broker struct {
	// NodeID is the KRaft node.id, 1..N.
	NodeID int
	// Zone is the broker's zone, also its broker.rack.
	Zone string
	// VswitchCIDR is the range of the broker's vSwitch.
	VswitchCIDR string
	// PrivateIP is the broker's static private address inside its vSwitch.
	PrivateIP string
	// Roles are the broker's process.roles.
	Roles []Role
	// ExternalHost is the EXTERNAL listener's advertised host, from the host pattern.
	ExternalHost string
	// NLBPort is the NLB listener port that reaches only this broker.
	NLBPort int
	// Listeners is the listeners value.
	Listeners string
	// AdvertisedListeners is the advertised.listeners value.
	AdvertisedListeners string
	// ProtocolMap is the listener.security.protocol.map value.
	ProtocolMap string
	// Properties are every server.properties setting in file order.
	Properties []Property
	// ServerProperties is the rendered server.properties file.
	ServerProperties string
}

// IsController reports whether the broker is a quorum voter.
func (b Broker) IsController() bool {
	for _, r := range b.Roles {
		if r == RoleController {
			return true
		}
	}
	return false
}

// Property is one server.properties setting.
type Property struct {
	// Key is the property name.
	Key string
	// Value is the property value.
	Value string
}

// Voter is one controller quorum voter.
type Voter struct {
	// NodeID is the voter's node.id.
	NodeID int
	// Host is the voter's private IP.
	Host string
	// Port is the CONTROLLER listener port.
	Port int
}

// PortMapping is one NLB listener and the server group behind it.
type PortMapping struct {
	// ListenerPort is the NLB listener's port.
	ListenerPort int
	// ServerGroup names the server group: "bootstrap" or "broker-<id>".
	ServerGroup string
	// Backends are the servers in the group.
	Backends []Backend
}

// Backend is one server of an NLB server group.
type Backend struct {
	// NodeID is the broker's node id.
	NodeID int
	// Zone is the broker's zone.
	Zone string
	// PrivateIP is the broker's private address.
	PrivateIP string
	// Port is the backend port (the EXTERNAL listener's).
	Port int
}

// TiDBCloudEntry is what to enter in TiDB Cloud's private link connection form.
type TiDBCloudEntry struct {
	// AccountID is the TiDB Cloud account the endpoint service whitelists.
	AccountID string
	// Zones are the availability zones of the endpoint service.
	Zones []string
	// AdvertisedListenerPattern is the broker host pattern, e.g. "b{id}.{uniqueName}...".
	AdvertisedListenerPattern string
	// BootstrapPort is the NLB's bootstrap port.
	BootstrapPort int
	// SASLMechanism is the changefeed's SASL mechanism ("SCRAM-SHA-512"), or "" without auth.
	SASLMechanism string
	// SASLUser is the changefeed's SASL user, or "" without auth. The password is the stack's
	// secret externalPassword (PasswordCommand prints it).
	SASLUser string
}

// PasswordCommand returns the command that prints the changefeed's password, for the stack.
func (e TiDBCloudEntry) PasswordCommand(project, stack string) string {
	if e.SASLMechanism == "" {
		return ""
	}
	return "pulumi config get " + project + ":externalPassword --stack " + stack
}

// PendingChange is a setting that changes on one broker when the unique name is set. For an
// existing cluster From and To hold only the EXTERNAL item of advertised.listeners: the rest of
// the running broker's value is kept as it is.
type PendingChange struct {
	// NodeID is the broker that changes.
	NodeID int
	// Key is the property that changes.
	Key string
	// From is the value now.
	From string
	// To is the value once the unique name is set (with "{uniqueName}" standing for it).
	To string
}
