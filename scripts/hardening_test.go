package scripts

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Safety rules that hold for the text of every script, and the failure paths
// behind them: timeouts, temp files, modes, the data disk, messages, and the
// kplc upload on the bastion.

// codeLines returns the lines of a shell file that are not comments.
func codeLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			out = append(out, t)
		}
	}
	return out
}

var (
	rmCall      = regexp.MustCompile(`(?:^|[;&|()]|\s)rm\s+([^;&|]*)`)
	recursiveRm = regexp.MustCompile(`(?:^|\s)-(?:[a-zA-Z]*[rR][a-zA-Z]*|-recursive)\b`)
	// Names that are, or may hold, a Kafka log dir or the data disk.
	dataish = regexp.MustCompile(`(?i)DATA_DIR|MOUNT_POINT|/var/lib/kafka|log\.?dirs?|UNFORMATTED|\$\{dir\}|meta`)
	mvCall  = regexp.MustCompile(`(?:^|[;&|()]|\s)mv\s`)
	// timeout(1) is called through lib.sh's timed only.
	rawTimeout = regexp.MustCompile(`(?:^|[;&|()]|\s)timeout\s`)
)

func TestNoDangerousCommandsInScripts(t *testing.T) {
	t.Parallel()
	files := append([]string{libName}, scriptNames()...)
	recursive := 0
	for _, name := range files {
		text := lib
		if name != libName {
			text = scriptText(name)
		}
		for _, line := range codeLines(text) {
			for _, m := range rmCall.FindAllStringSubmatch(line, -1) {
				args := m[1]
				if dataish.MatchString(args) {
					t.Errorf("%s: rm on a data path: %s", name, line)
				}
				if recursiveRm.MatchString(args) {
					recursive++
					// The one recursive rm: lib.sh's cleanup of registered mktemp dirs.
					if name != libName || strings.TrimSpace(args) != `-rf -- "${p}"` {
						t.Errorf("%s: recursive rm outside cleanup_temp: %s", name, line)
					}
				}
			}
			if mvCall.MatchString(line) && !(name == libName && (strings.HasPrefix(line, `mv -f -T -- "${tmp}" "${dest}"`) ||
				strings.HasPrefix(line, `mv -f -T -- "${TEMP}" "$2"`))) {
				t.Errorf("%s: mv outside rename_into_place and keep_backup (which make it durable): %s", name, line)
			}
			if rawTimeout.MatchString(line) && !(name == libName && strings.HasPrefix(line, "timed() {")) {
				t.Errorf("%s: timeout(1) outside timed (which keeps the command in the script's process group): %s", name, line)
			}
			for _, bad := range []string{"wipefs", "dd if=", "shred", "mkfs.xfs -f", "mkfs.ext4 -F", " -f -- \"${dev}\"", "find / ", "-delete"} {
				if strings.Contains(line, bad) {
					t.Errorf("%s: %q has no place in these scripts: %s", name, bad, line)
				}
			}
		}
	}
	if recursive != 1 {
		t.Errorf("found %d recursive rm calls, want exactly the one in cleanup_temp (the scan is broken otherwise)", recursive)
	}
}

// TestStubsNoticeUntimedCalls proves the harness check behind "every command
// that can hang runs under timeout(1)" is not vacuous.
func TestStubsNoticeUntimedCalls(t *testing.T) {
	t.Parallel()
	h := newHost(t)
	untimed := filepath.Join(h.state, "untimed.log")
	run := func(args ...string) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = append(os.Environ(), "KPLC_STUB_LOG="+h.logPath, "KPLC_STUB_STATE="+h.state)
		_ = cmd.Run() // the stub's own exit status does not matter here
	}
	run("timeout", "5", filepath.Join(h.bin, "systemctl"), "is-active", "kafka")
	if _, err := os.Stat(untimed); !os.IsNotExist(err) {
		t.Fatalf("a call under timeout was noted as untimed (%v)", err)
	}
	run(filepath.Join(h.bin, "systemctl"), "is-active", "kafka")
	if got := h.readFile(untimed); got != "systemctl is-active kafka\n" {
		t.Errorf("untimed.log = %q, want the direct call", got)
	}
}

