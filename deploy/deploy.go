// Package deploy is the kafka-plc Pulumi program: it reads the stack's configuration through
// package config, decides the deployment with package plan, and wires the components of package
// components together — the network (KafkaVpc), the brokers (KraftBrokerSet, or the brokers of
// an existing cluster), the NLB (KafkaNlb) and the PrivateLink endpoint service
// (PrivateLinkEndpointService) — then exports what the user enters in TiDB Cloud and what to do
// next.
package deploy

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kplcbuild"
	"github.com/kafka-plc/kafka-plc/plan"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Run is the Pulumi program. It expects to run in the kafka-plc module root (Pulumi's working
// directory for the project), from where the kplc binary for the bastion is built.
func Run(ctx *pulumi.Context) error {
	dir, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("finding the project directory: %w", err)
	}
	return Program(dir)(ctx)
}

// Program returns the Pulumi program for the kafka-plc module rooted at moduleDir (where go.mod
// is, and from where kplc is built). Run uses the working directory; the engine-level tests run
// the same program, in process, from their own directory.
func Program(moduleDir string) pulumi.RunFunc {
	return ProgramWithBuilder(moduleDir, BuildKplc)
}

// ProgramWithBuilder is Program with build in place of BuildKplc: the engine-level tests wrap
// the real build to see what the program registered while it ran.
func ProgramWithBuilder(moduleDir string, build KplcBuilder) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		outputs, err := program(ctx, moduleDir, build)
		if err != nil {
			return err
		}
		for key, value := range outputs {
			ctx.Export(key, value)
		}
		return nil
	}
}

// KplcBuilder builds the linux/amd64 kplc binary of the module rooted at moduleDir and returns
// its path. The program calls it once per run, on a goroutine of its own, and cancels ctx when
// the program ends before the build does.
type KplcBuilder func(ctx context.Context, moduleDir string) (string, error)

// BuildKplc builds kplc into moduleDir/bin/kplc-linux-amd64 with go build (package kplcbuild).
func BuildKplc(ctx context.Context, moduleDir string) (string, error) {
	bin, err := kplcbuild.Build(ctx, moduleDir, kplcbuild.Output)
	if err != nil {
		return "", err
	}
	return bin.Path, nil
}

