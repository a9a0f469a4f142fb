#!/usr/bin/env bash
#
# expose-existing-broker.sh: add the EXTERNAL listener (the one TiDB Cloud reaches through
# the NLB and PrivateLink) to one running broker of an existing KRaft cluster, editing its
# server.properties in place and restarting it only when the file changed, behind the same
# gates as configure-broker.sh.
#
#   expose-existing-broker.sh --file PATH --service NAME --node-id N --external-port P
#                             --advertised-host H --advertised-port P --bootstrap H:P[,H:P...]
#                             [--ready-timeout SECONDS] [--bind-host H]
#
# Runs on the broker, as root (the Pulumi program prefixes it with sudo -n for another user).
# What it does:
# - `kplc expose --dry-run` decides: the file already has the wanted EXTERNAL entries ->
#   nothing to do, no gate, no restart, exit 0. A refusal (not a KRaft file, the EXTERNAL
#   name or port used by another listener, the port taken on this host, the wrong node's
#   file) -> exit 1, nothing changed.
# - Otherwise asks `kplc safe-to-restart`; if it refuses, exits 1 with the file untouched.
# - `kplc expose` writes the file (atomically, keeping mode and owner) after a one-time
#   backup of the original to PATH.kafka-plc.orig, then `systemctl restart` and
#   `kplc wait-ready`; if the broker does not come back, exits 1 so that the caller
#   restarts no other broker.
# On success the last line on stdout is {"nodeId":N,"status":"changed"|"unchanged"}.
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure or refusal (message on stderr), 2 usage error.

set -euo pipefail

readonly PROG="expose-existing-broker.sh"
readonly ROOT="${KPLC_ROOT:-}"
readonly BACKUP_SUFFIX=".kafka-plc.orig"

# Standard locations last, so a caller's PATH (tests put stubs first) wins; sudo's
# secure_path lacks /usr/local/bin, where kplc lives.
PATH="${PATH:+${PATH}:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export PATH

TMP_PATHS=()

