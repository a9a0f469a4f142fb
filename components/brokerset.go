package components

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi-command/sdk/go/command/local"
	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/plan"
	"github.com/kafka-plc/kafka-plc/scripts"
)

// KraftBrokerSetType is the type token of KraftBrokerSet.
const KraftBrokerSetType = "kafka-plc:index:KraftBrokerSet"

// Host paths and limits of the steps (see CONTRACTS.md for the layout).
const (
	// bastionDistKplc is where prepare-bastion.sh expects the uploaded kplc binary.
	bastionDistKplc = "/opt/kafka-plc/dist/kplc"
	// uploadStaging is where a non-root user uploads kplc before it is moved into place.
	uploadStaging = "/tmp/kafka-plc-upload/kplc"
	// kplcPath is the installed kplc on the bastion and the brokers.
	kplcPath = "/usr/local/bin/kplc"
	// kplcBuildOutput is the build output, relative to KplcBinary.SourceDir.
	kplcBuildOutput = "bin/kplc-linux-amd64"

	prepareTimeout = 40 * time.Minute
	installTimeout = 30 * time.Minute
)

// BrokerHost is one broker's instance and steps, for wiring other components (the NLB takes
// NodeID, Zone and InstanceID).
type BrokerHost struct {
	// NodeID is the broker's node.id.
	NodeID int
	// Zone is the broker's availability zone.
	Zone string
	// InstanceID is the ECS instance ID.
	InstanceID pulumi.StringOutput
	// PrivateIP is the instance's private address.
	PrivateIP pulumi.StringOutput
	// Instance is the ECS instance.
	Instance *ecs.Instance
	// Install is the step that installs Kafka on the host.
	Install *remote.Command
	// Configure is the step that applies server.properties and restarts the broker if needed.
	Configure *remote.Command
}

// KraftBrokerSet is a KRaft Kafka cluster on ECS: one instance per planned broker (no public
// IP, a separate data disk), Kafka installed and configured over SSH through the bastion, with
// configuration changes rolled out one broker at a time behind health gates.
type KraftBrokerSet struct {
	pulumi.ResourceState

	// InstanceIDs maps each node id ("1", "2", ...) to its ECS instance ID.
	InstanceIDs pulumi.StringMapOutput `pulumi:"instanceIds"`
	// PrivateIPs maps each node id to its private address.
	PrivateIPs pulumi.StringMapOutput `pulumi:"privateIps"`
	// ConfigureStepIDs maps each node id to the ID of its configure step.
	ConfigureStepIDs pulumi.StringMapOutput `pulumi:"configureStepIds"`
	// ConfigRevision is a digest of every broker's configure step; it changes whenever any
	// broker's configuration (or the configure script) changes.
	ConfigRevision pulumi.StringOutput `pulumi:"configRevision"`
	// ClusterReady is the output of `kplc cluster-ready` after the last rollout.
	ClusterReady pulumi.StringOutput `pulumi:"clusterReady"`

	// Hosts are the brokers in node-id order.
	Hosts []BrokerHost
	// BastionPrep is the step that prepares the bastion (dist server and kplc).
	BastionPrep *remote.Command
	// ClusterReadyStep runs after every configure step; run checks after it.
	ClusterReadyStep *remote.Command
}

