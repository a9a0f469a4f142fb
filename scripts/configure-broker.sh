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
#   majority until its peers start too).
# - Kafka running, config byte-identical: does nothing, unless install-broker.sh
#   left /etc/kafka/restart-pending (new Kafka version, heap or unit); then it
#   restarts through the same gates as for a changed config.
# - Kafka running, config differs: asks `kplc safe-to-restart`; if it refuses,
#   exits 1 with nothing changed. Otherwise writes the config (keeping the old one
#   as server.properties.prev), restarts Kafka and waits with `kplc wait-ready`;
#   if the broker does not come back, exits 1 so the caller restarts no other
#   broker.
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure or refusal (message on stderr), 2 usage error or
# invalid input.

set -euo pipefail

readonly PROG="configure-broker.sh"
readonly ROOT="${KPLC_ROOT:-}"
readonly CONF_DIR="/etc/kafka"
readonly CONF="/etc/kafka/server.properties"
readonly RESTART_PENDING="/etc/kafka/restart-pending"
readonly STORAGE_TOOL="/opt/kafka/current/bin/kafka-storage.sh"
readonly SERVICE="kafka"
readonly KAFKA_USER="kafka"

# Standard locations last, so a caller's PATH (tests put stubs first) wins.
PATH="${PATH:+${PATH}:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export PATH

TMP_PATHS=()

log() { printf '%s: %s\n' "${PROG}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${PROG}" "$*" >&2; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: configure-broker.sh --node-id N --cluster-id ID --bootstrap H:P[,H:P...]
                           [--ready-timeout SECONDS] < server.properties
  --node-id N            this broker's node.id
  --cluster-id ID        the cluster ID (22 characters, base64url) used to format storage
  --bootstrap H:P,...    INTERNAL listeners of the cluster, for the restart gates
  --ready-timeout SECS   how long to wait for the broker after a restart (default 600)
EOF
}

usage_error() {
  printf '%s: usage error: %s\n' "${PROG}" "$*" >&2
  usage
  exit 2
}

input_error() {
  printf '%s: invalid server.properties on stdin: %s\n' "${PROG}" "$*" >&2
  exit 2
}

