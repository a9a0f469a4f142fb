package config

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Type is a setting's type as Pulumi.yaml declares it.
type Type string

// The types Pulumi's project file accepts for a config key.
const (
	// TypeString is a text value.
	TypeString Type = "string"
	// TypeInteger is a whole number.
	TypeInteger Type = "integer"
	// TypeBoolean is true or false.
	TypeBoolean Type = "boolean"
	// TypeArray is a list; Setting.Items names the element type.
	TypeArray Type = "array"
	// TypeObject is a map of named values.
	TypeObject Type = "object"
)

// ProjectName is the Pulumi project name of kafka-plc, and so the namespace of its settings.
const ProjectName = "kafka-plc"

// ProviderRegionKey is the Alibaba Cloud provider's region setting. It is not a kafka-plc
// setting, but when it is present in Values it must agree with region.
const ProviderRegionKey = "alicloud:region"

// PlaceholderTiDBCloudAccountID is the example TiDB Cloud account ID of Pulumi.dev.yaml. It is
// not TiDB Cloud's real account: Warnings says so while a stack still uses it.
const PlaceholderTiDBCloudAccountID = "1234567890123456"

// Setting describes one stack setting: the single source of Pulumi.yaml's config block, the
// README's configuration table, and Load's defaults.
type Setting struct {
	// Key is the setting's name without the project prefix, in lowerCamelCase.
	Key string
	// Type is the setting's Pulumi config type.
	Type Type
	// Items is the element type of an array setting ("" for other types).
	Items Type
	// Default is the default as a Go value (string, int, bool, []any or map[string]any), written
	// into Pulumi.yaml. It is nil when Pulumi.yaml declares no default, which makes Pulumi itself
	// require the setting in every stack.
	Default any
	// Derived, when set, says how Load computes the value while the setting is left at its
	// empty default (e.g. "carved from vpcCidr").
	Derived string
	// Required reports that the setting must be set in the modes it applies to. Settings required
	// in every mode have no Pulumi.yaml default; the others declare an empty default and Load
	// reports them when missing.
	Required bool
	// Secret marks a value Pulumi stores encrypted; Load never reads it.
	Secret bool
	// Modes are the modes the setting applies to; empty means every mode.
	Modes []Mode
	// Description says what the setting is, in one or two sentences.
	Description string
}

// AppliesTo reports whether the setting is used in mode m.
func (s Setting) AppliesTo(m Mode) bool {
	if len(s.Modes) == 0 {
		return true
	}
	for _, x := range s.Modes {
		if x == m {
			return true
		}
	}
	return false
}

// FullType returns the type as Pulumi names it in errors, e.g. "array<string>".
func (s Setting) FullType() string {
	if s.Type == TypeArray {
		return fmt.Sprintf("array<%s>", s.Items)
	}
	return string(s.Type)
}

// DefaultYAML returns the default in YAML flow form ("3", "cloud_essd", "[]"), or "" when the
// setting has no default.
func (s Setting) DefaultYAML() string {
	if s.Default == nil {
		return ""
	}
	if str, ok := s.Default.(string); ok {
		if str == "" {
			return `""`
		}
		return str
	}
	b, err := json.Marshal(s.Default)
	if err != nil {
		return fmt.Sprint(s.Default)
	}
	return string(b)
}

// IsDefault reports whether raw, a value as the Pulumi engine or a stack file gives it (the text
// of a scalar, JSON for arrays and objects), equals the setting's Pulumi.yaml default. The
// engine merges every project default into the stack's config before the program runs
// (pkg/v3 workspace mergeConfig, via ValidateStackConfigAndApplyProjectConfig), so a value
// equal to the default cannot be told from one the user never set; Load treats it as unset.
// Arrays and objects compare as JSON values, so formatting and key order do not matter.
func (s Setting) IsDefault(raw string) bool {
	switch d := s.Default.(type) {
	case nil:
		return false
	case string:
		return raw == d
	case int:
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		return err == nil && n == d
	case bool:
		b, err := strconv.ParseBool(strings.TrimSpace(raw))
		return err == nil && b == d
	default:
		want, err := json.Marshal(d)
		if err != nil {
			return false
		}
		var got, def any
		if json.Unmarshal([]byte(raw), &got) != nil || json.Unmarshal(want, &def) != nil {
			return false
		}
		return reflect.DeepEqual(got, def)
	}
}

