#!/usr/bin/env bash
#
# verify.sh: end-to-end checks run on the bastion after the cluster is up.
#
#   verify.sh --bootstrap H:P[,H:P...] --via NLB_HOST --brokers N --unique-name NAME
#             [--host-pattern PATTERN] [--bootstrap-port 9092] [--first-port 9093]
#             [--timeout SECONDS] [--sasl-mechanism MECH --sasl-user USER]
#
# With --sasl-user, the password comes from $KPLC_SASL_PASSWORD (never an argument) and the
# probe through the NLB authenticates as USER; it then skips its produce/consume round trip,
# which the changefeed user's ACLs (create, write, describe) do not allow.
#
# Runs, with kplc:
#   brokers            over the INTERNAL bootstrap (every broker registered)
#   roundtrip          over the INTERNAL bootstrap (produce and consume)
#   probe-privatelink  through the NLB host (the EXTERNAL path TiDB Cloud uses)
# and prints one JSON object on stdout:
#   {"ok":true,"checks":[{"name":"brokers","ok":true,"exit":0,"output":"..."},...]}
# Every check runs even when an earlier one fails.
#
# Exit codes: 0 all checks passed, 1 a check failed, 2 usage error.

set -euo pipefail
# shellcheck source=lib.sh # (Command puts lib.sh in front of the script on a host.)
declare -F kplc_lib_loaded >/dev/null || source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"


usage() {
  cat >&2 <<'EOF'
usage: verify.sh --bootstrap H:P[,H:P...] --via NLB_HOST --brokers N --unique-name NAME
                 [--host-pattern PATTERN] [--bootstrap-port 9092] [--first-port 9093]
                 [--timeout SECONDS] [--sasl-mechanism MECH --sasl-user USER]
EOF
}

# json_string TEXT: prints TEXT as a JSON string literal.
json_string() {
  local s="$1" out="" c i code
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "${c}" in
      '"') out+='\"' ;;
      \\) out+="\\\\" ;;
      $'\n') out+='\n' ;;
      $'\r') out+='\r' ;;
      $'\t') out+='\t' ;;
      *)
        printf -v code '%d' "'${c}"
        if ((code >= 0 && code < 32)); then
          printf -v c '\\u%04x' "${code}"
        fi
        out+="${c}"
        ;;
    esac
  done
  printf '"%s"' "${out}"
}

CHECKS=()
ALL_OK=true

# run_check NAME CMD...: runs CMD with a hard timeout and records the result.
run_check() {
  local name="$1" out rc=0 ok=true
  shift
  log "running ${name}"
  out="$(timed "$((TIMEOUT + 30))" "$@" 2>&1)" || rc=$?
  if ((rc != 0)); then
    ok=false
    ALL_OK=false
    log "${name} failed (exit ${rc})"
  fi
  CHECKS+=("{\"name\":$(json_string "${name}"),\"ok\":${ok},\"exit\":${rc},\"output\":$(json_string "${out}")}")
}

main() {
  local bootstrap="" via="" brokers="" unique="" pattern='b{id}.{uniqueName}.alicloud.plc.tidbcloud.com'
  local bport=9092 fport=9093 joined sasl_mech="" sasl_user=""
  local -a sasl=()
  TIMEOUT=60
  lib_init
  parse_flags "bootstrap=bootstrap! via=via! brokers=brokers! unique-name=unique! host-pattern=pattern
    bootstrap-port=bport first-port=fport timeout=TIMEOUT sasl-mechanism=sasl_mech sasl-user=sasl_user" "$@"
  if [[ -n "${sasl_user}${sasl_mech}" ]]; then
    [[ -n "${sasl_user}" && -n "${sasl_mech}" ]] || usage_error "--sasl-mechanism and --sasl-user go together"
    [[ -n "${KPLC_SASL_PASSWORD:-}" ]] || usage_error "--sasl-user ${sasl_user@Q}: the password must be in \$KPLC_SASL_PASSWORD"
    sasl=(--sasl-mechanism "${sasl_mech}" --sasl-user "${sasl_user}" --skip-roundtrip)
  fi
  [[ "${brokers}" =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "--brokers ${brokers@Q}: expected a positive integer"
  is_host_ports "${bootstrap}" || usage_error "--bootstrap ${bootstrap@Q}: expected host:port[,host:port...]"
  is_port "${bport}" || usage_error "--bootstrap-port ${bport@Q}: expected a TCP port, e.g. 9092"
  is_port "${fport}" || usage_error "--first-port ${fport@Q}: expected a TCP port, e.g. 9093"
  is_seconds "${TIMEOUT}" || usage_error "--timeout ${TIMEOUT@Q}: expected whole seconds, e.g. 60"
  preflight timeout,kplc

  run_check brokers kplc brokers --bootstrap "${bootstrap}" --timeout "${TIMEOUT}s" --format json
  run_check roundtrip kplc roundtrip --bootstrap "${bootstrap}" --timeout "${TIMEOUT}s" --format json
  run_check probe-privatelink kplc probe-privatelink --via "${via}" --bootstrap-port "${bport}" \
    --first-port "${fport}" --brokers "${brokers}" --host-pattern "${pattern}" \
    --unique-name "${unique}" --timeout "${TIMEOUT}s" --format json "${sasl[@]}"

  joined="$(IFS=,; printf '%s' "${CHECKS[*]}")"
  printf '{"ok":%s,"checks":[%s]}\n' "${ALL_OK}" "${joined}"
  [[ "${ALL_OK}" == true ]] || exit 1
}

main "$@"
