package components

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/kplcbuild"
	"github.com/kafka-plc/kafka-plc/scripts"
)

// KraftBrokerSetType is the type token of KraftBrokerSet.
const KraftBrokerSetType = "kafka-plc:index:KraftBrokerSet"

// Host paths and limits of the steps (see docs/contracts.md for the layout).
const (
	// bastionDistKplc is where prepare-bastion.sh expects the uploaded kplc binary.
	bastionDistKplc = "/opt/kafka-plc/dist/kplc"
	// kplcPath is the installed kplc on the bastion and the brokers.
	kplcPath = "/usr/local/bin/kplc"

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
	// Staging creates the login user's private upload directory on the host.
	Staging *remote.Command
	// Scripts installs the host's scripts (install-broker.sh, configure-broker.sh) from their
	// uploads; Install and Configure run them by path.
	Scripts *remote.Command
	// Install is the step that installs Kafka on the host.
	Install *remote.Command
	// PrepareHost is the step that installs Java and prepares the data disk (needs no bastion).
	PrepareHost *remote.Command
	// Start is the broker's first start: it starts a broker that has never run, unchained and
	// ungated, and changes nothing on any other; it never runs again after it was created.
	Start *remote.Command
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
	// MetadataVersion is the output of `kplc finalize-features` after the last kafkaVersion
	// change: the finalized metadata.version (brokerset_dayops.go).
	MetadataVersion pulumi.StringOutput `pulumi:"metadataVersion"`

	// Hosts are the brokers in node-id order.
	Hosts []BrokerHost
	// BastionPrep is the step that prepares the bastion (dist server and kplc).
	BastionPrep *remote.Command
	// BastionScripts installs prepare-bastion.sh on the bastion from its upload.
	BastionScripts *remote.Command
	// ClusterReadyStep runs after every configure step; run checks after it.
	ClusterReadyStep *remote.Command
	// CredentialStep upserts the SCRAM credential before the first configure step (nil
	// without auth); AccessStep upserts it again and applies the ACLs after ClusterReadyStep
	// (nil without auth). Checks that authenticate run after AccessStep.
	CredentialStep, AccessStep *remote.Command
	// FinalizeStep raises metadata.version after cluster-ready (kplc finalize-features);
	// RebalanceStep moves replicas after it (kplc rebalance; nil when DayOps.ManualRebalance).
	FinalizeStep, RebalanceStep *remote.Command
}

// NewKraftBrokerSet validates args, then registers the component and its children:
//
//  1. the linux/amd64 kplc binary given in Kplc copied to the bastion, then
//     prepare-bastion.sh (download and verify Kafka, serve it on the private IP);
//  2. per broker, in parallel: the ECS instance, then `install-broker.sh --host-only` (Java,
//     the data disk: nothing from the bastion, so beside step 1), then, once the bastion is
//     prepared, install-broker.sh;
//  3. per broker, in parallel: its first start (`configure-broker.sh --mode first-start`),
//     which starts only a broker that has never run and changes nothing on any other; it runs
//     once, when created (every input is ignored afterwards), so a broker added later starts
//     without touching the others;
//  4. with Plan.RollConcurrency zone only: per broker, zone after zone (the brokers of one zone
//     together), `configure-broker.sh --mode wave`, which restarts only behind a passing wave
//     gate and otherwise leaves the broker to step 5;
//  5. per broker, in node order (each waits for the previous): configure-broker.sh with the
//     broker's server.properties on stdin, the gated roll of every later change (after a first
//     start or a wave it finds nothing to do);
//  6. `kplc cluster-ready` on the bastion, re-run whenever a configure step changes;
//  7. `kplc finalize-features` (after a kafkaVersion change) and `kplc rebalance` (after a
//     brokerCount change) on the bastion, in that order (brokerset_dayops.go).
func NewKraftBrokerSet(ctx *pulumi.Context, name string, args *KraftBrokerSetArgs, opts ...pulumi.ResourceOption) (*KraftBrokerSet, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	a := args.withDefaults()
	kplcTrigger, err := kplcRevision(a.Kplc)
	if err != nil {
		return nil, fmt.Errorf("KraftBrokerSet %q: %w", name, err)
	}
	steps, err := planSteps(name, &a, kplcTrigger)
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
	comp.MetadataVersion = comp.FinalizeStep.Stdout
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"instanceIds":      comp.InstanceIDs,
		"privateIps":       comp.PrivateIPs,
		"configureStepIds": comp.ConfigureStepIDs,
		"configRevision":   comp.ConfigRevision,
		"clusterReady":     comp.ClusterReady,
		"metadataVersion":  comp.MetadataVersion,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of KraftBrokerSet %q: %w", name, err)
	}
	return comp, nil
}