// raw returns the default as Load receives an unset value from the Pulumi engine: the text of a
// scalar, or JSON for arrays and objects.
func (s Setting) raw() string {
	switch d := s.Default.(type) {
	case nil:
		return ""
	case string:
		return d
	case int:
		return fmt.Sprint(d)
	case bool:
		return fmt.Sprint(d)
	default:
		b, _ := json.Marshal(d)
		return string(b)
	}
}

var (
	onlyNew      = []Mode{ModeNew}
	onlyExisting = []Mode{ModeExisting}
)

// Settings is every stack setting, in the order the README lists them.
var Settings = []Setting{
	{Key: "mode", Type: TypeString, Default: "new",
		Description: "new builds the VPC, bastion and brokers; existing exposes brokers that already run in an existing VPC."},
	{Key: "region", Type: TypeString, Required: true,
		Description: "Alibaba Cloud region ID, e.g. ap-southeast-1."},
	{Key: "zones", Type: TypeArray, Items: TypeString, Required: true,
		Description: "Availability zones of the region that brokers are spread over (2 to 10; the NLB needs at least 2)."},
	{Key: "vpcCidr", Type: TypeString, Default: "10.0.0.0/16",
		Description: "IPv4 range of the VPC (in mode existing: of the existing VPC)."},
	{Key: "brokerVswitchCidrs", Type: TypeArray, Items: TypeString, Default: []any{}, Modes: onlyNew,
		Derived:     "carved from vpcCidr",
		Description: "One broker vSwitch range per zone, in zones order; by default the first equal blocks of vpcCidr (three /18s of a /16 for 2 or 3 zones)."},
	{Key: "bastionVswitchCidr", Type: TypeString, Default: "", Modes: onlyNew,
		Derived:     "first part of the block after the broker vSwitches",
		Description: "Range of the bastion's vSwitch. By default the block after the broker vSwitches is split into equal parts of at most a /24, one for the bastion and one per NLB zone (for a /16 and 3 zones: 10.0.192.0/24)."},
	{Key: "nlbVswitchCidrs", Type: TypeArray, Items: TypeString, Default: []any{}, Modes: onlyNew,
		Derived:     "the parts after the bastion's",
		Description: "One NLB vSwitch range per zone, in zones order, /16 to /28, apart from every broker and bastion range: the NLB takes its VIP and its local addresses toward the brokers there, never a broker's planned address, and only these ranges reach the brokers' EXTERNAL port. By default the parts after the bastion's (for a /16 and 3 zones: 10.0.193.0/24, 10.0.194.0/24, 10.0.195.0/24)."},
	{Key: "bastionZone", Type: TypeString, Default: "", Modes: onlyNew,
		Derived:     "the first zone",
		Description: "Zone of the bastion's vSwitch; any zone of the region."},
	{Key: "brokerCount", Type: TypeInteger, Default: 3, Modes: onlyNew,
		Description: "Number of brokers (at most 49, the NLB's listener quota); broker i goes to zone (i-1) mod len(zones)."},
	{Key: "controllerCount", Type: TypeInteger, Default: 3, Modes: onlyNew,
		Description: "KRaft quorum size, 3 or 5; nodes 1..controllerCount are broker+controller."},
	{Key: "rollConcurrency", Type: TypeString, Default: RollOne, Modes: onlyNew,
		Description: "How a later change restarts the brokers: one (one at a time, in node order) or zone (the brokers of one zone together, zone after zone, each wave behind a gate that refuses the whole wave, and falls back to one at a time, when a partition has two replicas in the zone or the quorum would lose its majority). Needs 3 or more zones. The first start of new brokers is parallel either way."},
	{Key: "brokerInstanceType", Type: TypeString, Default: "ecs.g7.xlarge", Modes: onlyNew,
		Description: "ECS instance type of the brokers, x86-64 (kplc is built for linux/amd64; Arm families such as g8y or c6r are refused). Changed later, it is not applied to running brokers: pulumi up warns and gives the one-broker-at-a-time procedure."},
	{Key: "bastionInstanceType", Type: TypeString, Default: "ecs.t6-c1m1.large", Modes: onlyNew,
		Description: "ECS instance type of the bastion, x86-64."},
	{Key: "imageId", Type: TypeString, Default: "", Modes: onlyNew,
		Derived:     "latest Alibaba Cloud Linux 3",
		Description: "ECS image of every instance."},
	{Key: "systemDiskCategory", Type: TypeString, Default: "cloud_essd", Modes: onlyNew,
		Description: "Disk category of every instance's system disk."},
	{Key: "dataDiskSizeGb", Type: TypeInteger, Default: 200, Modes: onlyNew,
		Description: "Size of each broker's data disk in GiB (20 to 32768)."},
	{Key: "dataDiskCategory", Type: TypeString, Default: "cloud_essd", Modes: onlyNew,
		Description: "Disk category of each broker's data disk."},
	{Key: "dataDiskDevice", Type: TypeString, Default: "/dev/vdb", Modes: onlyNew,
		Description: "Block device of each broker's data disk as the instance names it: /dev/vdb on virtio instance families, /dev/nvme1n1 on NVMe ones (check with lsblk). A whole disk, never the system disk."},
	{Key: "bastionBandwidthMbps", Type: TypeInteger, Default: 5, Modes: onlyNew,
		Description: "Public bandwidth of the bastion in Mbit/s (1 to 100)."},
	{Key: "sshUser", Type: TypeString, Default: "root", Modes: onlyNew,
		Description: "Login user on the bastion and the brokers."},
	{Key: "sshPublicKey", Type: TypeString, Default: "", Required: true, Modes: onlyNew,
		Description: "OpenSSH public key installed on every instance (one line, e.g. ssh-rsa AAAA...): RSA (ssh-keygen -t rsa -b 4096) or ECDSA, the types Alibaba Cloud imports as a key pair; ed25519 keys are refused. Changed later, it is not applied (the brokers keep the key they were created with): pulumi up warns and gives the manual rotation."},
	{Key: "sshPrivateKey", Type: TypeString, Required: true, Secret: true,
		Description: "Private key matching sshPublicKey (mode existing: accepted by the jump host and the brokers); set with --secret, it stays on the deploying machine."},
	{Key: "bastionHostKey", Type: TypeString, Default: "", Modes: onlyNew,
		Description: "The bastion's SSH host public key, one line \"ssh-ed25519 AAAA...\" (the first two fields of its /etc/ssh/ssh_host_ed25519_key.pub, read out of band). Set, every connection to the bastion requires it; unset, the key the bastion shows on first contact is recorded in the stack and required from then on (trust on first use)."},
	{Key: "sshAllowedCidrs", Type: TypeArray, Items: TypeString, Default: []any{}, Required: true, Modes: onlyNew,
		Description: "IPv4 ranges allowed to reach the bastion's SSH port; 0.0.0.0/0 needs allowSshFromAnywhere."},
	{Key: "allowSshFromAnywhere", Type: TypeBoolean, Default: false, Modes: onlyNew,
		Description: "Must be true for sshAllowedCidrs to contain 0.0.0.0/0."},
	{Key: "allowBrokerDeletion", Type: TypeBoolean, Default: false, Modes: onlyNew,
		Description: "Lifts the brokers' deletion protection; set it (and pulumi up) before pulumi destroy, which deletes their data disks."},
	{Key: "kafkaVersion", Type: TypeString, Default: "3.7.1", Modes: onlyNew,
		Description: "Apache Kafka version, x.y.z, at least 3.7.0 (KRaft). A change rolls the brokers and then finalizes metadata.version (kplc finalize-features); one-step upgrades only (3.x from 3.0, 4.x from 3.3), never to an older release line."},
	{Key: "scalaVersion", Type: TypeString, Default: "2.13", Modes: onlyNew,
		Description: "Scala build of the Kafka tarball, 2.12 or 2.13."},
	{Key: "kafkaDownloadUrl", Type: TypeString, Default: "", Modes: onlyNew,
		Derived:     "https://archive.apache.org/dist/kafka/{kafkaVersion}/kafka_{scalaVersion}-{kafkaVersion}.tgz",
		Description: "Where the bastion downloads the Kafka tarball; {kafkaVersion} and {scalaVersion} are expanded, so a mirror may be set. https (http is accepted with a warning: the checksum still guards the file)."},
	{Key: "kafkaChecksum", Type: TypeString, Default: "", Required: true, Modes: onlyNew,
		Description: "Published digest of the Kafka tarball, sha256:<64 hex> or sha512:<128 hex>; checked on the bastion and on every broker before unpacking."},
	{Key: "javaPackage", Type: TypeString, Default: "java-17-openjdk-headless", Modes: onlyNew,
		Description: "OS package that provides Java on the brokers."},
	{Key: "rebalanceAfterScaleOut", Type: TypeBoolean, Default: true, Modes: onlyNew,
		Description: "After brokerCount changes and every broker is back, pulumi up runs kplc rebalance on the bastion (throttled replica moves onto the new brokers, preferred leaders spread). false leaves it to you."},
	{Key: "rebalanceThrottleBytes", Type: TypeInteger, Default: 50000000, Modes: onlyNew,
		Description: "Replication throttle of the rebalance, bytes per second per broker (1000000 to 10000000000); lower it to leave clients more bandwidth while replicas are copied."},
	{Key: "brokerHeap", Type: TypeString, Default: "2g", Modes: onlyNew,
		Description: "JVM heap of each broker (-Xms and -Xmx), e.g. 2g or 1536m."},
	{Key: "messageMaxBytes", Type: TypeInteger, Default: 16777216, Modes: onlyNew,
		Description: "Broker message.max.bytes; at least 1 MiB, and at least 10 MiB (TiCDC's default maximum message) unless the changefeed's max-message-bytes is lowered to match."},
	{Key: "replicaFetchMaxBytes", Type: TypeInteger, Default: 16777216, Modes: onlyNew,
		Description: "Broker replica.fetch.max.bytes; at least messageMaxBytes."},
	{Key: "brokerProperties", Type: TypeObject, Default: map[string]any{},
		Description: "Extra server.properties entries for every broker, as a map of Kafka property name to value (string), e.g. log.retention.hours: \"168\". Keys kafka-plc writes itself (node.id, process.roles, listeners, advertised.listeners, listener maps, controller and quorum settings, log.dirs, broker.rack, message sizes, auth keys) are refused with the setting that controls them; values are checked against Kafka 3.7's types and start-up rules. A change is rolled through the brokers one at a time behind the restart gates (mode existing: set or replaced in place)."},
	{Key: "controllerPort", Type: TypeInteger, Default: 29092, Modes: onlyNew,
		Description: "Port of the CONTROLLER listener."},
	{Key: "internalPort", Type: TypeInteger, Default: 9092,
		Description: "Port of the INTERNAL listener (between brokers and for clients in the VPC); in mode existing, the port the restart gates reach every broker on."},
	{Key: "externalPort", Type: TypeInteger, Default: 39092,
		Description: "Port of the EXTERNAL listener that the NLB forwards to."},
	{Key: "nlbBootstrapPort", Type: TypeInteger, Default: 9092,
		Description: "NLB listener that reaches every broker; TiDB Cloud's bootstrap port."},
	{Key: "nlbFirstBrokerPort", Type: TypeInteger, Default: 9093,
		Description: "NLB listener of the first broker; the n-th broker uses nlbFirstBrokerPort+n-1."},
	{Key: "distPort", Type: TypeInteger, Default: 8081, Modes: onlyNew,
		Description: "Port on the bastion's private IP that serves the verified downloads to the brokers."},
	{Key: "metricsScraperCidrs", Type: TypeArray, Items: TypeString, Default: []any{}, Modes: onlyNew,
		Description: "Private IPv4 ranges of the Prometheus that scrapes kplc exporter on the bastion (port 9308, the only port opened to them); empty, the default, opens it to nobody."},
	{Key: "advertisedHostPattern", Type: TypeString, Default: "b{id}.{uniqueName}.alicloud.plc.tidbcloud.com",
		Description: "EXTERNAL host each broker advertises; {id} is the node ID and {uniqueName} TiDB Cloud's unique name."},
	{Key: "tidbCloudAccountId", Type: TypeString, Required: true,
		Description: "TiDB Cloud's Alibaba Cloud account ID (digits), the only account the endpoint service accepts."},
	{Key: "uniqueName", Type: TypeString, Default: "",
		Derived:     "unset (stage awaiting-unique-name)",
		Description: "Unique name TiDB Cloud shows after the private link connection is created; while unset, brokers advertise the placeholder unique_name."},
	{Key: "clusterId", Type: TypeString, Default: "", Modes: onlyNew,
		Derived:     "derived from project and stack",
		Description: "KRaft cluster ID, 22 base64url characters, not starting with '-' (kafka-storage.sh would read it as a flag); by default derived from the project and stack names so it never changes (renaming the stack would change it: pin it first)."},
	{Key: "externalAuth", Type: TypeString, Default: "none",
		Description: "Authentication on the EXTERNAL listener (the one TiDB Cloud reaches): none, or scram-sha-512, which makes it SASL_PLAINTEXT with SCRAM-SHA-512 and turns on ACLs (KRaft's StandardAuthorizer). INTERNAL and CONTROLLER stay unauthenticated, trusted through the security groups. Switching is a rolling configure change, in mode existing too (the in-place edit makes EXTERNAL SASL_PLAINTEXT and adds the authorizer where that locks no client out)."},
	{Key: "externalUser", Type: TypeString, Default: "tidb-cdc",
		Description: "SCRAM user of TiDB Cloud's changefeed when externalAuth is scram-sha-512."},
	{Key: "externalPassword", Type: TypeString, Default: "", Secret: true,
		Description: "Password of externalUser, required when externalAuth is scram-sha-512: at least 16 characters of three kinds (openssl rand -base64 24 | pulumi config set --secret kafka-plc:externalPassword). It never reaches a command line, a log or plain state."},
	{Key: "externalTopicPrefix", Type: TypeString, Default: "",
		Derived:     "every topic",
		Description: "Topics externalUser may create, write and describe when externalAuth is scram-sha-512: every topic, or those whose names start with this prefix (e.g. tidb_)."},
	{Key: "existingVpcId", Type: TypeString, Default: "", Required: true, Modes: onlyExisting,
		Description: "ID of the VPC the brokers run in (vpc-...)."},
	{Key: "existingVswitchIds", Type: TypeObject, Default: map[string]any{}, Required: true, Modes: onlyExisting,
		Description: "Map of each zone in zones to a vSwitch ID (vsw-...) in that zone for the NLB."},
	{Key: "jumpHost", Type: TypeString, Default: "", Required: true, Modes: onlyExisting,
		Description: "Host (IP or name) to SSH through to reach the brokers."},
	{Key: "jumpUser", Type: TypeString, Default: "root", Modes: onlyExisting,
		Description: "SSH user on the jump host."},
	{Key: "jumpHostKey", Type: TypeString, Default: "", Modes: onlyExisting,
		Description: "The jump host's SSH host public key, one line \"ssh-ed25519 AAAA...\" (from its /etc/ssh/ssh_host_ed25519_key.pub, read out of band). Set, every connection through the jump host requires it; unset, the key it shows on first contact is recorded in the stack and required from then on (trust on first use)."},
	{Key: "existingBrokers", Type: TypeArray, Items: TypeObject, Default: []any{}, Required: true, Modes: onlyExisting,
		Description: "The running brokers: objects with nodeId, zone, privateIp, instanceId, and optionally sshUser (root), propertiesPath (/opt/kafka/config/kraft/server.properties) and serviceName (kafka)."},
}

