package config

import (
	"strings"
	"testing"
)

// TestAuthProblems: every invalid auth setting is reported with its key, value and fix.
func TestAuthProblems(t *testing.T) {
	cases := []struct {
		name      string
		edits     Values
		key, frag string
		fixHas    string
	}{
		{"unknown mechanism", Values{"externalAuth": raw("plain")}, "externalAuth", "must be none or scram-sha-512", "kafka-plc:externalAuth scram-sha-512"},
		{"mechanism in Kafka's spelling", Values{"externalAuth": raw("SCRAM-SHA-512")}, "externalAuth", "must be none or scram-sha-512", "pulumi config set kafka-plc:externalAuth scram-sha-512 --stack dev"},
		{"user with comma", Values{"externalUser": raw("tidb,cdc")}, "externalUser", "not a usable SCRAM user name", "tidb-cdc"},
		{"user is the super user", Values{"externalUser": raw("ANONYMOUS")}, "externalUser", "super user", "tidb-cdc"},
		{"prefix with space", Values{"externalTopicPrefix": raw("tidb cdc")}, "externalTopicPrefix", "not a topic-name prefix", "tidb_"},
		{"password in plain text", Values{"externalAuth": raw("scram-sha-512"), "externalPassword": raw("Plain-Text-Password-123")}, "externalPassword", "must be a secret", "pulumi config set --secret kafka-plc:externalPassword"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("kafka-plc", "dev", with(validNew(), tc.edits))
			ps, ok := AsProblems(err)
			if !ok {
				t.Fatalf("Load = %v, want problems", err)
			}
			for _, p := range ps {
				if p.Key == tc.key && strings.Contains(p.Message, tc.frag) && strings.Contains(p.Fix, tc.fixHas) {
					if strings.Contains(p.Error(), "Plain-Text-Password") {
						t.Errorf("the problem repeats the password: %v", p)
					}
					return
				}
			}
			t.Errorf("problems = %v, want %s: %q with a fix containing %q", ps, tc.key, tc.frag, tc.fixHas)
		})
	}
}

// TestAuthMissingPassword: with auth on and no password, Load refuses (so both `kplc plan` and
// the program stop before anything else) naming externalPassword, and its fix pipes a
// generated password into `pulumi config set --secret`, never a command-line argument.
func TestAuthMissingPassword(t *testing.T) {
	_, err := Load("kafka-plc", "dev", with(validNew(), Values{"externalAuth": raw("scram-sha-512")}))
	ps, ok := AsProblems(err)
	if !ok || len(ps) != 1 || ps[0].Key != "externalPassword" || !strings.Contains(ps[0].Fix, "| pulumi config set --secret kafka-plc:externalPassword --stack dev") {
		t.Fatalf("Load = %v, want one externalPassword problem with a piped fix", err)
	}
	for _, v := range []Value{{Secret: true}, {Raw: "decrypted", Secret: true}} {
		c := mustLoad(t, "dev", with(validNew(), Values{"externalAuth": raw("scram-sha-512"), "externalPassword": v}))
		if ms := c.MissingSecrets(); len(ms) != 0 || c.SecretStatus()["externalPassword"] != "present" {
			t.Errorf("with %+v: MissingSecrets = %v, status %v", v, ms, c.SecretStatus())
		}
	}
}

// TestAuthDefaults: auth is off by default (no password needed, none reported), the user is
// tidb-cdc and the ACLs cover every topic; the settings reach Config.
func TestAuthDefaults(t *testing.T) {
	c := mustLoad(t, "dev", validNew())
	if c.AuthEnabled() || c.ExternalUser != "tidb-cdc" || c.ExternalTopicPrefix != "" || len(c.MissingSecrets()) != 0 {
		t.Errorf("defaults: auth %q user %q prefix %q missing %v", c.ExternalAuth, c.ExternalUser, c.ExternalTopicPrefix, c.MissingSecrets())
	}
	if _, ok := c.SecretStatus()["externalPassword"]; ok {
		t.Errorf("SecretStatus reports externalPassword while auth is off: %v", c.SecretStatus())
	}
	c = mustLoad(t, "dev", with(validNew(), Values{"externalAuth": raw("scram-sha-512"), "externalUser": raw("cdc"),
		"externalTopicPrefix": raw("tidb_"), "externalPassword": {Secret: true}}))
	if !c.AuthEnabled() || c.ExternalUser != "cdc" || c.ExternalTopicPrefix != "tidb_" || !c.ExternalPasswordSet {
		t.Errorf("set: auth %q user %q prefix %q set %v", c.ExternalAuth, c.ExternalUser, c.ExternalTopicPrefix, c.ExternalPasswordSet)
	}
}

// TestAuthInModeExisting: mode existing takes externalAuth like mode new (the in-place edit makes
// EXTERNAL SASL_PLAINTEXT), and still requires the password.
func TestAuthInModeExisting(t *testing.T) {
	c := mustLoad(t, "existing", with(validExisting(), Values{"externalAuth": raw("scram-sha-512"), "externalPassword": {Secret: true}}))
	if !c.AuthEnabled() || c.ExternalUser != "tidb-cdc" {
		t.Errorf("auth %q user %q, want scram-sha-512 for tidb-cdc", c.ExternalAuth, c.ExternalUser)
	}
	_, err := Load("kafka-plc", "existing", with(validExisting(), Values{"externalAuth": raw("scram-sha-512")}))
	ps, ok := AsProblems(err)
	if !ok || len(ps) != 1 || ps[0].Key != "externalPassword" || !strings.Contains(ps[0].Fix, "pulumi config set --secret") {
		t.Errorf("Load without the password = %v, want one externalPassword problem", err)
	}
}

// TestCheckExternalPassword: the strength rule, with a fix and never the password in the report.
func TestCheckExternalPassword(t *testing.T) {
	cases := []struct {
		pw   string
		frag string // "" = accepted
	}{
		{"q3X9v+Lr7Tz0Wb2Nf8Kd1Q==", ""},
		{"Abcdef12", "too short"},
		{"correct horse Battery 9", "white space"},
		{"aaaaaaaaaaaaaaaaaaaa", "too weak"},
		{"abcdefghijklmnopqrst", "too weak"},
		{"Aa1Aa1Aa1Aa1Aa1Aa1Aa1", "too weak"},
	}
	for _, tc := range cases {
		ps := CheckExternalPassword("kafka-plc", "dev", tc.pw)
		switch {
		case tc.frag == "" && len(ps) != 0:
			t.Errorf("%q refused: %v", tc.pw, ps)
		case tc.frag != "" && (len(ps) != 1 || !strings.Contains(ps[0].Message, tc.frag) || !strings.Contains(ps[0].Fix, "openssl rand")):
			t.Errorf("%q: problems %v, want %q with a fix", tc.pw, ps, tc.frag)
		case len(ps) == 1 && strings.Contains(ps[0].Error(), tc.pw):
			t.Errorf("the problem repeats the password: %v", ps[0])
		}
	}
}