// brokerSteps holds the command lines decided before anything is registered.
type brokerSteps struct {
	prepare      string
	prepareHost  string
	install      string
	configure    []string // by index into Brokers
	firstStart   []string // by index into Brokers
	wave         []string // by index into Brokers (RollWaves set only)
	clusterReady string
	authPre      string // the credential before the roll ("" without auth)
	authAccess   string // the credential and the ACLs once the cluster is ready ("" without auth)
	// bastionScripts and brokerScripts are the scripts uploaded to the bastion and to each
	// broker (hostscripts.go); the steps above run them by path.
	bastionScripts, brokerScripts []hostScript
	revision                      string // digest over every configure step and the install step
	// installRevision changes with the install step's command (Kafka version, heap, Java...).
	// install-broker.sh then leaves /etc/kafka/restart-pending on a running broker, and only
	// the chained configure steps may act on it, so they re-run when it changes.
	installRevision string
}

// planSteps renders every command line of the component named name from the arguments and the
// kplc binary's checksum ("sha256:<hex>"). Nothing here depends on a cloud output, so it runs
// (and fails) before the component registers.
func planSteps(name string, a *KraftBrokerSetArgs, kplcChecksum string) (*brokerSteps, error) {
	k := a.Kafka
	s := &brokerSteps{}
	var err error
	if s.bastionScripts, err = hostScriptsOf(scripts.PrepareBastionName); err != nil {
		return nil, fmt.Errorf("the bastion's scripts: %w", err)
	}
	if s.brokerScripts, err = hostScriptsOf(scripts.InstallBrokerName, scripts.ConfigureBrokerName); err != nil {
		return nil, fmt.Errorf("the brokers' scripts: %w", err)
	}
	s.prepare, err = scripts.RunCommand(scripts.PrepareBastionName, prepareTimeout, append([]string{
		"--kafka-url", k.DownloadURL,
		"--checksum", k.Checksum,
		"--file", k.TarballName(),
		"--listen", fmt.Sprintf("%s:%d", a.DistHost, k.DistPort)},
		exporterFlags(a)...)...)
	if err != nil {
		return nil, fmt.Errorf("rendering the bastion preparation: %w", err)
	}
	// The upload lands in the login user's private staging directory (see staging.go); it is
	// checked there and installed into the dist directory (as root) before the script runs.
	s.prepare = stagedInstallCommand(a.SSH.User, stagingDir(name), bastionDistKplc) + " && " + asRoot(a.SSH.User, s.prepare)
	s.install, err = scripts.RunCommand(scripts.InstallBrokerName, installTimeout,
		"--kafka-version", k.Version,
		"--scala-version", k.ScalaVersion,
		"--dist-url", fmt.Sprintf("http://%s:%d", a.DistHost, k.DistPort),
		"--checksum", k.Checksum,
		"--data-device", k.DataDevice,
		"--heap", k.Heap,
		"--java-package", k.JavaPackage)
	if err != nil {
		return nil, fmt.Errorf("rendering the broker installation: %w", err)
	}
	s.prepareHost, err = scripts.RunCommand(scripts.InstallBrokerName, installTimeout,
		"--host-only", "yes",
		"--data-device", k.DataDevice,
		"--java-package", k.JavaPackage)
	if err != nil {
		return nil, fmt.Errorf("rendering the broker host preparation: %w", err)
	}
	s.prepareHost = asRoot(a.SSH.User, s.prepareHost)
	// The configure steps re-run when the installation changes what Kafka runs with; a new kplc
	// is not such a change, so the revision is taken before its checksum is added.
	s.installRevision = digestOf(asRoot(a.SSH.User, s.install))
	// The brokers fetch kplc from the bastion, and verify it against the binary this update
	// uploaded: whichever bastion serves it (a replaced one included), nothing unverified runs.
	s.install = asRoot(a.SSH.User, s.install+" --kplc-checksum "+shellQuote(kplcChecksum))

	bootstrap := a.bootstrap()
	// The script waits up to ReadyTimeoutSeconds for the broker after a restart, plus the
	// safe-to-restart gate, a graceful stop (up to TimeoutStopSec) and storage formatting.
	configureLimit := time.Duration(a.ReadyTimeoutSeconds)*time.Second + 20*time.Minute
	digests := make([]string, len(a.Brokers))
	for i, b := range a.Brokers {
		cmd, err := scripts.RunCommand(scripts.ConfigureBrokerName, configureLimit,
			"--node-id", strconv.Itoa(b.NodeID),
			"--cluster-id", a.ClusterID,
			"--bootstrap", bootstrap,
			"--ready-timeout", strconv.Itoa(a.ReadyTimeoutSeconds),
			"--brokers", strconv.Itoa(len(a.Brokers)))
		if err != nil {
			return nil, fmt.Errorf("rendering the configuration of node %d: %w", b.NodeID, err)
		}
		cmd = asRoot(a.SSH.User, cmd)
		s.configure = append(s.configure, cmd)
		first, err := scripts.RunCommand(scripts.ConfigureBrokerName, configureLimit,
			"--node-id", strconv.Itoa(b.NodeID),
			"--cluster-id", a.ClusterID,
			"--bootstrap", bootstrap,
			"--ready-timeout", strconv.Itoa(a.ReadyTimeoutSeconds),
			"--mode", "first-start")
		if err != nil {
			return nil, fmt.Errorf("rendering the first start of node %d: %w", b.NodeID, err)
		}
		s.firstStart = append(s.firstStart, asRoot(a.SSH.User, first))
		if len(a.RollWaves) > 0 {
			w, err := scripts.RunCommand(scripts.ConfigureBrokerName, configureLimit,
				"--node-id", strconv.Itoa(b.NodeID),
				"--cluster-id", a.ClusterID,
				"--bootstrap", bootstrap,
				"--ready-timeout", strconv.Itoa(a.ReadyTimeoutSeconds),
				"--brokers", strconv.Itoa(len(a.Brokers)),
				"--mode", "wave",
				"--wave", waveOf(a.RollWaves, b.NodeID))
			if err != nil {
				return nil, fmt.Errorf("rendering the wave restart of node %d: %w", b.NodeID, err)
			}
			s.wave = append(s.wave, asRoot(a.SSH.User, w))
		}
		digests[i] = digestOf(cmd, b.ServerProperties)
	}
	s.revision = digestOf(append(digests, s.installRevision)...)
	s.authPre, s.authAccess = authSteps(a)
	s.clusterReady = fmt.Sprintf("timeout --kill-after=30 %d %s cluster-ready --bootstrap %s --brokers %d --timeout %ds --format json",
		a.ClusterReadyTimeoutSeconds+60, kplcPath, shellQuote(bootstrap), len(a.Brokers), a.ClusterReadyTimeoutSeconds)
	return s, nil
}