// NewKraftBrokerSet validates args, then registers the component and its children:
//
//  1. kplc for linux/amd64 (built locally or prebuilt) copied to the bastion, then
//     prepare-bastion.sh (download and verify Kafka, serve it on the private IP);
//  2. per broker, in parallel: the ECS instance, then install-broker.sh;
//  3. per broker, in node order (each waits for the previous): configure-broker.sh with the
//     broker's server.properties on stdin;
//  4. `kplc cluster-ready` on the bastion, re-run whenever a configure step changes.
func NewKraftBrokerSet(ctx *pulumi.Context, name string, args *KraftBrokerSetArgs, opts ...pulumi.ResourceOption) (*KraftBrokerSet, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	a := args.withDefaults()
	steps, err := planSteps(&a)
	if err != nil {
		return nil, fmt.Errorf("KraftBrokerSet %q: %w", name, err)
	}
	kplcTrigger, err := kplcRevision(a.Kplc)
	if err != nil {
		return nil, fmt.Errorf("KraftBrokerSet %q: %w", name, err)
	}

	comp := &KraftBrokerSet{}
	if err := ctx.RegisterComponentResource(KraftBrokerSetType, name, comp, opts...); err != nil {
		return nil, fmt.Errorf("registering KraftBrokerSet %q: %w", name, err)
	}
	if err := comp.build(ctx, name, &a, steps, kplcTrigger); err != nil {
		return nil, err
	}
	instanceIDs, privateIPs, configureIDs := pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}
	for _, h := range comp.Hosts {
		key := strconv.Itoa(h.NodeID)
		instanceIDs[key] = h.InstanceID
		privateIPs[key] = h.PrivateIP
		configureIDs[key] = h.Configure.ID().ToStringOutput()
	}
	comp.InstanceIDs = instanceIDs.ToStringMapOutput()
	comp.PrivateIPs = privateIPs.ToStringMapOutput()
	comp.ConfigureStepIDs = configureIDs.ToStringMapOutput()
	comp.ConfigRevision = pulumi.String(steps.revision).ToStringOutput()
	comp.ClusterReady = comp.ClusterReadyStep.Stdout
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"instanceIds":      comp.InstanceIDs,
		"privateIps":       comp.PrivateIPs,
		"configureStepIds": comp.ConfigureStepIDs,
		"configRevision":   comp.ConfigRevision,
		"clusterReady":     comp.ClusterReady,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of KraftBrokerSet %q: %w", name, err)
	}
	return comp, nil
}

// brokerSteps holds the command lines decided before anything is registered.
type brokerSteps struct {
	prepare      string
	install      string
	configure    []string // by index into Plan.Brokers
	clusterReady string
	revision     string // digest over every configure step and the install step
	// installRevision changes with the install step's command (Kafka version, heap, Java...).
	// install-broker.sh then leaves /etc/kafka/restart-pending on a running broker, and only
	// the chained configure steps may act on it, so they re-run when it changes.
	installRevision string
}

// planSteps renders every command line from the arguments. Nothing here depends on a cloud
// output, so it runs (and fails) before the component registers.
func planSteps(a *KraftBrokerSetArgs) (*brokerSteps, error) {
	p, k := a.Plan, a.Kafka
	s := &brokerSteps{}
	var err error
	s.prepare, err = scripts.Command(scripts.PrepareBastionName, prepareTimeout,
		"--kafka-url", k.DownloadURL,
		"--checksum", k.Checksum,
		"--file", k.TarballName(),
		"--listen", fmt.Sprintf("%s:%d", p.Bastion.PrivateIP, k.DistPort))
	if err != nil {
		return nil, fmt.Errorf("rendering the bastion preparation: %w", err)
	}
	s.prepare = a.SSH.asRoot(s.prepare)
	if a.SSH.User != "root" {
		// The upload lands in a staging path the user may write; move it into the dist dir.
		s.prepare = fmt.Sprintf("sudo -n timeout 120 install -D -m 0755 %s %s && %s", uploadStaging, bastionDistKplc, s.prepare)
	}
	s.install, err = scripts.Command(scripts.InstallBrokerName, installTimeout,
		"--kafka-version", k.Version,
		"--scala-version", k.ScalaVersion,
		"--dist-url", fmt.Sprintf("http://%s:%d", p.Bastion.PrivateIP, k.DistPort),
		"--checksum", k.Checksum,
		"--data-device", k.DataDevice,
		"--heap", k.Heap,
		"--java-package", k.JavaPackage)
	if err != nil {
		return nil, fmt.Errorf("rendering the broker installation: %w", err)
	}
	s.install = a.SSH.asRoot(s.install)
	s.installRevision = digestOf(s.install)

	bootstrap := p.InternalBootstrap()
	// The script waits up to ReadyTimeoutSeconds for the broker after a restart, plus the
	// safe-to-restart gate, a graceful stop (up to TimeoutStopSec) and storage formatting.
	configureLimit := time.Duration(a.ReadyTimeoutSeconds)*time.Second + 20*time.Minute
	digests := make([]string, len(p.Brokers))
	for i, b := range p.Brokers {
		cmd, err := scripts.Command(scripts.ConfigureBrokerName, configureLimit,
			"--node-id", strconv.Itoa(b.NodeID),
			"--cluster-id", p.ClusterID,
			"--bootstrap", bootstrap,
			"--ready-timeout", strconv.Itoa(a.ReadyTimeoutSeconds))
		if err != nil {
			return nil, fmt.Errorf("rendering the configuration of node %d: %w", b.NodeID, err)
		}
		cmd = a.SSH.asRoot(cmd)
		s.configure = append(s.configure, cmd)
		digests[i] = digestOf(cmd, b.ServerProperties)
	}
	s.revision = digestOf(append(digests, s.installRevision)...)
	s.clusterReady = fmt.Sprintf("timeout --kill-after=30 %d %s cluster-ready --bootstrap %s --brokers %d --timeout %ds --format json",
		a.ClusterReadyTimeoutSeconds+60, kplcPath, shellQuote(bootstrap), len(p.Brokers), a.ClusterReadyTimeoutSeconds)
	return s, nil
}

