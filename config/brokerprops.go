package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// BrokerProperty is one extra server.properties entry of the brokerProperties setting.
type BrokerProperty struct {
	// Key is the Kafka property name, e.g. "log.retention.hours".
	Key string
	// Value is its value as written into server.properties (before escaping).
	Value string
}

// ConnectionsMaxIdleMs is the connections.max.idle.ms kafka-plc renders: one day, the value
// TiDB's TiCDC FAQ gives against "broken pipe" (pingcap/docs-cn ticdc/ticdc-faq.md, "为什么
// TiCDC 同步到 Kafka 的任务经常因为 broken pipe 报错而失败"). Kafka's own default is 10
// minutes (KafkaConfig.scala:114, 3.7.1), after which a quiet changefeed's connection is closed
// by the broker and TiCDC, whose client does not retry, fails. TCP keepalive does not help
// here: the broker's idle clock counts Kafka requests, not TCP segments (Selector.java). A
// brokerProperties entry may override it.
const ConnectionsMaxIdleMs = 24 * 60 * 60 * 1000

// OwnedKey is a server.properties key (or a family of keys) that kafka-plc writes itself or
// never lets a free-form entry change: brokerProperties refuses it and names the setting that
// controls it.
type OwnedKey struct {
	// Key is the property name, or with Prefix the start of every name of the family.
	Key string
	// Prefix makes Key match every key that starts with it.
	Prefix bool
	// Controlled says what decides the value: the stack setting(s) to change instead, or why
	// no setting changes it.
	Controlled string
	// Modes are the modes the key is refused in; empty means every mode. In mode existing the
	// running cluster's own files decide most keys, and only those that would move the node or
	// the EXTERNAL listener are refused.
	Modes []Mode
}

// OwnedBrokerKeys is the one list of server.properties keys brokerProperties may not set, for
// every feature that renders or edits broker files (plan rendering, the auth settings, the
// mode-existing editor). A feature that starts writing a key adds it here.
var OwnedBrokerKeys = []OwnedKey{
	{Key: kraft.KeyNodeID, Controlled: "the broker's place in the cluster (brokerCount; existingBrokers[].nodeId in mode existing)"},
	{Key: kraft.KeyBrokerID, Controlled: "node.id, which kafka-plc sets from the broker's place (brokerCount)"},
	{Key: kraft.KeyProcessRoles, Controlled: "controllerCount (nodes 1..controllerCount are broker+controller)"},
	{Key: kraft.KeyQuorumVoters, Controlled: "controllerCount and controllerPort"},
	{Key: "controller.quorum.bootstrap.servers", Controlled: "controllerCount and controllerPort (Kafka 3.7 uses the fixed voter set controller.quorum.voters)"},
	{Key: kraft.KeyControllerListenerNames, Controlled: "controllerPort (the CONTROLLER listener)"},
	{Key: kraft.KeyListeners, Controlled: "internalPort, externalPort and controllerPort"},
	{Key: kraft.KeyAdvertisedListeners, Controlled: "advertisedHostPattern, uniqueName and nlbFirstBrokerPort"},
	{Key: kraft.KeyProtocolMap, Controlled: "externalAuth"},
	{Key: kraft.KeyInterBrokerListenerName, Controlled: "internalPort (replication runs on INTERNAL)"},
	{Key: kraft.KeyInterBrokerProtocol, Controlled: "internalPort (replication runs on INTERNAL)"},
	{Key: "listener.name.", Prefix: true, Controlled: "externalAuth and externalUser (listener-scoped settings belong to the listeners kafka-plc defines)"},
	{Key: "early.start.listeners", Controlled: "the listeners kafka-plc defines (internalPort, externalPort, controllerPort)"},
	{Key: "log.dirs", Controlled: "dataDiskDevice (the data disk mounted at /var/lib/kafka)", Modes: []Mode{ModeNew}},
	{Key: "log.dir", Controlled: "dataDiskDevice (log.dirs takes precedence; a second directory would not be on the data disk)", Modes: []Mode{ModeNew}},
	{Key: "metadata.log.dir", Controlled: "dataDiskDevice (the metadata log stays with the partitions on the data disk)", Modes: []Mode{ModeNew}},
	{Key: "broker.rack", Controlled: "zones (each broker's rack is its zone)", Modes: []Mode{ModeNew}},
	{Key: "message.max.bytes", Controlled: "messageMaxBytes", Modes: []Mode{ModeNew}},
	{Key: "replica.fetch.max.bytes", Controlled: "replicaFetchMaxBytes", Modes: []Mode{ModeNew}},
	{Key: "zookeeper.connect", Controlled: "nothing: kafka-plc runs Kafka in KRaft mode only"},
	{Key: "unclean.leader.election.enable", Controlled: "nothing: kafka-plc never enables unclean leader election, which loses acknowledged writes"},
	{Key: kraft.KeySaslEnabledMechanisms, Controlled: "externalAuth"},
	{Key: kraft.KeySaslMechanismInterBroker, Controlled: "externalAuth (INTERNAL stays PLAINTEXT inside the VPC)"},
	{Key: "sasl.mechanism.controller.protocol", Controlled: "externalAuth (CONTROLLER stays PLAINTEXT inside the VPC)"},
	{Key: kraft.KeySaslJaasConfig, Controlled: "externalAuth and externalPassword (the JAAS config is written per listener, from a secret)"},
	{Key: "authorizer.class.name", Controlled: "externalAuth"},
	{Key: "allow.everyone.if.no.acl.found", Controlled: "externalAuth"},
	{Key: "super.users", Controlled: "externalAuth"},
}

