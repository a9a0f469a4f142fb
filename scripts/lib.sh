# shellcheck shell=bash
#
# lib.sh: functions shared by the kafka-plc host scripts.
#
# On a host a script is one file, this file followed by the script (package scripts' Bundle),
# installed in /opt/kafka-plc/scripts and run by path (RunCommand), so there is no sibling file
# to source; Command puts the same text inline (`bash -c TEXT NAME ARGS...`). In the repository
# each script sources this file itself unless kplc_lib_loaded is defined.
#
# Sourcing it defines functions and the read-only host layout, once: a second source changes
# nothing. A script defines usage() and calls lib_init before anything else.
#
# Conventions the functions share:
# - Messages go to stderr, prefixed with PROG; die exits 1, usage_error exits 2.
# - Every external command that can hang runs under timeout(1), through timed.
# - A file is replaced only through a temp file made by mktemp in the same directory, which
#   gets its mode and owner, is fsync'ed, renamed over the old file, and then the directory is
#   fsync'ed, so a crash leaves the old file or the new one, never a torn one (rename_into_place
#   and keep_backup are the only places that rename). Temp files and
#   dirs are registered and removed on every exit path (the EXIT trap; HUP, INT and TERM exit
#   through it too); a registered path that was renamed into place is forgotten first.

if ! declare -F kplc_lib_loaded >/dev/null; then
# The body is not indented: it is the whole file.

# kplc_lib_loaded: defined once lib.sh is loaded.
kplc_lib_loaded() { :; }

# The host layout fixed by the contracts. Scripts prefix every path with ROOT (empty on a real
# host; the tests run the scripts in a temporary root).
# shellcheck disable=SC2034 # for the scripts
readonly ROOT="${KPLC_ROOT:-}" \
  KAFKA_BASE="/opt/kafka" \
  MOUNT_POINT="/var/lib/kafka" \
  DATA_DIR="/var/lib/kafka/data" \
  CONF_DIR="/etc/kafka" \
  CONF="/etc/kafka/server.properties" \
  ENV_FILE="/etc/kafka/kafka.env" \
  RESTART_PENDING="/etc/kafka/restart-pending" \
  READY_PENDING="/etc/kafka/ready-pending" \
  UNIT_FILE="/etc/systemd/system/kafka.service" \
  KAFKA_USER="kafka" \
  KAFKA_LOG_DIR="/var/log/kafka" \
  LOG4J_CONF="/etc/kafka/log4j.properties" \
  KAFKA_TARGET="/etc/kafka/kafka-target" \
  CLUSTER_FORMED="/etc/kafka/cluster-formed" \
  KPLC_BIN="/usr/local/bin/kplc" \
  DIST_DIR="/opt/kafka-plc/dist"

# The standard directories lib_init appends to PATH. KPLC_BASE_PATH replaces them in the tests
# only, which hide a command (say cmp) to prove that preflight names it.
readonly BASE_PATH="${KPLC_BASE_PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}"

