package components

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// bsRunWithFirewall runs the broker set "kafka" with two stand-in firewall rules and a
// stand-in bastion as its DependsOn, under mocks whose instance outputs edit may change. It
// returns the mocks and what the program logged.
func bsRunWithFirewall(t *testing.T, args *KraftBrokerSetArgs, edit func(r mocktest.Resource, out resource.PropertyMap)) (*bsRecorder, error) {
	t.Helper()
	mocks := newTestMocks()
	base := mocks.Outputs
	mocks.Outputs = func(r mocktest.Resource) resource.PropertyMap {
		out := base(r)
		if out == nil {
			out = resource.PropertyMap{}
		}
		if edit != nil {
			edit(r, out)
		}
		return out
	}
	rec := &bsRecorder{Mocks: mocks, logs: &mocktest.Log{}}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		ctx.Log = rec.logs
		var prereqs []pulumi.Resource
		for _, n := range []string{"fw-ssh", "fw-dist"} {
			rule, err := ecs.NewSecurityGroupRule(ctx, n, &ecs.SecurityGroupRuleArgs{
				SecurityGroupId: pulumi.String("sg-x"), Type: pulumi.String("ingress"), IpProtocol: pulumi.String("tcp"),
				PortRange: pulumi.String("22/22"), CidrIp: pulumi.String("10.0.0.0/16"),
			})
			if err != nil {
				return err
			}
			prereqs = append(prereqs, rule)
		}
		bastion, err := ecs.NewInstance(ctx, "bastion-host", &ecs.InstanceArgs{InstanceType: pulumi.String("ecs.t6-c1m1.large")})
		if err != nil {
			return err
		}
		args.DependsOn = append(prereqs, bastion)
		_, err = NewKraftBrokerSet(ctx, "kafka", args)
		return err
	}, pulumi.WithMocks("kafka-plc", "dev", mocks))
	return rec, err
}

// bsRecorder is what bsRunWithFirewall observed: the registrations and the log.
type bsRecorder struct {
	*mocktest.Mocks
	logs *mocktest.Log
}

func TestKraftBrokerSetOrdering(t *testing.T) {
	p := bsPlan(t, "")
	rec, err := bsRunWithFirewall(t, bsArgs(p, bsKplcBinary(t)), nil)
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	prereqs := []string{"fw-ssh", "fw-dist", "bastion-host"}

	// The instances wait for their inputs only: not for the firewall rules or the bastion.
	for _, b := range p.Brokers {
		inst := rec.Mocks.MustNamed(t, mocktest.TypeInstance, bsName("broker", b.NodeID))
		for _, d := range prereqs {
			if inst.DependsOnName(d) {
				t.Errorf("instance of node %d waits for %s; it needs only its vSwitch and security group", b.NodeID, d)
			}
		}
	}
	// Every step over SSH waits for every prerequisite itself, not only through another step.
	var ssh []mocktest.Resource
	for _, r := range append(rec.ByType(mocktest.TypeRemoteCommand), rec.ByType(mocktest.TypeCopyToRemote)...) {
		ssh = append(ssh, r)
	}
	// Per broker: host-key read, upload directory, two script uploads, script install, host
	// preparation, install, first start, configure; on the bastion: upload directory, kplc
	// upload, script upload, script install, prepare, cluster-ready, finalize-features, rebalance.
	if want := 9*len(p.Brokers) + 8; len(ssh) != want {
		t.Fatalf("%d SSH steps, want %d", len(ssh), want)
	}
	for _, r := range ssh {
		for _, d := range prereqs {
			if !r.DependsOnName(d) {
				t.Errorf("%s %s does not wait for %s; dependencies %v", r.Type, r.Name, d, r.Dependencies)
			}
		}
	}
}

