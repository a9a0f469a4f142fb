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
#                             [--sasl-mechanism SCRAM-SHA-512]
#
# Runs on the broker, as root (the Pulumi program prefixes it with sudo -n for another user).
# What it does:
# - `kplc expose --dry-run` decides: the file already has the wanted EXTERNAL entries ->
#   no gate, no write, no restart; exit 0 only if `systemctl is-active SERVICE` says active
#   (otherwise exit 1: the service is never started here) and, when
#   PATH.kafka-plc.ready-pending is there, `kplc wait-ready` confirms the broker (otherwise
#   exit 1). A refusal (not a KRaft file, the EXTERNAL name or port used by another
#   listener, the port taken on this host, the wrong node's file) -> exit 1, nothing changed.
# - Otherwise asks `kplc safe-to-restart`; if it refuses, exits 1 with the file untouched.
# - `kplc expose` writes the file (atomically, keeping mode and owner) after a one-time
#   backup of the original to PATH.kafka-plc.orig, then `systemctl restart` and
#   `kplc wait-ready`; if the broker does not come back, exits 1 so that the caller
#   restarts no other broker.
# - PATH.kafka-plc.ready-pending (node id, service, time) is written just before the restart
#   and removed only once `kplc wait-ready` succeeded, so a re-run after a failed or
#   interrupted wait, which finds the file already edited, checks the broker again.
# On success the last line on stdout is {"nodeId":N,"status":"changed"|"unchanged"}.
#
# --sasl-mechanism SCRAM-SHA-512 (externalAuth) makes `kplc expose` turn EXTERNAL into
# SASL_PLAINTEXT with the listener-prefixed SCRAM settings (and the StandardAuthorizer where
# that locks no client out); without it, an EXTERNAL that kplc made SASL goes back to
# PLAINTEXT. Either is one more "changed" edit behind the same gates. The SCRAM credential is
# not this script's: the program creates it (kplc scram-upsert, password on stdin) before the
# first broker's edit.
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure or refusal (message on stderr), 2 usage error.

set -euo pipefail
# shellcheck source=lib.sh # (Command puts lib.sh in front of the script on a host.)
declare -F kplc_lib_loaded >/dev/null || source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly BACKUP_SUFFIX=".kafka-plc.orig"
# Beside the file, like the backup: written before the restart, removed once the broker is ready.
readonly PENDING_SUFFIX=".kafka-plc.ready-pending"

