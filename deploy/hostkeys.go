package deploy

import (
	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/config"
)

// sshAccess returns how the program reaches the hosts of a new cluster: the bastion by its
// public IP, pinned to its SSH host key, which is the configured bastionHostKey or else the key
// recorded on first contact (a components.SSHHostKey, replaced with the bastion).
func sshAccess(ctx *pulumi.Context, name string, cfg *config.Config, network *components.KafkaVpc) (components.SSHAccess, error) {
	access := components.SSHAccess{
		User:            cfg.SSHUser,
		PrivateKey:      sshPrivateKey(ctx),
		BastionPublicIP: network.BastionPublicIP,
	}
	key, err := pinnedHostKey(ctx, name+"-bastion-host-key", "the bastion", "bastionHostKey", cfg.BastionHostKey,
		components.FirstContact(network.BastionPublicIP, cfg.SSHUser, access.PrivateKey), network.BastionInstanceID,
		network.HostPrerequisites())
	access.BastionHostKey = key
	return access, err
}

// jumpHostKey returns the jump host's pinned SSH host key (mode existing): jumpHostKey, or the
// key recorded on first contact. The jump host is the operator's; its address stands for it.
func jumpHostKey(ctx *pulumi.Context, name string, cfg *config.Config, sshKey pulumi.StringInput) (pulumi.StringInput, error) {
	e := cfg.Existing
	return pinnedHostKey(ctx, name+"-jump-host-key", "the jump host", "jumpHostKey", e.JumpHostKey,
		components.FirstContact(pulumi.String(e.JumpHost), e.JumpUser, sshKey), pulumi.String(e.JumpHost), nil)
}

// pinnedHostKey returns the configured key of setting (when set: nothing is recorded, every
// connection requires it from the first one on), or records the key of what on first contact.
func pinnedHostKey(ctx *pulumi.Context, resourceName, what, setting, configured string,
	firstContact remote.ConnectionArgs, identity pulumi.StringInput, deps []pulumi.Resource) (pulumi.StringInput, error) {
	if configured != "" {
		return pulumi.String(configured), nil
	}
	hk, err := components.NewSSHHostKey(ctx, resourceName, &components.SSHHostKeyArgs{
		What:       what,
		Connection: firstContact,
		Identity:   identity,
		PinHint:    "; or pin the verified key up front with the " + setting + " setting (then nothing is recorded)",
		DependsOn:  deps,
	})
	if err != nil {
		return nil, err
	}
	return hk.Key, nil
}
