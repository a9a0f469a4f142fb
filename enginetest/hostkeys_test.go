package enginetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Issue 12 item 8: SSH host keys. pulumi-command v1.2.1 ignores host keys unless a connection
// sets hostKey (remote/connection.go L88-98); cmdsim checks a set one as the provider does.

// stateResource returns the live resource of the update's checkpoint named name.
func stateResource(t *testing.T, r *Result, name string) (typ string, outputs resource.PropertyMap) {
	t.Helper()
	for _, s := range live(r.Snapshot) {
		if s.URN.Name() == name {
			return string(s.Type), s.Outputs
		}
	}
	t.Fatalf("no resource %s in the checkpoint", name)
	return "", nil
}

// plain unwraps a secret property value.
func plain(v resource.PropertyValue) resource.PropertyValue {
	if v.IsSecret() {
		return v.SecretValue().Element
	}
	return v
}

// pinnedKey returns the key an SSHHostKey holds in the checkpoint: its pin step's stdout.
func pinnedKey(t *testing.T, r *Result, hostKey string) string {
	t.Helper()
	_, out := stateResource(t, r, hostKey+"-pin")
	return plain(out["stdout"]).StringValue()
}

// hostKeyOf returns the live instance's SSH host key.
func hostKeyOf(t *testing.T, tw *Twin, instance string) string {
	t.Helper()
	k, err := tw.Sandbox(instance).HostKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestHostKeysRecordedOnFirstDeploy: the first deploy records the bastion's and every broker's
// host key in the checkpoint (the keys the hosts present), and every connection of every SSH step
// in the checkpoint requires them, on both hops; only a host's own read step reached it unpinned.
// The next update re-reads nothing.
func TestHostKeysRecordedOnFirstDeploy(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	up := tw.Up()
	b.must("first deploy", up)

	bastion, _ := tw.Instance("kafka-plc-dev-bastion")
	want := map[string]string{bastion.PublicIP: hostKeyOf(t, tw, "kafka-plc-dev-bastion")}
	recorded := map[string]string{"kafka-plc-dev-bastion-host-key": want[bastion.PublicIP]}
	for n := 1; n <= 3; n++ {
		broker, _ := tw.Instance(fmt.Sprintf("kafka-plc-dev-broker-%d", n))
		want[broker.PrivateIP] = hostKeyOf(t, tw, fmt.Sprintf("kafka-plc-dev-broker-%d", n))
		recorded[fmt.Sprintf("kafka-plc-dev-host-key-%d", n)] = want[broker.PrivateIP]
	}
	for hk, key := range recorded {
		if got := pinnedKey(t, up.Update, hk); got != key {
			t.Errorf("%s holds %q, want the key the host presents, %q", hk, got, key)
		}
	}

	steps := 0
	for _, s := range live(up.Update.Snapshot) {
		typ := string(s.Type)
		if typ != typeRemoteCommand && typ != typeCopyToRemote {
			continue
		}
		steps++
		conn := plain(s.Outputs["connection"]).ObjectValue()
		hops := []resource.PropertyMap{conn}
		if p, ok := conn["proxy"]; ok && plain(p).IsObject() {
			hops = append(hops, plain(p).ObjectValue())
		}
		for i, hop := range hops {
			host := plain(hop["host"]).StringValue()
			got := ""
			if k, ok := hop["hostKey"]; ok && plain(k).IsString() {
				got = plain(k).StringValue()
			}
			if i == 0 && strings.HasSuffix(s.URN.Name(), "-read") {
				if got != "" {
					t.Errorf("%s: the first contact with %s required %q", s.URN.Name(), host, got)
				}
				continue
			}
			if got != want[host] {
				t.Errorf("%s: the hop to %s requires host key %q, want %q", s.URN.Name(), host, got, want[host])
			}
		}
	}
	if steps < 10 {
		t.Fatalf("only %d SSH steps in the checkpoint", steps)
	}

	before := len(tw.Hosts.Runs())
	again := tw.Up()
	b.must("second pulumi up", again)
	for _, r := range tw.Hosts.Runs()[before:] {
		if strings.HasSuffix(r.URN.Name(), "-read") {
			t.Errorf("the second update read a host key again: %s", r.URN.Name())
		}
	}
}

// TestChangedHostKeyFailsLaterUpdate: after the first deploy a host presents another key (a
// rebuilt host, or another machine at its address); the next update that reaches it fails in
// the provider's dial with x/crypto/ssh's "host key mismatch", and no command is sent to it
// (for the bastion: to it nor through it). The recorded key stays in the checkpoint.
func TestChangedHostKeyFailsLaterUpdate(t *testing.T) {
	for _, tc := range []struct {
		name, instance, hostKey string
		wantErr                 string
	}{
		{"broker 2", "kafka-plc-dev-broker-2", "kafka-plc-dev-host-key-2",
			"proxy: after 40 failed attempts: ssh: handshake failed: ssh: host key mismatch"},
		{"bastion", "kafka-plc-dev-bastion", "kafka-plc-dev-bastion-host-key",
			"after 40 failed attempts: ssh: handshake failed: ssh: host key mismatch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tw := devTwin(t)
			b := blockedBy(t, 1, 2)
			stageOne(t, tw, b)
			recorded := hostKeyOf(t, tw, tc.instance)
			if _, err := tw.Sandbox(tc.instance).RotateHostKey(); err != nil {
				t.Fatal(err)
			}
			before := len(tw.Hosts.Runs())
			tw.Set("kafka-plc:brokerHeap", "3g")
			up := tw.Up()
			if up.Preview.Err != nil {
				b.failed("preview", up.Preview)
			}
			if up.Update.Err == nil {
				t.Fatalf("the update succeeded although %s presents another host key", tc.instance)
			}
			if text := up.Update.ErrorText(); !strings.Contains(text, tc.wantErr) {
				t.Errorf("update error does not say %q:\n%s", tc.wantErr, condensed(text))
			}
			host, _ := tw.Instance(tc.instance)
			for _, r := range tw.Hosts.Runs()[before:] {
				if r.Host == host.InstanceID || tc.instance == "kafka-plc-dev-bastion" {
					t.Errorf("%s ran on %s after its host key changed", r.URN.Name(), r.Host)
				}
			}
			if got := pinnedKey(t, up.Update, tc.hostKey); got != recorded {
				t.Errorf("%s holds %q after the failed update, want the recorded %q", tc.hostKey, got, recorded)
			}
		})
	}
}

