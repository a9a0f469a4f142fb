package dist

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// distDir makes a dist directory with a tarball of n bytes, kplc, and a file nobody named.
func distDir(t *testing.T, n int) (dir string, tarball []byte) {
	t.Helper()
	dir = t.TempDir()
	tarball = bytes.Repeat([]byte("kafka-tarball-"), n/14+1)[:n]
	for name, body := range map[string][]byte{
		"kafka_2.13-3.7.1.tgz": tarball,
		"kplc":                 []byte("kplc binary\n"),
		"secret.txt":           []byte("not for brokers\n"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, tarball
}

// serve starts the server on a loopback port and returns its base URL.
func serve(t *testing.T, dir string, files ...string) string {
	t.Helper()
	var errs bytes.Buffer
	h, err := Handler(dir, files, log.New(&errs, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, h, time.Second, log.New(&errs, "", 0)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func get(t *testing.T, method, url string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// Only the named files, read-only, no listings.
func TestServesOnlyNamedFiles(t *testing.T) {
	dir, tarball := distDir(t, 1<<16)
	base := serve(t, dir, "kafka_2.13-3.7.1.tgz", "kplc")
	for _, tc := range []struct {
		method, path string
		code         int
		body         []byte
	}{
		{"GET", "/kafka_2.13-3.7.1.tgz", 200, tarball},
		{"GET", "/kplc", 200, []byte("kplc binary\n")},
		{"HEAD", "/kplc", 200, nil},
		{"GET", "/", 404, nil},                  // no listing
		{"GET", "/secret.txt", 404, nil},        // in the directory, not named
		{"GET", "/sub/", 404, nil},              // a directory
		{"GET", "/../kplc", 404, nil},           // cleaned by the client or refused
		{"GET", "/kplc/", 404, nil},             // not the file's name
		{"GET", "/%2e%2e/secret.txt", 404, nil}, // escaped traversal
		{"PUT", "/kplc", 405, nil},              // read-only
		{"DELETE", "/kafka_2.13-3.7.1.tgz", 405, nil},
		{"POST", "/kplc", 405, nil},
	} {
		code, body := get(t, tc.method, base+tc.path)
		if code != tc.code {
			t.Errorf("%s %s: status %d, want %d (body %.80q)", tc.method, tc.path, code, tc.code, body)
		}
		if tc.body != nil && !bytes.Equal(body, tc.body) {
			t.Errorf("%s %s: %d bytes, want the file's %d", tc.method, tc.path, len(body), len(tc.body))
		}
		if tc.code == 404 && strings.Contains(string(body), "secret.txt") {
			t.Errorf("%s %s: the answer lists the directory: %q", tc.method, tc.path, body)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "kplc")); string(b) != "kplc binary\n" {
		t.Errorf("kplc changed after PUT/POST: %q", b)
	}
}

// Several brokers download at once while one client has stalled mid-request and another has
// stopped reading its download: python3.6's http.server (one client at a time) would serve
// none of them until the stalled ones time out. No timing is asserted: the downloads finish
// while both stalled connections are still open.
func TestConcurrentClientsWithStalledOnes(t *testing.T) {
	dir, tarball := distDir(t, 8<<20)
	base := serve(t, dir, "kafka_2.13-3.7.1.tgz", "kplc")
	addr := strings.TrimPrefix(base, "http://")

	stalled, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	if _, err := io.WriteString(stalled, "GET /kafka_2.13-3.7.1.tgz HTTP/1.1\r\nHost: x\r\n"); err != nil { // headers never end
		t.Fatal(err)
	}
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if _, err := io.WriteString(slow, "GET /kafka_2.13-3.7.1.tgz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil { // never read
		t.Fatal(err)
	}

	want := sha256.Sum256(tarball)
	const clients = 12
	var wg sync.WaitGroup
	errs := make(chan string, clients)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(base + "/kafka_2.13-3.7.1.tgz")
			if err != nil {
				errs <- err.Error()
				return
			}
			defer resp.Body.Close()
			h := sha256.New()
			if _, err := io.Copy(h, resp.Body); err != nil {
				errs <- err.Error()
				return
			}
			if resp.StatusCode != 200 || !bytes.Equal(h.Sum(nil), want[:]) {
				errs <- "status " + resp.Status + " or wrong bytes"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("download: %s", e)
	}
	// Both stalled connections are still open: nothing waited for them to go away.
	for _, c := range []net.Conn{stalled, slow} {
		c.SetReadDeadline(time.Now().Add(time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); err != nil && !isTimeout(err) {
			t.Errorf("a stalled connection was closed before the downloads finished: %v", err)
		}
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func TestHandlerAndListenRefusals(t *testing.T) {
	dir, _ := distDir(t, 16)
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{nil, "no file to serve"},
		{[]string{"../etc/passwd"}, "plain file name"},
		{[]string{"sub"}, "not a regular file"},
		{[]string{"missing.tgz"}, "no such file"},
	} {
		if _, err := Handler(dir, tc.files, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Handler(%q): error %v, want %q", tc.files, err, tc.want)
		}
	}
	for _, tc := range []struct{ addr, want string }{
		{"0.0.0.0:8081", "never 0.0.0.0"},
		{"[::]:8081", "never ::"},
		{":8081", "expected IP:PORT"},
		{"bastion:8081", "expected IP:PORT"},
		{"10.0.3.5:8081", ""},
		{"127.0.0.1:0", ""},
	} {
		err := CheckListen(tc.addr)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckListen(%q) = %v, want %q", tc.addr, err, tc.want)
		}
	}
}
