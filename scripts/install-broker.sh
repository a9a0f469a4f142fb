#!/usr/bin/env bash
#
# install-broker.sh: install Java, Kafka, kplc and the kafka systemd unit on a
# broker, and prepare its data disk. It never starts or restarts Kafka.
#
#   install-broker.sh --kafka-version V --scala-version S --dist-url http://IP:PORT
#                     --checksum ALGO:HEX --data-device /dev/vdb --heap 2g
#                     [--java-package java-17-openjdk-headless]
#
# Idempotent: a re-run with the same inputs rewrites nothing, runs no
# daemon-reload and downloads nothing but the small kplc binary (which replaces
# the installed one only when it differs).
#
# When it changes what a running broker uses (the Kafka version behind
# /opt/kafka/current, kafka.env or kafka.service) on a broker that already has
# a server.properties, it writes /etc/kafka/restart-pending; the next
# configure-broker.sh run then restarts Kafka through its gates.
#
# Safety:
# - The data device is formatted only when blkid finds no signature at all on
#   it; a device with a filesystem or a partition table is never formatted.
# - /etc/fstab gets one line (by UUID, nofail) only when the mount point has
#   none, written atomically.
# - The Kafka tarball is verified against --checksum BEFORE it is unpacked; a
#   mismatch leaves the previous install and /opt/kafka/current untouched. It
#   is unpacked into a temp dir next to its final place and renamed into place.
#
# A tarball JDK (--jdk-url) is not supported: Alibaba Cloud Linux 3 ships
# OpenJDK 17 in its package repositories, which are reachable from a VPC.
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure (message on stderr), 2 usage error.

set -euo pipefail

readonly PROG="install-broker.sh"
readonly ROOT="${KPLC_ROOT:-}"
readonly KAFKA_BASE="/opt/kafka"
readonly MOUNT_POINT="/var/lib/kafka"
readonly DATA_DIR="/var/lib/kafka/data"
readonly CONF_DIR="/etc/kafka"
readonly ENV_FILE="/etc/kafka/kafka.env"
readonly UNIT_FILE="/etc/systemd/system/kafka.service"
readonly CONF="/etc/kafka/server.properties"
readonly RESTART_PENDING="/etc/kafka/restart-pending"
readonly FSTAB="/etc/fstab"
readonly KPLC_BIN="/usr/local/bin/kplc"
readonly MARKER=".kplc-installed"
readonly KAFKA_USER="kafka"
readonly MIN_JAVA=17

# Standard locations last, so a caller's PATH (tests put stubs first) wins.
PATH="${PATH:+${PATH}:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export PATH

TMP_PATHS=()
RELOAD=0
RESTART_REASONS=()

log() { printf '%s: %s\n' "${PROG}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${PROG}" "$*" >&2; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: install-broker.sh --kafka-version V --scala-version S --dist-url http://IP:PORT
                         --checksum ALGO:HEX --data-device DEVICE --heap SIZE
                         [--java-package PACKAGE]
  --kafka-version V     Kafka release, for example 3.7.1
  --scala-version S     Scala build of the release, for example 2.13
  --dist-url URL        the bastion's dist server, for example http://10.0.3.5:8081
  --checksum ALGO:HEX   sha256:<64 hex> or sha512:<128 hex> of kafka_S-V.tgz
  --data-device DEVICE  block device for Kafka data, for example /dev/vdb
  --heap SIZE           JVM heap (-Xms and -Xmx), for example 2g
  --java-package NAME   OS package providing Java 17+ (default java-17-openjdk-headless)
EOF
}

usage_error() {
  printf '%s: usage error: %s\n' "${PROG}" "$*" >&2
  usage
  exit 2
}

