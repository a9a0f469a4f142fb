package components

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/plan"
)

// bsVerifyArgs returns valid verification arguments for the plan.
func bsVerifyArgs(p *plan.Plan, revision string) *PrivateLinkVerificationArgs {
	a := bsVerifyFields(p)
	a.SSH = SSHAccess{
		User:            "root",
		PrivateKey:      pulumi.ToSecret(pulumi.String(bsPrivateKey)).(pulumi.StringOutput),
		BastionPublicIP: pulumi.String(bsBastionPublicIP),
		BastionHostKey:  pulumi.String(mocktest.HostKey),
	}
	a.NLBDNSName = pulumi.String(bsNLBDNSName)
	a.NLBRevision = pulumi.String(bsNLBRevision)
	a.ConfigRevision = pulumi.String(revision)
	return a
}

// bsRunVerify runs a program with only the verification "verify" under fresh mocks; the check
// step's stdout is mocked as summary. It returns the mocks and the awaited Summary.
func bsRunVerify(t *testing.T, args *PrivateLinkVerificationArgs, summary string) (*mocktest.Mocks, any, error) {
	t.Helper()
	mocks := newTestMocks()
	mocks.Outputs = func(r mocktest.Resource) resource.PropertyMap {
		if out, ok := mocktest.StagingStdout(r); ok {
			return out
		}
		if r.Type == mocktest.TypeRemoteCommand {
			return resource.PropertyMap{"stdout": resource.NewProperty(summary)}
		}
		return nil
	}
	var got any
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		v, err := NewPrivateLinkVerification(ctx, "verify", args)
		if err != nil {
			return err
		}
		got, err = awaitOutput(ctx, v.Summary)
		return err
	})
	return mocks, got, err
}

func TestPrivateLinkVerificationStep(t *testing.T) {
	const summary = `{"ok":true,"checks":[{"name":"brokers","ok":true,"exit":0,"output":""}]}`
	p := bsPlan(t, "plc-7f3a9c")
	mocks, got, err := bsRunVerify(t, bsVerifyArgs(p, "rev-1"), summary)
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	if got != summary {
		t.Errorf("Summary = %v, want the check step's stdout %s", got, summary)
	}
	// On the bastion: the upload directory, verify.sh's upload and install, and the checks.
	checkCounts(t, mocks, map[string]int{PrivateLinkVerificationType: 1, mocktest.TypeRemoteCommand: 3, mocktest.TypeCopyToRemote: 1})
	step := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "verify-checks")
	if got := step.DependencyNames(); fmt.Sprint(got) != "[verify-checks-scripts]" {
		t.Errorf("the checks depend on %v, want [verify-checks-scripts] (verify.sh installed first)", got)
	}
	create := step.Str("create")
	for _, want := range []string{
		"timeout ", "'verify.sh'",
		"'--bootstrap' '10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092'",
		"'--via' '" + bsNLBDNSName + "'", "'--unique-name' 'plc-7f3a9c'", "'--brokers' '3'", "'--timeout' '120'",
	} {
		if !strings.Contains(create, want) {
			t.Errorf("check command lacks %q", want)
		}
	}
	if step.Str("update") != create {
		t.Errorf("update differs from create, so a changed NLB would not re-run the checks")
	}
	conn, secret := bsConnection(t, step)
	if !secret || mocktest.RevealedStr(conn, "host") != bsBastionPublicIP {
		t.Errorf("check step connection: secret %v, host %q; want a secret connection to the bastion %s", secret, mocktest.RevealedStr(conn, "host"), bsBastionPublicIP)
	}
	trig := step.Array("triggers")
	if len(trig) != 2 || mocktest.Reveal(trig[0]).StringValue() != "rev-1" || mocktest.Reveal(trig[1]).StringValue() != bsNLBRevision {
		t.Errorf("triggers = %v, want [rev-1 %s] (the broker set's config revision, the NLB's revision)", trig, bsNLBRevision)
	}
	if tok, name := step.ParentTypeAndName(); tok != PrivateLinkVerificationType || name != "verify" {
		t.Errorf("check step parent = %s %q, want the component", tok, name)
	}
}

func TestPrivateLinkVerificationReruns(t *testing.T) {
	p := bsPlan(t, "plc-7f3a9c")
	inputs := func(args *PrivateLinkVerificationArgs) resource.PropertyMap {
		mocks, _, err := bsRunVerify(t, args, "{}")
		if err != nil {
			t.Fatalf("program failed: %v", err)
		}
		return mocks.MustNamed(t, mocktest.TypeRemoteCommand, "verify-checks").Inputs
	}
	base := inputs(bsVerifyArgs(p, "rev-1"))
	tests := []struct {
		name    string
		args    *PrivateLinkVerificationArgs
		changed bool
	}{
		{"same inputs", bsVerifyArgs(p, "rev-1"), false},
		{"a broker's configuration changed", bsVerifyArgs(p, "rev-2"), true},
		{"the NLB changed", func() *PrivateLinkVerificationArgs {
			a := bsVerifyArgs(p, "rev-1")
			a.NLBDNSName = pulumi.String("nlb-other.example.com")
			return a
		}(), true},
		// Issue 12 item 12: a listener or backend change that keeps the DNS name.
		{"the NLB's listeners or backends changed, same DNS name", func() *PrivateLinkVerificationArgs {
			a := bsVerifyArgs(p, "rev-1")
			a.NLBRevision = pulumi.String("nlb-revision-2")
			return a
		}(), true},
		{"unique name set", bsVerifyArgs(bsPlan(t, "plc-other"), "rev-1"), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if changed := !inputs(tc.args).DeepEquals(base); changed != tc.changed {
				t.Errorf("check step inputs changed = %v, want %v", changed, tc.changed)
			}
		})
	}
}