func TestKraftBrokerSetProtectsBrokerData(t *testing.T) {
	for _, allow := range []bool{false, true} {
		t.Run(fmt.Sprintf("AllowBrokerDeletion=%v", allow), func(t *testing.T) {
			p := bsPlan(t, "")
			args := bsArgs(p, bsKplcBinary(t))
			args.AllowBrokerDeletion = allow
			rec, err := bsRunWithFirewall(t, args, nil)
			if err != nil {
				t.Fatalf("program failed: %v", err)
			}
			for _, b := range p.Brokers {
				inst := rec.Mocks.MustNamed(t, mocktest.TypeInstance, bsName("broker", b.NodeID))
				if v, set := inst.Bool("deletionProtection"); !set || v != !allow {
					t.Errorf("node %d: deletionProtection = %v (set %v), want %v", b.NodeID, v, set, !allow)
				}
				disks := inst.Array("dataDisks")
				if len(disks) != 1 {
					t.Fatalf("node %d: %d data disks", b.NodeID, len(disks))
				}
				if v, set := mocktest.Bool(disks[0].ObjectValue(), "deleteWithInstance"); !set || !v {
					t.Errorf("node %d: data disk deleteWithInstance = %v (set %v), want an explicit true (no orphaned disks)", b.NodeID, v, set)
				}
				// Every input whose change would replace the broker (or stop it, or re-install its
				// system disk) is ignored on the running instance.
				got := append([]string(nil), inst.IgnoreChanges...)
				sort.Strings(got)
				want := []string{"availabilityZone", "dataDisks", "imageId", "instanceType", "keyName", "privateIp", "systemDiskCategory", "vswitchId"}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("node %d: ignoreChanges = %v, want %v", b.NodeID, got, want)
				}
			}
			if bastion := rec.Mocks.MustNamed(t, mocktest.TypeInstance, "bastion-host"); len(bastion.IgnoreChanges) != 0 {
				t.Errorf("test setup: the stand-in bastion has ignoreChanges %v", bastion.IgnoreChanges)
			}
		})
	}
}

// TestKraftBrokerSetInstanceTypeChange: a changed brokerInstanceType would be applied in place
// to every broker at once (each stopped and started, no restart gates). The instances ignore
// it, and the program warns, per broker that runs as another type, with the manual procedure.
func TestKraftBrokerSetInstanceTypeChange(t *testing.T) {
	const small, large = "ecs.g7.large", "ecs.g7.2xlarge"
	tests := []struct {
		name       string
		configured string
		running    map[int]string // the type the cloud reports per node; unlisted nodes run the configured type
		warnNodes  []int
	}{
		{"first deploy: the instances run the configured type", small, nil, nil},
		{"type changed for the whole set", large, map[int]string{1: small, 2: small, 3: small}, []int{1, 2, 3}},
		{"changed after node 1 was resized by hand", large, map[int]string{2: small, 3: small}, []int{2, 3}},
		{"node 1 resized by hand, config not changed", small, map[int]string{1: large}, []int{1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := bsPlan(t, "")
			args := bsArgs(p, bsKplcBinary(t))
			args.InstanceType = tc.configured
			rec, err := bsRunWithFirewall(t, args, func(r mocktest.Resource, out resource.PropertyMap) {
				for n, typ := range tc.running {
					if r.Type == mocktest.TypeInstance && r.Name == bsName("broker", n) {
						out["instanceType"] = resource.NewProperty(typ)
					}
				}
			})
			if err != nil {
				t.Fatalf("program failed: %v", err)
			}
			for _, b := range p.Brokers {
				inst := rec.MustNamed(t, mocktest.TypeInstance, bsName("broker", b.NodeID))
				if !inst.Ignores("instanceType") {
					t.Errorf("node %d: instanceType is not ignored (ignoreChanges %v): the provider would stop every broker at once", b.NodeID, inst.IgnoreChanges)
				}
				if got := inst.Str("instanceType"); got != tc.configured {
					t.Errorf("node %d: instanceType input = %q, want the configured %q", b.NodeID, got, tc.configured)
				}
			}
			all := rec.logs.WarningsContaining("brokerInstanceType")
			if len(all) != len(tc.warnNodes) {
				t.Errorf("%d instance type warnings, want %d: %q", len(all), len(tc.warnNodes), all)
			}
			for _, n := range tc.warnNodes {
				node := fmt.Sprintf("node %d runs as %s, but brokerInstanceType is %s", n, tc.running[n], tc.configured)
				procedure := []string{
					"one broker at a time",
					fmt.Sprintf("kplc safe-to-restart --bootstrap %s --node-id %d", p.InternalBootstrap(), n),
					"change its type to " + tc.configured,
					fmt.Sprintf("kplc wait-ready --bootstrap %s --node-id %d", p.InternalBootstrap(), n),
					"pulumi refresh",
				}
				if got := rec.logs.WarningsContaining(append(procedure, node)...); len(got) != 1 {
					t.Errorf("want one warning saying %q with the procedure %q; warnings: %q", node, procedure, rec.logs.Warnings())
				}
			}
		})
	}
}