// build registers the children of the component.
//
// Ordering: the instances wait only for what their inputs carry (vSwitch, security group, key
// pair), so they boot while the bastion is still being prepared. Every step that runs over SSH
// also waits explicitly for a.DependsOn (the security group rules that let the bastion reach the
// brokers' SSH and Kafka ports and the brokers reach the bastion's dist port, and the bastion
// itself), not only through the chain of steps, so that reordering the chain cannot lose it.
func (comp *KraftBrokerSet) build(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, s *brokerSteps, kplcTrigger string) error {
	parent := pulumi.Parent(comp)
	hostDeps := func(extra ...pulumi.Resource) pulumi.ResourceOption {
		return pulumi.DependsOn(append(append([]pulumi.Resource(nil), extra...), a.DependsOn...))
	}

	upload, staging, stagingDirPath, err := comp.uploadKplc(ctx, name, a, kplcTrigger)
	if err != nil {
		return err
	}
	comp.BastionScripts, err = scriptSteps{prefix: name, what: "the bastion"}.register(ctx, a.SSH.bastion(), a.SSH.User,
		stagingDir(name), stagingDirPath, staging, s.bastionScripts, a.bastionIdentity(), a.DependsOn, parent)
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: %w", name, err)
	}
	comp.BastionPrep, err = remote.NewCommand(ctx, name+"-prepare-bastion", &remote.CommandArgs{
		Connection:             a.SSH.bastion(),
		Create:                 pulumi.String(s.prepare),
		Update:                 pulumi.String(s.prepare),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		// A new kplc binary must be installed on the bastion even when nothing else changed, and a
		// new bastion must be prepared from scratch (Create) before any broker step uses it: the
		// install steps wait for this one.
		Triggers: pulumi.Array{pulumi.String(kplcTrigger), a.bastionIdentity()},
	}, parent, hostDeps(upload, comp.BastionScripts))
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: preparing the bastion: %w", name, err)
	}

	if err := comp.buildAuthPre(ctx, name, a, s, hostDeps(comp.BastionPrep)); err != nil {
		return err
	}
	vswitches := a.VswitchIDs.ToStringMapOutput()
	var previous *remote.Command
	conns := make([]remote.ConnectionArgs, 0, len(a.Brokers))
	for i, b := range a.Brokers {
		h := BrokerHost{NodeID: b.NodeID, Zone: b.Zone}
		h.Instance, err = newBrokerInstance(ctx, name, a, b, vswitches, parent)
		if err != nil {
			return err
		}
		h.InstanceID = h.Instance.ID().ToStringOutput()
		h.PrivateIP = placedAsPlanned(name, h.Instance, b)
		conn, err := a.brokerConnection(ctx, name, h, parent)
		if err != nil {
			return err
		}
		if err := h.uploadScripts(ctx, name, a, s, conn, parent); err != nil {
			return err
		}
		conns = append(conns, conn)

		// Java and the data disk need nothing from the bastion's dist server: they run as soon
		// as the instance exists (and the bastion can reach it), beside the bastion's preparation.
		h.PrepareHost, err = remote.NewCommand(ctx, fmt.Sprintf("%s-prepare-host-%d", name, b.NodeID), &remote.CommandArgs{
			Connection:             conn,
			Create:                 pulumi.String(s.prepareHost),
			Update:                 pulumi.String(s.prepareHost),
			AddPreviousOutputInEnv: pulumi.Bool(false),
		}, parent, hostDeps(h.Scripts))
		if err != nil {
			return fmt.Errorf("KraftBrokerSet %q: preparing the host of node %d: %w", name, b.NodeID, err)
		}
		h.Install, err = remote.NewCommand(ctx, fmt.Sprintf("%s-install-%d", name, b.NodeID), &remote.CommandArgs{
			Connection:             conn,
			Create:                 pulumi.String(s.install),
			Update:                 pulumi.String(s.install),
			AddPreviousOutputInEnv: pulumi.Bool(false),
			// install-broker.sh fetches kplc from the bastion; a new binary means a re-run. A new
			// instance (a dead broker released and created again at the same address, README
			// "Replacing a broker") is a blank host: its instance ID makes the step run there,
			// as it does the scripts' upload.
			Triggers: pulumi.Array{pulumi.String(kplcTrigger), h.InstanceID},
		}, parent, hostDeps(comp.BastionPrep, h.Scripts, h.PrepareHost))
		if err != nil {
			return fmt.Errorf("KraftBrokerSet %q: installing node %d: %w", name, b.NodeID, err)
		}
		h.Start, err = newFirstStart(ctx, name, b.NodeID, conn, s.firstStart[i], b.ServerProperties, parent,
			hostDeps(append([]pulumi.Resource{h.Install}, comp.credential()...)...))
		if err != nil {
			return err
		}
		comp.Hosts = append(comp.Hosts, h)
	}

	// rollConcurrency zone: the waves run before the chain, which then finds nothing to do on
	// the brokers a wave restarted and restarts the others one at a time (the fall-back).
	waves, err := comp.buildWaves(ctx, name, a, s, conns, parent, hostDeps)
	if err != nil {
		return err
	}
	for i, b := range a.Brokers {
		h := &comp.Hosts[i]
		conn := conns[i]
		// Only what this broker's configuration depends on goes into the step's inputs: its
		// server.properties (stdin), node id, cluster id and the bootstrap list (command). A
		// change of any input, stdin alone included, is an update, which runs Update (the same
		// command) with the new stdin. A change of Triggers replaces the step instead: the
		// provider creates the new one first (running Create, the same command) and then
		// deletes the old one, which runs nothing because there is no Delete. So neither an
		// update, a replacement nor removing the step ever touches the broker's data.
		deps := []pulumi.Resource{h.Install, h.Scripts, h.Start}
		if previous != nil {
			deps = append(deps, previous)
		} else {
			// The credential exists before the first broker requires it (switching auth on).
			deps = append(append(deps, comp.credential()...), waves...)
		}
		h.Configure, err = remote.NewCommand(ctx, fmt.Sprintf("%s-configure-%d", name, b.NodeID), &remote.CommandArgs{
			Connection:             conn,
			Create:                 pulumi.String(s.configure[i]),
			Update:                 pulumi.String(s.configure[i]),
			Stdin:                  pulumi.String(b.ServerProperties),
			AddPreviousOutputInEnv: pulumi.Bool(false),
			// A new Kafka version, heap or unit takes effect only through a gated restart,
			// which configure-broker.sh performs when install-broker.sh asked for it. A re-run
			// with an unchanged file restarts nothing; it only waits again (kplc wait-ready) if
			// an earlier restart of this broker was never confirmed healthy. A new instance at
			// the same address must be configured (and its storage formatted) too.
			Triggers: pulumi.Array{pulumi.String(s.installRevision), h.InstanceID},
		}, parent, hostDeps(deps...))
		if err != nil {
			return fmt.Errorf("KraftBrokerSet %q: configuring node %d: %w", name, b.NodeID, err)
		}
		previous = h.Configure
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
	}, parent, hostDeps(configured...))
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: cluster-ready check: %w", name, err)
	}
	if err := comp.buildAuthAccess(ctx, name, a, s, hostDeps(comp.ClusterReadyStep)); err != nil {
		return err
	}
	return comp.buildDayOps(ctx, name, a, hostDeps)
}

