package enginetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/pkg/v3/secrets"
	"github.com/pulumi/pulumi/pkg/v3/secrets/passphrase"
)

// TestPassphrase is the passphrase of every twin stack's secrets (PULUMI_CONFIG_PASSPHRASE in a
// real DIY-backend stack). It protects nothing: the twin's secrets are test keys.
const TestPassphrase = "kafka-plc engine twin"

// passphraseSecrets is the passphrase secrets manager shared by every twin stack of the test
// process, with its encryptionsalt state. Deriving the key takes a million PBKDF2 rounds, so it is
// done once.
var passphraseSecrets = sync.OnceValues(func() (*secretsState, error) {
	state, sm, err := passphrase.NewPassphraseSecretsManager(TestPassphrase)
	if err != nil {
		return nil, fmt.Errorf("creating the passphrase secrets manager: %w", err)
	}
	return &secretsState{salt: state, manager: sm}, nil
})

// secretsState is a passphrase secrets manager and the encryptionsalt a stack file records for it.
type secretsState struct {
	// salt is the value of the stack file's encryptionsalt key.
	salt string
	// manager encrypts config values and state secrets.
	manager secrets.Manager
}

// OfType implements secrets.Provider for deserializing the stack's state: the CLI asks its
// provider for the manager named in the checkpoint; the twin has exactly one.
func (s *secretsState) OfType(_ context.Context, ty string, _ json.RawMessage) (secrets.Manager, error) {
	if ty != passphrase.Type {
		return nil, fmt.Errorf("state names secrets manager %q, the twin uses %q", ty, passphrase.Type)
	}
	return s.manager, nil
}
