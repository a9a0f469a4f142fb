#!/usr/bin/env bash
#
# prepare-bastion.sh: make the bastion the distribution point for the brokers,
# which have no internet access.
#
#   prepare-bastion.sh --kafka-url URL --checksum ALGO:HEX --file NAME --listen IP:PORT
#
# 1. Downloads the Kafka tarball into /opt/kafka-plc/dist/NAME unless a copy
#    with the expected checksum is already there. The download goes to a temp
#    file in the same directory and is moved into place only after its checksum
#    matched; a mismatch leaves any earlier verified file untouched.
# 2. Installs the systemd unit kplc-dist.service that serves the dist directory
#    read-only over HTTP on the bastion's PRIVATE address, and (re)starts it only
#    when the unit changed (or when it is not running).
# 3. Installs /opt/kafka-plc/dist/kplc (uploaded by Pulumi beforehand) as
#    /usr/local/bin/kplc when it differs.
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure (message on stderr), 2 usage error.

set -euo pipefail

readonly PROG="prepare-bastion.sh"
readonly ROOT="${KPLC_ROOT:-}"
readonly DIST_DIR="/opt/kafka-plc/dist"
readonly UNIT_NAME="kplc-dist.service"
readonly UNIT_PATH="/etc/systemd/system/${UNIT_NAME}"
readonly KPLC_BIN="/usr/local/bin/kplc"
readonly PYTHON="/usr/bin/python3"

# Standard locations last, so a caller's PATH (tests put stubs first) wins.
PATH="${PATH:+${PATH}:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export PATH

TMP_PATHS=()

