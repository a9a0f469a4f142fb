package plan

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kraft"
)

// authConfig is the dev config with externalAuth scram-sha-512.
func authConfig() *config.Config {
	c := devConfig()
	c.ExternalAuth, c.ExternalUser, c.ExternalPasswordSet, c.ExternalTopicPrefix = config.AuthScramSHA512, "tidb-cdc", true, "tidb_"
	return c
}

// TestRenderAuth: with auth on, EXTERNAL is SASL_PLAINTEXT with SCRAM-SHA-512 configured for
// that listener only, the StandardAuthorizer denies by default with User:ANONYMOUS (INTERNAL
// and CONTROLLER) as super user, and every file passes Kafka's start-up rules.
func TestRenderAuth(t *testing.T) {
	p := mustBuild(t, withBrokers(4, 3)) // broker-only node 4 too
	c := authConfig()
	c.BrokerCount = 4
	pa := mustBuild(t, c)
	want := map[string]string{
		kraft.KeyProtocolMap:                                    "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:SASL_PLAINTEXT",
		"listener.name.external.sasl.enabled.mechanisms":        "SCRAM-SHA-512",
		"listener.name.external.scram-sha-512.sasl.jaas.config": "org.apache.kafka.common.security.scram.ScramLoginModule required;",
		"authorizer.class.name":                                 "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
		"allow.everyone.if.no.acl.found":                        "false",
		"super.users":                                           "User:ANONYMOUS",
	}
	for i, b := range pa.Brokers {
		f, err := kraft.Parse([]byte(b.ServerProperties))
		if err != nil {
			t.Fatalf("node %d: %v", b.NodeID, err)
		}
		props := f.Props()
		for k, v := range want {
			if props[k] != v {
				t.Errorf("node %d: %s = %q, want %q", b.NodeID, k, props[k], v)
			}
		}
		for k := range props {
			if strings.HasPrefix(k, "listener.name.") && !strings.HasPrefix(k, "listener.name.external.") || k == "sasl.enabled.mechanisms" {
				t.Errorf("node %d: %s configures SASL beyond EXTERNAL", b.NodeID, k)
			}
		}
		if errs := Validate(b.ServerProperties); len(errs) > 0 {
			t.Errorf("node %d breaks start-up rules: %v", b.NodeID, errs)
		}
		// Switching auth on changes nothing but the protocol map and the added settings.
		off, _ := kraft.Parse([]byte(p.Brokers[i].ServerProperties))
		for k, v := range off.Props() {
			if k != kraft.KeyProtocolMap && props[k] != v {
				t.Errorf("node %d: %s changed from %q to %q", b.NodeID, k, v, props[k])
			}
		}
		if strings.Contains(b.ServerProperties, "password=") {
			t.Errorf("node %d: server.properties holds a password", b.NodeID)
		}
	}
	if pa.TiDBCloud.SASLMechanism != "SCRAM-SHA-512" || pa.TiDBCloud.SASLUser != "tidb-cdc" ||
		pa.TiDBCloud.PasswordCommand("kafka-plc", "dev") != "pulumi config get kafka-plc:externalPassword --stack dev" {
		t.Errorf("TiDBCloud = %+v", pa.TiDBCloud)
	}
	if pa.Auth.TopicPrefix != "tidb_" || pa.Auth.User != "tidb-cdc" {
		t.Errorf("Auth = %+v", pa.Auth)
	}
}

// TestRenderNoAuth: by default EXTERNAL stays PLAINTEXT and no authorizer is configured.
func TestRenderNoAuth(t *testing.T) {
	p := mustBuild(t, devConfig())
	for _, b := range p.Brokers {
		if !strings.Contains(b.ServerProperties, "EXTERNAL:PLAINTEXT") || strings.Contains(b.ServerProperties, "authorizer") ||
			strings.Contains(b.ServerProperties, "sasl") {
			t.Errorf("node %d renders auth settings without externalAuth:\n%s", b.NodeID, b.ServerProperties)
		}
	}
	if p.Auth.Enabled() || p.TiDBCloud.SASLMechanism != "" || p.TiDBCloud.PasswordCommand("kafka-plc", "dev") != "" {
		t.Errorf("auth planned without externalAuth: %+v %+v", p.Auth, p.TiDBCloud)
	}
}
