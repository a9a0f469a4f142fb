#!/usr/bin/env bash
#
# configure-broker.sh: apply a new server.properties (read from stdin) to this
# broker, formatting storage only when it has never been formatted and
# restarting Kafka only when a gate says it is safe.
#
#   configure-broker.sh --node-id N --cluster-id ID --bootstrap H:P[,H:P...]
#                       [--ready-timeout SECONDS] < server.properties
#
# What it does:
# - Checks the input (non-empty, node.id equals --node-id, log.dirs present).
# - For each log dir: meta.properties missing -> it is formatted with
#   kafka-storage.sh format --ignore-formatted (which formats only empty dirs);
#   meta.properties present with another cluster.id or node.id -> refuses.
#   Nothing in a log dir is ever deleted, and storage is never re-formatted.
# - Kafka not running (first create, or stopped/crashed): writes the config and
#   starts Kafka, without waiting for the quorum (a lone controller cannot get a
#   majority until its peers start too) - unless /etc/kafka/ready-pending is there
#   (see below): then it starts Kafka and waits with `kplc wait-ready`.
# - Kafka running, config byte-identical: does nothing, unless install-broker.sh
#   left /etc/kafka/restart-pending (new Kafka version, heap or unit); then it
#   restarts through the same gates as for a changed config. Or unless
#   /etc/kafka/ready-pending is there: then it waits with `kplc wait-ready` (no
#   restart) and fails like a restart that did not come back.
# - Kafka running, config differs: asks `kplc safe-to-restart`; if it refuses,
#   exits 1 with nothing changed. Otherwise writes the config (keeping the old one
#   as server.properties.prev), restarts Kafka and waits with `kplc wait-ready`;
#   if the broker does not come back, exits 1 so the caller restarts no other
#   broker.
# - /etc/kafka/ready-pending (node id and time) is written just before every
#   restart and removed only once `kplc wait-ready` succeeded. A run after a failed,
#   timed-out or killed wait, which finds nothing left to change, therefore checks
#   the broker again instead of reporting success while it may still be unhealthy.
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure or refusal (message on stderr), 2 usage error or
# invalid input.

set -euo pipefail
# shellcheck source=lib.sh # (Command puts lib.sh in front of the script on a host.)
declare -F kplc_lib_loaded >/dev/null || source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly STORAGE_TOOL="/opt/kafka/current/bin/kafka-storage.sh"
readonly SERVICE="kafka"
# server.properties may hold secrets: the kafka user reads it through its group.
readonly CONF_MODE=0640
readonly CONF_OWNER="root:kafka"

usage() {
  cat >&2 <<'USAGE'
usage: configure-broker.sh --node-id N --cluster-id ID --bootstrap H:P[,H:P...]
                           [--ready-timeout SECONDS] < server.properties
  --node-id N            this broker's node.id
  --cluster-id ID        the cluster ID (22 characters, base64url) used to format storage
  --bootstrap H:P,...    INTERNAL listeners of the cluster, for the restart gates
  --ready-timeout SECS   how long to wait for the broker after a restart (default 600)
USAGE
}

input_error() {
  printf '%s: invalid server.properties on stdin: %s\n' "${PROG}" "$*" >&2
  exit 2
}

# install_config NEW: makes NEW (a temp file in CONF_DIR) the live config,
# keeping the old one as server.properties.prev (a hard link: same inode).
install_config() {
  local new="$1" live="${ROOT}${CONF}"
  [[ ! -f "${live}" ]] || keep_backup "${live}" "${live}.prev"
  put_in_place "${new}" "${live}" "${CONF_MODE}" "${CONF_OWNER}"
  log "wrote ${CONF}"
}

