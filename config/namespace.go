package config

import (
	"fmt"
	"strings"
)

// Namespaces other than the project's whose keys a stack may hold: the Alibaba Cloud provider's
// settings and Pulumi's own (e.g. pulumi:tags). Keys of any other namespace are read by nothing.
var knownNamespaces = []string{"alicloud", "pulumi"}

// namespaceWarning returns the warning for key (namespace:name) when its namespace is neither
// project nor one of knownNamespaces, "" otherwise. Pulumi accepts any namespace, so a misspelt
// one (kafkaplc:brokerCount) would otherwise be ignored without a word. The warning names the
// key, says it is ignored, and suggests the key it probably meant: the closest known namespace
// (a misspelling), or the project's when name is a kafka-plc setting and no other known
// namespace is close, with the commands that move the value.
func (l *loader) namespaceWarning(project, key string, v Value) string {
	ns, name, _ := strings.Cut(key, ":")
	known := append([]string{project}, knownNamespaces...)
	for _, k := range known {
		if ns == k {
			return ""
		}
	}
	msg := fmt.Sprintf("%s is ignored: nothing reads the namespace %q (the known ones are %s, %s)",
		key, ns, project, strings.Join(knownNamespaces, " and "))
	c := closest(ns, known)
	if s, ok := Lookup(name); ok && (c == project || c == "") {
		set := l.fix.set(name, printableOr(v, "VALUE"))
		if s.Secret || v.Secret {
			set = "pulumi config set --secret " + shellQuote(l.fix.ns(name)) + l.fix.stackFlag()
		}
		return msg + fmt.Sprintf("; did you mean %s? fix: pulumi config rm %s%s && %s",
			l.fix.ns(name), shellQuote(key), l.fix.stackFlag(), set)
	}
	if c != "" {
		return msg + fmt.Sprintf("; did you mean %s:%s?", c, name)
	}
	return msg
}

// printableOr returns printable(v), or placeholder when that is empty (a secret, or no value).
func printableOr(v Value, placeholder string) string {
	if p := printable(v); p != "" {
		return p
	}
	return placeholder
}
