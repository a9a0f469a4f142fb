package enginetest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/enginetest/cmdsim"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Passwords of the auth scenarios: strong enough for config.CheckExternalPassword, and unlike
// anything else a step or the checkpoint holds, so finding one is finding the secret.
const (
	authPassword   = "Tw1n-Scram_Pass#7qLx"
	authRotated    = "Rot4ted-Scram_Pass#9kWz"
	authUser       = "tidb-cdc"
	authMechanism  = "SCRAM-SHA-512"
	externalSASLOn = "listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512\n"
)

// enableAuth sets externalAuth scram-sha-512 with password as the secret externalPassword, as
// `pulumi config set externalAuth scram-sha-512` and `pulumi config set --secret
// externalPassword` leave the stack file.
func enableAuth(tw *Twin, password string) {
	tw.Set("kafka-plc:externalAuth", "scram-sha-512")
	tw.SetSecret("kafka-plc:externalPassword", password)
}

// devAuthSteps are the dev stack's steps that carry the password on their stdin.
var devAuthSteps = []string{"kafka-plc-dev-credential", "kafka-plc-dev-access", "kafka-plc-dev-checks"}

// wantPasswordOnlyOnStdin fails when password appears in any command text, stdout or stderr
// cmdsim saw, in any stub call on any host, in the checkpoint outside secrets, or in an engine
// message; and when one of authSteps (the steps that need it) did not get it on its stdin.
func wantPasswordOnlyOnStdin(t *testing.T, tw *Twin, run *Run, password string, runs []cmdsim.Run, authSteps []string) {
	t.Helper()
	got := map[string]bool{}
	for _, r := range runs {
		for what, text := range map[string]string{"command text": r.Command, "stdout": r.Stdout, "stderr": r.Stderr} {
			if strings.Contains(text, password) {
				t.Errorf("%s %s (%s): the password is in its %s", r.Op, r.URN.Name(), r.Host, what)
			}
		}
		if strings.Contains(r.Stdin, password) {
			got[r.URN.Name()] = true
		}
	}
	for _, name := range authSteps {
		if !got[name] {
			t.Errorf("%s never received the password on its stdin", name)
		}
	}
	for name := range got {
		if !contains(authSteps, name) {
			t.Errorf("%s received the password on its stdin; only %v need it", name, authSteps)
		}
	}
	for _, id := range tw.Hosts.HostIDs() {
		calls, err := tw.Hosts.Host(id).Calls()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range calls {
			if strings.Contains(c, password) {
				t.Errorf("host %s: a program was called with the password as an argument: %s", id, c)
			}
		}
	}
	for _, r := range []*Result{run.Preview, run.Update} {
		if r == nil {
			continue
		}
		if strings.Contains(stateJSON(t, r), password) {
			t.Errorf("%s: the checkpoint holds the password in plain text", r.Op)
		}
		for _, sev := range []diag.Severity{diag.Debug, diag.Info, diag.Infoerr, diag.Warning, diag.Error} {
			for _, m := range r.Messages(sev) {
				if strings.Contains(m, password) {
					t.Errorf("%s: an engine %s message holds the password: %.60s", r.Op, sev, m)
				}
			}
		}
	}
	// The steps' stdin is a secret in the checkpoint (it is there, encrypted).
	for _, res := range live(run.Last().Snapshot) {
		if !contains(authSteps, res.URN.Name()) {
			continue
		}
		if v, ok := res.Inputs[resource.PropertyKey("stdin")]; !ok || !v.ContainsSecrets() {
			t.Errorf("%s: stdin in the checkpoint is %v, want a secret", res.URN.Name(), v)
		}
	}
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// wantCredentialFirst fails unless the credential step finished before the first configure
// step started: no broker requires SASL before the user exists. With running (the cluster ran
// before the update), the step must have created the credential, not skipped it as on a cluster
// that does not run yet. (At stage 1 the kplc stub's cluster-ready answers ready whenever it is
// asked, so the step's branch there says nothing about the program.)
func wantCredentialFirst(t *testing.T, runs []cmdsim.Run, running bool) {
	t.Helper()
	wantBefore(t, runs, "kafka-plc-dev-credential", configureSteps(3), running)
}

// wantBefore is wantCredentialFirst for the credential step cred and the broker steps steps.
func wantBefore(t *testing.T, runs []cmdsim.Run, credential string, steps []string, running bool) {
	t.Helper()
	cred := runsOf(runs, credential)
	conf := runsOf(runs, steps...)
	if len(cred) != 1 || len(conf) == 0 {
		t.Fatalf("credential runs %d, configure runs %d; want 1 and some", len(cred), len(conf))
	}
	if !(cred[0].End < conf[0].Start) {
		t.Errorf("credential step (ticks %d-%d) did not finish before %s started (tick %d)",
			cred[0].Start, cred[0].End, conf[0].URN.Name(), conf[0].Start)
	}
	if !strings.Contains(cred[0].Command, "kplc scram-upsert") {
		t.Errorf("credential step does not run kplc scram-upsert: %s", cred[0].Command)
	}
	if running && strings.Contains(cred[0].Stdout, "does not run yet") {
		t.Errorf("credential step on a cluster that runs=%v said: %q", running, cred[0].Stdout)
	}
}

// wantSASLOnExternal fails unless every broker's file makes EXTERNAL SASL_PLAINTEXT with
// SCRAM-SHA-512 for that listener only and runs the StandardAuthorizer.
func wantSASLOnExternal(t *testing.T, tw *Twin) {
	t.Helper()
	for n := 1; n <= 3; n++ {
		props := brokerProperties(t, tw, n)
		for _, want := range []string{"EXTERNAL:SASL_PLAINTEXT", "INTERNAL:PLAINTEXT", "CONTROLLER:PLAINTEXT", externalSASLOn,
			"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n", "allow.everyone.if.no.acl.found=false\n"} {
			if !strings.Contains(props, want) {
				t.Errorf("broker %d server.properties lacks %q:\n%s", n, strings.TrimSpace(want), props)
			}
		}
		if strings.Contains(props, "\nsasl.enabled.mechanisms") {
			t.Errorf("broker %d enables SASL for every listener, want EXTERNAL only:\n%s", n, props)
		}
	}
}

// TestAuthStageOne is issue 13 in the engine twin: stage 1 of the dev stack with externalAuth
// scram-sha-512 and a secret externalPassword. The credential step runs before the first
// broker is configured to require SASL; the brokers run SASL on EXTERNAL only; the changefeed's
// fields are in the tidbCloud output; and the password reaches the hosts only as the stdin of
// the three steps that need it, never in a command, an output, a stub's arguments, the
// checkpoint or an engine message.
func TestAuthStageOne(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	enableAuth(tw, authPassword)
	up := tw.Up()
	b.must("stage 1 pulumi up with externalAuth", up)
	runs := tw.Hosts.Runs()
	wantCredentialFirst(t, runs, false)
	wantSequential(t, "configure steps", runsOf(runs, configureSteps(3)...), configureSteps(3))
	wantSASLOnExternal(t, tw)
	wantPasswordOnlyOnStdin(t, tw, up, authPassword, runs, devAuthSteps)

	access := runsOf(runs, "kafka-plc-dev-access")
	ready := runsOf(runs, "kafka-plc-dev-cluster-ready")
	if len(access) != 1 || len(ready) != 1 || !(ready[0].End < access[0].Start) {
		t.Errorf("the ACLs must be applied once the cluster is ready: access runs %v, cluster-ready runs %v", access, ready)
	} else if !strings.Contains(access[0].Command, "kplc acls-apply") || !strings.Contains(access[0].Command, "--user '"+authUser+"'") {
		t.Errorf("access step: %s, want kplc acls-apply for %s", access[0].Command, authUser)
	}
	tidb, _ := up.Update.Output("tidbCloud").(map[string]any)
	wantAuth := map[string]any{"mechanism": authMechanism, "user": authUser}
	if a, _ := tidb["authentication"].(map[string]any); a == nil || a["mechanism"] != wantAuth["mechanism"] || a["user"] != wantAuth["user"] {
		t.Errorf("tidbCloud.authentication = %v, want mechanism %s and user %s", tidb["authentication"], authMechanism, authUser)
	}
}

// TestAuthSwitchAndRotation is issue 13's change scenarios on a running dev stack. Switching
// externalAuth none → scram-sha-512 changes only host steps: the configure steps (rolled one
// broker at a time in node order, after the credential step), the new credential and access
// steps, cluster-ready and the checks, and no cloud resource. Rotating the password then
// changes only the steps that carry it on stdin (credential, access and the checks, which
// verify with the new password): no configure step, so no broker restarts.
func TestAuthSwitchAndRotation(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)

	enableAuth(tw, authPassword)
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	b.must("pulumi up switching externalAuth on", up)
	// cluster-ready and the checks are replaced (their triggers hold the configuration's
	// revision; command v1.2.1 replaces on a trigger change), which runs them again and deletes
	// nothing; the configure steps are updated in place. The exporter probe step and its upload
	// are deleted (the exporter holds no credential for the EXTERNAL listener; the delete removes
	// the probe's file) and the bastion's scripts install changes with them.
	want := []string{"kafka-plc-dev-access", "kafka-plc-dev-checks", "kafka-plc-dev-checks-scripts", "kafka-plc-dev-checks-upload-exporter-probe",
		"kafka-plc-dev-cluster-ready", "kafka-plc-dev-configure-1",
		"kafka-plc-dev-configure-2", "kafka-plc-dev-configure-3", "kafka-plc-dev-credential", "kafka-plc-dev-exporter-probe"}
	if got := changedNames(up.Update); !reflect.DeepEqual(got, want) {
		t.Errorf("externalAuth none → scram-sha-512 changed\n %v\nwant\n %v", got, want)
	}
	if bastion := tw.Sandbox("kafka-plc-dev-bastion"); bastion != nil {
		if env, err := bastion.ReadFile(exporterProbeEnvPath); err == nil {
			t.Errorf("with externalAuth on, %s is still on the bastion:\n%s", exporterProbeEnvPath, env)
		}
	}
	for _, s := range up.Update.Steps {
		if strings.Contains(s.Name(), "-configure-") && s.Op != deploy.OpUpdate && s.Op != deploy.OpSame {
			t.Errorf("%s, want an in-place update of the configure step", s)
		}
	}
	if bad := replacedOrDeleted(up.Update); len(bad) != 0 {
		t.Errorf("switching auth on replaced or deleted: %v", bad)
	}
	if p, u := up.Preview.Changed(), up.Update.Changed(); !reflect.DeepEqual(p, u) {
		t.Errorf("preview planned\n  %s\nthe update did\n  %s", strings.Join(p, "\n  "), strings.Join(u, "\n  "))
	}
	if ops := tw.CloudOps(); len(ops) != 0 {
		t.Errorf("switching auth on made alicloud operations: %v", ops)
	}
	runs := tw.Hosts.Runs()[before:]
	wantCredentialFirst(t, runs, true)
	wantSequential(t, "configure steps", runsOf(runs, configureSteps(3)...), configureSteps(3))
	wantSASLOnExternal(t, tw)
	wantPasswordOnlyOnStdin(t, tw, up, authPassword, runs, devAuthSteps)

	tw.Cloud.ResetOps()
	tw.SetSecret("kafka-plc:externalPassword", authRotated)
	before = len(tw.Hosts.Runs())
	up = tw.Up()
	b.must("pulumi up with a rotated externalPassword", up)
	wantChanged(t, "password rotation", up.Update, dev("update", typeRemoteCommand, "access", "checks", "credential"))
	if ops := tw.CloudOps(); len(ops) != 0 {
		t.Errorf("password rotation made alicloud operations: %v", ops)
	}
	runs = tw.Hosts.Runs()[before:]
	if conf := runsOf(runs, configureSteps(3)...); len(conf) != 0 {
		t.Errorf("password rotation ran %d configure steps, want none", len(conf))
	}
	cred := runsOf(runs, "kafka-plc-dev-credential")
	if len(cred) != 1 || cred[0].Stdin != authRotated+"\n" {
		t.Errorf("rotation: the credential step ran %d times; it must upsert the new password from stdin", len(cred))
	}
	wantPasswordOnlyOnStdin(t, tw, up, authRotated, runs, devAuthSteps)
	for _, r := range runs {
		if strings.Contains(r.Stdin, authPassword) {
			t.Errorf("rotation: %s still received the old password", r.URN.Name())
		}
	}
}