# check_storage NEW CLUSTER_ID NODE_ID: refuses log dirs formatted for another
# cluster or node; sets UNFORMATTED to the log dirs without meta.properties.
check_storage() {
  local new="$1" cluster_id="$2" node_id="$3" dirs dir meta have_cluster have_node
  local -a list
  UNFORMATTED=()
  dirs="$(prop "${new}" log.dirs)"
  IFS=',' read -r -a list <<<"${dirs}"
  for dir in "${list[@]}"; do
    dir="${dir//[[:space:]]/}"
    [[ -n "${dir}" ]] || continue
    [[ "${dir}" == /* ]] || input_error "log.dirs entry ${dir@Q} is not an absolute path"
    meta="${ROOT}${dir}/meta.properties"
    if [[ ! -f "${meta}" ]]; then
      UNFORMATTED+=("${dir}")
      continue
    fi
    have_cluster="$(prop "${meta}" cluster.id)"
    have_node="$(prop "${meta}" node.id)"
    if [[ "${have_cluster}" != "${cluster_id}" ]]; then
      die "REFUSING: ${dir} belongs to cluster ${have_cluster@Q} but --cluster-id is ${cluster_id@Q}.
Formatting again would destroy its data, so nothing was changed. If the stack's cluster ID changed by
mistake, restore it (the ID must stay the same for the life of the cluster)."
    fi
    if [[ -n "${have_node}" && "${have_node}" != "${node_id}" ]]; then
      die "REFUSING: ${dir} holds data of node ${have_node} but this is node ${node_id}; nothing was changed. Check which data disk is attached to this instance."
    fi
  done
}

# format_storage NEW CLUSTER_ID: formats the log dirs in UNFORMATTED. Each must be empty (or
# missing) and, when under /var/lib/kafka, on the mounted data disk: formatting a dir on the
# root disk because the data disk is missing would start a broker, possibly a controller,
# with empty storage under an identity that had data.
format_storage() {
  local new="$1" cluster_id="$2" dir
  local -a entries
  ((${#UNFORMATTED[@]} > 0)) || return 0
  [[ -x "${ROOT}${STORAGE_TOOL}" ]] || die "${STORAGE_TOOL} not found; run install-broker.sh first"
  for dir in "${UNFORMATTED[@]}"; do
    if [[ "${dir}" == "${MOUNT_POINT}"/* ]] && ! mount_info "${ROOT}${MOUNT_POINT}"; then
      die "REFUSING to format ${dir}: ${MOUNT_POINT} is not mounted, so it would be formatted on the root disk. Mount the data disk (see /etc/fstab, 'journalctl -b -u var-lib-kafka.mount'; install-broker.sh sets it up) and re-run. Nothing was changed."
    fi
    if [[ -d "${ROOT}${dir}" ]]; then
      entries=()
      mapfile -t entries < <(ls -A -- "${ROOT}${dir}")
      ((${#entries[@]} == 0)) ||
        die "REFUSING to format ${dir}: it has no meta.properties but is not empty (${entries[*]:0:5}). It may hold data of a broker whose meta.properties was lost; restore meta.properties or move the files aside by hand. Nothing was changed."
    fi
  done
  log "formatting ${UNFORMATTED[*]} for cluster ${cluster_id}"
  # --cluster-id=ID, one word: as "-t ID", an ID starting with '-' would be read as a flag.
  with_timeout 300 "formatting ${UNFORMATTED[*]} failed; nothing was deleted. Check the data disk and ${CONF}" \
    "${ROOT}${STORAGE_TOOL}" format --cluster-id="${cluster_id}" -c "${new}" --ignore-formatted >&2
  for dir in "${UNFORMATTED[@]}"; do
    # Only what format just wrote lives here: the dir was empty.
    chown -R -- "${KAFKA_USER}:${KAFKA_USER}" "${ROOT}${dir}"
  done
}

main() {
  local node_id="" cluster_id="" bootstrap="" ready=600 new state rc got same marker files
  lib_init
  parse_flags "node-id=node_id! cluster-id=cluster_id! bootstrap=bootstrap! ready-timeout=ready" "$@"
  is_node_id "${node_id}" || usage_error "--node-id ${node_id@Q}: expected a non-negative integer"
  [[ "${cluster_id}" =~ ^[A-Za-z0-9_-]{22}$ ]] || usage_error "--cluster-id ${cluster_id@Q}: expected 22 base64url characters (kafka-storage.sh random-uuid)"
  is_host_ports "${bootstrap}" || usage_error "--bootstrap ${bootstrap@Q}: expected host:port[,host:port...]"
  is_seconds "${ready}" || usage_error "--ready-timeout ${ready@Q}: expected whole seconds, for example 600"

  mkdir -p -- "${ROOT}${CONF_DIR}"
  temp_beside "${ROOT}${CONF}"
  new="${TEMP}"
  # stdin is the rendered config; a caller that never closes it must not hang the rollout.
  rc=0
  timed 120 cat >"${new}" || rc=$?
  ((rc == 0)) || die "reading server.properties from stdin failed (exit ${rc}; 124: stdin stayed open for 120 s); pipe the rendered file in and close stdin"
  [[ -s "${new}" ]] || input_error "stdin is empty; pipe the rendered server.properties in"
  got="$(prop "${new}" node.id)"
  [[ -n "${got}" ]] || input_error "node.id is missing but --node-id is ${node_id}"
  [[ "${got}" == "${node_id}" ]] ||
    input_error "node.id is ${got} but --node-id is ${node_id}; the config was rendered for another broker"
  [[ -n "$(prop "${new}" log.dirs)" ]] || input_error "log.dirs is missing (expected log.dirs=/var/lib/kafka/data)"

  check_storage "${new}" "${cluster_id}" "${node_id}"

  rc=0
  state="$(timed 60 systemctl is-active "${SERVICE}" 2>/dev/null)" || rc=$?
  ((rc != 124)) || die "systemctl is-active ${SERVICE} did not answer within 60 s; systemd is not answering (check 'systemctl status' on node ${node_id})"

  marker="${ROOT}${READY_PENDING}"
  files="The new config is in ${CONF}, the previous one in ${CONF}.prev"
  if [[ "${state}" != "active" && "${state}" != "reloading" ]]; then
    # First create, or Kafka is stopped: nothing to keep safe, start it.
    format_storage "${new}" "${cluster_id}"
    if [[ -f "${ROOT}${CONF}" ]] && cmp -s -- "${new}" "${ROOT}${CONF}"; then
      log "${CONF} unchanged"
    else
      install_config "${new}"
    fi
    if [[ ! -f "${marker}" ]]; then
      log "kafka is ${state:-not active}; starting it (not waiting for the quorum)"
      with_timeout 300 "starting ${SERVICE} on node ${node_id} failed; see 'journalctl -u ${SERVICE}'" \
        systemctl enable --now "${SERVICE}"
      rm -f -- "${ROOT}${RESTART_PENDING}"
      log "node ${node_id}: started"
      return 0
    fi
    # An earlier run restarted Kafka and never saw it ready (it may have crashed since):
    # starting it again is not enough to report it healthy.
    log "node ${node_id}: kafka is ${state:-not active} and ${READY_PENDING} says an earlier restart was not confirmed ($(pending_summary "${marker}")); starting it and waiting until it is ready"
    with_timeout 300 "starting ${SERVICE} on node ${node_id} failed; see 'journalctl -u ${SERVICE}'. ${READY_PENDING} stays, so the next run waits for the broker again" \
      systemctl enable --now "${SERVICE}"
    rm -f -- "${ROOT}${RESTART_PENDING}"
    await_ready "${node_id}" "${SERVICE}" "${bootstrap}" "${ready}" "${marker}" "after being started" "${files}"
    log "node ${node_id}: started and ready"
    return 0
  fi

  same=0
  if [[ -f "${ROOT}${CONF}" ]] && cmp -s -- "${new}" "${ROOT}${CONF}"; then
    same=1
    if [[ ! -f "${ROOT}${RESTART_PENDING}" ]]; then
      if [[ ! -f "${marker}" ]]; then
        log "node ${node_id}: ${CONF} unchanged and kafka active; nothing to do"
        return 0
      fi
      # The config is in place, but the restart that applied it was never confirmed: check
      # the broker again (no restart) before the caller goes on to the next one.
      log "node ${node_id}: ${CONF} unchanged, but ${READY_PENDING} says an earlier restart was not confirmed ($(pending_summary "${marker}"))"
      await_ready "${node_id}" "${SERVICE}" "${bootstrap}" "${ready}" "${marker}" "since its last restart" "${files}"
      log "node ${node_id}: ready"
      return 0
    fi
    log "node ${node_id}: ${CONF} unchanged but a restart is pending ($(tr '\n' ';' <"${ROOT}${RESTART_PENDING}"))"
  else
    log "node ${node_id}: config changed"
  fi

  gate_safe_to_restart "${node_id}" "${bootstrap}" "config not written, Kafka not restarted"
  format_storage "${new}" "${cluster_id}"
  ((same)) || install_config "${new}"
  restart_service "${node_id}" "${SERVICE}" "${files}" "${marker}"
  # The new process runs the new version, heap and unit: that restart is done. Whether the
  # broker comes back is ready-pending's business from here on.
  rm -f -- "${ROOT}${RESTART_PENDING}"
  await_ready "${node_id}" "${SERVICE}" "${bootstrap}" "${ready}" "${marker}" "after the restart" "${files}"
  log "node ${node_id}: restarted and ready"
}

main "$@"
