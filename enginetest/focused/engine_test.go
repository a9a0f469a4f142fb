package focused

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/engine"
	lt "github.com/pulumi/pulumi/pkg/v3/engine/lifecycletest/framework"
	pkgresource "github.com/pulumi/pulumi/pkg/v3/resource"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy/deploytest"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	kdeploy "github.com/kafka-plc/kafka-plc/deploy"
)

// devStack is Pulumi.dev.yaml's configuration with an RSA test key, as the engine passes it
// to the program (namespaced keys, arrays as JSON).
func devStack() map[string]string {
	return map[string]string{
		"alicloud:region":              "ap-southeast-1",
		"kafka-plc:region":             "ap-southeast-1",
		"kafka-plc:zones":              `["ap-southeast-1a","ap-southeast-1b","ap-southeast-1c"]`,
		"kafka-plc:vpcCidr":            "10.0.0.0/16",
		"kafka-plc:brokerVswitchCidrs": `["10.0.0.0/18","10.0.64.0/18","10.0.128.0/18"]`,
		"kafka-plc:bastionVswitchCidr": "10.0.192.0/18",
		"kafka-plc:brokerCount":        "3",
		"kafka-plc:kafkaVersion":       "3.7.1",
		"kafka-plc:scalaVersion":       "2.13",
		"kafka-plc:kafkaChecksum":      "sha256:62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9",
		"kafka-plc:tidbCloudAccountId": "1234567890123456",
		"kafka-plc:sshAllowedCidrs":    `["203.0.113.0/24"]`,
		"kafka-plc:sshPublicKey":       "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDd52dCGr0Q5EpF5i14NbYs3HpxSF0ux3MzCegzr7vdZsdkUiprwI1SfU9gKfg2od48lFLqr6zwvXEBdBT6UVlnWN61B7ZdloILd0krmxWIXp6ovAuMl+9h35D2zO+KDCidbxsp5mlWLghQOMBqHcy1WGiSs04iUR6UxwYA3ICVZskKFjOa8+1b2kgjvlRrte2UuLDBPV1L5Eg8bmlly1JkmopeofJwC0so56eLovhsqLFTzdx/3DWqGwotoI4jPfDceVGhfKGZK0/Otfbd0bMC8NZqw5q+zZrSU4x4e3is3kq5nUvkdWrDOUC2XKmSsP0WeXSrTgY50quCt7aD5x3f kafka-plc-focused-test",
		"kafka-plc:sshPrivateKey":      "-----BEGIN OPENSSH PRIVATE KEY-----\nfocused-test\n-----END OPENSSH PRIVATE KEY-----\n",
	}
}

// stack runs the real program of the kafka-plc module under the engine, against the stand-ins.
type stack struct {
	t      *testing.T
	cloud  *cloud
	hosts  *hosts
	config map[string]string
	snap   *deploy.Snapshot
	plan   *lt.TestPlan
	// engineAddr is the current plugin host's engine service, for the program's logs.
	engineAddr atomic.Value
}

func newStack(t *testing.T) *stack {
	t.Helper()
	moduleDir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	s := &stack{t: t, cloud: newCloud(), hosts: &hosts{}, config: devStack()}
	alicloud := deploytest.NewProviderLoader("alicloud", semver.MustParse("3.105.0"), func() (plugin.Provider, error) {
		return &deploytest.Provider{
			DiffF: diff, CreateF: s.cloud.alicloudCreate, UpdateF: s.cloud.alicloudUpdate,
			DeleteF: s.cloud.alicloudDelete, InvokeF: alicloudInvoke,
		}, nil
	})
	command := deploytest.NewProviderLoader("command", semver.MustParse("1.2.1"), func() (plugin.Provider, error) {
		return &deploytest.Provider{
			CheckF: commandCheck,
			DiffF:  diff,
			CreateF: func(_ context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
				id := resource.ID("")
				if !req.Preview {
					id = resource.ID(req.Name + "-id")
				}
				return plugin.CreateResponse{ID: id, Properties: s.hosts.run(req.Name, req.Properties, req.Preview), Status: resource.StatusOK}, nil
			},
			UpdateF: func(_ context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
				if string(req.Type) == typeCopyToRemote && !copies(req.OldInputs, req.NewInputs) {
					return plugin.UpdateResponse{Properties: req.NewInputs, Status: resource.StatusOK}, nil
				}
				return plugin.UpdateResponse{Properties: s.hosts.run(req.Name, req.NewInputs, req.Preview), Status: resource.StatusOK}, nil
			},
			// No delete command is set on any step: deleting runs nothing (facts, remote delete).
			DeleteF: func(context.Context, plugin.DeleteRequest) (plugin.DeleteResponse, error) {
				return plugin.DeleteResponse{Status: resource.StatusOK}, nil
			},
		}, nil
	})
	program := deploytest.NewLanguageRuntimeF(func(info plugin.RunInfo, _ *deploytest.ResourceMonitor) error {
		//nolint:usetesting // the SDK context outlives the test's
		ctx, err := pulumi.NewContext(context.Background(), pulumi.RunInfo{
			Project: info.Project, Stack: info.Stack, Parallel: info.Parallel, DryRun: info.DryRun,
			MonitorAddr: info.MonitorAddress, EngineAddr: s.engineAddr.Load().(string), Config: s.config, ConfigSecretKeys: []string{"kafka-plc:sshPrivateKey"},
		})
		if err != nil {
			return err
		}
		return pulumi.RunWithContext(ctx, kdeploy.Program(moduleDir))
	})
	// The program logs (warnings) through the host's engine service, whose address the
	// language runtime is not told; each operation makes a new host.
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	newHost := deploytest.NewPluginHostF(sink, sink, program, nil, nil, alicloud, command)
	hostF := func() plugin.Host {
		h := newHost()
		s.engineAddr.Store(h.ServerAddr())
		return h
	}
	s.plan = &lt.TestPlan{
		Project: "kafka-plc", Stack: "dev",
		Options: lt.TestUpdateOptions{T: t, HostF: hostF, SkipDisplayTests: true},
	}
	return s
}

