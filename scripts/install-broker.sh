#!/usr/bin/env bash
#
# install-broker.sh: install Java, Kafka, kplc and the kafka systemd unit on a
# broker, and prepare its data disk. It never starts or restarts Kafka.
#
#   install-broker.sh --kafka-version V --scala-version S --dist-url http://IP:PORT
#                     --checksum ALGO:HEX --kplc-checksum sha256:HEX
#                     --data-device /dev/vdb --heap 2g
#                     [--java-package java-17-openjdk-headless]
#   install-broker.sh --host-only yes --data-device /dev/vdb [--java-package P]
#
# --host-only yes does only what needs nothing from the bastion (Java, the kafka user, the
# data disk), so the caller can run it as soon as the instance exists, beside the bastion's
# preparation; the full run repeats those checks (a no-op when done) and installs the rest.
#
# Idempotent: a re-run with the same inputs rewrites nothing, runs no
# daemon-reload and downloads nothing but the small kplc binary (which replaces
# the installed one only when it differs).
#
# It never moves /opt/kafka/current under a running broker: a new Kafka version
# is unpacked beside the old one and named in /etc/kafka/kafka-target, and
# configure-broker.sh switches the symlink just before its gated restart (so a
# crash-restart or a reboot in between still runs the old version). Only on a
# first install, with no /opt/kafka/current yet, does it create the symlink.
#
# When it changes what a running broker uses (the Kafka version to run,
# kafka.env, log4j.properties or kafka.service) on a broker that already has a
# server.properties, it writes /etc/kafka/restart-pending; the next
# configure-broker.sh run then restarts Kafka through its gates.
#
# Ownership: the Kafka install tree is root:root (root runs kafka-storage.sh
# from it... as the kafka user, and the Kafka process must not rewrite what root
# executes); kafka owns only its data dir (/var/lib/kafka/data) and its log dir
# (/var/log/kafka).
#
# TCP keepalive: /etc/sysctl.d/90-kafka-plc-keepalive.conf (written atomically, applied with
# sysctl -p when it changes or the kernel's live values differ) makes the kernel probe a quiet
# connection after KEEPALIVE_TIME seconds. Kafka turns SO_KEEPALIVE on for every connection
# it accepts (core/.../network/SocketServer.scala:810, Kafka 3.7.1) but leaves the timing to
# the kernel, whose default first probe comes after 7200 s; the NLB drops a connection that
# carried no packet for its listener's idle timeout (at most 900 s), and a quiet TiCDC
# changefeed, whose Kafka client does not retry, then fails with "broken pipe". The probes and
# their answers are packets through the NLB (and PrivateLink), so a probe every KEEPALIVE_TIME
# seconds keeps the flow open; a peer that stopped answering is dropped after
# KEEPALIVE_TIME + KEEPALIVE_PROBES x KEEPALIVE_INTVL seconds. components.BrokerKeepalive*
# state the same values (a test holds them together). Nothing restarts for this: the kernel
# reads the values whenever it arms a socket's keepalive timer.
#
# Logs: Kafka logs to /var/log/kafka through our log4j.properties
# (/etc/kafka/log4j.properties, size-bounded RollingFileAppenders, nothing to
# stdout, so journald gets no duplicate stream); the GC log is Kafka's own
# (kafka-run-class.sh: 10 files of 100 MiB) in the same directory.
#
# Safety:
# - The data device is formatted only when blkid finds no signature at all on
#   it; a device with a file system, a partition table or anything else blkid
#   recognises is never formatted, and an existing file system is used only
#   when it is xfs or ext4.
# - /etc/fstab gets one line (by UUID, nofail) only when the mount point has
#   none, written atomically.
# - /var/lib/kafka is mounted only when it is empty, and used only when what is
#   mounted there is the data device.
# - The Kafka tarball is verified against --checksum BEFORE it is unpacked; a
#   mismatch leaves the previous install and /opt/kafka/current untouched. It
#   is unpacked into a temp dir next to its final place and renamed into place.
# - kplc is verified against --kplc-checksum before it replaces the installed
#   one: nothing fetched from the bastion is used unverified, whichever bastion
#   (a replaced one included) serves it.
#
# A tarball JDK (--jdk-url) is not supported: Alibaba Cloud Linux 3 ships
# OpenJDK 17 in its package repositories, which are reachable from a VPC.
#
# Every path is prefixed with ${KPLC_ROOT:-} so tests can run in a temp root.
# Exit codes: 0 ok, 1 failure (message on stderr), 2 usage error.

