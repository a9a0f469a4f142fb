package propsedit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// SASL on the EXTERNAL listener of an existing broker (externalAuth scram-sha-512 in mode
// existing). The edit stays local to the EXTERNAL listener's own keys and to the three
// authorization keys, and refuses whenever it cannot tell that turning authorization on keeps
// every other client of the cluster working.
//
// With External.SASLMechanism "SCRAM-SHA-512" Edit
//
//   - maps EXTERNAL to SASL_PLAINTEXT in listener.security.protocol.map (replacing the
//     PLAINTEXT item of an earlier run: a PLAINTEXT EXTERNAL is kafka-plc's, as without auth);
//   - sets listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512 and
//     listener.name.external.scram-sha-512.sasl.jaas.config=<the SCRAM login module>, both
//     listener-prefixed, so INTERNAL, CONTROLLER and every other listener keep their settings
//     (an existing value other than these is someone else's SASL set-up: ErrListenerConflict);
//   - when the file has no authorizer.class.name: adds KRaft's StandardAuthorizer,
//     allow.everyone.if.no.acl.found=false and super.users=User:ANONYMOUS. It refuses
//     (ErrAuthorization) when that could lock a client out: another listener that is not
//     PLAINTEXT (its clients are not User:ANONYMOUS, so they would be denied everything), a
//     principal.builder.class (PLAINTEXT clients might not be User:ANONYMOUS), or super.users /
//     allow.everyone.if.no.acl.found set without an authorizer (a half-made set-up it will not
//     merge into). When the file already runs StandardAuthorizer (kafka-plc's earlier run, or
//     the operator's own), the three keys are left exactly as they are; any other authorizer
//     is refused.
//
// With SASLMechanism "" and an EXTERNAL listener that is SASL_PLAINTEXT with exactly kafka-plc's
// two SCRAM keys (an earlier run with auth), Edit maps EXTERNAL back to PLAINTEXT and removes
// those two keys. The authorization keys stay: EXTERNAL's clients are then User:ANONYMOUS, a
// super user, so EXTERNAL is as open as before auth was turned on, and no second restart is
// needed to take the authorizer off. Any other SASL EXTERNAL listener is someone else's
// (ErrListenerConflict), as before.

// SASLProtocol is the security protocol of an EXTERNAL listener with SASLMechanism set.
const SASLProtocol = "SASL_PLAINTEXT"

// SCRAMSHA512 is the one SASL mechanism the edit writes: TiDB Cloud's changefeed supports it
// without TLS, and it never sends the password.
const SCRAMSHA512 = "SCRAM-SHA-512"

// ErrAuthorization means turning authorization on could lock existing clients out, or the
// file runs an authorizer kafka-plc's ACLs cannot use.
var ErrAuthorization = errors.New("authorization cannot be turned on safely")

// checkAuth checks SASLMechanism against Protocol (after withDefaults).
func (x External) checkAuth(bad func(field, value, problem, fix string) error) error {
	switch {
	case x.SASLMechanism != "" && x.SASLMechanism != SCRAMSHA512:
		return bad("SASLMechanism", x.SASLMechanism, "not supported", "use "+SCRAMSHA512+" or leave it empty")
	case x.SASLMechanism != "" && x.Protocol != SASLProtocol:
		return bad("Protocol", x.Protocol, "a listener with SASLMechanism "+x.SASLMechanism+" must be "+SASLProtocol, "leave Protocol empty")
	case x.SASLMechanism == "" && kraft.IsSaslProtocol(x.Protocol):
		return bad("Protocol", x.Protocol, "a SASL protocol without SASLMechanism", "set SASLMechanism to "+SCRAMSHA512+", or leave Protocol empty")
	}
	return nil
}

// mechanismKey and jaasKey are the EXTERNAL listener's SCRAM keys.
func (x External) mechanismKey() string {
	return kraft.ListenerPrefix(x.Name) + kraft.KeySaslEnabledMechanisms
}

func (x External) jaasKey() string { return kraft.SaslJaasKey(x.Name, SCRAMSHA512) }

// authorizationKeys are the keys of the authorizer.
var authorizationKeys = []string{kraft.KeyAuthorizer, kraft.KeyAllowEveryone, kraft.KeySuperUsers, kraft.KeyPrincipalBuilder}

