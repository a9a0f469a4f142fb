package cmdsim

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// otherEd25519 is an ed25519 key no simulated host has; otherECDSA a key of a type no simulated
// host has.
const (
	otherEd25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKjydj1NA/Zv6mRyDHbrFb3LMFhUXigx+yu+h7z9Jb9G"
	otherECDSA   = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPNIo8WbvoK4JmY56pVRUVsWY3WSyXttErd/EuZrqnalDS7jU39hbECEnd6RuY0fNnvOTe8PA6h/fEqJveMaGNo="
)

// remote/connection.go L85-98 and L190-243 with x/crypto/ssh's host key check: a hop without
// hostKey accepts any key; with one, only that key; a mismatch fails the handshake and is
// retried up to the hop's limit like any dial error; a hostKey that does not parse fails before
// any dial; through a proxy, both the proxy's and the target's failures read "proxy: ...". A
// refused connection runs nothing.
func TestDialHostKey_connectionL85to98(t *testing.T) {
	h, p := newTestHosts(t)
	bastionKey, err := h.Host("bastion").HostKey()
	if err != nil {
		t.Fatal(err)
	}
	brokerKey, err := h.Host("broker-1").HostKey()
	if err != nil {
		t.Fatal(err)
	}
	if bastionKey == brokerKey || !strings.HasPrefix(bastionKey, "ssh-ed25519 ") {
		t.Fatalf("hosts' keys %q and %q: want two distinct ed25519 keys", bastionKey, brokerKey)
	}
	pin := func(v property.Value, key string) property.Value {
		return property.WithGoValue(v, v.AsMap().Set("hostKey", property.New(key)))
	}
	hop := func(target, proxy string) property.Value {
		c := obj("host", brokerPrivate, "proxy", pin(obj("host", bastionPublic), proxy))
		if target != "" {
			c = pin(c, target)
		}
		return connectionDefaults(c)
	}
	cases := []struct {
		name, want string
		conn       property.Value
	}{
		{"no hostKey: any key", "", direct("root")},
		{"the bastion's key", "", pin(direct("root"), bastionKey+" root@bastion")},
		{"another key", "after 10 failed attempts: ssh: handshake failed: ssh: host key mismatch", pin(direct("root"), otherEd25519)},
		{"another key type", `after 10 failed attempts: ssh: handshake failed: ssh: no common algorithm for host key; we offered: ["ecdsa-sha2-nistp256"], peer offered: ["ssh-ed25519"]`,
			pin(direct("root"), otherECDSA)},
		{"not a key", "failed to parse host key: ssh: no key found", pin(direct("root"), "AAAA")},
		{"both hops pinned", "", hop(brokerKey, bastionKey)},
		{"first contact: jump pinned, target not", "", hop("", bastionKey)},
		{"broker's key changed", "proxy: after 10 failed attempts: ssh: handshake failed: ssh: host key mismatch", hop(otherEd25519, bastionKey)},
		{"bastion's key changed", "proxy: after 10 failed attempts: ssh: handshake failed: ssh: host key mismatch", hop(brokerKey, otherEd25519)},
		{"proxy key not a key", "proxy: failed to parse host key: ssh: no key found", hop(brokerKey, "AAAA")},
	}
	for _, tc := range cases {
		before := len(h.Runs())
		_, err := create(t, p, RemoteCommandType, "c", props("connection", tc.conn, "create", "true"), false)
		if got := errText(err); got != tc.want {
			t.Errorf("%s: error %q, want %q", tc.name, got, tc.want)
		}
		if ran := len(h.Runs()) - before; tc.want != "" && ran != 0 {
			t.Errorf("%s: %d commands ran on a refused connection", tc.name, ran)
		}
	}
}

// A host's key survives across connections and changes only when rotated; the rotated key is
// what the host presents (and what /etc/ssh/ssh_host_ed25519_key.pub holds) from then on.
func TestRotateHostKey(t *testing.T) {
	h, _ := newTestHosts(t)
	s := h.Host("bastion")
	first, err := s.HostKey()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.HostKey(); again != first {
		t.Fatalf("host key changed without a rotation: %q then %q", first, again)
	}
	rotated, err := s.RotateHostKey()
	if err != nil || rotated == first {
		t.Fatalf("RotateHostKey = %q, %v; want a new key", rotated, err)
	}
	file, err := s.ReadFile(hostKeyPath)
	if now, _ := s.HostKey(); err != nil || now != rotated || !strings.HasPrefix(file, rotated+" ") {
		t.Errorf("after rotation the host presents %q and %s holds %q (%v), want %q", now, hostKeyPath, file, err, rotated)
	}
}