set -euo pipefail
# shellcheck source=lib.sh # (Command puts lib.sh in front of the script on a host.)
declare -F kplc_lib_loaded >/dev/null || source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly FSTAB="/etc/fstab"
readonly MARKER=".kplc-installed"
# Kafka's log4j 1.x (reload4j) settings; see log4j_content.
readonly LOG_FILE_MB=100 LOG_FILES=5 SMALL_LOG_FILE_MB=20 SMALL_LOG_FILES=5
readonly MIN_JAVA=17
# File systems this script makes, and the only ones it accepts on an existing data disk.
readonly FS_TYPES="xfs ext4"
# TCP keepalive of every socket on the broker (see the header): first probe after 300 s of
# silence (well below the NLB's 900 s idle timeout, leaving room for lost probes), then every
# 30 s, giving up after 5 unanswered probes.
readonly SYSCTL_CONF="/etc/sysctl.d/90-kafka-plc-keepalive.conf"
readonly KEEPALIVE_TIME=300 KEEPALIVE_INTVL=30 KEEPALIVE_PROBES=5

RELOAD=0
RESTART_REASONS=()

usage() {
  cat >&2 <<'EOF'
usage: install-broker.sh --kafka-version V --scala-version S --dist-url http://IP:PORT
                         --checksum ALGO:HEX --kplc-checksum ALGO:HEX
                         --data-device DEVICE --heap SIZE [--java-package PACKAGE]
       install-broker.sh --host-only yes --data-device DEVICE [--java-package PACKAGE]
  --host-only yes       only Java, the kafka user and the data disk (nothing from the bastion)
  --kafka-version V     Kafka release, for example 3.7.1
  --scala-version S     Scala build of the release, for example 2.13
  --dist-url URL        the bastion's dist server, for example http://10.0.3.5:8081
  --checksum ALGO:HEX   sha256:<64 hex> or sha512:<128 hex> of kafka_S-V.tgz
  --kplc-checksum ALGO:HEX  the same for the kplc binary the dist server serves
  --data-device DEVICE  block device for Kafka data, for example /dev/vdb
  --heap SIZE           JVM heap (-Xms and -Xmx), for example 2g
  --java-package NAME   OS package providing Java 17+ (default java-17-openjdk-headless)
EOF
}

# fetch URL DEST: downloads URL (on the bastion's dist server) to DEST, a temp path.
fetch() {
  download "$1" "$2" 840 "check that kplc-dist.service runs on the bastion (systemctl status kplc-dist) and that the broker security group may reach it"
}

java_major() {
  local out ver
  out="$(timed 60 java -version 2>&1)" || return 0
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
  with_timeout 1200 "check that the OS mirror (mirrors.cloud.aliyuncs.com) is reachable from the VPC, or pick another --java-package" \
    dnf install -y "${pkg}" >&2
  major="$(java_major)"
  if [[ -z "${major}" ]] || ((major < MIN_JAVA)); then
    die "after installing ${pkg}, 'java -version' reports ${major:-nothing}; Kafka needs Java ${MIN_JAVA}+ (select it with 'alternatives --config java')"
  fi
}

ensure_user() {
  if timed 30 id -u "${KAFKA_USER}" >/dev/null 2>&1; then
    return 0
  fi
  log "creating system user ${KAFKA_USER}"
  with_timeout 60 "creating the system user ${KAFKA_USER} failed; check for stale locks ('ls -l /etc/*.lock') and 'journalctl'" \
    useradd --system --no-create-home --home-dir "${MOUNT_POINT}" --shell /sbin/nologin "${KAFKA_USER}"
}

