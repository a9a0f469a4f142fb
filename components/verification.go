package components

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/plan"
	"github.com/kafka-plc/kafka-plc/scripts"
)

// PrivateLinkVerificationType is the type token of PrivateLinkVerification.
const PrivateLinkVerificationType = "kafka-plc:index:PrivateLinkVerification"

// DefaultCheckTimeoutSeconds bounds each kplc check of the verification.
const DefaultCheckTimeoutSeconds = 120

// PrivateLinkVerificationArgs are the arguments of NewPrivateLinkVerification.
type PrivateLinkVerificationArgs struct {
	// Plan is the stack's plan: the brokers' INTERNAL addresses, their NLB ports, the advertised
	// host pattern and the unique name (the placeholder until TiDB Cloud gives one) are used.
	Plan *plan.Plan `pulumi:"plan"`
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
	// DependsOn are the resources the checks wait for: the cluster-ready step and the NLB's
	// listeners and backends (resources, not components: see KraftBrokerSetArgs.DependsOn).
	DependsOn []pulumi.Resource `pulumi:"-"`
	// CheckTimeoutSeconds bounds each check; 0 means DefaultCheckTimeoutSeconds.
	CheckTimeoutSeconds int `pulumi:"checkTimeoutSeconds"`
	// SASLPassword is the secret password of Plan.Auth.User, required when Plan.Auth is on:
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
	// Scripts installs verify.sh on the bastion from its upload; Step runs it by path.
	Scripts *remote.Command
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
	p := args.Plan
	if p == nil || len(p.Brokers) == 0 {
		return fail("Plan", "nil", "no planned brokers", "pass the result of plan.Build")
	}
	if p.UniqueName == "" {
		return fail("Plan.UniqueName", "", "empty", "build the plan with plan.Build (it uses the placeholder until uniqueName is set)")
	}
	if p.TiDBCloud.AdvertisedListenerPattern == "" {
		return fail("Plan.TiDBCloud.AdvertisedListenerPattern", "", "empty", "set advertisedHostPattern")
	}
	if p.TiDBCloud.BootstrapPort < 1 || p.TiDBCloud.BootstrapPort > 65535 {
		return fail("Plan.TiDBCloud.BootstrapPort", strconv.Itoa(p.TiDBCloud.BootstrapPort), "not a port", "set nlbBootstrapPort, e.g. 9092")
	}
	first := p.Brokers[0].NLBPort
	for i, b := range p.Brokers {
		if b.NLBPort != first+i {
			return fail(fmt.Sprintf("Plan.Brokers[%d].NLBPort", i), strconv.Itoa(b.NLBPort),
				fmt.Sprintf("broker ports must be consecutive from %d (kplc probe-privatelink derives them)", first),
				"pass the plan as plan.Build made it")
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
	if p.Auth.Enabled() && args.SASLPassword == nil {
		return fail("SASLPassword", "", "missing while Plan.Auth is on: the probe through the NLB must authenticate",
			"pass the secret externalPassword (config.RequireSecret)")
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
	p := args.Plan
	timeout := args.CheckTimeoutSeconds
	if timeout == 0 {
		timeout = DefaultCheckTimeoutSeconds
	}
	// Render once with a stand-in host so that a script problem fails before registering.
	prefix, saslFlags := saslVerifyFlags(p)
	render := func(via string) (string, error) {
		cmd, err := scripts.RunCommand(scripts.VerifyName, time.Duration(3*timeout+120)*time.Second, append([]string{
			"--bootstrap", p.InternalBootstrap(),
			"--via", via,
			"--brokers", strconv.Itoa(len(p.Brokers)),
			"--unique-name", p.UniqueName,
			"--host-pattern", p.TiDBCloud.AdvertisedListenerPattern,
			"--bootstrap-port", strconv.Itoa(p.TiDBCloud.BootstrapPort),
			"--first-port", strconv.Itoa(p.Brokers[0].NLBPort),
			"--timeout", strconv.Itoa(timeout)}, saslFlags...)...)
		return prefix + cmd, err
	}
	if _, err := render("nlb.invalid"); err != nil {
		return nil, fmt.Errorf("PrivateLinkVerification %q: rendering the checks: %w", name, err)
	}
	list, err := hostScriptsOf(scripts.VerifyName)
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
		pulumi.Array{host}, parent, pulumi.DependsOn(args.DependsOn))
	if err != nil {
		return nil, fmt.Errorf("PrivateLinkVerification %q: %w", name, err)
	}
	comp.Scripts, err = scriptSteps{prefix: name + "-checks", what: "the bastion"}.register(ctx, bastion, args.SSH.User,
		stagingDir(name), dir, staging, list, host, args.DependsOn, parent)
	if err != nil {
		return nil, fmt.Errorf("PrivateLinkVerification %q: %w", name, err)
	}
	var stdin pulumi.StringPtrInput
	if p.Auth.Enabled() {
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
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{"summary": comp.Summary}); err != nil {
		return nil, fmt.Errorf("registering outputs of PrivateLinkVerification %q: %w", name, err)
	}
	return comp, nil
}
