package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestServeDistRefusals(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kplc"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--listen", "0.0.0.0:8081", "--dir", dir, "--file", "kplc"}, "never 0.0.0.0"},
		{[]string{"--dir", dir, "--file", "kplc"}, `--listen "": expected IP:PORT`},
		{[]string{"--listen", "127.0.0.1:0", "--dir", dir}, "no file to serve"},
		{[]string{"--listen", "127.0.0.1:0", "--dir", dir, "--file", "kafka.tgz"}, `--file "kafka.tgz"`},
	} {
		code, _, stderr := runCLI(t, append([]string{"serve-dist"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("serve-dist %q: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, exitUsage, tc.want)
		}
	}
}

// The subcommand serves on the given loopback address and stops cleanly on SIGTERM (systemd's stop).
func TestServeDistServesUntilSIGTERM(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kplc"), []byte("kplc bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
	done := make(chan int, 1)
	go func() {
		code, _, _ := runCLI(t, "serve-dist", "--listen", addr, "--dir", dir, "--file", "kplc")
		done <- code
	}()
	var body []byte
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/kplc")
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve-dist exited %d before serving", code)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve-dist never answered on %s: %v", addr, err)
		}
	}
	if string(body) != "kplc bytes" {
		t.Errorf("GET /kplc = %q", body)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := <-done; code != exitOK {
		t.Errorf("serve-dist exited %d after SIGTERM, want 0", code)
	}
}