// build registers the children of the component.
func (comp *KraftBrokerSet) build(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, s *brokerSteps, kplcTrigger string) error {
	parent := pulumi.Parent(comp)
	p := a.Plan

	upload, err := comp.uploadKplc(ctx, name, a, kplcTrigger)
	if err != nil {
		return err
	}
	comp.BastionPrep, err = remote.NewCommand(ctx, name+"-prepare-bastion", &remote.CommandArgs{
		Connection:             a.SSH.bastion(),
		Create:                 pulumi.String(s.prepare),
		Update:                 pulumi.String(s.prepare),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		// A new kplc binary must be installed on the bastion even when nothing else changed.
		Triggers: pulumi.Array{pulumi.String(kplcTrigger)},
	}, parent, pulumi.DependsOn(append([]pulumi.Resource{upload}, a.DependsOn...)))
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: preparing the bastion: %w", name, err)
	}

	vswitches := a.VswitchIDs.ToStringMapOutput()
	var previous *remote.Command
	for i, b := range p.Brokers {
		h := BrokerHost{NodeID: b.NodeID, Zone: b.Zone}
		h.Instance, err = newBrokerInstance(ctx, name, a, b, vswitches, parent)
		if err != nil {
			return err
		}
		h.InstanceID = h.Instance.ID().ToStringOutput()
		h.PrivateIP = h.Instance.PrivateIp
		conn := a.SSH.viaBastion(h.Instance.PrivateIp)

		h.Install, err = remote.NewCommand(ctx, fmt.Sprintf("%s-install-%d", name, b.NodeID), &remote.CommandArgs{
			Connection:             conn,
			Create:                 pulumi.String(s.install),
			Update:                 pulumi.String(s.install),
			AddPreviousOutputInEnv: pulumi.Bool(false),
			// install-broker.sh fetches kplc from the bastion; a new binary means a re-run.
			Triggers: pulumi.Array{pulumi.String(kplcTrigger)},
		}, parent, pulumi.DependsOn([]pulumi.Resource{comp.BastionPrep}))
		if err != nil {
			return fmt.Errorf("KraftBrokerSet %q: installing node %d: %w", name, b.NodeID, err)
		}

		// Only what this broker's configuration depends on goes into the step's inputs: its
		// server.properties (stdin), node id, cluster id and the bootstrap list (command). An
		// update re-runs the same command (Update), and there is no Delete: removing the step
		// never touches the broker or its data.
		deps := []pulumi.Resource{h.Install}
		if previous != nil {
			deps = append(deps, previous)
		}
		h.Configure, err = remote.NewCommand(ctx, fmt.Sprintf("%s-configure-%d", name, b.NodeID), &remote.CommandArgs{
			Connection:             conn,
			Create:                 pulumi.String(s.configure[i]),
			Update:                 pulumi.String(s.configure[i]),
			Stdin:                  pulumi.String(b.ServerProperties),
			AddPreviousOutputInEnv: pulumi.Bool(false),
			// A new Kafka version, heap or unit takes effect only through a gated restart,
			// which configure-broker.sh performs when install-broker.sh asked for it. A re-run
			// without such a request and with an unchanged file does nothing on the host.
			Triggers: pulumi.Array{pulumi.String(s.installRevision)},
		}, parent, pulumi.DependsOn(deps))
		if err != nil {
			return fmt.Errorf("KraftBrokerSet %q: configuring node %d: %w", name, b.NodeID, err)
		}
		previous = h.Configure
		comp.Hosts = append(comp.Hosts, h)
	}

	configured := make([]pulumi.Resource, len(comp.Hosts))
	for i, h := range comp.Hosts {
		configured[i] = h.Configure
	}
	comp.ClusterReadyStep, err = remote.NewCommand(ctx, name+"-cluster-ready", &remote.CommandArgs{
		Connection:             a.SSH.bastion(),
		Create:                 pulumi.String(s.clusterReady),
		Update:                 pulumi.String(s.clusterReady),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		// Re-run after every rollout, whichever broker changed.
		Triggers: pulumi.Array{pulumi.String(s.revision)},
	}, parent, pulumi.DependsOn(configured))
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: cluster-ready check: %w", name, err)
	}
	return nil
}