// readKeys are the keys whose value the edit depends on; a duplicate is refused.
func (e *editor) readKeys() []string {
	keys := append([]string(nil), keysRead...)
	return append(append(keys, e.want.mechanismKey(), e.want.jaasKey()), authorizationKeys...)
}

// ownSCRAM reports whether the EXTERNAL listener's SCRAM keys are exactly what kafka-plc writes.
func (e *editor) ownSCRAM() bool {
	m, mok := e.get(e.want.mechanismKey())
	j, jok := e.get(e.want.jaasKey())
	return mok && jok && strings.EqualFold(strings.TrimSpace(m.Value), SCRAMSHA512) &&
		strings.TrimSpace(j.Value) == kraft.ScramJaasConfig
}

// ownSwitch reports whether an EXTERNAL listener mapped to current (not the wanted protocol) is
// kafka-plc's own in the other auth state: PLAINTEXT when SASL is wanted, or SASL_PLAINTEXT with
// exactly kafka-plc's SCRAM keys when it is not.
func (e *editor) ownSwitch(current string) bool {
	switch {
	case e.want.Protocol == SASLProtocol:
		return current == DefaultProtocol
	case e.want.Protocol == DefaultProtocol:
		return current == SASLProtocol && e.ownSCRAM()
	}
	return false
}

// authAnchor is the 0-based line after which the auth keys go: after the last of the listener
// keys that are set (after the new lines the listener edit put there), else at the end.
func (e *editor) authAnchor() int {
	anchor := len(e.f.Lines) - 1
	last := -1
	for _, k := range []string{kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap} {
		if en, ok := e.get(k); ok && en.End-1 > last {
			last = en.End - 1
		}
	}
	if last >= 0 {
		anchor = last
	}
	return anchor
}

// planAuth records the edits of the EXTERNAL listener's SCRAM keys and of the authorizer.
func (e *editor) planAuth() error {
	w := e.want
	if w.SASLMechanism == "" {
		// Back to PLAINTEXT (or never SASL): kafka-plc's own SCRAM keys go; anything else stays.
		if e.ownSCRAM() {
			e.remove(w.mechanismKey())
			e.remove(w.jaasKey())
		}
		return nil
	}
	anchor, style := e.authAnchor(), e.styleEntry()
	for _, kv := range [][2]string{{w.mechanismKey(), w.SASLMechanism}, {w.jaasKey(), kraft.ScramJaasConfig}} {
		en, ok := e.get(kv[0])
		switch {
		case !ok:
			e.insert(anchor, style, kv[0], kv[1])
		case strings.TrimSpace(en.Value) == kv[1] || (kv[0] == w.mechanismKey() && strings.EqualFold(strings.TrimSpace(en.Value), kv[1])):
		default:
			return e.fail(ErrListenerConflict, kv[0],
				fmt.Sprintf("already set for listener %s to something other than kafka-plc's SCRAM setting (%s): another SASL set-up uses this listener name", w.Name, kv[1]),
				"remove it if it is a leftover, or choose another listener name for TiDB Cloud, then re-run")
		}
	}
	return e.planAuthorizer(anchor, style)
}

