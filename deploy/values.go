package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pconfig "github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// stackValues reads the stack's settings from the Pulumi engine as config.Values: for each
// setting, the raw text (JSON for arrays and objects) and whether Pulumi stores it encrypted.
// A secret setting's value never enters Values, only its presence. Under `pulumi up` the engine
// has already merged Pulumi.yaml's defaults into the stack's config, so every setting with a
// default arrives as if set; config.Load counts a value equal to its default as unset (see
// config.Setting.IsDefault), so defaults raise no "set but not used" warning. The provider's
// region is passed along too, so that Load can check that it agrees with the region setting.
func stackValues(ctx *pulumi.Context) config.Values {
	values := config.Values{}
	namespace := ctx.Project() + ":"
	for _, s := range config.Settings {
		key := namespace + s.Key
		raw := pconfig.Get(ctx, key)
		if raw == "" {
			continue
		}
		if s.Secret {
			// An optional secret is declared plain in Pulumi.yaml (see config.ProjectFile), so
			// the engine does not refuse it stored in plain text: pass that along (Load refuses
			// it, never printing the value) and never pass a secret's text.
			values[s.Key] = config.Value{Secret: ctx.IsConfigSecret(key), Raw: plainMarker(ctx.IsConfigSecret(key))}
			continue
		}
		values[s.Key] = config.Value{Raw: raw, Secret: ctx.IsConfigSecret(key)}
	}
	if region := pconfig.Get(ctx, config.ProviderRegionKey); region != "" {
		values[config.ProviderRegionKey] = config.Value{Raw: region}
	}
	for _, key := range otherNamespaceKeys(ctx.Project()) {
		raw, _ := ctx.GetConfig(key)
		if ctx.IsConfigSecret(key) {
			raw = ""
		}
		values[key] = config.Value{Raw: raw, Secret: ctx.IsConfigSecret(key)}
	}
	return values
}

// otherNamespaceKeys returns the keys of the stack's config outside project's namespace, sorted,
// so that config.Load can warn about a namespace nothing reads (kafkaplc:brokerCount). The
// Context has no way to list its config, so they are read where pulumi.Run reads the config
// itself: the JSON map in $PULUMI_CONFIG, set by the language host (sdk/v3@v3.274.1
// go/pulumi/run.go, getEnvInfo: EnvConfig). Without it (under mocks) there are none.
func otherNamespaceKeys(project string) []string {
	var all map[string]string
	if err := json.Unmarshal([]byte(os.Getenv(pulumi.EnvConfig)), &all); err != nil {
		return nil
	}
	var keys []string
	for k := range all {
		if strings.Contains(k, ":") && !strings.HasPrefix(k, project+":") && k != config.ProviderRegionKey {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// sshPrivateKey returns the secret SSH private key as a secret output. Only call it once
// config.Config.MissingSecrets reported nothing.
func sshPrivateKey(ctx *pulumi.Context) pulumi.StringOutput {
	return pconfig.RequireSecret(ctx, ctx.Project()+":sshPrivateKey")
}

// plainMarker stands for a secret setting's value stored in plain text: Load needs to know it is
// set, not what it is.
func plainMarker(secret bool) string {
	if secret {
		return ""
	}
	return "(stored in plain text)"
}

// externalPassword returns the secret externalPassword as a secret output, after checking its
// strength on the value the engine decrypted: a weak password is refused before anything
// registers. Only call it when auth is on and config.Config.MissingSecrets reported nothing.
func externalPassword(ctx *pulumi.Context) (pulumi.StringOutput, error) {
	key := ctx.Project() + ":externalPassword"
	if ps := config.CheckExternalPassword(ctx.Project(), ctx.Stack(), pconfig.Get(ctx, key)); len(ps) > 0 {
		return pulumi.StringOutput{}, fmt.Errorf("stack %s: %w", ctx.Stack(), ps)
	}
	return pconfig.RequireSecret(ctx, key), nil
}