// TestTempFilesRemovedWhenKilled: Command's outer timeout fires while the
// safe-to-restart gate hangs; the script still removes its temp config.
func TestTempFilesRemovedWhenKilled(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	h.setState("kplc/safe-to-restart.delay", "60")
	cmdline, err := Command(ConfigureBrokerName, 2*time.Second, configureArgs(testClusterID)...)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-c", cmdline)
	cmd.Env = append(os.Environ(), "PATH="+h.bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"KPLC_ROOT="+h.root, "KPLC_STUB_LOG="+h.logPath, "KPLC_STUB_STATE="+h.state)
	cmd.Stdin = strings.NewReader(brokerConfig(1, "num.partitions=6"))
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 124 {
		t.Fatalf("exit %d (%v), want 124 from the outer timeout\n%s", cmd.ProcessState.ExitCode(), err, out)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v; the TERM did not reach the hanging gate", d)
	}
	if got := strings.Join(h.listDir("/etc/kafka"), " "); got != "kafka-target kafka.env log4j.properties server.properties" {
		t.Errorf("/etc/kafka holds %s after the kill, want no temp file", got)
	}
	if got := h.readFile(h.rootPath("/etc/kafka/server.properties")); got != brokerConfig(1) {
		t.Errorf("server.properties changed although the gate never answered")
	}
}

