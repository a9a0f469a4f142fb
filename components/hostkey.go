package components

import (
	"fmt"

	"github.com/pulumi/pulumi-command/sdk/go/command/local"
	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/hostkey"
)

// SSHHostKeyType is the type token of SSHHostKey.
const SSHHostKeyType = "kafka-plc:index:SSHHostKey"

// Pinning SSH host keys. pulumi-command v1.2.1 accepts any host key unless a connection sets
// hostKey (remote/connection.go L88-98: ssh.InsecureIgnoreHostKey without it; with it
// ssh.FixedHostKey and the key's type as the only host key algorithm). So every host gets an
// SSHHostKey: trust on first use, recorded in the stack's state, and required by every later
// connection to that host (directly, or as the jump host of a connection through it).
//
//   - The read step (remote) runs once per host, over a connection that pins every hop but the
//     host's own (the brokers' jump through the bastion is pinned): it prints the host's public
//     key from /etc/ssh. It is replaced, and so reads again, only when the host is (Identity).
//   - The pin step (local, on the deploying machine: a shell, no network) holds the key every
//     other step pins. When the read step runs again over a changed connection (a new
//     sshPrivateKey, a new jump host key) and prints another key, the pin step compares it with
//     the key it holds (its previous stdout, PULUMI_COMMAND_STDOUT, which a local command gets
//     on update: local/commandController.go L67-90 keeps the old outputs, local/commandOutputs.go
//     L88-95 exports them) and refuses with hostKeyRecovery, before any step uses it. Whether
//     the failed update keeps its old inputs or not, its stdout stays the pinned key. It is replaced with the read step (Triggers: the read step's ID).
//
// Between these, a host whose key changed fails every pinned step in the provider's dial
// (`ssh: handshake failed: ssh: host key mismatch`), before any command is sent.
const (
	// hostKeyTimeout bounds the read step (seconds).
	hostKeyTimeout = 60
)

// hostKeyScript prints the host's SSH host public key, "<type> <base64>", preferring ed25519
// (what sshd also prefers to present), then ECDSA, then RSA. The files are world-readable, so
// no sudo is needed. $KPLC_ROOT is the test sandbox's root, unset on a real host (as in scripts/).
const hostKeyScript = `set -eu
for t in ed25519 ecdsa rsa; do
  f="${KPLC_ROOT:-}/etc/ssh/ssh_host_${t}_key.pub"
  if [ -r "$f" ]; then
    exec cut -d ' ' -f 1,2 -- "$f"
  fi
done
echo "kafka-plc: no readable SSH host public key in /etc/ssh (ssh_host_ed25519_key.pub, ssh_host_ecdsa_key.pub, ssh_host_rsa_key.pub)" >&2
exit 1`

// hostKeyPinScript prints the key to pin ($KPLC_HOST_KEY), unless it holds another one already
// ($PULUMI_COMMAND_STDOUT, its previous stdout): then it refuses with the recovery steps.
const hostKeyPinScript = `set -eu
if [ -n "${PULUMI_COMMAND_STDOUT:-}" ] && [ "$PULUMI_COMMAND_STDOUT" != "$KPLC_HOST_KEY" ]; then
  printf '%s\n' "kafka-plc: the SSH host key of $KPLC_HOST changed. Pinned: $PULUMI_COMMAND_STDOUT. Now presented: $KPLC_HOST_KEY. $KPLC_RECOVERY" >&2
  exit 1
fi
printf '%s\n' "$KPLC_HOST_KEY"`

// hostKeyRecovery is what the pin step says when a host's key changed; what names the host,
// urn is the read step's and pinHint an extra way out (or "").
func hostKeyRecovery(what, urn, pinHint string) string {
	return fmt.Sprintf("Nothing was run on %s. If nobody rebuilt or re-keyed it, treat this as an attack (someone else answers at its address) and stop. "+
		"If the change is expected, read the key on the host itself, out of band (ECS console: VNC login or a Cloud Assistant command "+
		"`cut -d ' ' -f 1,2 /etc/ssh/ssh_host_ed25519_key.pub`), and only if it equals the key presented now, record it again: "+
		"pulumi up --replace '%s'%s", what, urn, pinHint)
}

// SSHHostKeyArgs are the arguments of NewSSHHostKey.
type SSHHostKeyArgs struct {
	// What names the host in messages, e.g. "the bastion" or "node 2".
	What string `pulumi:"what"`
	// Connection reaches the host for the first contact. The host's own hop must not set
	// HostKey (its key is what the step records); a Proxy must (a jump host already pinned).
	Connection remote.ConnectionArgs `pulumi:"-"`
	// Identity changes exactly when the host is replaced (its instance ID): the key is read
	// again then, and only then.
	Identity pulumi.StringInput `pulumi:"identity"`
	// PinHint is appended to the recovery message, e.g. the setting that pins the key up front.
	PinHint string `pulumi:"pinHint"`
	// DependsOn are what the first contact waits for (the host, the firewall rules).
	DependsOn []pulumi.Resource `pulumi:"-"`
}

