# shellcheck shell=bash
# Sourced by every stub: appends "NAME ARGS..." as one line to $KPLC_STUB_LOG, and also to
# $KPLC_STUB_STATE/untimed.log when the stub's parent is not timeout(1), so that the tests can
# insist that every command which may hang runs under a timeout.
# Test double only; see scripts_test.go.
record() {
  local name line parent=""
  name="$(basename -- "$0")"
  printf -v line ' %s' "$@"
  line="${name}${line}"
  printf '%s\n' "${line}" >>"${KPLC_STUB_LOG:?KPLC_STUB_LOG not set}"
  read -r parent <"/proc/${PPID}/comm" || :
  if [[ "${parent}" != timeout ]]; then
    printf '%s\n' "${line}" >>"${KPLC_STUB_STATE:?KPLC_STUB_STATE not set}/untimed.log"
  fi
}
record "$@"
