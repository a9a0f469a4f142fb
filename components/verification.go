package components

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/scripts"
)

// PrivateLinkVerificationType is the type token of PrivateLinkVerification.
const PrivateLinkVerificationType = "kafka-plc:index:PrivateLinkVerification"

// DefaultCheckTimeoutSeconds bounds each kplc check of the verification.
const DefaultCheckTimeoutSeconds = 120

// PrivateLinkVerificationArgs are the arguments of NewPrivateLinkVerification.
type PrivateLinkVerificationArgs struct {
	// Bootstrap is the brokers' INTERNAL host:port list, reachable from the bastion.
	Bootstrap string `pulumi:"bootstrap"`
	// BrokerPorts are the brokers' own NLB listener ports in node-id order; they must be
	// consecutive (kplc probe-privatelink derives them from the first).
	BrokerPorts []int `pulumi:"brokerPorts"`
	// UniqueName is the name the brokers advertise: TiDB Cloud's, or the placeholder until
	// TiDB Cloud gives one.
	UniqueName string `pulumi:"uniqueName"`
	// HostPattern is the advertised broker host pattern, e.g.
	// "b{id}.{uniqueName}.alicloud.plc.tidbcloud.com".
	HostPattern string `pulumi:"hostPattern"`
	// BootstrapPort is the NLB's bootstrap listener port.
	BootstrapPort int `pulumi:"bootstrapPort"`
	// Auth is the EXTERNAL listener's SASL authentication (zero: none).
	Auth SASLAuth `pulumi:"auth"`
	// SSH says how to reach the bastion, where the checks run.
	SSH SSHAccess `pulumi:"ssh"`
	// NLBDNSName is the NLB's DNS name inside the VPC (the EXTERNAL path TiDB Cloud uses).
	NLBDNSName pulumi.StringInput `pulumi:"nlbDnsName"`
	// ConfigRevision changes whenever a broker's configuration changes (KraftBrokerSet's
	// ConfigRevision); a change re-runs the checks.
	ConfigRevision pulumi.StringInput `pulumi:"configRevision"`
	// NLBRevision changes whenever the NLB's listeners, server groups or backends change
	// (KafkaNlb's Revision), also when its DNS name stays; a change re-runs the checks.
	NLBRevision pulumi.StringInput `pulumi:"nlbRevision"`
	// BastionInstanceID is the bastion's instance ID (KafkaVpc.BastionInstanceID), optional: a
	// new bastion then receives verify.sh again even at the same address (without it, a new
	// public IP does).
	BastionInstanceID pulumi.StringInput `pulumi:"bastionInstanceId"`
	// DependsOn are the resources the check step waits for: the cluster-ready step and the
	// NLB's listeners and backends (resources, not components: see KraftBrokerSetArgs.DependsOn).
	DependsOn []pulumi.Resource `pulumi:"-"`
	// HostDependsOn are what the checks' preparation on the bastion (staging directory,
	// verify.sh upload and install) waits for besides its connection: the bastion and the
	// security group rules that let it be reached (KafkaVpc.HostPrerequisites). The preparation
	// needs no cluster, so it runs while the brokers are set up; only the check step waits for
	// DependsOn.
	HostDependsOn []pulumi.Resource `pulumi:"-"`
	// CheckTimeoutSeconds bounds each check; 0 means DefaultCheckTimeoutSeconds.
	CheckTimeoutSeconds int `pulumi:"checkTimeoutSeconds"`
	// ExporterProbe, when true, also points the bastion's kplc exporter at the NLB: a step
	// runs exporter-probe.sh once the NLB exists (see exporterProbeStep). It needs the
	// exporter installed by the broker set's bastion preparation (mode new), and Auth off:
	// the exporter holds no SASL credential for the EXTERNAL listener.
	ExporterProbe bool `pulumi:"exporterProbe"`
	// SASLPassword is the secret password of Auth.User, required when Auth is on:
	// the probe through the NLB then authenticates. It reaches the bastion on stdin only.
	// Put the broker set's AccessStep (which creates the credential) in DependsOn.
	SASLPassword pulumi.StringInput `pulumi:"-"`
}