func TestKraftBrokerSetRefusesAMovedBroker(t *testing.T) {
	tests := []struct {
		name string
		edit func(out resource.PropertyMap)
		want string
	}{
		{"another private IP", func(out resource.PropertyMap) { out["privateIp"] = resource.NewProperty("10.0.64.99") },
			"node 2 runs at 10.0.64.99 in ap-southeast-1b, but the plan puts it at 10.0.64.10 in ap-southeast-1b"},
		{"another zone", func(out resource.PropertyMap) { out["availabilityZone"] = resource.NewProperty("ap-southeast-1c") },
			"node 2 runs at 10.0.64.10 in ap-southeast-1c, but the plan puts it at 10.0.64.10 in ap-southeast-1b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := bsPlan(t, "")
			rec, err := bsRunWithFirewall(t, bsArgs(p, bsKplcBinary(t)), func(r mocktest.Resource, out resource.PropertyMap) {
				if r.Type == mocktest.TypeInstance && r.Name == bsName("broker", 2) {
					tc.edit(out)
				}
			})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "fix:") {
				t.Fatalf("error = %v, want one saying %q with a fix", err, tc.want)
			}
			// Nothing ran on the misplaced broker.
			for _, kind := range []string{"install", "configure"} {
				if _, ok := rec.Named(mocktest.TypeRemoteCommand, bsName(kind, 2)); ok {
					t.Errorf("%s step of the misplaced node 2 was registered", kind)
				}
			}
		})
	}
}

// TestKraftBrokerSetStageTwoIsAnUpdate: between stage 1 and stage 2 a configure step changes
// only its stdin (server.properties), not its command or triggers. The command provider diffs
// every input, so a stdin change alone is an update, which runs Update (the same command) with
// the new stdin; a triggers change would be a replacement instead.
func TestKraftBrokerSetStageTwoIsAnUpdate(t *testing.T) {
	kplc := bsKplcBinary(t)
	before := bsInputs(t, bsArgs(bsPlan(t, ""), kplc))
	after := bsInputs(t, bsArgs(bsPlan(t, "plc-7f3a9c"), kplc))
	for i := 1; i <= 3; i++ {
		key := mocktest.TypeRemoteCommand + " " + bsName("configure", i)
		b, a := before[key], after[key]
		for _, prop := range []resource.PropertyKey{"create", "update", "triggers", "connection"} {
			if !b[prop].DeepEquals(a[prop]) {
				t.Errorf("configure-%d: %s changed at stage 2; only stdin may", i, prop)
			}
		}
		if b["stdin"].DeepEquals(a["stdin"]) {
			t.Errorf("configure-%d: stdin did not change at stage 2", i)
		}
		if a["update"].StringValue() != a["create"].StringValue() {
			t.Errorf("configure-%d: update is not the create command", i)
		}
	}
}

