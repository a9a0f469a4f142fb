// Package cmdsim simulates the pulumi-command provider v1.2.1 (package "command": remote:Command,
// remote:CopyToRemote, local:Command) and the hosts it reaches over SSH, for kafka-plc's engine twin.
//
// The provider behaves as v1.2.1 does, including its defects, not as we would like it to. Every
// behaviour names its source: github.com/pulumi/pulumi-command at tag v1.2.1 (paths below
// provider/pkg/provider/), pulumi-go-provider v1.3.0 (infer/resource.go, which v1.2.1 is built on),
// golang.org/x/crypto/ssh (error texts), and the pulumi-command section of
// /work/shared/reference/alicloud-provider-facts.md ("facts").
//
// # Hosts and sandboxes
//
// A simulated host is a directory under the base directory (hosts/<hostID>/), made on first contact:
//
//	root/      the host's filesystem: $KPLC_ROOT, which every kafka-plc script prefixes to its paths
//	bin/       a copy of scripts/testdata/stubs (kplc, systemctl, curl, ...), first on PATH but for sim/
//	sim/       the host's own stand-ins: sudo (runs its arguments) and id (see below)
//	state/     stub state, $KPLC_STUB_STATE (e.g. state/kplc/safe-to-restart.exit)
//	calls.log  every stub call, $KPLC_STUB_LOG
//	tmp/       $TMPDIR
//
// Commands run as the scripts tests run them (scripts/harness_test.go): `bash -c TEXT` (sshd runs
// the command with the login shell; bash on our images), with KPLC_ROOT, KPLC_STUB_LOG,
// KPLC_STUB_STATE, KPLC_STUB_FIXTURES (a fixtures directory shared by all hosts: what "downloads"
// return) and SUDO_USER= set, the stubs first on PATH, and HOME = root/root for root or
// root/home/<user> for any other login user; the working directory is HOME, as for an SSH session.
// Every login user is the test process's own OS user: the connection's user name chooses the home
// directory only (and whether the program adds `sudo -n`). So `id` with no user operand answers for
// the process user, consistent with stat(1) on files the host made; `id <user>` is the stub's.
//
// # Host paths
//
// The scripts reach the host filesystem through $KPLC_ROOT themselves. The program's own command
// lines (components/staging.go, brokerset.go, existing.go) also name absolute host paths: as the
// program to run (`timeout ... /usr/local/bin/kplc cluster-ready`) and as operands of file commands
// (`install -D -m 0755 SRC /opt/kafka-plc/dist/kplc`). MapHostPaths, the one place that maps them,
// reads the outer command line as shell words and rewrites only literal words:
//
//   - the command word of a simple command (after sudo, timeout, env wrappers and VAR=value) when
//     it is an absolute path: to the stub of that name if there is one (kplc: a simulated host has
//     no Kafka for the real binary to talk to), else to "$KPLC_ROOT"/path unless it is a system
//     program (/bin, /usr/bin, /sbin, /usr/sbin);
//   - absolute operands of file commands (install, cp, mv, mkdir, rm, ln, chmod, touch, cat, stat,
//     test) and absolute redirection targets, to "$KPLC_ROOT"/path (not /dev/null and the like);
//   - nothing else: operands of bash/sh (the script texts and their flags) stay as they are.
//
// A path already inside the sandbox (as "$HOME" expands to) is never rewritten. CopyToRemote's
// remotePath follows the same rule (Sandbox.Path); a text asset goes to remotePath exactly, as
// v1.2.1 writes it (remote/copyController.go copyTextContent, L34-62), which is how the program
// uploads the scripts (components/hostscripts.go). The scripts are then installed with install
// and mv (file commands: mapped), and run through scripts.RunCommand, whose inline runner is an
// operand of bash -c and so is left alone: like the scripts, it prefixes $KPLC_ROOT itself.
//
// # Reachability
//
// Lookup names the host behind an address. A connection without a proxy reaches a host only at a
// public address (not RFC 1918/4193, net.IP.IsPrivate) that Lookup resolves. With a proxy, the
// proxy must be reachable that way, and the target may then be any address Lookup resolves, private
// or public (the bastion can reach every VPC address; VPCs are not modelled). Anything else fails
// as v1.2.1 fails after its dial retries, without sleeping.
//
// # Host keys
//
// Every host has an ed25519 SSH host key, made with its sandbox; the public half in
// root/etc/ssh/ssh_host_ed25519_key.pub is what its sshd presents (Sandbox.HostKey;
// Sandbox.RotateHostKey stands for a re-keyed host or an impostor). A hop whose connection sets
// hostKey reaches it only if that is the presented key, failing otherwise as v1.2.1 does
// (remote/connection.go L85-98 with x/crypto/ssh: see handshake in hostkeys.go).
//
// # Gate verdicts
//
// As in the scripts tests, the kplc stub reads state/kplc/<SUB>.exit, <SUB>.msg and <SUB>.delay:
// host.SetState("kplc/safe-to-restart.exit", "1") makes the restart gate refuse on that host.
package cmdsim
