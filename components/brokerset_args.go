package components

import (
	"fmt"
	"maps"
	"net/netip"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/kplcbuild"
	"github.com/kafka-plc/kafka-plc/rules"
)

// Defaults of KraftBrokerSetArgs.
const (
	// DefaultDataDevice is the block device of an instance's first data disk on Alibaba Cloud.
	DefaultDataDevice = "/dev/vdb"
	// DefaultReadyTimeoutSeconds is how long a configure step waits for its broker after a
	// restart before it fails and stops the rollout.
	DefaultReadyTimeoutSeconds = 600
	// DefaultClusterReadyTimeoutSeconds is how long the cluster-ready step waits for every
	// broker to be registered and unfenced.
	DefaultClusterReadyTimeoutSeconds = 900
)

// KafkaInstall holds the settings of the Kafka installation on the brokers.
type KafkaInstall struct {
	// Version is the Apache Kafka release, e.g. "3.7.1".
	Version string `pulumi:"version"`
	// ScalaVersion is the Scala build of the release tarball, e.g. "2.13".
	ScalaVersion string `pulumi:"scalaVersion"`
	// DownloadURL is where the bastion downloads the tarball kafka_<scala>-<version>.tgz.
	DownloadURL string `pulumi:"downloadUrl"`
	// Checksum is the tarball's digest, "sha256:<64 hex>" or "sha512:<128 hex>".
	Checksum string `pulumi:"checksum"`
	// JavaPackage is the OS package that provides Java 17+ on the brokers.
	JavaPackage string `pulumi:"javaPackage"`
	// Heap is each broker's JVM heap, e.g. "2g".
	Heap string `pulumi:"heap"`
	// DataDevice is the data disk's block device; empty means DefaultDataDevice.
	DataDevice string `pulumi:"dataDevice"`
	// DistPort is the port of the bastion's in-VPC HTTP server that serves the brokers.
	DistPort int `pulumi:"distPort"`
}

// TarballName returns the file name of the Kafka release tarball.
func (k KafkaInstall) TarballName() string {
	return fmt.Sprintf("kafka_%s-%s.tgz", k.ScalaVersion, k.Version)
}

// KplcBinary is the linux/amd64 kplc binary that goes to the bastion (and, in mode existing,
// to the brokers). The components never build it: the kafka-plc program builds it (package
// kplcbuild) while the network registers, and passes it once built; a program that imports the components from
// another module passes a binary it built or downloaded, e.g. with
// `CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -trimpath -buildvcs=false -o bin/kplc-linux-amd64 ./cmd/kplc`
// in a kafka-plc checkout, or kplcbuild.Build. The upload's source is that file, known at
// preview; the upload and every step that uses kplc re-run when the file's SHA-256 changes.
type KplcBinary struct {
	// Path is the linux/amd64 kplc binary.
	Path string `pulumi:"path"`
}

// KraftNode is one planned broker of a KraftBrokerSet.
type KraftNode struct {
	// NodeID is the KRaft node.id; the brokers are nodes 1..N in order.
	NodeID int `pulumi:"nodeId"`
	// Zone is the broker's availability zone (a key of VswitchIDs), also its broker.rack.
	Zone string `pulumi:"zone"`
	// PrivateIP is the broker's static private IPv4 address inside its zone's vSwitch.
	PrivateIP string `pulumi:"privateIp"`
	// Roles are the broker's process.roles, e.g. ["broker", "controller"].
	Roles []string `pulumi:"roles"`
	// ServerProperties is the broker's rendered server.properties.
	ServerProperties string `pulumi:"serverProperties"`
}

// SASLAuth is the SASL authentication of the brokers' EXTERNAL listener; the zero value means
// none.
type SASLAuth struct {
	// Mechanism is the SASL mechanism ("SCRAM-SHA-512"), or "" when EXTERNAL is unauthenticated.
	Mechanism string `pulumi:"mechanism"`
	// User is the SCRAM user of TiDB Cloud's changefeed ("" when off).
	User string `pulumi:"user"`
	// TopicPrefix limits the user's topic ACLs to a prefix; "" means every topic.
	TopicPrefix string `pulumi:"topicPrefix"`
}

