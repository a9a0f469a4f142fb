package main

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe to write from the command's goroutine
// while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// freeBlock returns a --port-offset that moves the dev stack's NLB ports
// (9092-9095) onto loopback ports that were all free a moment ago.
func freeBlock(t *testing.T) int {
	t.Helper()
	for range 50 {
		base := 20000 + rand.IntN(40000)
		var lns []net.Listener
		for p := base; p < base+4; p++ {
			ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
			if err != nil {
				break
			}
			lns = append(lns, ln)
		}
		for _, ln := range lns {
			ln.Close()
		}
		if len(lns) == 4 {
			return base - 9092
		}
	}
	t.Fatal("no free block of 4 loopback ports")
	return 0
}

// TestRehearseServeStopsOnSignal runs `kplc rehearse --serve` in this
// process, sends the process SIGTERM (as systemd or `kill` does) or SIGINT
// (Ctrl-C) once it serves, and checks that the command returns promptly with
// the rehearsal's exit code and that the loopback NLB is gone.
func TestRehearseServeStopsOnSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			var (
				code   int
				stderr *lockedBuffer
				done   chan struct{}
				offset int
			)
			// Another process may take the block between freeBlock and
			// the bind: try a few.
			for attempt := 0; ; attempt++ {
				offset = freeBlock(t)
				stderr = &lockedBuffer{}
				done = make(chan struct{})
				go func() {
					defer close(done)
					code = run([]string{"rehearse", "--serve", "--dir", t.TempDir(), "--port-offset", strconv.Itoa(offset)}, &lockedBuffer{}, stderr)
				}()
				serving := false
				deadline := time.After(10 * time.Second)
			wait:
				for {
					select {
					case <-done:
						break wait
					case <-deadline:
						t.Fatalf("kplc rehearse --serve did not start serving within 10s; stderr:\n%s", stderr)
					case <-time.After(10 * time.Millisecond):
						if strings.Contains(stderr.String(), "serving until interrupted") {
							serving = true
							break wait
						}
					}
				}
				if serving {
					break
				}
				if attempt == 4 || !strings.Contains(stderr.String(), "binding the rehearsal NLB port") {
					t.Fatalf("kplc rehearse --serve exited %d before serving; stderr:\n%s", code, stderr)
				}
			}
			bootstrap := net.JoinHostPort("127.0.0.1", strconv.Itoa(9092+offset))
			if c, err := net.Dial("tcp", bootstrap); err != nil {
				t.Fatalf("the loopback NLB does not answer at %s while serving: %v", bootstrap, err)
			} else {
				c.Close()
			}

			if err := syscall.Kill(os.Getpid(), sig); err != nil {
				t.Fatalf("sending %v: %v", sig, err)
			}
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("kplc rehearse --serve still running 10s after %v; stderr:\n%s", sig, stderr)
			}
			if code != exitOK {
				t.Errorf("exit %d after %v, want %d (the rehearsal passed); stderr:\n%s", code, sig, exitOK, stderr)
			}
			if !strings.Contains(stderr.String(), "interrupted, shutting down") {
				t.Errorf("no shutdown message after %v; stderr:\n%s", sig, stderr)
			}
			c, err := net.DialTimeout("tcp", bootstrap, time.Second)
			if err == nil {
				c.Close()
				t.Fatalf("the loopback NLB still accepts at %s after %v", bootstrap, sig)
			}
			if !errors.Is(err, syscall.ECONNREFUSED) {
				t.Errorf("dialing %s after shutdown: %v, want connection refused", bootstrap, err)
			}
		})
	}
}
