package config

import (
	"crypto/rsa"
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/kafka-plc/kafka-plc/hostkey"
	"github.com/kafka-plc/kafka-plc/rules"
)

// ssh checks the SSH settings.
func (l *loader) ssh(c *Config) {
	if v, ok := l.values["sshPrivateKey"]; ok && (v.Secret || v.Raw != "") {
		c.SSHPrivateKeySet = true
		if !v.Secret {
			l.problem("sshPrivateKey", "", "is stored in plain text; it must be a secret",
				l.fix.rm("sshPrivateKey")+" && "+l.fix.setSecret("sshPrivateKey", "~/.ssh/kafka-plc")+
					"; if the stack file was shared, treat the key as leaked and make a new one")
		}
	}
	c.SSHUser = l.str("sshUser")
	if !rules.IsLoginName(c.SSHUser) {
		l.problem("sshUser", c.SSHUser, "is not a Linux user name", l.fix.set("sshUser", "root"))
	}
	l.jumpUser(c)

	allow, okAllow := l.boolean("allowSshFromAnywhere")
	c.AllowSSHFromAnywhere = allow
	c.AllowBrokerDeletion, _ = l.boolean("allowBrokerDeletion")
	if c.Mode != ModeNew {
		return
	}

	c.SSHPublicKey = l.str("sshPublicKey")
	l.checkPublicKey(c.SSHPublicKey)
	c.BastionHostKey = l.hostKey("bastionHostKey", "the bastion")

	cidrs, ok := l.list("sshAllowedCidrs", []string{"203.0.113.0/24"})
	if !ok {
		return
	}
	c.SSHAllowedCIDRs = cidrs
	if len(cidrs) == 0 {
		l.problem("sshAllowedCidrs", "", "is required: list the ranges allowed to reach the bastion's SSH port (your office or VPN egress)",
			l.fix.setPath("sshAllowedCidrs[0]", "203.0.113.0/24")+" (replace it with your own range)")
		return
	}
	for i, raw := range cidrs {
		key := fmt.Sprintf("sshAllowedCidrs[%d]", i)
		if addr, err := netip.ParseAddr(raw); err == nil && addr.Is4() {
			l.problem(key, raw, "is an address, not a range", l.fix.setPath(key, raw+"/32"))
			continue
		}
		p, ok := l.cidr(key, raw, func(v string) string { return l.fix.setPath(key, v) })
		if !ok {
			continue
		}
		if p.Bits() == 0 && okAllow && !allow {
			l.problem(key, raw, "opens the bastion's SSH port to the whole internet",
				"list your own ranges instead ("+l.fix.setPath(key, "203.0.113.0/24")+"), or, if you really mean it, "+l.fix.set("allowSshFromAnywhere", "true"))
		}
	}
	if allow {
		l.warn("allowSshFromAnywhere is true: the bastion accepts SSH connections from any address")
	}
}

// jumpUser parses jumpUser (mode existing).
func (l *loader) jumpUser(c *Config) {
	if c.Mode != ModeExisting {
		return
	}
	u := l.str("jumpUser")
	if !rules.IsLoginName(u) {
		l.problem("jumpUser", u, "is not a Linux user name", l.fix.set("jumpUser", "root"))
	}
	if c.Existing == nil {
		c.Existing = &Existing{}
	}
	c.Existing.JumpUser = u
	c.Existing.JumpHostKey = l.hostKey("jumpHostKey", "the jump host")
}

// checkPublicKey checks sshPublicKey.
func (l *loader) checkPublicKey(raw string) {
	const key = "sshPublicKey"
	newKey := rules.KeygenCommand + " && " + l.fix.setExpr(key, "$(cat ~/.ssh/kafka-plc.pub)") +
		" && " + l.fix.setSecret("sshPrivateKey", "~/.ssh/kafka-plc")
	if raw == "" {
		l.problem(key, "", "is required: the public key installed on the bastion and the brokers",
			l.fix.setExpr(key, "$(cat ~/.ssh/kafka-plc.pub)")+" (make an RSA key pair with: "+rules.KeygenCommand+"; "+rules.ImportableKeyTypesText+")")
		return
	}
	if strings.Contains(raw, "PRIVATE KEY") {
		l.problem(key, "(a private key; not shown)",
			"HOLDS A PRIVATE KEY, stored in plain text in the stack file: only the public half belongs here",
			l.fix.rm(key)+" && "+l.fix.setExpr(key, "$(ssh-keygen -y -f ~/.ssh/kafka-plc)")+
				" && "+l.fix.setSecret("sshPrivateKey", "~/.ssh/kafka-plc")+
				"; if the stack file was committed or shared, the key is leaked: make a new pair")
		return
	}
	pk, _, _, rest, err := ssh.ParseAuthorizedKey([]byte(raw))
	if err != nil {
		l.problem(key, raw, "is not an OpenSSH public key (want one line like ssh-rsa AAAA... comment)",
			l.fix.setExpr(key, "$(cat ~/.ssh/kafka-plc.pub)")+" (or make a new RSA key pair: "+newKey+")")
		return
	}
	if strings.TrimSpace(string(rest)) != "" {
		l.problem(key, raw, "holds more than one key; give exactly one", l.fix.setExpr(key, "$(cat ~/.ssh/kafka-plc.pub)"))
		return
	}
	switch typ := pk.Type(); {
	case !rules.IsImportableKeyType(typ):
		l.problem(key, raw, fmt.Sprintf("is a %s key, which Alibaba Cloud cannot import as a key pair: %s", typ, rules.ImportableKeyTypesText),
			"make an RSA 4096 key pair (or ECDSA: ssh-keygen -t ecdsa -b 521) and set both halves: "+newKey)
	case typ == ssh.KeyAlgoDSA:
		l.problem(key, raw, "is a DSA key, which current OpenSSH servers refuse; use RSA 4096 (or ECDSA)", newKey)
	case typ == ssh.KeyAlgoRSA:
		if cpk, ok := pk.(ssh.CryptoPublicKey); ok {
			if rk, ok := cpk.CryptoPublicKey().(*rsa.PublicKey); ok && rk.N.BitLen() < 2048 {
				l.problem(key, raw, fmt.Sprintf("is a %d-bit RSA key; use at least 2048 bits (4096 recommended)", rk.N.BitLen()), newKey)
			}
		}
	}
}

// hostKey parses the optional pinned SSH host key setting key of what (the bastion, the jump
// host) and returns it as "<type> <base64>", or "" when it is unset or wrong (a problem then).
func (l *loader) hostKey(key, what string) string {
	raw := strings.TrimSpace(l.str(key))
	if raw == "" {
		return ""
	}
	k, err := hostkey.Parse(raw)
	if err != nil {
		shown := raw
		if strings.Contains(raw, "PRIVATE KEY") {
			shown = "(a private key; not shown)"
		}
		l.problem(key, shown, "is not an SSH host public key: "+err.Error(),
			"read "+what+"'s key on the instance itself, out of band (ECS console: VNC login or a Cloud Assistant command "+
				"`cut -d ' ' -f 1,2 /etc/ssh/ssh_host_ed25519_key.pub`), then "+l.fix.set(key, "ssh-ed25519 AAAA...")+
				"; or "+l.fix.rm(key)+" to record the key on first contact")
		return ""
	}
	return k.Line
}
