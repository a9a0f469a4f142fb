package components

import (
	"slices"
	"strings"
	"testing"
)

// instanceChange is what the provider does when an ecs.Instance input changes
// (alicloud-provider-facts.md, ecs/instance; terraform-provider-alicloud v1.285.0
// resource_alicloud_instance.go).
type instanceChange struct {
	property string
	effect   string
}

// brokerDisruptiveChanges are the instance inputs whose change the provider applies by replacing,
// stopping, rebooting or re-installing the instance: never to be applied to running brokers by
// pulumi up (all at once, without restart gates).
var brokerDisruptiveChanges = []instanceChange{
	{"availabilityZone", "ForceNew: replace"},
	{"systemDiskCategory", "ForceNew: replace"},
	{"dataDisks", "every item field ForceNew: replace (with the data disk)"},
	{"vswitchId", "ModifyInstanceVpcAttribute after stopping the instance"},
	{"privateIp", "same as vswitch_id: stop, modify, start"},
	{"instanceType", "modifyInstanceType with stop/start"},
	{"imageId", "ReplaceSystemDisk with stop/start"},
	{"keyName", "not ForceNew: detach old + attach new, then reboot if running"},
}

// TestBrokerIgnoredChangesMatchTheProvider: brokers ignore exactly the inputs whose change the
// provider applies disruptively, keyName included (a reboot of every broker at once, not a
// replacement).
func TestBrokerIgnoredChangesMatchTheProvider(t *testing.T) {
	var want []string
	for _, c := range brokerDisruptiveChanges {
		want = append(want, c.property)
	}
	got := append([]string(nil), brokerIgnoredChanges...)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("brokerIgnoredChanges = %v, want the disruptive changes %v", got, want)
	}
}

// TestKeyRotationWarningSaysWhatTheProviderDoes: neither a key pair's publicKey nor an
// instance's keyName is ForceNew (facts: ecs/ecsKeyPair public_key: a change is an update that
// calls no API for the key; ecs/instance key_name: detach, attach, reboot). The warning must not
// claim that a key change would replace the brokers and their data disks.
func TestKeyRotationWarningSaysWhatTheProviderDoes(t *testing.T) {
	w := keyRotationWarning("kafka")
	for _, wrong := range []string{"replace them", "would replace"} {
		if strings.Contains(w, wrong) {
			t.Errorf("warning claims a replacement (%q): %s", wrong, w)
		}
	}
	for _, right := range []string{"cannot change the public key of an existing key pair", "calls no API", "reboots it"} {
		if !strings.Contains(w, right) {
			t.Errorf("warning does not say %q: %s", right, w)
		}
	}
}
