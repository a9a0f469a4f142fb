package scripts

import (
	"strings"
	"testing"
)

// TestVerifySASL: with --sasl-mechanism/--sasl-user, verify.sh passes them to the probe through
// the NLB (with --skip-roundtrip: the changefeed user may not read), takes the password only
// from $KPLC_SASL_PASSWORD, and refuses to run without it; the INTERNAL checks stay
// unauthenticated.
func TestVerifySASL(t *testing.T) {
	t.Parallel()
	const password = "q3X9v+Lr7Tz0Wb2Nf8Kd1Q=="
	args := []string{"--bootstrap", testBootstrap, "--via", "nlb-abc.cn-hangzhou.nlb.aliyuncs.com", "--brokers", "3", "--unique-name", "u1",
		"--sasl-mechanism", "SCRAM-SHA-512", "--sasl-user", "tidb-cdc"}

	h := newHost(t)
	h.env = append(h.env, "KPLC_SASL_PASSWORD="+password)
	r := h.run(VerifyName, "", args...)
	if r.code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	assertCalls(t, "verify with SASL", h.calls(), []string{
		"kplc brokers --bootstrap " + testBootstrap + " --timeout 60s --format json",
		"kplc roundtrip --bootstrap " + testBootstrap + " --timeout 60s --format json",
		"kplc probe-privatelink --via nlb-abc.cn-hangzhou.nlb.aliyuncs.com --bootstrap-port 9092 --first-port 9093 --brokers 3 --host-pattern b{id}.{uniqueName}.alicloud.plc.tidbcloud.com --unique-name u1 --timeout 60s --format json --sasl-mechanism SCRAM-SHA-512 --sasl-user tidb-cdc --skip-roundtrip",
	})
	if strings.Contains(r.stdout+r.stderr+strings.Join(h.calls(), "\n"), password) {
		t.Error("verify.sh shows the password")
	}

	h = newHost(t)
	if r := h.run(VerifyName, "", args...); r.code != 2 || !strings.Contains(r.stderr, "KPLC_SASL_PASSWORD") {
		t.Errorf("without the password: exit %d, stderr %q; want 2 naming KPLC_SASL_PASSWORD", r.code, r.stderr)
	}
	if len(h.calls()) != 0 {
		t.Errorf("verify.sh ran checks without the password: %v", h.calls())
	}
}