// run runs op (preview first, like the CLI, unless skipPreview) and returns the error and the
// diagnostics it reported. The snapshot follows the update.
func (s *stack) run(op lt.TestOp, skipPreview bool) ([]string, error) {
	s.t.Helper()
	project := s.plan.GetProject()
	var diags []string
	collect := func(_ workspace.Project, _ deploy.Target, _ engine.JournalEntries, events []engine.Event, err error) error {
		for _, e := range events {
			if d, ok := e.Payload().(engine.DiagEventPayload); ok {
				diags = append(diags, d.Message)
			}
		}
		return err
	}
	if !skipPreview {
		if _, err := op.Run(project, s.plan.GetTarget(s.t, s.snap), s.plan.Options, true, nil, collect); err != nil {
			return diags, err
		}
	}
	snap, err := op.Run(project, s.plan.GetTarget(s.t, s.snap), s.plan.Options, false, nil, collect)
	if snap != nil {
		s.snap = snap
	}
	return diags, err
}

// mustUp runs pulumi up and fails the test on error.
func (s *stack) mustUp() {
	s.t.Helper()
	if diags, err := s.run(lt.TestOp(engine.Update), false); err != nil {
		s.t.Fatalf("pulumi up: %v\n%s\nrefused by the stand-ins: %v", err, strings.Join(diags, "\n"), s.cloud.refused)
	}
}

// resources returns the snapshot's resources that are not providers or the stack, by URN.
func (s *stack) resources() map[string]*pkgresource.State {
	out := map[string]*pkgresource.State{}
	if s.snap == nil {
		return out
	}
	for _, r := range s.snap.Resources {
		if r.Type == resource.RootStackType || strings.HasPrefix(string(r.Type), "pulumi:providers:") {
			continue
		}
		out[string(r.URN)] = r
	}
	return out
}

// countCloud returns how many of the resources live in the cloud (the alicloud provider's).
func countCloud(m map[string]*pkgresource.State) int {
	n := 0
	for _, r := range m {
		if r.Custom && strings.HasPrefix(string(r.Type), "alicloud:") {
			n++
		}
	}
	return n
}

// guardName is the broker deletion guard of stack dev, and guardURN its URN.
const (
	guardName = "kafka-plc-dev-broker-deletion-guard"
	guardURN  = "urn:pulumi:dev::kafka-plc::kafka-plc:index:BrokerDeletionGuard::" + guardName
)

// mustUp is mustUp with allowBrokerDeletion set to allow, without a preview.
func (s *stack) upWith(allow string) {
	s.t.Helper()
	s.config["kafka-plc:allowBrokerDeletion"] = allow
	if diags, err := s.run(lt.TestOp(engine.Update), true); err != nil {
		s.t.Fatalf("pulumi up with allowBrokerDeletion=%s: %v\n%s", allow, err, strings.Join(diags, "\n"))
	}
	if g := s.resources()[guardURN]; g == nil || g.Protect != (allow != "true") {
		s.t.Fatalf("after pulumi up with allowBrokerDeletion=%s the guard is %v, want protected=%v", allow, g, allow != "true")
	}
}

// refusedDestroy runs pulumi destroy, with its preview and with --skip-preview, and checks that
// both fail naming the guard and that nothing was deleted.
func (s *stack) refusedDestroy(when string) {
	s.t.Helper()
	before := len(s.resources())
	for _, skipPreview := range []bool{false, true} {
		diags, err := s.run(lt.TestOp(engine.Destroy), skipPreview)
		if err == nil {
			s.t.Fatalf("%s: pulumi destroy (skip preview %v) succeeded", when, skipPreview)
		}
		if !strings.Contains(strings.Join(diags, "\n")+err.Error(), guardName) {
			s.t.Errorf("%s: the refusal does not name the guard:\n%v\n%s", when, err, strings.Join(diags, "\n"))
		}
		if got := s.cloud.deleted(); len(got) != 0 {
			s.t.Fatalf("%s: pulumi destroy (skip preview %v) deleted %d resources: %v", when, skipPreview, len(got), got)
		}
		if after := len(s.resources()); after != before {
			s.t.Errorf("%s: the state lost %d resources", when, before-after)
		}
	}
}

