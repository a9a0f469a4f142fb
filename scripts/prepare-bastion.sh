#!/usr/bin/env bash
#
# prepare-bastion.sh: make the bastion the distribution point for the brokers,
# which have no internet access.
#
#   prepare-bastion.sh --kafka-url URL --checksum ALGO:HEX --file NAME --listen IP:PORT
#                      [--kplc-upload PATH [--kplc-upload-owner USER]]
#                      [--exporter-listen IP:PORT --exporter-bootstrap HOST:PORT[,...]
#                       --exporter-brokers N]
#
# 1. Downloads the Kafka tarball into /opt/kafka-plc/dist/NAME unless a copy
#    with the expected checksum is already there. The download goes to a temp
#    file in the same directory and is moved into place only after its checksum
#    matched; a mismatch leaves any earlier verified file untouched.
# 2. With --kplc-upload (the SSH user is not root, so Pulumi uploaded kplc to a
#    path that user may write), copies that file to /opt/kafka-plc/dist/kplc
#    after checking that it is safe to: a regular file, not a symlink, with one
#    link, owned by USER (default: $SUDO_USER) and writable by nobody else, in a
#    directory that only USER or root may change (or a sticky one, like /tmp).
#    What is copied is the very file that was checked (same inode, read through
#    one open descriptor).
#    Without it, Pulumi uploaded /opt/kafka-plc/dist/kplc as root.
# 3. Installs /opt/kafka-plc/dist/kplc as /usr/local/bin/kplc when it differs.
# 4. Installs the systemd unit kplc-dist.service, which runs `kplc serve-dist`: it
#    serves only the tarball and kplc, read-only over HTTP, to many brokers at once,
#    on the bastion's PRIVATE address (no listing, nothing else in the directory).
#    It (re)starts the unit only when the unit or kplc changed (or when it is not
#    running). (It replaced `python3 -m http.server`: Python 3.6's server takes one
#    client at a time and lists directories.)
# 5. With --exporter-listen, installs the systemd unit kplc-exporter.service, which runs
#    `kplc exporter`: the cluster's health (the gates' checks, log-dir sizes) as Prometheus
#    metrics on /metrics, on the bastion's PRIVATE address only, read through the brokers'
#    INTERNAL listener (--exporter-bootstrap) with every scrape bounded by --timeout. Same
#    (re)start rule as kplc-dist.service. It runs as nobody with a read-only file system. It
#    also reads /etc/kafka-plc/exporter-probe.env when present: the private-link probe's flags,
#    written by exporter-probe.sh once the NLB exists.
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure (message on stderr), 2 usage error.

set -euo pipefail
# shellcheck source=lib.sh # (Command puts lib.sh in front of the script on a host.)
declare -F kplc_lib_loaded >/dev/null || source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly UNIT_NAME="kplc-dist.service"
readonly EXPORTER_UNIT="kplc-exporter.service"
readonly UNIT_DIR="/etc/systemd/system"
# One scrape's reads of the cluster are bounded by this; Prometheus' default scrape_timeout is
# 10 s, so a scrape answers (kplc_up 0 at worst) before Prometheus gives up.
readonly EXPORTER_SCRAPE_TIMEOUT="8s"
# Written by exporter-probe.sh once the NLB exists: KPLC_EXPORTER_PROBE_ARGS, the exporter's
# --probe-* flags. systemd.service(5), "Command lines": $KPLC_EXPORTER_PROBE_ARGS as a word of
# its own is split at whitespace, and is no word at all while the file (optional: "-") is absent.
readonly EXPORTER_PROBE_ENV="/etc/kafka-plc/exporter-probe.env"

