package components

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
)

// Helpers that build the command lines the components run on the hosts, shared by
// KraftBrokerSet, ExistingBrokerExposure, PrivateLinkVerification and the staging steps.

// digestOf returns the hex SHA-256 of the parts, each followed by a NUL.
func digestOf(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// asRoot prefixes a command line with `sudo -n` unless user, the login user, is root.
func asRoot(user, command string) string {
	if user == "root" {
		return command
	}
	return "sudo -n " + command
}