// TestWrittenFilesModes runs install and configure under umask 077 (as on a
// hardened image) and checks every mode the kafka user depends on.
func TestWrittenFilesModes(t *testing.T) {
	t.Parallel()
	h := newHost(t)
	h.umask = "077"
	sum, _ := h.addKafkaTarball("2.13", "3.7.1")
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	h.mustRun(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
	h.mustRun(ConfigureBrokerName, brokerConfig(1, "num.partitions=6"), configureArgs(testClusterID)...)
	want := map[string]os.FileMode{
		"/etc/kafka":                          0o755,
		"/etc/kafka/server.properties":        0o640,
		"/etc/kafka/server.properties.prev":   0o640,
		"/etc/kafka/kafka.env":                0o640,
		"/etc/systemd/system/kafka.service":   0o644,
		"/etc/fstab":                          0o644,
		"/opt/kafka":                          0o755,
		"/opt/kafka/kafka_2.13-3.7.1":         0o755,
		"/opt/kafka/kafka_2.13-3.7.1/bin":     0o755,
		"/opt/kafka/kafka_2.13-3.7.1/libs":    0o755,
		"/usr/local/bin/kplc":                 0o755,
		"/var/lib/kafka/data":                 0o750,
		"/opt/kafka/kafka_2.13-3.7.1/LICENSE": 0o644,
	}
	for p, mode := range want {
		fi, err := os.Stat(h.rootPath(p))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("%s has mode %v, want %v", p, fi.Mode().Perm(), mode)
		}
	}

	// An env file left 0644 by an older install gets 0640 without a rewrite or a restart.
	if err := os.Chmod(h.rootPath("/etc/kafka/kafka.env"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.calls()
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	if fi, _ := os.Stat(h.rootPath("/etc/kafka/kafka.env")); fi.Mode().Perm() != 0o640 {
		t.Errorf("kafka.env mode %v after a re-run, want 0640", fi.Mode().Perm())
	}
	if n := countPrefix(h.calls(), "systemctl daemon-reload"); n != 0 {
		t.Errorf("a mode fix reloaded systemd")
	}
	if _, err := os.Stat(h.rootPath("/etc/kafka/restart-pending")); !os.IsNotExist(err) {
		t.Errorf("a mode fix asked for a restart (%v)", err)
	}
}

func TestInstallBrokerDataDiskRefusals(t *testing.T) {
	t.Parallel()
	const ours = "0b5e7c7e-1111-4222-8333-444455556666"
	cases := []struct {
		name      string
		signature string            // blkid stub state for /dev/vdb
		fstab     string            // initial /etc/fstab
		mounted   string            // UUID mounted at /var/lib/kafka, if any
		files     map[string]string // files under the root before the run
		wantErr   string
	}{
		{
			name:      "LVM member",
			signature: "TYPE=LVM2_member\nUUID=abc\n",
			wantErr:   "REFUSING to use /dev/vdb: it holds 'LVM2_member', not one of: xfs ext4",
		},
		{
			name:      "swap",
			signature: "TYPE=swap\nUUID=abc\n",
			wantErr:   "REFUSING to use /dev/vdb: it holds 'swap'",
		},
		{
			name:      "partition table",
			signature: "PTTYPE=dos\n",
			wantErr:   "REFUSING to format /dev/vdb: it holds a dos partition table",
		},
		{
			name:      "files on the root disk under the mount point",
			signature: "TYPE=xfs\nUUID=" + ours + "\n",
			files:     map[string]string{"/var/lib/kafka/data/orders-0/00000000000000000000.log": "records"},
			wantErr:   "REFUSING to mount /dev/vdb over /var/lib/kafka: it is not a mount point but holds files (data)",
		},
		{
			name:      "another file system mounted there",
			signature: "TYPE=xfs\nUUID=" + ours + "\n",
			fstab:     "UUID=" + ours + " /var/lib/kafka xfs defaults,nofail,noatime 0 0\n",
			mounted:   "ffffffff-0000-0000-0000-000000000000",
			wantErr:   "REFUSING to use /var/lib/kafka: it is a mount of /dev/stub (UUID=ffffffff-0000-0000-0000-000000000000), not of --data-device /dev/vdb",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHost(t)
			h.setState("java.version", "17.0.9")
			h.setState("blkid/vdb", tc.signature)
			sum, _ := h.addKafkaTarball("2.13", "3.7.1")
			h.writeFile(h.rootPath("/etc/fstab"), tc.fstab)
			if tc.mounted != "" {
				h.setState("mounted/"+strings.ReplaceAll(h.rootPath("/var/lib/kafka"), "/", "_"), tc.mounted)
			}
			var paths []string
			for p, body := range tc.files {
				h.writeFile(h.rootPath(p), body)
				paths = append(paths, p)
			}
			before := h.snapshot(append(paths, "/etc/fstab")...)
			r := h.run(InstallBrokerName, "", installArgs("3.7.1", sum)...)
			if r.code != 1 || !strings.Contains(r.stderr, tc.wantErr) || !strings.Contains(r.stderr, "Nothing was changed") {
				t.Errorf("exit %d, want 1 with %q and 'Nothing was changed'\nstderr:\n%s", r.code, tc.wantErr, r.stderr)
			}
			calls := h.calls()
			for _, c := range []string{"mkfs.", "mount ", "curl "} {
				if n := countPrefix(calls, c); n != 0 {
					t.Errorf("%d %q calls after a refusal:\n%s", n, c, strings.Join(calls, "\n"))
				}
			}
			h.assertUnchanged("after the refusal", before)
		})
	}
}

func TestConfigureBrokerRefusesToFormatOffTheDataDisk(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		prepare func(h *host)
		wantErr string
	}{
		{
			name: "data disk not mounted",
			prepare: func(h *host) {
				if err := os.Remove(filepath.Join(h.state, "mounted", strings.ReplaceAll(h.rootPath("/var/lib/kafka"), "/", "_"))); err != nil {
					h.t.Fatal(err)
				}
			},
			wantErr: "REFUSING to format /var/lib/kafka/data: /var/lib/kafka is not mounted",
		},
		{
			name: "log dir has data but no meta.properties",
			prepare: func(h *host) {
				h.writeFile(h.rootPath("/var/lib/kafka/data/orders-0/00000000000000000000.log"), "records")
			},
			wantErr: "REFUSING to format /var/lib/kafka/data: it has no meta.properties but is not empty (orders-0)",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := installedBroker(t)
			tc.prepare(h)
			r := h.run(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
			if r.code != 1 || !strings.Contains(r.stderr, tc.wantErr) || !strings.Contains(r.stderr, "Nothing was changed") {
				t.Errorf("exit %d, want 1 with %q\nstderr:\n%s", r.code, tc.wantErr, r.stderr)
			}
			calls := h.calls()
			if n := countPrefix(calls, "kafka-storage.sh") + countPrefix(calls, "systemctl enable"); n != 0 {
				t.Errorf("formatted or started after a refusal:\n%s", strings.Join(calls, "\n"))
			}
			if got := strings.Join(h.listDir("/etc/kafka"), " "); got != "kafka-target kafka.env log4j.properties" {
				t.Errorf("/etc/kafka holds %s, want no config written and no temp file", got)
			}
		})
	}
}