// OwnerOf returns the entry of OwnedBrokerKeys that refuses key in mode m.
func OwnerOf(key string, m Mode) (OwnedKey, bool) {
	for _, o := range OwnedBrokerKeys {
		if o.Prefix && !strings.HasPrefix(key, o.Key) || !o.Prefix && key != o.Key {
			continue
		}
		if len(o.Modes) == 0 {
			return o, true
		}
		for _, x := range o.Modes {
			if x == m {
				return o, true
			}
		}
	}
	return OwnedKey{}, false
}

// Replication returns the replication factor and min.insync.replicas kafka-plc renders for n
// brokers: 3 and 2 from three brokers on; with fewer, the replication factor shrinks to n and
// min.insync.replicas to one less (at least 1), so that topics can still be created.
func Replication(n int) (rf, minISR int) {
	rf = min(3, n)
	minISR = min(2, max(1, rf-1))
	return rf, minISR
}

// RenderedDefaults returns the tuning properties kafka-plc renders into every broker's file in
// mode new and that a brokerProperties entry may override, for n brokers.
func RenderedDefaults(n int) map[string]string {
	rf, minISR := Replication(n)
	return map[string]string{
		"num.partitions":                           "3",
		"default.replication.factor":               strconv.Itoa(rf),
		"min.insync.replicas":                      strconv.Itoa(minISR),
		"offsets.topic.replication.factor":         strconv.Itoa(rf),
		"transaction.state.log.replication.factor": strconv.Itoa(rf),
		"transaction.state.log.min.isr":            strconv.Itoa(minISR),
		"auto.create.topics.enable":                "false",
		"controlled.shutdown.enable":               "true",
		kraft.KeyConnectionsMaxIdleMs:              strconv.Itoa(ConnectionsMaxIdleMs),
	}
}

// brokerPropertyPath is the --path form of one entry, e.g. brokerProperties["log.retention.hours"].
func brokerPropertyPath(key string) string {
	return fmt.Sprintf("brokerProperties[%q]", key)
}

