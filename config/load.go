package config

import (
	"errors"
	"fmt"
	"strings"
)

// Value is the raw value of one setting as the stack gives it.
type Value struct {
	// Raw is the value's text; arrays and objects are JSON, as the Pulumi engine passes them.
	// For a secret read offline (never decrypted), Raw is empty.
	Raw string
	// Secret is true for values stored encrypted (`secure:` in the stack file).
	Secret bool
}

// Values holds the raw settings of a stack, keyed by setting name without the project prefix
// (e.g. "brokerCount", not "kafka-plc:brokerCount"). Missing keys take their defaults.
type Values map[string]Value

// Problem is one invalid setting.
type Problem struct {
	// Key is the setting's name, e.g. "brokerVswitchCidrs".
	Key string
	// Value is the offending value as the user wrote it ("" when the setting is missing).
	Value string
	// Message says what is wrong.
	Message string
	// Fix says what to do about it, e.g. the `pulumi config set` command.
	Fix string
}

// Error formats the problem on one line: key, bad value, what is wrong and the fix.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.Key)
	if p.Value != "" {
		fmt.Fprintf(&b, " = %q", p.Value)
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	if p.Fix != "" {
		b.WriteString("; fix: ")
		b.WriteString(p.Fix)
	}
	return b.String()
}

// Problems is every problem found in a stack configuration. Load returns it as its error.
type Problems []Problem

// Error lists every problem, one per line.
func (ps Problems) Error() string {
	lines := make([]string, 0, len(ps)+1)
	lines = append(lines, fmt.Sprintf("invalid stack configuration (%d problem(s)):", len(ps)))
	for _, p := range ps {
		lines = append(lines, "  - "+p.Error())
	}
	return strings.Join(lines, "\n")
}

// Keys returns the keys of the problems, in order, for tests and summaries.
func (ps Problems) Keys() []string {
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	return keys
}

// AsProblems extracts Problems from an error returned by Load.
func AsProblems(err error) (Problems, bool) {
	var ps Problems
	ok := errors.As(err, &ps)
	return ps, ok
}

// Load builds a Config for a project's stack from raw values: it applies the defaults of
// Settings, parses, and checks every rule. On failure the error is Problems, holding every
// problem found (not just the first), each with the key, the bad value, what is wrong and the
// command that fixes it.
//
// Keys may be bare ("brokerCount") or namespaced by the project ("kafka-plc:brokerCount"); keys
// of other namespaces are ignored, except ProviderRegionKey, which must agree with region, and
// keys of a namespace that nothing reads (not the project's, alicloud or pulumi), which get a
// warning with a did-you-mean. Load
// never needs a secret's value: for sshPrivateKey it only records whether it is present.
func Load(project, stack string, values Values) (*Config, error) {
	if project == "" {
		project = ProjectName
	}
	l := &loader{fix: fixer{project: project, stack: stack}, bad: map[string]bool{}}
	l.normalize(project, values)

	c := &Config{Project: project, Stack: stack}
	c.Mode = l.mode()
	for _, s := range Settings {
		if !s.AppliesTo(c.Mode) && l.isSet(s.Key) {
			l.warn("%s is set but not used in mode %s", s.Key, c.Mode)
		}
	}

	l.region(c)
	l.zones(c)
	l.scalars(c)
	l.ssh(c)
	l.auth(c)
	l.kafka(c)
	if c.Mode == ModeExisting {
		l.existing(c)
	} else {
		l.network(c)
		l.counts(c)
	}
	l.ports(c)
	l.metrics(c)
	l.names(c)

	if len(l.probs) > 0 {
		return nil, l.probs
	}
	c.warnings = l.warns
	return c, nil
}

// Warnings returns what is allowed but probably not intended, one sentence each.
func (c *Config) Warnings() []string {
	out := append([]string(nil), c.warnings...)
	if c.TiDBCloudAccountID == PlaceholderTiDBCloudAccountID {
		out = append(out, fmt.Sprintf("tidbCloudAccountId is still the example value %s: set TiDB Cloud's real account ID (shown in TiDB Cloud when you create the private link connection) before deploying",
			PlaceholderTiDBCloudAccountID))
	}
	return out
}

// MissingSecrets returns a problem for each secret the deployment needs but the stack lacks.
// Presence is all Load knows: no secret is ever decrypted for this. The Pulumi program treats
// these as errors; `kplc plan` reports them as warnings.
func (c *Config) MissingSecrets() Problems {
	var ps Problems
	if !c.SSHPrivateKeySet {
		f := fixer{project: c.Project, stack: c.Stack}
		which := " (the private half of sshPublicKey)"
		if c.Mode == ModeExisting {
			which = " (a key that the jump host and every broker accept)"
		}
		ps = append(ps, Problem{
			Key:     "sshPrivateKey",
			Message: "missing: the deployment logs in over SSH with it",
			Fix:     f.setSecret("sshPrivateKey", "~/.ssh/kafka-plc") + which,
		})
	}
	return ps
}

// SecretStatus returns "present" or "missing" for each secret setting, for reports.
func (c *Config) SecretStatus() map[string]string {
	st := "missing"
	if c.SSHPrivateKeySet {
		st = "present"
	}
	out := map[string]string{"sshPrivateKey": st}
	if c.AuthEnabled() || c.ExternalPasswordSet {
		out["externalPassword"] = "missing"
		if c.ExternalPasswordSet {
			out["externalPassword"] = "present"
		}
	}
	return out
}
