package plan

import (
	"fmt"
	"strings"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// keyLogDirs is log.dirs, the directories holding the partitions and the metadata log.
const keyLogDirs = "log.dirs"

// kafka-plc's own rules, which Validate checks after Kafka 3.7's KRaft start-up rules (package
// kraft documents and checks those: kraft.RuleNodeID and the rest).
const (
	// RuleSyntax is the rule that the file parses as Java properties.
	RuleSyntax kraft.Rule = "syntax"
	// RuleDuplicateKey is the rule that no key is set twice (Java keeps the last silently).
	RuleDuplicateKey kraft.Rule = "duplicate-key"
	// RuleLogDirs is the rule that log.dirs is set to absolute paths (not Kafka's /tmp default).
	RuleLogDirs kraft.Rule = "log-dirs"
)

// Validate checks a server.properties text against the rules Kafka 3.7 enforces at start-up
// in KRaft mode ([kraft.Validate]) and kafka-plc's own invariants: the file parses, no key is
// set twice, no advertised host is empty, and log.dirs holds absolute paths. It returns one
// *kraft.Error per broken rule in a stable order (duplicate keys, then the start-up
// rules, then the rest); nil means the file passes.
func Validate(serverProperties string) []error {
	props, err := ParseProperties(serverProperties)
	if err != nil {
		return []error{&kraft.Error{Rule: RuleSyntax, Key: "(file)", Problem: err.Error(),
			Fix: "write each \\u escape as \\u followed by exactly four hex digits"}}
	}
	var errs []error
	m := map[string]string{}
	seen := map[string]int{}
	for _, p := range props {
		seen[p.Key]++
		if seen[p.Key] == 2 {
			errs = append(errs, &kraft.Error{Rule: RuleDuplicateKey, Key: p.Key, Value: p.Value,
				Problem: "is set more than once; Java keeps the last silently, so which one is meant is unclear",
				Fix:     "delete all but one of them"})
		}
		m[p.Key] = p.Value
	}
	errs = append(errs, kraft.Validate(m)...)
	errs = append(errs, advertisedHostsNamed(m)...)
	return append(errs, logDirs(m)...)
}

// advertisedHostsNamed refuses an advertised listener without a host: Kafka would advertise
// whatever the machine calls itself, which clients behind PrivateLink cannot resolve.
func advertisedHostsNamed(props map[string]string) []error {
	raw, set := props[kraft.KeyAdvertisedListeners]
	from := ""
	if !set {
		from = " (taken from listeners, as advertised.listeners is not set)"
	}
	var errs []error
	for _, e := range kraft.AdvertisedListeners(props) {
		if e.Host == "" {
			errs = append(errs, &kraft.Error{Rule: kraft.RuleAdvertisedHost, Key: kraft.KeyAdvertisedListeners, Value: raw, Missing: !set,
				Problem: fmt.Sprintf("advertises %s with no host%s; name the host clients must use", e.Name, from),
				Fix:     fmt.Sprintf("advertise %s://<host clients use>:%d", e.Name, e.Port)})
		}
	}
	return errs
}

// logDirs refuses a missing log.dirs (Kafka's default is under /tmp) and relative paths.
func logDirs(props map[string]string) []error {
	raw, ok := props[keyLogDirs]
	dirs := kraft.SplitList(raw)
	if !ok || len(dirs) == 0 {
		return []error{&kraft.Error{Rule: RuleLogDirs, Key: keyLogDirs, Value: raw, Missing: !ok,
			Problem: "must be set; Kafka's default is under /tmp, which the OS may clean",
			Fix:     "set log.dirs=" + LogDir}}
	}
	var errs []error
	for _, d := range dirs {
		if !strings.HasPrefix(d, "/") {
			errs = append(errs, &kraft.Error{Rule: RuleLogDirs, Key: keyLogDirs, Value: raw,
				Problem: fmt.Sprintf("%q is not an absolute path", d), Fix: "use absolute paths on the data disk"})
		}
	}
	return errs
}