// brokerProperties reads and checks the brokerProperties object: string values (numbers and
// booleans are taken as their text), keys that kafka-plc does not own, values that Kafka 3.7
// parses, and, in mode new, the durability rules against the brokers' count. Call it after the
// broker count is known.
func (l *loader) brokerProperties(c *Config) {
	const key = "brokerProperties"
	s := mustLookup(key)
	raw, set := l.readable(s)
	if !set {
		return
	}
	example := l.fix.setPath(brokerPropertyPath("log.retention.hours"), "168")
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		l.problem(key, raw, "must be an object mapping Kafka property names to values: "+err.Error(), example)
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	props := map[string]string{}
	ok := true
	for _, k := range keys {
		path := key + "." + k
		var value string
		switch v := m[k].(type) {
		case string:
			value = v
		case json.Number:
			value = v.String()
		case bool:
			value = strconv.FormatBool(v)
		default:
			ok = false
			l.problem(path, fmt.Sprint(m[k]), "must be a string (the text written after '=' in server.properties)",
				l.fix.setPath(brokerPropertyPath(k), "<value>"))
			continue
		}
		if o, owned := OwnerOf(k, c.Mode); owned {
			ok = false
			what := "kafka-plc writes it from " + o.Controlled
			if strings.HasPrefix(o.Controlled, "nothing") {
				what = "kafka-plc sets it and no setting changes it (" + strings.TrimPrefix(o.Controlled, "nothing: ") + ")"
			} else if c.Mode == ModeExisting {
				what = "it is the running cluster's own (" + o.Controlled + "); in mode existing kafka-plc changes only the EXTERNAL listener items and brokerProperties never touches it"
			}
			l.problem(path, value, "is not a free-form property: "+what, l.fix.rm(key)+" and set the controlling setting instead, or drop this key from "+key)
			continue
		}
		if err := kraft.CheckBrokerProperty(k, value); err != nil {
			ok = false
			l.problem(path, value, kraftProblem(err), l.fix.setPath(brokerPropertyPath(k), "<value>"))
			continue
		}
		if !kraft.KnownBrokerProperty(k) {
			hint := ""
			if near := closest(k, kraft.KnownBrokerProperties()); near != "" && near != k {
				hint = fmt.Sprintf(" (did you mean %s?)", near)
			}
			l.warn("brokerProperties.%s: kafka-plc does not know this property's type, so only its syntax was checked%s; Kafka 3.7 ignores an unknown key with a log line, check the spelling against Kafka's broker configuration reference", k, hint)
		}
		props[k] = value
		c.BrokerProperties = append(c.BrokerProperties, BrokerProperty{Key: k, Value: value})
	}
	if !ok {
		return
	}
	effective := props
	if c.Mode == ModeNew {
		effective = RenderedDefaults(c.BrokerCount)
		for k, v := range props {
			effective[k] = v
		}
		l.durability(c, props, effective)
	}
	for _, err := range kraft.CheckBrokerProperties(effective) {
		k := kraft.KeyConnectionsMaxIdleMs
		if e, isK := err.(*kraft.Error); isK {
			k = e.Key
		}
		l.problem(key+"."+k, effective[k], kraftProblem(err), l.fix.setPath(brokerPropertyPath(k), "<value>"))
	}
}

// kraftProblem returns a kraft error's problem and fix as one sentence.
func kraftProblem(err error) string {
	if e, ok := err.(*kraft.Error); ok {
		if e.Fix != "" {
			return e.Problem + " (" + e.Fix + ")"
		}
		return e.Problem
	}
	return err.Error()
}

// durability checks overridden replication settings against the broker count and each other
// (mode new): a topic whose replication factor exceeds the brokers cannot be created, and
// min.insync.replicas above the replication factor refuses every acks=all write (TiCDC's).
func (l *loader) durability(c *Config, set, eff map[string]string) {
	num := func(k string) (int, bool) {
		n, err := strconv.Atoi(eff[k])
		return n, err == nil
	}
	report := func(k, msg, value string) {
		if _, mine := set[k]; !mine {
			return
		}
		l.problem("brokerProperties."+k, eff[k], msg, l.fix.setPath(brokerPropertyPath(k), value))
	}
	n := c.BrokerCount
	for _, k := range []string{"default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.replication.factor"} {
		if rf, ok := num(k); ok && (rf > n || rf < 1) {
			report(k, fmt.Sprintf("must be between 1 and brokerCount (%d): a topic cannot have more replicas than brokers", n), strconv.Itoa(min(3, n)))
		}
	}
	pairs := [][2]string{{"min.insync.replicas", "default.replication.factor"}, {"transaction.state.log.min.isr", "transaction.state.log.replication.factor"}}
	for _, p := range pairs {
		isr, ok1 := num(p[0])
		rf, ok2 := num(p[1])
		if ok1 && ok2 && isr > rf {
			msg := fmt.Sprintf("%s %d exceeds %s %d: every acks=all write (TiCDC's) would fail with NOT_ENOUGH_REPLICAS", p[0], isr, p[1], rf)
			report(p[0], msg, strconv.Itoa(rf))
			report(p[1], msg, strconv.Itoa(isr))
		}
	}
}