cleanup() {
  if ((${#TMP_PATHS[@]} > 0)); then
    rm -f -- "${TMP_PATHS[@]}"
  fi
}

# prop FILE KEY: prints the value of KEY in a Java properties FILE (the last
# assignment wins, as in java.util.Properties; continuation lines are not
# supported). Prints nothing when KEY is absent.
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

# atomic_copy SRC DEST MODE: copies SRC over DEST through a temp file in DEST's
# directory.
atomic_copy() {
  local src="$1" dest="$2" mode="$3" tmp
  tmp="$(mktemp "$(dirname -- "${dest}")/.$(basename -- "${dest}").XXXXXX")"
  TMP_PATHS+=("${tmp}")
  cat -- "${src}" >"${tmp}"
  chmod "${mode}" -- "${tmp}"
  mv -f -- "${tmp}" "${dest}"
}

# install_config NEW: makes NEW (a temp file in CONF_DIR) the live config,
# keeping the old one as server.properties.prev.
install_config() {
  local new="$1" live="${ROOT}${CONF}"
  if [[ -f "${live}" ]]; then
    atomic_copy "${live}" "${live}.prev" 0640
    chown -- "root:${KAFKA_USER}" "${live}.prev"
  fi
  chmod 0640 -- "${new}"
  chown -- "root:${KAFKA_USER}" "${new}"
  mv -f -- "${new}" "${live}"
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

format_storage() {
  local new="$1" cluster_id="$2" dir
  ((${#UNFORMATTED[@]} > 0)) || return 0
  [[ -x "${ROOT}${STORAGE_TOOL}" ]] || die "${STORAGE_TOOL} not found; run install-broker.sh first"
  log "formatting ${UNFORMATTED[*]} for cluster ${cluster_id}"
  timeout 300 "${ROOT}${STORAGE_TOOL}" format -t "${cluster_id}" -c "${new}" --ignore-formatted >&2 ||
    die "kafka-storage.sh format failed for ${UNFORMATTED[*]}; nothing was deleted"
  for dir in "${UNFORMATTED[@]}"; do
    # Only what format just wrote lives here: the dir had no meta.properties.
    chown -R -- "${KAFKA_USER}:${KAFKA_USER}" "${ROOT}${dir}"
  done
}

main() {
  local node_id="" cluster_id="" bootstrap="" ready=600 new state out rc got same
  while (($# > 0)); do
    case "$1" in
      --node-id | --cluster-id | --bootstrap | --ready-timeout)
        (($# >= 2)) || usage_error "$1 needs a value"
        case "$1" in
          --node-id) node_id="$2" ;;
          --cluster-id) cluster_id="$2" ;;
          --bootstrap) bootstrap="$2" ;;
          --ready-timeout) ready="$2" ;;
        esac
        shift 2
        ;;
      -h | --help) usage; exit 0 ;;
      *) usage_error "unknown argument ${1@Q}" ;;
    esac
  done
  [[ -n "${node_id}" ]] || usage_error "--node-id is required (this broker's node.id)"
  [[ -n "${cluster_id}" ]] || usage_error "--cluster-id is required (22-character base64url cluster ID)"
  [[ -n "${bootstrap}" ]] || usage_error "--bootstrap is required (INTERNAL host:port list)"
  [[ "${node_id}" =~ ^(0|[1-9][0-9]{0,8})$ ]] || usage_error "--node-id ${node_id@Q}: expected a non-negative integer"
  [[ "${cluster_id}" =~ ^[A-Za-z0-9_-]{22}$ ]] || usage_error "--cluster-id ${cluster_id@Q}: expected 22 base64url characters (kafka-storage.sh random-uuid)"
  [[ "${bootstrap}" =~ ^[A-Za-z0-9.-]+:[0-9]+(,[A-Za-z0-9.-]+:[0-9]+)*$ ]] || usage_error "--bootstrap ${bootstrap@Q}: expected host:port[,host:port...]"
  [[ "${ready}" =~ ^[1-9][0-9]*$ ]] || usage_error "--ready-timeout ${ready@Q}: expected whole seconds, for example 600"

  trap cleanup EXIT
  mkdir -p -- "${ROOT}${CONF_DIR}"
  new="$(mktemp "${ROOT}${CONF_DIR}/.server.properties.XXXXXX")"
  TMP_PATHS+=("${new}")
  cat >"${new}"
  [[ -s "${new}" ]] || input_error "stdin is empty; pipe the rendered server.properties in"
  got="$(prop "${new}" node.id)"
  [[ -n "${got}" ]] || input_error "node.id is missing but --node-id is ${node_id}"
  [[ "${got}" == "${node_id}" ]] ||
    input_error "node.id is ${got} but --node-id is ${node_id}; the config was rendered for another broker"
  [[ -n "$(prop "${new}" log.dirs)" ]] || input_error "log.dirs is missing (expected log.dirs=/var/lib/kafka/data)"

  check_storage "${new}" "${cluster_id}" "${node_id}"

  rc=0
  state="$(timeout 60 systemctl is-active "${SERVICE}" 2>/dev/null)" || rc=$?
  ((rc != 124)) || die "systemctl is-active ${SERVICE} timed out; systemd is not answering"

  if [[ "${state}" != "active" && "${state}" != "reloading" ]]; then
    # First create, or Kafka is stopped: nothing to keep safe, start it.
    format_storage "${new}" "${cluster_id}"
    if [[ -f "${ROOT}${CONF}" ]] && cmp -s -- "${new}" "${ROOT}${CONF}"; then
      log "${CONF} unchanged"
    else
      install_config "${new}"
    fi
    log "kafka is ${state:-not active}; starting it (not waiting for the quorum)"
    timeout 300 systemctl enable --now "${SERVICE}" || die "systemctl enable --now ${SERVICE} failed on node ${node_id}; see 'journalctl -u ${SERVICE}'"
    rm -f -- "${ROOT}${RESTART_PENDING}"
    log "node ${node_id}: started"
    return 0
  fi

  same=0
  if [[ -f "${ROOT}${CONF}" ]] && cmp -s -- "${new}" "${ROOT}${CONF}"; then
    same=1
    if [[ ! -f "${ROOT}${RESTART_PENDING}" ]]; then
      log "node ${node_id}: ${CONF} unchanged and kafka active; nothing to do"
      return 0
    fi
    log "node ${node_id}: ${CONF} unchanged but a restart is pending ($(tr '\n' ';' <"${ROOT}${RESTART_PENDING}"))"
  else
    log "node ${node_id}: config changed"
  fi

  log "node ${node_id}: asking whether a restart is safe"
  rc=0
  out="$(timeout 180 kplc safe-to-restart --bootstrap "${bootstrap}" --node-id "${node_id}" --timeout 120s 2>&1)" || rc=$?
  if ((rc != 0)); then
    ((rc != 124)) || out="kplc safe-to-restart did not answer within 180 s"
    die "node ${node_id}: not safe to restart (kplc exit ${rc}): ${out}
Nothing was changed (config not written, Kafka not restarted). Fix the cluster's health and re-run the update."
  fi
  [[ -z "${out}" ]] || printf '%s\n' "${out}" >&2

  format_storage "${new}" "${cluster_id}"
  ((same)) || install_config "${new}"
  log "node ${node_id}: restarting kafka"
  timeout 660 systemctl restart "${SERVICE}" ||
    die "node ${node_id}: systemctl restart ${SERVICE} failed; the new config is in ${CONF}, the old one in ${CONF}.prev; see 'journalctl -u ${SERVICE}'. Stopping the rolling update here."

  rc=0
  out="$(timeout $((ready + 60)) kplc wait-ready --bootstrap "${bootstrap}" --node-id "${node_id}" --timeout "${ready}s" 2>&1)" || rc=$?
  if ((rc != 0)); then
    ((rc != 124)) || out="kplc wait-ready did not return within $((ready + 60)) s"
    die "node ${node_id} did not become ready after the restart (kplc exit ${rc}): ${out}
The rolling update stops here so no other broker restarts. The new config is in ${CONF}, the previous
one in ${CONF}.prev; see 'journalctl -u ${SERVICE}' on this broker."
  fi
  [[ -z "${out}" ]] || printf '%s\n' "${out}" >&2
  rm -f -- "${ROOT}${RESTART_PENDING}"
  log "node ${node_id}: restarted and ready"
}

main "$@"
