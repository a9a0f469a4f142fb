package config

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/rules"
	"golang.org/x/crypto/ssh"
)

// Public keys of each OpenSSH type, for the key-type rule (their private halves were discarded).
const (
	ed25519PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPrWELHqVxy+XHOYi1/liI3AwSk3ydyxhSu5wSeEccEZ old-example"
	ecdsaPublicKey   = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBMK8WqifIYGVEXxZ7IqJWP7/LFXuSK/knyjzymHepJHfGy/qhNkw11MGBw7h5aCne9BUoOHmK+MBZbNpIji4Hx4= ecdsa-example"
)

// skEd25519Key returns a FIDO security-key ed25519 public key line (sk-ssh-ed25519@openssh.com).
func skEd25519Key(t *testing.T) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	blob := ssh.Marshal(struct {
		Name string
		Key  []byte
		App  string
	}{ssh.KeyAlgoSKED25519, pub, "ssh:"})
	pk, err := ssh.ParsePublicKey(blob)
	if err != nil {
		t.Fatalf("building an sk-ssh-ed25519 key: %v", err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " security-key"
}

// TestSSHPublicKeyTypesAlibabaCloudImports: ECS ImportKeyPair documents the encryption methods
// rsa, dsa, ssh-rsa, ssh-dss and ecdsa, not ssh-ed25519 (alicloud-provider-facts.md,
// ecs/ecsKeyPair public_key). Load refuses every other type, naming sshPublicKey, the type,
// the types Alibaba Cloud imports and the RSA 4096 fix; RSA and ECDSA keys pass.
func TestSSHPublicKeyTypesAlibabaCloudImports(t *testing.T) {
	for _, tc := range []struct {
		name, key, typ string
	}{
		{"ed25519", ed25519PublicKey, "ssh-ed25519"},
		{"security-key ed25519", skEd25519Key(t), "sk-ssh-ed25519@openssh.com"},
	} {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			_, err := Load("kafka-plc", "dev", with(validNew(), Values{"sshPublicKey": raw(tc.key)}))
			ps, ok := AsProblems(err)
			if !ok || len(ps) != 1 || ps[0].Key != "sshPublicKey" {
				t.Fatalf("Load error = %v, want one sshPublicKey problem", err)
			}
			msg := ps[0].Error()
			for _, want := range []string{"sshPublicKey", "is a " + tc.typ + " key", "ImportKeyPair", "ssh-rsa, ssh-dss, ecdsa-sha2-nistp256/384/521",
				"ssh-keygen -t rsa -b 4096 -f ~/.ssh/kafka-plc", "pulumi config set --secret kafka-plc:sshPrivateKey"} {
				if !strings.Contains(msg, want) {
					t.Errorf("problem %q does not say %q", msg, want)
				}
			}
		})
	}
	for _, tc := range []struct{ name, key string }{
		{"RSA 4096 (the dev stack's example)", devPublicKey},
		{"ECDSA P-256", ecdsaPublicKey},
	} {
		t.Run("accepts "+tc.name, func(t *testing.T) {
			mustLoad(t, "dev", with(validNew(), Values{"sshPublicKey": raw(tc.key)}))
		})
	}
	for _, typ := range []string{"ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"} {
		if !rules.IsImportableKeyType(typ) {
			t.Errorf("IsImportableKeyType(%q) = false; ImportKeyPair documents it", typ)
		}
	}
	for _, typ := range []string{"ssh-ed25519", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-rsa-cert-v01@openssh.com", "RSA"} {
		if rules.IsImportableKeyType(typ) {
			t.Errorf("IsImportableKeyType(%q) = true; ImportKeyPair does not document it", typ)
		}
	}
}