# cleanup removes this run's temp files and temp unpack dir. Paths in
# TMP_PATHS come only from mktemp; after a successful rename they no longer
# exist, so nothing installed is ever removed here.
cleanup() {
  if ((${#TMP_PATHS[@]} > 0)); then
    rm -rf -- "${TMP_PATHS[@]}"
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

# fetch URL DEST: downloads URL to DEST (a temp path) with retries.
fetch() {
  local url="$1" dest="$2"
  timeout 900 curl -fsSL --retry 5 --retry-delay 2 --retry-connrefused \
    --connect-timeout 10 --max-time 840 -o "${dest}" -- "${url}" ||
    die "download of ${url} failed; check that kplc-dist.service runs on the bastion (systemctl status kplc-dist) and that the broker security group may reach it"
}

java_major() {
  local out ver
  out="$(timeout 60 java -version 2>&1)" || return 0
  [[ "${out}" =~ version\ \"([0-9]+)(\.([0-9]+))? ]] || return 0
  ver="${BASH_REMATCH[1]}"
  if [[ "${ver}" == "1" ]]; then
    ver="${BASH_REMATCH[3]:-0}"
  fi
  printf '%s\n' "${ver}"
}

ensure_java() {
  local pkg="$1" major
  major="$(java_major)"
  if [[ -n "${major}" ]] && ((major >= MIN_JAVA)); then
    log "java ${major} already installed"
    return 0
  fi
  log "java ${MIN_JAVA}+ not found (found: ${major:-none}); installing ${pkg}"
  timeout 1200 dnf install -y "${pkg}" >&2 ||
    die "dnf install -y ${pkg} failed; check that the OS mirror (mirrors.cloud.aliyuncs.com) is reachable from the VPC, or pick another --java-package"
  major="$(java_major)"
  if [[ -z "${major}" ]] || ((major < MIN_JAVA)); then
    die "after installing ${pkg}, 'java -version' reports ${major:-nothing}; Kafka needs Java ${MIN_JAVA}+ (select it with 'alternatives --config java')"
  fi
}

ensure_user() {
  if id -u "${KAFKA_USER}" >/dev/null 2>&1; then
    return 0
  fi
  log "creating system user ${KAFKA_USER}"
  useradd --system --no-create-home --home-dir "${MOUNT_POINT}" --shell /sbin/nologin "${KAFKA_USER}"
}

# blkid_value DEVICE KEY: prints KEY of DEVICE's signature; returns blkid's
# exit status (2 means no signature at all).
blkid_value() {
  local rc=0
  timeout 60 blkid -p -o value -s "$2" -- "$1" || rc=$?
  return "${rc}"
}

ensure_data_disk() {
  local dev="$1" i fstype rc uuid line tmp pass
  for ((i = 0; i < 90; i++)); do
    [[ -e "${ROOT}${dev}" ]] && break
    ((i > 0)) || log "waiting for ${dev} to appear (disk attachment)"
    sleep 2
  done
  [[ -e "${ROOT}${dev}" ]] || die "data device ${dev} does not exist after 180 s; check the data disk attachment and --data-device (lsblk lists the devices)"

  rc=0
  fstype="$(blkid_value "${dev}" TYPE)" || rc=$?
  if ((rc == 2)); then
    if command -v mkfs.xfs >/dev/null 2>&1; then
      fstype="xfs"
      log "${dev} has no signature; creating an xfs filesystem"
      timeout 600 mkfs.xfs -q -L kafka-data -- "${dev}" >&2 || die "mkfs.xfs ${dev} failed"
    else
      fstype="ext4"
      log "${dev} has no signature; creating an ext4 filesystem"
      timeout 600 mkfs.ext4 -q -L kafka-data -- "${dev}" >&2 || die "mkfs.ext4 ${dev} failed"
    fi
  elif ((rc != 0)); then
    die "blkid -p ${dev} failed (exit ${rc}); refusing to touch the device. Inspect it with 'blkid -p ${dev}' and 'lsblk -f'"
  elif [[ -z "${fstype}" ]]; then
    die "${dev} has a signature but no filesystem (a partition table?); refusing to format it. Point --data-device at the partition or clear the device by hand"
  else
    log "${dev} already has a ${fstype} filesystem; not formatting"
  fi
  uuid="$(blkid_value "${dev}" UUID)" || die "cannot read the filesystem UUID of ${dev}"
  [[ -n "${uuid}" ]] || die "${dev} has no filesystem UUID; cannot add it to ${FSTAB}"

  mkdir -p -- "${ROOT}${MOUNT_POINT}" "${ROOT}/etc"
  [[ -f "${ROOT}${FSTAB}" ]] || : >>"${ROOT}${FSTAB}"
  line="$(awk -v mp="${MOUNT_POINT}" '$1 !~ /^#/ && $2 == mp { print $1 }' "${ROOT}${FSTAB}")"
  if [[ -z "${line}" ]]; then
    pass=2
    [[ "${fstype}" != "xfs" ]] || pass=0
    tmp="$(mktemp "${ROOT}/etc/.fstab.XXXXXX")"
    TMP_PATHS+=("${tmp}")
    cat -- "${ROOT}${FSTAB}" >"${tmp}"
    printf 'UUID=%s %s %s defaults,nofail,noatime 0 %s\n' "${uuid}" "${MOUNT_POINT}" "${fstype}" "${pass}" >>"${tmp}"
    chmod 0644 -- "${tmp}"
    mv -f -- "${tmp}" "${ROOT}${FSTAB}"
    log "added ${MOUNT_POINT} (UUID=${uuid}, nofail) to ${FSTAB}"
    timeout 120 systemctl daemon-reload
  elif [[ "${line}" != "UUID=${uuid}" ]]; then
    die "${FSTAB} already mounts ${line} at ${MOUNT_POINT}, but ${dev} is UUID=${uuid}; fix ${FSTAB} or --data-device by hand (nothing was changed)"
  fi

  if ! mountpoint -q -- "${ROOT}${MOUNT_POINT}"; then
    log "mounting ${MOUNT_POINT}"
    timeout 300 mount -- "${ROOT}${MOUNT_POINT}" || die "mount ${MOUNT_POINT} failed; check 'journalctl -k' and ${FSTAB}"
  fi
  mkdir -p -- "${ROOT}${DATA_DIR}"
  chown -- "${KAFKA_USER}:${KAFKA_USER}" "${ROOT}${MOUNT_POINT}" "${ROOT}${DATA_DIR}"
  chmod 0750 -- "${ROOT}${DATA_DIR}"
}

ensure_kafka() {
  local version="$1" scala="$2" dist="$3" name dir tgz unpack actual marker current link f
  name="kafka_${scala}-${version}"
  dir="${ROOT}${KAFKA_BASE}/${name}"
  marker="${CK_ALGO}:${CK_HEX}"
  mkdir -p -- "${ROOT}${KAFKA_BASE}"

  if [[ -e "${dir}" ]]; then
    if [[ -f "${dir}/${MARKER}" ]] && [[ "$(<"${dir}/${MARKER}")" == "${marker}" ]]; then
      log "${KAFKA_BASE}/${name} already installed and verified; not downloading"
    else
      die "${KAFKA_BASE}/${name} exists but was not installed by kafka-plc with checksum ${marker} (marker ${MARKER} missing or different); move it aside by hand and re-run (nothing was changed)"
    fi
  else
    tgz="$(mktemp "${ROOT}${KAFKA_BASE}/.${name}.tgz.XXXXXX")"
    TMP_PATHS+=("${tgz}")
    log "downloading ${dist}/${name}.tgz"
    fetch "${dist}/${name}.tgz" "${tgz}"
    actual="$(digest "${tgz}")"
    if [[ "${actual}" != "${CK_HEX}" ]]; then
      rm -f -- "${tgz}"
      die "checksum mismatch for ${dist}/${name}.tgz
  expected ${CK_ALGO}:${CK_HEX}
  actual   ${CK_ALGO}:${actual}
Nothing was unpacked; the previous install and ${KAFKA_BASE}/current are unchanged. Check kafkaChecksum
against the release's published .${CK_ALGO} file, then re-run prepare-bastion.sh and this script."
    fi
    unpack="$(mktemp -d "${ROOT}${KAFKA_BASE}/.${name}.XXXXXX")"
    TMP_PATHS+=("${unpack}")
    tar -xzf "${tgz}" -C "${unpack}" --strip-components=1 --no-same-owner ||
      die "unpacking ${name}.tgz failed"
    rm -f -- "${tgz}"
    for f in bin/kafka-server-start.sh bin/kafka-storage.sh; do
      [[ -f "${unpack}/${f}" ]] || die "${name}.tgz has no ${f}; is it a Kafka binary release?"
    done
    printf '%s\n' "${marker}" >"${unpack}/${MARKER}"
    chmod 0755 -- "${unpack}"
    chown -R -- "${KAFKA_USER}:${KAFKA_USER}" "${unpack}"
    mv -T -- "${unpack}" "${dir}"
    log "installed ${KAFKA_BASE}/${name}"
  fi

  current="${ROOT}${KAFKA_BASE}/current"
  if [[ -L "${current}" ]] && [[ "$(readlink -- "${current}")" == "${name}" ]]; then
    return 0
  fi
  if [[ -e "${current}" && ! -L "${current}" ]]; then
    die "${KAFKA_BASE}/current exists and is not a symlink; move it aside by hand and re-run"
  fi
  link="${ROOT}${KAFKA_BASE}/.current.$$"
  TMP_PATHS+=("${link}")
  ln -sfn -- "${name}" "${link}"
  mv -T -- "${link}" "${current}"
  log "${KAFKA_BASE}/current -> ${name}"
  RESTART_REASONS+=("${KAFKA_BASE}/current -> ${name}")
}

ensure_kplc() {
  local dist="$1" dest="${ROOT}${KPLC_BIN}" tmp
  mkdir -p -- "$(dirname -- "${dest}")"
  tmp="$(mktemp "$(dirname -- "${dest}")/.kplc.XXXXXX")"
  TMP_PATHS+=("${tmp}")
  fetch "${dist}/kplc" "${tmp}"
  [[ -s "${tmp}" ]] || die "${dist}/kplc is empty; re-run prepare-bastion.sh"
  if [[ -f "${dest}" ]] && cmp -s -- "${tmp}" "${dest}"; then
    rm -f -- "${tmp}"
    return 0
  fi
  chmod 0755 -- "${tmp}"
  mv -f -- "${tmp}" "${dest}"
  log "installed ${KPLC_BIN}"
}

unit_content() {
  cat <<EOF
# Managed by kafka-plc (install-broker.sh); changes are overwritten.
[Unit]
Description=Apache Kafka broker (KRaft), managed by kafka-plc
Documentation=https://kafka.apache.org/documentation/
Wants=network-online.target
After=network-online.target
RequiresMountsFor=${MOUNT_POINT}

[Service]
Type=simple
User=${KAFKA_USER}
Group=${KAFKA_USER}
EnvironmentFile=${ENV_FILE}
ExecStart=${KAFKA_BASE}/current/bin/kafka-server-start.sh ${CONF_DIR}/server.properties
Restart=on-failure
RestartSec=10
LimitNOFILE=128000
TimeoutStopSec=300
SuccessExitStatus=143

[Install]
WantedBy=multi-user.target
EOF
}

ensure_service() {
  local heap="$1"
  mkdir -p -- "${ROOT}${CONF_DIR}" "${ROOT}$(dirname -- "${UNIT_FILE}")"
  write_if_changed "${ROOT}${ENV_FILE}" 0644 "# Managed by kafka-plc (install-broker.sh); changes are overwritten.
KAFKA_HEAP_OPTS=\"-Xms${heap} -Xmx${heap}\""
  ((CHANGED == 0)) || { RELOAD=1; RESTART_REASONS+=("${ENV_FILE} changed"); log "wrote ${ENV_FILE}"; }
  write_if_changed "${ROOT}${UNIT_FILE}" 0644 "$(unit_content)"
  ((CHANGED == 0)) || { RELOAD=1; RESTART_REASONS+=("${UNIT_FILE} changed"); log "wrote ${UNIT_FILE}"; }
  if ((RELOAD)); then
    timeout 120 systemctl daemon-reload
  fi
}

# mark_restart_pending: on a broker that is already configured, a new Kafka
# version, heap or unit takes effect only at a restart. This script never
# restarts Kafka; it leaves /etc/kafka/restart-pending so that the next
# configure-broker.sh run restarts it through the safe-to-restart and
# wait-ready gates even when server.properties is unchanged.
mark_restart_pending() {
  ((${#RESTART_REASONS[@]} > 0)) || return 0
  [[ -f "${ROOT}${CONF}" ]] || return 0
  write_if_changed "${ROOT}${RESTART_PENDING}" 0644 "$(printf '%s\n' "${RESTART_REASONS[@]}")"
  log "restart pending (${RESTART_REASONS[*]}); configure-broker.sh restarts Kafka through its gates"
}

main() {
  local version="" scala="" dist="" checksum="" device="" heap="" java_pkg="java-17-openjdk-headless"
  while (($# > 0)); do
    case "$1" in
      --kafka-version | --scala-version | --dist-url | --checksum | --data-device | --heap | --java-package)
        (($# >= 2)) || usage_error "$1 needs a value"
        case "$1" in
          --kafka-version) version="$2" ;;
          --scala-version) scala="$2" ;;
          --dist-url) dist="$2" ;;
          --checksum) checksum="$2" ;;
          --data-device) device="$2" ;;
          --heap) heap="$2" ;;
          --java-package) java_pkg="$2" ;;
        esac
        shift 2
        ;;
      --jdk-url | --jdk-checksum)
        usage_error "$1 is not supported: Java comes from the OS package named by --java-package"
        ;;
      -h | --help) usage; exit 0 ;;
      *) usage_error "unknown argument ${1@Q}" ;;
    esac
  done
  [[ -n "${version}" ]] || usage_error "--kafka-version is required (for example 3.7.1)"
  [[ -n "${scala}" ]] || usage_error "--scala-version is required (for example 2.13)"
  [[ -n "${dist}" ]] || usage_error "--dist-url is required (http://<bastion private IP>:8081)"
  [[ -n "${checksum}" ]] || usage_error "--checksum is required (sha256:<hex> or sha512:<hex>)"
  [[ -n "${device}" ]] || usage_error "--data-device is required (for example /dev/vdb)"
  [[ -n "${heap}" ]] || usage_error "--heap is required (for example 2g)"
  [[ "${version}" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || usage_error "--kafka-version ${version@Q}: expected MAJOR.MINOR.PATCH, for example 3.7.1"
  [[ "${scala}" =~ ^[0-9]+\.[0-9]+$ ]] || usage_error "--scala-version ${scala@Q}: expected MAJOR.MINOR, for example 2.13"
  dist="${dist%/}"
  [[ "${dist}" =~ ^http://[A-Za-z0-9.-]+:[0-9]+$ ]] || usage_error "--dist-url ${dist@Q}: expected http://IP:PORT, for example http://10.0.3.5:8081"
  [[ "${device}" =~ ^/dev/[A-Za-z0-9/_.-]+$ ]] || usage_error "--data-device ${device@Q}: expected a device path such as /dev/vdb"
  [[ "${heap}" =~ ^[1-9][0-9]*[kKmMgG]$ ]] || usage_error "--heap ${heap@Q}: expected a JVM size such as 512m or 2g"
  [[ "${java_pkg}" =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ ]] || usage_error "--java-package ${java_pkg@Q}: not a package name"
  parse_checksum "${checksum}"

  trap cleanup EXIT
  ensure_java "${java_pkg}"
  ensure_user
  ensure_data_disk "${device}"
  ensure_kafka "${version}" "${scala}" "${dist}"
  ensure_kplc "${dist}"
  ensure_service "${heap}"
  mark_restart_pending
  log "done: Kafka ${version} installed (not started; configure-broker.sh starts it)"
}

main "$@"