log() { printf '%s: %s\n' "${PROG}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${PROG}" "$*" >&2; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: expose-existing-broker.sh --file PATH --service NAME --node-id N --external-port P
                                 --advertised-host H --advertised-port P
                                 --bootstrap H:P[,H:P...] [--ready-timeout SECONDS]
                                 [--bind-host H]
  --file PATH            the broker's server.properties (absolute path)
  --service NAME         the systemd unit that runs the broker, e.g. kafka
  --node-id N            the broker's node.id (the file must say the same)
  --external-port P      port the EXTERNAL listener binds (the NLB's backend port), e.g. 39092
  --advertised-host H    name advertised to TiDB Cloud, e.g. b1.<unique name>.alicloud.plc.tidbcloud.com
  --advertised-port P    the broker's own NLB listener port, e.g. 9093
  --bootstrap H:P,...    the cluster's existing listeners, for the restart gates
  --ready-timeout SECS   how long to wait for the broker after the restart (default 600)
  --bind-host H          host the EXTERNAL listener binds (default: every interface)
EOF
}

usage_error() {
  printf '%s: usage error: %s\n' "${PROG}" "$*" >&2
  usage
  exit 2
}

cleanup() {
  if ((${#TMP_PATHS[@]} > 0)); then
    rm -f -- "${TMP_PATHS[@]}"
  fi
}

# is_port VALUE: succeeds when VALUE is a TCP port number (1-65535).
is_port() {
  [[ "$1" =~ ^[1-9][0-9]{0,4}$ ]] || return 1
  (("$1" <= 65535))
}

# json_status: prints the "status" of the indented JSON report of kplc expose on stdin.
json_status() {
  sed -n 's/^[[:space:]]*"status":[[:space:]]*"\([a-z]*\)",\{0,1\}[[:space:]]*$/\1/p' | head -n 1
}

main() {
  local file="" service="" node_id="" external_port="" adv_host="" adv_port="" bootstrap="" ready=600 bind_host=""
  local path errf report status rc out
  local -a edit
  while (($# > 0)); do
    case "$1" in
      --file | --service | --node-id | --external-port | --advertised-host | --advertised-port | --bootstrap | --ready-timeout | --bind-host)
        (($# >= 2)) || usage_error "$1 needs a value"
        case "$1" in
          --file) file="$2" ;;
          --service) service="$2" ;;
          --node-id) node_id="$2" ;;
          --external-port) external_port="$2" ;;
          --advertised-host) adv_host="$2" ;;
          --advertised-port) adv_port="$2" ;;
          --bootstrap) bootstrap="$2" ;;
          --ready-timeout) ready="$2" ;;
          --bind-host) bind_host="$2" ;;
        esac
        shift 2
        ;;
      -h | --help) usage; exit 0 ;;
      *) usage_error "unknown argument ${1@Q}" ;;
    esac
  done
  [[ -n "${file}" ]] || usage_error "--file is required (the broker's server.properties)"
  [[ -n "${service}" ]] || usage_error "--service is required (the broker's systemd unit, e.g. kafka)"
  [[ -n "${node_id}" ]] || usage_error "--node-id is required (this broker's node.id)"
  [[ -n "${external_port}" ]] || usage_error "--external-port is required (e.g. 39092)"
  [[ -n "${adv_host}" ]] || usage_error "--advertised-host is required"
  [[ -n "${adv_port}" ]] || usage_error "--advertised-port is required (the broker's NLB port)"
  [[ -n "${bootstrap}" ]] || usage_error "--bootstrap is required (host:port list of the cluster)"
  [[ "${file}" == /* ]] || usage_error "--file ${file@Q}: expected an absolute path"
  [[ "${service}" =~ ^[A-Za-z0-9@._-]+$ ]] || usage_error "--service ${service@Q}: expected a systemd unit name, e.g. kafka"
  [[ "${node_id}" =~ ^(0|[1-9][0-9]{0,8})$ ]] || usage_error "--node-id ${node_id@Q}: expected a non-negative integer"
  is_port "${external_port}" || usage_error "--external-port ${external_port@Q}: expected a TCP port, e.g. 39092"
  is_port "${adv_port}" || usage_error "--advertised-port ${adv_port@Q}: expected a TCP port, e.g. 9093"
  [[ "${adv_host}" =~ ^[A-Za-z0-9_.-]+$ ]] || usage_error "--advertised-host ${adv_host@Q}: expected a host name"
  [[ "${bootstrap}" =~ ^[A-Za-z0-9.-]+:[0-9]+(,[A-Za-z0-9.-]+:[0-9]+)*$ ]] || usage_error "--bootstrap ${bootstrap@Q}: expected host:port[,host:port...]"
  [[ "${ready}" =~ ^[1-9][0-9]*$ ]] || usage_error "--ready-timeout ${ready@Q}: expected whole seconds, for example 600"
  [[ "${bind_host}" =~ ^[A-Za-z0-9_.:-]*$ ]] || usage_error "--bind-host ${bind_host@Q}: expected a host name or IP"

  path="${ROOT}${file}"
  [[ -f "${path}" ]] || die "node ${node_id}: ${file} does not exist; set propertiesPath of node ${node_id} in existingBrokers to the file the ${service} service starts Kafka with"
  command -v kplc >/dev/null 2>&1 || die "kplc is not installed (expected /usr/local/bin/kplc)"

  trap cleanup EXIT
  errf="$(mktemp)"
  TMP_PATHS+=("${errf}")
  edit=(expose --file "${path}" --node-id "${node_id}" --external-port "${external_port}"
    --advertised-host "${adv_host}" --advertised-port "${adv_port}" --bind-host "${bind_host}")

  rc=0
  report="$(timeout 60 kplc "${edit[@]}" --dry-run --format json 2>"${errf}")" || rc=$?
  case "${rc}" in
    0) ;;
    124) die "node ${node_id}: kplc expose --dry-run did not answer within 60 s; nothing was changed" ;;
    2)
      printf '%s: error: node %s: kplc expose rejected the arguments: %s\n' "${PROG}" "${node_id}" "$(<"${errf}")" >&2
      exit 2
      ;;
    *) die "node ${node_id}: REFUSING to edit ${file}: $(<"${errf}")
Nothing was changed and ${service} was not restarted." ;;
  esac
  status="$(json_status <<<"${report}")"
  case "${status}" in
    unchanged)
      log "node ${node_id}: ${file} already has the wanted EXTERNAL listener; not restarting ${service}"
      printf '{"nodeId":%s,"status":"unchanged"}\n' "${node_id}"
      return 0
      ;;
    changed) log "node ${node_id}: ${file} needs the EXTERNAL listener (advertised as ${adv_host}:${adv_port})" ;;
    *) die "node ${node_id}: kplc expose --dry-run gave no status (got ${status@Q}); nothing was changed" ;;
  esac

  log "node ${node_id}: asking whether a restart is safe"
  rc=0
  out="$(timeout 180 kplc safe-to-restart --bootstrap "${bootstrap}" --node-id "${node_id}" --timeout 120s 2>&1)" || rc=$?
  if ((rc != 0)); then
    ((rc != 124)) || out="kplc safe-to-restart did not answer within 180 s"
    die "node ${node_id}: not safe to restart (kplc exit ${rc}): ${out}
Nothing was changed (${file} not written, ${service} not restarted). Fix the cluster's health and re-run the update."
  fi
  [[ -z "${out}" ]] || printf '%s\n' "${out}" >&2

  rc=0
  timeout 60 kplc "${edit[@]}" >&2 || rc=$?
  ((rc == 0)) || die "node ${node_id}: kplc expose failed to write ${file} (exit ${rc}); ${service} was not restarted"

  log "node ${node_id}: restarting ${service}"
  timeout 660 systemctl restart "${service}" ||
    die "node ${node_id}: systemctl restart ${service} failed; the edited file is ${file}, the original ${file}${BACKUP_SUFFIX}; see 'journalctl -u ${service}'. Stopping the rolling update here."

  rc=0
  out="$(timeout $((ready + 60)) kplc wait-ready --bootstrap "${bootstrap}" --node-id "${node_id}" --timeout "${ready}s" 2>&1)" || rc=$?
  if ((rc != 0)); then
    ((rc != 124)) || out="kplc wait-ready did not return within $((ready + 60)) s"
    die "node ${node_id} did not become ready after the restart (kplc exit ${rc}): ${out}
The rolling update stops here so no other broker restarts. The edited file is ${file}, the original
${file}${BACKUP_SUFFIX}; see 'journalctl -u ${service}' on this broker."
  fi
  [[ -z "${out}" ]] || printf '%s\n' "${out}" >&2
  log "node ${node_id}: EXTERNAL listener live, ${service} restarted and ready"
  printf '{"nodeId":%s,"status":"changed"}\n' "${node_id}"
}

main "$@"
