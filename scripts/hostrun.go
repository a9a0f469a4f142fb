package scripts

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Running the scripts by path. pulumi-command v1.2.1 reports a failed remote command as
// `<exit status>: running "<the whole command>":\n<stdout and stderr>`
// (provider/pkg/provider/remote/commandOutputs.go L101 at tag v1.2.1), so a command that carries
// lib.sh and the script (Command) makes every failure start with 25-30 KB of shell. The program
// therefore uploads each script once per host (lib.sh followed by the script, the text Bundle
// returns), installs it as HostPath(name), and runs it with RunCommand: a one-line command that
// names the script, its SHA-256 and the flags, and refuses to run a file with any other digest.

// HostDir is where the scripts are installed on every host (root:root, 0755 files).
const HostDir = "/opt/kafka-plc/scripts"

// HostPath returns where the named script is installed on a host.
func HostPath(name string) string {
	return HostDir + "/" + name
}

// Bundle returns the text installed on a host for the named script: lib.sh, then the script. It
// runs on its own (`bash FILE ARGS...`): the script's own `source lib.sh` is skipped because
// lib.sh is already loaded.
func Bundle(name string) (string, error) {
	b, err := scriptFiles.ReadFile(name)
	if err != nil || name == libName {
		return "", fmt.Errorf("scripts: unknown script %q (have %s)", name, strings.Join(scriptNames(), ", "))
	}
	return lib + "\n" + string(b), nil
}

// Checksum returns the hex SHA-256 of Bundle(name): what the host verifies the installed file
// against before it runs it, and what changes (and so re-runs the steps that run the script)
// whenever lib.sh or the script changes.
func Checksum(name string) (string, error) {
	text, err := Bundle(name)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:]), nil
}

// runner is the inline program of RunCommand: $0 is the script's name, $1 the SHA-256 the
// program computed, the rest the script's flags. It refuses (exit 1, a message naming the file,
// both digests and the fix) unless the installed file has exactly that digest, then execs bash on
// it. The file is root's in a root-owned directory, so it cannot change between the check and
// the exec. KPLC_ROOT is empty on a real host (sudo drops it from the environment anyway); the
// tests set it, as for every path the scripts touch.
const runner = `f="${KPLC_ROOT:-}` + HostDir + `/$0"; h="$(sha256sum <"$f" 2>/dev/null)" || h=none; h="${h%% *}"; ` +
	`if [ "$h" != "$1" ]; then echo "kafka-plc: ` + HostDir + `/$0 has sha256 $h, want $1 (missing or not the uploaded script); ` +
	`fix: pulumi up --replace the URN of the scripts step of this host" >&2; exit 1; fi; shift; exec bash "$f" "$@"`

// RunCommand returns the shell command line that runs the installed script name with args as
// its flags, under timeout(1) with the given limit (whole seconds, at least one; SIGKILL 30 s
// after SIGTERM), after checking that the installed file's SHA-256 is Checksum(name). It is one
// short line (no script text), so pulumi-command's error message starts with it and then shows
// the script's own output. Every word is single-quoted.
func RunCommand(name string, limit time.Duration, args ...string) (string, error) {
	sum, err := Checksum(name)
	if err != nil {
		return "", err
	}
	secs := int64(limit / time.Second)
	if secs < 1 {
		return "", fmt.Errorf("scripts: timeout %v for %s: must be at least 1s", limit, name)
	}
	words := []string{"timeout", "--kill-after=30", strconv.FormatInt(secs, 10), "bash", "-c", quote(runner), quote(name), sum}
	for _, a := range args {
		words = append(words, quote(a))
	}
	return strings.Join(words, " "), nil
}
