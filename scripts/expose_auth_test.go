package scripts

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/propsedit"
)

// TestExposeExistingBrokerSASL: switching an exposed broker's EXTERNAL to SASL/SCRAM is one more
// "changed" edit behind the same gates (dry run, safe-to-restart, write, restart, wait-ready);
// switching it back likewise; a gate that refuses leaves the file untouched; a mechanism other
// than SCRAM-SHA-512 is a usage error before anything runs.
func TestExposeExistingBrokerSASL(t *testing.T) {
	kplcBin := buildKplc(t, t.TempDir())
	plain, err := propsedit.Edit([]byte(existingBroker1), propsedit.External{NodeID: 1, BindHost: "127.0.0.1", Port: 39092,
		AdvertisedHost: exposeHost1, AdvertisedPort: 9093})
	if err != nil {
		t.Fatal(err)
	}
	gated := []string{"kplc expose --dry-run", "kplc safe-to-restart", "kplc expose", "systemctl restart", "kplc wait-ready"}
	flags := func(mech ...string) []string {
		f := exposeFlags(39092, exposeHost1)
		if len(mech) > 0 {
			f = append(f, "--sasl-mechanism", mech[0])
		}
		return f
	}

	t.Run("on, then off, each through the gates", func(t *testing.T) {
		h := exposeHostFor(t, kplcBin, string(plain.Output))
		r := h.mustRun(exposeScript, "", flags("SCRAM-SHA-512")...)
		calls := h.calls()
		assertCalls(t, "auth on", subcommands(calls), gated)
		conf := h.readFile(h.rootPath(existingConf))
		for _, want := range []string{"EXTERNAL:SASL_PLAINTEXT\n", "listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512\n",
			"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n"} {
			if !strings.Contains(conf, want) {
				t.Errorf("auth on: file lacks %q:\n%s", want, conf)
			}
		}
		if got := lastLine(r.stdout); got != `{"nodeId":1,"status":"changed"}` {
			t.Errorf("auth on: status line %q", got)
		}
		for _, c := range calls {
			if strings.HasPrefix(c, "kplc expose") && !strings.Contains(c, "--sasl-mechanism SCRAM-SHA-512") {
				t.Errorf("auth on: %q lacks the mechanism", c)
			}
		}
		h.mustRun(exposeScript, "", flags("SCRAM-SHA-512")...)
		assertCalls(t, "auth on again", subcommands(h.calls()), []string{"kplc expose --dry-run", "systemctl is-active"})

		h.mustRun(exposeScript, "", flags()...)
		assertCalls(t, "auth off", subcommands(h.calls()), gated)
		if conf := h.readFile(h.rootPath(existingConf)); !strings.Contains(conf, "EXTERNAL:PLAINTEXT\n") || strings.Contains(conf, "listener.name.external.") {
			t.Errorf("auth off: EXTERNAL is not back to PLAINTEXT:\n%s", conf)
		}
	})

	t.Run("a refusing gate leaves the file as it was", func(t *testing.T) {
		h := exposeHostFor(t, kplcBin, string(plain.Output))
		h.setState("kplc/safe-to-restart.exit", "1")
		before := h.snapshot(existingConf)
		if r := h.run(exposeScript, "", flags("SCRAM-SHA-512")...); r.code != 1 {
			t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
		}
		h.assertUnchanged("refused gate", before)
	})

	t.Run("another mechanism is a usage error", func(t *testing.T) {
		h := exposeHostFor(t, kplcBin, string(plain.Output))
		r := h.run(exposeScript, "", flags("PLAIN")...)
		if r.code != 2 || !strings.Contains(r.stderr, "--sasl-mechanism 'PLAIN'") || len(h.calls()) != 0 {
			t.Errorf("exit %d, calls %v, stderr:\n%s", r.code, h.calls(), r.stderr)
		}
	})
}