// placedAsPlanned returns the broker's private IP once it is known to be where the plan puts
// it: the instance's zone and private address (from the cloud, or from the state when the
// instance already exists) must be the planned ones. Every SSH step reaches the broker through
// this output, so none of them runs against a misplaced broker.
//
// It is only a backstop. The refusal that matters comes before anything registers: the program
// (package deploy, checkRunningBrokers with package placement) reads the running brokers and
// their vSwitches and refuses a plan that moves them. A failure here comes inside an apply,
// after other resources of the update have registered and possibly changed (with
// --skip-preview, new vSwitches, the NLB and the bastion), so it guards only a caller that uses
// KraftBrokerSet without that check.
func placedAsPlanned(name string, inst *ecs.Instance, b KraftNode) pulumi.StringOutput {
	return pulumi.All(inst.PrivateIp, inst.AvailabilityZone).ApplyT(func(v []any) (string, error) {
		ip, _ := v[0].(string)
		zone, _ := v[1].(string)
		if ip != b.PrivateIP || (zone != "" && zone != b.Zone) {
			return "", fmt.Errorf("KraftBrokerSet %q: node %d runs at %s in %s, but the plan puts it at %s in %s; "+
				"a broker holds data and is never moved or replaced by an update; "+
				"fix: restore the zones and vSwitch CIDR settings it was created with (or move the broker by hand, then update the stack)",
				name, b.NodeID, ip, zone, b.PrivateIP, b.Zone)
		}
		return ip, nil
	}).(pulumi.StringOutput)
}