// Lookup returns the setting named key.
func Lookup(key string) (Setting, bool) {
	for _, s := range Settings {
		if s.Key == key {
			return s, true
		}
	}
	return Setting{}, false
}

// defaultCell renders the Default column of the configuration table.
func (s Setting) defaultCell() string {
	switch {
	case s.Required && len(s.Modes) > 0:
		return "required in mode " + string(s.Modes[0])
	case s.Required:
		return "required"
	case s.Derived != "":
		return s.Derived
	default:
		return s.DefaultYAML()
	}
}

// MarkdownTable renders the configuration reference for README.md: one row per setting with
// its key, type, default and description.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Key | Type | Default | Description |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, s := range Settings {
		desc := s.Description
		if len(s.Modes) == 1 {
			desc = fmt.Sprintf("*Mode %s only.* %s", s.Modes[0], desc)
		}
		if s.Secret {
			desc = "*Secret.* " + desc
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n",
			s.Key, s.FullType(), codeCell(s.defaultCell()), escapeCell(desc))
	}
	return b.String()
}

// codeCell formats a default for a table cell: values in backticks, prose as is.
func codeCell(v string) string {
	if v == "required" || strings.HasPrefix(v, "required in mode") || strings.Contains(v, " ") && !strings.Contains(v, "://") {
		return escapeCell(v)
	}
	return "`" + strings.ReplaceAll(v, "|", `\|`) + "`"
}

// escapeCell escapes the characters that would break a Markdown table cell or read as HTML.
func escapeCell(v string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(v)
}