func TestPrivateLinkVerificationInvalidArgs(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(a *PrivateLinkVerificationArgs)
		field  string
	}{
		{"no plan", func(a *PrivateLinkVerificationArgs) { a.BrokerPorts = nil }, "BrokerPorts"},
		{"no bootstrap", func(a *PrivateLinkVerificationArgs) { a.Bootstrap = "" }, "Bootstrap"},
		{"no unique name", func(a *PrivateLinkVerificationArgs) { a.UniqueName = "" }, "UniqueName"},
		{"ports not consecutive", func(a *PrivateLinkVerificationArgs) { a.BrokerPorts[2] = 9200 }, "BrokerPorts[2]"},
		{"no NLB", func(a *PrivateLinkVerificationArgs) { a.NLBDNSName = nil }, "NLBDNSName"},
		{"no revision", func(a *PrivateLinkVerificationArgs) { a.ConfigRevision = nil }, "ConfigRevision"},
		{"no key", func(a *PrivateLinkVerificationArgs) { a.SSH.PrivateKey = nil }, "SSH.PrivateKey"},
		{"timeout", func(a *PrivateLinkVerificationArgs) { a.CheckTimeoutSeconds = 1 }, "CheckTimeoutSeconds"},
		{"exporter probe with auth", func(a *PrivateLinkVerificationArgs) {
			a.ExporterProbe, a.Auth, a.SASLPassword = true, SASLAuth{Mechanism: "SCRAM-SHA-512", User: "tidb-cdc"}, pulumi.String("x")
		}, "ExporterProbe"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := bsVerifyArgs(bsPlan(t, ""), "rev-1")
			tc.mutate(args)
			mocks, _, err := bsRunVerify(t, args, "{}")
			checkArgErrorField(t, err, "PrivateLinkVerification", tc.field)
			checkNothingRegistered(t, mocks)
		})
	}
}

// bsProbeArgs are bsVerifyArgs with the exporter probe step on (what deploy passes in mode new
// without externalAuth).
func bsProbeArgs(p *plan.Plan, revision string) *PrivateLinkVerificationArgs {
	a := bsVerifyArgs(p, revision)
	a.ExporterProbe = true
	return a
}

// With ExporterProbe the component uploads exporter-probe.sh beside verify.sh and registers one
// more step, parented in it: exporter-probe.sh as root on the bastion, with the NLB's DNS name,
// the port plan, the pattern and the unique name, after the scripts install and what the checks
// wait for, triggered by the bastion (a new bastion receives the file again). No secret.
func TestPrivateLinkVerificationExporterProbeStep(t *testing.T) {
	p := bsPlan(t, "plc-7f3a9c")
	mocks, _, err := bsRunVerify(t, bsProbeArgs(p, "rev-1"), "{}")
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	checkCounts(t, mocks, map[string]int{PrivateLinkVerificationType: 1, mocktest.TypeRemoteCommand: 4, mocktest.TypeCopyToRemote: 2})
	mocks.MustNamed(t, mocktest.TypeCopyToRemote, "verify-checks-upload-exporter-probe")
	step := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "verify-exporter-probe")
	if got := step.DependencyNames(); fmt.Sprint(got) != "[verify-checks-scripts]" {
		t.Errorf("the exporter probe step depends on %v, want [verify-checks-scripts]", got)
	}
	create := step.Str("create")
	for _, want := range []string{
		"timeout ", "'exporter-probe.sh'", "'--via' '" + bsNLBDNSName + "'", "'--brokers' '3'",
		"'--bootstrap-port' '9092'", "'--first-port' '9093'",
		"'--host-pattern' 'b{id}.{uniqueName}.alicloud.plc.tidbcloud.com'", "'--unique-name' 'plc-7f3a9c'",
	} {
		if !strings.Contains(create, want) {
			t.Errorf("exporter probe command lacks %q:\n%s", want, create)
		}
	}
	if step.Str("update") != create {
		t.Error("update differs from create, so a new NLB name or unique name would not run it again")
	}
	if del := step.Str("delete"); !strings.Contains(del, "'exporter-probe.sh'") || !strings.Contains(del, "'--remove' 'yes'") {
		t.Errorf("delete command %q does not remove the probe's file", del)
	}
	trig := step.Array("triggers")
	if len(trig) != 1 || mocktest.Reveal(trig[0]).StringValue() != bsBastionPublicIP {
		t.Errorf("triggers = %v, want [the bastion %s]", trig, bsBastionPublicIP)
	}
	if tok, name := step.ParentTypeAndName(); tok != PrivateLinkVerificationType || name != "verify" {
		t.Errorf("exporter probe step parent = %s %q, want the component", tok, name)
	}
	if _, secret := bsConnection(t, step); !secret {
		t.Error("the exporter probe step's connection is not secret")
	}
}

