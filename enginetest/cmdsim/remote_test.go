package cmdsim

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// remote/commandController.go L44-46 and go-provider infer/resource.go L545-590: a create in
// preview runs nothing; stdout and stderr are unknown, inputs stay as they are.
func TestCreatePreviewRunsNothingAndOutputsUnknown_commandControllerL44(t *testing.T) {
	h, p := newTestHosts(t)
	in := props("connection", direct("root"), "create", "echo hi > ran")
	resp, err := create(t, p, RemoteCommandType, "c", in, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Runs()) != 0 || len(h.HostIDs()) != 0 {
		t.Fatalf("preview ran %v / contacted %v", h.Runs(), h.HostIDs())
	}
	for _, k := range []string{"stdout", "stderr"} {
		if !resp.Properties.Get(k).IsComputed() {
			t.Errorf("%s = %v in create preview, want unknown", k, resp.Properties.Get(k))
		}
	}
	if got := resp.Properties.Get("create"); !got.IsString() || got.AsString() != "echo hi > ran" {
		t.Errorf("create = %v, want the input (it mirrors an input)", got)
	}
	if resp.ID == "" {
		t.Errorf("remote Command returns an ID in preview too (commandController.go L40-45)")
	}
}

// remote/commandController.go L70-72 with go-provider markComputed (update: outputs depend on
// every input): stdout is unknown when an input changed, known when none did.
func TestUpdatePreviewUnknownOnlyWhenAnInputChanged_resourceL566to590(t *testing.T) {
	h, p := newTestHosts(t)
	old := props("connection", direct("root"), "create", "echo a")
	oldOut := old.Set("stdout", sv("a")).Set("stderr", sv(""))
	for _, tc := range []struct {
		name    string
		news    property.Map
		unknown bool
	}{
		{"create changed", old.Set("create", sv("echo b")), true},
		{"stdin unknown", old.Set("stdin", property.New(property.Computed)), true},
		{"nothing changed", old, false},
	} {
		resp, err := update(t, p, RemoteCommandType, "c", old, oldOut, tc.news, true)
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Properties.Get("stdout"); got.IsComputed() != tc.unknown || (!tc.unknown && got.AsString() != "a") {
			t.Errorf("%s: stdout = %v, want unknown=%v (old value carried otherwise)", tc.name, got, tc.unknown)
		}
	}
	if len(h.Runs()) != 0 {
		t.Errorf("update preview ran %v", h.Runs())
	}
}