log() { printf '%s: %s\n' "${PROG}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${PROG}" "$*" >&2; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: prepare-bastion.sh --kafka-url URL --checksum ALGO:HEX --file NAME --listen IP:PORT
  --kafka-url URL      where to download the Kafka tarball (http or https)
  --checksum ALGO:HEX  sha256:<64 hex> or sha512:<128 hex> of the tarball
  --file NAME          file name to store it under in /opt/kafka-plc/dist
  --listen IP:PORT     bastion PRIVATE address to serve the dist directory on (e.g. 10.0.3.5:8081)
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

# parse_checksum ALGO:HEX: sets CK_ALGO and CK_HEX (lower case) or exits 2.
parse_checksum() {
  local value="$1" algo hex want
  algo="${value%%:*}"
  hex="${value#*:}"
  hex="${hex,,}"
  case "${algo}" in
    sha256) want=64 ;;
    sha512) want=128 ;;
    *) usage_error "--checksum ${value@Q}: algorithm must be sha256 or sha512, written as sha256:<64 hex> or sha512:<128 hex>" ;;
  esac
  if [[ "${value}" != *:* || ! "${hex}" =~ ^[0-9a-f]+$ || ${#hex} -ne ${want} ]]; then
    usage_error "--checksum ${value@Q}: expected ${algo}:<${want} hex digits>"
  fi
  CK_ALGO="${algo}"
  CK_HEX="${hex}"
}

# digest FILE: prints the CK_ALGO digest of FILE.
digest() {
  local out
  out="$("${CK_ALGO}sum" -- "$1")"
  printf '%s\n' "${out%% *}"
}

# write_if_changed DEST MODE CONTENT: atomically replaces DEST when its content
# differs. Sets CHANGED=1 when it wrote, 0 when DEST was already identical.
write_if_changed() {
  local dest="$1" mode="$2" content="$3" tmp
  tmp="$(mktemp "$(dirname -- "${dest}")/.$(basename -- "${dest}").XXXXXX")"
  TMP_PATHS+=("${tmp}")
  printf '%s\n' "${content}" >"${tmp}"
  if [[ -f "${dest}" ]] && cmp -s -- "${tmp}" "${dest}"; then
    rm -f -- "${tmp}"
    CHANGED=0
    return 0
  fi
  chmod "${mode}" -- "${tmp}"
  mv -f -- "${tmp}" "${dest}"
  CHANGED=1
}

fetch_tarball() {
  local url="$1" dest="$2" tmp actual
  if [[ -f "${dest}" ]] && [[ "$(digest "${dest}")" == "${CK_HEX}" ]]; then
    log "${dest#"${ROOT}"} already present and verified (${CK_ALGO}); not downloading"
    return 0
  fi
  tmp="$(mktemp "$(dirname -- "${dest}")/.$(basename -- "${dest}").XXXXXX.part")"
  TMP_PATHS+=("${tmp}")
  log "downloading ${url}"
  if ! timeout 1800 curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused \
    --connect-timeout 20 --max-time 1700 -o "${tmp}" -- "${url}"; then
    die "download of ${url} failed; check that the bastion has internet access and that the URL exists (Apache moves old releases to https://archive.apache.org/dist/kafka/)"
  fi
  actual="$(digest "${tmp}")"
  if [[ "${actual}" != "${CK_HEX}" ]]; then
    rm -f -- "${tmp}"
    die "checksum mismatch for ${url}
  expected ${CK_ALGO}:${CK_HEX}
  actual   ${CK_ALGO}:${actual}
The download was discarded and ${dest#"${ROOT}"} was left as it was. Check that kafkaChecksum matches
the release's published .${CK_ALGO} file (for example ${url}.${CK_ALGO}) and that kafkaUrl names the same release."
  fi
  chmod 0644 -- "${tmp}"
  mv -f -- "${tmp}" "${dest}"
  log "verified ${CK_ALGO} and stored ${dest#"${ROOT}"}"
}

unit_content() {
  local ip="$1" port="$2"
  cat <<EOF
# Managed by kafka-plc (prepare-bastion.sh); changes are overwritten.
[Unit]
Description=kafka-plc distribution files for the brokers (read-only HTTP, private address only)
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=nobody
WorkingDirectory=${DIST_DIR}
ExecStart=${PYTHON} -m http.server --bind ${ip} ${port}
Restart=on-failure
RestartSec=5
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=strict
ProtectHome=yes
ReadOnlyPaths=${DIST_DIR}

[Install]
WantedBy=multi-user.target
EOF
}

install_unit() {
  local ip="$1" port="$2" state
  if [[ ! -x "${ROOT}${PYTHON}" ]]; then
    log "${PYTHON} not found; installing python3"
    timeout 900 dnf install -y python3 >&2 || die "dnf install -y python3 failed; the dist server needs ${PYTHON}"
    [[ -x "${ROOT}${PYTHON}" ]] || die "${PYTHON} still missing after installing python3"
  fi
  mkdir -p -- "${ROOT}$(dirname -- "${UNIT_PATH}")"
  write_if_changed "${ROOT}${UNIT_PATH}" 0644 "$(unit_content "${ip}" "${port}")"
  if ((CHANGED)); then
    log "unit ${UNIT_NAME} changed; reloading and restarting it"
    timeout 120 systemctl daemon-reload
    timeout 120 systemctl enable "${UNIT_NAME}"
    timeout 120 systemctl restart "${UNIT_NAME}"
    return 0
  fi
  state="$(timeout 60 systemctl is-active "${UNIT_NAME}" 2>/dev/null)" || true
  if [[ "${state}" != "active" ]]; then
    log "unit ${UNIT_NAME} unchanged but ${state:-not active}; starting it"
    timeout 120 systemctl enable --now "${UNIT_NAME}"
  else
    log "unit ${UNIT_NAME} unchanged and active"
  fi
}

install_kplc() {
  local src="${ROOT}${DIST_DIR}/kplc" dest="${ROOT}${KPLC_BIN}" tmp
  [[ -f "${src}" ]] || die "${DIST_DIR}/kplc is missing; the Pulumi program uploads it before running this script, so re-run the update"
  chmod 0755 -- "${src}"
  if [[ -f "${dest}" ]] && cmp -s -- "${src}" "${dest}"; then
    log "${KPLC_BIN} is up to date"
    return 0
  fi
  mkdir -p -- "$(dirname -- "${dest}")"
  tmp="$(mktemp "$(dirname -- "${dest}")/.kplc.XXXXXX")"
  TMP_PATHS+=("${tmp}")
  cp -- "${src}" "${tmp}"
  chmod 0755 -- "${tmp}"
  mv -f -- "${tmp}" "${dest}"
  log "installed ${KPLC_BIN}"
}

main() {
  local url="" checksum="" file="" listen="" ip port
  while (($# > 0)); do
    case "$1" in
      --kafka-url | --checksum | --file | --listen)
        (($# >= 2)) || usage_error "$1 needs a value"
        case "$1" in
          --kafka-url) url="$2" ;;
          --checksum) checksum="$2" ;;
          --file) file="$2" ;;
          --listen) listen="$2" ;;
        esac
        shift 2
        ;;
      -h | --help) usage; exit 0 ;;
      *) usage_error "unknown argument ${1@Q}" ;;
    esac
  done
  [[ -n "${url}" ]] || usage_error "--kafka-url is required (the Kafka tarball URL)"
  [[ -n "${checksum}" ]] || usage_error "--checksum is required (sha256:<hex> or sha512:<hex>)"
  [[ -n "${file}" ]] || usage_error "--file is required (for example kafka_2.13-3.7.1.tgz)"
  [[ -n "${listen}" ]] || usage_error "--listen is required (the bastion's private IP:PORT, for example 10.0.3.5:8081)"
  [[ "${url}" =~ ^https?://[^[:space:]]+$ ]] || usage_error "--kafka-url ${url@Q}: must be an http:// or https:// URL"
  [[ "${file}" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || usage_error "--file ${file@Q}: must be a plain file name (letters, digits, . _ -)"
  [[ "${file}" != "kplc" ]] || usage_error "--file must not be 'kplc' (that name holds the kplc binary)"
  parse_checksum "${checksum}"
  if [[ ! "${listen}" =~ ^([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}):([0-9]{1,5})$ ]]; then
    usage_error "--listen ${listen@Q}: expected IPv4:PORT, for example 10.0.3.5:8081"
  fi
  ip="${BASH_REMATCH[1]}"
  port="${BASH_REMATCH[2]}"
  ((port >= 1 && port <= 65535)) || usage_error "--listen ${listen@Q}: port must be 1-65535"
  [[ "${ip}" != "0.0.0.0" ]] || usage_error "--listen ${listen@Q}: serve on the bastion's private IP, never 0.0.0.0 (the bastion has a public address)"

  trap cleanup EXIT
  mkdir -p -- "${ROOT}${DIST_DIR}"
  chmod 0755 -- "${ROOT}${DIST_DIR}"
  fetch_tarball "${url}" "${ROOT}${DIST_DIR}/${file}"
  install_kplc
  install_unit "${ip}" "${port}"
  log "done: brokers fetch from http://${ip}:${port}/${file}"
}

main "$@"