// existingSteps are the existing stack's steps named suffixes.
func existingSteps(suffixes ...string) []string {
	out := make([]string, len(suffixes))
	for i, s := range suffixes {
		out[i] = "kafka-plc-existing-" + s
	}
	return out
}

// TestModeExistingAuth is issue 13 in mode existing: on the running brokers of
// Pulumi.existing.yaml, switching externalAuth none → scram-sha-512 changes only the three edit
// steps and adds the credential and access steps (no cloud operation); the credential is
// upserted on broker 1 before the first edit; the real `kplc expose` switches each broker's
// EXTERNAL to SASL_PLAINTEXT with the StandardAuthorizer, one broker at a time in node order
// behind the gates; the password is only the stdin of the credential and access steps.
// Rotating it then re-runs those two steps and no edit.
func TestModeExistingAuth(t *testing.T) {
	tw := existingTwin(t)
	b := blockedBy(t, 1, 2, 10)
	stageOne(t, tw, b)

	enableAuth(tw, authPassword)
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	b.must("mode existing pulumi up switching externalAuth on", up)
	expose := existingSteps("expose-1", "expose-2", "expose-3")
	if got, want := changedNames(up.Update), existingSteps("access", "credential", "expose-1", "expose-2", "expose-3"); !reflect.DeepEqual(got, want) {
		t.Errorf("switching auth on changed\n %v\nwant\n %v", got, want)
	}
	if ops := tw.CloudOps(); len(ops) != 0 {
		t.Errorf("switching auth on made alicloud operations: %v", ops)
	}
	runs := tw.Hosts.Runs()[before:]
	wantBefore(t, runs, "kafka-plc-existing-credential", expose, true)
	wantSequential(t, "edits", runsOf(runs, expose...), expose)
	for _, eb := range existingBrokers {
		props, err := tw.Hosts.Host(eb.id).ReadFile(existingPropertiesPath)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"EXTERNAL:SASL_PLAINTEXT", externalSASLOn, "PLAINTEXT:PLAINTEXT",
			"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n", "super.users=User:ANONYMOUS\n"} {
			if !strings.Contains(props, want) {
				t.Errorf("broker %d lacks %q:\n%s", eb.node, strings.TrimSpace(want), props)
			}
		}
	}
	if cred := runsOf(runs, "kafka-plc-existing-credential"); len(cred) == 1 && cred[0].Host != existingBrokers[0].id {
		t.Errorf("the credential step ran on %s, want broker 1 (%s)", cred[0].Host, existingBrokers[0].id)
	}
	access := runsOf(runs, "kafka-plc-existing-access")
	last := runsOf(runs, "kafka-plc-existing-expose-3")
	if len(access) != 1 || len(last) != 1 || !(last[0].End < access[0].Start) || !strings.Contains(access[0].Command, "kplc acls-apply") {
		t.Errorf("the ACLs must be applied after the last edit: access %v, last edit %v", access, last)
	}
	existingAuth := existingSteps("credential", "access")
	wantPasswordOnlyOnStdin(t, tw, up, authPassword, runs, existingAuth)

	tw.Cloud.ResetOps()
	tw.SetSecret("kafka-plc:externalPassword", authRotated)
	before = len(tw.Hosts.Runs())
	up = tw.Up()
	b.must("mode existing pulumi up with a rotated externalPassword", up)
	wantChanged(t, "password rotation", up.Update, []string{"update " + typeRemoteCommand + " kafka-plc-existing-access",
		"update " + typeRemoteCommand + " kafka-plc-existing-credential"})
	runs = tw.Hosts.Runs()[before:]
	if n := len(runsOf(runs, expose...)); n != 0 {
		t.Errorf("password rotation ran %d edit steps, want none", n)
	}
	wantPasswordOnlyOnStdin(t, tw, up, authRotated, runs, existingAuth)

	// Back to none: the edits run again, one at a time, and put EXTERNAL back on PLAINTEXT; the
	// credential and access steps are deleted (no Delete command: nothing runs on a host).
	tw.Set("kafka-plc:externalAuth", "none")
	tw.Remove("kafka-plc:externalPassword")
	before = len(tw.Hosts.Runs())
	up = tw.Up()
	b.must("mode existing pulumi up switching externalAuth off", up)
	wantChanged(t, "switching auth off", up.Update, join(
		[]string{"delete " + typeRemoteCommand + " kafka-plc-existing-access", "delete " + typeRemoteCommand + " kafka-plc-existing-credential"},
		[]string{"update " + typeRemoteCommand + " kafka-plc-existing-expose-1", "update " + typeRemoteCommand + " kafka-plc-existing-expose-2",
			"update " + typeRemoteCommand + " kafka-plc-existing-expose-3"}))
	runs = tw.Hosts.Runs()[before:]
	wantSequential(t, "edits switching auth off", runsOf(runs, expose...), expose)
	for _, eb := range existingBrokers {
		props, _ := tw.Hosts.Host(eb.id).ReadFile(existingPropertiesPath)
		if !strings.Contains(props, "EXTERNAL:PLAINTEXT") || strings.Contains(props, "listener.name.external.") {
			t.Errorf("broker %d: EXTERNAL is not back to PLAINTEXT:\n%s", eb.node, props)
		}
	}
}
