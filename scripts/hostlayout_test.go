package scripts

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Host layout and hardening of issue 12: bounded Kafka logs, a root-owned install, the
// /opt/kafka/current switch at the gated restart, every systemd state, and the preflight.

// TestKafkaLogsBoundedInVarLogKafka: the unit points Kafka at /var/log/kafka and at our
// log4j.properties, in which every appender is size-bounded and nothing goes to stdout (the
// root logger's stdout copy is what journald duplicated).
func TestKafkaLogsBoundedInVarLogKafka(t *testing.T) {
	t.Parallel()
	h := newHost(t)
	sum, _ := h.addKafkaTarball("2.13", "3.7.1")
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	calls := h.calls()

	unit := h.readFile(h.rootPath("/etc/systemd/system/kafka.service"))
	for _, want := range []string{
		"Environment=LOG_DIR=/var/log/kafka\n",
		"Environment=KAFKA_LOG4J_OPTS=-Dlog4j.configuration=file:/etc/kafka/log4j.properties\n",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("kafka.service lacks %q:\n%s", want, unit)
		}
	}
	if fi, err := os.Stat(h.rootPath("/var/log/kafka")); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o750 {
		t.Errorf("/var/log/kafka: %v %v, want a 0750 directory", fi, err)
	}
	if !contains(calls, "chown -- kafka:kafka <root>/var/log/kafka") {
		t.Errorf("/var/log/kafka not given to kafka; calls:\n%s", strings.Join(calls, "\n"))
	}

	props := h.readFile(h.rootPath("/etc/kafka/log4j.properties"))
	if fi, _ := os.Stat(h.rootPath("/etc/kafka/log4j.properties")); fi.Mode().Perm() != 0o644 {
		t.Errorf("log4j.properties mode %v, want 0644", fi.Mode().Perm())
	}
	kv := map[string]string{}
	for _, line := range strings.Split(props, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			kv[k] = v
		}
	}
	if root := kv["log4j.rootLogger"]; root != "INFO, kafkaAppender" {
		t.Errorf("log4j.rootLogger = %q, want only kafkaAppender (no stdout)", root)
	}
	if strings.Contains(props, "ConsoleAppender") || strings.Contains(props, "DailyRollingFileAppender") {
		t.Errorf("log4j.properties has a console or never-deleting daily appender:\n%s", props)
	}
	// Every appender a logger writes to is a bounded RollingFileAppender in ${kafka.logs.dir}.
	used := map[string]bool{}
	for k, v := range kv {
		if strings.HasPrefix(k, "log4j.logger.") || k == "log4j.rootLogger" {
			parts := strings.Split(v, ",")
			for _, a := range parts[1:] {
				used[strings.TrimSpace(a)] = true
			}
		}
	}
	var worstMiB int
	for a := range used {
		p := "log4j.appender." + a
		if kv[p] != "org.apache.log4j.RollingFileAppender" {
			t.Errorf("%s = %q, want org.apache.log4j.RollingFileAppender", p, kv[p])
		}
		if !strings.HasPrefix(kv[p+".File"], "${kafka.logs.dir}/") {
			t.Errorf("%s.File = %q, want it in ${kafka.logs.dir}", p, kv[p+".File"])
		}
		size, err1 := strconv.Atoi(strings.TrimSuffix(kv[p+".MaxFileSize"], "MB"))
		backups, err2 := strconv.Atoi(kv[p+".MaxBackupIndex"])
		if err1 != nil || err2 != nil || size < 1 || backups < 1 {
			t.Errorf("%s: MaxFileSize %q, MaxBackupIndex %q: want both set", p, kv[p+".MaxFileSize"], kv[p+".MaxBackupIndex"])
			continue
		}
		worstMiB += size * (backups + 1)
	}
	if len(used) != 6 {
		t.Errorf("%d appenders in use, want Kafka 3.7.1's six (server, state-change, request, cleaner, controller, authorizer)", len(used))
	}
	// The figure the README states for log4j (the GC log adds Kafka's own 1100 MiB).
	if worstMiB != 1000 {
		t.Errorf("log4j worst case %d MiB, the README says 1000 MiB", worstMiB)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "2100 MiB") {
		t.Errorf("README does not state the worst-case log disk use (2100 MiB: 1000 log4j + 1100 GC)")
	}
}

