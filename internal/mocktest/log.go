package mocktest

import (
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Log is a pulumi.Log that records every message, for tests of what a program tells the user.
// The SDK's mock engine drops log messages, so install it in the program under test first:
//
//	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
//		ctx.Log = logs
//		...
//	}, pulumi.WithMocks(...))
type Log struct {
	mu      sync.Mutex
	entries []LogEntry
}

// LogEntry is one recorded message.
type LogEntry struct {
	// Severity is "debug", "info", "warning" or "error".
	Severity string
	// Message is the text logged.
	Message string
}

var _ pulumi.Log = (*Log)(nil)

func (l *Log) add(severity, msg string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, LogEntry{Severity: severity, Message: msg})
	return nil
}

// Debug records a debug message.
func (l *Log) Debug(msg string, _ *pulumi.LogArgs) error { return l.add("debug", msg) }

// Info records an informational message.
func (l *Log) Info(msg string, _ *pulumi.LogArgs) error { return l.add("info", msg) }

// Warn records a warning.
func (l *Log) Warn(msg string, _ *pulumi.LogArgs) error { return l.add("warning", msg) }

// Error records an error message.
func (l *Log) Error(msg string, _ *pulumi.LogArgs) error { return l.add("error", msg) }

// Entries returns every recorded message in the order logged.
func (l *Log) Entries() []LogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]LogEntry(nil), l.entries...)
}

// Warnings returns the text of every recorded warning, in the order logged.
func (l *Log) Warnings() []string {
	var out []string
	for _, e := range l.Entries() {
		if e.Severity == "warning" {
			out = append(out, e.Message)
		}
	}
	return out
}

// WarningsContaining returns the recorded warnings that contain every one of the parts.
func (l *Log) WarningsContaining(parts ...string) []string {
	var out []string
	for _, w := range l.Warnings() {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(w, p)
		}
		if all {
			out = append(out, w)
		}
	}
	return out
}