// brokerIgnoredChanges are the instance inputs an update never applies to a running broker
// (what the provider does with each: alicloud-provider-facts.md, ecs/instance). A change of
// availabilityZone, systemDiskCategory or any dataDisks field (all ForceNew) would replace the
// instance, and with it the data disk; vswitchId, privateIp and instanceType are changed in
// place, but only after stopping the instance; keyName is changed in place too (detach the old
// key pair, attach the new one), but then a running instance is rebooted; imageId re-installs
// the system disk (ReplaceSystemDisk). The provider would do any of these to every broker at
// once, with no restart gate in between, so none is applied. The plan's placement is still
// enforced: the program refuses a plan that moves a running broker before registering anything
// (package placement), and placedAsPlanned fails the apply as a backstop. warnInstanceType and warnDataDiskSize tell the operator how to apply a new instance type
// (one broker at a time) or data disk size (online) by hand.
var brokerIgnoredChanges = []string{
	"availabilityZone", "vswitchId", "privateIp", "keyName", "imageId", "systemDiskCategory", "dataDisks", "instanceType",
}

// warnInstanceType logs a warning when broker b runs as another instance type than the
// configured one (bootstrap is the cluster's INTERNAL bootstrap list): after the first deploy the instance's InstanceType is the running type (the
// configured type is ignored on it, see brokerIgnoredChanges), so a changed brokerInstanceType
// is not applied, and the warning says how to apply it by hand, one broker at a time. It only
// logs: nothing is registered inside the apply.
func warnInstanceType(ctx *pulumi.Context, name string, inst *ecs.Instance, b KraftNode, want, bootstrap string) {
	inst.InstanceType.ApplyT(func(running string) (string, error) {
		if running != "" && running != want {
			if err := ctx.Log.Warn(instanceTypeWarning(name, b.NodeID, running, want, bootstrap), &pulumi.LogArgs{Resource: inst}); err != nil {
				return "", fmt.Errorf("logging the instance type of node %d: %w", b.NodeID, err)
			}
		}
		return running, nil
	})
}

