package components

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/scripts"
)

// exporterProbeTimeout bounds the exporter probe step (it writes one file and may restart one
// unit, each under its own timeout on the host).
const exporterProbeTimeout = 5 * time.Minute

// exporterProbeMaxBrokers is exporter-probe.sh's (and kplc exporter's) broker limit.
const exporterProbeMaxBrokers = 64

// exporterProbeCommand renders the step that points kplc exporter's private-link probe at the
// NLB via: exporter-probe.sh with the NLB's DNS name, its bootstrap and first broker ports, the
// host pattern and the unique name, as root (it writes /etc/kafka-plc/exporter-probe.env and
// restarts kplc-exporter.service). No secret: the flags are all plan values.
func exporterProbeCommand(args *PrivateLinkVerificationArgs, via string) (string, error) {
	cmd, err := scripts.RunCommand(scripts.ExporterProbeName, exporterProbeTimeout,
		"--via", via,
		"--brokers", strconv.Itoa(len(args.BrokerPorts)),
		"--bootstrap-port", strconv.Itoa(args.BootstrapPort),
		"--first-port", strconv.Itoa(args.BrokerPorts[0]),
		"--host-pattern", args.HostPattern,
		"--unique-name", args.UniqueName)
	if err != nil {
		return "", err
	}
	return asRoot(args.SSH.User, cmd), nil
}

// exporterProbeStep registers "<name>-exporter-probe": exporter-probe.sh on the bastion, after
// the scripts are installed (installed) and what the checks wait for (the cluster is ready, so
// the bastion preparation installed kplc-exporter.service, and the NLB serves). Its command
// carries the NLB's DNS name, the ports, the pattern and the unique name, so a change of any
// (stage 2 sets the unique name) is an update that runs it again, and the script restarts the
// exporter only when the file it writes changed. host (the bastion's instance ID, or its
// address) replaces the step on a new bastion, which then receives the file too.
func exporterProbeStep(ctx *pulumi.Context, name string, args *PrivateLinkVerificationArgs, bastion remote.ConnectionInput,
	host pulumi.Input, installed *remote.Command, opts ...pulumi.ResourceOption) (*remote.Command, error) {
	command := args.NLBDNSName.ToStringOutput().ApplyT(func(via string) (string, error) {
		if via == "" {
			return "", fmt.Errorf("PrivateLinkVerification %q: the NLB has no DNS name", name)
		}
		return exporterProbeCommand(args, via)
	}).(pulumi.StringOutput)
	// On delete (externalAuth switched on, or the component removed) the file goes too, so the
	// exporter does not keep probing a path it can no longer authenticate on.
	remove, err := scripts.RunCommand(scripts.ExporterProbeName, exporterProbeTimeout, "--remove", "yes")
	if err != nil {
		return nil, fmt.Errorf("exporter probe step: %w", err)
	}
	step, err := remote.NewCommand(ctx, name+"-exporter-probe", &remote.CommandArgs{
		Connection:             bastion,
		Create:                 command,
		Update:                 command,
		Delete:                 pulumi.String(asRoot(args.SSH.User, remove)),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		Triggers:               pulumi.Array{host},
	}, append(opts, pulumi.DependsOn(append([]pulumi.Resource{installed}, args.DependsOn...)))...)
	if err != nil {
		return nil, fmt.Errorf("exporter probe step: %w", err)
	}
	return step, nil
}
