#!/usr/bin/env bash
#
# configure-broker.sh: apply a new server.properties (read from stdin) to this
# broker, formatting storage only when it has never been formatted and
# restarting Kafka only when a gate says it is safe.
#
#   configure-broker.sh --node-id N --cluster-id ID --bootstrap H:P[,H:P...]
#                       [--ready-timeout SECONDS] [--brokers N]
#                       [--mode roll|first-start|wave] [--wave N,M,...] < server.properties
#
# --mode first-start (a broker's first start; the caller runs these for all new brokers at
# once, unchained): acts only on a broker that has never run - Kafka inactive, no
# server.properties, no /etc/kafka/cluster-formed or ready-pending, and every log dir without
# meta.properties. Such a broker holds no data and is in no quorum yet, so it needs no gate:
# the config is written, storage formatted and Kafka started (not waiting for the quorum).
# On any other broker it changes NOTHING and says why: every change to a broker that has run
# goes through the default mode (roll), which the caller chains one broker at a time.
#
# --mode wave --wave N,M,... (rollConcurrency zone: the brokers of one zone run this at once,
# zone after zone, before the chained roll): restarts this broker only when Kafka runs,
# something changed and `kplc safe-to-restart --wave` says the whole wave
# may restart together (counting the wave's brokers as restarting: no partition with two
# replicas in the wave, enough in-sync replicas and caught-up voters outside it). In every other
# case - the wave refused included - it changes nothing: the chained roll that follows applies
# the config one broker at a time, behind its own gate (the fall-back).
#
# What it does:
# - Checks, first, that every command it runs exists (naming the package of a missing one),
#   then the input (non-empty, node.id equals --node-id, log.dirs present).
# - For each log dir: meta.properties missing -> it is formatted, as the kafka user, with
#   kafka-storage.sh format --ignore-formatted (which formats only empty dirs);
#   meta.properties present with another cluster.id or node.id -> refuses.
#   Nothing in a log dir is ever deleted, and storage is never re-formatted.
# - Acts on every state `systemctl is-active kafka` reports:
#   inactive, failed -> Kafka is stopped (first create, stopped or crashed): writes the config
#     and starts Kafka without waiting for the quorum (a lone controller cannot get a majority
#     until its peers start too) - unless /etc/kafka/ready-pending is there and the cluster has
#     formed (see below): then it starts Kafka and waits with `kplc wait-ready`.
#   deactivating -> a stop is in progress (an operator's?): refuses, nothing changed.
#   active, reloading, activating -> Kafka runs (or systemd is starting it): the gated path below.
#   anything else -> refuses, nothing changed.
# - Kafka running, config byte-identical: does nothing, unless install-broker.sh
#   left /etc/kafka/restart-pending (new Kafka version, heap, logging or unit) or installed a
#   Kafka that /opt/kafka/current does not point at yet; then it restarts through the same gates
#   as for a changed config. Or unless /etc/kafka/ready-pending is there (or Kafka is still
#   activating): then it waits with `kplc wait-ready` (no restart) and fails like a restart
#   that did not come back.
# - Kafka running, config differs: asks `kplc safe-to-restart` (which asks again for up to
#   60 s while it is not safe); if it refuses, exits 1 with nothing changed. Otherwise switches
#   /opt/kafka/current to the installed version, writes the config (keeping the old one as
#   server.properties.prev), restarts Kafka and waits with `kplc wait-ready`; if the broker
#   does not come back, exits 1 so the caller restarts no other broker.
# - Gates that can recover: /etc/kafka/cluster-formed records that kplc has seen this cluster
#   formed (a passing restart gate or a successful wait-ready on this broker). Before that, a
#   gate refused because no broker answers or the quorum has no leader (a first deploy whose
#   brokers never formed a quorum, say a wrong port) does not block: the config is applied and
#   Kafka restarted without the gate and without waiting (a quorum may need brokers later in the
#   chain; the bastion's cluster-ready step is the check). After it, such a refusal stops the
#   update and explains the manual procedure.
# - /etc/kafka/ready-pending (node id and time) is written just before every
#   restart and removed only once `kplc wait-ready` succeeded. A run after a failed,
#   timed-out or killed wait, which finds nothing left to change, therefore checks
#   the broker again instead of reporting success while it may still be unhealthy
#   (once the cluster has formed; before, nothing waits for a quorum).
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure or refusal (message on stderr), 2 usage error or
# invalid input.

