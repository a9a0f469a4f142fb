package kraft

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Rules of tuning properties: what Kafka 3.7's ConfigDef parsing and KafkaConfig.validateValues
// refuse at start-up (core/src/main/scala/kafka/server/KafkaConfig.scala at tag 3.7.1; line
// numbers on each definition below), and the property-file sanity every free-form entry needs.
const (
	// RulePropertySyntax is the rule that a key is a Kafka property name (lower-case words of
	// letters, digits, '-' and '_' joined by dots) and that a value holds no line break or
	// other control character, so that an entry can never turn into two.
	RulePropertySyntax Rule = "property-syntax"
	// RulePropertyType is the rule that a value parses as its property's ConfigDef type (INT,
	// LONG, SHORT, BOOLEAN, an enumeration or a list of allowed items) and lies in its range.
	RulePropertyType Rule = "property-type"
	// RuleFailedAuthDelay is the rule that connection.failed.authentication.delay.ms is below
	// connections.max.idle.ms when that is >= 0 (KafkaConfig.scala:2505-2509, 3.7.1).
	RuleFailedAuthDelay Rule = "failed-authentication-delay"
)

// Keys of the idle-connection settings.
const (
	// KeyConnectionsMaxIdleMs is connections.max.idle.ms: the broker closes a connection that
	// saw no request or response for this long; a negative value disables the check
	// (clients/.../network/Selector.java:180, 3.7.1).
	KeyConnectionsMaxIdleMs = "connections.max.idle.ms"
	// KeyFailedAuthDelayMs is connection.failed.authentication.delay.ms (default 100).
	KeyFailedAuthDelayMs = "connection.failed.authentication.delay.ms"
	// DefaultFailedAuthDelayMs is Kafka's default of KeyFailedAuthDelayMs (Defaults.scala).
	DefaultFailedAuthDelayMs = 100
	// MaxConnectionsMaxIdleMs is the largest connections.max.idle.ms that Selector's
	// IdleExpiryManager can hold: it multiplies the value by 10^6 into a long of nanoseconds
	// (Selector.java:1444), so anything larger overflows and closes connections at once.
	MaxConnectionsMaxIdleMs = math.MaxInt64 / 1_000_000
)

// propType is a ConfigDef type with its validator.
type propType struct {
	kind    string   // "int", "long", "short", "boolean", "enum", "list"
	min     int64    // lowest accepted number (math.MinInt64: none)
	max     int64    // highest accepted number (math.MaxInt64: none)
	allowed []string // enum or list items (case-sensitive, as ConfigDef's in/ValidList)
	source  int      // line of the define(...) in KafkaConfig.scala at tag 3.7.1
}

const noMin, noMax = math.MinInt64, math.MaxInt64

func intType(lo int64, line int) propType {
	return propType{kind: "int", min: lo, max: math.MaxInt32, source: line}
}
func longType(lo, hi int64, line int) propType {
	return propType{kind: "long", min: lo, max: hi, source: line}
}