// TestKraftBrokerSetNewBastionReuploads: CopyToRemote copies only when its source or path
// changes, so a replaced bastion (a new address) must change its triggers to get kplc again.
func TestKraftBrokerSetNewBastionReuploads(t *testing.T) {
	p := bsPlan(t, "")
	kplc := bsKplcBinary(t)
	first := bsInputs(t, bsArgs(p, kplc))
	args := bsArgs(p, kplc)
	args.SSH.BastionPublicIP = pulumi.String("203.0.113.99")
	second := bsInputs(t, args)
	for _, key := range []string{mocktest.TypeCopyToRemote + " kafka-kplc-upload", mocktest.TypeRemoteCommand + " kafka-kplc-staging"} {
		if first[key]["triggers"].DeepEquals(second[key]["triggers"]) {
			t.Errorf("%s: triggers unchanged for a new bastion, so kplc would not be copied to it", key)
		}
	}
}

// A replaced bastion starts empty. CopyToRemote copies only when its source or path changes,
// and a new connection alone is an update that copies nothing (pulumi-command v1.2.1
// copyController.go L118-191); so the bastion steps key on the bastion's instance ID, which
// changes even when a new bastion gets the old public address. The broker steps reach the
// new bastion through their connection (an update runs Update, the same command: facts,
// remote update) and wait for the new preparation.
func TestKraftBrokerSetNewBastionInstanceRedoesTheBastionSteps(t *testing.T) {
	p := bsPlan(t, "")
	kplc := bsKplcBinary(t)
	args := bsArgs(p, kplc)
	args.BastionInstanceID = pulumi.String("i-bastion-1")
	first := bsInputs(t, args)
	args = bsArgs(p, kplc)
	args.BastionInstanceID = pulumi.String("i-bastion-2") // same public IP
	second := bsInputs(t, args)
	for _, key := range []string{mocktest.TypeCopyToRemote + " kafka-kplc-upload", mocktest.TypeRemoteCommand + " kafka-kplc-staging",
		mocktest.TypeRemoteCommand + " kafka-prepare-bastion"} {
		if first[key]["triggers"].DeepEquals(second[key]["triggers"]) {
			t.Errorf("%s: triggers unchanged for a new bastion instance, so it would not run on it", key)
		}
	}
	for _, n := range []int{1, 2, 3} {
		for _, step := range []string{"install", "configure"} {
			key := fmt.Sprintf("%s kafka-%s-%d", mocktest.TypeRemoteCommand, step, n)
			if !first[key]["triggers"].DeepEquals(second[key]["triggers"]) {
				t.Errorf("%s: replaced for a new bastion; it holds broker state and should only follow the connection", key)
			}
		}
	}
}

// The brokers fetch kplc from the bastion and must verify it: the install step carries the
// binary's SHA-256. A new binary changes the install step (it re-runs and re-fetches) but not
// the configure steps, which a new kplc gives no reason to run.
func TestKraftBrokerSetInstallVerifiesKplc(t *testing.T) {
	p := bsPlan(t, "")
	kplc := bsKplcBinary(t)
	mocks, _ := bsMustRun(t, bsArgs(p, kplc))
	data, err := os.ReadFile(kplc)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("--kplc-checksum 'sha256:%x'", sha256.Sum256(data))
	for _, n := range []int{1, 2, 3} {
		if got := mocks.MustNamed(t, mocktest.TypeRemoteCommand, fmt.Sprintf("kafka-install-%d", n)).RevealedStr("create"); !strings.Contains(got, want) {
			t.Errorf("install-%d does not pass %s", n, want)
		}
	}

	other := filepath.Join(t.TempDir(), "kplc-linux-amd64")
	if err := os.WriteFile(other, []byte("\x7fELF another kplc"), 0o755); err != nil {
		t.Fatal(err)
	}
	before, after := bsInputs(t, bsArgs(p, kplc)), bsInputs(t, bsArgs(p, other))
	changed := fmt.Sprint(mocktest.ChangedInputs(before, after))
	for _, n := range []int{1, 2, 3} {
		if !strings.Contains(changed, fmt.Sprintf("kafka-install-%d", n)) {
			t.Errorf("a new kplc does not change install-%d; changed: %s", n, changed)
		}
		if strings.Contains(changed, fmt.Sprintf("kafka-configure-%d", n)) {
			t.Errorf("a new kplc changes configure-%d; changed: %s", n, changed)
		}
	}
}