# lib_init: the common start of a script: PROG (its name, for messages) set from $0; the
# standard directories appended to PATH (a caller's PATH, where the tests put stubs, wins;
# sudo's secure_path lacks /usr/local/bin, where kplc lives); umask 022, so that directories
# made here are readable by the kafka user even where root's umask is 077; temp files removed
# on every exit.
lib_init() {
  PROG="${0##*/}"
  PATH="${PATH:+${PATH}:}${BASE_PATH}"
  export PATH
  umask 022
  TMP_FILES=()
  TMP_DIRS=()
  trap cleanup_temp EXIT
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

log() { printf '%s: %s\n' "${PROG}" "$*" >&2; }

die() {
  printf '%s: error: %s\n' "${PROG}" "$*" >&2
  exit 1
}

# usage_error MESSAGE: prints MESSAGE and the script's usage() text, exits 2.
usage_error() {
  printf '%s: usage error: %s\n' "${PROG}" "$*" >&2
  usage
  exit 2
}

# parse_flags SPEC ARGS...: parses "--name VALUE" pairs. SPEC lists "name=var" words (on one
# or more lines); each --name sets the caller's variable var (declared local by the caller:
# bash's dynamic scoping lets printf -v reach it). A "!" after var marks a required flag. An
# unknown argument, a flag without its value, or a missing or empty required flag is a usage
# error (the usage text says what each flag takes); -h/--help prints usage() and exits 0.
parse_flags() {
  local -a _pf_spec
  local _pf_pair _pf_var
  read -r -d '' -a _pf_spec <<<"$1" || :
  shift
  while (($# > 0)); do
    case "$1" in
      -h | --help)
        usage
        exit 0
        ;;
    esac
    _pf_var=""
    for _pf_pair in "${_pf_spec[@]}"; do
      if [[ "$1" == "--${_pf_pair%%=*}" ]]; then
        _pf_var="${_pf_pair#*=}"
        break
      fi
    done
    [[ -n "${_pf_var}" ]] || usage_error "unknown argument ${1@Q}"
    (($# >= 2)) || usage_error "$1 needs a value"
    printf -v "${_pf_var%!}" '%s' "$2"
    shift 2
  done
  for _pf_pair in "${_pf_spec[@]}"; do
    [[ "${_pf_pair}" == *! ]] || continue
    _pf_var="${_pf_pair#*=}"
    _pf_var="${_pf_var%!}"
    [[ -n "${!_pf_var}" ]] || usage_error "--${_pf_pair%%=*} is required"
  done
}

# package_of CMD: prints the Alibaba Cloud Linux 3 / RHEL 8 package that provides CMD.
package_of() {
  case "$1" in
    cmp | diff) printf 'diffutils' ;;
    findmnt | blkid | mount | runuser) printf 'util-linux' ;;
    mkfs.xfs) printf 'xfsprogs' ;;
    mkfs.ext4) printf 'e2fsprogs' ;;
    awk) printf 'gawk' ;;
    sed | grep | curl | tar | gzip | dnf) printf '%s' "$1" ;;
    systemctl) printf 'systemd' ;;
    sysctl) printf 'procps-ng' ;;
    useradd) printf 'shadow-utils' ;;
    timeout|mktemp|rm|mv|ln|chmod|chown|sync|stat|cat|ls|mkdir|dirname|readlink|sleep|id|date|tr|head|sha256sum|sha512sum)
      printf 'coreutils'
      ;;
    kplc) printf 'none: kplc is installed by install-broker.sh on a broker, by prepare-bastion.sh on the bastion' ;;
    *) printf 'unknown' ;;
  esac
}

