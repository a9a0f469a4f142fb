package enginetest

import (
	"context"
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/pkg/v3/resource/deploy/deploytest"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// languageRuntime runs body the way the Go language host runs a Pulumi program under `pulumi
// up`: the engine hands it the decrypted config and the list of secret keys (RunInfo.Config and
// ConfigSecretKeys, what the language host puts in PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS),
// the program connects to the engine's resource monitor and to the engine itself (for logging:
// warnings reach the engine's diagnostics) over loopback gRPC, and a failed program is logged as
// pulumi.Run logs it (sdk/go/pulumi/run.go, Run's logError) before the error is returned.
//
// engineAddr returns the address of the plugin host's engine service, known only once the host
// exists.
//
// rec records the run (ProgramRecord): every registration, and, through the program's context,
// when its kplc build returned (recordedBuild).
func languageRuntime(body pulumi.RunFunc, engineAddr func() string, rec *ProgramRecord) deploytest.ProgramFunc {
	return func(info plugin.RunInfo, _ *deploytest.ResourceMonitor) error {
		cfg := make(map[string]string, len(info.Config))
		for k, v := range info.Config {
			cfg[k.String()] = v
		}
		secretKeys := make([]string, 0, len(info.ConfigSecretKeys))
		for _, k := range info.ConfigSecretKeys {
			secretKeys = append(secretKeys, k.String())
		}
		sort.Strings(secretKeys)
		//nolint:usetesting // the program's context outlives any test context, as in Pulumi's own tests
		ctx, err := pulumi.NewContext(context.WithValue(context.Background(), recordKey{}, rec), pulumi.RunInfo{
			Project:          info.Project,
			Stack:            info.Stack,
			Config:           cfg,
			ConfigSecretKeys: secretKeys,
			Parallel:         info.Parallel,
			DryRun:           info.DryRun,
			MonitorAddr:      info.MonitorAddress,
			EngineAddr:       engineAddr(),
			Organization:     info.Organization,
		})
		if err != nil {
			return fmt.Errorf("creating the program's context: %w", err)
		}
		defer ctx.Close()
		if err := pulumi.RunWithContext(ctx, recording(rec, body)); err != nil {
			_ = ctx.Log.Error(fmt.Sprintf("an unhandled error occurred: program failed: \n%v", err), nil)
			return err
		}
		return nil
	}
}