// program creates the stack's resources and returns its outputs. moduleDir is the kafka-plc
// module root, given so that tests can run the program from elsewhere; build builds kplc there.
//
// kplc is built in preview and update alike, and the program waits for it before it registers
// the first component that reaches a host or takes the binary: the upload's source must be a
// file known at preview, because pulumi-command v1.2.1 fails the Check of a CopyToRemote whose
// source is unknown (alicloud-provider-facts.md, pulumi-command, "CopyToRemote with an unknown
// source at preview"). The build starts once the configuration is checked and everything that
// can refuse the update has refused, and in mode new it runs while the network (KafkaVpc:
// cloud resources only, nothing runs on a host) registers, so the VPC, the vSwitches, the
// security groups and the bastion instance are being created while go builds. A failed build
// fails the update before any host is touched: the cloud resources registered by then are
// kept, and the next pulumi up goes on from them. Mode existing has no cloud work to overlap:
// it builds first, then registers.
func program(ctx *pulumi.Context, moduleDir string, build KplcBuilder) (pulumi.Map, error) {
	cfg, err := config.Load(ctx.Project(), ctx.Stack(), stackValues(ctx))
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", ctx.Stack(), err)
	}
	if missing := cfg.MissingSecrets(); len(missing) > 0 {
		return nil, fmt.Errorf("stack %s: %w", ctx.Stack(), missing)
	}
	// The password's strength is checked here, before anything registers; it then travels
	// only as a secret output, to the stdin of the bastion steps.
	var password pulumi.StringInput
	if cfg.AuthEnabled() {
		pw, err := externalPassword(ctx)
		if err != nil {
			return nil, err
		}
		password = pw
	}
	for _, w := range cfg.Warnings() {
		if err := ctx.Log.Warn(w, nil); err != nil {
			return nil, fmt.Errorf("logging a warning: %w", err)
		}
	}
	p, err := plan.Build(cfg)
	if err != nil {
		return nil, fmt.Errorf("stack %s: planning the deployment: %w", ctx.Stack(), err)
	}
	// Everything that can refuse the update, the running brokers included, is decided here,
	// before the first resource registers.
	if cfg.Mode == config.ModeExisting && cfg.Existing == nil {
		return nil, fmt.Errorf("stack %s: mode existing without existing cluster settings (existingVpcId, existingBrokers)", p.Stack)
	}
	if err := checkRunningBrokers(ctx, cfg, p); err != nil {
		return nil, err
	}
	// Nothing refuses from here on but the build itself.
	kplcBuild := startKplcBuild(ctx.Context(), moduleDir, build)
	defer kplcBuild.stop()
	name := baseName(ctx.Project(), ctx.Stack())
	if cfg.Mode == config.ModeExisting {
		kplc, err := kplcBuild.wait(ctx.Stack(), "")
		if err != nil {
			return nil, err
		}
		return programExisting(ctx, name, cfg, p, sshPrivateKey(ctx), kplc, password)
	}

	// Every resource registered from here on is one the broker deletion guard protects.
	tracker, err := components.TrackResources(ctx)
	if err != nil {
		return nil, err
	}
	// The network touches no host: it is created while kplc builds.
	network, err := components.NewKafkaVpc(ctx, name, vpcArgs(cfg, p))
	if err != nil {
		return nil, err
	}
	// Every component from here on reaches a host (the host-key reads first) or takes the binary.
	kept := "the network resources this update created are kept: the next pulumi up goes on from them"
	if ctx.DryRun() {
		kept = "a preview creates nothing"
	}
	kplc, err := kplcBuild.wait(ctx.Stack(), kept)
	if err != nil {
		return nil, err
	}
	access, err := sshAccess(ctx, name, cfg, network)
	if err != nil {
		return nil, err
	}
	brokers, err := newBrokers(ctx, name, cfg, p, network, access, kplc, password)
	if err != nil {
		return nil, err
	}
	nlb, err := components.NewKafkaNlb(ctx, name, nlbArgs(cfg, network, brokers.backends))
	if err != nil {
		return nil, err
	}
	service, err := newEndpointService(ctx, name, cfg, p, nlb)
	if err != nil {
		return nil, err
	}
	outputs := stackOutputs(cfg, p, network, nlb, service)
	if brokers.set != nil {
		// The checks need the NLB's DNS name, and the NLB needs the broker instances, so they are
		// their own component, run after the cluster is ready and the NLB is in place.
		check, err := components.NewPrivateLinkVerification(ctx, name, &components.PrivateLinkVerificationArgs{
			Bootstrap:         p.InternalBootstrap(),
			BrokerPorts:       brokerNLBPorts(p),
			UniqueName:        p.UniqueName,
			HostPattern:       p.TiDBCloud.AdvertisedListenerPattern,
			BootstrapPort:     p.TiDBCloud.BootstrapPort,
			Auth:              saslAuth(p),
			NLBDNSName:        nlb.DNSName,
			NLBRevision:       nlb.Revision,
			BastionInstanceID: network.BastionInstanceID,
			ConfigRevision:    brokers.set.ConfigRevision,
			SSH:               access,
			DependsOn:         append(checkAfter(brokers.set), nlb.Serving()...),
			// verify.sh reaches the bastion while the brokers are set up.
			HostDependsOn: network.HostPrerequisites(),
			SASLPassword:  password,
			// The bastion's kplc exporter probes the NLB between updates, unless the EXTERNAL
			// listener authenticates (the exporter holds no credential for it).
			ExporterProbe: !saslAuth(p).Enabled(),
		})
		if err != nil {
			return nil, err
		}
		outputs[plan.OutputVerification] = check.Summary
		outputs[plan.OutputClusterReady] = brokers.set.ClusterReady
		outputs[plan.OutputMetadataVersion] = brokers.set.MetadataVersion
	}
	// Last: a destroy must delete this first, and cannot while brokers are protected, so it
	// deletes nothing (see components.BrokerDeletionGuard).
	if _, err := components.NewBrokerDeletionGuard(ctx, name, &components.BrokerDeletionGuardArgs{
		AllowBrokerDeletion: cfg.AllowBrokerDeletion,
		Guards:              tracker.Resources(),
	}); err != nil {
		return nil, err
	}
	return outputs, nil
}

// newEndpointService puts the PrivateLink endpoint service in front of the NLB, whitelisting only
// TiDB Cloud's account. Its per-zone resources take the NLB's ID, so they wait for the load
// balancer; a DependsOn on the component would not hold back its children in the Go SDK.
func newEndpointService(ctx *pulumi.Context, name string, cfg *config.Config, p *plan.Plan,
	nlb *components.KafkaNlb) (*components.PrivateLinkEndpointService, error) {
	return components.NewPrivateLinkEndpointService(ctx, name, &components.PrivateLinkEndpointServiceArgs{
		LoadBalancer:     nlb, // in all of the stack's zones, the NLB's
		AllowedAccountID: cfg.TiDBCloudAccountID,
		Description:      fmt.Sprintf("kafka-plc %s/%s: Kafka for TiDB Cloud", p.Project, p.Stack),
	})
}

