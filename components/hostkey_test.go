package components

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// hostKeyOf returns a connection hop's hostKey ("" when unset).
func hostKeyOf(hop resource.PropertyMap) string {
	v, ok := hop["hostKey"]
	if !ok {
		return ""
	}
	v = mocktest.Reveal(v)
	if !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// TestEveryConnectionIsPinned: pulumi-command v1.2.1 accepts any host key on a hop without
// hostKey (remote/connection.go L88-98, ssh.InsecureIgnoreHostKey), so every hop of every
// connection of both SSH components must carry one, except the host's own hop of the step that
// records that host's key (the first contact), whose jump is still pinned.
func TestEveryConnectionIsPinned(t *testing.T) {
	bs, _ := bsMustRun(t, bsArgs(bsPlan(t, ""), bsKplcBinary(t)))
	ex, _ := exMustRun(t, exArgs(t, "unique_name"))
	for _, run := range []struct {
		name  string
		mocks *mocktest.Mocks
		reads int
	}{{"KraftBrokerSet", bs, 3}, {"ExistingBrokerExposure", ex, 3}} {
		t.Run(run.name, func(t *testing.T) {
			reads := 0
			for _, r := range append(run.mocks.ByType(mocktest.TypeRemoteCommand), run.mocks.ByType(mocktest.TypeCopyToRemote)...) {
				conn, _ := bsConnection(t, r)
				firstContact := strings.Contains(mocktest.Str(r.Inputs, "create"), " kplc-host-key")
				if firstContact {
					reads++
				}
				switch got := hostKeyOf(conn); {
				case firstContact && got != "":
					t.Errorf("%s: the first contact requires a key (%q) before it has read one", r.Name, got)
				case !firstContact && got != mocktest.HostKey:
					t.Errorf("%s: connection.hostKey = %q, want the pinned key %q", r.Name, got, mocktest.HostKey)
				}
				if p, ok := conn["proxy"]; ok && mocktest.Reveal(p).IsObject() {
					if got := hostKeyOf(mocktest.Reveal(p).ObjectValue()); got != mocktest.HostKey {
						t.Errorf("%s: connection.proxy.hostKey = %q, want the jump host's pinned key", r.Name, got)
					}
				}
			}
			if reads != run.reads {
				t.Errorf("%d host-key read steps, want %d (one per broker)", reads, run.reads)
			}
		})
	}
}

// TestSSHAccessRequiresTheBastionKey: without a bastion host key the components refuse before
// registering anything, naming the field.
func TestSSHAccessRequiresTheBastionKey(t *testing.T) {
	for _, tc := range []struct {
		name  string
		run   func() error
		comp  string
		field string
	}{
		{"KraftBrokerSet", func() error {
			args := bsArgs(bsPlan(t, ""), bsKplcBinary(t))
			args.SSH.BastionHostKey = nil
			_, _, err := bsRun(t, args)
			return err
		}, "KraftBrokerSet", "SSH.BastionHostKey"},
		{"ExistingBrokerExposure", func() error {
			args := exArgs(t, "unique_name")
			args.JumpHostKey = nil
			return runWithMocks(newTestMocks(), func(ctx *pulumi.Context) error {
				_, err := NewExistingBrokerExposure(ctx, "kafka", args)
				return err
			})
		}, "ExistingBrokerExposure", "JumpHostKey"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkArgErrorField(t, tc.run(), tc.comp, tc.field)
		})
	}
}