// TestLog4jChangeRestartsThroughGates: a changed log4j.properties on a configured broker takes
// effect only at a restart, so install leaves restart-pending, like a heap change.
func TestLog4jChangeRestartsThroughGates(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	sum := strings.TrimSpace(h.readFile(h.rootPath("/opt/kafka/kafka_2.13-3.7.1/.kplc-installed")))
	h.writeFile(h.rootPath("/etc/kafka/log4j.properties"), "log4j.rootLogger=INFO, stdout\n")
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	if got := h.readFile(h.rootPath("/etc/kafka/restart-pending")); !strings.Contains(got, "/etc/kafka/log4j.properties changed") {
		t.Errorf("restart-pending = %q, want the log4j.properties change", got)
	}
}

// TestInstallTreeRootOwnedFormatAsKafka: the Kafka tree is root's; kafka owns only its data
// and log dirs; the format runs as kafka.
func TestInstallTreeRootOwnedFormatAsKafka(t *testing.T) {
	t.Parallel()
	h := newHost(t)
	sum, _ := h.addKafkaTarball("2.13", "3.7.1")
	h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
	calls := h.calls()
	for _, want := range []string{
		"chown -R -- root:root <root>/opt/kafka/.kafka_2.13-3.7.1.TMP",
		"chown -- root:root <root>/var/lib/kafka",
		"chown -- kafka:kafka <root>/var/lib/kafka/data",
		"chown -- kafka:kafka <root>/var/log/kafka",
	} {
		if !contains(calls, want) {
			t.Errorf("install: no %q; calls:\n%s", want, strings.Join(calls, "\n"))
		}
	}
	for _, c := range calls {
		if strings.HasPrefix(c, "chown") && strings.Contains(c, "kafka:kafka") &&
			!strings.HasSuffix(c, "/var/lib/kafka/data") && !strings.HasSuffix(c, "/var/log/kafka") {
			t.Errorf("install gives kafka more than its data and log dirs: %q", c)
		}
	}

	h.mustRun(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
	calls = h.calls()
	format := "runuser -u kafka -- <root>/opt/kafka/current/bin/kafka-storage.sh format --cluster-id=" + testClusterID + " -c <root>/etc/kafka/.server.properties.TMP --ignore-formatted"
	if !contains(calls, format) {
		t.Errorf("configure: the format does not run as kafka (want %q); calls:\n%s", format, strings.Join(calls, "\n"))
	}
	for _, c := range calls {
		if strings.HasPrefix(c, "chown -R") {
			t.Errorf("configure: %q: nothing needs a recursive chown when kafka formats its own dir", c)
		}
	}
	if !contains(calls, "chown -- root:kafka <root>/etc/kafka/.server.properties.TMP") {
		t.Errorf("configure: the config the format reads is not readable by kafka's group; calls:\n%s", strings.Join(calls, "\n"))
	}
}

// TestUpgradeSwitchesCurrentOnlyAtGatedRestart: install-broker.sh unpacks a new version beside
// the running one and leaves /opt/kafka/current alone; configure-broker.sh moves it after the
// gate and just before the restart, never when the gate refuses.
func TestUpgradeSwitchesCurrentOnlyAtGatedRestart(t *testing.T) {
	t.Parallel()
	h := runningBroker(t, 1)
	sum2, _ := h.addKafkaTarball("2.13", "3.7.2")
	h.mustRun(InstallBrokerName, "", installArgs("3.7.2", sum2)...)
	h.calls()
	link := func() string {
		l, err := os.Readlink(h.rootPath("/opt/kafka/current"))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	if l := link(); l != "kafka_2.13-3.7.1" {
		t.Fatalf("after installing 3.7.2 on a running broker, current -> %s; want it still at kafka_2.13-3.7.1", l)
	}
	if got := h.readFile(h.rootPath("/etc/kafka/kafka-target")); got != "kafka_2.13-3.7.2\n" {
		t.Errorf("kafka-target = %q", got)
	}
	if got := h.readFile(h.rootPath("/etc/kafka/restart-pending")); !strings.Contains(got, "kafka_2.13-3.7.2") {
		t.Errorf("restart-pending = %q, want the new version", got)
	}

	h.setState("kplc/safe-to-restart.exit", "1")
	if r := h.run(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...); r.code != 1 {
		t.Fatalf("refused gate: exit %d\n%s", r.code, r.stderr)
	}
	if l := link(); l != "kafka_2.13-3.7.1" {
		t.Errorf("a refused gate moved current to %s", l)
	}
	h.clearState("kplc/safe-to-restart.exit")
	h.calls()

	h.mustRun(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
	if l := link(); l != "kafka_2.13-3.7.2" {
		t.Errorf("after the gated restart current -> %s, want kafka_2.13-3.7.2", l)
	}
	subs := []string{}
	for _, c := range h.calls() {
		if f := strings.Fields(c); len(f) > 1 && (f[0] == "kplc" || f[0] == "systemctl") {
			subs = append(subs, f[0]+" "+f[1])
		}
	}
	assertCalls(t, "upgrade restart", subs, []string{"systemctl is-active", "kplc safe-to-restart", "systemctl restart", "kplc wait-ready"})
	h.assertNoFile("after the upgrade restart", "/etc/kafka/restart-pending")
}

// TestConfigureActsOnEveryUnitState: each state `systemctl is-active` reports has its own
// action; "deactivating" (an operator's stop in progress) is never taken for "stopped".
func TestConfigureActsOnEveryUnitState(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		state string
		code  int
		calls []string // kplc and systemctl calls, as "name sub"
		err   string
	}{
		{"active", 0, []string{"systemctl is-active", "kplc safe-to-restart", "systemctl restart", "kplc wait-ready"}, ""},
		{"reloading", 0, []string{"systemctl is-active", "kplc safe-to-restart", "systemctl restart", "kplc wait-ready"}, ""},
		{"activating", 0, []string{"systemctl is-active", "kplc safe-to-restart", "systemctl restart", "kplc wait-ready"}, ""},
		{"deactivating", 1, []string{"systemctl is-active"}, "deactivating: a stop is in progress"},
		{"failed", 0, []string{"systemctl is-active", "systemctl enable"}, ""},
		{"inactive", 0, []string{"systemctl is-active", "systemctl enable"}, ""},
		{"maintenance", 1, []string{"systemctl is-active"}, "a state this script does not act on"},
	} {
		t.Run(tc.state, func(t *testing.T) {
			t.Parallel()
			h := runningBroker(t, 1)
			h.setState("systemd/kafka.state", tc.state)
			before := h.snapshot("/etc/kafka/server.properties")
			r := h.run(ConfigureBrokerName, brokerConfig(1, "num.io.threads=16"), configureArgs(testClusterID)...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.err) {
				t.Errorf("exit %d, want %d with %q\nstderr:\n%s", r.code, tc.code, tc.err, r.stderr)
			}
			var subs []string
			for _, c := range h.calls() {
				if f := strings.Fields(c); len(f) > 1 && (f[0] == "kplc" || f[0] == "systemctl") {
					subs = append(subs, f[0]+" "+f[1])
				}
			}
			assertCalls(t, tc.state, subs, tc.calls)
			if tc.code != 0 {
				h.assertUnchanged(tc.state, before)
			}
		})
	}
}

// sysPath returns a directory of symlinks to every command of the standard directories except
// hide, for KPLC_BASE_PATH and PATH: a host where those commands are not installed.
func sysPath(t testing.TB, hide ...string) string {
	t.Helper()
	dir := t.TempDir()
	hidden := map[string]bool{}
	for _, n := range hide {
		hidden[n] = true
	}
	for _, d := range []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"} {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			if hidden[n] {
				continue
			}
			if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
				continue
			}
			if err := os.Symlink(filepath.Join(d, n), filepath.Join(dir, n)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// withoutCommands makes the host's next runs see no cmd of hide anywhere on PATH.
func (h *host) withoutCommands(hide ...string) {
	sys := sysPath(h.t, hide...)
	for _, n := range hide {
		os.Remove(filepath.Join(h.bin, n)) // a stub of that name goes too
	}
	h.env = append(h.env, "PATH="+h.bin+string(os.PathListSeparator)+sys, "KPLC_BASE_PATH="+sys)
}

// TestPreflightNamesMissingCommands: a missing command stops a script at its start, naming the
// command and its package - a missing cmp no longer looks like a changed config that restarts
// Kafka on every run.
func TestPreflightNamesMissingCommands(t *testing.T) {
	t.Parallel()
	t.Run("configure without cmp", func(t *testing.T) {
		t.Parallel()
		h := runningBroker(t, 1)
		h.withoutCommands("cmp")
		before := h.snapshot("/etc/kafka/server.properties", "/etc/kafka/server.properties.prev")
		r := h.run(ConfigureBrokerName, brokerConfig(1), configureArgs(testClusterID)...)
		if r.code != 1 || !strings.Contains(r.stderr, "missing command(s): cmp (package diffutils)") ||
			!strings.Contains(r.stderr, "dnf install -y diffutils") {
			t.Errorf("exit %d, want 1 naming cmp and diffutils\nstderr:\n%s", r.code, r.stderr)
		}
		if calls := h.calls(); len(calls) != 0 {
			t.Errorf("configure ran %q before stopping; want nothing (no restart)", calls)
		}
		h.assertUnchanged("missing cmp", before)
	})
	t.Run("install without findmnt, tar and either mkfs", func(t *testing.T) {
		t.Parallel()
		h := newHost(t)
		sum, _ := h.addKafkaTarball("2.13", "3.7.1")
		h.withoutCommands("findmnt", "tar", "mkfs.xfs", "mkfs.ext4")
		r := h.run(InstallBrokerName, "", installArgs("3.7.1", sum)...)
		for _, want := range []string{"findmnt (package util-linux)", "mkfs.xfs (package xfsprogs)", "mkfs.ext4 (package e2fsprogs)", "tar (package tar)", "dnf install -y util-linux xfsprogs e2fsprogs tar"} {
			if r.code != 1 || !strings.Contains(r.stderr, want) {
				t.Errorf("exit %d, want 1 with %q\nstderr:\n%s", r.code, want, r.stderr)
			}
		}
		if calls := h.calls(); len(calls) != 0 {
			t.Errorf("install ran %q before stopping", calls)
		}
	})
	t.Run("install with mkfs.ext4 only", func(t *testing.T) {
		t.Parallel()
		h := newHost(t)
		sum, _ := h.addKafkaTarball("2.13", "3.7.1")
		h.withoutCommands("mkfs.xfs")
		h.mustRun(InstallBrokerName, "", installArgs("3.7.1", sum)...)
		if !contains(h.calls(), "mkfs.ext4 -q -L kafka-data -- /dev/vdb") {
			t.Errorf("without mkfs.xfs the data disk is not made ext4")
		}
	})
	t.Run("bastion without curl", func(t *testing.T) {
		t.Parallel()
		h, sum, _ := newBastion(t)
		h.withoutCommands("curl")
		r := h.run(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
		if r.code != 1 || !strings.Contains(r.stderr, "curl (package curl)") {
			t.Errorf("exit %d, want 1 naming curl\nstderr:\n%s", r.code, r.stderr)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
