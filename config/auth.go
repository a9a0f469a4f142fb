package config

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// The values of externalAuth.
const (
	// AuthNone leaves the EXTERNAL listener PLAINTEXT without authentication (the default).
	AuthNone = "none"
	// AuthScramSHA512 makes the EXTERNAL listener SASL_PLAINTEXT with SCRAM-SHA-512 and turns
	// on KRaft's StandardAuthorizer.
	AuthScramSHA512 = "scram-sha-512"
)

// AuthMechanism is the SASL mechanism name of AuthScramSHA512, as Kafka and TiDB Cloud spell it.
const AuthMechanism = "SCRAM-SHA-512"

// MinPasswordLength is the shortest externalPassword accepted.
const MinPasswordLength = 16

// passwordFix returns the command that makes a strong externalPassword without putting it on a
// command line. `pulumi config set` reads a value piped on stdin and drops one trailing
// newline (pkg/v3 v3.274.1 cmd/pulumi/config/config.go:874-880, cmdutil.RemoveTrailingNewline).
func (f fixer) passwordFix() string {
	return "openssl rand -base64 24 | pulumi config set --secret " + shellQuote(f.ns("externalPassword")) + f.stackFlag()
}

var (
	// scramUserRe keeps user names free of ',' and '=' (which SCRAM escapes) and of spaces.
	scramUserRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	// topicPrefixRe is Kafka's legal topic-name alphabet (Topic.LEGAL_CHARS: [a-zA-Z0-9._-]).
	topicPrefixRe = regexp.MustCompile(`^[A-Za-z0-9._-]{1,200}$`)
)

// AuthEnabled reports whether the EXTERNAL listener requires SASL authentication.
func (c *Config) AuthEnabled() bool { return c.ExternalAuth == AuthScramSHA512 }

// auth checks externalAuth, externalUser, externalTopicPrefix and the presence of
// externalPassword. The password's text is never read here (see CheckExternalPassword).
func (l *loader) auth(c *Config) {
	c.ExternalAuth = l.str("externalAuth")
	switch c.ExternalAuth {
	case AuthNone, AuthScramSHA512:
	default:
		fix := l.fix.set("externalAuth", AuthScramSHA512) + " (or " + l.fix.set("externalAuth", AuthNone) + ")"
		if strings.EqualFold(c.ExternalAuth, AuthScramSHA512) || strings.EqualFold(strings.ReplaceAll(c.ExternalAuth, "_", "-"), AuthScramSHA512) {
			fix = l.fix.set("externalAuth", AuthScramSHA512)
		}
		l.problem("externalAuth", c.ExternalAuth, "must be none or scram-sha-512 (SCRAM-SHA-512 is the mechanism TiDB Cloud's changefeed supports without TLS that never sends the password)", fix)
		c.ExternalAuth = AuthNone
	}

	c.ExternalUser = l.str("externalUser")
	switch {
	case !scramUserRe.MatchString(c.ExternalUser):
		l.problem("externalUser", c.ExternalUser, "is not a usable SCRAM user name (1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
			l.fix.set("externalUser", "tidb-cdc"))
	case c.ExternalUser == "ANONYMOUS":
		l.problem("externalUser", c.ExternalUser, "is the principal Kafka gives unauthenticated PLAINTEXT connections, which kafka-plc makes a super user",
			l.fix.set("externalUser", "tidb-cdc"))
	}

	c.ExternalTopicPrefix = l.str("externalTopicPrefix")
	if c.ExternalTopicPrefix != "" && !topicPrefixRe.MatchString(c.ExternalTopicPrefix) {
		l.problem("externalTopicPrefix", c.ExternalTopicPrefix, "is not a topic-name prefix (letters, digits, '.', '_' and '-' only, at most 200)",
			l.fix.set("externalTopicPrefix", "tidb_")+" (or "+l.fix.rm("externalTopicPrefix")+" for every topic)")
	}

	if v, ok := l.values["externalPassword"]; ok && (v.Secret || v.Raw != "") {
		c.ExternalPasswordSet = true
		if !v.Secret {
			l.problem("externalPassword", "", "is stored in plain text; it must be a secret",
				l.fix.rm("externalPassword")+" && "+l.fix.passwordFix()+
					"; if the stack file was shared, treat the password as leaked")
		}
	}
	if c.AuthEnabled() && !c.ExternalPasswordSet {
		l.problem("externalPassword", "", "is required: externalAuth is scram-sha-512, and the changefeed's user "+c.ExternalUser+" needs a password",
			l.fix.passwordFix())
	}
	if !c.AuthEnabled() {
		if c.ExternalPasswordSet {
			l.warn("externalPassword is set but externalAuth is none: the EXTERNAL listener accepts every client without a password")
		}
		if l.isSet("externalTopicPrefix") {
			l.warn("externalTopicPrefix is set but externalAuth is none: no ACLs are applied")
		}
	}
}

// CheckExternalPassword checks the strength of externalPassword. Only the Pulumi program calls
// it, with the value the engine decrypted, before any resource registers; the problem never
// holds the password.
func CheckExternalPassword(project, stack, password string) Problems {
	f := fixer{project: project, stack: stack}
	msg := ""
	classes := 0
	for _, in := range []func(rune) bool{unicode.IsLower, unicode.IsUpper, unicode.IsDigit, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }} {
		if strings.IndexFunc(password, in) >= 0 {
			classes++
		}
	}
	distinct := map[rune]bool{}
	for _, r := range password {
		distinct[r] = true
	}
	switch {
	case len(password) < MinPasswordLength:
		msg = fmt.Sprintf("is too short (%d characters): at least %d are needed", len(password), MinPasswordLength)
	case strings.IndexFunc(password, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		msg = "holds white space or control characters, which TiDB Cloud's password field and shells handle badly"
	case classes < 3 || len(distinct) < 8:
		msg = "is too weak: use at least three of lower case, upper case, digits and symbols, and at least 8 different characters"
	default:
		return nil
	}
	return Problems{{Key: "externalPassword", Message: msg, Fix: f.passwordFix()}}
}
