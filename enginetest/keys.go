package enginetest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"
)

// KeyPair is an OpenSSH key pair for a twin stack's sshPublicKey and sshPrivateKey settings.
type KeyPair struct {
	// Public is the authorized_keys line, e.g. "ssh-rsa AAAA... kafka-plc-twin".
	Public string
	// Private is the OpenSSH PEM private key.
	Private string
}

// rsaKeys are generated once per test process: RSA 3072, the kind ECS ImportKeyPair accepts.
var rsaKeys = sync.OnceValues(func() ([]KeyPair, error) {
	var out []KeyPair
	for i := range 2 {
		key, err := rsa.GenerateKey(rand.Reader, 3072)
		if err != nil {
			return nil, fmt.Errorf("generating an RSA key: %w", err)
		}
		pub, err := ssh.NewPublicKey(&key.PublicKey)
		if err != nil {
			return nil, fmt.Errorf("encoding the RSA public key: %w", err)
		}
		block, err := ssh.MarshalPrivateKey(key, "")
		if err != nil {
			return nil, fmt.Errorf("encoding the RSA private key: %w", err)
		}
		out = append(out, KeyPair{
			Public:  strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub))) + fmt.Sprintf(" kafka-plc-twin-%d", i+1),
			Private: string(pem.EncodeToMemory(block)),
		})
	}
	return out, nil
})

// RSAKeys returns two distinct RSA key pairs, the same for the whole test process (the second is
// for rotations).
func RSAKeys() ([]KeyPair, error) { return rsaKeys() }
