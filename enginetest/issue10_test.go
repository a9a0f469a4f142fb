package enginetest

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/enginetest/cloudsim"
)

// One scenario per item of issue 10 that no other scenario already exercises. Items 6, 7, 11,
// 12 and 13 are exercised by TestBastionReplacements, TestRefusedPlacementChanges,
// TestDestroyWithoutAllowBrokerDeletionDeletesNothing, TestRefusedPlacementChanges and
// TestIgnoredSettingsWarn; item 10 by TestStageOneFromEmpty and TestModeExisting.

// TestIssue10Item01ServerGroupAddressIPVersion: the stage-1 preview of the example stack passes
// the provider's schema check, and every NLB server group in the cloud is "Ipv4" (facts: the
// server group's address_ip_version validator allows exactly Ipv4 and DualStack).
func TestIssue10Item01ServerGroupAddressIPVersion(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	for _, g := range tw.Cloud.Resources(cloudsim.TokenServerGroup) {
		if v := g.Outputs["addressIpVersion"]; !v.IsString() || v.StringValue() != "Ipv4" {
			t.Errorf("server group %s: addressIpVersion %v, want Ipv4", g.ID, v)
		}
	}
}

// TestIssue10Item02PreviewWithKplcUnbuilt: the very first preview of a stack, with the kplc
// build step still to be created, passes command v1.2.1's Check of the upload (which fails on a
// source unknown at preview).
func TestIssue10Item02PreviewWithKplcUnbuilt(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	preview := tw.Preview()
	if preview.Err != nil {
		b.failed("first pulumi preview", preview)
	}
	if steps := preview.StepsOf("kafka-plc-dev-kplc-upload"); len(steps) != 1 {
		t.Errorf("kplc upload planned %d times, want once", len(steps))
	}
}

// ed25519Key is an ed25519 public key (the example key Pulumi.dev.yaml used to ship), what a
// user who followed the old instructions (ssh-keygen -t ed25519) has.
const ed25519Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPrWELHqVxy+XHOYi1/liI3AwSk3ydyxhSu5wSeEccEZ kafka-plc-dev-example"

// TestIssue10Item03Ed25519KeyRefusedEarly: an ed25519 sshPublicKey is refused by the program
// naming sshPublicKey, before any provider call: ECS ImportKeyPair does not take ssh-ed25519
// keys (facts: ecs/ecsKeyPair public_key).
func TestIssue10Item03Ed25519KeyRefusedEarly(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2, 3)
	tw.Set("kafka-plc:sshPublicKey", ed25519Key)
	up := tw.UpSkipPreview()
	ops := tw.CloudOps()
	b.observed(3, up.Err() == nil || len(ops) > 0,
		"the ed25519 key reached the provider: "+strings.Join(head(ops, 3), "; ")+" "+firstLine(up.Last().ErrorText(), "ed25519"))
	if text := up.Last().ErrorText(); !strings.Contains(text, "sshPublicKey") {
		t.Errorf("the refusal does not name sshPublicKey:\n%s", condensed(text))
	}
}

// TestIssue10Item04ClusterIDNeverAFlag: stack prod-71 derives a cluster ID that starts with "-"
// today; Kafka's argument parser (argparse4j) reads such a value after -t as a flag. Every
// broker's kafka-storage.sh format call must pass an ID that cannot be read as a flag.
func TestIssue10Item04ClusterIDNeverAFlag(t *testing.T) {
	tw := newTwin(t, "prod-71", "Pulumi.dev.yaml")
	b := blockedBy(t, 1, 2, 4)
	b.must("stage 1 pulumi up of prod-71", tw.Up())
	for n := 1; n <= 3; n++ {
		box := tw.Sandbox("kafka-plc-prod-71-broker-" + string(rune('0'+n)))
		if box == nil {
			t.Fatalf("no broker %d", n)
		}
		calls, err := box.Calls()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range calls {
			if strings.HasPrefix(c, "kafka-storage.sh format") {
				b.observed(4, regexp.MustCompile(`(^| )-t -`).MatchString(c), "broker call: "+c)
			}
		}
	}
}

