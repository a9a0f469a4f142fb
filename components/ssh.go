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
	return nil
}

// key returns the private key as a secret output, whatever the caller passed.
func (s SSHAccess) key() pulumi.StringOutput {
	return pulumi.ToSecret(s.PrivateKey.ToStringOutput()).(pulumi.StringOutput)
}

// bastion returns the connection to the bastion itself.
func (s SSHAccess) bastion() remote.ConnectionArgs {
	return sshDirect(s.BastionPublicIP, s.User, s.key())
}

// viaBastion returns the connection to a host in the VPC (a broker's private address), made
// through the bastion with the same user and key.
func (s SSHAccess) viaBastion(host pulumi.StringInput) remote.ConnectionArgs {
	return sshThrough(host, s.User, s.BastionPublicIP, s.User, s.key())
}

// sshDirect returns the connection to host as user with key, with the components' dial limits.
func sshDirect(host pulumi.StringInput, user string, key pulumi.StringOutput) remote.ConnectionArgs {
	return remote.ConnectionArgs{
		Host:           host,
		User:           pulumi.String(user),
		PrivateKey:     key,
		DialErrorLimit: pulumi.Int(sshDialErrorLimit),
		PerDialTimeout: pulumi.Int(sshPerDialTimeout),
	}
}

// sshThrough returns the connection to host as user, made through the jump host jumpHost as
// jumpUser (an SSH jump, done by the provider), with the same key and dial limits on both hops.
func sshThrough(host pulumi.StringInput, user string, jumpHost pulumi.StringInput, jumpUser string, key pulumi.StringOutput) remote.ConnectionArgs {
	conn := sshDirect(host, user, key)
	jump := sshDirect(jumpHost, jumpUser, key)
	conn.Proxy = &remote.ProxyConnectionArgs{
		Host:           jump.Host,
		User:           jump.User,
		PrivateKey:     jump.PrivateKey,
		DialErrorLimit: jump.DialErrorLimit,
		PerDialTimeout: jump.PerDialTimeout,
	}
	return conn
}