// Item 11: a destroy that would delete a protected broker deletes nothing, with or without its
// preview, and names the guard; the protection follows allowBrokerDeletion both ways; after
// allowBrokerDeletion and pulumi up, destroy deletes everything. Pulumi v3.274.1 checks protect
// when it applies each DeleteStep (resource/deploy/step.go L761-766) and skips the transitive
// dependencies of a failed delete (deployment_executor.go L588-622).
func TestDestroyWithoutAllowBrokerDeletionDeletesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program (and its kplc build) five times under the engine")
	}
	s := newStack(t)
	s.mustUp()
	if g := s.resources()[guardURN]; g == nil || !g.Protect {
		t.Fatalf("no protected broker deletion guard after pulumi up: %v", g)
	}
	s.refusedDestroy("first deploy")

	// The flag on, then off again: the guard follows it, and blocks no update.
	s.upWith("true")
	s.upWith("false")
	s.refusedDestroy("allowBrokerDeletion back to false")

	// The way out: lift the protection, pulumi up, destroy.
	s.upWith("true")
	if got := s.cloud.deleted(); len(got) != 0 {
		t.Fatalf("the updates deleted %v", got)
	}
	cloudResources := countCloud(s.resources())
	if diags, err := s.run(lt.TestOp(engine.Destroy), false); err != nil {
		t.Fatalf("pulumi destroy with allowBrokerDeletion: %v\n%s", err, strings.Join(diags, "\n"))
	}
	if got := len(s.cloud.deleted()); got != cloudResources {
		t.Errorf("destroy deleted %d of %d cloud resources", got, cloudResources)
	}
	if left := s.resources(); len(left) != 0 {
		t.Errorf("%d resources left in the state after destroy", len(left))
	}
}

// bastion returns the bastion's state.
func (s *stack) bastion() *pkgresource.State {
	s.t.Helper()
	b := s.resources()["urn:pulumi:dev::kafka-plc::kafka-plc:index:KafkaVpc$alicloud:ecs/instance:Instance::kafka-plc-dev-bastion"]
	if b == nil {
		s.t.Fatal("no bastion in the state")
	}
	return b
}

// Item 6: a bastion change the provider can only apply by replacement (systemDiskCategory,
// bastionZone, bastionVswitchCidr: ForceNew, facts ecs/instance and vpc/switch) replaces the bastion, and for a new
// zone its vSwitch, delete-first: created first, the new one would ask for the private IP (or an
// overlapping CIDR) the old one holds, which the stand-in cloud refuses as the VPC does. Then
// the bastion is set up again before any broker step uses it: the upload directory, the kplc
// copy and the preparation run on the new bastion, and the broker steps, which follow it
// through their connection, run after the preparation. No broker is deleted.
func TestBastionReplacedDeleteFirstAndSetUpAgain(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program (and its kplc build) seven times under the engine")
	}
	s := newStack(t)
	s.mustUp()
	for _, change := range []struct{ key, value string }{
		{"kafka-plc:systemDiskCategory", "cloud_auto"},
		{"kafka-plc:bastionZone", "ap-southeast-1b"},
		// The bastion follows its vSwitch through ReplaceOnChanges(vswitchId, privateIp).
		{"kafka-plc:bastionVswitchCidr", "10.0.192.0/19"},
	} {
		old := s.bastion()
		oldIP, _ := old.Outputs["publicIp"].V.(string)
		from := s.hosts.count()
		s.config[change.key] = change.value
		s.mustUp()
		now := s.bastion()
		newIP, _ := now.Outputs["publicIp"].V.(string)
		if now.ID == old.ID || newIP == oldIP || newIP == "" {
			t.Fatalf("%s=%s: the bastion was not replaced (id %s → %s, ip %s → %s)", change.key, change.value, old.ID, now.ID, oldIP, newIP)
		}
		for _, d := range s.cloud.deleted() {
			if strings.Contains(d, "-broker-") {
				t.Fatalf("%s=%s: deleted %s", change.key, change.value, d)
			}
		}
		prepared := -1
		for _, step := range []string{"kafka-plc-dev-kplc-staging", "kafka-plc-dev-kplc-upload", "kafka-plc-dev-prepare-bastion"} {
			i := s.hosts.ranOn(step, newIP, from)
			if i < 0 {
				t.Errorf("%s=%s: %s did not run on the new bastion %s", change.key, change.value, step, newIP)
			}
			prepared = i
		}
		for _, n := range []int{1, 2, 3} {
			step := fmt.Sprintf("kafka-plc-dev-install-%d", n)
			i := s.hosts.ranOn(step, "via "+newIP, from)
			if i < 0 || i < prepared {
				t.Errorf("%s=%s: %s ran at %d through the new bastion, want after its preparation (%d)", change.key, change.value, step, i, prepared)
			}
		}
	}
}
