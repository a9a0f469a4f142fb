package components

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// exAuthArgs are exArgs with SCRAM-SHA-512 on EXTERNAL (prefix tidb_) and password.
func exAuthArgs(t *testing.T, password string) *ExistingBrokerExposureArgs {
	t.Helper()
	a := exArgs(t, "unique_name")
	a.Auth = SASLAuth{Mechanism: SCRAMSHA512, User: "tidb-cdc", TopicPrefix: "tidb_"}
	a.ExternalPassword = pulumi.ToSecret(pulumi.String(password)).(pulumi.StringOutput)
	return a
}

// TestExistingAuthSteps: with auth on, the credential step runs on the first broker after its
// kplc install and before the first edit; every edit carries --sasl-mechanism; the access step
// (credential again, ACLs) runs on the first broker after the last edit. The password reaches
// the engine only as the secret stdin of those two steps.
func TestExistingAuthSteps(t *testing.T) {
	mocks, _ := exMustRun(t, exAuthArgs(t, bsPassword))
	stdinSteps := map[string]bool{}
	for _, r := range mocks.Resources() {
		for k, v := range r.Inputs {
			if k == "connection" || !strings.Contains(fmt.Sprint(mocktest.Reveal(v)), bsPassword) {
				continue
			}
			if k != "stdin" || !v.ContainsSecrets() {
				t.Errorf("%s %q: input %s holds the password (secret: %v)", r.Type, r.Name, k, v.ContainsSecrets())
				continue
			}
			stdinSteps[r.Name] = true
		}
	}
	if want := map[string]bool{"kafka-credential": true, "kafka-access": true}; !reflect.DeepEqual(stdinSteps, want) {
		t.Errorf("steps with the password on a secret stdin = %v, want %v", stdinSteps, want)
	}
	cred := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-credential")
	access := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-access")
	for _, c := range []struct {
		r    mocktest.Resource
		want []string
		deps []string
	}{
		{cred, []string{"kplc scram-upsert --bootstrap '10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092' --user 'tidb-cdc'"}, []string{"kafka-host-key-1-pin", "kafka-kplc-install-1", "kafka-scripts-1"}},
		{access, []string{"kplc scram-upsert", "kplc acls-apply", "--topic-prefix 'tidb_'"}, []string{"kafka-expose-3", "kafka-host-key-1-pin"}}, // the first broker's pinned key
	} {
		for _, w := range c.want {
			if !strings.Contains(c.r.Str("create"), w) {
				t.Errorf("%s: command lacks %q: %q", c.r.Name, w, c.r.Str("create"))
			}
		}
		if got := c.r.DependencyNames(); fmt.Sprint(got) != fmt.Sprint(c.deps) {
			t.Errorf("%s depends on %v, want %v", c.r.Name, got, c.deps)
		}
		if host := fmt.Sprint(mocktest.Reveal(c.r.Inputs["connection"])); !strings.Contains(host, "10.0.0.10") {
			t.Errorf("%s does not run on the first broker: %s", c.r.Name, host)
		}
	}
	if first := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-expose-1"); !first.DependsOnName("kafka-credential") {
		t.Errorf("kafka-expose-1 does not wait for the credential: %v", first.DependencyNames())
	}
	for id := 1; id <= 3; id++ {
		if cmd := mocks.MustNamed(t, mocktest.TypeRemoteCommand, fmt.Sprintf("kafka-expose-%d", id)).RevealedStr("create"); !strings.Contains(cmd, "'--sasl-mechanism' 'SCRAM-SHA-512'") {
			t.Errorf("expose-%d does not pass the mechanism: %.300q", id, cmd)
		}
	}
}

// TestExistingAuthSwitchAndRotation: switching auth on changes the three edit steps and adds the
// credential and access steps, nothing else; a new password changes only those two steps'
// stdin (no edit step, so no restart).
func TestExistingAuthSwitchAndRotation(t *testing.T) {
	inputs := func(args *ExistingBrokerExposureArgs) map[string]resource.PropertyMap {
		mocks, _ := exMustRun(t, args)
		return mocks.InputsByKey()
	}
	step := func(name string) string { return mocktest.TypeRemoteCommand + " kafka-" + name }
	off := exArgs(t, "unique_name")
	on := exAuthArgs(t, bsPassword)
	on.Kplc = off.Kplc
	before, after := inputs(off), inputs(on)
	if got, want := mocktest.ChangedInputs(before, after), []string{step("access"), step("credential"), step("expose-1"), step("expose-2"), step("expose-3")}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("switching auth on changed %v, want %v", got, want)
	}
	var added []string
	for k := range after {
		if _, ok := before[k]; !ok {
			added = append(added, k)
		}
	}
	sort.Strings(added)
	if fmt.Sprint(added) != fmt.Sprint([]string{step("access"), step("credential")}) {
		t.Errorf("switching auth on added %v", added)
	}
	rotated := exAuthArgs(t, "N3w-Rotated+Passw0rd!x")
	rotated.Kplc = off.Kplc
	if got, want := mocktest.ChangedInputs(after, inputs(rotated)), []string{step("access"), step("credential")}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("password rotation changed %v, want %v", got, want)
	}
}

// TestExistingAuthArgsValidation: the auth arguments are checked before anything registers.
func TestExistingAuthArgsValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(a *ExistingBrokerExposureArgs)
		field string
	}{
		{"password without auth", func(a *ExistingBrokerExposureArgs) { a.Auth = SASLAuth{} }, "ExternalPassword"},
		{"auth without password", func(a *ExistingBrokerExposureArgs) { a.ExternalPassword = nil }, "ExternalPassword"},
		{"another mechanism", func(a *ExistingBrokerExposureArgs) { a.Auth.Mechanism = "PLAIN" }, "Auth.Mechanism"},
		{"no user", func(a *ExistingBrokerExposureArgs) { a.Auth.User = "" }, "Auth.User"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := exAuthArgs(t, bsPassword)
			tc.edit(a)
			err := a.Validate("kafka")
			if err == nil || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("Validate = %v, want a problem with %s", err, tc.field)
			}
		})
	}
}
