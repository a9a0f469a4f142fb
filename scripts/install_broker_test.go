package scripts

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInstallBrokerFresh(t *testing.T) {
	t.Parallel()
	h := newHost(t)
	sum, _ := h.addKafkaTarball("2.13", "3.7.1")
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	assertCalls(t, "fresh install", h.calls(), []string{
		"java -version",
		"dnf install -y java-17-openjdk-headless",
		"java -version",
		"id -u kafka",
		"useradd --system --no-create-home --home-dir /var/lib/kafka --shell /sbin/nologin kafka",
		"blkid -p -o export -- /dev/vdb",
		"findmnt -n -P -o UUID,SOURCE --mountpoint <root>/var/lib/kafka",
		"mkfs.xfs -q -L kafka-data -- /dev/vdb",
		"blkid -p -o export -- /dev/vdb",
		"systemctl daemon-reload",
		"mount -- <root>/var/lib/kafka",
		"findmnt -n -P -o UUID,SOURCE --mountpoint <root>/var/lib/kafka",
		"chown -- root:root <root>/var/lib/kafka",
		"chown -- kafka:kafka <root>/var/lib/kafka/data",
		"curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 --max-time 840 -o <root>/opt/kafka/.kafka_2.13-3.7.1.tgz.TMP -- http://127.0.0.1:8081/kafka_2.13-3.7.1.tgz",
		"chown -R -- root:root <root>/opt/kafka/.kafka_2.13-3.7.1.TMP",
		"curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 --max-time 840 -o <root>/usr/local/bin/.kplc.TMP -- http://127.0.0.1:8081/kplc",
		"chown -- kafka:kafka <root>/var/log/kafka",
		"chown -- root:kafka <root>/etc/kafka/.kafka.env.TMP",
		"systemctl daemon-reload",
		"sysctl -q -p <root>/etc/sysctl.d/90-kafka-plc-keepalive.conf",
	})

	checks := []struct{ path, want string }{
		{"/etc/fstab", "UUID=0b5e7c7e-1111-4222-8333-444455556666 /var/lib/kafka xfs defaults,nofail,noatime 0 0\n"},
		{"/etc/kafka/kafka.env", "# Managed by kafka-plc (install-broker.sh); changes are overwritten.\nKAFKA_HEAP_OPTS=\"-Xms2g -Xmx2g\"\n"},
		{"/opt/kafka/kafka_2.13-3.7.1/.kplc-installed", sum + "\n"},
		{"/opt/kafka/kafka_2.13-3.7.1/libs/kafka_2.13-3.7.1.jar", "fake jar for Kafka 3.7.1\n"},
		{"/usr/local/bin/kplc", testKplc},
	}
	for _, c := range checks {
		if got := h.readFile(h.rootPath(c.path)); got != c.want {
			t.Errorf("%s = %q, want %q", c.path, got, c.want)
		}
	}
	if link, err := os.Readlink(h.rootPath("/opt/kafka/current")); err != nil || link != "kafka_2.13-3.7.1" {
		t.Errorf("/opt/kafka/current -> %q (%v), want kafka_2.13-3.7.1", link, err)
	}
	if fi, err := os.Stat(h.rootPath("/var/lib/kafka/data")); err != nil || !fi.IsDir() {
		t.Errorf("/var/lib/kafka/data not created: %v", err)
	}
	unit := h.readFile(h.rootPath("/etc/systemd/system/kafka.service"))
	for _, want := range []string{
		"User=kafka\n",
		"ExecStart=/opt/kafka/current/bin/kafka-server-start.sh /etc/kafka/server.properties\n",
		"EnvironmentFile=/etc/kafka/kafka.env\n",
		"LimitNOFILE=128000\n",
		"Restart=on-failure\n",
		"TimeoutStopSec=300\n",
		"SuccessExitStatus=143\n",
		"RequiresMountsFor=/var/lib/kafka\n",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("kafka.service lacks %q:\n%s", want, unit)
		}
	}
	if got := h.listDir("/opt/kafka"); strings.Join(got, " ") != "current kafka_2.13-3.7.1" {
		t.Errorf("/opt/kafka holds %v, want only current and the versioned dir", got)
	}
	if got := h.listDir("/etc/kafka"); strings.Join(got, " ") != "kafka-target kafka.env log4j.properties" {
		t.Errorf("/etc/kafka holds %v, want only kafka-target, kafka.env and log4j.properties (no restart-pending before the first configure)", got)
	}
}

