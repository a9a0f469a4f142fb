package scripts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const distDir = "/opt/kafka-plc/dist"

// --- prepare-bastion.sh ---------------------------------------------------

func bastionArgs(checksum, listen string) []string {
	return []string{
		"--kafka-url", "https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz",
		"--checksum", checksum, "--file", "kafka_2.13-3.7.1.tgz", "--listen", listen,
	}
}

func newBastion(t *testing.T) (h *host, sha256sum, sha512sum string) {
	t.Helper()
	h = newHost(t)
	sha256sum, sha512sum = h.addKafkaTarball("2.13", "3.7.1")
	h.writeFile(h.rootPath(distDir+"/kplc"), testKplc)
	h.writeFile(h.rootPath("/usr/bin/python3"), "")
	if err := os.Chmod(h.rootPath("/usr/bin/python3"), 0o755); err != nil {
		t.Fatal(err)
	}
	return h, sha256sum, sha512sum
}

func TestPrepareBastionFreshThenIdempotent(t *testing.T) {
	t.Parallel()
	for _, algo := range []string{"sha256", "sha512"} {
		t.Run(algo, func(t *testing.T) {
			t.Parallel()
			h, s256, s512 := newBastion(t)
			sum := map[string]string{"sha256": s256, "sha512": s512}[algo]
			h.mustRun(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
			assertCalls(t, "fresh", h.calls(), []string{
				"curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 --max-time 1700 -o <root>/opt/kafka-plc/dist/.kafka_2.13-3.7.1.tgz.TMP -- https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz",
				"systemctl daemon-reload",
				"systemctl enable kplc-dist.service",
				"systemctl restart kplc-dist.service",
			})
			want := h.readFile(filepath.Join(h.fixtures, "kafka_2.13-3.7.1.tgz"))
			if got := h.readFile(h.rootPath(distDir + "/kafka_2.13-3.7.1.tgz")); got != want {
				t.Errorf("dist tarball differs from the downloaded fixture (%d vs %d bytes)", len(got), len(want))
			}
			if got := h.readFile(h.rootPath("/usr/local/bin/kplc")); got != testKplc {
				t.Errorf("/usr/local/bin/kplc = %q, want the uploaded binary %q", got, testKplc)
			}
			unit := h.readFile(h.rootPath("/etc/systemd/system/kplc-dist.service"))
			for _, want := range []string{
				"ExecStart=/usr/bin/python3 -m http.server --bind 10.0.3.5 8081\n",
				"WorkingDirectory=/opt/kafka-plc/dist\n",
				"ReadOnlyPaths=/opt/kafka-plc/dist\n",
				"User=nobody\n",
			} {
				if !strings.Contains(unit, want) {
					t.Errorf("kplc-dist.service lacks %q:\n%s", want, unit)
				}
			}
			if got := h.listDir(distDir); strings.Join(got, " ") != "kafka_2.13-3.7.1.tgz kplc" {
				t.Errorf("dist dir holds %v, want only the tarball and kplc (no temp files)", got)
			}

			before := h.snapshot(distDir+"/kafka_2.13-3.7.1.tgz", "/etc/systemd/system/kplc-dist.service", "/usr/local/bin/kplc")
			h.mustRun(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
			assertCalls(t, "re-run", h.calls(), []string{"systemctl is-active kplc-dist.service"})
			h.assertUnchanged("re-run", before)

			// A new listen address changes the unit: reload and restart once.
			h.mustRun(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8082")...)
			assertCalls(t, "new port", h.calls(), []string{
				"systemctl daemon-reload",
				"systemctl enable kplc-dist.service",
				"systemctl restart kplc-dist.service",
			})
		})
	}
}

func TestPrepareBastionChecksumMismatchKeepsVerifiedFile(t *testing.T) {
	t.Parallel()
	h, sum, _ := newBastion(t)
	h.mustRun(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
	h.calls()
	before := h.snapshot(distDir + "/kafka_2.13-3.7.1.tgz")

	wrong := "sha256:" + strings.Repeat("ab", 32)
	r := h.run(PrepareBastionName, "", bastionArgs(wrong, "10.0.3.5:8081")...)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"checksum mismatch for https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz",
		"expected " + wrong,
		"actual   " + sum,
		"left as it was",
		"kafkaChecksum",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	h.assertUnchanged("after mismatch", before)
	if got := h.listDir(distDir); strings.Join(got, " ") != "kafka_2.13-3.7.1.tgz kplc" {
		t.Errorf("dist dir holds %v after a mismatch, want no leftover temp file", got)
	}
	if n := countPrefix(h.calls(), "systemctl"); n != 0 {
		t.Errorf("%d systemctl calls after a checksum mismatch, want none", n)
	}
}

func TestPrepareBastionMissingKplcFails(t *testing.T) {
	t.Parallel()
	h, sum, _ := newBastion(t)
	if err := os.Remove(h.rootPath(distDir + "/kplc")); err != nil {
		t.Fatal(err)
	}
	r := h.run(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
	if r.code != 1 || !strings.Contains(r.stderr, "/opt/kafka-plc/dist/kplc is missing") {
		t.Errorf("exit %d, want 1 naming the missing kplc upload\nstderr:\n%s", r.code, r.stderr)
	}
}

// --- install-broker.sh ----------------------------------------------------

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
		"chown -- kafka:kafka <root>/var/lib/kafka <root>/var/lib/kafka/data",
		"curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 --max-time 840 -o <root>/opt/kafka/.kafka_2.13-3.7.1.tgz.TMP -- http://127.0.0.1:8081/kafka_2.13-3.7.1.tgz",
		"chown -R -- kafka:kafka <root>/opt/kafka/.kafka_2.13-3.7.1.TMP",
		"curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 --max-time 840 -o <root>/usr/local/bin/.kplc.TMP -- http://127.0.0.1:8081/kplc",
		"chown -- root:kafka <root>/etc/kafka/.kafka.env.TMP",
		"systemctl daemon-reload",
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
	if got := h.listDir("/etc/kafka"); strings.Join(got, " ") != "kafka.env" {
		t.Errorf("/etc/kafka holds %v, want only kafka.env (no restart-pending before the first configure)", got)
	}
}

func TestInstallBrokerRerunOnRunningBrokerLeavesNoPendingRestart(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	sum := strings.TrimSpace(h.readFile(h.rootPath("/opt/kafka/kafka_2.13-3.7.1/.kplc-installed")))
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	if got := h.listDir("/etc/kafka"); strings.Join(got, " ") != "kafka.env server.properties" {
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
	)
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", strings.TrimSpace(sum))...)
	assertCalls(t, "re-run", h.calls(), []string{
		"java -version",
		"id -u kafka",
		"blkid -p -o export -- /dev/vdb",
		"findmnt -n -P -o UUID,SOURCE --mountpoint <root>/var/lib/kafka",
		"chown -- kafka:kafka <root>/var/lib/kafka <root>/var/lib/kafka/data",
		"curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 --max-time 840 -o <root>/usr/local/bin/.kplc.TMP -- http://127.0.0.1:8081/kplc",
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

	// The right checksum upgrades: new dir, symlink switched, old dir kept.
	h.mustRun(InstallBrokerName, "", installArgs("3.7.2", good512)...)
	if link, _ := os.Readlink(h.rootPath("/opt/kafka/current")); link != "kafka_2.13-3.7.2" {
		t.Errorf("current -> %q after upgrade, want kafka_2.13-3.7.2", link)
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

func TestConfigureBrokerFirstCreate(t *testing.T) {
	t.Parallel()
	h := installedBroker(t)
	h.mustRun(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
	assertCalls(t, "first create", h.calls(), []string{
		"systemctl is-active kafka",
		"findmnt -n -P -o UUID,SOURCE --mountpoint <root>/var/lib/kafka",
		"kafka-storage.sh format --cluster-id=" + testClusterID + " -c <root>/etc/kafka/.server.properties.TMP --ignore-formatted",
		"chown -R -- kafka:kafka <root>/var/lib/kafka/data",
		"chown -- root:kafka <root>/etc/kafka/.server.properties.TMP",
		"systemctl enable --now kafka",
	})
	if got := h.readFile(h.rootPath("/etc/kafka/server.properties")); got != brokerConfig(1) {
		t.Errorf("server.properties = %q, want the input", got)
	}
	meta := h.readFile(h.rootPath("/var/lib/kafka/data/meta.properties"))
	if !strings.Contains(meta, "cluster.id="+testClusterID+"\n") {
		t.Errorf("meta.properties = %q, want cluster.id=%s", meta, testClusterID)
	}
	if got := h.listDir("/etc/kafka"); strings.Join(got, " ") != "kafka.env server.properties" {
		t.Errorf("/etc/kafka holds %v, want no backup or temp file on first create", got)
	}
}

func TestConfigureBrokerIdenticalIsNoop(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	before := h.snapshot("/etc/kafka/server.properties", "/var/lib/kafka/data/meta.properties")
	h.mustRun(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
	assertCalls(t, "identical config", h.calls(), []string{"systemctl is-active kafka"})
	h.assertUnchanged("identical config", before)
}

// sentinels are files a running broker would hold in its log dir.
var sentinels = map[string]string{
	"orders-0/00000000000000000000.log":                  "\x00\x01record batch bytes\xff",
	"orders-0/00000000000000000000.index":                "index",
	"__cluster_metadata-0/00000000000000000000.log":      "metadata records",
	"__cluster_metadata-0/quorum-state":                  `{"leaderId":1}`,
	"recovery-point-offset-checkpoint":                   "0\n1\norders 0 42\n",
	"__consumer_offsets-7/00000000000000001234.snapshot": "snap",
}

func writeSentinels(h *host) map[string]fileState {
	h.t.Helper()
	var paths []string
	for name, body := range sentinels {
		p := "/var/lib/kafka/data/" + name
		h.writeFile(h.rootPath(p), body)
		paths = append(paths, p)
	}
	return h.snapshot(append(paths, "/var/lib/kafka/data/meta.properties")...)
}

func TestConfigureBrokerChangeRestartsOnceAndKeepsData(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	data := writeSentinels(h)
	newConf := brokerConfig(1, "num.partitions=6")
	h.mustRun(ConfigureBrokerName, newConf, configureArgs(testClusterID)...)
	calls := h.calls()
	assertCalls(t, "changed config", calls, []string{
		"systemctl is-active kafka",
		"kplc safe-to-restart --bootstrap " + testBootstrap + " --node-id 1 --timeout 120s",
		"chown -- root:kafka <root>/etc/kafka/.server.properties.TMP",
		"systemctl restart kafka",
		"kplc wait-ready --bootstrap " + testBootstrap + " --node-id 1 --timeout 600s",
	})
	if n := countPrefix(calls, "kafka-storage.sh"); n != 0 {
		t.Errorf("storage formatted again although meta.properties exists")
	}
	if got := h.readFile(h.rootPath("/etc/kafka/server.properties")); got != newConf {
		t.Errorf("server.properties = %q, want the new config", got)
	}
	if got := h.readFile(h.rootPath("/etc/kafka/server.properties.prev")); got != brokerConfig(1) {
		t.Errorf("server.properties.prev = %q, want the previous config", got)
	}
	h.assertUnchanged("data dir after reconfiguration", data)
	if got := strings.Join(h.listDir("/var/lib/kafka/data"), " "); got != "__cluster_metadata-0 __consumer_offsets-7 meta.properties orders-0 recovery-point-offset-checkpoint" {
		t.Errorf("data dir holds %s, want meta.properties and the sentinel entries only", got)
	}

	// A second change keeps exactly one backup, of the config just replaced.
	third := brokerConfig(1, "num.partitions=9")
	h.mustRun(ConfigureBrokerName, third, configureArgs(testClusterID)...)
	if got := h.readFile(h.rootPath("/etc/kafka/server.properties.prev")); got != newConf {
		t.Errorf("server.properties.prev = %q after a second change, want the config it replaced", got)
	}
	if got := h.listDir("/etc/kafka"); strings.Join(got, " ") != "kafka.env server.properties server.properties.prev" {
		t.Errorf("/etc/kafka holds %v, want one backup and no temp files", got)
	}
}

func TestInstallChangeOnRunningBrokerRestartsThroughGates(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		version string
		heap    string
		reason  string
	}{
		{"heap change", "3.7.1", "4g", "/etc/kafka/kafka.env changed\n"},
		{"version upgrade", "3.7.2", "2g", "/opt/kafka/current -> kafka_2.13-3.7.2\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := runningBroker(t, 1)
			s256, _ := h.addKafkaTarball("2.13", tc.version)
			args := installArgs(tc.version, s256)
			args = append(without(args, "--heap"), "--heap", tc.heap)
			h.mustRun(InstallBrokerName, "", args...)
			if n := countPrefix(h.calls(), "systemctl restart"); n != 0 {
				t.Fatalf("install-broker.sh restarted Kafka")
			}
			if got := h.readFile(h.rootPath("/etc/kafka/restart-pending")); got != tc.reason {
				t.Errorf("restart-pending = %q, want %q", got, tc.reason)
			}
			conf := h.snapshot("/etc/kafka/server.properties", "/etc/kafka/server.properties.prev")

			// Same server.properties, but a restart is pending: gated restart.
			h.mustRun(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
			assertCalls(t, "pending restart", h.calls(), []string{
				"systemctl is-active kafka",
				"kplc safe-to-restart --bootstrap " + testBootstrap + " --node-id 1 --timeout 120s",
				"systemctl restart kafka",
				"kplc wait-ready --bootstrap " + testBootstrap + " --node-id 1 --timeout 600s",
			})
			h.assertUnchanged("config (identical, so not rewritten)", conf)
			if _, err := os.Stat(h.rootPath("/etc/kafka/restart-pending")); !os.IsNotExist(err) {
				t.Errorf("restart-pending still there after a successful restart (%v)", err)
			}
			h.mustRun(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
			assertCalls(t, "after the restart", h.calls(), []string{"systemctl is-active kafka"})
		})
	}
}

func TestPendingRestartKeptWhenGateRefuses(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	s256, _ := h.addKafkaTarball("2.13", "3.7.1")
	h.mustRun(InstallBrokerName, "", append(without(installArgs("3.7.1", s256), "--heap"), "--heap", "3g")...)
	h.setState("kplc/safe-to-restart.exit", "1")
	r := h.run(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(h.rootPath("/etc/kafka/restart-pending")); err != nil {
		t.Errorf("restart-pending lost after a refused restart: %v", err)
	}
}

func TestConfigureBrokerStartsStoppedBrokerWithoutFormatting(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	data := writeSentinels(h)
	if err := os.Remove(filepath.Join(h.state, "systemd/kafka.active")); err != nil {
		t.Fatal(err)
	}
	h.mustRun(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
	assertCalls(t, "stopped broker, same config", h.calls(), []string{
		"systemctl is-active kafka",
		"systemctl enable --now kafka",
	})
	h.assertUnchanged("data dir", data)
}

func TestConfigureBrokerRefusesForeignStorage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		clusterID string
		meta      string // replaces meta.properties when set
		wantErr   []string
	}{
		{
			name:      "cluster id mismatch",
			clusterID: "ZZZZZZZZZZZZZZZZZZZZZZ",
			wantErr:   []string{"REFUSING", "belongs to cluster '" + testClusterID + "'", "--cluster-id is 'ZZZZZZZZZZZZZZZZZZZZZZ'"},
		},
		{
			name:      "disk of another node",
			clusterID: testClusterID,
			meta:      "version=1\ncluster.id=" + testClusterID + "\nnode.id=3\n",
			wantErr:   []string{"REFUSING", "holds data of node 3 but this is node 1"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := runningBroker(t, 1)
			if tc.meta != "" {
				h.writeFile(h.rootPath("/var/lib/kafka/data/meta.properties"), tc.meta)
			}
			data := writeSentinels(h)
			conf := h.snapshot("/etc/kafka/server.properties", "/etc/kafka/server.properties.prev")
			r := h.run(ConfigureBrokerName, brokerConfig(1, "num.partitions=6"), configureArgs(tc.clusterID)...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
			}
			for _, want := range tc.wantErr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			assertCalls(t, "refusal", h.calls(), nil)
			h.assertUnchanged("data dir", data)
			h.assertUnchanged("config", conf)
		})
	}
}

func TestConfigureBrokerGates(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		state     map[string]string
		wantCalls []string
		wantErr   []string
		wantConf  string // "old" or "new"
	}{
		{
			name: "safe-to-restart refuses",
			state: map[string]string{
				"kplc/safe-to-restart.exit": "1",
				"kplc/safe-to-restart.msg":  "partition orders-0 would drop below min.insync.replicas=2",
			},
			wantCalls: []string{
				"systemctl is-active kafka",
				"kplc safe-to-restart --bootstrap " + testBootstrap + " --node-id 1 --timeout 120s",
			},
			wantErr:  []string{"node 1: not safe to restart (kplc exit 1)", "partition orders-0 would drop below min.insync.replicas=2", "Nothing was changed"},
			wantConf: "old",
		},
		{
			name: "wait-ready fails",
			state: map[string]string{
				"kplc/wait-ready.exit": "1",
				"kplc/wait-ready.msg":  "node 1 still fenced after 600s",
			},
			wantCalls: []string{
				"systemctl is-active kafka",
				"kplc safe-to-restart --bootstrap " + testBootstrap + " --node-id 1 --timeout 120s",
				"chown -- root:kafka <root>/etc/kafka/.server.properties.TMP",
				"systemctl restart kafka",
				"kplc wait-ready --bootstrap " + testBootstrap + " --node-id 1 --timeout 600s",
			},
			wantErr:  []string{"node 1 did not become ready after the restart (kplc exit 1)", "node 1 still fenced after 600s", "rolling update stops here"},
			wantConf: "new",
		},
		{
			name:  "restart fails",
			state: map[string]string{"systemd/fail-restart": ""},
			wantCalls: []string{
				"systemctl is-active kafka",
				"kplc safe-to-restart --bootstrap " + testBootstrap + " --node-id 1 --timeout 120s",
				"chown -- root:kafka <root>/etc/kafka/.server.properties.TMP",
				"systemctl restart kafka",
			},
			wantErr:  []string{"node 1: systemctl restart kafka failed", "Stopping the rolling update here"},
			wantConf: "new",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := runningBroker(t, 1)
			for k, v := range tc.state {
				h.setState(k, v)
			}
			before := h.snapshot("/etc/kafka/server.properties", "/etc/kafka/server.properties.prev")
			newConf := brokerConfig(1, "num.partitions=6")
			r := h.run(ConfigureBrokerName, newConf, configureArgs(testClusterID)...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
			}
			// The calls end with the failing step: nothing runs after it.
			assertCalls(t, tc.name, h.calls(), tc.wantCalls)
			for _, want := range tc.wantErr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if tc.wantConf == "old" {
				h.assertUnchanged("config after refusal", before)
			} else if got := h.readFile(h.rootPath("/etc/kafka/server.properties")); got != newConf {
				t.Errorf("server.properties = %q, want the new config", got)
			}
		})
	}
}

const readyPending = "/etc/kafka/ready-pending"

// TestConfigureBrokerReadyPending: a restart that is not confirmed ready leaves
// /etc/kafka/ready-pending, so a re-run with the same config (nothing left to change)
// waits for the broker again, without restarting it, and fails while it is not ready;
// once it is, the marker goes and the next re-run is a no-op again.
func TestConfigureBrokerReadyPending(t *testing.T) {
	t.Parallel()
	gate := "kplc safe-to-restart --bootstrap " + testBootstrap + " --node-id 1 --timeout 120s"
	wait := "kplc wait-ready --bootstrap " + testBootstrap + " --node-id 1 --timeout 600s"
	cases := []struct {
		name string
		// setup breaks the first run and returns the config it applies.
		setup     func(h *host) string
		wantCalls []string
		wantErr   string
	}{
		{
			name: "changed config, wait-ready fails",
			setup: func(h *host) string {
				h.setState("kplc/wait-ready.exit", "1")
				return brokerConfig(1, "num.partitions=6")
			},
			wantCalls: []string{"systemctl is-active kafka", gate, "chown -- root:kafka <root>/etc/kafka/.server.properties.TMP", "systemctl restart kafka", wait},
			wantErr:   "node 1 did not become ready after the restart",
		},
		{
			name: "changed config, restart fails",
			setup: func(h *host) string {
				h.setState("systemd/fail-restart", "")
				return brokerConfig(1, "num.partitions=6")
			},
			wantCalls: []string{"systemctl is-active kafka", gate, "chown -- root:kafka <root>/etc/kafka/.server.properties.TMP", "systemctl restart kafka"},
			wantErr:   "systemctl restart kafka failed",
		},
		{
			// The restart install-broker.sh asked for happened: restart-pending goes with
			// it, so the re-run only waits (no second restart).
			name: "pending restart, wait-ready fails",
			setup: func(h *host) string {
				s256, _ := h.addKafkaTarball("2.13", "3.7.1")
				h.mustRun(InstallBrokerName, "", append(without(installArgs("3.7.1", s256), "--heap"), "--heap", "3g")...)
				h.calls()
				h.setState("kplc/wait-ready.exit", "1")
				return brokerConfig(1)
			},
			wantCalls: []string{"systemctl is-active kafka", gate, "systemctl restart kafka", wait},
			wantErr:   "node 1 did not become ready after the restart",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := runningBroker(t, 1)
			conf := tc.setup(h)
			r := h.run(ConfigureBrokerName, conf, configureArgs(testClusterID)...)
			if r.code != 1 || !strings.Contains(r.stderr, tc.wantErr) {
				t.Fatalf("first run: exit %d, want 1 with %q\nstderr:\n%s", r.code, tc.wantErr, r.stderr)
			}
			assertCalls(t, "first run", h.calls(), tc.wantCalls)
			h.assertReadyPending("first run", readyPending, 1, "kafka")
			h.assertNoFile("first run (the restart it asked for was made)", "/etc/kafka/restart-pending")
			h.clearState("systemd/fail-restart")

			// Same config, broker still not ready: wait again, no gate, no restart, exit 1.
			h.setState("kplc/wait-ready.exit", "1")
			h.setState("kplc/wait-ready.msg", "node 1 is registered but fenced")
			before := h.snapshot("/etc/kafka/server.properties", "/etc/kafka/server.properties.prev")
			r = h.run(ConfigureBrokerName, conf, configureArgs(testClusterID)...)
			if r.code != 1 {
				t.Fatalf("re-run while not ready: exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
			}
			for _, want := range []string{"node 1 did not become ready since its last restart (kplc exit 1)", "node 1 is registered but fenced",
				"rolling update stops here", "/etc/kafka/ready-pending stays until the broker is ready"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("re-run while not ready: stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			assertCalls(t, "re-run while not ready", h.calls(), []string{"systemctl is-active kafka", wait})
			h.assertReadyPending("re-run while not ready", readyPending, 1, "kafka")
			h.assertUnchanged("re-run while not ready", before)

			// Ready now: the same wait succeeds and the marker goes.
			h.clearState("kplc/wait-ready.exit", "kplc/wait-ready.msg")
			h.mustRun(ConfigureBrokerName, conf, configureArgs(testClusterID)...)
			assertCalls(t, "re-run once ready", h.calls(), []string{"systemctl is-active kafka", wait})
			h.assertNoFile("re-run once ready", readyPending)
			h.assertUnchanged("re-run once ready", before)

			// Nothing pending any more: a pure no-op, no gate call at all.
			h.mustRun(ConfigureBrokerName, conf, configureArgs(testClusterID)...)
			assertCalls(t, "third re-run", h.calls(), []string{"systemctl is-active kafka"})
		})
	}
}

// TestConfigureBrokerStartsUnconfirmedBrokerAndWaits: a broker whose restart was never
// confirmed and that has stopped since is started and waited for; a stopped broker with
// no such marker (first create, or a whole cluster starting) is only started.
func TestConfigureBrokerStartsUnconfirmedBrokerAndWaits(t *testing.T) {
	t.Parallel()
	wait := "kplc wait-ready --bootstrap " + testBootstrap + " --node-id 1 --timeout 600s"
	h := runningBroker(t, 1)
	data := writeSentinels(h)
	conf := brokerConfig(1, "num.partitions=6")
	h.setState("kplc/wait-ready.exit", "1")
	if r := h.run(ConfigureBrokerName, conf, configureArgs(testClusterID)...); r.code != 1 {
		t.Fatalf("restart with a failing wait: exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	h.calls()
	h.assertReadyPending("after the failed wait", readyPending, 1, "kafka")

	// It crashed since; still not ready after the start: exit 1, marker kept.
	h.clearState("systemd/kafka.active")
	r := h.run(ConfigureBrokerName, conf, configureArgs(testClusterID)...)
	if r.code != 1 || !strings.Contains(r.stderr, "node 1 did not become ready after being started") {
		t.Fatalf("start while not ready: exit %d, want 1 saying it did not become ready\nstderr:\n%s", r.code, r.stderr)
	}
	assertCalls(t, "start while not ready", h.calls(), []string{"systemctl is-active kafka", "systemctl enable --now kafka", wait})
	h.assertReadyPending("start while not ready", readyPending, 1, "kafka")

	// Stopped again, then ready after the start: exit 0, marker gone, data untouched.
	h.clearState("systemd/kafka.active", "kplc/wait-ready.exit")
	h.mustRun(ConfigureBrokerName, conf, configureArgs(testClusterID)...)
	assertCalls(t, "start once ready", h.calls(), []string{"systemctl is-active kafka", "systemctl enable --now kafka", wait})
	h.assertNoFile("start once ready", readyPending)
	h.assertUnchanged("data dir", data)

	// No marker: a stopped broker is started without waiting (TestConfigureBrokerStartsStoppedBrokerWithoutFormatting).
	h.clearState("systemd/kafka.active")
	h.mustRun(ConfigureBrokerName, conf, configureArgs(testClusterID)...)
	assertCalls(t, "stopped, nothing pending", h.calls(), []string{"systemctl is-active kafka", "systemctl enable --now kafka"})
}

// TestConfigureBrokerKilledDuringWaitKeepsReadyPending: the step's own time limit fires
// while kplc wait-ready is still waiting (the Pulumi step fails); the marker survives the
// kill, so the next run waits for the broker instead of finding nothing to do.
func TestConfigureBrokerKilledDuringWaitKeepsReadyPending(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	conf := brokerConfig(1, "num.partitions=6")
	h.setState("kplc/wait-ready.delay", "60")
	start := time.Now()
	// The outer limit must fire while wait-ready (delayed 60 s) is waiting: 10 s leaves the
	// script ample time to reach it on a loaded machine (3 s did not, with 7 builds beside it).
	r := h.runWithin(10*time.Second, ConfigureBrokerName, conf, configureArgs(testClusterID)...)
	if r.code != 124 {
		t.Fatalf("exit %d, want 124 from the outer timeout\nstderr:\n%s", r.code, r.stderr)
	}
	if d := time.Since(start); d > 50*time.Second {
		t.Errorf("took %v; the TERM did not reach the waiting kplc", d)
	}
	if n := countPrefix(h.calls(), "kplc wait-ready"); n != 1 {
		t.Fatalf("%d wait-ready calls before the kill, want 1", n)
	}
	h.assertReadyPending("after the kill", readyPending, 1, "kafka")
	if got := strings.Join(h.listDir("/etc/kafka"), " "); got != "kafka.env ready-pending server.properties server.properties.prev" {
		t.Errorf("/etc/kafka holds %s after the kill, want the marker and no temp file", got)
	}

	h.clearState("kplc/wait-ready.delay")
	h.mustRun(ConfigureBrokerName, conf, configureArgs(testClusterID)...)
	assertCalls(t, "re-run after the kill", h.calls(), []string{
		"systemctl is-active kafka",
		"kplc wait-ready --bootstrap " + testBootstrap + " --node-id 1 --timeout 600s",
	})
	h.assertNoFile("re-run after the kill", readyPending)
}

func TestConfigureBrokerInvalidInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, stdin, wantErr string
	}{
		{"empty stdin", "", "stdin is empty"},
		{"node.id of another broker", brokerConfig(2), "node.id is 2 but --node-id is 1"},
		{"node.id missing", "log.dirs=/var/lib/kafka/data\n", "node.id is missing but --node-id is 1"},
		{"log.dirs missing", "node.id=1\nprocess.roles=broker,controller\n", "log.dirs is missing"},
		{"relative log dir", "node.id=1\nlog.dirs=data\n", "log.dirs entry 'data' is not an absolute path"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := runningBroker(t, 1)
			before := h.snapshot("/etc/kafka/server.properties")
			r := h.run(ConfigureBrokerName, tc.stdin, configureArgs(testClusterID)...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.wantErr) {
				t.Errorf("exit %d, want 2 with %q\nstderr:\n%s", r.code, tc.wantErr, r.stderr)
			}
			assertCalls(t, "invalid input", h.calls(), nil)
			h.assertUnchanged("config", before)
			if got := h.listDir("/etc/kafka"); strings.Join(got, " ") != "kafka.env server.properties" {
				t.Errorf("/etc/kafka holds %v, want no temp file left", got)
			}
		})
	}
}

// --- usage errors (all scripts) -------------------------------------------

// without returns args with the flag and its value removed.
func without(args []string, flag string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == flag {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	bastion := bastionArgs("sha256:"+strings.Repeat("a", 64), "10.0.3.5:8081")
	install := installArgs("3.7.1", "sha256:"+strings.Repeat("a", 64))
	configure := configureArgs(testClusterID)
	verify := []string{"--bootstrap", testBootstrap, "--via", "nlb.example", "--brokers", "3", "--unique-name", "u1"}
	type tc struct {
		script  string
		args    []string
		wantErr string
	}
	var cases []tc
	for _, f := range []string{"--kafka-url", "--checksum", "--file", "--listen"} {
		cases = append(cases, tc{PrepareBastionName, without(bastion, f), f + " is required"})
	}
	for _, f := range []string{"--kafka-version", "--scala-version", "--dist-url", "--checksum", "--data-device", "--heap"} {
		cases = append(cases, tc{InstallBrokerName, without(install, f), f + " is required"})
	}
	for _, f := range []string{"--node-id", "--cluster-id", "--bootstrap"} {
		cases = append(cases, tc{ConfigureBrokerName, without(configure, f), f + " is required"})
	}
	for _, f := range []string{"--bootstrap", "--via", "--brokers", "--unique-name"} {
		cases = append(cases, tc{VerifyName, without(verify, f), f + " is required"})
	}
	cases = append(cases,
		tc{PrepareBastionName, append(without(bastion, "--checksum"), "--checksum", "md5:abc"), "algorithm must be sha256 or sha512"},
		tc{PrepareBastionName, append(without(bastion, "--checksum"), "--checksum", "sha256:abc"), "expected sha256:<64 hex digits>"},
		tc{PrepareBastionName, append(without(bastion, "--listen"), "--listen", "0.0.0.0:8081"), "never 0.0.0.0"},
		tc{PrepareBastionName, append(bastion, "--listen"), "--listen needs a value"},
		tc{InstallBrokerName, append(without(install, "--checksum"), "--checksum", "sha512:"+strings.Repeat("a", 64)), "expected sha512:<128 hex digits>"},
		tc{InstallBrokerName, append(without(install, "--heap"), "--heap", "2 GB"), "--heap '2 GB'"},
		tc{InstallBrokerName, append(without(install, "--dist-url"), "--dist-url", "ftp://x"), "--dist-url 'ftp://x'"},
		tc{InstallBrokerName, append(install, "--jdk-url", "http://x/jdk.tgz"), "--jdk-url is not supported"},
		tc{ConfigureBrokerName, append(without(configure, "--cluster-id"), "--cluster-id", "short"), "expected 22 base64url characters"},
		tc{ConfigureBrokerName, append(configure, "--ready-timeout", "10m"), "--ready-timeout '10m'"},
		tc{ConfigureBrokerName, append(configure, "--bogus"), "unknown argument '--bogus'"},
	)
	for _, c := range cases {
		t.Run(c.script+" "+c.wantErr, func(t *testing.T) {
			t.Parallel()
			h := newHost(t)
			r := h.run(c.script, brokerConfig(1), c.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2\nstderr:\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, c.wantErr) || !strings.Contains(r.stderr, "usage:") {
				t.Errorf("stderr lacks %q and the usage text:\n%s", c.wantErr, r.stderr)
			}
			assertCalls(t, "usage error", h.calls(), nil)
		})
	}
}

// --- verify.sh ------------------------------------------------------------

func TestVerify(t *testing.T) {
	t.Parallel()
	args := []string{"--bootstrap", testBootstrap, "--via", "nlb-abc.cn-hangzhou.nlb.aliyuncs.com", "--brokers", "3", "--unique-name", "u1"}
	type check struct {
		Name   string `json:"name"`
		OK     bool   `json:"ok"`
		Exit   int    `json:"exit"`
		Output string `json:"output"`
	}
	type summary struct {
		OK     bool    `json:"ok"`
		Checks []check `json:"checks"`
	}
	cases := []struct {
		name     string
		state    map[string]string
		wantCode int
		wantOK   []bool
	}{
		{"all pass", map[string]string{"kplc/brokers.msg": `{"brokers":[1,2,3]}`}, 0, []bool{true, true, true}},
		{"probe fails", map[string]string{
			"kplc/probe-privatelink.exit": "1",
			"kplc/probe-privatelink.msg":  "b2 \"unreachable\"\n\tvia 9094\\",
		}, 1, []bool{true, true, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHost(t)
			for k, v := range tc.state {
				h.setState(k, v)
			}
			r := h.run(VerifyName, "", args...)
			if r.code != tc.wantCode {
				t.Fatalf("exit %d, want %d\nstderr:\n%s", r.code, tc.wantCode, r.stderr)
			}
			var s summary
			if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
			}
			if len(s.Checks) != 3 {
				t.Fatalf("%d checks, want 3: %s", len(s.Checks), r.stdout)
			}
			allOK := true
			for i, c := range s.Checks {
				if c.OK != tc.wantOK[i] {
					t.Errorf("check %s ok=%v, want %v", c.Name, c.OK, tc.wantOK[i])
				}
				allOK = allOK && c.OK
				if msg, ok := tc.state["kplc/"+c.Name+".msg"]; ok && c.Output != msg {
					t.Errorf("check %s output %q, want %q", c.Name, c.Output, msg)
				}
			}
			if s.OK != allOK {
				t.Errorf("summary ok=%v, want %v", s.OK, allOK)
			}
			assertCalls(t, "verify", h.calls(), []string{
				"kplc brokers --bootstrap " + testBootstrap + " --timeout 60s --format json",
				"kplc roundtrip --bootstrap " + testBootstrap + " --timeout 60s --format json",
				"kplc probe-privatelink --via nlb-abc.cn-hangzhou.nlb.aliyuncs.com --bootstrap-port 9092 --first-port 9093 --brokers 3 --host-pattern b{id}.{uniqueName}.alicloud.plc.tidbcloud.com --unique-name u1 --timeout 60s --format json",
			})
		})
	}
}

// --- package API and lint ---------------------------------------------------

func TestEmbeddedScriptsMatchFiles(t *testing.T) {
	t.Parallel()
	vars := map[string]string{
		PrepareBastionName:  PrepareBastion,
		InstallBrokerName:   InstallBroker,
		ConfigureBrokerName: ConfigureBroker,
		VerifyName:          Verify,
	}
	if got := strings.Join(Names(), " "); got != "configure-broker.sh expose-existing-broker.sh install-broker.sh prepare-bastion.sh verify.sh" {
		t.Errorf("Names() = %s", got)
	}
	for name, text := range vars {
		disk, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if text != string(disk) || Script(name) != string(disk) {
			t.Errorf("embedded %s differs from the file on disk", name)
		}
		for _, want := range []string{"#!/usr/bin/env bash\n", "\nset -euo pipefail\n", "\nmain \"$@\"\n"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
}

func TestCommand(t *testing.T) {
	t.Parallel()
	if _, err := Command("nope.sh", time.Minute); err == nil || !strings.Contains(err.Error(), "unknown script \"nope.sh\"") {
		t.Errorf("Command(unknown) error = %v, want it to name the script", err)
	}
	if _, err := Command(VerifyName, 500*time.Millisecond); err == nil || !strings.Contains(err.Error(), "at least 1s") {
		t.Errorf("Command(0.5s) error = %v, want a minimum-timeout error", err)
	}
	cmd, err := Command(ConfigureBrokerName, 15*time.Minute, "--node-id", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cmd, "timeout --kill-after=30 900 bash -c '# shellcheck shell=bash") ||
		!strings.HasSuffix(cmd, "' 'configure-broker.sh' '--node-id' '1'") {
		t.Errorf("Command = %.80s ... %s", cmd, cmd[len(cmd)-60:])
	}
	for _, s := range []string{"plain", "it's", `a"b$c\d`, "new\nline", "''", ""} {
		out, err := exec.Command("bash", "-c", "printf '%s' "+quote(s)).Output()
		if err != nil || string(out) != s {
			t.Errorf("quote(%q) through bash gave %q (%v)", s, out, err)
		}
	}
}

func TestShellcheck(t *testing.T) {
	t.Parallel()
	path, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck not on PATH; install it (apt-get install -y shellcheck) to lint the scripts")
	}
	files := append([]string{}, Names()...)
	for _, dir := range []string{"testdata/stubs", "testdata/kafka-bin"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	out, err := exec.Command(path, append([]string{"-x", "--severity=style"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("shellcheck found problems (%v):\n%s", err, out)
	}
}