# probe_device DEV: sets DEV_TYPE, DEV_UUID and DEV_PTTYPE from blkid's low-level probe of
# DEV (not its cache). Returns 2 when DEV has no signature at all, the only case in which it
# may be formatted; dies when blkid fails otherwise.
probe_device() {
  local dev="$1" out line rc=0
  DEV_TYPE=""
  DEV_UUID=""
  DEV_PTTYPE=""
  out="$(timed 60 blkid -p -o export -- "${dev}")" || rc=$?
  ((rc != 2)) || return 2
  ((rc == 0)) || die "'blkid -p ${dev}' failed (exit ${rc}); refusing to touch the device. Inspect it with 'blkid -p ${dev}' and 'lsblk -f ${dev}'"
  while IFS= read -r line; do
    case "${line}" in
      TYPE=*) DEV_TYPE="${line#TYPE=}" ;;
      UUID=*) DEV_UUID="${line#UUID=}" ;;
      PTTYPE=*) DEV_PTTYPE="${line#PTTYPE=}" ;;
    esac
  done <<<"${out}"
}

# make_filesystem DEV: creates an xfs (or, without mkfs.xfs, ext4) file system on DEV, which
# probe_device found blank. Neither mkfs gets a force flag, and stdin is /dev/null, so both
# still refuse a device that gained a signature in the meantime.
make_filesystem() {
  local dev="$1" fstype="xfs"
  command -v mkfs.xfs >/dev/null 2>&1 || fstype="ext4"
  log "${dev} has no signature (no file system, no partition table); creating an ${fstype} file system"
  with_timeout 600 "${dev} was blank a moment ago; inspect it with 'blkid -p ${dev}' before re-running" \
    "mkfs.${fstype}" -q -L kafka-data -- "${dev}" </dev/null >&2
}

# check_filesystem DEV: dies unless probe_device found an xfs or ext4 file system with a
# UUID on DEV (and no partition table).
check_filesystem() {
  local dev="$1"
  if [[ -n "${DEV_PTTYPE}" ]]; then
    die "REFUSING to format ${dev}: it holds a ${DEV_PTTYPE} partition table. Nothing was changed. Point --data-device at the partition to use, or clear the device by hand if its contents are not needed"
  fi
  [[ -n "${DEV_TYPE}" ]] ||
    die "REFUSING to format ${dev}: it has a signature but no file system blkid names. Nothing was changed; inspect it with 'blkid -p ${dev}' and 'lsblk -f ${dev}'"
  [[ " ${FS_TYPES} " == *" ${DEV_TYPE} "* ]] ||
    die "REFUSING to use ${dev}: it holds ${DEV_TYPE@Q}, not one of: ${FS_TYPES}. Nothing was changed. Point --data-device at the Kafka data disk"
  [[ -n "${DEV_UUID}" ]] || die "${dev} has no file system UUID; cannot add it to ${FSTAB}. Nothing was changed; inspect it with 'blkid -p ${dev}'"
}

# ensure_fstab DEV: one fstab line mounting DEV_UUID at MOUNT_POINT, added only when the
# mount point has none; dies when it has another.
ensure_fstab() {
  local dev="$1" line pass=2
  mkdir -p -- "${ROOT}/etc"
  [[ -f "${ROOT}${FSTAB}" ]] || : >>"${ROOT}${FSTAB}"
  line="$(awk -v mp="${MOUNT_POINT}" '$1 !~ /^#/ && $2 == mp { print $1 }' "${ROOT}${FSTAB}")"
  if [[ -n "${line}" ]]; then
    [[ "${line}" == "UUID=${DEV_UUID}" ]] ||
      die "${FSTAB} already mounts ${line} at ${MOUNT_POINT}, but ${dev} is UUID=${DEV_UUID}; fix ${FSTAB} or --data-device by hand (nothing was changed)"
    return 0
  fi
  [[ "${DEV_TYPE}" != "xfs" ]] || pass=0
  temp_beside "${ROOT}${FSTAB}"
  cat -- "${ROOT}${FSTAB}" >"${TEMP}"
  printf 'UUID=%s %s %s defaults,nofail,noatime 0 %s\n' "${DEV_UUID}" "${MOUNT_POINT}" "${DEV_TYPE}" "${pass}" >>"${TEMP}"
  put_in_place "${TEMP}" "${ROOT}${FSTAB}" 0644
  log "added ${MOUNT_POINT} (UUID=${DEV_UUID}, nofail) to ${FSTAB}"
  with_timeout 120 "systemd did not reload after the ${FSTAB} change; check 'systemctl status'" systemctl daemon-reload
}

