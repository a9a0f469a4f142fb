package scripts

import (
	"context"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestBastionServesDistWithKplc runs prepare-bastion.sh, then the command line of the
// kplc-dist.service unit it wrote - with the real kplc binary, the dist directory in the
// sandbox and a loopback address in place of the private IP - and downloads both files with
// several brokers at once: the unit serves what the brokers fetch, and nothing else.
func TestBastionServesDistWithKplc(t *testing.T) {
	t.Parallel()
	kplcBin := buildKplc(t, t.TempDir())
	h, sum, _ := newBastion(t)
	h.mustRun(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
	if calls := h.calls(); countPrefix(calls, "dnf") != 0 {
		t.Errorf("prepare-bastion.sh installed packages (python3?): %q", calls)
	}
	unit := h.readFile(h.rootPath("/etc/systemd/system/kplc-dist.service"))
	var exec0 string
	for _, line := range strings.Split(unit, "\n") {
		if v, ok := strings.CutPrefix(line, "ExecStart="); ok {
			exec0 = v
		}
	}
	args := strings.Fields(exec0)
	if len(args) < 2 || args[0] != "/usr/local/bin/kplc" || args[1] != "serve-dist" {
		t.Fatalf("ExecStart=%q, want /usr/local/bin/kplc serve-dist ...", exec0)
	}
	port := strconv.Itoa(loopbackPort(t))
	for i, a := range args {
		switch a {
		case "10.0.3.5:8081":
			args[i] = "127.0.0.1:" + port
		case distDir:
			args[i] = h.rootPath(distDir)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, kplcBin, args[1:]...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); _ = cmd.Wait() }()

	base := "http://127.0.0.1:" + port + "/"
	get := func(name string) (int, string, error) {
		resp, err := http.Get(base + name)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, _, err := get("kplc"); err == nil {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("kplc serve-dist never answered: %v\n%s", err, stderr.String())
		}
	}
	want := map[string]string{
		"kafka_2.13-3.7.1.tgz": h.readFile(h.rootPath(distDir + "/kafka_2.13-3.7.1.tgz")),
		"kplc":                 testKplc,
	}
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		for name, body := range want {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code, got, err := get(name)
				if err != nil || code != 200 || got != body {
					t.Errorf("GET /%s: %d, %d bytes, %v; want 200 and the file", name, code, len(got), err)
				}
			}()
		}
	}
	wg.Wait()
	for _, path := range []string{"", "kafka_2.13-3.7.1.tgz.sha256", ".kplc"} {
		if code, _, err := get(path); err != nil || code != 404 {
			t.Errorf("GET /%s: %d %v, want 404 (no listing, nothing unnamed)", path, code, err)
		}
	}
}