func TestInstallBrokerRerunOnRunningBrokerLeavesNoPendingRestart(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	sum := strings.TrimSpace(h.readFile(h.rootPath("/opt/kafka/kafka_2.13-3.7.1/.kplc-installed")))
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	if got := h.listDir("/etc/kafka"); strings.Join(got, " ") != "kafka-target kafka.env log4j.properties server.properties" {
		t.Errorf("/etc/kafka holds %v after an identical re-run, want no restart-pending", got)
	}
}

func TestInstallBrokerRerunIsNoop(t *testing.T) {
	t.Parallel()
	h := installedBroker(t)
	sum := h.readFile(h.rootPath("/opt/kafka/kafka_2.13-3.7.1/.kplc-installed"))
	before := h.snapshot(
		"/etc/fstab", "/etc/kafka/kafka.env", "/etc/systemd/system/kafka.service",
		"/opt/kafka/current", "/opt/kafka/kafka_2.13-3.7.1/.kplc-installed",
		"/opt/kafka/kafka_2.13-3.7.1/bin/kafka-storage.sh", "/usr/local/bin/kplc",
		"/etc/sysctl.d/90-kafka-plc-keepalive.conf",
	)
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", strings.TrimSpace(sum))...)
	assertCalls(t, "re-run", h.calls(), []string{
		"java -version",
		"id -u kafka",
		"blkid -p -o export -- /dev/vdb",
		"findmnt -n -P -o UUID,SOURCE --mountpoint <root>/var/lib/kafka",
		"chown -- root:root <root>/var/lib/kafka",
		"chown -- kafka:kafka <root>/var/lib/kafka/data",
		"curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 --max-time 840 -o <root>/usr/local/bin/.kplc.TMP -- http://127.0.0.1:8081/kplc",
		"chown -- kafka:kafka <root>/var/log/kafka",
		"sysctl -n net.ipv4.tcp_keepalive_time",
		"sysctl -n net.ipv4.tcp_keepalive_intvl",
		"sysctl -n net.ipv4.tcp_keepalive_probes",
	})
	h.assertUnchanged("re-run", before)
}

func TestInstallBrokerDataDisk(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		signature string // blkid stub state for /dev/vdb; "" = blank disk
		wantCode  int
		wantMkfs  int
		wantFstab string // "" = no fstab line expected
		wantErr   string
	}{
		{
			name:      "blank disk is formatted xfs",
			wantMkfs:  1,
			wantFstab: "UUID=0b5e7c7e-1111-4222-8333-444455556666 /var/lib/kafka xfs defaults,nofail,noatime 0 0\n",
		},
		{
			name:      "existing ext4 is kept",
			signature: "TYPE=ext4\nUUID=11111111-2222-3333-4444-555555555555\n",
			wantFstab: "UUID=11111111-2222-3333-4444-555555555555 /var/lib/kafka ext4 defaults,nofail,noatime 0 2\n",
		},
		{
			name:      "existing xfs is kept",
			signature: "TYPE=xfs\nUUID=99999999-2222-3333-4444-555555555555\n",
			wantFstab: "UUID=99999999-2222-3333-4444-555555555555 /var/lib/kafka xfs defaults,nofail,noatime 0 0\n",
		},
		{
			name:      "partition table is refused",
			signature: "PTTYPE=gpt\n",
			wantCode:  1,
			wantErr:   "REFUSING to format /dev/vdb: it holds a gpt partition table",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHost(t)
			h.setState("java.version", "17.0.9")
			sum, _ := h.addKafkaTarball("2.13", "3.7.1")
			if tc.signature != "" {
				h.setState("blkid/vdb", tc.signature)
			}
			r := h.run(InstallBrokerName, "", installArgs("3.7.1", sum)...)
			if r.code != tc.wantCode {
				t.Fatalf("exit %d, want %d\nstderr:\n%s", r.code, tc.wantCode, r.stderr)
			}
			calls := h.calls()
			if got := countPrefix(calls, "mkfs."); got != tc.wantMkfs {
				t.Errorf("%d mkfs calls, want %d; calls:\n%s", got, tc.wantMkfs, strings.Join(calls, "\n"))
			}
			if got := countPrefix(calls, "dnf"); got != 0 {
				t.Errorf("dnf ran although Java 17 is installed")
			}
			if tc.wantErr != "" && !strings.Contains(r.stderr, tc.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tc.wantErr, r.stderr)
			}
			fstab, err := os.ReadFile(h.rootPath("/etc/fstab"))
			if tc.wantFstab == "" {
				if len(fstab) > 0 {
					t.Errorf("fstab written on refusal: %q", fstab)
				}
				if countPrefix(calls, "mount ") != 0 {
					t.Errorf("mount ran on refusal")
				}
				return
			}
			if err != nil || string(fstab) != tc.wantFstab {
				t.Errorf("fstab = %q (%v), want %q", fstab, err, tc.wantFstab)
			}
		})
	}
}

