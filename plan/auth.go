package plan

import (
	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kraft"
)

// Auth is the EXTERNAL listener's authentication and authorization, as planned.
type Auth struct {
	// Mechanism is the SASL mechanism ("SCRAM-SHA-512"), or "" when EXTERNAL is unauthenticated.
	Mechanism string
	// User is the SCRAM user of TiDB Cloud's changefeed ("" when off).
	User string
	// TopicPrefix limits the user's topic ACLs to a prefix; "" means every topic.
	TopicPrefix string
}

// Enabled reports whether EXTERNAL requires SASL authentication.
func (a Auth) Enabled() bool { return a.Mechanism != "" }

// authOf plans the authentication of c.
func authOf(c *config.Config) Auth {
	if !c.AuthEnabled() {
		return Auth{}
	}
	return Auth{Mechanism: config.AuthMechanism, User: c.ExternalUser, TopicPrefix: c.ExternalTopicPrefix}
}

// externalProtocol is the EXTERNAL listener's security protocol.
func externalProtocol(a Auth) string {
	if a.Enabled() {
		return "SASL_PLAINTEXT"
	}
	return "PLAINTEXT"
}

// authSection is the server.properties section of authentication and authorization, or nil
// when EXTERNAL is unauthenticated.
func authSection(a Auth) []section {
	if !a.Enabled() {
		return nil
	}
	return []section{{
		title: "Authentication and authorization",
		comment: []string{
			"EXTERNAL (TiDB Cloud's changefeed) authenticates with " + a.Mechanism + "; the settings are prefixed with the",
			"listener, so INTERNAL and CONTROLLER stay PLAINTEXT. Credentials live in the cluster metadata",
			"(kplc scram-upsert); no password is in this file.",
		},
		entries: []entry{
			{key: kraft.ListenerPrefix(ListenerExternal) + kraft.KeySaslEnabledMechanisms, value: a.Mechanism},
			{key: kraft.SaslJaasKey(ListenerExternal, a.Mechanism), value: kraft.ScramJaasConfig},
			{
				comment: []string{
					"ACLs decide what each EXTERNAL user may do; without an ACL, nothing is allowed.",
					"INTERNAL and CONTROLLER connections (brokers, controllers, kplc on the bastion) are",
					"unauthenticated, User:ANONYMOUS, and unrestricted: their trust rests on the security groups.",
				},
				key: kraft.KeyAuthorizer, value: kraft.StandardAuthorizer,
			},
			{key: kraft.KeyAllowEveryone, value: "false"},
			{key: kraft.KeySuperUsers, value: kraft.AnonymousPrincipal},
		},
	}}
}
