package components

import (
	"github.com/kafka-plc/kafka-plc/rules"
	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SSH dial settings for every remote command. New instances take a minute or two to boot and
// start sshd, so a command may dial many times before the host answers: up to
// sshDialErrorLimit attempts of at most sshPerDialTimeout seconds each.
const (
	sshDialErrorLimit = 40
	sshPerDialTimeout = 30
)

// SSHAccess says how the Pulumi program reaches the hosts: every command runs over SSH, the
// brokers' through the bastion (an SSH jump, done by the provider on the operator's machine),
// so the private key never leaves the operator's machine and is never copied to any host.
type SSHAccess struct {
	// User is the login user on the bastion and the brokers. Commands that change a host run
	// under `sudo -n` unless it is root.
	User string `pulumi:"user"`
	// PrivateKey is the OpenSSH private key, read from secret configuration. It is always sent
	// to the engine as a secret.
	PrivateKey pulumi.StringInput `pulumi:"privateKey"`
	// BastionPublicIP is the bastion's public address, the only host reached directly.
	BastionPublicIP pulumi.StringInput `pulumi:"bastionPublicIp"`
	// BastionHostKey is the bastion's SSH host public key ("<type> <base64>", as in
	// known_hosts), which every connection to the bastion, direct or as the jump host,
	// requires: pulumi-command refuses a bastion presenting another key. It is the key recorded
	// on first contact (SSHHostKey) or the one pinned in configuration (bastionHostKey).
	BastionHostKey pulumi.StringInput `pulumi:"bastionHostKey"`
}

// validate checks the access settings; field prefixes the field names in errors.
func (s SSHAccess) validate(fail func(field, value, problem, fix string) error, field string) error {
	if !rules.IsLoginName(s.User) {
		return fail(field+".User", s.User, "not a Linux login name",
			`set sshUser to the instances' login user, e.g. "root" (Alibaba Cloud Linux 3 with a key pair)`)
	}
	if s.PrivateKey == nil {
		return fail(field+".PrivateKey", "", "no SSH private key",
			"set it as a secret: pulumi config set --secret sshPrivateKey < ~/.ssh/kafka-plc")
	}
	if missingID(s.BastionPublicIP) {
		return fail(field+".BastionPublicIP", "", "no bastion address", "pass the bastion's public IP output")
	}
	if s.BastionHostKey == nil {
		return fail(field+".BastionHostKey", "", "no bastion host key: every connection would accept any host claiming the bastion's address",
			"pass the Key of the bastion's SSHHostKey (or the pinned bastionHostKey setting)")
	}
	return nil
}

// key returns the private key as a secret output, whatever the caller passed.
func (s SSHAccess) key() pulumi.StringOutput {
	return pulumi.ToSecret(s.PrivateKey.ToStringOutput()).(pulumi.StringOutput)
}

// bastion returns the connection to the bastion itself, pinned to its host key.
func (s SSHAccess) bastion() remote.ConnectionArgs {
	return sshDirect(s.BastionPublicIP, s.User, s.key(), s.BastionHostKey)
}

// viaBastion returns the connection to a host in the VPC (a broker's private address), made
// through the bastion with the same user and key. The jump is pinned to the bastion's host key
// and the last hop to hostKey: nil only for the first contact that records it (SSHHostKey).
func (s SSHAccess) viaBastion(host, hostKey pulumi.StringInput) remote.ConnectionArgs {
	return sshThrough(host, s.User, hostKey, s.BastionPublicIP, s.User, s.BastionHostKey, s.key())
}

// sshDirect returns the connection to host as user with key, with the components' dial limits.
// A non-nil hostKey is the only host key pulumi-command v1.2.1 then accepts (remote/connection.go
// L88-98: ssh.FixedHostKey, and the key's type as the only host key algorithm); with nil it
// accepts any key (ssh.InsecureIgnoreHostKey), which only a first contact may do.
func sshDirect(host pulumi.StringInput, user string, key pulumi.StringOutput, hostKey pulumi.StringInput) remote.ConnectionArgs {
	return remote.ConnectionArgs{
		Host:           host,
		User:           pulumi.String(user),
		PrivateKey:     key,
		DialErrorLimit: pulumi.Int(sshDialErrorLimit),
		PerDialTimeout: pulumi.Int(sshPerDialTimeout),
		HostKey:        hostKeyInput(hostKey),
	}
}

// hostKeyInput turns a host key into the connection's optional hostKey; nil stays unset.
func hostKeyInput(k pulumi.StringInput) pulumi.StringPtrInput {
	if k == nil {
		return nil
	}
	return k.ToStringOutput().ToStringPtrOutput()
}

// sshThrough returns the connection to host as user (pinned to hostKey), made through the jump
// host jumpHost as jumpUser (pinned to jumpHostKey; an SSH jump, done by the provider), with the
// same key and dial limits on both hops. The proxy's host key is checked on the proxy's own
// handshake (remote/connection.go L204-215), the target's on the handshake tunnelled through it
// (L232-237).
func sshThrough(host pulumi.StringInput, user string, hostKey pulumi.StringInput,
	jumpHost pulumi.StringInput, jumpUser string, jumpHostKey pulumi.StringInput, key pulumi.StringOutput) remote.ConnectionArgs {
	conn := sshDirect(host, user, key, hostKey)
	jump := sshDirect(jumpHost, jumpUser, key, jumpHostKey)
	conn.Proxy = &remote.ProxyConnectionArgs{
		Host:           jump.Host,
		User:           jump.User,
		PrivateKey:     jump.PrivateKey,
		DialErrorLimit: jump.DialErrorLimit,
		PerDialTimeout: jump.PerDialTimeout,
		HostKey:        jump.HostKey,
	}
	return conn
}

// FirstContact returns the connection for the first contact with a host reached directly (the
// bastion, a jump host): as user with privateKey and the components' dial limits, and without
// a host key, which is what the contact records (SSHHostKeyArgs.Connection). Every other
// connection requires the recorded key.
func FirstContact(host pulumi.StringInput, user string, privateKey pulumi.StringInput) remote.ConnectionArgs {
	return sshDirect(host, user, pulumi.ToSecret(privateKey.ToStringOutput()).(pulumi.StringOutput), nil)
}