func TestInstallBrokerKeepsOtherFstabEntries(t *testing.T) {
	t.Parallel()
	h := newHost(t)
	h.setState("java.version", "17.0.9")
	sum, _ := h.addKafkaTarball("2.13", "3.7.1")
	orig := "UUID=aaaa / xfs defaults 0 0\n# comment\n"
	h.writeFile(h.rootPath("/etc/fstab"), orig)
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	want := orig + "UUID=0b5e7c7e-1111-4222-8333-444455556666 /var/lib/kafka xfs defaults,nofail,noatime 0 0\n"
	if got := h.readFile(h.rootPath("/etc/fstab")); got != want {
		t.Errorf("fstab = %q, want %q", got, want)
	}

	// fstab mounting another filesystem at /var/lib/kafka: refuse, change nothing.
	h2 := newHost(t)
	h2.setState("java.version", "17.0.9")
	sum2, _ := h2.addKafkaTarball("2.13", "3.7.1")
	other := "UUID=bbbb /var/lib/kafka xfs defaults 0 0\n"
	h2.writeFile(h2.rootPath("/etc/fstab"), other)
	r := h2.run(InstallBrokerName, "", installArgs("3.7.1", sum2)...)
	if r.code != 1 || !strings.Contains(r.stderr, "already mounts UUID=bbbb") {
		t.Errorf("exit %d, want 1 naming the conflicting fstab entry\nstderr:\n%s", r.code, r.stderr)
	}
	if got := h2.readFile(h2.rootPath("/etc/fstab")); got != other {
		t.Errorf("fstab changed on conflict: %q", got)
	}
}

func TestInstallBrokerJava(t *testing.T) {
	t.Parallel()
	cases := []struct {
		installed string // "" = no java
		wantDnf   int
	}{
		{"", 1},
		{"1.8.0_392", 1},
		{"11.0.21", 1},
		{"17.0.9", 0},
		{"21.0.1", 0},
	}
	for _, tc := range cases {
		t.Run("java="+tc.installed, func(t *testing.T) {
			t.Parallel()
			h := newHost(t)
			if tc.installed != "" {
				h.setState("java.version", tc.installed)
			}
			sum, _ := h.addKafkaTarball("2.13", "3.7.1")
			h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
			if got := countPrefix(h.calls(), "dnf install -y java-17-openjdk-headless"); got != tc.wantDnf {
				t.Errorf("%d dnf installs, want %d", got, tc.wantDnf)
			}
		})
	}
}

// The brokers fetch nothing they cannot verify: a kplc that is not the one the program built
// (a bastion replaced or tampered with) is refused, and the installed one stays.
func TestInstallBrokerRefusesUnverifiedKplc(t *testing.T) {
	t.Parallel()
	h := installedBroker(t)
	h.writeFile(filepath.Join(h.fixtures, "kplc"), "#!/bin/sh\necho not the kplc this update built\n")
	sum, _ := h.addKafkaTarball("2.13", "3.7.1")
	r := h.run(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"checksum mismatch for http://127.0.0.1:8081/kplc", "expected " + testKplcChecksum()} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if got := h.readFile(h.rootPath("/usr/local/bin/kplc")); got != testKplc {
		t.Errorf("/usr/local/bin/kplc = %q, want the verified one kept", got)
	}
	args := installArgs("3.7.1", sum)
	for i := range args {
		if args[i] == "--kplc-checksum" {
			args = append(args[:i:i], args[i+2:]...)
			break
		}
	}
	if r := h.run(InstallBrokerName, "", args...); r.code != 2 || !strings.Contains(r.stderr, "--kplc-checksum") {
		t.Errorf("without --kplc-checksum: exit %d, want a usage error naming it\n%s", r.code, r.stderr)
	}
}

