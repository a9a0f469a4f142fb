#!/usr/bin/env bash
# Test double for Kafka's kafka-storage.sh, packed into the fake tarball by the
# tests: "format (-t ID | --cluster-id ID | --cluster-id=ID) -c CONFIG [--ignore-formatted]" writes meta.properties
# into every log dir of CONFIG (under $KPLC_ROOT) that has none, and fails on a
# formatted dir without --ignore-formatted, like the real tool. Like the stubs, it notes in
# $KPLC_STUB_STATE/untimed.log when it was not run under timeout(1).
set -euo pipefail
printf -v line ' %s' "$@"
line="$(basename -- "$0")${line}"
printf '%s\n' "${line}" >>"${KPLC_STUB_LOG:?}"
read -r parent <"/proc/${PPID}/comm" || :
[[ "${parent:-}" == timeout ]] || printf '%s\n' "${line}" >>"${KPLC_STUB_STATE:?}/untimed.log"
[[ "${1:-}" == format ]] || { echo "stub supports only format" >&2; exit 1; }
shift
id="" conf="" ignore=0
while (($# > 0)); do
  case "$1" in
    # Like Kafka's argparse4j parser: a separate value that starts with '-' is taken for a
    # flag, so "-t -Abc..." fails (domain-facts.md, Storage formatting); "--cluster-id=-Abc..."
    # is one word and works.
    -t | --cluster-id)
      [[ $# -ge 2 && "$2" != -* ]] || { echo "argument --cluster-id/-t: expected one argument" >&2; exit 1; }
      id="$2"; shift 2 ;;
    --cluster-id=*) id="${1#--cluster-id=}"; shift ;;
    -c) conf="$2"; shift 2 ;;
    --ignore-formatted) ignore=1; shift ;;
    *) echo "unknown flag $1" >&2; exit 1 ;;
  esac
done
dirs="$(sed -n 's/^log\.dirs=//p' "${conf}" | tail -n 1)"
node="$(sed -n 's/^node\.id=//p' "${conf}" | tail -n 1)"
IFS=',' read -r -a list <<<"${dirs}"
for d in "${list[@]}"; do
  meta="${KPLC_ROOT:-}${d}/meta.properties"
  if [[ -f "${meta}" ]]; then
    ((ignore)) || { echo "Log directory ${d} is already formatted." >&2; exit 1; }
    continue
  fi
  mkdir -p "${KPLC_ROOT:-}${d}"
  printf 'version=1\ncluster.id=%s\nnode.id=%s\ndirectory.id=stubDirectoryId00000000\n' "${id}" "${node}" >"${meta}"
  echo "Formatting ${d} with metadata.version 3.7-IV4."
done