// brokerPropertyTypes holds the ConfigDef type and validator of the broker properties users
// tune most (KafkaConfig.scala, tag 3.7.1; the line of each define is kept for review). A key
// that is not here is not checked beyond [RulePropertySyntax]; [KnownBrokerProperty] tells
// callers which keys they can vouch for.
var brokerPropertyTypes = map[string]propType{
	"num.network.threads":                      intType(1, 1233),
	"num.io.threads":                           intType(1, 1234),
	"background.threads":                       intType(1, 1236),
	"queued.max.requests":                      intType(1, 1237),
	"socket.send.buffer.bytes":                 intType(math.MinInt32, 1277),
	"socket.receive.buffer.bytes":              intType(math.MinInt32, 1278),
	"socket.request.max.bytes":                 intType(1, 1279),
	"max.connections.per.ip":                   intType(0, 1281),
	"max.connections":                          intType(0, 1283),
	KeyConnectionsMaxIdleMs:                    longType(noMin, MaxConnectionsMaxIdleMs, 1285),
	KeyFailedAuthDelayMs:                       intType(0, 1286),
	"num.partitions":                           intType(1, 1292),
	"log.segment.bytes":                        intType(14, 1295), // LegacyRecord.RECORD_OVERHEAD_V0
	"log.roll.hours":                           intType(1, 1298),
	"log.retention.ms":                         longType(noMin, noMax, 1303),
	"log.retention.minutes":                    intType(math.MinInt32, 1304),
	"log.retention.hours":                      intType(math.MinInt32, 1305),
	"log.retention.bytes":                      longType(noMin, noMax, 1307),
	"log.cleanup.policy":                       {kind: "list", allowed: []string{"compact", "delete"}, source: 1309},
	"log.cleaner.threads":                      intType(0, 1310),
	"log.index.size.max.bytes":                 intType(4, 1321),
	"log.flush.interval.messages":              longType(1, noMax, 1323),
	"num.recovery.threads.per.data.dir":        intType(1, 1330),
	"auto.create.topics.enable":                {kind: "boolean", source: 1331},
	"min.insync.replicas":                      intType(1, 1332),
	"log.message.timestamp.type":               {kind: "enum", allowed: []string{"CreateTime", "LogAppendTime"}, source: 1334},
	"default.replication.factor":               intType(math.MinInt32, 1344),
	"replica.lag.time.max.ms":                  longType(noMin, noMax, 1345),
	"num.replica.fetchers":                     intType(math.MinInt32, 1353),
	"auto.leader.rebalance.enable":             {kind: "boolean", source: 1358},
	"controlled.shutdown.enable":               {kind: "boolean", source: 1370},
	"group.initial.rebalance.delay.ms":         intType(math.MinInt32, 1375),
	"offsets.topic.replication.factor":         {kind: "short", min: 1, max: math.MaxInt16, source: 1398},
	"offsets.retention.minutes":                intType(1, 1402),
	"delete.topic.enable":                      {kind: "boolean", source: 1406},
	"compression.type":                         {kind: "enum", allowed: []string{"uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"}, source: 1407},
	"transaction.state.log.min.isr":            intType(1, 1412),
	"transaction.state.log.replication.factor": {kind: "short", min: 1, max: math.MaxInt16, source: 1414},
}

// KnownBrokerProperty reports whether CheckBrokerProperty knows key's type.
func KnownBrokerProperty(key string) bool {
	_, ok := brokerPropertyTypes[key]
	return ok
}