// Enabled reports whether EXTERNAL requires SASL authentication.
func (a SASLAuth) Enabled() bool { return a.Mechanism != "" }

// KraftBrokerSetArgs are the arguments of NewKraftBrokerSet. The planned brokers are plain Go
// values (the component loops over them); cloud resources made elsewhere are Inputs.
type KraftBrokerSetArgs struct {
	// Project and Stack name the deployment in the instances' tags and descriptions.
	Project string `pulumi:"project"`
	// Stack is the Pulumi stack name (see Project).
	Stack string `pulumi:"stack"`
	// Brokers are the planned brokers in node-id order (nodes 1..N).
	Brokers []KraftNode `pulumi:"brokers"`
	// RollWaves, when set, are the node ids a later change restarts together, wave after wave
	// (rollConcurrency zone: one wave per zone, plan.Plan.Waves); each wave behind one gate
	// that refuses the whole wave, whose brokers the one-at-a-time chain then restarts. Every
	// broker is in exactly one wave. Nil: one broker at a time (the default).
	RollWaves [][]int `pulumi:"rollWaves"`
	// ClusterID is the KRaft cluster ID (22 characters of base64url).
	ClusterID string `pulumi:"clusterId"`
	// InternalPort is the INTERNAL listener's port on every broker; the brokers' PrivateIP:port
	// list is the bootstrap of the host steps.
	InternalPort int `pulumi:"internalPort"`
	// DistHost is the bastion's private IPv4 address, where its dist server listens on
	// Kafka.DistPort for the brokers.
	DistHost string `pulumi:"distHost"`
	// Auth is the EXTERNAL listener's SASL authentication (zero: none).
	Auth SASLAuth `pulumi:"auth"`
	// VswitchIDs maps each broker zone to its vSwitch ID.
	VswitchIDs pulumi.StringMapInput `pulumi:"vswitchIds"`
	// SecurityGroupID is the brokers' security group.
	SecurityGroupID pulumi.StringInput `pulumi:"securityGroupId"`
	// KeyPairName is the SSH key pair installed on the brokers.
	KeyPairName pulumi.StringInput `pulumi:"keyPairName"`
	// ImageID is the brokers' image (Alibaba Cloud Linux 3). Later changes are ignored so that a
	// newer image never replaces a running broker.
	ImageID pulumi.StringInput `pulumi:"imageId"`
	// InstanceType is the brokers' ECS instance type, e.g. "ecs.g7.large". Later changes are
	// ignored (the provider would stop every broker at once); the component logs a warning with
	// the manual, one-broker-at-a-time procedure instead.
	InstanceType string `pulumi:"instanceType"`
	// SystemDiskCategory is the system disk category, e.g. "cloud_essd".
	SystemDiskCategory string `pulumi:"systemDiskCategory"`
	// DataDiskSizeGB is the size of each broker's data disk in GiB. Later changes are ignored:
	// a data disk is never replaced by the program; the component warns with the online grow
	// procedure instead (see warnDataDiskSize).
	DataDiskSizeGB int `pulumi:"dataDiskSizeGb"`
	// DataDiskCategory is the data disk category, e.g. "cloud_essd".
	DataDiskCategory string `pulumi:"dataDiskCategory"`
	// SSH says how to reach the bastion and, through it, the brokers.
	SSH SSHAccess `pulumi:"ssh"`
	// BastionInstanceID is the bastion's instance ID (KafkaVpc.BastionInstanceID). The steps on
	// the bastion (upload directory, kplc upload, preparation) are replaced, and so re-run, when
	// it changes: a replaced bastion starts empty. Without it, the bastion's public IP stands for
	// the instance, which misses a new bastion that happens to get the old address.
	BastionInstanceID pulumi.StringInput `pulumi:"bastionInstanceId"`
	// Kafka holds the installation settings.
	Kafka KafkaInstall `pulumi:"kafka"`
	// Kplc says where the kplc binary comes from.
	Kplc KplcBinary `pulumi:"kplc"`
	// ReadyTimeoutSeconds bounds the wait for a restarted broker; 0 means
	// DefaultReadyTimeoutSeconds.
	ReadyTimeoutSeconds int `pulumi:"readyTimeoutSeconds"`
	// ClusterReadyTimeoutSeconds bounds the cluster-ready wait; 0 means
	// DefaultClusterReadyTimeoutSeconds.
	ClusterReadyTimeoutSeconds int `pulumi:"clusterReadyTimeoutSeconds"`
	// AllowBrokerDeletion lifts the brokers' release protection. By default (false) every
	// broker instance has DeletionProtection, so that no update, replacement, `pulumi destroy`
	// or console click can release a broker and its data disk. To tear a stack down on purpose,
	// set it, run `pulumi up` (which only turns the protection off), then `pulumi destroy`.
	AllowBrokerDeletion bool `pulumi:"allowBrokerDeletion"`
	// DependsOn are what every step run over SSH waits for: the security group rules that let
	// the bastion reach the brokers and the brokers reach the bastion's dist server, and the
	// bastion (KafkaVpc.HostPrerequisites). Give resources, not components: a component only
	// stands for the children it had registered when the dependency was taken. The broker
	// instances do not wait for these.
	DependsOn []pulumi.Resource `pulumi:"-"`
	// ExternalPassword is the secret password of Auth.User, required when Auth is on
	// and nil otherwise. It reaches the bastion only on the stdin of the credential steps.
	ExternalPassword pulumi.StringInput `pulumi:"-"`
	// DayOps are the settings of the finalize and rebalance steps (brokerset_dayops.go).
	DayOps DayOps `pulumi:"dayOps"`
}

