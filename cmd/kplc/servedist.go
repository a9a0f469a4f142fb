package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc/dist"
)

// fileList is a repeatable --file flag.
type fileList []string

func (f *fileList) String() string { return strings.Join(*f, ",") }

func (f *fileList) Set(v string) error {
	*f = append(*f, v)
	return nil
}

// runServeDist serves the bastion's dist directory until SIGTERM or SIGINT (systemd's stop).
func runServeDist(args []string, stdout, stderr io.Writer) int {
	// --timeout is the grace period on stop; --format the form of the start-up line on stdout.
	c := newCommon("serve-dist", stdout, stderr, 10*time.Second, false)
	c.fs.Lookup("timeout").Usage = "on SIGTERM, give running downloads up to this long to finish"
	c.fs.Lookup("format").Usage = "format of the start-up line on stdout: text or json"
	listen := c.fs.String("listen", "", "IP:PORT to serve on: the bastion's PRIVATE IP (required; never 0.0.0.0)")
	dir := c.fs.String("dir", "/opt/kafka-plc/dist", "directory holding the files")
	var files fileList
	c.fs.Var(&files, "file", "a file name in --dir to serve as /NAME (repeat for each file; nothing else is served)")
	if code, ok := c.parseArgs(args); !ok {
		return code
	}
	if err := dist.CheckListen(*listen); err != nil {
		return c.usageErr(err)
	}
	errLog := log.New(stderr, "kplc serve-dist: ", 0)
	h, err := dist.Handler(*dir, files, errLog)
	if err != nil {
		return c.usageErr(err)
	}
	// Catch the stop signal before listening: once a client is served, SIGTERM stops gracefully.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "kplc serve-dist: cannot listen on %s: %v (is it this host's address, and the port free?)\n", *listen, err)
		return exitFailed
	}
	if c.format == "json" {
		emitJSON(stdout, struct {
			Listen string   `json:"listen"`
			Dir    string   `json:"dir"`
			Files  []string `json:"files"`
		}{ln.Addr().String(), *dir, files})
	} else {
		fmt.Fprintf(stdout, "serving %s from %s on http://%s/\n", files.String(), *dir, ln.Addr())
	}
	if err := dist.Serve(ctx, ln, h, c.timeout, errLog); err != nil {
		errLog.Print(err)
		return exitFailed
	}
	return exitOK
}