// TestChangedHostKeyRefusedWithRecovery: when a step reads a host's key again (here the
// bastion's, because a new sshPrivateKey changes its connection) and gets another one, the pin
// step refuses with kafka-plc's message: what changed, that nothing ran, the out-of-band check
// and the recovery command; no other step runs. Pinning the verified new key with
// bastionHostKey recovers: the update succeeds and every bastion hop requires that key.
func TestChangedHostKeyRefusedWithRecovery(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	bastion := tw.Sandbox("kafka-plc-dev-bastion")
	recorded := hostKeyOf(t, tw, "kafka-plc-dev-bastion")
	rotated, err := bastion.RotateHostKey()
	if err != nil {
		t.Fatal(err)
	}
	tw.Set("kafka-plc:sshPublicKey", tw.Keys[1].Public)
	tw.SetSecret("kafka-plc:sshPrivateKey", tw.Keys[1].Private)
	before := len(tw.Hosts.Runs())
	up := tw.Up()
	if up.Preview.Err != nil {
		b.failed("preview", up.Preview)
	}
	if up.Update.Err == nil {
		t.Fatal("the update succeeded although the bastion presents another host key")
	}
	failed := up.Update.Failed()
	if len(failed) != 1 || failed[0].Name() != "kafka-plc-dev-bastion-host-key-pin" {
		t.Errorf("failed steps = %v, want only the bastion's pin step", failed)
	}
	text := up.Update.ErrorText()
	for _, w := range []string{
		"the SSH host key of the bastion changed", "Pinned: " + recorded, "Now presented: " + rotated,
		"Nothing was run on the bastion", "treat this as an attack", "/etc/ssh/ssh_host_ed25519_key.pub",
		"pulumi up --replace 'urn:pulumi:dev::kafka-plc::kafka-plc:index:SSHHostKey$command:remote:Command::kafka-plc-dev-bastion-host-key-read'",
		"bastionHostKey setting",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("the refusal does not say %q:\n%s", w, condensed(text))
		}
	}
	// Only the bastion's read (over its new, unpinned connection) and its refusing pin ran;
	// everything else, the brokers' reads included, waits for the pinned key.
	var ran []string
	for _, r := range tw.Hosts.Runs()[before:] {
		ran = append(ran, r.URN.Name())
		if r.URN.Name() == "kafka-plc-dev-bastion-host-key-pin" && r.ExitCode == 0 {
			t.Errorf("the bastion's pin step accepted the changed key")
		}
	}
	if fmt.Sprint(ran) != "[kafka-plc-dev-bastion-host-key-read kafka-plc-dev-bastion-host-key-pin]" {
		t.Errorf("after the bastion's key changed these ran: %v, want only its read and pin steps", ran)
	}
	if got := pinnedKey(t, up.Update, "kafka-plc-dev-bastion-host-key"); got != recorded {
		t.Errorf("the bastion's pin holds %q after the refusal, want the recorded %q", got, recorded)
	}

	// Recovery: the operator checked the new key out of band and pins it.
	tw.Set("kafka-plc:bastionHostKey", rotated+" root@bastion")
	fixed := tw.Up()
	b.must("pulumi up with bastionHostKey", fixed)
	for _, s := range live(fixed.Update.Snapshot) {
		if strings.HasPrefix(s.URN.Name(), "kafka-plc-dev-bastion-host-key") {
			t.Errorf("%s is still in the checkpoint with bastionHostKey set", s.URN.Name())
		}
	}
	_, prep := stateResource(t, fixed.Update, "kafka-plc-dev-prepare-bastion")
	if got := plain(plain(prep["connection"]).ObjectValue()["hostKey"]).StringValue(); got != rotated {
		t.Errorf("prepare-bastion requires %q, want the configured key %q", got, rotated)
	}
}

// TestPinnedBastionHostKeyMismatchRefuses: with bastionHostKey set up front, the very first
// connection to the bastion requires it: a bastion presenting another key gets no command, and
// nothing runs anywhere (the brokers are reached through it).
func TestPinnedBastionHostKeyMismatchRefuses(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	tw.Set("kafka-plc:bastionHostKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKjydj1NA/Zv6mRyDHbrFb3LMFhUXigx+yu+h7z9Jb9G")
	up := tw.Up()
	if up.Preview.Err != nil {
		b.failed("preview", up.Preview)
	}
	if up.Update.Err == nil {
		t.Fatal("the first deploy succeeded although the bastion presents another key than bastionHostKey")
	}
	if text := up.Update.ErrorText(); !strings.Contains(text, "after 40 failed attempts: ssh: handshake failed: ssh: host key mismatch") {
		t.Errorf("the refusal is not the provider's host key mismatch:\n%s", condensed(text))
	}
	if runs := tw.Hosts.Runs(); len(runs) != 0 {
		t.Errorf("%d commands ran (first: %s on %s), want none", len(runs), runs[0].URN.Name(), runs[0].Host)
	}
}
