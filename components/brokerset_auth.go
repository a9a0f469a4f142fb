package components

import (
	"fmt"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// authSteps renders the bastion's credential and ACL commands when the arguments turn on SASL on
// EXTERNAL (Auth); both read the password from stdin (kplc scram-upsert), so it is never
// in the command text. pre runs before the first broker is configured: on a running cluster
// (switching auth on) it creates the credential before any broker requires it; on a cluster
// that does not run yet it does nothing, since no broker requires anything yet. access runs
// once the cluster is ready: the credential again (idempotent) and the changefeed's ACLs,
// which Kafka accepts only once the brokers run the authorizer.
func authSteps(a *KraftBrokerSetArgs) (pre, access string) {
	if !a.Auth.Enabled() {
		return "", ""
	}
	bootstrap := a.bootstrap()
	pre = fmt.Sprintf("if timeout --kill-after=10 60 %s cluster-ready --bootstrap %s --brokers %d --timeout 30s >/dev/null 2>&1; then %s; "+
		"else echo 'the cluster does not run yet: its brokers require no credential; it is created once the cluster is ready'; fi",
		kplcPath, shellQuote(bootstrap), len(a.Brokers), scramUpsertCommand(bootstrap, a.Auth))
	return pre, accessCommand(bootstrap, a.Auth)
}

// scramUpsertCommand is `kplc scram-upsert` of auth's user against bootstrap; the password is
// the step's stdin, never an argument.
func scramUpsertCommand(bootstrap string, auth SASLAuth) string {
	return fmt.Sprintf("timeout --kill-after=10 120 %s scram-upsert --bootstrap %s --user %s --timeout 90s",
		kplcPath, shellQuote(bootstrap), shellQuote(auth.User))
}

// accessCommand upserts the credential again (idempotent; it reads the password from stdin)
// and then applies the changefeed's ACLs (kplc acls-apply, which needs no password).
func accessCommand(bootstrap string, auth SASLAuth) string {
	apply := fmt.Sprintf("timeout --kill-after=10 120 %s acls-apply --bootstrap %s --user %s --timeout 90s --format json",
		kplcPath, shellQuote(bootstrap), shellQuote(auth.User))
	if auth.TopicPrefix != "" {
		apply += " --topic-prefix " + shellQuote(auth.TopicPrefix)
	}
	return scramUpsertCommand(bootstrap, auth) + " >&2 && " + apply
}

// buildAuthPre registers the credential step that the first configure step waits for (none
// without auth).
func (comp *KraftBrokerSet) buildAuthPre(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, s *brokerSteps, deps pulumi.ResourceOption) error {
	if s.authPre == "" {
		return nil
	}
	var err error
	comp.CredentialStep, err = newPasswordStep(ctx, name+"-credential", a.SSH.bastion(), s.authPre, a.ExternalPassword, nil,
		pulumi.Parent(comp), deps)
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: the SCRAM credential before the roll: %w", name, err)
	}
	return nil
}

// buildAuthAccess registers the step that (re)applies the credential and the ACLs once the
// cluster is ready. It re-runs after every rollout, and when the password changes (its stdin).
func (comp *KraftBrokerSet) buildAuthAccess(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, s *brokerSteps, deps pulumi.ResourceOption) error {
	if s.authAccess == "" {
		return nil
	}
	var err error
	comp.AccessStep, err = newPasswordStep(ctx, name+"-access", a.SSH.bastion(), s.authAccess, a.ExternalPassword,
		pulumi.Array{pulumi.String(s.revision)}, pulumi.Parent(comp), deps)
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: credential and ACLs: %w", name, err)
	}
	return nil
}

// newPasswordStep registers a remote step that runs cmd (the same on create and update) with the
// password as its secret stdin, never in the command text, and without the previous output in
// its environment. triggers, when non-nil, re-run it whenever they change. The credential and
// access steps of both KraftBrokerSet and ExistingBrokerExposure are built here.
func newPasswordStep(ctx *pulumi.Context, resourceName string, conn remote.ConnectionInput, cmd string,
	password pulumi.StringInput, triggers pulumi.ArrayInput, opts ...pulumi.ResourceOption) (*remote.Command, error) {
	return remote.NewCommand(ctx, resourceName, &remote.CommandArgs{
		Connection:             conn,
		Create:                 pulumi.String(cmd),
		Update:                 pulumi.String(cmd),
		Stdin:                  secretStdin(password),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		Triggers:               triggers,
	}, opts...)
}

// secretStdin is the password as a secret stdin, one line.
func secretStdin(password pulumi.StringInput) pulumi.StringOutput {
	return pulumi.ToSecret(password.ToStringOutput().ApplyT(func(p string) string { return p + "\n" })).(pulumi.StringOutput)
}

// validateAuth checks the auth arguments.
func (args *KraftBrokerSetArgs) validateAuth(fail func(field, value, problem, fix string) error) error {
	if args.Auth.Enabled() && args.ExternalPassword == nil {
		return fail("ExternalPassword", "", "missing while Auth is on ("+args.Auth.Mechanism+")",
			"pass the secret externalPassword (config.RequireSecret)")
	}
	if !args.Auth.Enabled() && args.ExternalPassword != nil {
		return fail("ExternalPassword", "(secret)", "given while Auth is off", "leave it nil, or set externalAuth")
	}
	return nil
}

// saslVerifyFlags returns the shell text that reads the SASL password from stdin into
// $KPLC_SASL_PASSWORD for verify.sh, and verify.sh's SASL flags ("" without auth).
func saslVerifyFlags(auth SASLAuth) (prefix string, flags []string) {
	if !auth.Enabled() {
		return "", nil
	}
	return "IFS= read -r KPLC_SASL_PASSWORD && export KPLC_SASL_PASSWORD && ",
		[]string{"--sasl-mechanism", auth.Mechanism, "--sasl-user", auth.User}
}
