package config

import "testing"

// testHostKey is an SSH host public key (ed25519) for the pinned host key settings.
const testHostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKjydj1NA/Zv6mRyDHbrFb3LMFhUXigx+yu+h7z9Jb9G"

// TestHostKeySettings: bastionHostKey (mode new) and jumpHostKey (mode existing) are optional;
// a set key reaches Config as "<type> <base64>" (the comment dropped), the form pulumi-command's
// hostKey takes.
func TestHostKeySettings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		base  func() Values
		edits Values
		get   func(c *Config) string
		want  string
	}{
		{"bastion unset: recorded on first contact", validNew, nil, func(c *Config) string { return c.BastionHostKey }, ""},
		{"bastion pinned", validNew, Values{"bastionHostKey": raw(testHostKey + " root@bastion")}, func(c *Config) string { return c.BastionHostKey }, testHostKey},
		{"jump host unset", validExisting, nil, func(c *Config) string { return c.Existing.JumpHostKey }, ""},
		{"jump host pinned", validExisting, Values{"jumpHostKey": raw("  " + testHostKey + "\n")}, func(c *Config) string { return c.Existing.JumpHostKey }, testHostKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load("kafka-plc", "dev", with(tc.base(), tc.edits))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := tc.get(c); got != tc.want {
				t.Errorf("host key = %q, want %q", got, tc.want)
			}
		})
	}
}
