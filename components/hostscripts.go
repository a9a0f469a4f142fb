package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/scripts"
)

// Scripts on the hosts. pulumi-command v1.2.1 formats a failed command as
// `<exit status>: running "<the whole command>":\n<output>` (provider/pkg/provider/remote/
// commandOutputs.go L101 at tag v1.2.1), so a step whose command carries lib.sh and its script
// fails with 25-30 KB of shell before the script's own message. Instead, each host receives the
// scripts it runs once: every script (lib.sh followed by it, scripts.Bundle) is copied by a
// CopyToRemote of a text asset into the login user's private staging directory (staging.go),
// then one step per host checks each upload (a regular file of the user in that 0700
// directory, with the SHA-256 computed here) and installs it as root into scripts.HostDir, and
// the steps run it by path (scripts.RunCommand: the runner refuses a file with another digest).
// A command therefore carries the script's name, its digest and the flags: one short line, and
// still no secret. A script change changes the digest, hence the commands of exactly the steps
// that run that script (and what their triggers are computed from), as when the text itself was
// in the command.

// scriptsInstallTimeout bounds each command of the install step (seconds).
const scriptsInstallTimeout = 60

// stagedScriptsCheck refuses to go on unless each pair of arguments FILE SHA256 names a regular
// file (not a symlink) owned by the login user, in a directory owned by the user with mode 0700,
// whose SHA-256 is SHA256.
const stagedScriptsCheck = `set -eu
while [ "$#" -ge 2 ]; do
  f="$1"; want="$2"; shift 2
  d="$(dirname -- "$f")"
  if [ -L "$d" ] || [ "$(stat -c %u:%a -- "$d")" != "$(id -u):700" ]; then
    echo "kafka-plc: $d is not a private (0700) directory of $(id -un); refusing to install from it" >&2
    exit 1
  fi
  if [ -L "$f" ] || [ ! -f "$f" ] || [ "$(stat -c %u -- "$f")" != "$(id -u)" ]; then
    echo "kafka-plc: $f is not a regular file owned by $(id -un); refusing to install it" >&2
    exit 1
  fi
  got="$(sha256sum <"$f")"
  got="${got%% *}"
  if [ "$got" != "$want" ]; then
    echo "kafka-plc: $f has sha256 $got, want $want (not the script this update uploaded); refusing to install it; fix: pulumi up --replace the URN of its upload step (pulumi stack --show-urns)" >&2
    exit 1
  fi
done`

// hostScript is one script a host runs: its name, its bundle and the bundle's SHA-256.
type hostScript struct {
	name, text, sum string
}

// hostScriptsOf returns the scripts named names with their texts and digests.
func hostScriptsOf(names ...string) ([]hostScript, error) {
	out := make([]hostScript, 0, len(names))
	for _, n := range names {
		text, err := scripts.Bundle(n)
		if err != nil {
			return nil, err
		}
		sum, err := scripts.Checksum(n)
		if err != nil {
			return nil, err
		}
		out = append(out, hostScript{name: n, text: text, sum: sum})
	}
	return out, nil
}

// scriptsInstallCommand returns the command line that checks the uploads of list in the staging
// directory rel (relative to $HOME) as the login user, then installs each as root (`sudo -n`
// unless user is root) into dir (scripts.HostDir but in tests), atomically (a temp name in the
// same directory, then a rename), with mode 0755. $HOME is expanded by the login shell, before
// sudo.
func scriptsInstallCommand(user, rel, dir string, list []hostScript) string {
	check := []string{"timeout", fmt.Sprint(scriptsInstallTimeout), "sh", "-c", shellQuote(stagedScriptsCheck), "kplc-scripts-check"}
	var install []string
	for _, s := range list {
		staged := `"$HOME"/` + shellQuote(rel+"/"+s.name)
		dest := dir + "/" + s.name
		check = append(check, staged, s.sum)
		install = append(install,
			asRoot(user, fmt.Sprintf("timeout %d install -D -m 0755 %s %s", scriptsInstallTimeout, staged, shellQuote(dest+".new"))),
			asRoot(user, fmt.Sprintf("timeout %d mv -f %s %s", scriptsInstallTimeout, shellQuote(dest+".new"), shellQuote(dest))))
	}
	return strings.Join(append([]string{strings.Join(check, " ")}, install...), " && ")
}

// scriptSteps names one host's script resources: uploads "<prefix>-upload-<script><suffix>"
// (script without .sh) and the install step "<prefix>-scripts<suffix>".
type scriptSteps struct {
	prefix, suffix string
	// what names the host in errors.
	what string
}

// register registers one host's uploads of list into the staging directory dir (created by
// staging, relative path rel) and the step that checks and installs them. host changes when the
// host is replaced: CopyToRemote copies again only when its source or path changes (pulumi-command
// v1.2.1 remote/copyController.go Update, L137-154), so a new host at the same address needs a
// trigger to receive the scripts. The returned step is what every step running a script waits
// for.
func (n scriptSteps) register(ctx *pulumi.Context, conn remote.ConnectionInput, user, rel string, dir pulumi.StringOutput,
	staging pulumi.Resource, list []hostScript, host pulumi.Input, deps []pulumi.Resource, opts ...pulumi.ResourceOption) (*remote.Command, error) {
	triggers := pulumi.Array{host}
	var uploads []pulumi.Resource
	for _, s := range list {
		up, err := remote.NewCopyToRemote(ctx, fmt.Sprintf("%s-upload-%s%s", n.prefix, strings.TrimSuffix(s.name, ".sh"), n.suffix),
			&remote.CopyToRemoteArgs{
				Connection: conn,
				// A text asset is known at preview (v1.2.1 refuses an unknown source in Check) and
				// is written to remotePath exactly (copyController.go copyTextContent, L34-62).
				Source:     pulumi.NewStringAsset(s.text),
				RemotePath: stagedUpload(dir, s.name),
				Triggers:   triggers,
			}, append(opts, pulumi.DependsOn(append([]pulumi.Resource{staging}, deps...)))...)
		if err != nil {
			return nil, fmt.Errorf("uploading %s to %s: %w", s.name, n.what, err)
		}
		uploads = append(uploads, up)
	}
	cmd := scriptsInstallCommand(user, rel, scripts.HostDir, list)
	step, err := remote.NewCommand(ctx, fmt.Sprintf("%s-scripts%s", n.prefix, n.suffix), &remote.CommandArgs{
		Connection:             conn,
		Create:                 pulumi.String(cmd),
		Update:                 pulumi.String(cmd),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		// The command carries every digest, so a script change is an update that installs it
		// again; a new host replaces the step (and its uploads), which installs on it.
		Triggers: triggers,
	}, append(opts, pulumi.DependsOn(append(uploads, deps...)))...)
	if err != nil {
		return nil, fmt.Errorf("installing the scripts on %s: %w", n.what, err)
	}
	return step, nil
}