# preflight LIST...: dies, before anything is changed, unless every command of each LIST (names
# separated by commas; "a|b" needs one of a and b) is on PATH, naming each missing command and
# the package that provides it. A script calls it once, at its start, with every command it
# runs: a missing one must stop the script instead of looking like a failed check (a missing
# cmp looks like a changed config, which restarts Kafka).
preflight() {
  local want alt found pkg
  local -a missing=() pkgs=() wants=() part
  for want in "$@"; do
    IFS=',' read -r -a part <<<"${want}"
    wants+=("${part[@]}")
  done
  for want in "${wants[@]}"; do
    want="${want//[[:space:]]/}"
    [[ -n "${want}" ]] || continue
    found=0
    for alt in ${want//|/ }; do
      if command -v "${alt}" >/dev/null 2>&1; then
        found=1
        break
      fi
    done
    ((found == 0)) || continue
    for alt in ${want//|/ }; do
      pkg="$(package_of "${alt}")"
      missing+=("${alt} (package ${pkg})")
      [[ "${pkg}" == none:* || "${pkg}" == unknown || " ${pkgs[*]} " == *" ${pkg} "* ]] || pkgs+=("${pkg}")
    done
  done
  ((${#missing[@]} > 0)) || return 0
  local list="" m hint=""
  for m in "${missing[@]}"; do
    list+="${list:+, }${m}"
  done
  hint="Install them and re-run."
  ((${#pkgs[@]} == 0)) || hint="Install them ('dnf install -y ${pkgs[*]}') and re-run."
  die "missing command(s): ${list}. Nothing was changed. ${hint}"
}

# Validators: each succeeds when its one argument is well-formed.
is_node_id() { [[ "$1" =~ ^(0|[1-9][0-9]{0,8})$ ]]; }
is_seconds() { [[ "$1" =~ ^[1-9][0-9]{0,6}$ ]]; }
is_port() { [[ "$1" =~ ^[1-9][0-9]{0,4}$ ]] && (("$1" <= 65535)); }
is_host_ports() { [[ "$1" =~ ^[A-Za-z0-9.-]+:[0-9]+(,[A-Za-z0-9.-]+:[0-9]+)*$ ]]; }

# timed SECS CMD [ARGS...]: runs CMD under timeout(1): SIGTERM after SECS seconds, SIGKILL 10 s
# later. --foreground keeps CMD in the script's process group, so that when the limit of the
# whole script (Command's outer timeout) fires, its SIGTERM reaches CMD as well, and the
# script's exit trap runs at once instead of after CMD's own, longer limit.
timed() { timeout --foreground --kill-after=10 "$@"; }

# with_timeout SECS HINT CMD [ARGS...]: runs CMD under timeout(1); when it fails or times
# out, dies naming the command, its exit status and HINT (what to check or do next).
with_timeout() {
  local secs="$1" hint="$2" rc=0
  shift 2
  timed "${secs}" "$@" || rc=$?
  ((rc != 0)) || return 0
  if ((rc == 124 || rc == 137)); then
    die "'$*' did not finish within ${secs} s; ${hint}"
  fi
  die "'$*' failed (exit ${rc}); ${hint}"
}

# cleanup_temp: the EXIT trap. Removes this run's temp files, and its temp dirs (recursively:
# a half-unpacked tarball). A dir is removed only if its name is a mktemp name (.NAME.XXXXXX)
# outside /var/lib/kafka: nothing here can ever reach a Kafka log dir.
cleanup_temp() {
  local p
  for p in "${TMP_FILES[@]}"; do
    rm -f -- "${p}"
  done
  for p in "${TMP_DIRS[@]}"; do
    case "${p}" in
      "${ROOT}"/var/lib/kafka | "${ROOT}"/var/lib/kafka/*) log "not removing ${p}: under /var/lib/kafka" ;;
      */.?*.[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9]) rm -rf -- "${p}" ;;
      *) log "not removing ${p}: not a temp dir name" ;;
    esac
  done
}

# dir_of PATH: sets DIR to the directory part of PATH (like dirname, without a process).
dir_of() {
  DIR="${1%/*}"
  [[ "${DIR}" != "$1" ]] || DIR="."
  DIR="${DIR:-/}"
}

# temp_beside DEST: makes an empty temp file .NAME.XXXXXX (mode 0600) in DEST's directory,
# registers it for removal and sets TEMP to its path.
temp_beside() {
  dir_of "$1"
  TEMP="$(mktemp -- "${DIR}/.${1##*/}.XXXXXX")" ||
    die "cannot create a temp file next to ${1#"${ROOT}"}; is its directory writable and its disk not full?"
  TMP_FILES+=("${TEMP}")
}

# temp_dir_beside DEST: like temp_beside, for a temp directory.
temp_dir_beside() {
  dir_of "$1"
  TEMP="$(mktemp -d -- "${DIR}/.${1##*/}.XXXXXX")" ||
    die "cannot create a temp directory next to ${1#"${ROOT}"}; is its directory writable and its disk not full?"
  TMP_DIRS+=("${TEMP}")
}

# forget_temp PATH: stops tracking PATH (it was renamed into place and must stay).
forget_temp() {
  local -a keep=()
  local p
  for p in "${TMP_FILES[@]}"; do
    [[ "${p}" == "$1" ]] || keep+=("${p}")
  done
  TMP_FILES=("${keep[@]}")
  keep=()
  for p in "${TMP_DIRS[@]}"; do
    [[ "${p}" == "$1" ]] || keep+=("${p}")
  done
  TMP_DIRS=("${keep[@]}")
}

# sync_paths ARGS...: sync(1) with ARGS (files are fsync'ed; -f syncs their whole file system).
sync_paths() {
  with_timeout 120 "the disk is not answering; check 'dmesg' for I/O errors" sync "$@"
}

# rename_into_place TMP DEST: makes TMP (a file, symlink or directory beside DEST) durable and
# renames it over DEST, then makes the rename durable (with any other rename made in that
# directory since its last sync, such as keep_backup's).
rename_into_place() {
  local tmp="$1" dest="$2"
  if [[ -d "${tmp}" && ! -L "${tmp}" ]]; then
    sync_paths -f -- "${tmp}"
  elif [[ ! -L "${tmp}" ]]; then
    sync_paths -- "${tmp}"
  fi
  mv -f -T -- "${tmp}" "${dest}" || die "cannot rename ${tmp#"${ROOT}"} to ${dest#"${ROOT}"}"
  forget_temp "${tmp}"
  dir_of "${dest}"
  sync_paths -- "${DIR}"
}

# keep_backup FILE BACKUP: makes BACKUP (in FILE's directory) another name of FILE's current
# inode, replacing any older BACKUP atomically: same bytes, mode and owner, nothing copied.
# The rename becomes durable with the next rename_into_place in that directory.
keep_backup() {
  temp_beside "$2"
  ln -f -- "$1" "${TEMP}" || die "cannot link ${1#"${ROOT}"} as ${TEMP#"${ROOT}"}"
  mv -f -T -- "${TEMP}" "$2" || die "cannot rename ${TEMP#"${ROOT}"} to ${2#"${ROOT}"}"
  forget_temp "${TEMP}"
}

# put_in_place TMP DEST MODE [OWNER]: gives the temp file TMP its MODE (and OWNER, as
# user:group) and renames it over DEST.
put_in_place() {
  local tmp="$1" dest="$2" mode="$3" owner="${4:-}"
  chmod "${mode}" -- "${tmp}"
  [[ -z "${owner}" ]] || chown -- "${owner}" "${tmp}"
  rename_into_place "${tmp}" "${dest}"
}

# commit_if_changed TMP DEST MODE [OWNER]: puts the temp file TMP in place as DEST unless DEST
# already has the same bytes; then TMP is dropped and only DEST's mode is corrected. Sets
# CHANGED to 1 when it wrote, else 0.
# shellcheck disable=SC2034 # CHANGED is for the caller.
commit_if_changed() {
  local tmp="$1" dest="$2" mode="$3" owner="${4:-}"
  if [[ -f "${dest}" && ! -L "${dest}" ]] && cmp -s -- "${tmp}" "${dest}"; then
    rm -f -- "${tmp}"
    forget_temp "${tmp}"
    # stat prints the mode without leading zeros; compare numerically.
    if (("8#$(stat -c '%a' -- "${dest}")" != "8#${mode}")); then
      chmod "${mode}" -- "${dest}"
      log "set mode ${mode} on ${dest#"${ROOT}"}"
    fi
    CHANGED=0
    return 0
  fi
  put_in_place "${tmp}" "${dest}" "${mode}" "${owner}"
  CHANGED=1
}

# write_if_changed DEST MODE CONTENT [OWNER]: atomically makes DEST hold CONTENT and a newline.
# Sets CHANGED (see commit_if_changed).
write_if_changed() {
  temp_beside "$1"
  printf '%s\n' "$3" >"${TEMP}"
  commit_if_changed "${TEMP}" "$1" "$2" "${4:-}"
}

# copy_if_changed SRC DEST MODE [OWNER]: atomically makes DEST a copy of SRC. Sets CHANGED.
copy_if_changed() {
  temp_beside "$2"
  cat -- "$1" >"${TEMP}"
  commit_if_changed "${TEMP}" "$2" "$3" "${4:-}"
}

# prop FILE KEY: prints the value of KEY in a Java properties FILE (the last assignment wins,
# as in java.util.Properties; continuation lines are not supported). Prints nothing when KEY
# is absent.
prop() {
  awk -v key="$2" '
    /^[[:space:]]*([#!]|$)/ { next }
    {
      line = $0
      sub(/^[[:space:]]+/, "", line)
      if (!match(line, /^[^=:[:space:]]+/)) next
      k = substr(line, 1, RLENGTH)
      if (k != key) next
      v = substr(line, RLENGTH + 1)
      sub(/^[[:space:]]*[=:]?[[:space:]]*/, "", v)
      sub(/[[:space:]]+$/, "", v)
      val = v
    }
    END { printf "%s", val }
  ' "$1"
}

# mount_info DIR: when a file system is mounted exactly at DIR, sets MNT_UUID and MNT_SOURCE
# (either may be empty) and succeeds; returns 1 when nothing is mounted there; dies when
# findmnt fails otherwise.
# shellcheck disable=SC2034 # MNT_UUID and MNT_SOURCE are for the caller.
mount_info() {
  local out rc=0
  MNT_UUID=""
  MNT_SOURCE=""
  out="$(timed 30 findmnt -n -P -o UUID,SOURCE --mountpoint "$1")" || rc=$?
  ((rc != 1)) || return 1
  ((rc == 0)) || die "'findmnt --mountpoint ${1#"${ROOT}"}' failed (exit ${rc}); check 'findmnt' and 'dmesg'"
  if [[ "${out}" =~ UUID=\"([^\"]*)\" ]]; then MNT_UUID="${BASH_REMATCH[1]}"; fi
  if [[ "${out}" =~ SOURCE=\"([^\"]*)\" ]]; then MNT_SOURCE="${BASH_REMATCH[1]}"; fi
  return 0
}

# parse_checksum ALGO:HEX: sets CK_ALGO and CK_HEX (lower case), or exits 2.
parse_checksum() {
  local value="$1" algo hex want
  algo="${value%%:*}"
  hex="${value#*:}"
  hex="${hex,,}"
  case "${algo}" in
    sha256) want=64 ;;
    sha512) want=128 ;;
    *) usage_error "--checksum ${value@Q}: algorithm must be sha256 or sha512, written as sha256:<64 hex> or sha512:<128 hex>" ;;
  esac
  if [[ "${value}" != *:* || ! "${hex}" =~ ^[0-9a-f]+$ || ${#hex} -ne ${want} ]]; then
    usage_error "--checksum ${value@Q}: expected ${algo}:<${want} hex digits>"
  fi
  CK_ALGO="${algo}"
  CK_HEX="${hex}"
}

# digest FILE: prints the CK_ALGO digest of FILE (sha256sum or sha512sum).
digest() {
  local out
  out="$(with_timeout 600 "cannot read ${1#"${ROOT}"}; check 'dmesg' for disk errors" "${CK_ALGO}sum" -- "$1")" || exit 1
  printf '%s\n' "${out%% *}"
}

# verify_checksum FILE SOURCE CONSEQUENCE: dies, after removing FILE (a temp file), unless
# its digest is CK_HEX. The message names SOURCE, both digests and CONSEQUENCE (what was left
# as it was and what to check).
verify_checksum() {
  local file="$1" source="$2" consequence="$3" actual
  actual="$(digest "${file}")"
  [[ "${actual}" != "${CK_HEX}" ]] || return 0
  rm -f -- "${file}"
  die "checksum mismatch for ${source}
  expected ${CK_ALGO}:${CK_HEX}
  actual   ${CK_ALGO}:${actual}
${consequence}"
}

# download URL DEST MAX_SECONDS HINT: fetches URL to DEST (a temp file) with curl, retrying
# transient errors, each attempt limited to MAX_SECONDS. On failure dies with HINT.
download() {
  local url="$1" dest="$2" max="$3" hint="$4"
  with_timeout "$((max + 120))" "download of ${url} failed: ${hint}" \
    curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 \
    --max-time "${max}" -o "${dest}" -- "${url}"
}

# unit_state NODE SERVICE: sets UNIT_STATE to what `systemctl is-active SERVICE` prints, one of
# active, reloading, activating, deactivating, failed, inactive (systemd's unit active states;
# is-active exits 0 only for active and reloading, src/systemctl/systemctl-is-active.c). Dies
# when systemd does not answer, or answers anything else (maintenance, refreshing, nothing):
# the callers act on each state, so an unknown one must not fall into "not running".
unit_state() {
  local node="$1" service="$2" rc=0
  UNIT_STATE="$(timed 60 systemctl is-active "${service}" 2>/dev/null)" || rc=$?
  ((rc != 124)) || die "node ${node}: systemctl is-active ${service} did not answer within 60 s; systemd is not answering (check 'systemctl status' on node ${node})"
  case "${UNIT_STATE}" in
    active | reloading | activating | deactivating | failed | inactive) ;;
    *) die "node ${node}: 'systemctl is-active ${service}' says ${UNIT_STATE:-nothing} (exit ${rc}), a state this script does not act on; nothing was changed. See 'systemctl status ${service}', and re-run once it is active, inactive or failed." ;;
  esac
}

# Exit status of gate_safe_to_restart when kplc refused because no broker answered or the KRaft
# quorum has no leader (kplc safe-to-restart's exit 3), and the caller allowed that.
readonly GATE_NO_QUORUM=3

# The manual procedure, for a refusal after the cluster had formed.
readonly QUORUM_PROCEDURE="To recover by hand: on each broker, 'systemctl status kafka' and 'journalctl -u kafka' say why it is down; start every stopped broker ('systemctl start kafka') so that a majority of the controllers runs; check the quorum with '/opt/kafka/current/bin/kafka-metadata-quorum.sh --bootstrap-server <broker>:9092 describe --status' (it needs a LeaderId); then re-run the update. If a wrong server.properties keeps the brokers from forming a quorum, put the corrected file in place and restart kafka on each broker by hand, one at a time; each keeps the previous file as server.properties.prev."

# gate_safe_to_restart NODE BOOTSTRAP UNTOUCHED [FORMED]: asks `kplc safe-to-restart` whether
# NODE may restart now; kplc asks again for up to 60 s while it is not, and refuses only if it
# still is not. On a refusal dies saying that nothing was changed (UNTOUCHED names what) -
# except that when kplc says nothing answers or the quorum has no leader (exit 3) and FORMED is
# given but names no file (this broker never saw the cluster formed), it returns
# GATE_NO_QUORUM, and the caller goes on without the gate. When FORMED exists, that refusal
# explains the manual procedure.
gate_safe_to_restart() {
  local node="$1" bootstrap="$2" untouched="$3" formed="${4:-}" out rc=0
  log "node ${node}: asking whether a restart is safe (kplc asks again for up to 60 s while it is not)"
  # kplc's stderr (a status line at most every 10 s while it waits) goes straight to ours, so
  # it shows live in `pulumi up`; its stdout is the verdict, quoted below.
  out="$(timed 180 kplc safe-to-restart --bootstrap "${bootstrap}" --node-id "${node}" --wait 60s --timeout 120s)" || rc=$?
  if ((rc == GATE_NO_QUORUM)); then
    if [[ -n "${formed}" && ! -f "${formed}" ]]; then
      log "node ${node}: the cluster has never formed as far as this broker knows (no ${formed#"${ROOT}"}), and kplc says: ${out}"
      return "${GATE_NO_QUORUM}"
    fi
    die "node ${node}: not safe to restart: no broker answers or the KRaft quorum has no leader (kplc exit ${rc}): ${out}
Nothing was changed (${untouched}).${formed:+ The cluster had formed (${formed#"${ROOT}"}), so this is a lost quorum, not a first start.}
${QUORUM_PROCEDURE}"
  fi
  if ((rc != 0)); then
    ((rc != 124)) || out="kplc safe-to-restart did not answer within 180 s"
    die "node ${node}: not safe to restart (kplc exit ${rc}): ${out}
Nothing was changed (${untouched}). Fix the cluster's health and re-run the update. A topic whose in-sync replicas are fewer than its min.insync.replicas blocks every rollout: the reasons above name its partitions."
  fi
  [[ -z "${out}" ]] || printf '%s\n' "${out}" >&2
}

# mark_cluster_formed NODE: records, once, that kplc has seen this broker's cluster formed
# (registered brokers, a quorum leader). From then on a refused gate is a lost quorum to
# recover by hand, never a first start to push through.
mark_cluster_formed() {
  local node="$1" now
  [[ ! -f "${ROOT}${CLUSTER_FORMED}" ]] || return 0
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  temp_beside "${ROOT}${CLUSTER_FORMED}"
  printf '%s\n' "# kafka-plc: kplc saw the cluster formed from node ${node}; restart gates are never skipped from now on." \
    "node.id=${node}" "since=${now}" >"${TEMP}"
  put_in_place "${TEMP}" "${ROOT}${CLUSTER_FORMED}" 0644
  log "node ${node}: recorded that the cluster has formed (${CLUSTER_FORMED})"
}

# mark_ready_pending MARKER NODE SERVICE: atomically writes MARKER (node id, service, UTC time)
# just before SERVICE is restarted. It stays until `kplc wait-ready` has confirmed
# NODE (await_ready removes it), so a run after a failed, timed-out or killed wait checks the
# broker again instead of finding nothing to change and reporting success.
mark_ready_pending() {
  local marker="$1" node="$2" service="$3" now
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  temp_beside "${marker}"
  printf '%s\n' "# kafka-plc: ${service} on node ${node} was (re)started and is not yet confirmed ready." \
    "# The next run waits for it (kplc wait-ready) before reporting success; removed once ready." \
    "node.id=${node}" "service=${service}" "since=${now}" >"${TEMP}"
  put_in_place "${TEMP}" "${marker}" 0644
}

# pending_summary MARKER: prints MARKER's settings on one line ("node.id=1; since=...").
pending_summary() {
  local line out=""
  while IFS= read -r line || [[ -n "${line}" ]]; do
    [[ -z "${line}" || "${line}" == \#* ]] || out+="${out:+; }${line}"
  done <"$1"
  printf '%s\n' "${out}"
}

# await_ready NODE SERVICE BOOTSTRAP READY MARKER WHEN FILES: waits up to READY seconds for
# `kplc wait-ready`, then removes MARKER. On failure MARKER stays, and it dies saying WHEN (for
# example "after the restart"), FILES (where the new and the previous configuration are) and
# that the rolling update stops here, so that the caller restarts no other broker.
await_ready() {
  local node="$1" service="$2" bootstrap="$3" ready="$4" marker="$5" when="$6" files="$7" out rc=0
  log "node ${node}: waiting up to ${ready} s for the broker to be ready"
  # As in gate_safe_to_restart: kplc's status lines stream on stderr, its verdict is captured.
  out="$(timed $((ready + 60)) kplc wait-ready --bootstrap "${bootstrap}" --node-id "${node}" --timeout "${ready}s")" || rc=$?
  if ((rc != 0)); then
    ((rc != 124)) || out="kplc wait-ready did not return within $((ready + 60)) s"
    die "node ${node} did not become ready ${when} (kplc exit ${rc}): ${out}
The rolling update stops here so no other broker restarts. ${files}; see 'journalctl -u ${service}' on this broker.
${marker#"${ROOT}"} stays until the broker is ready: the next run waits for it again before reporting success. Fix the broker, then re-run the update."
  fi
  [[ -z "${out}" ]] || printf '%s\n' "${out}" >&2
  rm -f -- "${marker}"
}

# restart_service NODE SERVICE FILES MARKER: writes MARKER (see mark_ready_pending), then
# restarts SERVICE. On failure dies (MARKER kept) saying FILES (where the new and the previous
# configuration are) and that the rolling update stops here. The caller then runs await_ready.
restart_service() {
  local node="$1" service="$2" files="$3" marker="$4" what rc=0
  mark_ready_pending "${marker}" "${node}" "${service}"
  log "node ${node}: restarting ${service}"
  timed 660 systemctl restart "${service}" || rc=$?
  if ((rc != 0)); then
    what="failed (exit ${rc})"
    ((rc != 124)) || what="did not finish within 660 s"
    die "node ${node}: systemctl restart ${service} ${what}; ${files}; see 'journalctl -u ${service}'. Stopping the rolling update here; the next run waits for the broker to be ready (${marker#"${ROOT}"}) before going on."
  fi
}

# restart_and_wait NODE SERVICE BOOTSTRAP READY FILES MARKER: restart_service, then
# await_ready, which removes MARKER once NODE is ready. On failure dies (MARKER kept), so that
# the caller restarts no other broker.
restart_and_wait() {
  restart_service "$1" "$2" "$5" "$6"
  await_ready "$1" "$2" "$3" "$4" "$6" "after the restart" "$5"
}

fi # kplc_lib_loaded