var (
	componentNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,40}$`)
	scalaVersionPattern  = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
	checksumPattern      = regexp.MustCompile(`^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$`)
	devicePattern        = regexp.MustCompile(`^/dev/[a-z0-9]+$`)
	urlPattern           = regexp.MustCompile(`^https?://[^\s'"]+$`)
)

// withDefaults returns a copy of args with the zero-valued optional settings filled in.
func (args KraftBrokerSetArgs) withDefaults() KraftBrokerSetArgs {
	if args.Kafka.DataDevice == "" {
		args.Kafka.DataDevice = DefaultDataDevice
	}
	if args.ReadyTimeoutSeconds == 0 {
		args.ReadyTimeoutSeconds = DefaultReadyTimeoutSeconds
	}
	if args.ClusterReadyTimeoutSeconds == 0 {
		args.ClusterReadyTimeoutSeconds = DefaultClusterReadyTimeoutSeconds
	}
	return args
}

// Validate checks the arguments of a KraftBrokerSet named name (after defaults) and returns the
// first problem as an *ArgError naming the field, the value and the fix.
func (args *KraftBrokerSetArgs) Validate(name string) error {
	fail := argFailer("KraftBrokerSet", name)
	if args == nil {
		return fail("args", "nil", "no arguments given", "pass a *KraftBrokerSetArgs")
	}
	if !componentNamePattern.MatchString(name) {
		return fail("name", name, "the name prefixes host names, so it must be lower-case letters, digits and dashes, starting with a letter",
			`pass a name such as "kafka"`)
	}
	a := args.withDefaults()
	if err := a.validateBrokers(fail); err != nil {
		return err
	}
	if err := a.validateWaves(fail); err != nil {
		return err
	}
	if err := a.validateAuth(fail); err != nil {
		return err
	}
	if err := a.validateDayOps(fail); err != nil {
		return err
	}
	for field, in := range map[string]pulumi.Input{
		"VswitchIDs": a.VswitchIDs, "SecurityGroupID": a.SecurityGroupID,
		"KeyPairName": a.KeyPairName, "ImageID": a.ImageID,
	} {
		if in == nil {
			return fail(field, "", "missing", "pass the output of the network component (KafkaVpc)")
		}
		if id, ok := in.(pulumi.StringInput); ok && missingID(id) {
			return fail(field, "", "empty ID", "pass the output of the network component (KafkaVpc)")
		}
	}
	// A plain map can be checked now; an output (KafkaVpc.VswitchIDs) is checked when it is
	// known, by the instance of each broker.
	if m, ok := a.VswitchIDs.(pulumi.StringMap); ok {
		for _, b := range a.Brokers {
			if v, ok := m[b.Zone]; !ok || missingID(v) {
				return fail("VswitchIDs", strings.Join(slices.Sorted(maps.Keys(m)), ","), fmt.Sprintf("no vSwitch for zone %q of node %d", b.Zone, b.NodeID),
					"map every broker zone to its vSwitch (the network component's VswitchIDs)")
			}
		}
	}
	if !strings.HasPrefix(a.InstanceType, "ecs.") {
		return fail("InstanceType", a.InstanceType, "not an ECS instance type", `set brokerInstanceType, e.g. "ecs.g7.large"`)
	}
	if rules.IsArmInstanceType(a.InstanceType) {
		return fail("InstanceType", a.InstanceType, "an Arm instance type; kplc and the host steps are built for linux/amd64 only",
			`set brokerInstanceType to an x86-64 type, e.g. "ecs.g7.large"`)
	}
	if !rules.IsDiskCategory(a.SystemDiskCategory) {
		return fail("SystemDiskCategory", a.SystemDiskCategory, "not a disk category ("+strings.Join(rules.DiskCategories(), ", ")+")",
			`set systemDiskCategory, e.g. "cloud_essd"`)
	}
	if !rules.IsDiskCategory(a.DataDiskCategory) {
		return fail("DataDiskCategory", a.DataDiskCategory, "not a disk category ("+strings.Join(rules.DiskCategories(), ", ")+")",
			`set dataDiskCategory, e.g. "cloud_essd"`)
	}
	if a.DataDiskSizeGB < 20 || a.DataDiskSizeGB > 32768 {
		return fail("DataDiskSizeGB", strconv.Itoa(a.DataDiskSizeGB), "outside 20..32768 GiB", "set dataDiskSizeGb to the size of each broker's data disk")
	}
	if err := a.SSH.validate(fail, "SSH"); err != nil {
		return err
	}
	if err := validateKafka(a.Kafka, fail); err != nil {
		return err
	}
	if err := validateKplc(a.Kplc, fail); err != nil {
		return err
	}
	if a.ReadyTimeoutSeconds < 60 || a.ReadyTimeoutSeconds > maxStepTimeoutSeconds {
		return fail("ReadyTimeoutSeconds", strconv.Itoa(a.ReadyTimeoutSeconds), fmt.Sprintf("outside 60..%d s", maxStepTimeoutSeconds),
			"leave it 0 for the default (600) or give at least 60 (a broker takes that long to rejoin)")
	}
	if a.ClusterReadyTimeoutSeconds < 60 || a.ClusterReadyTimeoutSeconds > maxStepTimeoutSeconds {
		return fail("ClusterReadyTimeoutSeconds", strconv.Itoa(a.ClusterReadyTimeoutSeconds), fmt.Sprintf("outside 60..%d s", maxStepTimeoutSeconds),
			"leave it 0 for the default (900) or give at least 60")
	}
	return nil
}