// vpcArgs describes the network: a new VPC from the plan, or the existing one.
func vpcArgs(cfg *config.Config, p *plan.Plan) *components.KafkaVpcArgs {
	if cfg.Mode == config.ModeExisting {
		return &components.KafkaVpcArgs{
			ExistingVpcID:      cfg.Existing.VpcID,
			ExistingVswitchIDs: cfg.Existing.VswitchIDs,
		}
	}
	args := &components.KafkaVpcArgs{
		CidrBlock: cfg.VpcCIDR,
		Bastion: &components.KafkaVpcBastionArgs{
			Zone:                 p.Bastion.Zone,
			VswitchCidr:          p.Bastion.VswitchCIDR,
			PrivateIP:            p.Bastion.PrivateIP,
			InstanceType:         cfg.BastionInstanceType,
			BandwidthMbps:        cfg.BastionBandwidthMbps,
			SystemDiskCategory:   cfg.SystemDiskCategory,
			ImageID:              cfg.ImageID,
			SSHPublicKey:         cfg.SSHPublicKey,
			SSHAllowedCidrs:      append([]string(nil), cfg.SSHAllowedCIDRs...),
			AllowSSHFromAnywhere: cfg.AllowSSHFromAnywhere,
			MetricsScraperCidrs:  append([]string(nil), cfg.MetricsScraperCIDRs...),
			Ports: components.KafkaVpcPorts{
				Internal:   cfg.InternalPort,
				Controller: cfg.ControllerPort,
				External:   cfg.ExternalPort,
				Dist:       cfg.DistPort,
			},
		},
	}
	for _, z := range p.Zones {
		args.BrokerSubnets = append(args.BrokerSubnets, components.ZoneSubnet{Zone: z.Name, CidrBlock: z.VswitchCIDR})
		args.NlbSubnets = append(args.NlbSubnets, components.ZoneSubnet{Zone: z.Name, CidrBlock: z.NLBVswitchCIDR})
	}
	return args
}

// nlbArgs describes the NLB over the stack's zones, with the standard port map (the plan's).
// In mode new it takes its addresses from its own vSwitches (KafkaVpc.NlbVswitchIDs), never
// from a broker's; in mode existing from the configured existingVswitchIds.
func nlbArgs(cfg *config.Config, network *components.KafkaVpc, backends []components.NlbBroker) *components.KafkaNlbArgs {
	args := &components.KafkaNlbArgs{
		VpcID:       network.VpcID,
		Brokers:     backends,
		BackendPort: cfg.ExternalPort,
	}
	for _, zone := range cfg.Zones {
		args.Zones = append(args.Zones, components.NlbZone{
			Zone:      zone,
			VswitchID: network.NlbVswitchIDs.MapIndex(pulumi.String(zone)),
		})
	}
	// The standard layout is the plan's port map (TestNlbArgsPortMapIsThePlans).
	args.PortMap = components.StandardPortMap(cfg.NLBBootstrapPort, cfg.NLBFirstBrokerPort, components.NodeIDs(backends))
	return args
}

// stackOutputs returns the stack outputs: what to enter in TiDB Cloud, how the NLB maps to the
// brokers, the rollout stage and the next step.
func stackOutputs(cfg *config.Config, p *plan.Plan, network *components.KafkaVpc,
	nlb *components.KafkaNlb, service *components.PrivateLinkEndpointService) pulumi.Map {
	privateIPs := pulumi.StringMap{}
	advertised := pulumi.StringMap{}
	for _, b := range p.Brokers {
		id := strconv.Itoa(b.NodeID)
		privateIPs[id] = pulumi.String(b.PrivateIP)
		advertised[id] = pulumi.String(externalListener(b))
	}
	bastion := network.BastionPublicIP
	if cfg.Mode == config.ModeExisting {
		bastion = pulumi.String(cfg.Existing.JumpHost).ToStringOutput()
	}

	return pulumi.Map{
		plan.OutputEndpointServiceName: service.ServiceName,
		plan.OutputNLBDNSName:          nlb.DNSName,
		plan.OutputBastionPublicIP:     bastion,
		plan.OutputBrokerPrivateIPs:    privateIPs,
		plan.OutputPortMap:             nlb.PortMap,
		plan.OutputAdvertisedListeners: advertised,
		plan.OutputTiDBCloud: pulumi.Map{
			"endpointServiceName":       service.ServiceName,
			"accountId":                 pulumi.String(p.TiDBCloud.AccountID),
			"zones":                     pulumi.ToStringArray(p.TiDBCloud.Zones),
			"bootstrapPort":             pulumi.Int(p.TiDBCloud.BootstrapPort),
			"advertisedListenerPattern": pulumi.String(p.TiDBCloud.AdvertisedListenerPattern),
			"uniqueName":                pulumi.String(p.UniqueName),
			"authentication":            changefeedAuth(p),
		},
		plan.OutputStage: pulumi.String(string(p.Stage)),
		plan.OutputNextStep: service.ServiceName.ApplyT(func(serviceName string) string {
			return nextStep(p, serviceName)
		}).(pulumi.StringOutput),
	}
}