// KnownBrokerProperties returns the keys whose types CheckBrokerProperty knows, sorted.
func KnownBrokerProperties() []string {
	keys := make([]string, 0, len(brokerPropertyTypes))
	for k := range brokerPropertyTypes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// propertyKeyPattern is a Kafka property name: dot-separated words of lower-case letters,
// digits, '-' and '_' (every key KafkaConfig defines has this shape; listener-prefixed keys
// lower-case the listener name).
var propertyKeyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$`)

// CheckBrokerProperty checks one free-form server.properties entry before it is written: the
// key's and the value's syntax ([RulePropertySyntax]) and, for a key in the type table, that
// the value parses as Kafka 3.7 parses it and lies in its range ([RulePropertyType]). It
// returns nil or one [*Error].
func CheckBrokerProperty(key, value string) error {
	bad := func(rule Rule, problem, fix string) error {
		return &Error{Rule: rule, Key: key, Value: value, Problem: problem, Fix: fix}
	}
	if !propertyKeyPattern.MatchString(key) || len(key) > 249 {
		return bad(RulePropertySyntax, "is not a Kafka property name (lower-case words of letters, digits, '-' or '_' joined by dots)",
			"use the key exactly as Kafka's broker configuration documents it, e.g. log.retention.hours")
	}
	for _, r := range value {
		if r < 0x20 || r == 0x7f {
			return bad(RulePropertySyntax, fmt.Sprintf("holds the control character %U; a line break would start a second entry", r),
				"give the value on one line, without control characters")
		}
	}
	if strings.TrimSpace(value) != value {
		return bad(RulePropertySyntax, "starts or ends with white space, which Kafka's parsing trims or keeps unevenly", "remove the surrounding spaces")
	}
	t, ok := brokerPropertyTypes[key]
	if !ok {
		return nil
	}
	src := fmt.Sprintf(" (KafkaConfig.scala:%d, Kafka 3.7.1)", t.source)
	switch t.kind {
	case "boolean":
		// ConfigDef.parseType accepts true/false in any case (ConfigDef.java, case BOOLEAN).
		if !strings.EqualFold(value, "true") && !strings.EqualFold(value, "false") {
			return bad(RulePropertyType, "must be true or false"+src, "write true or false")
		}
	case "int", "long", "short":
		n, err := strconv.ParseInt(value, 10, 64)
		lo, hi := t.min, t.max
		if err != nil || n < lo || n > hi {
			return bad(RulePropertyType, fmt.Sprintf("must be a whole number %s%s", rangeText(lo, hi), src),
				"give a whole number "+rangeText(lo, hi))
		}
	case "enum":
		if !slices.Contains(t.allowed, value) {
			return bad(RulePropertyType, "must be one of "+strings.Join(t.allowed, ", ")+" (case-sensitive)"+src,
				"write one of "+strings.Join(t.allowed, ", "))
		}
	case "list":
		items := SplitList(value)
		if len(items) == 0 {
			return bad(RulePropertyType, "must list at least one of "+strings.Join(t.allowed, ", ")+src, "write e.g. "+t.allowed[len(t.allowed)-1])
		}
		for _, it := range items {
			if !slices.Contains(t.allowed, it) {
				return bad(RulePropertyType, fmt.Sprintf("lists %q; the items must be among %s%s", it, strings.Join(t.allowed, ", "), src),
					"write a comma-separated list of "+strings.Join(t.allowed, ", "))
			}
		}
	}
	return nil
}

// rangeText says which numbers a range admits, e.g. ">= 1" or "from 0 to 32767".
func rangeText(lo, hi int64) string {
	switch {
	case lo != noMin && lo != math.MinInt32 && hi != noMax && hi != math.MaxInt32:
		return fmt.Sprintf("from %d to %d", lo, hi)
	case lo != noMin && lo != math.MinInt32:
		return fmt.Sprintf(">= %d", lo)
	case hi != noMax && hi != math.MaxInt32:
		return fmt.Sprintf("<= %d", hi)
	}
	return "(a 32- or 64-bit integer)"
}

// CheckBrokerProperties checks the cross-property rules Kafka 3.7 enforces at start-up among
// the tuning properties ([RuleFailedAuthDelay]) on props as Java loads them. Keys that are
// absent take Kafka's defaults; values that do not parse are left to [CheckBrokerProperty].
func CheckBrokerProperties(props map[string]string) []error {
	var errs []error
	idle, okIdle := int64(10*60*1000), true
	if v, set := props[KeyConnectionsMaxIdleMs]; set {
		n, err := strconv.ParseInt(v, 10, 64)
		idle, okIdle = n, err == nil
	}
	delay, okDelay := int64(DefaultFailedAuthDelayMs), true
	if v, set := props[KeyFailedAuthDelayMs]; set {
		n, err := strconv.ParseInt(v, 10, 64)
		delay, okDelay = n, err == nil
	}
	if okIdle && okDelay && idle >= 0 && delay >= idle {
		errs = append(errs, &Error{Rule: RuleFailedAuthDelay, Key: KeyConnectionsMaxIdleMs, Value: strconv.FormatInt(idle, 10),
			Problem: fmt.Sprintf("must exceed %s (%d); Kafka 3.7 refuses to start otherwise (KafkaConfig.scala:2505-2509)", KeyFailedAuthDelayMs, delay),
			Fix:     fmt.Sprintf("raise %s above %d, or lower %s", KeyConnectionsMaxIdleMs, delay, KeyFailedAuthDelayMs)})
	}
	return errs
}