// remote/commandController.go L74-81: update runs `update` when set, else `create`.
func TestUpdateRunsUpdateElseCreate_commandControllerL76to80(t *testing.T) {
	_, p := newTestHosts(t)
	for _, tc := range []struct {
		name string
		in   property.Map
		want string
	}{
		{"update set", props("connection", direct("root"), "create", "echo create", "update", "echo update"), "update"},
		{"update unset", props("connection", direct("root"), "create", "echo create"), "create"},
	} {
		resp, err := update(t, p, RemoteCommandType, "c", tc.in, tc.in, tc.in, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := outStr(t, resp.Properties, "stdout"); got != tc.want {
			t.Errorf("%s: ran %q, want %q", tc.name, got, tc.want)
		}
	}
}

// remote/commandOutputs.go L100-106: a failure reads `<ssh ExitError>: running "<cmd>":\n<output>`
// with the full command; success trims one trailing newline from stdout and stderr.
func TestRunOutputsAndFailureFormat_commandOutputsL100to106(t *testing.T) {
	h, p := newTestHosts(t)
	resp := mustCreate(t, p, RemoteCommandType, "ok", props("connection", direct("root"), "create", `printf 'a\n\n'; printf 'e\n' >&2`))
	if got := outStr(t, resp.Properties, "stdout"); got != "a\n" {
		t.Errorf("stdout = %q, want one trailing newline removed", got)
	}
	if got := outStr(t, resp.Properties, "stderr"); got != "e" {
		t.Errorf("stderr = %q", got)
	}
	cmd := `echo "gate refused"; exit 3`
	failed, err := create(t, p, RemoteCommandType, "bad", props("connection", direct("root"), "create", cmd), false)
	want := "Process exited with status 3: running \"echo \\\"gate refused\\\"; exit 3\":\ngate refused\n"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if failed.ID != "" || failed.Properties.Len() != 0 {
		t.Errorf("a failed create returned state %v (go-provider resource.go L1289: error only)", failed)
	}
	runs := h.Runs()
	if len(runs) != 2 || runs[1].ExitCode != 3 || runs[1].Host != "bastion" || runs[1].Op != "create" {
		t.Errorf("runs = %+v", runs)
	}
}

// A failed update keeps the old state: the provider returns no properties, only the error.
func TestFailedUpdateReturnsNoState_resourceL1455(t *testing.T) {
	_, p := newTestHosts(t)
	in := props("connection", direct("root"), "create", "exit 1")
	resp, err := update(t, p, RemoteCommandType, "c", in, in.Set("stdout", sv("old")), in, false)
	if err == nil || resp.Properties.Len() != 0 {
		t.Errorf("update = %v, %v; want an error and no state", resp, err)
	}
}

// remote/commandOutputs.go L73-75 (stdin only when non-empty), L42-49 (an environment entry sshd
// refuses fails the command; DefaultAcceptEnv accepts LANG), and the sandbox environment.
func TestStdinEnvironmentAndSandbox(t *testing.T) {
	h, p := newTestHosts(t)
	resp := mustCreate(t, p, RemoteCommandType, "env", props("connection", direct("admin"), "stdin", "from stdin",
		"environment", obj("LANG", "C.UTF-8"),
		"create", `cat; echo " $LANG $HOME $KPLC_ROOT $(command -v kplc) $PWD"`))
	root := h.Host("bastion").Root()
	want := "from stdin C.UTF-8 " + root + "/home/admin " + root + " " + filepath.Join(filepath.Dir(root), "bin", "kplc") + " " + root + "/home/admin"
	if got := outStr(t, resp.Properties, "stdout"); got != want {
		t.Errorf("stdout = %q\nwant     %q", got, want)
	}
	_, err := create(t, p, RemoteCommandType, "refused", props("connection", direct("root"), "environment", obj("FOO", "1"), "create", "true"), false)
	if err == nil || err.Error() != `could not set environment variable "FOO": ssh: setenv failed` {
		t.Errorf("error = %v, want the Setenv refusal", err)
	}
}

// remote/connection.go L150-243: reachability and the dial errors after the retry limit.
func TestDialReachability_connectionL150to243(t *testing.T) {
	_, p := newTestHosts(t)
	limit := func(v property.Value, n float64) property.Value {
		return property.WithGoValue(v, v.AsMap().Set("dialErrorLimit", property.New(n)))
	}
	cases := []struct {
		name, want string
		conn       property.Value
	}{
		{"public bastion", "", direct("root")},
		{"broker through the bastion", "", viaBastion("root")},
		{"private address without a proxy", "after 10 failed attempts: dial tcp 10.0.1.10:22: i/o timeout",
			connectionDefaults(obj("host", brokerPrivate))},
		{"own limit", "after 2 failed attempts: dial tcp 10.0.1.10:22: i/o timeout",
			limit(connectionDefaults(obj("host", brokerPrivate)), 2)},
		{"private proxy", "proxy: after 10 failed attempts: dial tcp 10.0.0.5:22: i/o timeout",
			connectionDefaults(obj("host", brokerPrivate, "proxy", obj("host", bastionPrivate)))},
		{"nothing behind the proxy", `proxy: after 10 failed attempts: ssh: rejected: connect failed ("Connection timed out")`,
			connectionDefaults(obj("host", "10.0.9.9", "proxy", obj("host", bastionPublic)))},
	}
	for _, tc := range cases {
		_, err := create(t, p, RemoteCommandType, "c", props("connection", tc.conn, "create", "true"), false)
		if got := errText(err); got != tc.want {
			t.Errorf("%s: error %q, want %q", tc.name, got, tc.want)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// The logical clock shows overlap truthfully: two commands that each wait for the other's mark can
// only both finish when they ran at the same time; two in sequence do not overlap.
func TestRunsClockShowsOverlap(t *testing.T) {
	h, p := newTestHosts(t)
	waitFor := func(mine, other string) string {
		return "touch " + mine + "; timeout 60 sh -c 'until [ -e " + other + " ]; do sleep 0.01; done'"
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, c := range []string{waitFor("a", "b"), waitFor("b", "a")} {
		wg.Add(1)
		go func(i int, c string) {
			defer wg.Done()
			_, errs[i] = create(t, p, RemoteCommandType, "par", props("connection", direct("root"), "create", c), false)
		}(i, c)
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("parallel runs: %v, %v", errs[0], errs[1])
	}
	mustCreate(t, p, RemoteCommandType, "seq", props("connection", direct("root"), "create", "true"))
	runs := h.Runs()
	if len(runs) != 3 || !runs[0].Overlaps(runs[1]) || runs[2].Overlaps(runs[0]) || runs[2].Overlaps(runs[1]) {
		t.Errorf("runs = %+v: want the first two overlapping and the third apart", runs)
	}
	if !strings.Contains(runs[0].Command, "touch") {
		t.Errorf("run command = %q", runs[0].Command)
	}
}