// externalListener returns the EXTERNAL endpoint a broker advertises, e.g.
// "EXTERNAL://b1.unique_name.alicloud.plc.tidbcloud.com:9093".
func externalListener(b plan.Broker) string {
	for _, l := range strings.Split(b.AdvertisedListeners, ",") {
		if strings.HasPrefix(l, plan.ListenerExternal+"://") {
			return l
		}
	}
	return plan.ListenerExternal + "://" + b.ExternalHost + ":" + strconv.Itoa(b.NLBPort)
}

// nextStep says in one line what the user does next at the plan's stage.
func nextStep(p *plan.Plan, serviceName string) string {
	if p.Stage == plan.StageAwaitingUniqueName {
		return fmt.Sprintf("In TiDB Cloud create a private link connection to endpoint service %s (account %s, zones %s), "+
			"accept it in the Alibaba Cloud PrivateLink console, then Attach Domains (TiDB Cloud Managed) in TiDB Cloud and copy the unique name it shows, "+
			"then run `%s` and `pulumi up`",
			serviceName, p.TiDBCloud.AccountID, strings.Join(p.TiDBCloud.Zones, ","), p.SetUniqueNameCommand())
	}
	return fmt.Sprintf("Brokers advertise %s: create the changefeed in TiDB Cloud over the private link connection with bootstrap port %d%s",
		strings.Replace(p.TiDBCloud.AdvertisedListenerPattern, plan.UniqueNameToken, p.UniqueName, 1), p.TiDBCloud.BootstrapPort, authHint(p))
}

// authHint completes the changefeed instructions with its authentication fields ("" without auth).
func authHint(p *plan.Plan) string {
	if p.TiDBCloud.SASLMechanism == "" {
		return ""
	}
	return fmt.Sprintf(" and authentication SASL/%s, user %s, password from `%s`",
		p.TiDBCloud.SASLMechanism, p.TiDBCloud.SASLUser, p.TiDBCloud.PasswordCommand(p.Project, p.Stack))
}

// baseName turns the project and stack into the prefix of every resource name (lower-case
// letters, digits and dashes, starting with a letter, at most 40 characters), e.g.
// "kafka-plc-dev". It includes the stack so that two stacks in one account do not collide on
// names that must be unique, such as the key pair's.
func baseName(project, stack string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(project + "-" + stack) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		name = "k-" + name
	}
	if len(name) > 40 {
		name = strings.TrimRight(name[:40], "-")
	}
	return name
}

// checkAfter returns what the end-to-end checks wait for: the cluster-ready, finalize-features
// and rebalance steps (the last one unless manual), and with
// auth on the step that creates the credential and the ACLs (the probe authenticates).
func checkAfter(set *components.KraftBrokerSet) []pulumi.Resource {
	deps := []pulumi.Resource{set.ClusterReadyStep, set.FinalizeStep}
	if set.AccessStep != nil {
		deps = append(deps, set.AccessStep)
	}
	// The checks (a roundtrip among them) judge the cluster as the rebalance leaves it, and
	// never race its leader elections: kplc roundtrip passes only when every broker leads a
	// partition of its topic (RoundtripReport.OK), which after a scale-out holds for the new
	// brokers only once the rebalance has moved replicas to them and elected them, and its own
	// preferred-leader election (settleLeaders) would contend with the rebalance's. Finalize
	// stays before them too: the checks then see the cluster at the metadata.version it keeps
	// (the level gates the protocol the brokers speak), and it ends before the rebalance anyway.
	if set.RebalanceStep != nil {
		deps = append(deps, set.RebalanceStep)
	}
	return deps
}

// changefeedAuth says what to enter in the changefeed's authentication fields: the mechanism,
// the user and the command that prints the password (never the password), or "none".
func changefeedAuth(p *plan.Plan) pulumi.Map {
	if p.TiDBCloud.SASLMechanism == "" {
		return pulumi.Map{"mechanism": pulumi.String("none")}
	}
	return pulumi.Map{
		"mechanism":       pulumi.String(p.TiDBCloud.SASLMechanism),
		"user":            pulumi.String(p.TiDBCloud.SASLUser),
		"passwordCommand": pulumi.String(p.TiDBCloud.PasswordCommand(p.Project, p.Stack)),
	}
}