// instanceTypeWarning says that node nodeID keeps running as running although want is
// configured, and gives the manual procedure that keeps one broker down at a time.
func instanceTypeWarning(name string, nodeID int, running, want, bootstrap string) string {
	return fmt.Sprintf("KraftBrokerSet %q: node %d runs as %s, but brokerInstanceType is %s; pulumi up does not change a running "+
		"broker's instance type, because the provider would stop and start every broker at once, without the restart gates. "+
		"To resize, one broker at a time and only while the cluster is healthy: on the bastion run "+
		"`kplc safe-to-restart --bootstrap %s --node-id %d` (it must say yes); "+
		"stop Kafka (`systemctl stop kafka` on the broker); stop the instance, change its type to %s and start it "+
		"(ECS console: Change Instance Type, or `aliyun ecs ModifyInstanceSpec`); wait with "+
		"`kplc wait-ready --bootstrap %s --node-id %d` before the next broker; "+
		"when every broker is done, run `pulumi refresh` so the stack records the new type",
		name, nodeID, running, want, bootstrap, nodeID, want, bootstrap, nodeID)
}

// Tags every broker instance carries, by which the program finds a stack's running brokers
// before it changes anything (see BrokerSelector).
const (
	// ProjectTag holds the Pulumi project name.
	ProjectTag = "project"
	// StackTag holds the Pulumi stack name.
	StackTag = "stack"
	// NodeIDTag holds the broker's node id.
	NodeIDTag = "node-id"
	// KafkaVersionTag holds the kafkaVersion the stack last applied to the broker; the program
	// checks a kafkaVersion change against it before anything changes (kraft.CheckUpgrade).
	// A tag change is an in-place update of the instance, without a restart.
	KafkaVersionTag = "kafka-version"
)

