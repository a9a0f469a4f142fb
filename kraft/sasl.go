package kraft

import (
	"sort"
	"strings"
)

// Keys and values of SASL listeners that the start-up rules read (Kafka 3.7.1 sources cited on
// each rule below).
const (
	// KeySaslEnabledMechanisms is sasl.enabled.mechanisms; a listener-prefixed
	// listener.name.<listener>.sasl.enabled.mechanisms overrides it for one listener.
	KeySaslEnabledMechanisms = "sasl.enabled.mechanisms"
	// KeySaslMechanismInterBroker is sasl.mechanism.inter.broker.protocol.
	KeySaslMechanismInterBroker = "sasl.mechanism.inter.broker.protocol"
	// KeySaslJaasConfig is sasl.jaas.config; a broker reads it only prefixed with the listener
	// and the mechanism: listener.name.<listener>.<mechanism>.sasl.jaas.config.
	KeySaslJaasConfig = "sasl.jaas.config"
	// DefaultSaslMechanism is the default of sasl.enabled.mechanisms and of
	// sasl.mechanism.inter.broker.protocol (BrokerSecurityConfigs.java:86,
	// DEFAULT_SASL_ENABLED_MECHANISMS = [GSSAPI]).
	DefaultSaslMechanism = "GSSAPI"
)

// Rules of SASL listeners.
const (
	// RuleSaslMechanisms is the rule that every SASL listener enables at least one mechanism:
	// the server channel builder makes one JAAS context per enabled mechanism
	// (ChannelBuilders.java:140-143), so with none the listener authenticates nobody.
	RuleSaslMechanisms Rule = "sasl-mechanisms"
	// RuleSaslJaasConfig is the rule that every mechanism enabled on a SASL listener has a
	// JAAS config for that listener (listener.name.<l>.<mech>.sasl.jaas.config) holding exactly
	// one login module: JaasContext.loadServerContext reads only the mechanism-prefixed key
	// (an unprefixed sasl.jaas.config is ignored with a warning) and otherwise the JVM's JAAS
	// file, which kafka-plc never sets, and fails start-up with "Could not find a 'KafkaServer'
	// ... entry in the JAAS configuration" (JaasContext.java:65-75, 92-98, 140-150).
	RuleSaslJaasConfig Rule = "sasl-jaas-config"
	// RuleInterBrokerSasl is the rule that an inter-broker listener using SASL enables
	// sasl.mechanism.inter.broker.protocol (KafkaConfig.scala:2489-2493).
	RuleInterBrokerSasl Rule = "inter-broker-sasl-mechanism"
)

// ListenerPrefix returns the prefix of listener-scoped keys, "listener.name.<lower-case name>."
// (ListenerName.configPrefix).
func ListenerPrefix(listener string) string {
	return "listener.name." + strings.ToLower(listener) + "."
}

// SaslJaasKey returns the key of the JAAS config of mechanism on listener, e.g.
// listener.name.external.scram-sha-512.sasl.jaas.config.
func SaslJaasKey(listener, mechanism string) string {
	return ListenerPrefix(listener) + strings.ToLower(mechanism) + "." + KeySaslJaasConfig
}

// IsSaslProtocol reports whether a security protocol authenticates with SASL.
func IsSaslProtocol(p string) bool { return p == "SASL_PLAINTEXT" || p == "SASL_SSL" }

// EnabledMechanisms returns the SASL mechanisms a broker enables on listener: the
// listener-prefixed sasl.enabled.mechanisms, else the global one, else GSSAPI
// (KafkaConfig.valuesWithPrefixOverride, KafkaConfig.scala:2084-2090).
func EnabledMechanisms(props map[string]string, listener string) (mechs []string, key string) {
	key = ListenerPrefix(listener) + KeySaslEnabledMechanisms
	raw, ok := props[key]
	if !ok {
		key = KeySaslEnabledMechanisms
		raw, ok = props[key]
	}
	if !ok {
		return []string{DefaultSaslMechanism}, key
	}
	return SplitList(raw), key
}

// sasl checks the SASL listeners among listeners.
func (v *validator) sasl(listeners []Endpoint, ctrlNames []string, broker bool) {
	raw, set := v.props[KeyProtocolMap]
	m, err := EffectiveProtocolMap(raw, set, listeners, ctrlNames)
	if err != nil {
		return // protocolMap reports it
	}
	names := append([]string(nil), ctrlNames...)
	for _, l := range listeners {
		if !contains(names, l.Name) {
			names = append(names, l.Name)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if !IsSaslProtocol(m[n]) {
			continue
		}
		mechs, key := EnabledMechanisms(v.props, n)
		if len(mechs) == 0 {
			v.bad(RuleSaslMechanisms, key, "listener "+n+" uses "+m[n]+" but enables no SASL mechanism, so no client can authenticate",
				"set "+ListenerPrefix(n)+KeySaslEnabledMechanisms+"=SCRAM-SHA-512")
			continue
		}
		for _, mech := range mechs {
			jk := SaslJaasKey(n, mech)
			jaas, ok := v.props[jk]
			switch {
			case !ok:
				v.bad(RuleSaslJaasConfig, jk, "listener "+n+" enables "+mech+" but has no JAAS config for it: the broker fails at start-up (Could not find a 'KafkaServer' entry in the JAAS configuration)",
					"set "+jk+" to the mechanism's login module, e.g. org.apache.kafka.common.security.scram.ScramLoginModule required;")
			case strings.Count(jaas, ";") != 1 || strings.TrimSpace(jaas)[len(strings.TrimSpace(jaas))-1] != ';':
				v.bad(RuleSaslJaasConfig, jk, "must hold exactly one login module ending with ';' (JaasContext refuses none or several)",
					"set "+jk+"=<LoginModule class> required;")
			}
		}
	}
	if !broker {
		return
	}
	ib := v.props[KeyInterBrokerListenerName]
	if ib == "" || !IsSaslProtocol(m[ib]) {
		return
	}
	want := DefaultSaslMechanism
	if x, ok := v.props[KeySaslMechanismInterBroker]; ok {
		want = x
	}
	if mechs, _ := EnabledMechanisms(v.props, ib); !contains(mechs, want) {
		v.bad(RuleInterBrokerSasl, KeySaslMechanismInterBroker, "inter-broker listener "+ib+" uses SASL with mechanism "+want+", which it does not enable",
			"enable "+want+" in "+ListenerPrefix(ib)+KeySaslEnabledMechanisms+" or set "+KeySaslMechanismInterBroker+" to an enabled one")
	}
}
