package scripts

import (
	"strings"
	"testing"
)

// expose-existing-broker.sh passes brokerProperties to `kplc expose --properties`: they are
// written with the listener in one gated restart; a re-run is a no-op; a change to the
// properties alone is rolled through the same gates.
func TestExposeExistingBrokerProperties(t *testing.T) {
	t.Parallel()
	kplcBin := buildKplc(t, t.TempDir())
	port := loopbackPort(t)
	h := exposeHostFor(t, kplcBin, existingBroker1)
	gated := []string{"kplc expose --dry-run", "kplc safe-to-restart", "kplc expose", "systemctl restart", "kplc wait-ready"}

	flags := append(exposeFlags(port, exposeHost1), "--properties", "log.retention.hours=72\nconnections.max.idle.ms=86400000")
	r := h.mustRun(exposeScript, "", flags...)
	assertCalls(t, "first run", subcommands(h.calls()), gated)
	conf := h.readFile(h.rootPath(existingConf))
	for _, want := range []string{"\nlog.retention.hours=72\n", "\nconnections.max.idle.ms=86400000\n", "EXTERNAL://127.0.0.1:"} {
		if !strings.Contains(conf, want) {
			t.Errorf("file lacks %q:\n%s", want, conf)
		}
	}
	if got := lastLine(r.stdout); got != `{"nodeId":1,"status":"changed"}` {
		t.Errorf("status line %q", got)
	}

	r = h.mustRun(exposeScript, "", flags...)
	if got := lastLine(r.stdout); got != `{"nodeId":1,"status":"unchanged"}` {
		t.Errorf("re-run: status line %q", got)
	}
	h.calls()

	flags = append(exposeFlags(port, exposeHost1), "--properties", "log.retention.hours=24\nconnections.max.idle.ms=86400000")
	r = h.mustRun(exposeScript, "", flags...)
	assertCalls(t, "properties-only change", subcommands(h.calls()), gated)
	if conf := h.readFile(h.rootPath(existingConf)); !strings.Contains(conf, "\nlog.retention.hours=24\n") || strings.Contains(conf, "=72\n") {
		t.Errorf("log.retention.hours not replaced in place:\n%s", conf)
	}
	if got := lastLine(r.stdout); got != `{"nodeId":1,"status":"changed"}` {
		t.Errorf("status line %q", got)
	}
}