set -euo pipefail
# shellcheck source=lib.sh # (Command puts lib.sh in front of the script on a host.)
declare -F kplc_lib_loaded >/dev/null || source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly STORAGE_TOOL="/opt/kafka/current/bin/kafka-storage.sh"
# install-broker.sh's mark of a verified, complete Kafka install.
readonly INSTALLED_MARKER=".kplc-installed"
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
  --brokers N            how many brokers the roll has, for the progress lines ("node 2 of 48")
  --mode MODE            roll (default): the gated path below; first-start: start a broker
                         that has never run, change nothing on any other; wave: restart
                         together with the brokers of --wave, or leave it to the roll
  --wave N,M,...         the node ids of this broker's wave (--mode wave)
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
# with empty storage under an identity that had data. The format runs as the kafka user (root
# never runs code from the Kafka install), in dirs made and owned by kafka beforehand, with
# NEW readable by kafka's group.
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
  for dir in "${UNFORMATTED[@]}"; do
    mkdir -p -- "${ROOT}${dir}"
    chown -- "${KAFKA_USER}:${KAFKA_USER}" "${ROOT}${dir}"
    chmod 0750 -- "${ROOT}${dir}"
  done
  chown -- "root:${KAFKA_USER}" "${new}"
  chmod "${CONF_MODE}" -- "${new}"
  log "formatting ${UNFORMATTED[*]} for cluster ${cluster_id} (as ${KAFKA_USER})"
  # --cluster-id=ID, one word: as "-t ID", an ID starting with '-' would be read as a flag.
  with_timeout 300 "formatting ${UNFORMATTED[*]} failed; nothing was deleted. Check the data disk and ${CONF}" \
    runuser -u "${KAFKA_USER}" -- "${ROOT}${STORAGE_TOOL}" format --cluster-id="${cluster_id}" -c "${new}" --ignore-formatted >&2
}

# switch_pending: succeeds when install-broker.sh installed a Kafka (named in
# /etc/kafka/kafka-target) that /opt/kafka/current does not point at yet.
switch_pending() {
  local current="${ROOT}${KAFKA_BASE}/current"
  [[ -f "${ROOT}${KAFKA_TARGET}" ]] || return 1
  [[ ! -L "${current}" || "$(readlink -- "${current}")" != "$(<"${ROOT}${KAFKA_TARGET}")" ]]
}

