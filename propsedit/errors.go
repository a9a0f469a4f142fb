package propsedit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// Sentinel errors. Every refusal from [Edit] and every problem from [ValidateKRaft] is an
// [*Error] whose Kind is one of these, so callers can branch with errors.Is.
var (
	// ErrInvalidExternal means the requested EXTERNAL listener itself is malformed.
	ErrInvalidExternal = errors.New("invalid EXTERNAL listener request")
	// ErrSyntax means the file or one of the listener settings cannot be parsed.
	ErrSyntax = errors.New("syntax error")
	// ErrDuplicateKey means a setting the edit reads or writes appears more than once.
	ErrDuplicateKey = errors.New("duplicate key")
	// ErrNotKRaft means the file is not a KRaft (process.roles) configuration.
	ErrNotKRaft = errors.New("not a KRaft configuration")
	// ErrControllerOnly means the node is a controller only and serves no clients.
	ErrControllerOnly = errors.New("controller-only node")
	// ErrNodeID means node.id is missing, malformed or not the expected broker.
	ErrNodeID = errors.New("node.id mismatch")
	// ErrListenerConflict means the EXTERNAL name or port is already taken by another listener.
	ErrListenerConflict = errors.New("listener conflict")
	// ErrAdvertisedConflict means another listener already advertises the EXTERNAL host:port.
	ErrAdvertisedConflict = errors.New("advertised address conflict")
	// ErrControllerListener means the edit would advertise a controller listener.
	ErrControllerListener = errors.New("controller listener would be advertised")
	// ErrNoAdvertisedHost means advertised.listeners must be written but an existing
	// listener has no host that could be advertised.
	ErrNoAdvertisedHost = errors.New("cannot derive advertised.listeners")
	// ErrUnmappedListener means a listener name has no security protocol.
	ErrUnmappedListener = errors.New("listener without security protocol")
	// ErrKRaftRule means a Kafka 3.7 KRaft start-up rule is broken.
	ErrKRaftRule = errors.New("Kafka KRaft start-up rule broken")
	// ErrInvalidResult means the edited file would break a KRaft start-up rule; the
	// [*ValidationError] lists the problems.
	ErrInvalidResult = errors.New("edited file would not start")
)

// Error is a refusal that names the setting, its current value, what is wrong and the fix.
type Error struct {
	Kind    error      // Kind is the sentinel error (ErrNodeID, ErrListenerConflict, ...).
	Rule    kraft.Rule // Rule is the broken start-up rule when Kind is ErrKRaftRule, else "".
	Key     string     // Key is the server.properties key at fault.
	Value   string     // Value is the key's current value ("" when Missing).
	Missing bool       // Missing reports that the key is not set at all.
	Line    int        // Line is the 1-based line where the key starts, or 0 if unknown.
	Problem string     // Problem says what is wrong.
	Fix     string     // Fix says what the user should do.
}

// Error renders the refusal as one line.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Key)
	switch {
	case e.Missing:
		b.WriteString(" (not set)")
	default:
		fmt.Fprintf(&b, "=%q", e.Value)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Problem)
	if e.Fix != "" {
		b.WriteString("; fix: ")
		b.WriteString(e.Fix)
	}
	return b.String()
}

// Unwrap returns the sentinel Kind.
func (e *Error) Unwrap() error { return e.Kind }

// ValidationError is returned by [Edit] when the edited file would break a KRaft start-up
// rule. errors.Is(err, ErrInvalidResult) and errors.Is(err, ErrKRaftRule) both hold.
type ValidationError struct {
	Problems   []error // Problems are the broken rules in the edited file, each an [*Error].
	InOriginal []bool  // InOriginal[i] reports that Problems[i] is already in the original file.
}

// Error lists every problem, marking those that the original file already had.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "refusing to edit: the result would not pass Kafka's KRaft start-up checks (%d problem(s))", len(e.Problems))
	for i, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.Error())
		if i < len(e.InOriginal) && e.InOriginal[i] {
			b.WriteString(" [already in the original file: fix it there first]")
		}
	}
	return b.String()
}

// Unwrap returns ErrInvalidResult followed by every problem.
func (e *ValidationError) Unwrap() []error {
	return append([]error{ErrInvalidResult}, e.Problems...)
}
