// Package dist serves the bastion's distribution directory to the brokers (`kplc serve-dist`):
// only the files it was told to serve, read-only, concurrently, on one given address.
//
// It replaces `python3 -m http.server`, which on Alibaba Cloud Linux 3 (Python 3.6) serves one
// client at a time (a stalled broker blocks every other download) and lists directories.
package dist

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Server timeouts: a client gets this long to send its request headers, and an idle
// keep-alive connection is closed after IdleTimeout. There is no write timeout: a broker
// downloading the Kafka tarball over a slow link must not be cut off.
const (
	ReadHeaderTimeout = 10 * time.Second
	IdleTimeout       = 60 * time.Second
)

// Handler serves GET and HEAD of /NAME for each NAME in files, read from dir, and nothing
// else: every other path (the root, a file of dir not in files, anything with a slash) is 404
// and every other method 405. Each request opens the file anew, so a file replaced by an
// atomic rename is served from its new version. The names are checked (plain file names) and
// each must be a regular file in dir when Handler is called.
func Handler(dir string, files []string, errLog *log.Logger) (http.Handler, error) {
	if len(files) == 0 {
		return nil, errors.New("no file to serve: pass --file NAME for each file")
	}
	allowed := map[string]bool{}
	for _, name := range files {
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\\x00") {
			return nil, fmt.Errorf("--file %q: must be a plain file name in the directory (no /)", name)
		}
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("--file %q: %w", name, err)
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("--file %q: %s is not a regular file", name, p)
		}
		allowed[name] = true
	}
	if errLog == nil {
		errLog = log.New(os.Stderr, "kplc serve-dist: ", 0)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "read-only: GET and HEAD only", http.StatusMethodNotAllowed)
			return
		}
		name, ok := strings.CutPrefix(r.URL.Path, "/")
		if !ok || !allowed[name] {
			http.NotFound(w, r)
			return
		}
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			errLog.Printf("%s %s: %v", r.RemoteAddr, r.URL.Path, err)
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			errLog.Printf("%s %s: not a regular file (%v)", r.RemoteAddr, r.URL.Path, err)
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		http.ServeContent(w, r, "", fi.ModTime(), f)
	}), nil
}

// CheckListen refuses an address that is not IP:PORT with a specific IP: the bastion has a
// public address, so the server binds its private IP, never every interface.
func CheckListen(addr string) error {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return fmt.Errorf("--listen %q: expected IP:PORT, for example 10.0.3.5:8081", addr)
	}
	if ap.Addr().IsUnspecified() {
		return fmt.Errorf("--listen %q: bind the bastion's private IP, never %s (every interface, the public one included)", addr, ap.Addr())
	}
	return nil
}

// Serve serves h on ln until ctx ends, then stops accepting and gives running downloads up
// to grace to finish.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration, errLog *log.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		IdleTimeout:       IdleTimeout,
		ErrorLog:          errLog,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serving on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
