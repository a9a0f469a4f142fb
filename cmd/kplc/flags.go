package main

import (
	"errors"
	"flag"
	"strconv"
	"time"
)

// durationFlag is a --timeout that, given a value it cannot parse, says what a duration looks
// like (the flag package's own says only "parse error").
type durationFlag struct{ d *time.Duration }

// Set parses a Go duration such as 30s or 5m.
func (f durationFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("use a duration such as 30s or 5m")
	}
	*f.d = d
	return nil
}

// String returns the duration, or "" for the zero flag the flag package makes for its help.
func (f durationFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

// addTimeout defines --timeout on fs with default def.
func addTimeout(fs *flag.FlagSet, d *time.Duration, def time.Duration, usage string) {
	*d = def
	fs.Var(durationFlag{d}, "timeout", usage)
}

// nodeIDFlag is a required node id: -1 until set, and shown in the help without a default
// (an int flag would print "(default -1)", a value nobody should pass).
type nodeIDFlag struct{ n *int }

// Set parses a whole number; range checks are the command's.
func (f nodeIDFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("use a whole number, the broker's node.id, e.g. 1")
	}
	*f.n = n
	return nil
}

// String returns the id, or "" while unset.
func (f nodeIDFlag) String() string {
	if f.n == nil || *f.n < 0 {
		return ""
	}
	return strconv.Itoa(*f.n)
}

// addNodeID defines the required --node-id on fs; usage should name the value in backquotes.
func addNodeID(fs *flag.FlagSet, n *int, usage string) {
	*n = -1
	fs.Var(nodeIDFlag{n}, "node-id", usage)
}
