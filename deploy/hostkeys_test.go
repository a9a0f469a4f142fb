package deploy

import (
	"testing"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// TestBastionHostKeyPinnedOrRecorded: without bastionHostKey the program records the bastion's
// key on first contact (an SSHHostKey whose read step alone reaches the bastion unpinned) and
// every other connection to the bastion requires the recorded key; with it nothing is recorded
// and every connection to the bastion, the first one included, requires the configured key.
func TestBastionHostKeyPinnedOrRecorded(t *testing.T) {
	const pinned = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMkX6Kh6jrhPlNOn+YxmLtGu6WEJefUsdNfBdlEzpAuc"
	for _, tc := range []struct {
		name     string
		setting  string
		wantKey  string
		recorded bool
	}{
		{"recorded on first contact", "", mocktest.HostKey, true},
		{"pinned by bastionHostKey", pinned, pinned, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := devStack(3)
			if tc.setting != "" {
				stack["kafka-plc:bastionHostKey"] = tc.setting
			}
			mocks, _ := mustRun(t, stack)
			_, recorded := mocks.Named(components.SSHHostKeyType, "kafka-plc-dev-bastion-host-key")
			if recorded != tc.recorded {
				t.Errorf("bastion SSHHostKey registered = %v, want %v", recorded, tc.recorded)
			}
			bastionHops := 0
			for _, r := range append(mocks.ByType(mocktest.TypeRemoteCommand), mocks.ByType(mocktest.TypeCopyToRemote)...) {
				conn := mocktest.Reveal(r.Inputs["connection"]).ObjectValue()
				hop := conn
				if p, ok := conn["proxy"]; ok && mocktest.Reveal(p).IsObject() {
					hop = mocktest.Reveal(p).ObjectValue()
				}
				if mocktest.RevealedStr(hop, "host") != "198.51.100.7" {
					t.Fatalf("%s: reaches %q, not the bastion's public IP, directly or as jump", r.Name, mocktest.RevealedStr(hop, "host"))
				}
				bastionHops++
				got := mocktest.RevealedStr(hop, "hostKey")
				if r.Name == "kafka-plc-dev-bastion-host-key-read" {
					if got != "" {
						t.Errorf("%s: the first contact requires %q before reading the key", r.Name, got)
					}
					continue
				}
				if got != tc.wantKey {
					t.Errorf("%s: the bastion hop requires host key %q, want %q", r.Name, got, tc.wantKey)
				}
			}
			if bastionHops == 0 {
				t.Fatal("no SSH step registered")
			}
		})
	}
}