// nlbText is the documented character set of NLB listener and server-group-attachment
// descriptions (facts: nlb/listener listener_description, nlb attachment description: letters,
// digits and , . ; / @ _ -, 2 to 256 characters).
var nlbText = regexp.MustCompile(`^[A-Za-z0-9,.;/@_-]{2,256}$`)

// TestIssue10Item05DescriptionsInCharacterSet: every NLB listener and attachment the stack
// creates has a description in the documented character set.
func TestIssue10Item05DescriptionsInCharacterSet(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2, 5)
	stageOne(t, tw, b)
	for token, key := range map[string]string{cloudsim.TokenListener: "listenerDescription", cloudsim.TokenAttachment: "description"} {
		for _, r := range tw.Cloud.Resources(token) {
			if v := r.Outputs[resourceKey(key)]; v.IsString() && v.StringValue() != "" {
				b.observed(5, !nlbText.MatchString(v.StringValue()), r.URN.Name()+" "+key+" = "+v.StringValue())
			}
		}
	}
}

// TestIssue10Item08NLBOutsideBrokerAddresses: the NLB's zone mappings do not use the vSwitches
// that hold the brokers, so the NLB can never take a planned broker address.
func TestIssue10Item08NLBOutsideBrokerAddresses(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2, 8)
	stageOne(t, tw, b)
	brokerSwitches := map[string]bool{}
	for _, h := range tw.Cloud.Instances() {
		if strings.Contains(h.Name, "-broker-") {
			brokerSwitches[h.VswitchID] = true
		}
	}
	for _, lb := range tw.Cloud.Resources(cloudsim.TokenLoadBalancer) {
		zms := lb.Outputs["zoneMappings"]
		if !zms.IsArray() {
			t.Fatalf("load balancer %s has no zoneMappings", lb.ID)
		}
		for _, zm := range zms.ArrayValue() {
			sw := zm.ObjectValue()["vswitchId"]
			b.observed(8, sw.IsString() && brokerSwitches[sw.StringValue()],
				"NLB zone mapping in broker vSwitch "+sw.StringValue())
		}
	}
}

// TestIssue10Item09WhitelistAfterAttachments: the endpoint service's whitelist entry is created
// only after every NLB attachment of the service (the service is locked while one attaches).
func TestIssue10Item09WhitelistAfterAttachments(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2, 9)
	b.must("stage 1 pulumi up", tw.Up())
	lastAttach, user := -1, -1
	for i, op := range tw.Cloud.Ops() {
		switch op.Type {
		case cloudsim.TokenServiceResource:
			lastAttach = i
		case cloudsim.TokenServiceUser:
			user = i
		}
	}
	b.observed(9, user < lastAttach, "the whitelist entry was created before the last attachment")
}

// TestIssue10Item14KeyRotationWarningMatchesFacts: a changed sshPublicKey is warned about
// without claiming that a key-pair change replaces the brokers (an instance's key_name is not
// ForceNew: facts, ecs/instance key_name).
func TestIssue10Item14KeyRotationWarningMatchesFacts(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2, 14)
	stageOne(t, tw, b)
	tw.Set("kafka-plc:sshPublicKey", tw.Keys[1].Public)
	up := tw.Up()
	b.must("pulumi up", up)
	for _, w := range up.Update.Warnings() {
		if strings.Contains(w, "sshPublicKey") {
			b.observed(14, strings.Contains(w, "replace them"), w)
			return
		}
	}
	t.Errorf("no warning names sshPublicKey: %v", up.Update.Warnings())
}

// firstLine returns the first line of text containing substr ("" if none).
func firstLine(text, substr string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, substr) {
			return condensed(l)
		}
	}
	return ""
}