// newBrokerInstance creates the ECS instance of broker b. Nothing in its inputs depends on the
// rollout stage (no user data): a stage change never touches the instance.
func newBrokerInstance(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, b plan.Broker,
	vswitches pulumi.StringMapOutput, parent pulumi.ResourceOption) (*ecs.Instance, error) {
	zone := b.Zone
	vswitch := vswitches.ApplyT(func(m map[string]string) (string, error) {
		id, ok := m[zone]
		if !ok || id == "" {
			return "", fmt.Errorf("KraftBrokerSet %q: VswitchIDs has no vSwitch for zone %q of node %d (have %s); "+
				"give the network component every broker zone", name, zone, b.NodeID, strings.Join(sortedKeys(m), ", "))
		}
		return id, nil
	}).(pulumi.StringOutput)
	hostName := fmt.Sprintf("%s-broker-%d", name, b.NodeID)
	inst, err := ecs.NewInstance(ctx, hostName, &ecs.InstanceArgs{
		AvailabilityZone:        pulumi.String(zone),
		VswitchId:               vswitch,
		PrivateIp:               pulumi.String(b.PrivateIP),
		InstanceType:            pulumi.String(a.InstanceType),
		ImageId:                 a.ImageID,
		SecurityGroups:          pulumi.StringArray{a.SecurityGroupID},
		KeyName:                 a.KeyPairName,
		InstanceChargeType:      pulumi.String("PostPaid"),
		InternetChargeType:      pulumi.String("PayByTraffic"),
		InternetMaxBandwidthOut: pulumi.Int(0),
		SystemDiskCategory:      pulumi.String(a.SystemDiskCategory),
		DataDisks: ecs.InstanceDataDiskArray{ecs.InstanceDataDiskArgs{
			Name:        pulumi.String(hostName + "-data"),
			Description: pulumi.String(fmt.Sprintf("Kafka log.dirs of node %d (%s)", b.NodeID, plan.LogDir)),
			Size:        pulumi.Int(a.DataDiskSizeGB),
			Category:    pulumi.String(a.DataDiskCategory),
		}},
		InstanceName: pulumi.String(hostName),
		HostName:     pulumi.String(hostName),
		Description:  pulumi.String(fmt.Sprintf("Kafka node %d (%s) of %s/%s", b.NodeID, b.RoleNames(), a.Plan.Project, a.Plan.Stack)),
		Tags: pulumi.StringMap{
			"project": pulumi.String(a.Plan.Project),
			"stack":   pulumi.String(a.Plan.Stack),
			"node-id": pulumi.String(strconv.Itoa(b.NodeID)),
			"role":    pulumi.String(b.RoleNames()),
		},
	}, parent, pulumi.DependsOn(a.DependsOn),
		// A newer image or a changed disk setting must never replace a broker with its data.
		pulumi.IgnoreChanges([]string{"imageId", "dataDisks"}))
	if err != nil {
		return nil, fmt.Errorf("KraftBrokerSet %q: instance of node %d: %w", name, b.NodeID, err)
	}
	return inst, nil
}