usage() {
  cat >&2 <<'EOF'
usage: prepare-bastion.sh --kafka-url URL --checksum ALGO:HEX --file NAME --listen IP:PORT
                          [--kplc-upload PATH [--kplc-upload-owner USER]]
                          [--exporter-listen IP:PORT --exporter-bootstrap HOST:PORT[,...]
                           --exporter-brokers N]
  --kafka-url URL            where to download the Kafka tarball (http or https)
  --checksum ALGO:HEX        sha256:<64 hex> or sha512:<128 hex> of the tarball
  --file NAME                file name to store it under in /opt/kafka-plc/dist
  --listen IP:PORT           bastion PRIVATE address to serve the dist directory on (e.g. 10.0.3.5:8081)
  --kplc-upload PATH         kplc as uploaded by a non-root SSH user (relative: to the working
                             directory, the user's home under sudo); checked, then copied into
                             /opt/kafka-plc/dist
  --kplc-upload-owner USER   the user who must own the upload (default: $SUDO_USER)
  --exporter-listen IP:PORT  bastion PRIVATE address for kplc exporter's /metrics (e.g. 10.0.3.5:9308)
  --exporter-bootstrap LIST  the brokers' INTERNAL listeners, HOST:PORT[,HOST:PORT...]
  --exporter-brokers N       expected brokers (node IDs 1..N), so a missing one shows
EOF
}

fetch_tarball() {
  local url="$1" dest="$2"
  if [[ -f "${dest}" ]] && [[ "$(digest "${dest}")" == "${CK_HEX}" ]]; then
    log "${dest#"${ROOT}"} already present and verified (${CK_ALGO}); not downloading"
    return 0
  fi
  temp_beside "${dest}"
  log "downloading ${url}"
  download "${url}" "${TEMP}" 1700 "check that the bastion has internet access and that the URL exists (Apache moves old releases to https://archive.apache.org/dist/kafka/)"
  verify_checksum "${TEMP}" "${url}" "The download was discarded and ${dest#"${ROOT}"} was left as it was. Check that kafkaChecksum matches
the release's published .${CK_ALGO} file (for example ${url}.${CK_ALGO}) and that kafkaUrl names the same release."
  # The dist server runs as nobody: the tarball must be world-readable.
  put_in_place "${TEMP}" "${dest}" 0644
  log "verified ${CK_ALGO} and stored ${dest#"${ROOT}"}"
}

# upload_refused PATH WHY: dies explaining why the kplc upload at PATH is not used.
upload_refused() {
  die "REFUSING --kplc-upload ${1#"${ROOT}"}: $2. Nothing was installed. Upload kplc to a directory that only the SSH user can write (for example ~/.kafka-plc/kplc) and re-run."
}

# others_may_write MODE OWNER GROUP: succeeds when a file or directory with octal MODE, owned
# by OWNER:GROUP, may be written by users other than OWNER and root. Group write counts only
# when GROUP is a shared one (not OWNER's private group, nor root's); the sticky bit (a
# directory such as /tmp) stops others from replacing what they do not own.
others_may_write() {
  local mode="$1" owner="$2" group="$3"
  (((8#${mode} & 8#1000) == 0)) || return 1
  (((8#${mode} & 8#002) == 0)) || return 0
  (((8#${mode} & 8#020) != 0)) && [[ "${group}" != "${owner}" && "${group}" != root ]]
}

# take_kplc_upload PATH OWNER: copies the upload at PATH into the dist dir, after checking
# that OWNER put it there and nobody else could have changed it. The file is opened once;
# the checks are made on what was opened and compared with what PATH names (by inode), so a
# swap of PATH between the checks and the copy is refused, not copied.
take_kplc_upload() {
  local path="$1" owner="$2" dir dest="${ROOT}${DIST_DIR}/kplc" fd
  local -a f d
  if [[ "${path}" == /* ]]; then
    path="${ROOT}${path}"
  else
    path="${PWD}/${path}"
  fi
  dir="$(dirname -- "${path}")"
  [[ ! -L "${path}" ]] || upload_refused "${path}" "it is a symbolic link"
  [[ -e "${path}" ]] || die "--kplc-upload ${path#"${ROOT}"} does not exist; the Pulumi program uploads kplc there before running this script, so re-run the update"
  [[ -f "${path}" ]] || upload_refused "${path}" "it is not a regular file"
  [[ ! -L "${dir}" && -d "${dir}" ]] || upload_refused "${path}" "its directory is a symbolic link or not a directory"
  # The directory: a user who may change it could swap the file.
  read -r -a d <<<"$(stat -c '%a %U %G' -- "${dir}")"
  [[ "${d[1]}" == "${owner}" || "${d[1]}" == root ]] ||
    upload_refused "${path}" "its directory belongs to ${d[1]}, not to ${owner} or root"
  ! others_may_write "${d[@]}" || upload_refused "${path}" "its directory (mode ${d[0]}, group ${d[2]}) may be written by other users"

  exec {fd}<"${path}"
  read -r -a f <<<"$(stat -L -c '%a %U %G %h %d:%i' -- "/proc/$$/fd/${fd}")"
  [[ "${f[4]}" == "$(stat -c '%d:%i' -- "${path}")" && -f "/proc/$$/fd/${fd}" ]] ||
    upload_refused "${path}" "it changed while it was being checked"
  [[ "${f[1]}" == "${owner}" ]] || upload_refused "${path}" "it belongs to ${f[1]}, not to ${owner}"
  ! others_may_write "${f[@]:0:3}" || upload_refused "${path}" "its mode ${f[0]} (group ${f[2]}) lets other users write it"
  ((f[3] == 1)) || upload_refused "${path}" "it has ${f[3]} hard links, so another name could change it"

  mkdir -p -- "${ROOT}${DIST_DIR}"
  temp_beside "${dest}"
  cat <&"${fd}" >"${TEMP}"
  exec {fd}<&-
  [[ -s "${TEMP}" ]] || upload_refused "${path}" "it is empty"
  commit_if_changed "${TEMP}" "${dest}" 0755
  if ((CHANGED)); then
    log "copied the kplc upload ${path#"${ROOT}"} (owner ${owner}) to ${DIST_DIR}/kplc"
  fi
}

unit_content() {
  local ip="$1" port="$2" file="$3"
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
ExecStart=${KPLC_BIN} serve-dist --listen ${ip}:${port} --dir ${DIST_DIR} --file ${file} --file kplc
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

exporter_unit_content() {
  local listen="$1" bootstrap="$2" brokers="$3"
  cat <<EOF
# Managed by kafka-plc (prepare-bastion.sh); changes are overwritten.
[Unit]
Description=kafka-plc exporter: the Kafka cluster's health as Prometheus metrics (private address only)
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=nobody
# The private-link probe's flags, once the NLB exists (exporter-probe.sh); none without the file.
EnvironmentFile=-${EXPORTER_PROBE_ENV}
ExecStart=${KPLC_BIN} exporter --listen ${listen} --bootstrap ${bootstrap} --brokers ${brokers} --timeout ${EXPORTER_SCRAPE_TIMEOUT} \$KPLC_EXPORTER_PROBE_ARGS
Restart=always
RestartSec=5
NoNewPrivileges=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectSystem=strict
ProtectHome=yes
ProtectKernelTunables=yes
ProtectControlGroups=yes
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
MemoryMax=256M
TasksMax=64

[Install]
WantedBy=multi-user.target
EOF
}

# install_unit NAME CONTENT HINT KPLC_CHANGED: the unit NAME with CONTENT, (re)started when it
# or kplc changed, started when it is not running.
install_unit() {
  local name="$1" content="$2" hint="$3" kplc_changed="$4" state path="${ROOT}${UNIT_DIR}/$1"
  mkdir -p -- "${ROOT}${UNIT_DIR}"
  write_if_changed "${path}" 0644 "${content}"
  if ((CHANGED)); then
    log "unit ${name} changed; reloading and restarting it"
    with_timeout 120 "${hint}" systemctl daemon-reload
    with_timeout 120 "${hint}" systemctl enable "${name}"
    with_timeout 120 "${hint}" systemctl restart "${name}"
    return 0
  fi
  if [[ "${kplc_changed}" == 1 ]]; then
    log "${KPLC_BIN} changed; restarting ${name}, which runs it"
    with_timeout 120 "${hint}" systemctl enable "${name}"
    with_timeout 120 "${hint}" systemctl restart "${name}"
    return 0
  fi
  state="$(timed 60 systemctl is-active "${name}" 2>/dev/null)" || true
  if [[ "${state}" != "active" ]]; then
    log "unit ${name} unchanged but ${state:-not active}; starting it"
    with_timeout 120 "${hint}" systemctl enable --now "${name}"
  else
    log "unit ${name} unchanged and active"
  fi
}

# unit_hint NAME IP PORT: what to check when unit NAME does not start.
unit_hint() {
  printf "see 'systemctl status %s' and 'journalctl -u %s' (is %s this bastion's private address, port %s free?)" "$1" "$1" "$2" "$3"
}

# private_listen FLAG VALUE: checks an IPv4:PORT listen address that is not 0.0.0.0; sets
# LISTEN_IP and LISTEN_PORT.
private_listen() {
  if [[ ! "$2" =~ ^([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}):([0-9]{1,5})$ ]]; then
    usage_error "$1 ${2@Q}: expected IPv4:PORT, for example 10.0.3.5:8081"
  fi
  LISTEN_IP="${BASH_REMATCH[1]}"
  LISTEN_PORT="${BASH_REMATCH[2]}"
  is_port "${LISTEN_PORT}" || usage_error "$1 ${2@Q}: port must be 1-65535"
  [[ "${LISTEN_IP}" != "0.0.0.0" ]] || usage_error "$1 ${2@Q}: serve on the bastion's private IP, never 0.0.0.0 (the bastion has a public address)"
}

install_kplc() {
  local src="${ROOT}${DIST_DIR}/kplc" dest="${ROOT}${KPLC_BIN}"
  [[ -f "${src}" ]] || die "${DIST_DIR}/kplc is missing; the Pulumi program uploads it before running this script, so re-run the update"
  # The dist server runs as nobody: kplc must be world-readable (the brokers fetch it).
  chmod 0755 -- "${src}"
  mkdir -p -- "$(dirname -- "${dest}")"
  copy_if_changed "${src}" "${dest}" 0755
  KPLC_CHANGED="${CHANGED}"
  if ((CHANGED)); then
    log "installed ${KPLC_BIN}"
  else
    log "${KPLC_BIN} is up to date"
  fi
}

main() {
  local url="" checksum="" file="" listen="" upload="" owner="${SUDO_USER:-}" ip port
  local exp_listen="" exp_bootstrap="" exp_brokers="" exp_ip exp_port
  lib_init
  parse_flags "kafka-url=url! checksum=checksum! file=file! listen=listen! kplc-upload=upload
    kplc-upload-owner=owner exporter-listen=exp_listen exporter-bootstrap=exp_bootstrap
    exporter-brokers=exp_brokers" "$@"
  [[ "${url}" =~ ^https?://[^[:space:]]+$ ]] || usage_error "--kafka-url ${url@Q}: must be an http:// or https:// URL"
  [[ "${file}" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || usage_error "--file ${file@Q}: must be a plain file name (letters, digits, . _ -)"
  [[ "${file}" != "kplc" ]] || usage_error "--file must not be 'kplc' (that name holds the kplc binary)"
  parse_checksum "${checksum}"
  private_listen --listen "${listen}"
  ip="${LISTEN_IP}"
  port="${LISTEN_PORT}"
  if [[ -n "${exp_listen}${exp_bootstrap}${exp_brokers}" ]]; then
    [[ -n "${exp_listen}" && -n "${exp_bootstrap}" && -n "${exp_brokers}" ]] ||
      usage_error "--exporter-listen, --exporter-bootstrap and --exporter-brokers go together"
    private_listen --exporter-listen "${exp_listen}"
    exp_ip="${LISTEN_IP}"
    exp_port="${LISTEN_PORT}"
    [[ "${exp_listen}" != "${listen}" ]] || usage_error "--exporter-listen ${exp_listen@Q}: the dist server (--listen) already uses that address"
    is_host_ports "${exp_bootstrap}" || usage_error "--exporter-bootstrap ${exp_bootstrap@Q}: expected HOST:PORT[,HOST:PORT...]"
    if [[ ! "${exp_brokers}" =~ ^[1-9][0-9]?$ ]] || [[ "${exp_brokers}" -gt 64 ]]; then
      usage_error "--exporter-brokers ${exp_brokers@Q}: expected 1-64"
    fi
  fi
  if [[ -n "${upload}" ]]; then
    [[ -n "${owner}" ]] || usage_error "--kplc-upload needs --kplc-upload-owner USER (or running under sudo, which names the user)"
    [[ "${owner}" =~ ^[A-Za-z_][A-Za-z0-9_.-]*[$]?$ ]] || usage_error "--kplc-upload-owner ${owner@Q}: not a user name"
  fi
  preflight timeout,mktemp,rm,mv,ln,chmod,chown,sync,cmp,stat,cat,mkdir,dirname,curl,sha256sum \
    sha512sum,systemctl

  mkdir -p -- "${ROOT}${DIST_DIR}"
  chmod 0755 -- "${ROOT}${DIST_DIR}"
  fetch_tarball "${url}" "${ROOT}${DIST_DIR}/${file}"
  [[ -z "${upload}" ]] || take_kplc_upload "${upload}" "${owner}"
  install_kplc
  install_unit "${UNIT_NAME}" "$(unit_content "${ip}" "${port}" "${file}")" \
    "$(unit_hint "${UNIT_NAME}" "${ip}" "${port}")" "${KPLC_CHANGED}"
  if [[ -n "${exp_listen}" ]]; then
    install_unit "${EXPORTER_UNIT}" "$(exporter_unit_content "${exp_listen}" "${exp_bootstrap}" "${exp_brokers}")" \
      "$(unit_hint "${EXPORTER_UNIT}" "${exp_ip}" "${exp_port}")" "${KPLC_CHANGED}"
    log "metrics: http://${exp_listen}/metrics"
  fi
  log "done: brokers fetch from http://${ip}:${port}/${file}"
}

main "$@"