// TestFailureMessagesNameTheFix: a failing command is named with its exit
// status, and the message says what to check.
func TestFailureMessagesNameTheFix(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		script string
		setup  func(h *host) []string // returns the args
		want   []string
	}{
		{
			name: "dnf fails", script: InstallBrokerName,
			setup: func(h *host) []string {
				h.setState("dnf.fail", "")
				sum, _ := h.addKafkaTarball("2.13", "3.7.1")
				return installArgs("3.7.1", sum)
			},
			want: []string{"'dnf install -y java-17-openjdk-headless' failed (exit 1)", "mirrors.cloud.aliyuncs.com"},
		},
		{
			name: "daemon-reload fails", script: InstallBrokerName,
			setup: func(h *host) []string {
				h.setState("java.version", "17.0.9")
				h.setState("systemd/fail-daemon-reload", "")
				sum, _ := h.addKafkaTarball("2.13", "3.7.1")
				return installArgs("3.7.1", sum)
			},
			want: []string{"'systemctl daemon-reload' failed (exit 1)", "/etc/fstab change", "systemctl status"},
		},
		{
			name: "kplc missing on the dist server", script: InstallBrokerName,
			setup: func(h *host) []string {
				h.setState("java.version", "17.0.9")
				if err := os.Remove(filepath.Join(h.fixtures, "kplc")); err != nil {
					h.t.Fatal(err)
				}
				sum, _ := h.addKafkaTarball("2.13", "3.7.1")
				return installArgs("3.7.1", sum)
			},
			want: []string{"failed (exit 22)", "download of http://127.0.0.1:8081/kplc failed", "systemctl status kplc-dist"},
		},
		{
			name: "dist server does not start", script: PrepareBastionName,
			setup: func(h *host) []string {
				sum, _ := h.addKafkaTarball("2.13", "3.7.1")
				h.writeFile(h.rootPath(distDir+"/kplc"), testKplc)
				h.writeFile(h.rootPath("/usr/bin/python3"), "")
				if err := os.Chmod(h.rootPath("/usr/bin/python3"), 0o755); err != nil {
					h.t.Fatal(err)
				}
				h.setState("systemd/fail-restart", "")
				return bastionArgs(sum, "10.0.3.5:8081")
			},
			want: []string{"'systemctl restart kplc-dist.service' failed (exit 1)", "journalctl -u kplc-dist.service", "10.0.3.5"},
		},
		{
			name: "kafka does not start", script: ConfigureBrokerName,
			setup: func(h *host) []string {
				sum, _ := h.addKafkaTarball("2.13", "3.7.1")
				h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
				h.setState("systemd/fail-enable", "")
				return configureArgs(testClusterID)
			},
			want: []string{"'systemctl enable --now kafka' failed (exit 1)", "starting kafka on node 1 failed", "journalctl -u kafka"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHost(t)
			args := tc.setup(h)
			r := h.run(tc.script, brokerConfig(1), args...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

// --- prepare-bastion.sh --kplc-upload ---------------------------------------

func TestPrepareBastionKplcUpload(t *testing.T) {
	t.Parallel()
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	const upload = "/home/deploy/.kafka-plc/kplc"
	cases := []struct {
		name    string
		prepare func(h *host, file string) // file: the upload's full path
		args    []string                   // besides --kplc-upload
		env     []string
		rel     bool // pass the path relative to the working directory
		wantErr string
	}{
		{name: "owner from the flag", args: []string{"--kplc-upload-owner", me.Username}},
		{name: "owner from sudo", env: []string{"SUDO_USER=" + me.Username}},
		{name: "relative to the working directory", rel: true, args: []string{"--kplc-upload-owner", me.Username}},
		{
			name: "sticky shared directory",
			prepare: func(h *host, file string) {
				chmod(h, filepath.Dir(file), 0o1777)
			},
			args: []string{"--kplc-upload-owner", me.Username},
		},
		{
			name: "symlink",
			prepare: func(h *host, file string) {
				target := file + ".real"
				if err := os.Rename(file, target); err != nil {
					h.t.Fatal(err)
				}
				if err := os.Symlink(target, file); err != nil {
					h.t.Fatal(err)
				}
			},
			args:    []string{"--kplc-upload-owner", me.Username},
			wantErr: "it is a symbolic link",
		},
		{
			name:    "another owner",
			args:    []string{"--kplc-upload-owner", "nobody"},
			wantErr: "belongs to " + me.Username + ", not to nobody",
		},
		{
			name: "hard link",
			prepare: func(h *host, file string) {
				if err := os.Link(file, file+".other"); err != nil {
					h.t.Fatal(err)
				}
			},
			args:    []string{"--kplc-upload-owner", me.Username},
			wantErr: "it has 2 hard links",
		},
		{
			name:    "world-writable file",
			prepare: func(h *host, file string) { chmod(h, file, 0o666) },
			args:    []string{"--kplc-upload-owner", me.Username},
			wantErr: "its mode 666",
		},
		{
			name:    "world-writable directory",
			prepare: func(h *host, file string) { chmod(h, filepath.Dir(file), 0o777) },
			args:    []string{"--kplc-upload-owner", me.Username},
			wantErr: "its directory (mode 777",
		},
		{
			name: "directory of another user",
			prepare: func(h *host, file string) {
				if os.Geteuid() != 0 {
					h.t.Skip("needs root to give the directory away")
				}
				if err := os.Chown(filepath.Dir(file), 65534, 65534); err != nil {
					h.t.Fatal(err)
				}
			},
			args:    []string{"--kplc-upload-owner", me.Username},
			wantErr: "its directory belongs to",
		},
		{
			name:    "missing",
			prepare: func(h *host, file string) { _ = os.Remove(file) },
			args:    []string{"--kplc-upload-owner", me.Username},
			wantErr: "does not exist",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, sum, _ := newBastion(t)
			if err := os.Remove(h.rootPath(distDir + "/kplc")); err != nil {
				t.Fatal(err)
			}
			file := h.rootPath(upload)
			h.writeFile(file, testKplc)
			chmod(h, filepath.Dir(file), 0o700)
			chmod(h, file, 0o755)
			if tc.prepare != nil {
				tc.prepare(h, file)
			}
			path := upload
			if tc.rel {
				h.dir = h.rootPath("/home/deploy")
				path = ".kafka-plc/kplc"
			}
			h.env = tc.env
			args := append(bastionArgs(sum, "10.0.3.5:8081"), append([]string{"--kplc-upload", path}, tc.args...)...)
			r := h.run(PrepareBastionName, "", args...)
			if tc.wantErr == "" {
				if r.code != 0 {
					t.Fatalf("exit %d, want 0\nstderr:\n%s", r.code, r.stderr)
				}
				for _, p := range []string{distDir + "/kplc", "/usr/local/bin/kplc"} {
					if got := h.readFile(h.rootPath(p)); got != testKplc {
						t.Errorf("%s = %q, want the upload", p, got)
					}
					if fi, _ := os.Lstat(h.rootPath(p)); fi.Mode() != 0o755 {
						t.Errorf("%s mode %v, want a 0755 regular file", p, fi.Mode())
					}
				}
				return
			}
			if r.code != 1 || !strings.Contains(r.stderr, tc.wantErr) {
				t.Errorf("exit %d, want 1 with %q\nstderr:\n%s", r.code, tc.wantErr, r.stderr)
			}
			if _, err := os.Stat(h.rootPath(distDir + "/kplc")); !os.IsNotExist(err) {
				t.Errorf("dist/kplc exists after a refusal (%v)", err)
			}
			if n := countPrefix(h.calls(), "systemctl"); n != 0 {
				t.Errorf("the dist server was touched after a refusal")
			}
		})
	}

	t.Run("no owner known", func(t *testing.T) {
		t.Parallel()
		h, sum, _ := newBastion(t)
		r := h.run(PrepareBastionName, "", append(bastionArgs(sum, "10.0.3.5:8081"), "--kplc-upload", upload)...)
		if r.code != 2 || !strings.Contains(r.stderr, "--kplc-upload needs --kplc-upload-owner USER") {
			t.Errorf("exit %d, want 2 asking for the owner\nstderr:\n%s", r.code, r.stderr)
		}
	})
}

func chmod(h *host, path string, mode os.FileMode) {
	h.t.Helper()
	if mode&0o1000 != 0 {
		mode = mode&0o777 | os.ModeSticky
	}
	if err := os.Chmod(path, mode); err != nil {
		h.t.Fatal(err)
	}
}
