#!/usr/bin/env bash
#
# exporter-probe.sh: point kplc exporter's private-link probe at the NLB, once the NLB exists.
#
#   exporter-probe.sh --via NLB_HOST --brokers N [--bootstrap-port 9092] [--first-port 9093]
#                     [--host-pattern PATTERN] [--unique-name NAME]
#   exporter-probe.sh --remove yes
#
# The bastion preparation installs kplc-exporter.service before the NLB exists, so the unit
# cannot name it. This script writes the probe's flags into /etc/kafka-plc/exporter-probe.env
# (KPLC_EXPORTER_PROBE_ARGS), which the unit reads with `EnvironmentFile=-` and passes to
# `kplc exporter` as `$KPLC_EXPORTER_PROBE_ARGS` (systemd.service(5), "Command lines": a
# separate-word $VAR is split at whitespace, zero words when unset; systemd.exec(5),
# EnvironmentFile=: a "-" prefix ignores a missing file, double quotes keep whitespace). The
# unit therefore starts without the file, and probes once it exists. The file is written
# atomically and kplc-exporter.service is restarted only when its content changed: a re-run
# with the same flags changes nothing. --brokers is the exporter's own --brokers, used only to
# refuse broker ports that collide with the bootstrap port (kplc exporter would refuse them,
# and the unit would not start). --remove yes (the step's delete, e.g. when externalAuth is
# switched on) removes the file and restarts the exporter, without a probe; nothing when absent.
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure (message on stderr), 2 usage error (nothing was written).

set -euo pipefail
# shellcheck source=lib.sh # (Command puts lib.sh in front of the script on a host.)
declare -F kplc_lib_loaded >/dev/null || source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly EXPORTER_UNIT="kplc-exporter.service"
readonly PROBE_ENV="/etc/kafka-plc/exporter-probe.env"

usage() {
  cat >&2 <<'EOF_USAGE'
usage: exporter-probe.sh --via NLB_HOST --brokers N [--bootstrap-port 9092] [--first-port 9093]
                         [--host-pattern PATTERN] [--unique-name NAME]
       exporter-probe.sh --remove yes
  --via NLB_HOST         the NLB's DNS name (or IP) inside the VPC
  --brokers N            the brokers behind it, node IDs 1..N (1-64, as kplc-exporter.service's --brokers)
  --bootstrap-port PORT  the NLB's bootstrap listener
  --first-port PORT      broker 1's NLB listener; broker i's is PORT+i-1
  --host-pattern P       the advertised host pattern, with {id} (and {uniqueName})
  --unique-name NAME     TiDB Cloud's unique name, or unique_name before it is known
  --remove yes           remove the probe's file (the exporter then runs without a probe)
EOF_USAGE
}

# probe_env VIA BPORT FPORT PATTERN UNIQUE: the file's content.
probe_env() {
  cat <<EOF_ENV
# Managed by kafka-plc (exporter-probe.sh); changes are overwritten.
# kplc exporter's private-link probe through the NLB, read by ${EXPORTER_UNIT}.
KPLC_EXPORTER_PROBE_ARGS="--probe-via $1 --probe-bootstrap-port $2 --probe-first-port $3 --probe-host-pattern $4 --probe-unique-name $5"
EOF_ENV
}

# remove_probe: removes the probe's file, then restarts the exporter; nothing when it is absent.
remove_probe() {
  preflight timeout,rm,sync,systemctl
  if [[ ! -e "${ROOT}${PROBE_ENV}" ]]; then
    log "${PROBE_ENV} absent; nothing to remove"
    return 0
  fi
  rm -f -- "${ROOT}${PROBE_ENV}"
  sync_paths -- "${ROOT}${PROBE_ENV%/*}"
  log "${PROBE_ENV} removed; restarting ${EXPORTER_UNIT} without a probe"
  with_timeout 120 "see 'systemctl status ${EXPORTER_UNIT}' and 'journalctl -u ${EXPORTER_UNIT}'" systemctl restart "${EXPORTER_UNIT}"
}

main() {
  local via="" brokers="" bport=9092 fport=9093 pattern='b{id}.{uniqueName}.alicloud.plc.tidbcloud.com'
  local unique="unique_name" hint remove=""
  lib_init
  if [[ "${1:-}" == "--remove" ]]; then
    parse_flags "remove=remove!" "$@"
    [[ "${remove}" == yes ]] || usage_error "--remove ${remove@Q}: expected yes"
    remove_probe
    return 0
  fi
  parse_flags "via=via! brokers=brokers! bootstrap-port=bport first-port=fport host-pattern=pattern
    unique-name=unique" "$@"
  # Every value becomes one word of a systemd command line: letters, digits and . - _ { } only
  # (no whitespace, quote, backslash, $ or %, which systemd would split or expand).
  if [[ ! "${via}" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$ ]]; then
    usage_error "--via ${via@Q}: expected the NLB's DNS name or IP, for example nlb-abc.cn-hangzhou.nlb.aliyuncsslb.com"
  fi
  if [[ ! "${brokers}" =~ ^[1-9][0-9]?$ ]] || ((brokers > 64)); then
    usage_error "--brokers ${brokers@Q}: expected 1-64"
  fi
  is_port "${bport}" || usage_error "--bootstrap-port ${bport@Q}: expected a TCP port, e.g. 9092"
  is_port "${fport}" || usage_error "--first-port ${fport@Q}: expected a TCP port, e.g. 9093"
  ((fport + brokers - 1 <= 65535)) || usage_error "--first-port ${fport} with --brokers ${brokers} runs past port 65535"
  if ((bport >= fport && bport < fport + brokers)); then
    usage_error "--bootstrap-port ${bport} collides with the broker ports ${fport}-$((fport + brokers - 1)); give the NLB's bootstrap port"
  fi
  if [[ ! "${pattern}" =~ ^[A-Za-z0-9{}._-]+$ || "${pattern}" != *"{id}"* ]]; then
    usage_error "--host-pattern ${pattern@Q}: expected a host name with {id} (letters, digits, . - _ { }), e.g. b{id}.{uniqueName}.alicloud.plc.tidbcloud.com"
  fi
  if [[ ! "${unique}" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$ ]]; then
    usage_error "--unique-name ${unique@Q}: expected TiDB Cloud's unique name (letters, digits, - _), or unique_name before it is known"
  fi
  preflight timeout,mktemp,rm,mv,chmod,sync,cmp,stat,mkdir,systemctl

  mkdir -p -- "${ROOT}${PROBE_ENV%/*}"
  write_if_changed "${ROOT}${PROBE_ENV}" 0644 "$(probe_env "${via}" "${bport}" "${fport}" "${pattern}" "${unique}")"
  if ((CHANGED == 0)); then
    log "${PROBE_ENV} unchanged; ${EXPORTER_UNIT} left as it is"
    return 0
  fi
  hint="see 'systemctl status ${EXPORTER_UNIT}' and 'journalctl -u ${EXPORTER_UNIT}'; the bastion preparation installs the unit"
  log "${PROBE_ENV} written; restarting ${EXPORTER_UNIT} so that it probes ${via}"
  with_timeout 120 "${hint}" systemctl restart "${EXPORTER_UNIT}"
  log "done: kplc exporter probes the NLB ${via} (ports ${bport}, ${fport}-$((fport + brokers - 1)))"
}

main "$@"