# check_mounted DEV: dies unless what mount_info found at MOUNT_POINT is DEV's file system
# (DEV_UUID; empty for a blank DEV, which then never matches).
check_mounted() {
  if [[ -n "${MNT_UUID}" ]]; then
    [[ "${MNT_UUID}" != "${DEV_UUID}" ]] || return 0
  elif [[ "${MNT_SOURCE}" == "$1" ]]; then
    return 0
  fi
  die "REFUSING to use ${MOUNT_POINT}: it is a mount of ${MNT_SOURCE:-?} (UUID=${MNT_UUID:-?}), not of --data-device $1 (UUID=${DEV_UUID:-none}). Nothing was changed; check --data-device and 'findmnt ${MOUNT_POINT}'"
}

# check_mount_point DEV: sets MOUNTED to 1 when DEV's file system is mounted at MOUNT_POINT,
# to 0 when nothing is mounted there and the directory is empty (or missing); dies otherwise:
# a mount would hide the files there, or another file system is in DEV's place.
check_mount_point() {
  local dev="$1"
  local -a entries=()
  MOUNTED=0
  if mount_info "${ROOT}${MOUNT_POINT}"; then
    check_mounted "${dev}"
    MOUNTED=1
    return 0
  fi
  [[ ! -d "${ROOT}${MOUNT_POINT}" ]] || mapfile -t entries < <(ls -A -- "${ROOT}${MOUNT_POINT}")
  ((${#entries[@]} == 0)) ||
    die "REFUSING to mount ${dev} over ${MOUNT_POINT}: it is not a mount point but holds files (${entries[*]:0:5}), which the mount would hide (Kafka data on the root disk?). Nothing was changed; move them aside by hand and re-run"
}

# ensure_data_disk DEV: every check first; then DEV formatted only when blank, listed in
# fstab by UUID, mounted at MOUNT_POINT, DATA_DIR present and owned by kafka.
ensure_data_disk() {
  local dev="$1" i blank=0
  for ((i = 0; i < 90; i++)); do
    [[ -e "${ROOT}${dev}" ]] && break
    ((i > 0)) || log "waiting for ${dev} to appear (disk attachment)"
    sleep 2
  done
  [[ -e "${ROOT}${dev}" ]] || die "data device ${dev} does not exist after 180 s; check the data disk attachment and --data-device (lsblk lists the devices)"
  probe_device "${dev}" || blank=$?
  if ((blank == 2)); then
    check_mount_point "${dev}"
    make_filesystem "${dev}"
    probe_device "${dev}" || die "${dev} still shows no file system after mkfs; inspect it with 'blkid -p ${dev}'"
    check_filesystem "${dev}"
  else
    check_filesystem "${dev}"
    log "${dev} already has a ${DEV_TYPE} file system; not formatting"
    check_mount_point "${dev}"
  fi
  ensure_fstab "${dev}"
  if ((!MOUNTED)); then
    mkdir -p -- "${ROOT}${MOUNT_POINT}"
    log "mounting ${MOUNT_POINT}"
    with_timeout 300 "check 'journalctl -k' and the ${MOUNT_POINT} line of ${FSTAB}" mount -- "${ROOT}${MOUNT_POINT}"
    mount_info "${ROOT}${MOUNT_POINT}" ||
      die "${MOUNT_POINT} is not a mount point after 'mount ${MOUNT_POINT}'; check 'journalctl -k' and ${FSTAB}"
    check_mounted "${dev}"
  fi
  mkdir -p -- "${ROOT}${DATA_DIR}"
  # kafka owns its data dir, not the mount point above it (which holds lost+found on ext4).
  chown -- "root:root" "${ROOT}${MOUNT_POINT}"
  chmod 0755 -- "${ROOT}${MOUNT_POINT}"
  chown -- "${KAFKA_USER}:${KAFKA_USER}" "${ROOT}${DATA_DIR}"
  chmod 0750 -- "${ROOT}${DATA_DIR}"
}

ensure_kafka() {
  local version="$1" scala="$2" dist="$3" name dir tgz unpack marker current f
  name="kafka_${scala}-${version}"
  dir="${ROOT}${KAFKA_BASE}/${name}"
  marker="${CK_ALGO}:${CK_HEX}"
  mkdir -p -- "${ROOT}${KAFKA_BASE}"

  if [[ -e "${dir}" ]]; then
    if [[ -f "${dir}/${MARKER}" ]] && [[ "$(<"${dir}/${MARKER}")" == "${marker}" ]]; then
      log "${KAFKA_BASE}/${name} already installed and verified; not downloading"
      # An older kafka-plc gave the tree to kafka; root runs code from it.
      if [[ "$(stat -c '%U' -- "${dir}")" == "${KAFKA_USER}" ]]; then
        chown -R -- root:root "${dir}"
        log "${KAFKA_BASE}/${name} now belongs to root:root (it belonged to ${KAFKA_USER})"
      fi
    else
      die "${KAFKA_BASE}/${name} exists but was not installed by kafka-plc with checksum ${marker} (marker ${MARKER} missing or different); move it aside by hand and re-run (nothing was changed)"
    fi
  else
    temp_beside "${dir}.tgz"
    tgz="${TEMP}"
    log "downloading ${dist}/${name}.tgz"
    fetch "${dist}/${name}.tgz" "${tgz}"
    verify_checksum "${tgz}" "${dist}/${name}.tgz" "Nothing was unpacked; the previous install and ${KAFKA_BASE}/current are unchanged. Check kafkaChecksum
against the release's published .${CK_ALGO} file, then re-run prepare-bastion.sh and this script."
    temp_dir_beside "${dir}"
    unpack="${TEMP}"
    with_timeout 600 "unpacking ${name}.tgz failed; check the free space in ${KAFKA_BASE} ('df -h ${KAFKA_BASE}')" \
      tar -xzf "${tgz}" -C "${unpack}" --strip-components=1 --no-same-owner
    rm -f -- "${tgz}"
    for f in bin/kafka-server-start.sh bin/kafka-storage.sh; do
      [[ -f "${unpack}/${f}" ]] || die "${name}.tgz has no ${f}; is it a Kafka binary release?"
    done
    printf '%s\n' "${marker}" >"${unpack}/${MARKER}"
    chmod 0755 -- "${unpack}"
    # root:root: the kafka user may read and run it, never change what root runs.
    chown -R -- root:root "${unpack}"
    rename_into_place "${unpack}" "${dir}"
    log "installed ${KAFKA_BASE}/${name}"
  fi

  # The version to run, for configure-broker.sh, which moves /opt/kafka/current.
  mkdir -p -- "${ROOT}${CONF_DIR}"
  write_if_changed "${ROOT}${KAFKA_TARGET}" 0644 "${name}"
  current="${ROOT}${KAFKA_BASE}/current"
  if [[ -L "${current}" ]] && [[ "$(readlink -- "${current}")" == "${name}" ]]; then
    return 0
  fi
  if [[ -e "${current}" && ! -L "${current}" ]]; then
    die "${KAFKA_BASE}/current exists and is not a symlink; move it aside by hand and re-run"
  fi
  if [[ -L "${current}" ]]; then
    log "${KAFKA_BASE}/current stays -> $(readlink -- "${current}") until configure-broker.sh restarts Kafka through its gates"
    RESTART_REASONS+=("Kafka ${name} installed; ${KAFKA_BASE}/current moves to it at the gated restart")
    return 0
  fi
  # First install: nothing runs Kafka yet.
  temp_beside "${current}"
  ln -sfn -- "${name}" "${TEMP}"
  rename_into_place "${TEMP}" "${current}"
  log "${KAFKA_BASE}/current -> ${name}"
}

# ensure_kplc DIST CHECKSUM: fetches kplc from DIST and installs it if it differs,
# after verifying it against CHECKSUM (ALGO:HEX).
ensure_kplc() {
  local dist="$1" checksum="$2" dest="${ROOT}${KPLC_BIN}"
  mkdir -p -- "$(dirname -- "${dest}")"
  temp_beside "${dest}"
  fetch "${dist}/kplc" "${TEMP}"
  [[ -s "${TEMP}" ]] || die "${dist}/kplc is empty; re-run prepare-bastion.sh"
  parse_checksum "${checksum}"
  verify_checksum "${TEMP}" "${dist}/kplc" "The installed ${KPLC_BIN} was left as it was. The bastion serves another kplc than this update built: re-run the update, which uploads and installs kplc on the bastion first."
  commit_if_changed "${TEMP}" "${dest}" 0755
  ((CHANGED == 0)) || log "installed ${KPLC_BIN}"
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
# Kafka's logs (and its GC log) in ${KAFKA_LOG_DIR}, through our size-bounded log4j.properties,
# which writes nothing to stdout: journald keeps only what the JVM itself prints.
Environment=LOG_DIR=${KAFKA_LOG_DIR}
Environment=KAFKA_LOG4J_OPTS=-Dlog4j.configuration=file:${LOG4J_CONF}
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

# log4j_content: Kafka's log4j 1.x configuration (Kafka 3.7 runs reload4j). The loggers and
# files of Kafka 3.7.1's config/log4j.properties, each written by a RollingFileAppender that
# keeps at most MaxBackupIndex old files of MaxFileSize (its DailyRollingFileAppenders never
# delete anything), and no stdout appender (the root logger's stdout copy went to journald).
# Worst case: server.log 5 x 100 MiB + five others 5 x 20 MiB each = 1000 MiB, plus Kafka's GC
# log (10 x 100 MiB) in the same directory.
log4j_content() {
  local name file mb n
  printf '%s\n' "# Managed by kafka-plc (install-broker.sh); changes are overwritten." \
    "# Size-bounded: each file rolls at MaxFileSize and keeps MaxBackupIndex old files; nothing goes to stdout." \
    "log4j.rootLogger=INFO, kafkaAppender" ""
  for name in kafkaAppender:server stateChangeAppender:state-change requestAppender:kafka-request \
    cleanerAppender:log-cleaner controllerAppender:controller authorizerAppender:kafka-authorizer; do
    file="${name#*:}"
    name="${name%%:*}"
    mb="${SMALL_LOG_FILE_MB}" n="${SMALL_LOG_FILES}"
    [[ "${name}" != kafkaAppender ]] || mb="${LOG_FILE_MB}" n="${LOG_FILES}"
    printf '%s\n' "log4j.appender.${name}=org.apache.log4j.RollingFileAppender" \
      "log4j.appender.${name}.File=\${kafka.logs.dir}/${file}.log" \
      "log4j.appender.${name}.MaxFileSize=${mb}MB" \
      "log4j.appender.${name}.MaxBackupIndex=$((n - 1))" \
      "log4j.appender.${name}.layout=org.apache.log4j.PatternLayout" \
      "log4j.appender.${name}.layout.ConversionPattern=[%d] %p %m (%c)%n" ""
  done
  printf '%s\n' "log4j.logger.org.apache.kafka=INFO" \
    "log4j.logger.kafka.request.logger=WARN, requestAppender" \
    "log4j.additivity.kafka.request.logger=false" \
    "log4j.logger.kafka.network.RequestChannel\$=WARN, requestAppender" \
    "log4j.additivity.kafka.network.RequestChannel\$=false" \
    "log4j.logger.org.apache.kafka.controller=INFO, controllerAppender" \
    "log4j.additivity.org.apache.kafka.controller=false" \
    "log4j.logger.kafka.controller=TRACE, controllerAppender" \
    "log4j.additivity.kafka.controller=false" \
    "log4j.logger.kafka.log.LogCleaner=INFO, cleanerAppender" \
    "log4j.additivity.kafka.log.LogCleaner=false" \
    "log4j.logger.state.change.logger=INFO, stateChangeAppender" \
    "log4j.additivity.state.change.logger=false" \
    "log4j.logger.kafka.authorizer.logger=INFO, authorizerAppender" \
    "log4j.additivity.kafka.authorizer.logger=false"
}

# ensure_logs: /var/log/kafka (kafka's, 0750) and /etc/kafka/log4j.properties (root's, 0644).
ensure_logs() {
  mkdir -p -- "${ROOT}${KAFKA_LOG_DIR}" "${ROOT}${CONF_DIR}"
  chown -- "${KAFKA_USER}:${KAFKA_USER}" "${ROOT}${KAFKA_LOG_DIR}"
  chmod 0750 -- "${ROOT}${KAFKA_LOG_DIR}"
  write_if_changed "${ROOT}${LOG4J_CONF}" 0644 "$(log4j_content)"
  ((CHANGED == 0)) || { RESTART_REASONS+=("${LOG4J_CONF} changed"); log "wrote ${LOG4J_CONF}"; }
}

# ensure_service HEAP: kafka.env (0640 root:kafka like server.properties: systemd reads it as
# root, and it may one day carry secrets) and the unit (0644).
ensure_service() {
  local heap="$1"
  mkdir -p -- "${ROOT}${CONF_DIR}" "${ROOT}$(dirname -- "${UNIT_FILE}")"
  write_if_changed "${ROOT}${ENV_FILE}" 0640 "# Managed by kafka-plc (install-broker.sh); changes are overwritten.
KAFKA_HEAP_OPTS=\"-Xms${heap} -Xmx${heap}\"" "root:${KAFKA_USER}"
  ((CHANGED == 0)) || { RELOAD=1; RESTART_REASONS+=("${ENV_FILE} changed"); log "wrote ${ENV_FILE}"; }
  write_if_changed "${ROOT}${UNIT_FILE}" 0644 "$(unit_content)"
  ((CHANGED == 0)) || { RELOAD=1; RESTART_REASONS+=("${UNIT_FILE} changed"); log "wrote ${UNIT_FILE}"; }
  if ((RELOAD)); then
    with_timeout 120 "systemd did not load the new kafka.service; check 'systemctl status'" systemctl daemon-reload
  fi
}

# keepalive_content: the sysctl drop-in.
keepalive_content() {
  printf '%s\n' \
    "# Managed by kafka-plc (install-broker.sh); changes are overwritten." \
    "# Kafka enables TCP keepalive on the connections it accepts; these make the first probe come" \
    "# well before the NLB listener drops a connection that has been quiet for 900 s." \
    "net.ipv4.tcp_keepalive_time = ${KEEPALIVE_TIME}" \
    "net.ipv4.tcp_keepalive_intvl = ${KEEPALIVE_INTVL}" \
    "net.ipv4.tcp_keepalive_probes = ${KEEPALIVE_PROBES}"
}

# keepalive_live: succeeds when the running kernel already uses the drop-in's values.
keepalive_live() {
  local key want got
  for key in time:"${KEEPALIVE_TIME}" intvl:"${KEEPALIVE_INTVL}" probes:"${KEEPALIVE_PROBES}"; do
    want="${key#*:}"
    got="$(timed 10 sysctl -n "net.ipv4.tcp_keepalive_${key%%:*}" 2>/dev/null)" || return 1
    [[ "${got}" == "${want}" ]] || return 1
  done
}

# ensure_keepalive: the drop-in in place (atomically) and in force, without touching Kafka.
ensure_keepalive() {
  mkdir -p -- "${ROOT}$(dirname -- "${SYSCTL_CONF}")"
  write_if_changed "${ROOT}${SYSCTL_CONF}" 0644 "$(keepalive_content)"
  if ((CHANGED == 0)) && keepalive_live; then
    return 0
  fi
  with_timeout 30 "sysctl could not apply ${SYSCTL_CONF}; check 'sysctl -p ${SYSCTL_CONF}' on this broker" \
    sysctl -q -p "${ROOT}${SYSCTL_CONF}"
  log "TCP keepalive: first probe after ${KEEPALIVE_TIME} s idle, every ${KEEPALIVE_INTVL} s, ${KEEPALIVE_PROBES} probes (${SYSCTL_CONF})"
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

# host_only ARGS...: --host-only yes: only the part that needs nothing from the bastion (Java,
# the kafka user, the data disk), so it can run as soon as the instance boots, beside the
# bastion's preparation. The full run repeats these checks (idempotent) and does the rest.
host_only() {
  local host_only="" device="" java_pkg="java-17-openjdk-headless"
  parse_flags "host-only=host_only! data-device=device! java-package=java_pkg" "$@"
  [[ "${host_only}" == yes ]] || usage_error "--host-only ${host_only@Q}: expected yes"
  [[ "${device}" =~ ^/dev/[A-Za-z0-9/_.-]+$ && "${device}" != *..* ]] || usage_error "--data-device ${device@Q}: expected a device path such as /dev/vdb"
  [[ "${java_pkg}" =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ ]] || usage_error "--java-package ${java_pkg@Q}: not a package name"
  preflight timeout,mktemp,rm,mv,ln,chmod,chown,sync,cmp,stat,cat,awk,ls,mkdir,dirname,readlink \
    sleep,id,useradd,blkid,findmnt,mount,'mkfs.xfs|mkfs.ext4',dnf
  ensure_java "${java_pkg}"
  ensure_user
  ensure_data_disk "${device}"
  log "host preparation done: Java, user ${KAFKA_USER} and the data disk (Kafka is installed by the next step, from the bastion)"
}

main() {
  local version="" scala="" dist="" checksum="" kplc_checksum="" device="" heap="" java_pkg="java-17-openjdk-headless"
  local jdk_url="" jdk_checksum="" arg
  lib_init
  for arg in "$@"; do
    if [[ "${arg}" == --host-only ]]; then
      host_only "$@"
      return 0
    fi
  done
  parse_flags "kafka-version=version! scala-version=scala! dist-url=dist! checksum=checksum!
    kplc-checksum=kplc_checksum! data-device=device! heap=heap! java-package=java_pkg jdk-url=jdk_url
    jdk-checksum=jdk_checksum" "$@"
  [[ -z "${jdk_url}" ]] || usage_error "--jdk-url is not supported: Java comes from the OS package named by --java-package"
  [[ -z "${jdk_checksum}" ]] || usage_error "--jdk-checksum is not supported: Java comes from the OS package named by --java-package"
  [[ "${version}" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || usage_error "--kafka-version ${version@Q}: expected MAJOR.MINOR.PATCH, for example 3.7.1"
  [[ "${scala}" =~ ^[0-9]+\.[0-9]+$ ]] || usage_error "--scala-version ${scala@Q}: expected MAJOR.MINOR, for example 2.13"
  dist="${dist%/}"
  [[ "${dist}" =~ ^http://[A-Za-z0-9.-]+:[0-9]+$ ]] || usage_error "--dist-url ${dist@Q}: expected http://IP:PORT, for example http://10.0.3.5:8081"
  [[ "${device}" =~ ^/dev/[A-Za-z0-9/_.-]+$ && "${device}" != *..* ]] || usage_error "--data-device ${device@Q}: expected a device path such as /dev/vdb"
  [[ "${heap}" =~ ^[1-9][0-9]*[kKmMgG]$ ]] || usage_error "--heap ${heap@Q}: expected a JVM size such as 512m or 2g"
  [[ "${java_pkg}" =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ ]] || usage_error "--java-package ${java_pkg@Q}: not a package name"
  parse_checksum "${kplc_checksum}" # checked now; ensure_kplc verifies with it
  parse_checksum "${checksum}"
  preflight timeout,mktemp,rm,mv,ln,chmod,chown,sync,cmp,stat,cat,awk,ls,mkdir,dirname,readlink \
    sleep,id,useradd,blkid,findmnt,mount,'mkfs.xfs|mkfs.ext4',dnf,curl,tar,gzip,sha256sum,sha512sum,systemctl,sysctl

  ensure_java "${java_pkg}"
  ensure_user
  ensure_data_disk "${device}"
  log "host already prepared (Java, user ${KAFKA_USER}, data disk); installing Kafka from the bastion"
  ensure_kafka "${version}" "${scala}" "${dist}"
  ensure_kplc "${dist}" "${kplc_checksum}"
  ensure_logs
  ensure_service "${heap}"
  ensure_keepalive
  mark_restart_pending
  log "done: Kafka ${version} installed (not started; configure-broker.sh starts it)"
}

main "$@"