// BrokerSelector returns the tags that select the broker instances of a project's stack (every
// pair must match, as ecs.GetInstances filters); each found instance's NodeIDTag says which
// broker it is.
func BrokerSelector(project, stack string) map[string]string {
	return map[string]string{ProjectTag: project, StackTag: stack}
}

// newBrokerInstance creates the ECS instance of broker b. Nothing in its inputs depends on the
// rollout stage (no user data): a stage change never touches the instance. It waits for nothing
// but its inputs (vSwitch, security group, key pair, image): the firewall rules and the bastion
// matter to the SSH steps, which wait for them, not to the instance.
//
// Data safety: the instance has release protection (DeletionProtection) unless
// AllowBrokerDeletion is set, so neither `pulumi destroy`, a replacement nor the console can
// release a broker by accident; and the inputs that would replace it are ignored once it
// exists (brokerIgnoredChanges). The data disk is released with the instance
// (DeleteWithInstance): a deliberate teardown, which needs AllowBrokerDeletion first, must not
// leave billed, unmanaged disks behind; protection comes from the instance, not from orphans.
func newBrokerInstance(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, b KraftNode,
	vswitches pulumi.StringMapOutput, parent pulumi.ResourceOption) (*ecs.Instance, error) {
	zone := b.Zone
	vswitch := vswitches.ApplyT(func(m map[string]string) (string, error) {
		id, ok := m[zone]
		if !ok || id == "" {
			return "", fmt.Errorf("KraftBrokerSet %q: VswitchIDs has no vSwitch for zone %q of node %d (have %s); "+
				"give the network component every broker zone", name, zone, b.NodeID, strings.Join(slices.Sorted(maps.Keys(m)), ", "))
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
		DeletionProtection:      pulumi.Bool(!a.AllowBrokerDeletion),
		DataDisks: ecs.InstanceDataDiskArray{ecs.InstanceDataDiskArgs{
			Name:               pulumi.String(ruleDataDiskName.fit(hostName + "-data")),
			Description:        pulumi.String(ruleDataDiskDescription.fit(fmt.Sprintf("Kafka log.dirs of node %d (%s)", b.NodeID, logDir))),
			Size:               pulumi.Int(a.DataDiskSizeGB),
			Category:           pulumi.String(a.DataDiskCategory),
			DeleteWithInstance: pulumi.Bool(true),
		}},
		InstanceName: pulumi.String(ruleInstanceName.fit(hostName)),
		HostName:     pulumi.String(ruleInstanceHostName.fit(hostName)),
		Description:  pulumi.String(ruleInstanceDescription.fit(fmt.Sprintf("Kafka node %d (%s) of %s/%s", b.NodeID, strings.Join(b.Roles, ","), a.Project, a.Stack))),
		Tags: pulumi.StringMap{
			ProjectTag:      pulumi.String(a.Project),
			StackTag:        pulumi.String(a.Stack),
			NodeIDTag:       pulumi.String(strconv.Itoa(b.NodeID)),
			KafkaVersionTag: pulumi.String(a.Kafka.Version),
			"role":          pulumi.String(strings.Join(b.Roles, ",")),
		},
	}, parent, pulumi.IgnoreChanges(append([]string(nil), brokerIgnoredChanges...)))
	if err != nil {
		return nil, fmt.Errorf("KraftBrokerSet %q: instance of node %d: %w", name, b.NodeID, err)
	}
	warnInstanceType(ctx, name, inst, b, a.InstanceType, a.bootstrap())
	warnDataDiskSize(ctx, name, inst, b, a.DataDiskSizeGB, a.Kafka.DataDevice)
	warnImage(ctx, name, inst, b, a.ImageID)
	return inst, nil
}

// uploadKplc copies the linux/amd64 kplc binary (a file, known at preview) into the login
// user's private staging directory on the bastion (see staging.go). The prepare step installs
// it into the dist directory.
func (comp *KraftBrokerSet) uploadKplc(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, trigger string) (*remote.CopyToRemote, *remote.Command, pulumi.StringOutput, error) {
	parent := pulumi.Parent(comp)
	// A new binary or a new bastion re-creates the directory and copies again: CopyToRemote
	// only copies when its source or path changes; a new connection alone is an update that
	// copies nothing (pulumi-command v1.2.1 copyController.go L118-191; facts, CopyToRemote
	// create/update/delete). A change of triggers replaces it, and the new one copies.
	triggers := pulumi.Array{pulumi.String(trigger), a.bastionIdentity()}
	staging, dir, err := newStagingStep(ctx, name+"-kplc-staging", stagingDir(name), "the bastion",
		a.SSH.bastion(), triggers, parent, pulumi.DependsOn(a.DependsOn))
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, fmt.Errorf("KraftBrokerSet %q: %w", name, err)
	}
	upload, err := remote.NewCopyToRemote(ctx, name+"-kplc-upload", &remote.CopyToRemoteArgs{
		Connection: a.SSH.bastion(),
		Source:     pulumi.NewFileAsset(a.Kplc.Path),
		RemotePath: stagedUpload(dir, stagingFile),
		Triggers:   triggers,
	}, parent, pulumi.DependsOn(append([]pulumi.Resource{staging}, a.DependsOn...)))
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, fmt.Errorf("KraftBrokerSet %q: uploading kplc: %w", name, err)
	}
	return upload, staging, dir, nil
}

