package components

import (
	"fmt"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SASL/SCRAM on the EXTERNAL listener of existing brokers (externalAuth in mode existing).
//
// The brokers already run, so the credential is created first, before any broker's edit can
// make EXTERNAL require it: the credential step runs `kplc scram-upsert` on the first broker
// (node-id order), which has kplc installed, against the cluster's client listener, with the
// password as the step's secret stdin. Every expose step then carries --sasl-mechanism and
// waits for the credential step; each broker is edited and restarted behind the same gates,
// one at a time (kplc expose makes EXTERNAL SASL_PLAINTEXT and adds the StandardAuthorizer;
// package propsedit). After the last broker, the access step upserts the credential again and
// applies the changefeed's ACLs, which the brokers accept only once they run the authorizer;
// it re-runs whenever an edit step changes and when the password changes.

// SCRAMSHA512 is the one SASL mechanism of SASLAuth the components support (TiDB Cloud's
// changefeed uses it without TLS; it never sends the password).
const SCRAMSHA512 = "SCRAM-SHA-512"

// validateExposureAuth checks the auth arguments of an ExistingBrokerExposure.
func (args *ExistingBrokerExposureArgs) validateExposureAuth(fail func(field, value, problem, fix string) error) error {
	switch {
	case args.Auth.Enabled() && args.ExternalPassword == nil:
		return fail("ExternalPassword", "", "missing while Auth is on ("+args.Auth.Mechanism+")",
			"pass the secret externalPassword (config.RequireSecret)")
	case !args.Auth.Enabled() && args.ExternalPassword != nil:
		return fail("ExternalPassword", "(secret)", "given while Auth is off", "leave it nil, or set externalAuth")
	case args.Auth.Enabled() && args.Auth.Mechanism != SCRAMSHA512:
		return fail("Auth.Mechanism", args.Auth.Mechanism, "not supported on existing brokers", "use "+SCRAMSHA512)
	case args.Auth.Enabled() && args.Auth.User == "":
		return fail("Auth.User", "", "empty while Auth is on", "set externalUser, e.g. tidb-cdc")
	}
	return nil
}

// exposureSASLFlags are expose-existing-broker.sh's auth flags (none without auth).
func exposureSASLFlags(auth SASLAuth) []string {
	if !auth.Enabled() {
		return nil
	}
	return []string{"--sasl-mechanism", auth.Mechanism}
}

// buildCredential registers the credential step on the first broker, after its kplc install.
func (comp *ExistingBrokerExposure) buildCredential(ctx *pulumi.Context, name string, a *ExistingBrokerExposureArgs,
	conn remote.ConnectionArgs, deps []pulumi.Resource) error {
	if !a.Auth.Enabled() {
		return nil
	}
	cmd := scramUpsertCommand(a.Bootstrap, a.Auth)
	var err error
	comp.CredentialStep, err = newPasswordStep(ctx, name+"-credential", conn, cmd, a.ExternalPassword, nil,
		pulumi.Parent(comp), pulumi.DependsOn(deps))
	if err != nil {
		return fmt.Errorf("ExistingBrokerExposure %q: the SCRAM credential before the first edit: %w", name, err)
	}
	return nil
}

// buildAccess registers the access step on the first broker, after the last edit. revision
// changes whenever an edit step's command does, so the ACLs are re-applied after every roll.
func (comp *ExistingBrokerExposure) buildAccess(ctx *pulumi.Context, name string, a *ExistingBrokerExposureArgs,
	conn remote.ConnectionArgs, revision string) error {
	if !a.Auth.Enabled() {
		return nil
	}
	cmd := accessCommand(a.Bootstrap, a.Auth)
	var err error
	comp.AccessStep, err = newPasswordStep(ctx, name+"-access", conn, cmd, a.ExternalPassword,
		pulumi.Array{pulumi.String(revision)}, pulumi.Parent(comp), pulumi.DependsOn(append([]pulumi.Resource{comp.Last}, a.DependsOn...)))
	if err != nil {
		return fmt.Errorf("ExistingBrokerExposure %q: credential and ACLs: %w", name, err)
	}
	return nil
}
