// Package hostkey reads SSH host public keys as kafka-plc pins them: the bastion's from the
// bastionHostKey setting (package config), every host's from the line its host-key step printed
// (package components). Both must agree on what a usable key is, so the rule lives here once.
//
// A pinned key becomes pulumi-command v1.2.1's connection `hostKey`, which the provider parses
// with ssh.ParseAuthorizedKey and enforces with ssh.FixedHostKey, offering only that key's type
// as host key algorithm (provider/pkg/provider/remote/connection.go L88-98).
package hostkey

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Key is a parsed host public key.
type Key struct {
	// Line is the key as "<type> <base64>", without comment: the value given to pulumi-command.
	Line string
	// Type is the key's algorithm, e.g. "ssh-ed25519".
	Type string
	// Fingerprint is the key's SHA-256 fingerprint as ssh-keygen -l prints it ("SHA256:...").
	Fingerprint string
}

// hostKeyTypes are the key types an OpenSSH sshd uses as host keys (sshd(8) HostKey; security
// keys, the sk-* types, cannot be host keys). pulumi-command offers only the pinned key's type,
// so the type must be one the host's sshd has a key of.
var hostKeyTypes = []string{
	ssh.KeyAlgoED25519, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521, ssh.KeyAlgoRSA,
}

// Parse reads one host public key line, "<type> <base64> [comment]" (a line of a
// /etc/ssh/ssh_host_*_key.pub file; a known_hosts line without its host name field). It refuses
// anything else: several lines, a private key, a certificate or a type no sshd serves.
func Parse(s string) (Key, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Key{}, errors.New("empty")
	}
	if strings.Contains(s, "PRIVATE KEY") {
		return Key{}, errors.New("this is a PRIVATE key; a host key is the public line of /etc/ssh/ssh_host_ed25519_key.pub")
	}
	if strings.ContainsAny(s, "\r\n") {
		return Key{}, errors.New("more than one line; give exactly one key")
	}
	pk, _, _, rest, err := ssh.ParseAuthorizedKey([]byte(s))
	if err != nil {
		return Key{}, fmt.Errorf("not an OpenSSH public key line (%w)", err)
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return Key{}, errors.New("more than one key")
	}
	if _, ok := pk.(*ssh.Certificate); ok {
		return Key{}, fmt.Errorf("a %s certificate, not a host key; give the plain key", pk.Type())
	}
	known := false
	for _, t := range hostKeyTypes {
		known = known || pk.Type() == t
	}
	if !known {
		return Key{}, fmt.Errorf("key type %s is not an SSH host key type (use %s)", pk.Type(), strings.Join(hostKeyTypes, ", "))
	}
	return Key{
		Line:        strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))),
		Type:        pk.Type(),
		Fingerprint: ssh.FingerprintSHA256(pk),
	}, nil
}