usage() {
  cat >&2 <<'EOF'
usage: expose-existing-broker.sh --file PATH --service NAME --node-id N --external-port P
                                 --advertised-host H --advertised-port P
                                 --bootstrap H:P[,H:P...] [--ready-timeout SECONDS]
                                 [--bind-host H] [--sasl-mechanism SCRAM-SHA-512]
  --file PATH            the broker's server.properties (absolute path)
  --service NAME         the systemd unit that runs the broker, e.g. kafka
  --node-id N            the broker's node.id (the file must say the same)
  --external-port P      port the EXTERNAL listener binds (the NLB's backend port), e.g. 39092
  --advertised-host H    name advertised to TiDB Cloud, e.g. b1.<unique name>.alicloud.plc.tidbcloud.com
  --advertised-port P    the broker's own NLB listener port, e.g. 9093
  --bootstrap H:P,...    the cluster's existing listeners, for the restart gates
  --ready-timeout SECS   how long to wait for the broker after the restart (default 600)
  --bind-host H          host the EXTERNAL listener binds (default: every interface)
  --sasl-mechanism M     SCRAM-SHA-512: EXTERNAL requires SASL/SCRAM (default: none, PLAINTEXT)
EOF
}

# json_status: prints the "status" of the indented JSON report of kplc expose on stdin.
json_status() {
  sed -n 's/^[[:space:]]*"status":[[:space:]]*"\([a-z]*\)",\{0,1\}[[:space:]]*$/\1/p' | head -n 1
}

# check_unchanged NODE FILE SERVICE BOOTSTRAP READY MARKER: the file already has the EXTERNAL
# listener, so nothing is written or restarted. That is success only if the broker runs it:
# SERVICE must be active (a stopped broker is reported, never started here), and when MARKER
# says an earlier restart was never confirmed, `kplc wait-ready` must confirm it now.
check_unchanged() {
  local node="$1" file="$2" service="$3" bootstrap="$4" ready="$5" marker="$6" state
  unit_state "${node}" "${service}"
  state="${UNIT_STATE}"
  if [[ "${state}" != "active" && "${state}" != "reloading" ]]; then
    die "node ${node}: ${file} already has the EXTERNAL listener, but ${service} is ${state:-not active}, so the broker is not running it.
Nothing was changed, and ${service} was not started: see 'systemctl status ${service}' and 'journalctl -u ${service}' on node ${node}, start it when it is safe ('systemctl start ${service}'), then re-run the update."
  fi
  if [[ ! -f "${marker}" ]]; then
    log "node ${node}: ${file} already has the wanted EXTERNAL listener and ${service} is active; not restarting it"
    return 0
  fi
  log "node ${node}: ${file} already has the wanted EXTERNAL listener, but ${marker#"${ROOT}"} says an earlier restart was not confirmed ($(pending_summary "${marker}")); waiting for the broker (no restart)"
  await_ready "${node}" "${service}" "${bootstrap}" "${ready}" "${marker}" "since its last restart" \
    "The edited file is ${file}, the original ${file}${BACKUP_SUFFIX}"
}

main() {
  local file="" service="" node_id="" external_port="" adv_host="" adv_port="" bootstrap="" ready=600 bind_host="" sasl_mech=""
  local path errf report status rc marker
  local -a edit
  lib_init
  parse_flags "file=file! service=service! node-id=node_id! external-port=external_port!
    advertised-host=adv_host! advertised-port=adv_port! bootstrap=bootstrap! ready-timeout=ready
    bind-host=bind_host sasl-mechanism=sasl_mech" "$@"
  [[ "${file}" == /* ]] || usage_error "--file ${file@Q}: expected an absolute path"
  [[ "${service}" =~ ^[A-Za-z0-9@._-]+$ ]] || usage_error "--service ${service@Q}: expected a systemd unit name, e.g. kafka"
  is_node_id "${node_id}" || usage_error "--node-id ${node_id@Q}: expected a non-negative integer"
  is_port "${external_port}" || usage_error "--external-port ${external_port@Q}: expected a TCP port, e.g. 39092"
  is_port "${adv_port}" || usage_error "--advertised-port ${adv_port@Q}: expected a TCP port, e.g. 9093"
  [[ "${adv_host}" =~ ^[A-Za-z0-9_.-]+$ ]] || usage_error "--advertised-host ${adv_host@Q}: expected a host name"
  is_host_ports "${bootstrap}" || usage_error "--bootstrap ${bootstrap@Q}: expected host:port[,host:port...]"
  is_seconds "${ready}" || usage_error "--ready-timeout ${ready@Q}: expected whole seconds, for example 600"
  [[ "${bind_host}" =~ ^[A-Za-z0-9_.:-]*$ ]] || usage_error "--bind-host ${bind_host@Q}: expected a host name or IP"
  [[ -z "${sasl_mech}" || "${sasl_mech}" == SCRAM-SHA-512 ]] || usage_error "--sasl-mechanism ${sasl_mech@Q}: expected SCRAM-SHA-512, or leave it out"
  preflight timeout,mktemp,rm,mv,ln,chmod,chown,sync,stat,cat,sed,head,date,systemctl

  path="${ROOT}${file}"
  marker="${path}${PENDING_SUFFIX}"
  [[ -f "${path}" ]] || die "node ${node_id}: ${file} does not exist; set propertiesPath of node ${node_id} in existingBrokers to the file the ${service} service starts Kafka with"
  command -v kplc >/dev/null 2>&1 || die "kplc is not installed (expected /usr/local/bin/kplc); re-run the update so that its install step runs first"

  # Not a destination: kplc's stderr, kept apart from the JSON report on stdout.
  errf="$(mktemp)" || die "cannot create a temp file in ${TMPDIR:-/tmp}"
  TMP_FILES+=("${errf}")
  edit=(expose --file "${path}" --node-id "${node_id}" --external-port "${external_port}"
    --advertised-host "${adv_host}" --advertised-port "${adv_port}" --bind-host "${bind_host}")
  if [[ -n "${sasl_mech}" ]]; then edit+=(--sasl-mechanism "${sasl_mech}"); fi

  rc=0
  report="$(timed 60 kplc "${edit[@]}" --dry-run --format json 2>"${errf}")" || rc=$?
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
      check_unchanged "${node_id}" "${file}" "${service}" "${bootstrap}" "${ready}" "${marker}"
      printf '{"nodeId":%s,"status":"unchanged"}\n' "${node_id}"
      return 0
      ;;
    changed) log "node ${node_id}: ${file} needs the EXTERNAL listener (advertised as ${adv_host}:${adv_port})" ;;
    *) die "node ${node_id}: kplc expose --dry-run gave no status (got ${status@Q}); nothing was changed" ;;
  esac

  gate_safe_to_restart "${node_id}" "${bootstrap}" "${file} not written, ${service} not restarted"
  rc=0
  timed 60 kplc "${edit[@]}" >&2 || rc=$?
  ((rc == 0)) || die "node ${node_id}: kplc expose failed to write ${file} (exit ${rc}); ${service} was not restarted. Re-run the update; the file is replaced atomically, so it is either the old or the new one"
  restart_and_wait "${node_id}" "${service}" "${bootstrap}" "${ready}" \
    "The edited file is ${file}, the original ${file}${BACKUP_SUFFIX}" "${marker}"
  log "node ${node_id}: EXTERNAL listener live, ${service} restarted and ready"
  printf '{"nodeId":%s,"status":"changed"}\n' "${node_id}"
}

main "$@"
