package hostkey

import (
	"strings"
	"testing"
)

const ed25519Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKjydj1NA/Zv6mRyDHbrFb3LMFhUXigx+yu+h7z9Jb9G"

// TestParse: a host key line is accepted as pulumi-command will parse it
// (ssh.ParseAuthorizedKey, remote/connection.go L89), normalised to "<type> <base64>"; anything
// pulumi-command would refuse, or that no sshd serves as a host key, is refused with the reason.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, in, want, wantErr string
	}{
		{name: "ed25519 with comment", in: ed25519Key + " root@bastion\n", want: ed25519Key},
		{name: "surrounding blanks", in: "  " + ed25519Key + "  ", want: ed25519Key},
		{name: "empty", in: " ", wantErr: "empty"},
		{name: "not base64", in: "ssh-ed25519 not-base64!", wantErr: "not an OpenSSH public key line"},
		{name: "known_hosts line: the leading host field is read as options, as pulumi-command would", in: "198.51.100.7 " + ed25519Key, want: ed25519Key},
		{name: "two lines", in: ed25519Key + "\n" + ed25519Key, wantErr: "more than one line"},
		{name: "private key", in: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----", wantErr: "PRIVATE key"},
		{name: "security key type", in: "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIEX9fcHcs0mLBQa2VVO6zzFJYgEtYWeRb3DO/Ovwhm8/AAAABHNzaDo=", wantErr: "not an SSH host key type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := Parse(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Parse(%q) = %+v, %v; want an error saying %q", tc.in, k, err, tc.wantErr)
				}
				return
			}
			if err != nil || k.Line != tc.want || k.Type != "ssh-ed25519" || !strings.HasPrefix(k.Fingerprint, "SHA256:") {
				t.Fatalf("Parse(%q) = %+v, %v; want line %q", tc.in, k, err, tc.want)
			}
		})
	}
}
