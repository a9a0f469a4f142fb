package main

import (
	"context"
	"flag"
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
	fs := flag.NewFlagSet("kplc serve-dist", flag.ContinueOnError)
	listen := fs.String("listen", "", "IP:PORT to serve on: the bastion's PRIVATE IP (required; never 0.0.0.0)")
	dir := fs.String("dir", "/opt/kafka-plc/dist", "directory holding the files")
	var files fileList
	fs.Var(&files, "file", "a file name in --dir to serve as /NAME (repeat for each file; nothing else is served)")
	usage := "usage: kplc serve-dist --listen IP:PORT [--dir DIR] --file NAME [--file NAME...]\n\n" +
		"Serves only the named files, read-only (GET, HEAD), to many clients at once; no listings.\n\nFlags:\n"
	if code, ok := parseWithUsage(fs, usage, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return reportUsageProblems(stderr, "serve-dist", []string{fmt.Sprintf("unexpected argument %q", fs.Arg(0))})
	}
	if err := dist.CheckListen(*listen); err != nil {
		return reportUsageProblems(stderr, "serve-dist", []string{err.Error()})
	}
	errLog := log.New(stderr, "kplc serve-dist: ", 0)
	h, err := dist.Handler(*dir, files, errLog)
	if err != nil {
		return reportUsageProblems(stderr, "serve-dist", []string{err.Error()})
	}
	// Catch the stop signal before listening: once a client is served, SIGTERM stops gracefully.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "kplc serve-dist: cannot listen on %s: %v (is it this host's address, and the port free?)\n", *listen, err)
		return exitFailed
	}
	errLog.Printf("serving %s from %s on http://%s/", files.String(), *dir, ln.Addr())
	if err := dist.Serve(ctx, ln, h, 10*time.Second, errLog); err != nil {
		errLog.Print(err)
		return exitFailed
	}
	return exitOK
}