// PrivateLinkVerification checks the cluster end to end from the bastion: `kplc brokers` and
// `kplc roundtrip` over the INTERNAL listeners, and `kplc probe-privatelink` through the NLB with
// the advertised names. It re-runs whenever a broker's configuration or the NLB (its DNS name,
// listeners, server groups or backends) changes, and fails the update when a check fails.
// verify.sh is uploaded to the bastion once and run by path (hostscripts.go).
type PrivateLinkVerification struct {
	pulumi.ResourceState

	// Summary is verify.sh's JSON summary: {"ok":...,"checks":[{"name","ok","exit","output"}]}.
	Summary pulumi.StringOutput `pulumi:"summary"`

	// Step is the remote command that runs the checks.
	Step *remote.Command
	// Scripts installs verify.sh (and exporter-probe.sh) on the bastion from its upload; Step
	// runs it by path.
	Scripts *remote.Command
	// ExporterProbe is the step that points kplc exporter's private-link probe at the NLB
	// (exporter-probe.sh), nil unless PrivateLinkVerificationArgs.ExporterProbe.
	ExporterProbe *remote.Command
}

// Validate checks the arguments of a PrivateLinkVerification named name.
func (args *PrivateLinkVerificationArgs) Validate(name string) error {
	fail := argFailer("PrivateLinkVerification", name)
	if args == nil {
		return fail("args", "nil", "no arguments given", "pass a *PrivateLinkVerificationArgs")
	}
	if name == "" {
		return fail("name", "", "the component needs a name", "pass a non-empty name")
	}
	if len(args.BrokerPorts) == 0 {
		return fail("BrokerPorts", "[]", "no planned brokers", "pass each broker's NLB listener port (StandardPortMap)")
	}
	if !bootstrapPattern.MatchString(args.Bootstrap) {
		return fail("Bootstrap", args.Bootstrap, "not a host:port list", "pass the brokers' INTERNAL addresses, e.g. 10.0.1.10:9092,10.0.2.10:9092")
	}
	if args.UniqueName == "" {
		return fail("UniqueName", "", "empty", "pass the unique name (plan.Build uses the placeholder until uniqueName is set)")
	}
	if args.HostPattern == "" {
		return fail("HostPattern", "", "empty", "set advertisedHostPattern")
	}
	if args.BootstrapPort < 1 || args.BootstrapPort > 65535 {
		return fail("BootstrapPort", strconv.Itoa(args.BootstrapPort), "not a port", "set nlbBootstrapPort, e.g. 9092")
	}
	first := args.BrokerPorts[0]
	for i, port := range args.BrokerPorts {
		if port != first+i {
			return fail(fmt.Sprintf("BrokerPorts[%d]", i), strconv.Itoa(port),
				fmt.Sprintf("broker ports must be consecutive from %d (kplc probe-privatelink derives them)", first),
				"pass the ports of StandardPortMap (firstBrokerPort plus the broker's rank)")
		}
	}
	if err := args.SSH.validate(fail, "SSH"); err != nil {
		return err
	}
	if args.NLBDNSName == nil {
		return fail("NLBDNSName", "", "missing", "pass the NLB component's DNSName output")
	}
	if args.ConfigRevision == nil {
		return fail("ConfigRevision", "", "missing", "pass the broker set's ConfigRevision output")
	}
	if args.NLBRevision == nil {
		return fail("NLBRevision", "", "missing: the checks would not re-run when a listener or backend of the NLB changes",
			"pass the NLB component's Revision output")
	}
	if args.Auth.Enabled() && args.SASLPassword == nil {
		return fail("SASLPassword", "", "missing while Auth is on: the probe through the NLB must authenticate",
			"pass the secret externalPassword (config.RequireSecret)")
	}
	if args.ExporterProbe && args.Auth.Enabled() {
		return fail("ExporterProbe", "true", "Auth is on, and kplc exporter holds no SASL credential for the EXTERNAL listener: every probed port would show down",
			"leave ExporterProbe false when the EXTERNAL listener authenticates (the checks step still probes at each update)")
	}
	if len(args.BrokerPorts) > exporterProbeMaxBrokers && args.ExporterProbe {
		return fail("BrokerPorts", strconv.Itoa(len(args.BrokerPorts)), fmt.Sprintf("more than %d brokers: kplc exporter's probe labels one series per broker port, at most %d", exporterProbeMaxBrokers, exporterProbeMaxBrokers),
			"leave ExporterProbe false")
	}
	if t := args.CheckTimeoutSeconds; t != 0 && (t < 10 || t > 3600) {
		return fail("CheckTimeoutSeconds", strconv.Itoa(t), "outside 10..3600", "leave it 0 for the default (120)")
	}
	return nil
}

