// Package config reads and validates a kafka-plc stack's configuration.
//
// The same code serves the Pulumi program (values from the engine) and the offline `kplc plan`
// (values from Pulumi.yaml and Pulumi.<stack>.yaml, read by ReadStack): both hand Load the raw
// Values, and Load applies the defaults of the Settings table, parses, and validates everything at
// once, returning every problem as Problems.
package config

// Mode says whether kafka-plc builds a new cluster or exposes an existing one.
type Mode string

const (
	// ModeNew builds the VPC, the bastion and the brokers.
	ModeNew Mode = "new"
	// ModeExisting adds the EXTERNAL listener to brokers that already run in an existing VPC.
	ModeExisting Mode = "existing"
)

// PlaceholderUniqueName is advertised until TiDB Cloud hands out the unique name.
const PlaceholderUniqueName = "unique_name"

// Checksum is an expected digest of a download, written "<algorithm>:<hex>" in config.
type Checksum struct {
	// Algorithm is "sha256" or "sha512".
	Algorithm string
	// Hex is the lower-case hexadecimal digest.
	Hex string
}

// String returns the checksum in its config form, "<algorithm>:<hex>".
func (c Checksum) String() string { return c.Algorithm + ":" + c.Hex }

// ExistingBroker describes one broker of an existing cluster (ModeExisting).
type ExistingBroker struct {
	// NodeID is the broker's node.id.
	NodeID int `json:"nodeId"`
	// Zone is the availability zone the broker runs in.
	Zone string `json:"zone"`
	// PrivateIP is the broker's private address in the VPC.
	PrivateIP string `json:"privateIp"`
	// InstanceID is the broker's ECS instance ID (the NLB backend).
	InstanceID string `json:"instanceId"`
	// SSHUser is the user to log in as (it must be root or have passwordless sudo).
	SSHUser string `json:"sshUser"`
	// PropertiesPath is the absolute path of the broker's server.properties.
	PropertiesPath string `json:"propertiesPath"`
	// ServiceName is the systemd unit that runs the broker.
	ServiceName string `json:"serviceName"`
}

// Existing holds the settings of ModeExisting.
type Existing struct {
	// VpcID is the ID of the VPC the brokers run in.
	VpcID string
	// VswitchIDs maps each zone to the vSwitch the NLB uses there.
	VswitchIDs map[string]string
	// JumpHost is the host (IP or name) to SSH through to reach the brokers.
	JumpHost string
	// JumpUser is the SSH user on the jump host.
	JumpUser string
	// JumpHostKey is the jump host's pinned SSH host public key, "<type> <base64>", or "" to
	// record it on first contact.
	JumpHostKey string
	// Brokers are the running brokers, in node-id order.
	Brokers []ExistingBroker
}