// bastionIdentity is what changes when the bastion is replaced: its instance ID, or its public
// IP when no ID is given.
func (a *KraftBrokerSetArgs) bastionIdentity() pulumi.StringInput {
	if a.BastionInstanceID != nil {
		return a.BastionInstanceID
	}
	return a.SSH.BastionPublicIP
}

// kplcRevision returns the kplc binary's digest, "sha256:<64 hex>": what the upload and the
// steps that use kplc re-run on, and what the hosts verify the binary against.
func kplcRevision(k KplcBinary) (string, error) {
	bin, err := kplcbuild.Hash(k.Path)
	if err != nil {
		return "", err
	}
	return bin.Checksum(), nil
}

// uploadScripts registers the broker's private upload directory, the uploads of its scripts and
// the step that installs them (see hostscripts.go). A replaced instance (a new instance ID)
// receives them again, even at the same address.
func (h *BrokerHost) uploadScripts(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, s *brokerSteps,
	conn remote.ConnectionArgs, parent pulumi.ResourceOption) error {
	what := fmt.Sprintf("node %d", h.NodeID)
	triggers := pulumi.Array{h.InstanceID}
	staging, dir, err := newStagingStep(ctx, fmt.Sprintf("%s-staging-%d", name, h.NodeID), stagingDir(name), what,
		conn, triggers, parent, pulumi.DependsOn(a.DependsOn))
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: %w", name, err)
	}
	h.Staging = staging
	h.Scripts, err = scriptSteps{prefix: name, suffix: fmt.Sprintf("-%d", h.NodeID), what: what}.register(ctx, conn, a.SSH.User,
		stagingDir(name), dir, staging, s.brokerScripts, h.InstanceID, a.DependsOn, parent)
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: %w", name, err)
	}
	return nil
}
