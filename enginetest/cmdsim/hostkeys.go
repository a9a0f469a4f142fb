package cmdsim

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Host keys. Every simulated host has an SSH host key, made with its sandbox as sshd-keygen
// makes one on a new instance's first boot: an ed25519 key whose public half is
// /etc/ssh/ssh_host_ed25519_key.pub in the host's root (world-readable, "<type> <base64>
// <comment>"). That file is what the host's sshd presents: RotateHostKey stands for a host
// re-keyed, or for another machine answering at its address. A simulated host has no other
// host key type (a real one also has RSA and ECDSA keys).

// hostKeyPath is where the host's public host key lives, as on Alibaba Cloud Linux 3.
const hostKeyPath = "/etc/ssh/ssh_host_ed25519_key.pub"

// writeNewHostKey gives the host a new ed25519 host key and returns its "<type> <base64>".
func (s *Sandbox) writeNewHostKey() (string, error) {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", fmt.Errorf("cmdsim: making the host key of %s: %w", s.id, err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("cmdsim: encoding the host key of %s: %w", s.id, err)
	}
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshPub)))
	path := filepath.Join(s.root, filepath.FromSlash(strings.TrimPrefix(hostKeyPath, "/")))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("cmdsim: making /etc/ssh on %s: %w", s.id, err)
	}
	if err := os.WriteFile(path, []byte(line+" root@"+s.id+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("cmdsim: writing the host key of %s: %w", s.id, err)
	}
	return line, nil
}

// HostKey returns the host key the host's sshd presents, "<type> <base64>".
func (s *Sandbox) HostKey() (string, error) {
	k, err := s.presentedKey()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k))), nil
}

// RotateHostKey replaces the host's key with a new one and returns it, "<type> <base64>".
func (s *Sandbox) RotateHostKey() (string, error) {
	if s.err != nil {
		return "", s.err
	}
	return s.writeNewHostKey()
}

// presentedKey reads the key the host's sshd presents.
func (s *Sandbox) presentedKey() (ssh.PublicKey, error) {
	if s.err != nil {
		return nil, s.err
	}
	text, err := s.ReadFile(hostKeyPath)
	if err != nil {
		return nil, fmt.Errorf("cmdsim: host %s has no host key (sshd would not start): %w", s.id, err)
	}
	k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("cmdsim: host %s: %s does not parse: %w", s.id, hostKeyPath, err)
	}
	return k, nil
}

// parseHostKey is the first half of v1.2.1's connectionBase.SSHConfig (remote/connection.go
// L88-95): a set hostKey is parsed with ssh.ParseAuthorizedKey, and a failure ends the dial
// before any attempt, as "failed to parse host key: <err>". nil means no hostKey.
func (e endpoint) parseHostKey() (ssh.PublicKey, error) {
	if e.hostKey == nil {
		return nil, nil
	}
	k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(*e.hostKey))
	if err != nil {
		return nil, fmt.Errorf("failed to parse host key: %w", err)
	}
	return k, nil
}

// handshake checks the key host hostID presents against the hop's pinned key, as the SSH
// handshake of v1.2.1's client does: with no hostKey anything is accepted
// (ssh.InsecureIgnoreHostKey, connection.go L96-97); with one, the client offers only that key's
// type as host key algorithm (L94), so a host without a key of that type fails the algorithm
// negotiation (x/crypto/ssh common.go, AlgorithmNegotiationError: "ssh: no common algorithm for
// host key; we offered: %q, peer offered: %q"), and a key of that type that is not the pinned
// one fails ssh.FixedHostKey's check (x/crypto/ssh client.go fixedHostKey.check: "ssh: host key
// mismatch"). Either is returned by ssh.NewClientConn as "ssh: handshake failed: <err>"
// (client.go NewClientConn) and, like every dial error, retried (connection.go L150-187).
func (h *Hosts) handshake(hostID string, e endpoint) error {
	pinned, err := e.parseHostKey()
	if err != nil || pinned == nil {
		return err
	}
	presented, err := h.Host(hostID).presentedKey()
	if err != nil {
		return err
	}
	if pinned.Type() != presented.Type() {
		return fmt.Errorf("ssh: handshake failed: ssh: no common algorithm for host key; we offered: %q, peer offered: %q",
			[]string{pinned.Type()}, []string{presented.Type()})
	}
	if !bytes.Equal(pinned.Marshal(), presented.Marshal()) {
		return fmt.Errorf("ssh: handshake failed: ssh: host key mismatch")
	}
	return nil
}