func TestInstallBrokerChecksumMismatchKeepsOldInstall(t *testing.T) {
	t.Parallel()
	h := installedBroker(t)
	_, good512 := h.addKafkaTarball("2.13", "3.7.2")
	keep := []string{
		"/opt/kafka/current",
		"/opt/kafka/kafka_2.13-3.7.1/.kplc-installed",
		"/opt/kafka/kafka_2.13-3.7.1/bin/kafka-storage.sh",
		"/opt/kafka/kafka_2.13-3.7.1/libs/kafka_2.13-3.7.1.jar",
		"/etc/systemd/system/kafka.service",
	}
	before := h.snapshot(keep...)

	wrong := "sha512:" + strings.Repeat("0f", 64)
	r := h.run(InstallBrokerName, "", installArgs("3.7.2", wrong)...)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"checksum mismatch for http://127.0.0.1:8081/kafka_2.13-3.7.2.tgz",
		"expected " + wrong,
		"actual   " + good512,
		"Nothing was unpacked",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	h.assertUnchanged("after mismatch", before)
	if got := h.listDir("/opt/kafka"); strings.Join(got, " ") != "current kafka_2.13-3.7.1" {
		t.Errorf("/opt/kafka holds %v after a mismatch, want the old install only (nothing unpacked, no temp files)", got)
	}
	if n := countPrefix(h.calls(), "chown -R"); n != 0 {
		t.Errorf("something was unpacked and chowned after a checksum mismatch")
	}

	// The right checksum installs the new version beside the old one, and names it as the
	// version to run; /opt/kafka/current moves only at configure-broker.sh's gated restart.
	h.mustRun(InstallBrokerName, "", installArgs("3.7.2", good512)...)
	if link, _ := os.Readlink(h.rootPath("/opt/kafka/current")); link != "kafka_2.13-3.7.1" {
		t.Errorf("current -> %q after installing the upgrade, want kafka_2.13-3.7.1 until the gated restart", link)
	}
	if got := h.readFile(h.rootPath("/etc/kafka/kafka-target")); got != "kafka_2.13-3.7.2\n" {
		t.Errorf("kafka-target = %q after upgrade, want kafka_2.13-3.7.2", got)
	}
	if got := h.listDir("/opt/kafka"); strings.Join(got, " ") != "current kafka_2.13-3.7.1 kafka_2.13-3.7.2" {
		t.Errorf("/opt/kafka holds %v after upgrade, want both versions", got)
	}
}

// TestInstallBrokerFreshFailureInstallsNothing: a tarball that fails its
// checksum, or passes it but does not unpack, leaves /opt/kafka empty (no
// version dir, no current link, no temp file or dir).
func TestInstallBrokerFreshFailureInstallsNothing(t *testing.T) {
	t.Parallel()
	const notTar = "not a tarball\n"
	notTarSum := sha256.Sum256([]byte(notTar))
	cases := []struct {
		name     string
		tarball  string // fixture content; "" = a real tarball
		checksum string // "" = the fixture's sha256
		wantErr  string
	}{
		{name: "checksum mismatch", checksum: "sha256:" + strings.Repeat("1", 64), wantErr: "checksum mismatch"},
		{name: "not a tarball", tarball: notTar, checksum: "sha256:" + hex.EncodeToString(notTarSum[:]), wantErr: "unpacking kafka_2.13-3.7.1.tgz failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHost(t)
			h.addKafkaTarball("2.13", "3.7.1")
			if tc.tarball != "" {
				h.writeFile(filepath.Join(h.fixtures, "kafka_2.13-3.7.1.tgz"), tc.tarball)
			}
			r := h.run(InstallBrokerName, "", installArgs("3.7.1", tc.checksum)...)
			if r.code != 1 || !strings.Contains(r.stderr, tc.wantErr) {
				t.Fatalf("exit %d, want 1 with %q\nstderr:\n%s", r.code, tc.wantErr, r.stderr)
			}
			if got := h.listDir("/opt/kafka"); len(got) != 0 {
				t.Errorf("/opt/kafka holds %v, want nothing", got)
			}
		})
	}
}

func TestInstallBrokerRefusesForeignVersionDir(t *testing.T) {
	t.Parallel()
	h := newHost(t)
	sum, _ := h.addKafkaTarball("2.13", "3.7.1")
	h.writeFile(h.rootPath("/opt/kafka/kafka_2.13-3.7.1/bin/kafka-server-start.sh"), "manual install\n")
	r := h.run(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	if r.code != 1 || !strings.Contains(r.stderr, "was not installed by kafka-plc") {
		t.Errorf("exit %d, want 1 refusing the unmarked dir\nstderr:\n%s", r.code, r.stderr)
	}
	if got := h.readFile(h.rootPath("/opt/kafka/kafka_2.13-3.7.1/bin/kafka-server-start.sh")); got != "manual install\n" {
		t.Errorf("foreign install was modified: %q", got)
	}
}

// --- configure-broker.sh --------------------------------------------------
