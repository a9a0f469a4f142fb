package components

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/plan"
)

// bsPassword is the changefeed password of the auth tests; it must never show up in a command
// or in a non-secret input.
const bsPassword = "q3X9v+Lr7Tz0Wb2Nf8Kd1Q=="

// bsAuthArgs returns the broker set arguments with externalAuth scram-sha-512 (prefix tidb_).
func bsAuthArgs(t *testing.T, kplcPath string) *KraftBrokerSetArgs {
	t.Helper()
	c := bsConfig("")
	c.ExternalAuth, c.ExternalUser, c.ExternalPasswordSet, c.ExternalTopicPrefix = config.AuthScramSHA512, "tidb-cdc", true, "tidb_"
	p, err := plan.Build(c)
	if err != nil {
		t.Fatal(err)
	}
	a := bsArgs(p, kplcPath)
	a.ExternalPassword = pulumi.ToSecret(pulumi.String(bsPassword)).(pulumi.StringOutput)
	return a
}

// TestAuthStepsKeepThePasswordSecret: the password reaches the engine only as the secret stdin
// of the credential, access and verification steps; no command text and no other input holds
// it. The credential step runs before the first broker is configured, the ACLs after the
// cluster is ready, and the verification authenticates its probe.
func TestAuthStepsKeepThePasswordSecret(t *testing.T) {
	mocks, _ := bsMustRun(t, bsAuthArgs(t, bsKplcBinary(t)))
	stdinSteps := map[string]bool{}
	for _, r := range mocks.Resources() {
		for k, v := range r.Inputs {
			if k == "connection" {
				continue
			}
			text := fmt.Sprint(mocktest.Reveal(v))
			if !strings.Contains(text, bsPassword) {
				continue
			}
			if k != "stdin" || !v.ContainsSecrets() {
				t.Errorf("%s %q: input %s holds the password (secret: %v)", r.Type, r.Name, k, v.ContainsSecrets())
				continue
			}
			stdinSteps[r.Name] = true
		}
	}
	if want := map[string]bool{"kafka-credential": true, "kafka-access": true, "verify-checks": true}; !reflect.DeepEqual(stdinSteps, want) {
		t.Errorf("steps with the password on a secret stdin = %v, want %v", stdinSteps, want)
	}

	cred := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-credential")
	access := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-access")
	verify := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "verify-checks")
	for _, c := range []struct {
		r    mocktest.Resource
		want []string
	}{
		{cred, []string{"kplc cluster-ready", "kplc scram-upsert", "--user 'tidb-cdc'"}},
		{access, []string{"kplc scram-upsert", "kplc acls-apply", "--user 'tidb-cdc'", "--topic-prefix 'tidb_'"}},
		{verify, []string{"IFS= read -r KPLC_SASL_PASSWORD", "'--sasl-mechanism' 'SCRAM-SHA-512'", "'--sasl-user' 'tidb-cdc'"}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.r.Str("create"), w) {
				t.Errorf("%s: command lacks %q: %.200q", c.r.Name, w, c.r.Str("create"))
			}
		}
	}
	if first := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-configure-1"); !first.DependsOnName("kafka-credential") {
		t.Errorf("kafka-configure-1 does not wait for the credential: %v", first.DependencyNames())
	}
	if !access.DependsOnName("kafka-cluster-ready") {
		t.Errorf("kafka-access does not wait for the cluster: %v", access.DependencyNames())
	}
}

// TestSwitchingAuthOnChangesOnlyConfigureSteps: compared with the same stack without auth,
// turning it on adds the credential and access steps and changes, among the resources both
// have, only the configure steps' server.properties (stdin), the revision that re-runs the
// cluster-ready check, and the verification's command and stdin: no instance, disk or network
// resource changes, so the switch is the ordinary gated roll.
func TestSwitchingAuthOnChangesOnlyConfigureSteps(t *testing.T) {
	kplc := bsKplcBinary(t)
	off, _ := bsMustRun(t, bsArgs(bsPlan(t, ""), kplc))
	on, _ := bsMustRun(t, bsAuthArgs(t, kplc))
	key := func(r mocktest.Resource) string { return r.Type + " " + r.Name }
	before := map[string]mocktest.Resource{}
	for _, r := range off.Resources() {
		before[key(r)] = r
	}
	var added, changed []string
	for _, r := range on.Resources() {
		b, ok := before[key(r)]
		if !ok {
			added = append(added, r.Name)
			continue
		}
		for k, v := range r.Inputs {
			if r.Ignores(string(k)) {
				continue // the engine keeps the old value: no diff
			}
			if !reflect.DeepEqual(mocktest.Reveal(v), mocktest.Reveal(b.Inputs[k])) {
				changed = append(changed, r.Name+"."+string(k))
			}
		}
		for k := range b.Inputs {
			if _, ok := r.Inputs[k]; !ok {
				changed = append(changed, r.Name+"."+string(k))
			}
		}
	}
	sort.Strings(added)
	sort.Strings(changed)
	if want := []string{"kafka-access", "kafka-credential"}; !reflect.DeepEqual(added, want) {
		t.Errorf("added = %v, want %v", added, want)
	}
	want := []string{"kafka-cluster-ready.triggers", "kafka-configure-1.stdin", "kafka-configure-2.stdin", "kafka-configure-3.stdin",
		"verify-checks.create", "verify-checks.stdin", "verify-checks.triggers", "verify-checks.update"}
	if !reflect.DeepEqual(changed, want) {
		t.Errorf("changed inputs = %v\nwant %v", changed, want)
	}
}

// TestAuthArgsValidation: the password is required with auth and refused without.
func TestAuthArgsValidation(t *testing.T) {
	a := bsAuthArgs(t, bsKplcBinary(t))
	a.ExternalPassword = nil
	if err := a.Validate("kafka"); err == nil || !strings.Contains(err.Error(), "ExternalPassword") {
		t.Errorf("auth without a password: %v", err)
	}
	b := bsArgs(bsPlan(t, ""), bsKplcBinary(t))
	b.ExternalPassword = pulumi.String("x")
	if err := b.Validate("kafka"); err == nil || !strings.Contains(err.Error(), "ExternalPassword") {
		t.Errorf("a password without auth: %v", err)
	}
}