// planAuthorizer adds KRaft's StandardAuthorizer with User:ANONYMOUS as the super user when the
// file runs no authorizer and that locks nobody out (see the file comment).
func (e *editor) planAuthorizer(anchor int, style kraft.Entry) error {
	const yourself = "configure authorization yourself (authorizer.class.name=" + kraft.StandardAuthorizer +
		", super.users including " + kraft.AnonymousPrincipal + " and your clients' principals, or ACLs for them), then re-run: kafka-plc then leaves it as it is"
	if a, ok := e.get(kraft.KeyAuthorizer); ok {
		if strings.TrimSpace(a.Value) != kraft.StandardAuthorizer {
			return e.fail(ErrAuthorization, kraft.KeyAuthorizer,
				"is not KRaft's StandardAuthorizer, which the changefeed's ACLs (kplc acls-apply) need",
				"switch to "+kraft.StandardAuthorizer+" yourself (keeping your ACLs), or leave externalAuth none")
		}
		if su, _ := e.get(kraft.KeySuperUsers); !hasPrincipal(su.Value, kraft.AnonymousPrincipal) {
			e.warnings = append(e.warnings, fmt.Sprintf("%s is the file's own and %s does not list %s: kplc (the restart gates, scram-upsert, acls-apply) "+
				"connects as %s and needs ACLs that allow it", kraft.KeyAuthorizer, kraft.KeySuperUsers, kraft.AnonymousPrincipal, kraft.AnonymousPrincipal))
		}
		return nil
	}
	for _, k := range []string{kraft.KeySuperUsers, kraft.KeyAllowEveryone} {
		if _, ok := e.get(k); ok {
			return e.fail(ErrAuthorization, k, "set without "+kraft.KeyAuthorizer+": kafka-plc does not merge its authorization settings into a partial set-up",
				"remove it, or "+yourself)
		}
	}
	if _, ok := e.get(kraft.KeyPrincipalBuilder); ok {
		return e.fail(ErrAuthorization, kraft.KeyPrincipalBuilder,
			"a custom principal builder may give PLAINTEXT clients another principal than "+kraft.AnonymousPrincipal+", which kafka-plc makes the super user; they could be denied everything",
			yourself)
	}
	for _, l := range e.listeners {
		if l.Name == e.want.Name || e.protocols[l.Name] == DefaultProtocol {
			continue
		}
		return e.fail(ErrAuthorization, kraft.KeyProtocolMap,
			fmt.Sprintf("listener %s is %s: its clients (or nodes) authenticate as their own principals, which %s with %s=false would deny everything",
				l.Name, e.protocols[l.Name], "StandardAuthorizer", kraft.KeyAllowEveryone),
			yourself)
	}
	e.insert(anchor, style, kraft.KeyAuthorizer, kraft.StandardAuthorizer)
	e.insert(anchor, style, kraft.KeyAllowEveryone, "false")
	e.insert(anchor, style, kraft.KeySuperUsers, kraft.AnonymousPrincipal)
	return nil
}

// hasPrincipal reports whether a super.users value (principals separated by ';') lists p.
func hasPrincipal(superUsers, p string) bool {
	for _, s := range strings.Split(superUsers, ";") {
		if strings.TrimSpace(s) == p {
			return true
		}
	}
	return false
}

// remove drops the (single) entry of key, continuation lines included.
func (e *editor) remove(key string) {
	en := e.entries[key]
	for i := en.Start - 1; i <= en.End-1; i++ {
		e.skip[i] = true
	}
	e.changedKeys = append(e.changedKeys, key)
}

// replaceItem replaces the item of listener name in a listener.security.protocol.map value by
// item, keeping the other items' text and the separator.
func replaceItem(raw, name, item string) string {
	items := kraft.SplitList(raw)
	for i, it := range items {
		if n, _, ok := strings.Cut(it, ":"); ok && strings.EqualFold(strings.TrimSpace(n), name) {
			items[i] = item
		}
	}
	return strings.Join(items, listSeparator(raw))
}

// verifyAuth checks the edited file's EXTERNAL protocol and SCRAM keys against w.
func verifyAuth(props map[string]string, w External) error {
	m, err := kraft.ParseProtocolMap(props[kraft.KeyProtocolMap])
	if err != nil {
		return fmt.Errorf("%w: edited protocol map does not parse: %v", errInternal, err)
	}
	protocol := ""
	for _, x := range m {
		if x.Name == w.Name {
			protocol = x.Protocol
		}
	}
	mech, hasMech := props[w.mechanismKey()]
	switch {
	case protocol != w.Protocol:
		return fmt.Errorf("%w: edited file maps %s to %q, want %s", errInternal, w.Name, protocol, w.Protocol)
	case w.SASLMechanism != "" && (!strings.EqualFold(strings.TrimSpace(mech), w.SASLMechanism) || props[kraft.KeyAuthorizer] == ""):
		return fmt.Errorf("%w: edited file lacks %s's SCRAM settings or an authorizer", errInternal, w.Name)
	case w.SASLMechanism == "" && hasMech && strings.EqualFold(strings.TrimSpace(mech), SCRAMSHA512) && strings.TrimSpace(props[w.jaasKey()]) == kraft.ScramJaasConfig:
		return fmt.Errorf("%w: edited file keeps %s's SCRAM settings on a %s listener", errInternal, w.Name, protocol)
	}
	return nil
}