// TestHostKeyPinScript runs the pin step's script as pulumi-command's local provider does (sh
// -c, environment set, and on update the previous stdout in PULUMI_COMMAND_STDOUT:
// local/commandOutputs.go): a first run prints the key, a re-run with the same key prints it
// again, a re-run with another key refuses with the recovery steps and prints nothing.
func TestHostKeyPinScript(t *testing.T) {
	const keyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKjydj1NA/Zv6mRyDHbrFb3LMFhUXigx+yu+h7z9Jb9G"
	const keyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMkX6Kh6jrhPlNOn+YxmLtGu6WEJefUsdNfBdlEzpAuc"
	recovery := hostKeyRecovery("node 2 (ap-southeast-1b)", "urn:pulumi:dev::kafka-plc::x$command:remote:Command::kafka-host-key-2-read", "")
	for _, tc := range []struct {
		name, previous, now string
		wantOut             string
		wantErr             []string
	}{
		{name: "first contact", previous: "", now: keyA, wantOut: keyA + "\n"},
		{name: "same key again", previous: keyA, now: keyA, wantOut: keyA + "\n"},
		{name: "changed key", previous: keyA, now: keyB, wantErr: []string{
			"the SSH host key of node 2 (ap-southeast-1b) changed", "Pinned: " + keyA, "Now presented: " + keyB,
			"Nothing was run on node 2", "treat this as an attack",
			"pulumi up --replace 'urn:pulumi:dev::kafka-plc::x$command:remote:Command::kafka-host-key-2-read'"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command("/bin/sh", "-c", hostKeyPinScript)
			cmd.Env = append(os.Environ(), "KPLC_HOST=node 2 (ap-southeast-1b)", "KPLC_HOST_KEY="+tc.now, "KPLC_RECOVERY="+recovery)
			if tc.previous != "" {
				cmd.Env = append(cmd.Env, "PULUMI_COMMAND_STDOUT="+tc.previous)
			}
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if tc.wantErr == nil {
				if err != nil || stdout.String() != tc.wantOut {
					t.Fatalf("pin script: err %v, stdout %q (stderr %q), want stdout %q", err, stdout.String(), stderr.String(), tc.wantOut)
				}
				return
			}
			if err == nil || stdout.String() != "" {
				t.Fatalf("pin script accepted a changed key: err %v, stdout %q", err, stdout.String())
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("refusal does not say %q:\n%s", w, stderr.String())
				}
			}
		})
	}
}

// TestHostKeyReadScript runs the read step's script against a host root ($KPLC_ROOT): it prints
// "<type> <base64>" of the ed25519 key when there is one (what sshd prefers to present), else
// ECDSA, else RSA, and fails naming the files when there is none.
func TestHostKeyReadScript(t *testing.T) {
	const ed = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKjydj1NA/Zv6mRyDHbrFb3LMFhUXigx+yu+h7z9Jb9G"
	const ec = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEXAMPLE="
	for _, tc := range []struct {
		name    string
		files   map[string]string
		want    string
		wantErr string
	}{
		{"ed25519 preferred", map[string]string{"ssh_host_ed25519_key.pub": ed + " root@bastion\n", "ssh_host_ecdsa_key.pub": ec + "\n"}, ed + "\n", ""},
		{"ecdsa when no ed25519", map[string]string{"ssh_host_ecdsa_key.pub": ec + " root@bastion\n"}, ec + "\n", ""},
		{"no key", nil, "", "no readable SSH host public key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.MkdirAll(root+"/etc/ssh", 0o755); err != nil {
				t.Fatal(err)
			}
			for f, c := range tc.files {
				if err := os.WriteFile(root+"/etc/ssh/"+f, []byte(c), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command("/bin/sh", "-c", hostKeyScript, "kplc-host-key")
			cmd.Env = append(os.Environ(), "KPLC_ROOT="+root)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(stderr.String(), tc.wantErr) {
					t.Fatalf("err %v, stderr %q, want a failure saying %q", err, stderr.String(), tc.wantErr)
				}
				return
			}
			if err != nil || stdout.String() != tc.want {
				t.Fatalf("err %v, stdout %q (stderr %q), want %q", err, stdout.String(), stderr.String(), tc.want)
			}
		})
	}
}

// TestSSHHostKeyRefusesBadArgs: the first contact must not require the key it records, its
// jump must be pinned, and an unparsable key printed by the host fails the update naming it.
func TestSSHHostKeyRefusesBadArgs(t *testing.T) {
	key := pulumi.ToSecret(pulumi.String("k")).(pulumi.StringOutput)
	pinned := pulumi.String(mocktest.HostKey)
	for _, tc := range []struct {
		name  string
		args  *SSHHostKeyArgs
		field string
	}{
		{"host key set on the first contact", &SSHHostKeyArgs{What: "the bastion", Identity: pulumi.String("i-1"),
			Connection: sshDirect(pulumi.String("198.51.100.7"), "root", key, pinned)}, "Connection.HostKey"},
		{"jump not pinned", &SSHHostKeyArgs{What: "node 1", Identity: pulumi.String("i-1"),
			Connection: sshThrough(pulumi.String("10.0.0.10"), "root", nil, pulumi.String("198.51.100.7"), "root", nil, key)}, "Connection.Proxy.HostKey"},
		{"no identity", &SSHHostKeyArgs{What: "the bastion",
			Connection: sshDirect(pulumi.String("198.51.100.7"), "root", key, nil)}, "Identity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := runWithMocks(newTestMocks(), func(ctx *pulumi.Context) error {
				_, err := NewSSHHostKey(ctx, "hk", tc.args)
				return err
			})
			checkArgErrorField(t, err, "SSHHostKey", tc.field)
		})
	}
}
