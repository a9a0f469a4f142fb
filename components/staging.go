package components

import (
	"fmt"
	"path"
	"strings"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Uploading kplc safely. The login user may not be root, so the binary cannot be copied
// straight to a root-owned path; and a fixed path in a shared directory such as /tmp can be
// pre-created (or replaced by a symlink) by another local user between the upload and the
// `sudo install` that follows. So every upload goes through a staging directory that only the
// login user can enter: $HOME/.kafka-plc/<component name>, mode 0700, checked to be a real
// directory owned by the user. A first step creates and checks it and prints its absolute
// path, which is where CopyToRemote writes (CopyToRemote takes a path as the SFTP server sees
// it; an absolute one does not depend on the server's working directory, and the step makes
// sure the parent directories exist whatever the provider version does about them). The
// install step then checks that the upload is a regular file (not a symlink) owned by the user
// in that directory before it installs it as root.
const (
	// stagingTop is the login user's kafka-plc directory, relative to $HOME.
	stagingTop = ".kafka-plc"
	// stagingFile is the uploaded binary's name inside the staging directory.
	stagingFile = "kplc"
	// stagingTimeout bounds the staging and check steps (seconds).
	stagingTimeout = 60
	// stagedInstallTimeout bounds installing the staged binary (seconds).
	stagedInstallTimeout = 120
)

// stagingScript creates $HOME/$1 (and $HOME/.kafka-plc) with mode 0700, refuses anything that
// is not a directory owned by the login user, and prints the directory's absolute path.
const stagingScript = `set -eu
umask 077
top="$HOME/` + stagingTop + `"
d="$HOME/$1"
mkdir -p -- "$d"
for x in "$top" "$d"; do
  if [ -L "$x" ] || [ ! -d "$x" ] || [ "$(stat -c %u -- "$x")" != "$(id -u)" ]; then
    echo "kafka-plc: $x is not a directory owned by $(id -un); remove it and re-run the update" >&2
    exit 1
  fi
  chmod 0700 -- "$x"
done
printf '%s\n' "$d"`

// stagedCheckScript refuses to go on unless $1 is a regular file (not a symlink) owned by the
// login user, in a directory owned by the user with mode 0700.
const stagedCheckScript = `set -eu
f="$1"
d="$(dirname -- "$f")"
if [ -L "$d" ] || [ "$(stat -c %u:%a -- "$d")" != "$(id -u):700" ]; then
  echo "kafka-plc: $d is not a private (0700) directory of $(id -un); refusing to install from it" >&2
  exit 1
fi
if [ -L "$f" ] || [ ! -f "$f" ] || [ "$(stat -c %u -- "$f")" != "$(id -u)" ]; then
  echo "kafka-plc: $f is not a regular file owned by $(id -un); refusing to install it" >&2
  exit 1
fi`

// stagingDir returns the staging directory of the component named name, relative to $HOME.
func stagingDir(name string) string {
	return stagingTop + "/" + name
}

// stagingCommand returns the command line that creates the staging directory rel (relative to
// $HOME) and prints its absolute path.
func stagingCommand(rel string) string {
	return fmt.Sprintf("timeout %d sh -c %s kplc-staging %s", stagingTimeout, shellQuote(stagingScript), shellQuote(rel))
}

// stagedInstallCommand returns the command line that checks the staged binary in rel (relative
// to $HOME) as the login user, then installs it as dest with mode 0755, under `sudo -n` unless
// user is root. $HOME is expanded by the login shell, before sudo, so it is the login user's.
func stagedInstallCommand(user, rel, dest string) string {
	staged := `"$HOME"/` + shellQuote(rel+"/"+stagingFile)
	check := fmt.Sprintf("timeout %d sh -c %s kplc-check %s", stagingTimeout, shellQuote(stagedCheckScript), staged)
	install := fmt.Sprintf("timeout %d install -D -m 0755 %s %s", stagedInstallTimeout, staged, shellQuote(dest))
	return check + " && " + asRoot(user, install)
}

// newStagingStep registers the step that creates the staging directory rel over conn, and
// returns it with the directory's absolute path (uploads go into it: stagingFile, the scripts).
// what names the host in errors.
func newStagingStep(ctx *pulumi.Context, resourceName, rel, what string, conn remote.ConnectionInput,
	triggers pulumi.Array, opts ...pulumi.ResourceOption) (*remote.Command, pulumi.StringOutput, error) {
	cmd := stagingCommand(rel)
	step, err := remote.NewCommand(ctx, resourceName, &remote.CommandArgs{
		Connection:             conn,
		Create:                 pulumi.String(cmd),
		Update:                 pulumi.String(cmd),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		// Re-checked whenever a new binary is uploaded (or the host changes), in case the
		// directory was removed since.
		Triggers: triggers,
	}, opts...)
	if err != nil {
		return nil, pulumi.StringOutput{}, fmt.Errorf("creating the upload directory on %s: %w", what, err)
	}
	dir := step.Stdout.ApplyT(func(out string) (string, error) {
		return stagedUploadDir(out, rel, what)
	}).(pulumi.StringOutput)
	return step, dir, nil
}

// stagedUpload returns the absolute upload path of file in the staging directory dir (as
// newStagingStep returns it).
func stagedUpload(dir pulumi.StringOutput, file string) pulumi.StringOutput {
	return dir.ApplyT(func(d string) string { return d + "/" + file }).(pulumi.StringOutput)
}

// stagedUploadPath turns the staging step's output into the absolute upload path of the kplc
// binary (see stagedUploadDir).
func stagedUploadPath(out, rel, what string) (string, error) {
	dir, err := stagedUploadDir(out, rel, what)
	if err != nil {
		return "", err
	}
	return dir + "/" + stagingFile, nil
}

// stagedUploadDir turns the staging step's output into the staging directory's absolute path,
// refusing anything but a clean absolute path that ends in rel.
func stagedUploadDir(out, rel, what string) (string, error) {
	dir := strings.TrimSpace(out)
	if !strings.HasPrefix(dir, "/") || path.Clean(dir) != dir || !strings.HasSuffix(dir, "/"+rel) || strings.ContainsAny(dir, "\n'\"") {
		return "", fmt.Errorf("the upload directory step on %s printed %q, want the absolute path of $HOME/%s; "+
			"fix: check the login user's home directory on that host", what, abbreviate(dir), rel)
	}
	return dir, nil
}
