package scripts

import (
	"os"
	"strings"
	"testing"
)

// keepaliveConf is the sysctl drop-in install-broker.sh installs.
const keepaliveConf = "/etc/sysctl.d/90-kafka-plc-keepalive.conf"

// wantKeepalive is the drop-in's content: first probe after 300 s (below the NLB listener's
// 900 s idle timeout), then every 30 s, 5 probes.
const wantKeepalive = `# Managed by kafka-plc (install-broker.sh); changes are overwritten.
# Kafka enables TCP keepalive on the connections it accepts; these make the first probe come
# well before the NLB listener drops a connection that has been quiet for 900 s.
net.ipv4.tcp_keepalive_time = 300
net.ipv4.tcp_keepalive_intvl = 30
net.ipv4.tcp_keepalive_probes = 5
`

// install-broker.sh puts the keepalive drop-in in place (0644, atomically) and in force, and
// re-applies it only when the file or the kernel's live values differ; a kernel that refuses
// it fails the install with the file named.
func TestInstallBrokerKeepalive(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		prepare   func(h *host)
		wantApply bool   // sysctl -p runs
		wantFail  string // stderr fragment when the install must fail
	}{
		{name: "already in force: nothing applied", wantApply: false},
		{name: "kernel back at its defaults (values lost): re-applied", wantApply: true,
			prepare: func(h *host) { h.setState("sysctl", "") }},
		{name: "drop-in edited by hand: rewritten and applied", wantApply: true,
			prepare: func(h *host) { h.writeFile(h.rootPath(keepaliveConf), "net.ipv4.tcp_keepalive_time = 7200\n") }},
		{name: "kernel refuses: install fails naming the file", wantApply: true,
			prepare: func(h *host) {
				h.writeFile(h.rootPath(keepaliveConf), "net.ipv4.tcp_keepalive_time = 7200\n")
				h.setState("sysctl-fail", "")
			},
			wantFail: "sysctl could not apply /etc/sysctl.d/90-kafka-plc-keepalive.conf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := installedBroker(t)
			sum := strings.TrimSpace(h.readFile(h.rootPath("/opt/kafka/kafka_2.13-3.7.1/.kplc-installed")))
			if tc.prepare != nil {
				tc.prepare(h)
			}
			h.calls() // clears the log of the first install
			r := h.run(InstallBrokerName, "", installArgs("3.7.1", sum)...)
			if tc.wantFail != "" {
				if r.code != 1 || !strings.Contains(r.stderr, tc.wantFail) {
					t.Fatalf("exit %d, stderr %q; want exit 1 naming %q", r.code, r.stderr, tc.wantFail)
				}
				return
			}
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			applied := countPrefix(h.calls(), "sysctl -q -p <root>"+keepaliveConf) > 0
			if applied != tc.wantApply {
				t.Errorf("sysctl -p ran = %v, want %v; calls:\n%s", applied, tc.wantApply, strings.Join(h.calls(), "\n"))
			}
			if got := h.readFile(h.rootPath(keepaliveConf)); got != wantKeepalive {
				t.Errorf("%s =\n%s\nwant\n%s", keepaliveConf, got, wantKeepalive)
			}
			fi, err := os.Stat(h.rootPath(keepaliveConf))
			if err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("%s mode = %v (%v), want 0644", keepaliveConf, fi.Mode().Perm(), err)
			}
			live := h.readFile(h.state + "/sysctl")
			for _, kv := range []string{"net.ipv4.tcp_keepalive_time=300", "net.ipv4.tcp_keepalive_intvl=30", "net.ipv4.tcp_keepalive_probes=5"} {
				if !strings.Contains(live, kv) {
					t.Errorf("live kernel values lack %s:\n%s", kv, live)
				}
			}
			if left := h.listDir("/etc/sysctl.d"); len(left) != 1 {
				t.Errorf("/etc/sysctl.d holds %v, want only the drop-in (no temp file left)", left)
			}
		})
	}
}