// maxStepTimeoutSeconds bounds the wait timeouts: a step that may hang for longer than a few
// hours holds the whole update.
const maxStepTimeoutSeconds = 4 * 3600

// validateBrokers checks the planned brokers and the cluster-wide values.
func (a *KraftBrokerSetArgs) validateBrokers(fail func(field, value, problem, fix string) error) error {
	if len(a.Brokers) == 0 {
		return fail("Brokers", "[]", "no brokers planned", "set brokerCount to at least 3")
	}
	if !rules.IsClusterID(a.ClusterID) {
		return fail("ClusterID", a.ClusterID, "not a KRaft cluster ID (22 characters of base64url)",
			"leave clusterId unset to derive a stable one, or set one made by kafka-storage.sh random-uuid")
	}
	if ip, err := netip.ParseAddr(a.DistHost); err != nil || !ip.Is4() {
		return fail("DistHost", a.DistHost, "not an IPv4 address", "pass the bastion's private IP (build the plan for a new cluster, mode new)")
	}
	if a.InternalPort < 1 || a.InternalPort > 65535 {
		return fail("InternalPort", strconv.Itoa(a.InternalPort), "not a port", "set internalPort, e.g. 9092")
	}
	for i, b := range a.Brokers {
		field := fmt.Sprintf("Brokers[%d]", i)
		if b.NodeID != i+1 {
			return fail(field+".NodeID", strconv.Itoa(b.NodeID), fmt.Sprintf("brokers must be nodes 1..N in order; want %d", i+1),
				"pass the brokers as plan.Build made them")
		}
		if ip, err := netip.ParseAddr(b.PrivateIP); err != nil || !ip.Is4() {
			return fail(field+".PrivateIP", b.PrivateIP, "not an IPv4 address", "pass the brokers as plan.Build made them")
		}
		if b.Zone == "" {
			return fail(field+".Zone", "", "no zone", "pass the brokers as plan.Build made them")
		}
		if strings.TrimSpace(b.ServerProperties) == "" {
			return fail(field+".ServerProperties", "", "no rendered server.properties",
				"KraftBrokerSet builds new clusters only; build the plan with mode new")
		}
	}
	return nil
}