# switch_kafka: points /opt/kafka/current at the version in /etc/kafka/kafka-target. Called
# only just before Kafka is (re)started here, so that a crash-restart or a reboot before the
# gated restart still runs the version the running brokers run.
switch_kafka() {
  local target current="${ROOT}${KAFKA_BASE}/current"
  switch_pending || return 0
  target="$(<"${ROOT}${KAFKA_TARGET}")"
  [[ "${target}" =~ ^kafka_[0-9]+\.[0-9]+-[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    die "${KAFKA_TARGET} holds ${target@Q}, not a Kafka install name such as kafka_2.13-3.7.1; re-run install-broker.sh (nothing was changed)"
  [[ -f "${ROOT}${KAFKA_BASE}/${target}/${INSTALLED_MARKER}" ]] ||
    die "${KAFKA_BASE}/${target} is not a verified kafka-plc install (no ${INSTALLED_MARKER}); re-run install-broker.sh (nothing was changed)"
  [[ ! -e "${current}" || -L "${current}" ]] || die "${KAFKA_BASE}/current exists and is not a symlink; move it aside by hand and re-run"
  temp_beside "${current}"
  ln -sfn -- "${target}" "${TEMP}"
  rename_into_place "${TEMP}" "${current}"
  log "${KAFKA_BASE}/current -> ${target}"
}

# start_stopped NODE CLUSTER_ID NEW BOOTSTRAP READY MARKER FILES STATE: Kafka is inactive or
# failed: nothing to keep safe, so the config is put in place and Kafka started.
start_stopped() {
  local node_id="$1" cluster_id="$2" new="$3" bootstrap="$4" ready="$5" marker="$6" files="$7" state="$8"
  switch_kafka
  format_storage "${new}" "${cluster_id}"
  if [[ -f "${ROOT}${CONF}" ]] && cmp -s -- "${new}" "${ROOT}${CONF}"; then
    log "${CONF} unchanged"
  else
    install_config "${new}"
  fi
  if [[ ! -f "${marker}" || ! -f "${ROOT}${CLUSTER_FORMED}" ]]; then
    [[ ! -f "${marker}" ]] || log "node ${node_id}: ${READY_PENDING} says an earlier restart was not confirmed, but the cluster has not formed yet (no ${CLUSTER_FORMED}), so nothing waits for a quorum that may need brokers later in the chain; the bastion's cluster-ready step checks it"
    log "kafka is ${state}; starting it (not waiting for the quorum)"
    with_timeout 300 "starting ${SERVICE} on node ${node_id} failed; see 'journalctl -u ${SERVICE}'" \
      systemctl enable --now "${SERVICE}"
    rm -f -- "${ROOT}${RESTART_PENDING}"
    log "node ${node_id}: started"
    return 0
  fi
  # An earlier run restarted Kafka and never saw it ready (it may have crashed since):
  # starting it again is not enough to report it healthy.
  log "node ${node_id}: kafka is ${state} and ${READY_PENDING} says an earlier restart was not confirmed ($(pending_summary "${marker}")); starting it and waiting until it is ready"
  with_timeout 300 "starting ${SERVICE} on node ${node_id} failed; see 'journalctl -u ${SERVICE}'. ${READY_PENDING} stays, so the next run waits for the broker again" \
    systemctl enable --now "${SERVICE}"
  rm -f -- "${ROOT}${RESTART_PENDING}"
  await_ready "${node_id}" "${SERVICE}" "${bootstrap}" "${ready}" "${marker}" "after being started" "${files}
If the other brokers are stopped too, this one cannot become ready until a majority of the controllers runs. ${QUORUM_PROCEDURE}"
  log "node ${node_id}: started and ready"
}

# never_ran STATE LOG_DIRS_TOTAL: succeeds when this broker has never run (see --mode
# first-start); otherwise sets NOT_FRESH to the first reason it has.
never_ran() {
  local state="$1" total="$2"
  NOT_FRESH=""
  if [[ "${state}" != inactive ]]; then
    NOT_FRESH="kafka is ${state}"
  elif [[ -e "${ROOT}${CONF}" ]]; then
    NOT_FRESH="${CONF} exists"
  elif [[ -e "${ROOT}${CLUSTER_FORMED}" ]]; then
    NOT_FRESH="${CLUSTER_FORMED} exists"
  elif [[ -e "${ROOT}${READY_PENDING}" ]]; then
    NOT_FRESH="${READY_PENDING} exists"
  elif ((${#UNFORMATTED[@]} != total)); then
    NOT_FRESH="its storage is formatted"
  fi
  [[ -z "${NOT_FRESH}" ]]
}

# first_start NODE CLUSTER_ID NEW STATE: --mode first-start.
first_start() {
  local node_id="$1" cluster_id="$2" new="$3" state="$4" dirs total=0 dir
  local -a list
  dirs="$(prop "${new}" log.dirs)"
  IFS=',' read -r -a list <<<"${dirs}"
  for dir in "${list[@]}"; do
    [[ -z "${dir//[[:space:]]/}" ]] || total=$((total + 1))
  done
  if ! never_ran "${state}" "${total}"; then
    log "node ${node_id}: not a first start (${NOT_FRESH}): nothing changed here; the gated configure step, one broker at a time, applies the config"
    return 0
  fi
  log "node ${node_id}: first start (never ran: no config, no formatted storage, kafka ${state}); no gate needed, as it holds no data and is in no quorum yet"
  start_stopped "${node_id}" "${cluster_id}" "${new}" "" "" "${ROOT}${READY_PENDING}" "" "${state}"
}

# wave_restart NODE CLUSTER_ID NEW BOOTSTRAP READY MARKER FILES STATE WAVE WHO: --mode wave.
wave_restart() {
  local node_id="$1" cluster_id="$2" new="$3" bootstrap="$4" ready="$5" marker="$6" files="$7" state="$8" wave="$9" who="${10}"
  local out rc=0 same=0 waited
  local later="left to the one-at-a-time roll that follows; nothing changed here"
  if [[ "${state}" != active ]]; then
    log "${who}: kafka is ${state}: ${later}"
    return 0
  fi
  if [[ -f "${ROOT}${CONF}" ]] && cmp -s -- "${new}" "${ROOT}${CONF}"; then
    same=1
    if [[ ! -f "${ROOT}${RESTART_PENDING}" ]] && ! switch_pending; then
      log "${who}: ${CONF} unchanged; nothing to do in wave ${wave}"
      return 0
    fi
  fi
  # No bypass here: a wave goes only through a passing gate, which confirms the cluster has
  # formed; any refusal (no quorum included) leaves the broker to the chain and its rules.
  log "${who}: asking whether wave ${wave} may go down together"
  out="$(timed 180 kplc safe-to-restart --bootstrap "${bootstrap}" --node-id "${node_id}" --wave "${wave}" --wait 60s --timeout 120s)" || rc=$?
  if ((rc != 0)); then
    ((rc != 124)) || out="kplc safe-to-restart did not answer within 180 s"
    log "${who}: wave ${wave} refused, falling back to one broker at a time (kplc exit ${rc}): ${later}. kplc says: ${out}"
    return 0
  fi
  [[ -z "${out}" ]] || printf '%s\n' "${out}" >&2
  mark_cluster_formed "${node_id}"
  log "${who}: wave ${wave} gate passed, restarting"
  switch_kafka
  format_storage "${new}" "${cluster_id}"
  ((same)) || install_config "${new}"
  waited="${SECONDS}"
  restart_service "${node_id}" "${SERVICE}" "${files}" "${marker}"
  rm -f -- "${ROOT}${RESTART_PENDING}"
  await_ready "${node_id}" "${SERVICE}" "${bootstrap}" "${ready}" "${marker}" "after the restart" "${files}"
  log "${who}: ready after $((SECONDS - waited)) s"
}

main() {
  local node_id="" cluster_id="" bootstrap="" ready=600 mode=roll brokers="" wave="" who new state rc got same marker files
  lib_init
  parse_flags "node-id=node_id! cluster-id=cluster_id! bootstrap=bootstrap! ready-timeout=ready mode=mode brokers=brokers wave=wave" "$@"
  [[ -z "${brokers}" ]] || [[ "${brokers}" =~ ^[1-9][0-9]*$ ]] || usage_error "--brokers ${brokers@Q}: expected a positive integer"
  if [[ "${mode}" == wave ]]; then
    [[ "${wave}" =~ ^[0-9]+(,[0-9]+)*$ && ",${wave}," == *",${node_id},"* ]] ||
      usage_error "--wave ${wave@Q}: expected the node ids of this broker's wave, this one (${node_id}) included, such as 1,4,7"
  fi
  who="node ${node_id}${brokers:+ of ${brokers}}"
  [[ "${mode}" == roll || "${mode}" == first-start || "${mode}" == wave ]] || usage_error "--mode ${mode@Q}: expected roll, first-start or wave"
  is_node_id "${node_id}" || usage_error "--node-id ${node_id@Q}: expected a non-negative integer"
  [[ "${cluster_id}" =~ ^[A-Za-z0-9_-]{22}$ ]] || usage_error "--cluster-id ${cluster_id@Q}: expected 22 base64url characters (kafka-storage.sh random-uuid)"
  is_host_ports "${bootstrap}" || usage_error "--bootstrap ${bootstrap@Q}: expected host:port[,host:port...]"
  is_seconds "${ready}" || usage_error "--ready-timeout ${ready@Q}: expected whole seconds, for example 600"
  preflight timeout,mktemp,rm,mv,ln,chmod,chown,sync,cmp,stat,cat,awk,ls,mkdir,tr,date,readlink \
    findmnt,runuser,systemctl,kplc

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

  unit_state "${node_id}" "${SERVICE}"
  state="${UNIT_STATE}"
  marker="${ROOT}${READY_PENDING}"
  files="The new config is in ${CONF}, the previous one in ${CONF}.prev"
  if [[ "${mode}" == first-start ]]; then
    first_start "${node_id}" "${cluster_id}" "${new}" "${state}"
    return 0
  fi
  if [[ "${mode}" == wave ]]; then
    wave_restart "${node_id}" "${cluster_id}" "${new}" "${bootstrap}" "${ready}" "${marker}" "${files}" "${state}" "${wave}" "${who}"
    return 0
  fi
  case "${state}" in
    inactive | failed)
      start_stopped "${node_id}" "${cluster_id}" "${new}" "${bootstrap}" "${ready}" "${marker}" "${files}" "${state}"
      return 0
      ;;
    deactivating)
      die "node ${node_id}: ${SERVICE} is deactivating: a stop is in progress (an operator's 'systemctl stop ${SERVICE}'?). Nothing was changed and ${SERVICE} was not started. Wait until 'systemctl is-active ${SERVICE}' says inactive or failed, then re-run the update (it starts Kafka with the new config), or start ${SERVICE} yourself first."
      ;;
    active | reloading | activating) ;;
  esac

  same=0
  if [[ -f "${ROOT}${CONF}" ]] && cmp -s -- "${new}" "${ROOT}${CONF}"; then
    same=1
    if [[ ! -f "${ROOT}${RESTART_PENDING}" ]] && ! switch_pending; then
      if [[ ! -f "${marker}" && "${state}" != activating ]]; then
        log "node ${node_id}: ${CONF} unchanged and kafka ${state}; nothing to do"
        return 0
      fi
      if [[ ! -f "${ROOT}${CLUSTER_FORMED}" ]]; then
        log "node ${node_id}: ${CONF} unchanged and kafka ${state}; not waiting for readiness, as the cluster has not formed yet (no ${CLUSTER_FORMED}): a quorum may need brokers later in the chain, and the bastion's cluster-ready step checks it"
        return 0
      fi
      # The config is in place, but the restart that applied it was never confirmed, or
      # systemd is still starting Kafka: check the broker again (no restart) before the caller
      # goes on to the next one.
      if [[ -f "${marker}" ]]; then
        log "node ${node_id}: ${CONF} unchanged, but ${READY_PENDING} says an earlier restart was not confirmed ($(pending_summary "${marker}"))"
      else
        log "node ${node_id}: ${CONF} unchanged, but kafka is still activating; waiting until it is ready"
      fi
      await_ready "${node_id}" "${SERVICE}" "${bootstrap}" "${ready}" "${marker}" "since its last restart" "${files}"
      mark_cluster_formed "${node_id}"
      log "node ${node_id}: ready"
      return 0
    fi
    if [[ -f "${ROOT}${RESTART_PENDING}" ]]; then
      log "node ${node_id}: ${CONF} unchanged but a restart is pending ($(tr '\n' ';' <"${ROOT}${RESTART_PENDING}"))"
    else
      log "node ${node_id}: ${CONF} unchanged but $(<"${ROOT}${KAFKA_TARGET}") is installed and not yet running"
    fi
  else
    log "node ${node_id}: config changed"
  fi

  rc=0
  gate_safe_to_restart "${node_id}" "${bootstrap}" "config not written, Kafka not restarted" "${ROOT}${CLUSTER_FORMED}" || rc=$?
  if ((rc == GATE_NO_QUORUM)); then
    log "node ${node_id}: applying the config and restarting kafka WITHOUT the restart gate: the cluster has never formed, so there is no quorum to keep safe (a first deploy that did not come up)"
  else
    mark_cluster_formed "${node_id}"
    log "${who}: gate passed, restarting"
  fi
  switch_kafka
  format_storage "${new}" "${cluster_id}"
  ((same)) || install_config "${new}"
  local waited="${SECONDS}"
  restart_service "${node_id}" "${SERVICE}" "${files}" "${marker}"
  # The new process runs the new version, heap and unit: that restart is done. Whether the
  # broker comes back is ready-pending's business from here on.
  rm -f -- "${ROOT}${RESTART_PENDING}"
  if ((rc == GATE_NO_QUORUM)); then
    log "node ${node_id}: restarted; not waiting for readiness (no quorum yet: it may need brokers later in the chain). ${READY_PENDING} stays until a later run sees the broker ready; the bastion's cluster-ready step checks the cluster"
    return 0
  fi
  await_ready "${node_id}" "${SERVICE}" "${bootstrap}" "${ready}" "${marker}" "after the restart" "${files}"
  mark_cluster_formed "${node_id}"
  log "${who}: ready after $((SECONDS - waited)) s"
  log "node ${node_id}: restarted and ready"
}

main "$@"
