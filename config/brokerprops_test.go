package config

import (
	"reflect"
	"strings"
	"testing"
)

// brokerProps loads validNew (or validExisting) with brokerProperties set to js.
func loadBrokerProps(existing bool, js string, edits Values) (*Config, error) {
	base := validNew()
	if existing {
		base = validExisting()
	}
	e := Values{"brokerProperties": raw(js)}
	for k, v := range edits {
		e[k] = v
	}
	return Load("kafka-plc", "dev", with(base, e))
}

// Accepted entries come back sorted, as strings, exactly as written (the engine passes the
// object as JSON; numbers and booleans keep their text, large numbers their digits).
func TestBrokerPropertiesAccepted(t *testing.T) {
	cases := []struct {
		name     string
		existing bool
		js       string
		want     []BrokerProperty
	}{
		{"strings", false, `{"log.retention.hours":"168","compression.type":"zstd"}`,
			[]BrokerProperty{{"compression.type", "zstd"}, {"log.retention.hours", "168"}}},
		{"numbers and booleans as text", false, `{"log.retention.bytes":9223372036854775807,"delete.topic.enable":false}`,
			[]BrokerProperty{{"delete.topic.enable", "false"}, {"log.retention.bytes", "9223372036854775807"}}},
		{"override of a rendered default", false, `{"connections.max.idle.ms":"3600000","num.partitions":"6"}`,
			[]BrokerProperty{{"connections.max.idle.ms", "3600000"}, {"num.partitions", "6"}}},
		{"a value with '=' and '#' stays one value", false, `{"ssl.principal.mapping.rules":"RULE:^CN=(.*?),OU=x$/$1/L,DEFAULT #1"}`,
			[]BrokerProperty{{"ssl.principal.mapping.rules", "RULE:^CN=(.*?),OU=x$/$1/L,DEFAULT #1"}}},
		{"empty object", false, `{}`, nil},
		{"mode existing: message.max.bytes is the cluster's to tune", true, `{"message.max.bytes":"10485760"}`,
			[]BrokerProperty{{"message.max.bytes", "10485760"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := loadBrokerProps(tc.existing, tc.js, nil)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !reflect.DeepEqual(c.BrokerProperties, tc.want) {
				t.Errorf("BrokerProperties = %v, want %v", c.BrokerProperties, tc.want)
			}
		})
	}
}

// Every refusal names the entry, the bad value, why, and what to do.
func TestBrokerPropertiesRefused(t *testing.T) {
	cases := []struct {
		name     string
		existing bool
		js       string
		edits    Values
		key      string
		frags    []string
	}{
		{"node.id is the broker's place", false, `{"node.id":"7"}`, nil, "brokerProperties.node.id",
			[]string{"not a free-form property", "brokerCount"}},
		{"process.roles", false, `{"process.roles":"broker"}`, nil, "brokerProperties.process.roles", []string{"controllerCount"}},
		{"listeners", false, `{"listeners":"PLAINTEXT://:9092"}`, nil, "brokerProperties.listeners", []string{"internalPort, externalPort and controllerPort"}},
		{"advertised.listeners", false, `{"advertised.listeners":"X://h:1"}`, nil, "brokerProperties.advertised.listeners", []string{"advertisedHostPattern, uniqueName"}},
		{"protocol map", false, `{"listener.security.protocol.map":"A:PLAINTEXT"}`, nil, "brokerProperties.listener.security.protocol.map", []string{"externalAuth"}},
		{"listener-scoped family", false, `{"listener.name.external.scram-sha-512.sasl.jaas.config":"x"}`, nil,
			"brokerProperties.listener.name.external.scram-sha-512.sasl.jaas.config", []string{"externalAuth"}},
		{"controller quorum", false, `{"controller.quorum.voters":"1@h:1"}`, nil, "brokerProperties.controller.quorum.voters", []string{"controllerPort"}},
		{"log.dirs", false, `{"log.dirs":"/tmp/x"}`, nil, "brokerProperties.log.dirs", []string{"dataDiskDevice"}},
		{"message size has its setting", false, `{"message.max.bytes":"1"}`, nil, "brokerProperties.message.max.bytes", []string{"messageMaxBytes"}},
		{"auth keys", false, `{"super.users":"User:x"}`, nil, "brokerProperties.super.users", []string{"externalAuth"}},
		{"unclean election never", false, `{"unclean.leader.election.enable":"true"}`, nil, "brokerProperties.unclean.leader.election.enable",
			[]string{"no setting changes it", "loses acknowledged writes"}},
		{"mode existing: listeners are the cluster's", true, `{"listeners":"PLAINTEXT://:9092"}`, nil, "brokerProperties.listeners",
			[]string{"running cluster's own", "only the EXTERNAL listener items"}},
		{"a line break would inject an entry", false, `{"log.retention.hours":"168\nnode.id=9"}`, nil, "brokerProperties.log.retention.hours",
			[]string{"control character", "second entry"}},
		{"a key with '=' would split", false, `{"log.retention.hours=1\u0000":"1"}`, nil, "brokerProperties.log.retention.hours=1\x00",
			[]string{"not a Kafka property name"}},
		{"upper-case key", false, `{"Log.Retention.Hours":"1"}`, nil, "brokerProperties.Log.Retention.Hours", []string{"not a Kafka property name"}},
		{"not a number", false, `{"log.retention.hours":"a week"}`, nil, "brokerProperties.log.retention.hours",
			[]string{"whole number", "KafkaConfig.scala:1305"}},
		{"below ConfigDef's atLeast", false, `{"num.io.threads":"0"}`, nil, "brokerProperties.num.io.threads", []string{">= 1"}},
		{"enum is case-sensitive", false, `{"compression.type":"ZSTD"}`, nil, "brokerProperties.compression.type", []string{"one of uncompressed, zstd"}},
		{"list items", false, `{"log.cleanup.policy":"delete,expire"}`, nil, "brokerProperties.log.cleanup.policy", []string{`"expire"`}},
		{"idle above what Selector can hold", false, `{"connections.max.idle.ms":"9223372036855"}`, nil, "brokerProperties.connections.max.idle.ms",
			[]string{"<= 9223372036854"}},
		{"failed-auth delay must stay below idle", false, `{"connections.max.idle.ms":"100"}`, nil, "brokerProperties.connections.max.idle.ms",
			[]string{"must exceed connection.failed.authentication.delay.ms (100)", "KafkaConfig.scala:2505-2509"}},
		{"object value", false, `{"log.retention.hours":{"x":1}}`, nil, "brokerProperties.log.retention.hours", []string{"must be a string"}},
		{"not an object", false, `["log.retention.hours"]`, nil, "brokerProperties", []string{"must be an object"}},
		{"replication above the brokers", false, `{"default.replication.factor":"4"}`, nil, "brokerProperties.default.replication.factor",
			[]string{"between 1 and brokerCount (3)"}},
		{"min ISR above the replication factor", false, `{"min.insync.replicas":"4"}`, nil, "brokerProperties.min.insync.replicas",
			[]string{"min.insync.replicas 4 exceeds default.replication.factor 3"}},
		{"lowered replication factor under the rendered min ISR", false, `{"default.replication.factor":"1"}`, nil,
			"brokerProperties.default.replication.factor", []string{"min.insync.replicas 2 exceeds default.replication.factor 1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadBrokerProps(tc.existing, tc.js, tc.edits)
			ps, ok := AsProblems(err)
			if !ok {
				t.Fatalf("Load error = %v, want Problems", err)
			}
			for _, p := range ps {
				if p.Key != tc.key {
					continue
				}
				text := p.Error()
				for _, f := range tc.frags {
					if !strings.Contains(text, f) {
						t.Errorf("problem %q lacks %q", text, f)
					}
				}
				if p.Fix == "" {
					t.Errorf("problem %q has no fix", text)
				}
				return
			}
			t.Errorf("no problem for %s; got %v", tc.key, ps.Keys())
		})
	}
}

// An unknown key is accepted (Kafka ignores it) with a warning that suggests the near key.
func TestBrokerPropertiesUnknownKeyWarns(t *testing.T) {
	c, err := loadBrokerProps(false, `{"log.retention.hour":"168"}`, nil)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !containsFragment(c.Warnings(), "did you mean log.retention.hours?") {
		t.Errorf("warnings %v lack the did-you-mean", c.Warnings())
	}
}

// A key that OwnedBrokerKeys lists for mode new only is free in mode existing, and a key owned
// in every mode is refused in both: OwnerOf is the single answer.
func TestOwnerOf(t *testing.T) {
	cases := []struct {
		key  string
		mode Mode
		want bool
	}{
		{"node.id", ModeNew, true},
		{"node.id", ModeExisting, true},
		{"listener.name.external.sasl.enabled.mechanisms", ModeExisting, true},
		{"listener.names", ModeNew, false},
		{"log.dirs", ModeNew, true},
		{"log.dirs", ModeExisting, false},
		{"log.retention.hours", ModeNew, false},
	}
	for _, tc := range cases {
		if _, got := OwnerOf(tc.key, tc.mode); got != tc.want {
			t.Errorf("OwnerOf(%q, %s) = %v, want %v", tc.key, tc.mode, got, tc.want)
		}
	}
}