// NewPrivateLinkVerification validates args, then registers the component and the check step.
func NewPrivateLinkVerification(ctx *pulumi.Context, name string, args *PrivateLinkVerificationArgs,
	opts ...pulumi.ResourceOption) (*PrivateLinkVerification, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	timeout := args.CheckTimeoutSeconds
	if timeout == 0 {
		timeout = DefaultCheckTimeoutSeconds
	}
	// Render once with a stand-in host so that a script problem fails before registering.
	prefix, saslFlags := saslVerifyFlags(args.Auth)
	render := func(via string) (string, error) {
		cmd, err := scripts.RunCommand(scripts.VerifyName, time.Duration(3*timeout+120)*time.Second, append([]string{
			"--bootstrap", args.Bootstrap,
			"--via", via,
			"--brokers", strconv.Itoa(len(args.BrokerPorts)),
			"--unique-name", args.UniqueName,
			"--host-pattern", args.HostPattern,
			"--bootstrap-port", strconv.Itoa(args.BootstrapPort),
			"--first-port", strconv.Itoa(args.BrokerPorts[0]),
			"--timeout", strconv.Itoa(timeout)}, saslFlags...)...)
		return prefix + cmd, err
	}
	if _, err := render("nlb.invalid"); err != nil {
		return nil, fmt.Errorf("PrivateLinkVerification %q: rendering the checks: %w", name, err)
	}
	if _, err := exporterProbeCommand(args, "nlb.invalid"); err != nil {
		return nil, fmt.Errorf("PrivateLinkVerification %q: rendering the exporter probe step: %w", name, err)
	}
	names := []string{scripts.VerifyName}
	if args.ExporterProbe {
		names = append(names, scripts.ExporterProbeName)
	}
	list, err := hostScriptsOf(names...)
	if err != nil {
		return nil, fmt.Errorf("PrivateLinkVerification %q: %w", name, err)
	}

	comp := &PrivateLinkVerification{}
	if err := ctx.RegisterComponentResource(PrivateLinkVerificationType, name, comp, opts...); err != nil {
		return nil, fmt.Errorf("registering PrivateLinkVerification %q: %w", name, err)
	}
	command := args.NLBDNSName.ToStringOutput().ApplyT(func(via string) (string, error) {
		if via == "" {
			return "", fmt.Errorf("PrivateLinkVerification %q: the NLB has no DNS name", name)
		}
		return render(via)
	}).(pulumi.StringOutput)
	bastion := args.SSH.bastion()
	host := args.BastionInstanceID
	if host == nil {
		host = args.SSH.BastionPublicIP
	}
	parent := pulumi.Parent(comp)
	staging, dir, err := newStagingStep(ctx, name+"-checks-staging", stagingDir(name), "the bastion", bastion,
		pulumi.Array{host}, parent, pulumi.DependsOn(args.HostDependsOn))
	if err != nil {
		return nil, fmt.Errorf("PrivateLinkVerification %q: %w", name, err)
	}
	comp.Scripts, err = scriptSteps{prefix: name + "-checks", what: "the bastion"}.register(ctx, bastion, args.SSH.User,
		stagingDir(name), dir, staging, list, host, args.HostDependsOn, parent)
	if err != nil {
		return nil, fmt.Errorf("PrivateLinkVerification %q: %w", name, err)
	}
	var stdin pulumi.StringPtrInput
	if args.Auth.Enabled() {
		stdin = secretStdin(args.SASLPassword)
	}
	step, err := remote.NewCommand(ctx, name+"-checks", &remote.CommandArgs{
		Connection:             bastion,
		Create:                 command,
		Update:                 command,
		Stdin:                  stdin,
		AddPreviousOutputInEnv: pulumi.Bool(false),
		// Re-run after every rollout and every change of the NLB's listeners, server groups or
		// backends: the command itself changes with neither (only with the DNS name and ports).
		Triggers: pulumi.Array{args.ConfigRevision, args.NLBRevision},
	}, parent, pulumi.DependsOn(append([]pulumi.Resource{comp.Scripts}, args.DependsOn...)))
	if err != nil {
		return nil, fmt.Errorf("PrivateLinkVerification %q: check step: %w", name, err)
	}
	comp.Step = step
	comp.Summary = step.Stdout
	if args.ExporterProbe {
		comp.ExporterProbe, err = exporterProbeStep(ctx, name, args, bastion, host, comp.Scripts, parent)
		if err != nil {
			return nil, fmt.Errorf("PrivateLinkVerification %q: %w", name, err)
		}
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{"summary": comp.Summary}); err != nil {
		return nil, fmt.Errorf("registering outputs of PrivateLinkVerification %q: %w", name, err)
	}
	return comp, nil
}