// SSHHostKey is a host's SSH host key, recorded on first contact and held in the stack's state.
type SSHHostKey struct {
	pulumi.ResourceState

	// Key is the pinned key, "<type> <base64>": give it as hostKey of every connection to the host.
	Key pulumi.StringOutput `pulumi:"key"`
	// Read is the step that reads the key on the host.
	Read *remote.Command
	// Pin is the step that holds the key and refuses a changed one.
	Pin *local.Command
}

// Validate checks the arguments of an SSHHostKey named name.
func (a *SSHHostKeyArgs) Validate(name string) error {
	fail := argFailer("SSHHostKey", name)
	if a == nil {
		return fail("args", "nil", "no arguments given", "pass an *SSHHostKeyArgs")
	}
	if a.What == "" {
		return fail("What", "", "no host name for messages", `name the host, e.g. "the bastion"`)
	}
	if a.Connection.Host == nil {
		return fail("Connection.Host", "", "no host to read the key from", "pass the host's address")
	}
	if a.Connection.HostKey != nil {
		return fail("Connection.HostKey", "set", "the first contact cannot require the key it records",
			"leave the host's own hostKey unset (pin only the proxy)")
	}
	if p, ok := a.Connection.Proxy.(*remote.ProxyConnectionArgs); ok && p != nil && p.HostKey == nil {
		return fail("Connection.Proxy.HostKey", "", "the jump host is not pinned: its key must be recorded first",
			"pin the jump host's key (its own SSHHostKey or a configured one)")
	}
	if missingID(a.Identity) {
		return fail("Identity", "", "no host identity", "pass the host's instance ID")
	}
	return nil
}

// NewSSHHostKey validates args, then registers the component, its read step and its pin step.
func NewSSHHostKey(ctx *pulumi.Context, name string, args *SSHHostKeyArgs, opts ...pulumi.ResourceOption) (*SSHHostKey, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	comp := &SSHHostKey{}
	if err := ctx.RegisterComponentResource(SSHHostKeyType, name, comp, opts...); err != nil {
		return nil, fmt.Errorf("registering SSHHostKey %q: %w", name, err)
	}
	parent := pulumi.Parent(comp)
	cmd := fmt.Sprintf("timeout %d sh -c %s kplc-host-key", hostKeyTimeout, shellQuote(hostKeyScript))
	var err error
	comp.Read, err = remote.NewCommand(ctx, name+"-read", &remote.CommandArgs{
		Connection:             args.Connection,
		Create:                 pulumi.String(cmd),
		Update:                 pulumi.String(cmd),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		Triggers:               pulumi.Array{args.Identity},
	}, parent, pulumi.DependsOn(args.DependsOn))
	if err != nil {
		return nil, fmt.Errorf("SSHHostKey %q: reading the host key of %s: %w", name, args.What, err)
	}
	what := args.What
	read := comp.Read.Stdout.ApplyT(func(out string) (string, error) {
		k, err := hostkey.Parse(out)
		if err != nil {
			return "", fmt.Errorf("SSHHostKey %q: %s printed %q as its SSH host key: %v; fix: check /etc/ssh/ssh_host_ed25519_key.pub on the host",
				name, what, abbreviate(out), err)
		}
		return k.Line, nil
	}).(pulumi.StringOutput)
	recovery := comp.Read.URN().ApplyT(func(urn pulumi.URN) string {
		return hostKeyRecovery(what, string(urn), args.PinHint)
	}).(pulumi.StringOutput)
	comp.Pin, err = local.NewCommand(ctx, name+"-pin", &local.CommandArgs{
		Create:                 pulumi.String(hostKeyPinScript),
		Update:                 pulumi.String(hostKeyPinScript),
		AddPreviousOutputInEnv: pulumi.Bool(true),
		Environment: pulumi.StringMap{
			"KPLC_HOST":     pulumi.String(what),
			"KPLC_HOST_KEY": read,
			"KPLC_RECOVERY": recovery,
		},
		// A new read step (a replaced host) starts a new pin; see the type's comment.
		Triggers: pulumi.Array{comp.Read.ID()},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("SSHHostKey %q: pinning the host key of %s: %w", name, what, err)
	}
	comp.Key = comp.Pin.Stdout
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{"key": comp.Key}); err != nil {
		return nil, fmt.Errorf("registering outputs of SSHHostKey %q: %w", name, err)
	}
	return comp, nil
}

// brokerConnection records broker h's host key on first contact, through the pinned bastion
// (waiting for the instance and a.DependsOn: the bastion, the firewall rules), and returns the connection
// every other step of the broker uses: both hops pinned.
func (a *KraftBrokerSetArgs) brokerConnection(ctx *pulumi.Context, name string, h BrokerHost,
	parent pulumi.ResourceOption) (remote.ConnectionArgs, error) {
	hk, err := NewSSHHostKey(ctx, fmt.Sprintf("%s-host-key-%d", name, h.NodeID), &SSHHostKeyArgs{
		What:       fmt.Sprintf("node %d (%s)", h.NodeID, h.Zone),
		Connection: a.SSH.viaBastion(h.PrivateIP, nil),
		Identity:   h.InstanceID,
		DependsOn:  a.DependsOn,
	}, parent)
	if err != nil {
		return remote.ConnectionArgs{}, fmt.Errorf("KraftBrokerSet %q: %w", name, err)
	}
	return a.SSH.viaBastion(h.PrivateIP, hk.Key), nil
}