// The exporter probe step runs again when what it writes changes (the NLB's DNS name, the
// unique name at stage 2), and not on a broker rollout or an NLB backend change (the probe
// reads those live on every scrape).
func TestPrivateLinkVerificationExporterProbeReruns(t *testing.T) {
	p := bsPlan(t, "plc-7f3a9c")
	inputs := func(args *PrivateLinkVerificationArgs) resource.PropertyMap {
		mocks, _, err := bsRunVerify(t, args, "{}")
		if err != nil {
			t.Fatalf("program failed: %v", err)
		}
		return mocks.MustNamed(t, mocktest.TypeRemoteCommand, "verify-exporter-probe").Inputs
	}
	base := inputs(bsProbeArgs(p, "rev-1"))
	for _, tc := range []struct {
		name    string
		args    *PrivateLinkVerificationArgs
		changed bool
	}{
		{"same inputs", bsProbeArgs(p, "rev-1"), false},
		{"a broker's configuration changed", bsProbeArgs(p, "rev-2"), false},
		{"the NLB's backends changed, same DNS name", func() *PrivateLinkVerificationArgs {
			a := bsProbeArgs(p, "rev-1")
			a.NLBRevision = pulumi.String("nlb-revision-2")
			return a
		}(), false},
		{"a new NLB DNS name", func() *PrivateLinkVerificationArgs {
			a := bsProbeArgs(p, "rev-1")
			a.NLBDNSName = pulumi.String("nlb-other.example.com")
			return a
		}(), true},
		{"unique name set (stage 2)", bsProbeArgs(bsPlan(t, "plc-other"), "rev-1"), true},
		{"another host pattern", func() *PrivateLinkVerificationArgs {
			a := bsProbeArgs(p, "rev-1")
			a.HostPattern = "kafka-{id}.{uniqueName}.example.com"
			return a
		}(), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if changed := !inputs(tc.args).DeepEquals(base); changed != tc.changed {
				t.Errorf("exporter probe step inputs changed = %v, want %v", changed, tc.changed)
			}
		})
	}
}

// The checks' preparation on the bastion (staging directory, verify.sh upload and install)
// waits only for the bastion's prerequisites (HostDependsOn), never for the cluster, so it runs
// while the brokers are set up; the check step alone waits for DependsOn (cluster-ready, the
// NLB) and for the preparation.
func TestPrivateLinkVerificationPreparesBeforeTheCluster(t *testing.T) {
	p := bsPlan(t, "plc-7f3a9c")
	mocks := newTestMocks()
	mocks.Outputs = func(r mocktest.Resource) resource.PropertyMap {
		if out, ok := mocktest.StagingStdout(r); ok {
			return out
		}
		return nil
	}
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		step := func(name string) *remote.Command {
			c, err := remote.NewCommand(ctx, name, &remote.CommandArgs{
				Connection: remote.ConnectionArgs{Host: pulumi.String("198.51.100.7")},
				Create:     pulumi.String("true"),
			})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		args := bsVerifyArgs(p, "rev-1")
		args.DependsOn = []pulumi.Resource{step("cluster-ready")}
		args.HostDependsOn = []pulumi.Resource{step("bastion-rule")}
		_, err := NewPrivateLinkVerification(ctx, "verify", args)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		step                      string
		cluster, bastion, prepped bool
	}{
		{step: "verify-checks-staging", bastion: true},
		{step: "verify-checks-upload-verify", bastion: true},
		{step: "verify-checks-scripts", bastion: true},
		{step: "verify-checks", cluster: true, prepped: true},
	} {
		r, ok := findNamed(mocks, tc.step)
		if !ok {
			t.Errorf("%s not registered", tc.step)
			continue
		}
		if got := r.DependsOnName("cluster-ready"); got != tc.cluster {
			t.Errorf("%s waits for cluster-ready: %v, want %v (deps %v)", tc.step, got, tc.cluster, r.DependencyNames())
		}
		if got := r.DependsOnName("bastion-rule"); got != tc.bastion {
			t.Errorf("%s waits for the bastion's prerequisites: %v, want %v (deps %v)", tc.step, got, tc.bastion, r.DependencyNames())
		}
		if got := r.DependsOnName("verify-checks-scripts"); got != tc.prepped {
			t.Errorf("%s waits for verify.sh's install: %v, want %v (deps %v)", tc.step, got, tc.prepped, r.DependencyNames())
		}
	}
}

// findNamed returns the registration named name, whatever its type.
func findNamed(m *mocktest.Mocks, name string) (mocktest.Resource, bool) {
	for _, r := range m.Resources() {
		if r.Name == name {
			return r, true
		}
	}
	return mocktest.Resource{}, false
}
