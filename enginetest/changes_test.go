package enginetest

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/resource/deploy"
)

// hostSteps are the dev stack's per-broker install and configure steps and the steps after them.
func hostSteps(names ...string) []string {
	out := []string{"kafka-plc-dev-checks", "kafka-plc-dev-cluster-ready"}
	for n := 1; n <= 3; n++ {
		out = append(out, fmt.Sprintf("kafka-plc-dev-install-%d", n), fmt.Sprintf("kafka-plc-dev-configure-%d", n))
	}
	out = append(out, names...)
	sort.Strings(out)
	return out
}

// replacedOrDeleted returns the steps that replace or delete a cloud resource (host steps are
// replaced when their triggers change: that runs their command again and deletes nothing).
func replacedOrDeleted(r *Result) []string {
	var out []string
	for _, s := range r.Steps {
		if strings.HasPrefix(s.Type(), "command:") {
			continue
		}
		switch s.Op {
		case deploy.OpReplace, deploy.OpCreateReplacement, deploy.OpDeleteReplaced, deploy.OpDelete:
			out = append(out, s.String())
		}
	}
	return out
}

// TestRollingChanges is scenario 4, the changes that reach the brokers only through their host
// steps: each causes exactly the install, configure, cluster-ready and check steps (and, for a
// new Kafka version, the bastion's download) and no alicloud operation, and the brokers are
// reconfigured one at a time in node order.
func TestRollingChanges(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change map[string]any
		extra  []string
		check  func(t *testing.T, tw *Twin)
	}{
		{name: "heap", change: map[string]any{"kafka-plc:brokerHeap": "3g"},
			check: func(t *testing.T, tw *Twin) {
				for n := 1; n <= 3; n++ {
					env, err := tw.Sandbox(fmt.Sprintf("kafka-plc-dev-broker-%d", n)).ReadFile("/etc/kafka/kafka.env")
					if err != nil || !strings.Contains(env, "-Xmx3g") {
						t.Errorf("broker %d kafka.env does not set the new heap (%v):\n%s", n, err, env)
					}
				}
			}},
		// A new version also re-runs finalize-features (its trigger) and updates each broker
		// instance's kafka-version tag in place (TestUpgradeFinalizesOnce checks those).
		{name: "kafka version", change: map[string]any{"kafka-plc:kafkaVersion": "3.8.0"}, extra: []string{"kafka-plc-dev-prepare-bastion",
			"kafka-plc-dev-finalize-features", "kafka-plc-dev-broker-1", "kafka-plc-dev-broker-2", "kafka-plc-dev-broker-3"},
			check: func(t *testing.T, tw *Twin) {
				for n := 1; n <= 3; n++ {
					box := tw.Sandbox(fmt.Sprintf("kafka-plc-dev-broker-%d", n))
					p, err := box.Path("/opt/kafka/current")
					if err == nil {
						p, err = os.Readlink(p)
					}
					if err != nil || p != "kafka_2.13-3.8.0" {
						t.Errorf("broker %d: /opt/kafka/current -> %q (%v), want kafka_2.13-3.8.0", n, p, err)
					}
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tw := devTwin(t, "3.7.1", "3.8.0")
			b := blockedBy(t, 1, 2)
			stageOne(t, tw, b)
			for k, v := range tc.change {
				tw.Set(k, v)
			}
			if _, ok := tc.change["kafka-plc:kafkaVersion"]; ok {
				tw.Set("kafka-plc:kafkaChecksum", tw.KafkaChecksums["3.8.0"])
			}
			before := len(tw.Hosts.Runs())
			up := tw.Up()
			b.must("pulumi up", up)
			want := hostSteps(tc.extra...)
			if got := changedNames(up.Update); !reflect.DeepEqual(got, want) {
				t.Errorf("changed %v\nwant     %v", got, want)
			}
			if p, u := up.Preview.Changed(), up.Update.Changed(); !reflect.DeepEqual(p, u) {
				t.Errorf("preview planned\n  %s\nthe update did\n  %s", strings.Join(p, "\n  "), strings.Join(u, "\n  "))
			}
			for _, op := range tw.CloudOps() {
				// The one cloud operation allowed: the kafka-version tag of a broker instance.
				if _, isVersion := tc.change["kafka-plc:kafkaVersion"]; !isVersion || !strings.Contains(op, "update") || !strings.Contains(op, "broker-") {
					t.Errorf("alicloud operation: %v", op)
				}
			}
			wantSequential(t, "configure steps", runsOf(tw.Hosts.Runs()[before:], configureSteps(3)...), configureSteps(3))
			tc.check(t, tw)
		})
	}
}