// uploadKplc copies the linux/amd64 kplc binary to the bastion's dist directory, building it
// first when no prebuilt binary is given.
func (comp *KraftBrokerSet) uploadKplc(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, trigger string) (*remote.CopyToRemote, error) {
	parent := pulumi.Parent(comp)
	var source pulumi.AssetOrArchiveInput
	if a.Kplc.Path != "" {
		source = pulumi.NewFileAsset(a.Kplc.Path)
	} else {
		build, err := local.NewCommand(ctx, name+"-kplc-build", &local.CommandArgs{
			Create:                 pulumi.String("go build -trimpath -o " + kplcBuildOutput + " ./cmd/kplc"),
			Update:                 pulumi.String("go build -trimpath -o " + kplcBuildOutput + " ./cmd/kplc"),
			Dir:                    pulumi.String(a.Kplc.SourceDir),
			Environment:            pulumi.StringMap{"CGO_ENABLED": pulumi.String("0"), "GOOS": pulumi.String("linux"), "GOARCH": pulumi.String("amd64")},
			AssetPaths:             pulumi.StringArray{pulumi.String(kplcBuildOutput)},
			Triggers:               pulumi.Array{pulumi.String(trigger), pulumi.String(buildPresence(a.Kplc.SourceDir))},
			AddPreviousOutputInEnv: pulumi.Bool(false),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("KraftBrokerSet %q: building kplc: %w", name, err)
		}
		// The build's collected asset, once it ran; the file it wrote is the same (and is what a
		// run without the asset in its outputs, such as a mocked one, reads).
		built := filepath.Join(a.Kplc.SourceDir, kplcBuildOutput)
		source = build.Assets.ApplyT(func(m map[string]pulumi.AssetOrArchive) pulumi.AssetOrArchive {
			if asset, ok := m[kplcBuildOutput]; ok && asset != nil {
				return asset
			}
			return pulumi.NewFileAsset(built)
		}).(pulumi.AssetOrArchiveOutput)
	}
	dest := bastionDistKplc
	if a.SSH.User != "root" {
		dest = uploadStaging
	}
	upload, err := remote.NewCopyToRemote(ctx, name+"-kplc-upload", &remote.CopyToRemoteArgs{
		Connection: a.SSH.bastion(),
		Source:     source,
		RemotePath: pulumi.String(dest),
	}, parent, pulumi.DependsOn(a.DependsOn))
	if err != nil {
		return nil, fmt.Errorf("KraftBrokerSet %q: uploading kplc: %w", name, err)
	}
	return upload, nil
}

// kplcRevision returns a digest that changes when the kplc binary would: the prebuilt file's
// SHA-256, or a digest of the module's Go sources, go.mod and go.sum.
func kplcRevision(k KplcBinary) (string, error) {
	if k.Path != "" {
		f, err := os.Open(k.Path)
		if err != nil {
			return "", fmt.Errorf("reading the kplc binary: %w", err)
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return "", fmt.Errorf("reading the kplc binary %s: %w", k.Path, err)
		}
		return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
	}
	h := sha256.New()
	err := filepath.WalkDir(k.SourceDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := d.Name()
		if d.IsDir() {
			if path != k.SourceDir && (strings.HasPrefix(base, ".") || base == "testdata" || base == "bin" || base == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !(base == "go.mod" || base == "go.sum" || (strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go"))) {
			return nil
		}
		rel, err := filepath.Rel(k.SourceDir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(h, "%s %x\n", filepath.ToSlash(rel), sum)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hashing the kplc sources in %s: %w", k.SourceDir, err)
	}
	return "src:" + hex.EncodeToString(h.Sum(nil)), nil
}

// buildPresence says whether the build output exists, so that a checkout without it (a new
// machine, a cleaned bin/) rebuilds the binary that the upload reads.
func buildPresence(sourceDir string) string {
	if _, err := os.Stat(filepath.Join(sourceDir, kplcBuildOutput)); err != nil {
		return "missing"
	}
	return "present"
}

// digestOf returns the hex SHA-256 of the parts, each followed by a NUL.
func digestOf(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
