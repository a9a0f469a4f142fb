package scripts

import (
	"encoding/json"
	"testing"
)

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