// TestBrokerCountThreeToFour is scenario 4, brokerCount 3 → 4: broker 4 is created with its
// NLB server group, listener and attachments; no existing resource is replaced or deleted; the
// existing brokers are reconfigured in node order before broker 4 starts.
func TestBrokerCountThreeToFour(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	tw.Set("kafka-plc:brokerCount", 4)
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	b.must("pulumi up with brokerCount 4", up)
	if bad := replacedOrDeleted(up.Update); len(bad) != 0 {
		t.Errorf("brokerCount 3 → 4 replaced or deleted: %v", bad)
	}
	for _, want := range []string{
		"create " + typeInstance + " kafka-plc-dev-broker-4",
		"create " + typeRemoteCommand + " kafka-plc-dev-install-4",
		"create " + typeRemoteCommand + " kafka-plc-dev-configure-4",
		"create alicloud:nlb/listener:Listener kafka-plc-dev-listener-9096",
		"create alicloud:nlb/serverGroup:ServerGroup kafka-plc-dev-broker-4",
	} {
		if !slices.Contains(up.Update.Changed(), want) {
			t.Errorf("brokerCount 3 → 4 did not %s", want)
		}
	}
	for _, op := range tw.Cloud.Ops() {
		if op.Kind == "delete" || op.Err != "" || (op.Type == typeInstance && op.URN.Name() != "kafka-plc-dev-broker-4") {
			t.Errorf("cloud operation %s %s %s (error %q)", op.Kind, op.Type, op.URN.Name(), op.Err)
		}
	}
	runs := runsOf(tw.Hosts.Runs()[before:], configureSteps(4)...)
	var names []string
	for _, r := range runs {
		names = append(names, r.URN.Name())
	}
	wantSequential(t, "configure steps", runs, names)
	if len(names) == 0 || names[len(names)-1] != "kafka-plc-dev-configure-4" {
		t.Errorf("configure steps ran %v, want broker 4's last", names)
	}
}

// TestIgnoredSettingsWarn is scenario 4, the settings that a running broker never takes
// (sshPublicKey, imageId, brokerInstanceType, dataDiskSizeGb): the update replaces and deletes
// nothing, touches no broker instance, and warns naming the setting.
func TestIgnoredSettingsWarn(t *testing.T) {
	for _, tc := range []struct {
		setting string
		value   func(tw *Twin) any
		defects []int
	}{
		{"sshPublicKey", func(tw *Twin) any { return tw.Keys[1].Public }, nil},
		{"imageId", func(*Twin) any { return "aliyun_3_x64_20G_alibase_20250101.vhd" }, nil},
		{"brokerInstanceType", func(*Twin) any { return "ecs.g7.2xlarge" }, nil},
		{"dataDiskSizeGb", func(*Twin) any { return 400 }, []int{13}},
	} {
		t.Run(tc.setting, func(t *testing.T) {
			tw := devTwin(t)
			b := blockedBy(t, append([]int{1, 2}, tc.defects...)...)
			stageOne(t, tw, b)
			tw.Set("kafka-plc:"+tc.setting, tc.value(tw))
			up := tw.Up()
			b.must("pulumi up", up)
			if bad := replacedOrDeleted(up.Update); len(bad) != 0 {
				t.Errorf("replaced or deleted: %v", bad)
			}
			for _, op := range tw.Cloud.Ops() {
				if op.Type == typeInstance && strings.Contains(op.URN.Name(), "broker") {
					t.Errorf("broker instance touched: %s %s", op.Kind, op.URN.Name())
				}
			}
			warned := false
			for _, w := range up.Update.Warnings() {
				warned = warned || strings.Contains(w, tc.setting)
			}
			for _, d := range tc.defects {
				b.observed(d, !warned, "no warning names "+tc.setting)
			}
			if !warned {
				t.Errorf("no warning names %s; warnings: %v", tc.setting, up.Update.Warnings())
			}
		})
	}
}

