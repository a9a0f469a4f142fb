package enginetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	pkgworkspace "github.com/pulumi/pulumi/pkg/v3/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/common/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"gopkg.in/yaml.v3"
)

// stackConfig is a stack's configuration as `pulumi up` hands it to the engine: the stack file
// (Pulumi.<stack>.yaml) read with the CLI's loader, `secure:` values encrypted with the stack's
// passphrase secrets manager, and Pulumi.yaml's defaults merged in and validated with the same
// function the CLI calls (pkg/v3/cmd/pulumi/operations/up.go, ValidateStackConfigAndApplyProjectConfig).
type stackConfig struct {
	// Config is the merged configuration (secrets still encrypted), the engine target's Config.
	Config config.Map
	// Decrypter decrypts Config's secure values, the engine target's Decrypter.
	Decrypter config.Decrypter
	// File is the stack file the configuration was read from.
	File string
}

// writeStackFile writes Pulumi.<stack>.yaml into dir: the base stack file's configuration (if
// any) with values set and removed, secrets stored as `secure:` ciphertexts and the
// passphrase's encryptionsalt, as `pulumi config set [--secret]` leaves the file. A nil value
// removes the key (`pulumi config rm`).
func writeStackFile(dir, stack, baseFile string, values map[string]any, secretValues map[string]string,
	sec *secretsState) (string, error) {
	cfg := map[string]any{}
	if baseFile != "" {
		data, err := os.ReadFile(baseFile)
		if err != nil {
			return "", fmt.Errorf("reading the base stack file: %w", err)
		}
		var doc struct {
			Config map[string]any `yaml:"config"`
		}
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return "", fmt.Errorf("parsing the base stack file %s: %w", baseFile, err)
		}
		if doc.Config != nil {
			cfg = doc.Config
		}
	}
	for key, value := range values {
		if value == nil {
			delete(cfg, key)
			continue
		}
		cfg[key] = value
	}
	for key, plain := range secretValues {
		ciphertext, err := sec.manager.Encrypter().EncryptValue(context.Background(), plain)
		if err != nil {
			return "", fmt.Errorf("encrypting %s: %w", key, err)
		}
		cfg[key] = map[string]string{"secure": ciphertext}
	}
	data, err := yaml.Marshal(map[string]any{"encryptionsalt": sec.salt, "config": cfg})
	if err != nil {
		return "", fmt.Errorf("rendering the stack file: %w", err)
	}
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("writing the stack file: %w", err)
	}
	return path, nil
}

// loadStackConfig reads the stack file at path for project the way the CLI does and applies the
// project's config defaults, validating the stack's values against their declared types.
func loadStackConfig(project *workspace.Project, stack, path string, sec *secretsState) (*stackConfig, error) {
	ps, err := workspace.LoadProjectStack(nil, project, path)
	if err != nil {
		return nil, fmt.Errorf("loading stack file %s: %w", path, err)
	}
	if ps.EncryptionSalt != sec.salt {
		return nil, fmt.Errorf("stack file %s: encryptionsalt is not the twin's passphrase's", path)
	}
	cfg := ps.Config
	if err := pkgworkspace.ValidateStackConfigAndApplyProjectConfig(context.Background(), stack, project,
		esc.Value{}, cfg, sec.manager.Encrypter(), sec.manager.Decrypter()); err != nil {
		return nil, fmt.Errorf("validating stack config: %w", err)
	}
	return &stackConfig{Config: cfg, Decrypter: sec.manager.Decrypter(), File: path}, nil
}