// bootstrap is the brokers' INTERNAL host:port list, in node-id order.
func (a *KraftBrokerSetArgs) bootstrap() string {
	parts := make([]string, len(a.Brokers))
	for i, b := range a.Brokers {
		parts[i] = b.PrivateIP + ":" + strconv.Itoa(a.InternalPort)
	}
	return strings.Join(parts, ",")
}

// validateKafka checks the installation settings.
func validateKafka(k KafkaInstall, fail func(field, value, problem, fix string) error) error {
	switch {
	case !isKafkaVersion(k.Version):
		return fail("Kafka.Version", k.Version, "not a Kafka release x.y.z", `set kafkaVersion, e.g. "3.7.1"`)
	case !scalaVersionPattern.MatchString(k.ScalaVersion):
		return fail("Kafka.ScalaVersion", k.ScalaVersion, "not a Scala version x.y", `set scalaVersion, e.g. "2.13"`)
	case !urlPattern.MatchString(k.DownloadURL):
		return fail("Kafka.DownloadURL", k.DownloadURL, "not an http(s) URL",
			"set kafkaDownloadUrl, e.g. https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz")
	case !checksumPattern.MatchString(k.Checksum):
		return fail("Kafka.Checksum", abbreviate(k.Checksum), "expected sha256:<64 hex> or sha512:<128 hex> (lower case)",
			"set kafkaChecksum from the release's published .sha512 (or a trusted sha256)")
	case !rules.IsPackageName(k.JavaPackage):
		return fail("Kafka.JavaPackage", k.JavaPackage, "not a package name", `set javaPackage, e.g. "java-17-openjdk-headless"`)
	case !rules.IsHeap(k.Heap):
		return fail("Kafka.Heap", k.Heap, "not a JVM heap size", `set brokerHeap, e.g. "2g" or "1536m"`)
	case !devicePattern.MatchString(k.DataDevice):
		return fail("Kafka.DataDevice", k.DataDevice, "not a block device path", `leave it empty for "/dev/vdb"`)
	case k.DistPort < 1 || k.DistPort > 65535:
		return fail("Kafka.DistPort", strconv.Itoa(k.DistPort), "not a port", "set distPort, e.g. 8081")
	}
	return nil
}

// validateKplc checks that the kplc binary is a non-empty file.
func validateKplc(k KplcBinary, fail func(field, value, problem, fix string) error) error {
	if k.Path == "" {
		return fail("Kplc.Path", "", "no kplc binary",
			"pass the linux/amd64 kplc binary: build it with kplcbuild.Build or, in a kafka-plc checkout, "+kplcbuild.Command(kplcbuild.Output))
	}
	if st, err := os.Stat(k.Path); err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
		return fail("Kplc.Path", k.Path, "not a non-empty file",
			"build it with kplcbuild.Build or, in a kafka-plc checkout, "+kplcbuild.Command(kplcbuild.Output))
	}
	return nil
}

// isKafkaVersion reports whether v is a Kafka release MAJOR.MINOR.PATCH.
func isKafkaVersion(v string) bool {
	_, _, _, ok := rules.KafkaVersion(v)
	return ok
}