// TestSSHPrivateKeyRotation is scenario 4, a new sshPrivateKey (with its public half): no cloud
// resource is replaced or deleted, no broker instance is touched, and the new key is a secret in
// the checkpoint.
func TestSSHPrivateKeyRotation(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	tw.Set("kafka-plc:sshPublicKey", tw.Keys[1].Public)
	tw.SetSecret("kafka-plc:sshPrivateKey", tw.Keys[1].Private)
	up := tw.Up()
	b.must("pulumi up with a rotated key", up)
	if bad := replacedOrDeleted(up.Update); len(bad) != 0 {
		t.Errorf("key rotation replaced or deleted: %v", bad)
	}
	for _, op := range tw.Cloud.Ops() {
		if op.Type == typeInstance {
			t.Errorf("instance touched by a key rotation: %s %s", op.Kind, op.URN.Name())
		}
	}
	state := stateJSON(t, up.Update)
	if line := strings.Split(strings.TrimSpace(tw.Keys[1].Private), "\n")[1]; strings.Contains(state, line) {
		t.Error("the checkpoint holds the new private key in plain text")
	}
	// command v1.2.1 updates a step whose connection changed, and an update runs the command
	// again: every host step re-runs (idempotent; configure restarts no broker whose file is
	// unchanged, the scripts are installed again from the uploads already there); the uploads
	// are updated without copying again. The host-key read steps read the keys again over the
	// new connections; the pins see the same keys and do not change. The first starts ignore every
	// input after their creation, so they do not run again.
	want := join(dev("update", typeRemoteCommand, "bastion-host-key-read", "checks", "checks-scripts", "checks-staging", "cluster-ready",
		"configure-1", "configure-2", "configure-3", "exporter-probe", "finalize-features", "host-key-1-read", "host-key-2-read", "host-key-3-read",
		"install-1", "install-2", "install-3", "kplc-staging",
		"prepare-bastion", "prepare-host-1", "prepare-host-2", "prepare-host-3", "rebalance", "scripts", "scripts-1", "scripts-2", "scripts-3", "staging-1", "staging-2", "staging-3"),
		dev("update", typeCopyToRemote, "checks-upload-exporter-probe", "checks-upload-verify", "kplc-upload", "upload-configure-broker-1",
			"upload-configure-broker-2", "upload-configure-broker-3", "upload-install-broker-1", "upload-install-broker-2",
			"upload-install-broker-3", "upload-prepare-bastion"))
	wantChanged(t, "key rotation", up.Update, want)
}

// TestBastionReplacements is scenario 4, the settings that replace the bastion (it holds no
// data): bastionZone (its vSwitch too) and systemDiskCategory. The update succeeds, deletes the
// old bastion before it creates the new one (same private IP), touches no broker instance, and
// the broker steps follow the new bastion.
func TestBastionReplacements(t *testing.T) {
	for _, tc := range []struct {
		setting string
		value   any
	}{
		{"bastionZone", "ap-southeast-1b"},
		{"systemDiskCategory", "cloud_auto"},
	} {
		t.Run(tc.setting, func(t *testing.T) {
			tw := devTwin(t)
			b := blockedBy(t, 1, 2, 6)
			stageOne(t, tw, b)
			old, _ := tw.Instance("kafka-plc-dev-bastion")
			tw.Set("kafka-plc:"+tc.setting, tc.value)
			up := tw.Up()
			b.must("pulumi up", up)
			for _, op := range tw.Cloud.Ops() {
				if op.Type == typeInstance && strings.Contains(op.URN.Name(), "broker") {
					t.Errorf("broker instance touched: %s %s", op.Kind, op.URN.Name())
				}
			}
			now, ok := tw.Instance("kafka-plc-dev-bastion")
			if !ok || now.InstanceID == old.InstanceID {
				t.Errorf("bastion not replaced: %+v", now)
			}
			if runs := tw.RunsOn("kafka-plc-dev-bastion"); len(runs) == 0 {
				t.Error("nothing ran on the new bastion")
			}
		})
	}
}

// TestRefusedPlacementChanges is scenario 4, the changes that would move or re-create a
// vSwitch holding brokers (zones reordered, brokerVswitchCidrs changed): refused before any
// provider call, with a preview and with --skip-preview, naming the setting.
func TestRefusedPlacementChanges(t *testing.T) {
	for _, tc := range []struct {
		setting string
		value   any
		defects []int
	}{
		{"zones", []string{"ap-southeast-1b", "ap-southeast-1a", "ap-southeast-1c"}, []int{12}},
		{"brokerVswitchCidrs", []string{"10.0.0.0/19", "10.0.64.0/19", "10.0.128.0/19"}, []int{7, 12}},
	} {
		for _, skipPreview := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/skip-preview=%v", tc.setting, skipPreview), func(t *testing.T) {
				tw := devTwin(t)
				b := blockedBy(t, append([]int{1, 2}, tc.defects...)...)
				stageOne(t, tw, b)
				before := len(tw.Hosts.Runs())
				tw.Set("kafka-plc:"+tc.setting, tc.value)
				var up *Run
				if skipPreview {
					up = tw.UpSkipPreview()
				} else {
					up = tw.Up()
				}
				ops, runs := tw.CloudOps(), tw.Hosts.Runs()[before:]
				for _, d := range tc.defects {
					b.observed(d, len(ops)+len(runs) > 0 || up.Err() == nil,
						fmt.Sprintf("%d alicloud operations and %d host commands before the refusal (error: %v); first operations: %v",
							len(ops), len(runs), up.Err() != nil, head(ops, 5)))
				}
				if up.Err() == nil {
					t.Fatalf("changing %s was not refused", tc.setting)
				}
				if text := up.Last().ErrorText(); !strings.Contains(text, tc.setting) {
					t.Errorf("the refusal does not name %s:\n%s", tc.setting, condensed(text))
				}
			})
		}
	}
}

// head returns the first n items of s.
func head(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