// Config is a validated stack configuration. Build it with Load; a Config that Load returned
// without error satisfies every rule in Validate.
type Config struct {
	// Project is the Pulumi project name.
	Project string
	// Stack is the Pulumi stack name.
	Stack string
	// Mode says whether to build a new cluster or expose an existing one.
	Mode Mode

	// Region is the Alibaba Cloud region, e.g. "ap-southeast-1".
	Region string
	// Zones are the availability zones brokers are spread over (at least 2, for the NLB).
	Zones []string
	// VpcCIDR is the VPC's IPv4 range.
	VpcCIDR string
	// BrokerVswitchCIDRs holds one broker vSwitch range per zone, in Zones order.
	BrokerVswitchCIDRs []string
	// BastionVswitchCIDR is the bastion vSwitch's range.
	BastionVswitchCIDR string
	// NLBVswitchCIDRs holds one NLB vSwitch range per zone, in Zones order (mode new): the NLB
	// takes its VIP and its local addresses from these, never from a broker vSwitch.
	NLBVswitchCIDRs []string
	// BastionZone is the zone of the bastion vSwitch (default: the first zone).
	BastionZone string

	// BrokerCount is the number of brokers, spread round-robin over Zones.
	BrokerCount int
	// ControllerCount is the KRaft quorum size (3 or 5); nodes 1..ControllerCount are
	// broker+controller, the rest broker-only.
	ControllerCount int
	// RollConcurrency is how later changes restart the brokers: RollOne (one at a time, the
	// default) or RollZone (the brokers of one zone together, zone after zone).
	RollConcurrency string
	// BrokerInstanceType is the ECS instance type of the brokers.
	BrokerInstanceType string
	// BastionInstanceType is the ECS instance type of the bastion.
	BastionInstanceType string
	// ImageID is the ECS image; empty means the latest Alibaba Cloud Linux 3 image.
	ImageID string
	// SystemDiskCategory is the disk category of every instance's system disk.
	SystemDiskCategory string
	// DataDiskSizeGB is the size of each broker's data disk, in GiB.
	DataDiskSizeGB int
	// DataDiskCategory is the disk category of each broker's data disk.
	DataDiskCategory string
	// DataDiskDevice is the block device of each broker's data disk, e.g. "/dev/vdb".
	DataDiskDevice string
	// BastionBandwidthMbps is the bastion's public bandwidth (it gets a public IP through it).
	BastionBandwidthMbps int

	// SSHUser is the login user on the bastion and the new brokers.
	SSHUser string
	// SSHPublicKey is the OpenSSH public key installed on every instance.
	SSHPublicKey string
	// SSHPrivateKeySet reports whether the secret sshPrivateKey is configured. Its value never
	// enters Config: the Pulumi program reads it as a secret output.
	SSHPrivateKeySet bool
	// BastionHostKey is the bastion's pinned SSH host public key, "<type> <base64>", or "" to
	// record it on first contact.
	BastionHostKey string
	// SSHAllowedCIDRs may reach the bastion's SSH port.
	SSHAllowedCIDRs []string
	// AllowSSHFromAnywhere must be true for SSHAllowedCIDRs to contain 0.0.0.0/0.
	AllowSSHFromAnywhere bool
	// AllowBrokerDeletion lifts the brokers' deletion protection (needed before a destroy).
	AllowBrokerDeletion bool

	// KafkaVersion is the Apache Kafka version, x.y.z.
	KafkaVersion string
	// RebalanceAfterScaleOut runs kplc rebalance after a brokerCount change (rebalanceAfterScaleOut).
	RebalanceAfterScaleOut bool
	// RebalanceThrottleBytes is the rebalance's replication throttle, bytes/s per broker.
	RebalanceThrottleBytes int
	// ScalaVersion is the Scala build of the Kafka tarball, e.g. "2.13".
	ScalaVersion string
	// KafkaDownloadURL is where the bastion downloads the tarball (a mirror may be set).
	KafkaDownloadURL string
	// KafkaChecksum is the tarball's expected digest.
	KafkaChecksum Checksum
	// JavaPackage is the OS package that provides Java on the brokers.
	JavaPackage string
	// BrokerHeap is the JVM heap size of each broker, e.g. "2g".
	BrokerHeap string
	// MessageMaxBytes is the broker's message.max.bytes.
	MessageMaxBytes int
	// ReplicaFetchMaxBytes is the broker's replica.fetch.max.bytes.
	ReplicaFetchMaxBytes int

	// BrokerProperties are the extra server.properties entries of brokerProperties, sorted by
	// key; none is a key of OwnedBrokerKeys.
	BrokerProperties []BrokerProperty

	// ControllerPort is the CONTROLLER listener's port.
	ControllerPort int
	// InternalPort is the INTERNAL listener's port (inter-broker and in-VPC clients).
	InternalPort int
	// ExternalPort is the EXTERNAL listener's port (the NLB's backend port).
	ExternalPort int
	// NLBBootstrapPort is the NLB listener that reaches every broker.
	NLBBootstrapPort int
	// NLBFirstBrokerPort is the NLB listener of broker 1; broker i uses NLBFirstBrokerPort+i-1.
	NLBFirstBrokerPort int
	// DistPort is the bastion's in-VPC HTTP port that serves the verified downloads to brokers.
	DistPort int
	// MetricsScraperCIDRs may reach `kplc exporter` on the bastion (rules.ExporterPort); empty,
	// the default, opens it to nobody.
	MetricsScraperCIDRs []string

	// AdvertisedHostPattern builds each broker's EXTERNAL host from {id} and {uniqueName}.
	AdvertisedHostPattern string
	// TiDBCloudAccountID is TiDB Cloud's Alibaba Cloud account, the only one whitelisted.
	TiDBCloudAccountID string
	// UniqueName is the name TiDB Cloud gives; empty until the user sets it (stage 1).
	UniqueName string
	// ClusterID is the KRaft cluster ID (22 characters of base64url); derived from project and
	// stack unless configured, so it never changes across updates.
	ClusterID string

	// ExternalAuth is AuthNone or AuthScramSHA512.
	ExternalAuth string
	// ExternalUser is the SCRAM user of TiDB Cloud's changefeed (used when auth is on).
	ExternalUser string
	// ExternalPasswordSet reports whether the secret externalPassword is configured. Its value
	// never enters Config.
	ExternalPasswordSet bool
	// ExternalTopicPrefix limits the changefeed user's topic ACLs to topics with this prefix;
	// empty means every topic.
	ExternalTopicPrefix string

	// Existing holds the existing cluster's description when Mode is ModeExisting.
	Existing *Existing

	// warnings are Load's notes on allowed but doubtful settings (see Warnings).
	warnings []string
}

// EffectiveUniqueName returns UniqueName, or PlaceholderUniqueName while it is unset.
func (c *Config) EffectiveUniqueName() string {
	if c.UniqueName == "" {
		return PlaceholderUniqueName
	}
	return c.UniqueName
}
