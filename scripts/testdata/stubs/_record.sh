# shellcheck shell=bash
# Sourced by every stub: appends "NAME ARGS..." as one line to $KPLC_STUB_LOG.
# Test double only; see scripts_test.go.
record() {
  local name
  name="$(basename -- "$0")"
  {
    printf '%s' "${name}"
    printf ' %s' "$@"
    printf '\n'
  } >>"${KPLC_STUB_LOG:?KPLC_STUB_LOG not set}"
}
record "$@"
