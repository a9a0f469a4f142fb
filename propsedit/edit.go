package propsedit

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// Defaults for [External].
const (
	DefaultName     = "EXTERNAL"  // DefaultName is the listener name used when External.Name is empty.
	DefaultPort     = 39092       // DefaultPort is the bind port used when External.Port is 0.
	DefaultProtocol = "PLAINTEXT" // DefaultProtocol is the security protocol used when External.Protocol is empty.
)

// External is the listener that Edit adds to (or updates in) one broker's server.properties.
type External struct {
	NodeID         int    // NodeID is the node.id the file must have (guards against editing the wrong broker).
	Name           string // Name is the listener name; "" means DefaultName. Upper-cased like Kafka does.
	BindHost       string // BindHost is the host in `listeners`; "" binds every interface (written NAME://:port).
	Port           int    // Port is the bind port; 0 means DefaultPort.
	AdvertisedHost string // AdvertisedHost is the host clients are told, e.g. b1.<unique>.alicloud.plc.tidbcloud.com.
	AdvertisedPort int    // AdvertisedPort is the port clients are told: the broker's own NLB port, e.g. 9093.
	Protocol       string // Protocol is the security protocol; "" means DefaultProtocol, or SASL_PLAINTEXT with SASLMechanism.
	// SASLMechanism is the SASL mechanism the listener requires: "" (none, the listener is
	// PLAINTEXT) or "SCRAM-SHA-512" (SASL_PLAINTEXT, with the authorization settings; see auth.go).
	SASLMechanism string
}

func (x External) withDefaults() External {
	if x.Name == "" {
		x.Name = DefaultName
	}
	x.Name = strings.ToUpper(x.Name)
	if x.Port == 0 {
		x.Port = DefaultPort
	}
	x.SASLMechanism = strings.ToUpper(strings.TrimSpace(x.SASLMechanism))
	if x.Protocol == "" {
		x.Protocol = DefaultProtocol
		if x.SASLMechanism != "" {
			x.Protocol = SASLProtocol
		}
	}
	x.Protocol = strings.ToUpper(x.Protocol)
	return x
}

func (x External) check() error {
	bad := func(field, value, problem, fix string) error {
		return &Error{Kind: ErrInvalidExternal, Key: "External." + field, Value: value, Problem: problem, Fix: fix}
	}
	switch {
	case x.NodeID < 0:
		return bad("NodeID", strconv.Itoa(x.NodeID), "node ids are >= 0", "pass the broker's node.id")
	case !kraft.ValidListenerName(x.Name):
		return bad("Name", x.Name, "not a valid listener name", "use letters, digits, '_', '-' or '.' (default EXTERNAL)")
	case x.Port < 1 || x.Port > 65535:
		return bad("Port", strconv.Itoa(x.Port), "not a TCP port", "use 1-65535 (default 39092)")
	case !kraft.ValidHost(x.BindHost) || x.BindHost != strings.TrimSpace(x.BindHost):
		return bad("BindHost", x.BindHost, "not a host name or IP", "leave it empty to bind every interface")
	case kraft.WildcardHost(x.AdvertisedHost):
		return bad("AdvertisedHost", x.AdvertisedHost, "clients cannot connect to an empty or any-address host", "pass b<node.id>.<unique_name>.alicloud.plc.tidbcloud.com")
	case !kraft.ValidHost(x.AdvertisedHost):
		return bad("AdvertisedHost", x.AdvertisedHost, "not a host name or IP", "pass b<node.id>.<unique_name>.alicloud.plc.tidbcloud.com")
	case x.AdvertisedPort < 1 || x.AdvertisedPort > 65535:
		return bad("AdvertisedPort", strconv.Itoa(x.AdvertisedPort), "not a TCP port", "pass the broker's NLB listener port (first NLB port + index - 1)")
	case !kraft.ValidProtocol(x.Protocol):
		return bad("Protocol", x.Protocol, "unknown security protocol", "use one of "+strings.Join(kraft.Protocols, ", "))
	}
	return x.checkAuth(bad)
}

func (x External) bind() kraft.Endpoint {
	return kraft.Endpoint{Name: x.Name, Host: x.BindHost, Port: x.Port}
}

func (x External) advertised() kraft.Endpoint {
	return kraft.Endpoint{Name: x.Name, Host: x.AdvertisedHost, Port: x.AdvertisedPort}
}

// Result is the outcome of a successful [Edit].
type Result struct {
	Original    []byte   // Original is the input, unchanged.
	Output      []byte   // Output is the edited file; equal to Original when Changed is false.
	Changed     bool     // Changed reports whether Output differs; a change needs a broker restart.
	ChangedKeys []string // ChangedKeys lists the keys rewritten or added (listeners, advertised.listeners, listener.security.protocol.map order).
	Warnings    []string // Warnings are harmless oddities found on the way (e.g. unrelated duplicate keys).
}

// Diff returns a unified diff from Original to Output labelled server.properties, or "" when
// nothing changed.
func (r Result) Diff() string { return r.DiffNamed("server.properties") }

// DiffNamed is Diff with the file name to print in the --- / +++ header.
func (r Result) DiffNamed(name string) string {
	return UnifiedDiff(name, r.Original, r.Output, 3)
}

// errInternal marks a broken post-condition: a bug in this package, never a user error.
var errInternal = errors.New("propsedit internal error")

// keysRead are the keys whose value the edit depends on; a duplicate is refused.
var keysRead = []string{
	kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap, kraft.KeyProcessRoles, kraft.KeyNodeID, kraft.KeyBrokerID,
	kraft.KeyQuorumVoters, kraft.KeyControllerListenerNames, kraft.KeyInterBrokerListenerName, kraft.KeyInterBrokerProtocol, kraft.KeyZooKeeper,
}

// Edit adds or updates the listener want in one broker's server.properties, keeping every
// other line byte for byte. See the package documentation for the rules and refusals.
func Edit(original []byte, want External) (Result, error) {
	want = want.withDefaults()
	if err := want.check(); err != nil {
		return Result{}, err
	}
	f, err := Parse(original)
	if err != nil {
		return Result{}, fmt.Errorf("parse server.properties: %w", err)
	}
	e := &editor{f: f, want: want, entries: map[string]kraft.Entry{}}
	if err := e.index(); err != nil {
		return Result{}, err
	}
	if err := e.checkNode(); err != nil {
		return Result{}, err
	}
	if err := e.plan(); err != nil {
		return Result{}, err
	}
	if err := e.planAuth(); err != nil {
		return Result{}, err
	}
	out := e.render()
	if err := verify(original, out, want); err != nil {
		return Result{}, err
	}
	return Result{
		Original:    original,
		Output:      out,
		Changed:     !bytes.Equal(original, out),
		ChangedKeys: e.changedKeys,
		Warnings:    e.warnings,
	}, nil
}

// editor holds the state of one Edit call.
type editor struct {
	f       *kraft.File
	want    External
	entries map[string]kraft.Entry // the single entry of each key in keysRead that is set

	warnings    []string
	changedKeys []string
	replace     map[int]kraft.Line   // 0-based first line of an entry -> its one-line rewrite
	skip        map[int]bool         // 0-based lines dropped (continuations of a rewritten entry)
	insertAfter map[int][]kraft.Line // 0-based line -> new lines after it

	listeners []kraft.Endpoint  // listeners as the file has them (Kafka's default when unset)
	protocols map[string]string // the effective protocol map before the edit
}

// index records the entries of the keys we read and refuses duplicates among them.
func (e *editor) index() error {
	lines := map[string][]int{}
	var order []string
	for _, en := range e.f.Entries {
		if len(lines[en.Key]) == 0 {
			order = append(order, en.Key)
		}
		lines[en.Key] = append(lines[en.Key], en.Start)
		e.entries[en.Key] = en
	}
	for _, k := range e.readKeys() {
		if ls := lines[k]; len(ls) > 1 {
			return &Error{Kind: ErrDuplicateKey, Key: k, Value: e.entries[k].Value, Line: ls[len(ls)-1],
				Problem: fmt.Sprintf("set %d times (lines %s); Java silently keeps the last one, so the intended value is ambiguous", len(ls), joinInts(ls)),
				Fix:     "delete all but one of them, then re-run"}
		}
	}
	for _, k := range order {
		if ls := lines[k]; len(ls) > 1 && !slices.Contains(e.readKeys(), k) {
			e.warnings = append(e.warnings, fmt.Sprintf("%s is set %d times (lines %s); Kafka uses the last one", k, len(ls), joinInts(ls)))
		}
	}
	return nil
}

func (e *editor) get(key string) (kraft.Entry, bool) {
	en, ok := e.entries[key]
	return en, ok
}

// fail builds a refusal about key, filling in its value and line from the file.
func (e *editor) fail(kind error, key, problem, fix string) error {
	en, ok := e.get(key)
	return &Error{Kind: kind, Key: key, Value: en.Value, Missing: !ok, Line: en.Start, Problem: problem, Fix: fix}
}

// checkNode refuses files that are not a KRaft broker with the expected node.id.
func (e *editor) checkNode() error {
	roles, ok := e.get(kraft.KeyProcessRoles)
	if !ok {
		if zk, ok := e.get(kraft.KeyZooKeeper); ok {
			return e.fail(ErrNotKRaft, kraft.KeyProcessRoles,
				fmt.Sprintf("not set while zookeeper.connect=%q (line %d) is: this is a ZooKeeper-mode broker", zk.Value, zk.Start),
				"kplc only edits KRaft configurations; migrate the cluster to KRaft first")
		}
		return e.fail(ErrNotKRaft, kraft.KeyProcessRoles, "not set, so this is not a KRaft configuration",
			"point kplc at the KRaft server.properties (it has process.roles=broker or broker,controller)")
	}
	var broker, controller bool
	for _, r := range kraft.SplitList(roles.Value) {
		switch strings.ToLower(r) {
		case "broker":
			broker = true
		case "controller":
			controller = true
		default:
			return e.fail(ErrNotKRaft, kraft.KeyProcessRoles, "unknown role "+strconv.Quote(r), "use broker and/or controller")
		}
	}
	if !broker {
		if controller {
			return e.fail(ErrControllerOnly, kraft.KeyProcessRoles,
				"a controller-only node serves no clients, so it gets no "+e.want.Name+" listener",
				"run the edit on the broker nodes (process.roles=broker or broker,controller) only")
		}
		return e.fail(ErrNotKRaft, kraft.KeyProcessRoles, "no role given", "set process.roles=broker,controller or broker")
	}
	id, ok := e.get(kraft.KeyNodeID)
	if !ok {
		fix := fmt.Sprintf("add node.id=%d", e.want.NodeID)
		if b, ok := e.get(kraft.KeyBrokerID); ok {
			fix += fmt.Sprintf(" (broker.id=%s is set on line %d; kplc requires node.id explicitly)", b.Value, b.Start)
		}
		return e.fail(ErrNodeID, kraft.KeyNodeID, "not set; a KRaft node needs it", fix)
	}
	n, err := strconv.Atoi(strings.TrimSpace(id.Value))
	if err != nil {
		return e.fail(ErrNodeID, kraft.KeyNodeID, "not an integer", fmt.Sprintf("set node.id=%d", e.want.NodeID))
	}
	if n != e.want.NodeID {
		return e.fail(ErrNodeID, kraft.KeyNodeID, fmt.Sprintf("this file belongs to node %d but broker %d was expected", n, e.want.NodeID),
			"check the host and path given to kplc: each broker's file must be edited with its own node id")
	}
	return nil
}

// endpoints parses a listener key, returning (nil, false, nil) when it is not set.
func (e *editor) endpoints(key string) ([]kraft.Endpoint, bool, error) {
	en, ok := e.get(key)
	if !ok {
		return nil, false, nil
	}
	eps, err := kraft.ParseEndpoints(en.Value)
	if err != nil {
		return nil, true, e.fail(ErrSyntax, key, err.Error(), "write each listener as NAME://host:port, comma separated")
	}
	seen := map[string]bool{}
	for _, ep := range eps {
		if seen[ep.Name] {
			return nil, true, e.fail(ErrListenerConflict, key, "listener name "+ep.Name+" appears twice", "keep one entry per listener name")
		}
		seen[ep.Name] = true
	}
	return eps, true, nil
}

// plan decides the new values and records the line edits.
func (e *editor) plan() error {
	w := e.want
	e.replace, e.skip, e.insertAfter = map[int]kraft.Line{}, map[int]bool{}, map[int][]kraft.Line{}

	listeners, lset, err := e.endpoints(kraft.KeyListeners)
	if err != nil {
		return err
	}
	if !lset {
		listeners, _ = kraft.ParseEndpoints(kraft.DefaultListeners)
	}
	advertised, aset, err := e.endpoints(kraft.KeyAdvertisedListeners)
	if err != nil {
		return err
	}
	cn, _ := e.get(kraft.KeyControllerListenerNames)
	cnames := kraft.ParseNames(cn.Value)
	mapEntry, mset := e.get(kraft.KeyProtocolMap)
	pm, err := kraft.EffectiveProtocolMap(mapEntry.Value, mset, listeners, cnames)
	if err != nil {
		return e.fail(ErrSyntax, kraft.KeyProtocolMap, err.Error(), "write it as NAME:PROTOCOL,... with protocols from "+strings.Join(kraft.Protocols, ", "))
	}

	// Conflicts: the name or the addresses already belong to someone else.
	if slices.Contains(cnames, w.Name) {
		return e.fail(ErrControllerListener, kraft.KeyControllerListenerNames,
			w.Name+" is a controller listener; advertising it would break Kafka 3.7 and expose the quorum",
			"choose another name for the external listener")
	}
	ibKey, ibName := kraft.KeyInterBrokerListenerName, "PLAINTEXT"
	if v, ok := e.get(kraft.KeyInterBrokerListenerName); ok {
		ibName = strings.ToUpper(strings.TrimSpace(v.Value))
	} else if v, ok := e.get(kraft.KeyInterBrokerProtocol); ok {
		ibKey, ibName = kraft.KeyInterBrokerProtocol, strings.ToUpper(strings.TrimSpace(v.Value))
	}
	if ibName == w.Name {
		return e.fail(ErrListenerConflict, ibKey,
			"listener "+w.Name+" carries inter-broker traffic; re-advertising it through PrivateLink would cut replication",
			"choose another name for the external listener, or set inter.broker.listener.name to the internal listener")
	}
	e.listeners, e.protocols = listeners, pm
	if p, ok := pm[w.Name]; ok && p != w.Protocol && !e.ownSwitch(p) {
		problem := fmt.Sprintf("listener name %s is mapped to %s, not %s: it belongs to another listener", w.Name, p, w.Protocol)
		if !mset {
			problem = fmt.Sprintf("Kafka's default map (this key is not set) maps %s to %s, not %s", w.Name, p, w.Protocol)
		}
		return e.fail(ErrListenerConflict, kraft.KeyProtocolMap, problem, "choose another name for the external listener")
	}
	for _, l := range listeners {
		if l.Name != w.Name && l.Port == w.Port {
			return e.fail(ErrListenerConflict, kraft.KeyListeners,
				fmt.Sprintf("port %d is already used by listener %s", w.Port, l.Name),
				"choose another external bind port (default 39092)")
		}
	}
	effAdvertised := advertised
	if !aset {
		effAdvertised = nil
		for _, l := range listeners {
			if !slices.Contains(cnames, l.Name) {
				effAdvertised = append(effAdvertised, l)
			}
		}
	}
	for _, a := range effAdvertised {
		if a.Name != w.Name && a.Addr() == w.advertised().Addr() {
			return e.fail(ErrAdvertisedConflict, kraft.KeyAdvertisedListeners,
				fmt.Sprintf("listener %s already advertises %s:%d", a.Name, w.AdvertisedHost, w.AdvertisedPort),
				"each broker needs its own advertised host:port; check the unique name and NLB port")
		}
	}

	// New values.
	anchor := -1 // 0-based line after which new lines go
	if len(e.f.Lines) > 0 {
		anchor = len(e.f.Lines) - 1
	}
	style := e.styleEntry()

	newListeners, lchanged := upsert(listeners, w.bind(), lset, e.entries[kraft.KeyListeners].Value)
	switch {
	case !lset:
		e.insert(anchor, style, kraft.KeyListeners, newListeners)
	case lchanged:
		e.rewrite(kraft.KeyListeners, newListeners)
	}
	if lset {
		anchor = e.entries[kraft.KeyListeners].End - 1
	}

	if aset {
		v, changed := upsert(advertised, w.advertised(), true, e.entries[kraft.KeyAdvertisedListeners].Value)
		if changed {
			e.rewrite(kraft.KeyAdvertisedListeners, v)
		}
	} else {
		var items []string
		for _, l := range listeners {
			if slices.Contains(cnames, l.Name) || l.Name == w.Name {
				continue
			}
			if kraft.WildcardHost(l.Host) {
				return e.fail(ErrNoAdvertisedHost, kraft.KeyAdvertisedListeners,
					fmt.Sprintf("not set, so Kafka advertises listeners, whose %s entry %q has no host that could be written here", l.Name, l.Raw),
					fmt.Sprintf("add advertised.listeners=%s://<address clients use today>:%d (plus any other broker listeners), then re-run", l.Name, l.Port))
			}
			items = append(items, l.Raw)
		}
		items = append(items, w.advertised().String())
		e.insert(anchor, style, kraft.KeyAdvertisedListeners, strings.Join(items, listSeparator(e.entries[kraft.KeyListeners].Value)))
	}
	if aset {
		if en := e.entries[kraft.KeyAdvertisedListeners]; en.End-1 > anchor {
			anchor = en.End - 1
		}
	}

	want := w.Name + ":" + w.Protocol
	if mset {
		if p, ok := pm[w.Name]; !ok {
			e.rewrite(kraft.KeyProtocolMap, appendItem(mapEntry.Value, want))
		} else if p != w.Protocol {
			e.rewrite(kraft.KeyProtocolMap, replaceItem(mapEntry.Value, w.Name, want))
		}
	} else {
		var items []string
		seen := map[string]bool{w.Name: true}
		var names []string
		for _, l := range listeners {
			names = append(names, l.Name)
		}
		names = append(names, cnames...)
		for _, n := range names {
			if seen[n] {
				continue
			}
			seen[n] = true
			p, ok := pm[n]
			if !ok {
				return e.fail(ErrUnmappedListener, kraft.KeyProtocolMap,
					fmt.Sprintf("not set, and Kafka's default map has no protocol for listener %s (the broker cannot start as it is)", n),
					fmt.Sprintf("add listener.security.protocol.map with an entry %s:<PROTOCOL> for every listener, then re-run", n))
			}
			items = append(items, n+":"+p)
		}
		items = append(items, want)
		e.insert(anchor, style, kraft.KeyProtocolMap, strings.Join(items, ","))
	}
	return nil
}

// upsert returns the list value with ep added or replacing the entry of the same name, and
// whether it differs semantically from the current list. Untouched items keep their text.
func upsert(list []kraft.Endpoint, ep kraft.Endpoint, set bool, raw string) (string, bool) {
	var items []string
	found, changed := false, !set
	for _, l := range list {
		if l.Name != ep.Name {
			items = append(items, l.Raw)
			continue
		}
		found = true
		if l.Addr() == ep.Addr() {
			items = append(items, l.Raw)
		} else {
			items = append(items, ep.String())
			changed = true
		}
	}
	if !found {
		items = append(items, ep.String())
		changed = true
	}
	return strings.Join(items, listSeparator(raw)), changed
}

// appendItem appends item to a comma-separated value in the style it already uses.
func appendItem(raw, item string) string {
	items := kraft.SplitList(raw)
	return strings.Join(append(items, item), listSeparator(raw))
}

// styleEntry is the entry whose indentation and separator new lines copy: listeners if
// set, otherwise a synthetic entry with the file's most common separator.
func (e *editor) styleEntry() kraft.Entry {
	if en, ok := e.get(kraft.KeyListeners); ok && en.RawKey != "" && en.Sep != "" {
		return en
	}
	count := map[string]int{}
	best := "="
	for _, en := range e.f.Entries {
		if en.Sep == "" || en.RawKey == "" {
			continue
		}
		count[en.Sep]++
		if count[en.Sep] > count[best] {
			best = en.Sep
		}
	}
	return kraft.Entry{Sep: best}
}

// rewrite replaces the (single) entry of key by one line holding value.
func (e *editor) rewrite(key, value string) {
	en := e.entries[key]
	first, last := en.Start-1, en.End-1
	prefix := en.Indent + en.RawKey + en.Sep
	if en.RawKey == "" {
		prefix = en.Indent + kraft.EscapeKey(en.Key) + "="
	} else if en.Sep == "" {
		prefix += "="
	}
	e.replace[first] = kraft.Line{Text: prefix + kraft.EscapeValue(value), EOL: e.f.Lines[last].EOL}
	for i := first + 1; i <= last; i++ {
		e.skip[i] = true
	}
	e.changedKeys = append(e.changedKeys, key)
}

// insert adds a new key line after the 0-based line anchor (-1: at the start).
func (e *editor) insert(anchor int, style kraft.Entry, key, value string) {
	l := kraft.Line{Text: style.Indent + key + style.Sep + kraft.EscapeValue(value), EOL: e.f.EOL}
	e.insertAfter[anchor] = append(e.insertAfter[anchor], l)
	e.changedKeys = append(e.changedKeys, key)
}

// render applies the recorded line edits.
func (e *editor) render() []byte {
	var out []kraft.Line
	out = append(out, e.insertAfter[-1]...)
	for i, l := range e.f.Lines {
		if r, ok := e.replace[i]; ok {
			l = r
		}
		if !e.skip[i] {
			out = append(out, l)
		}
		out = append(out, e.insertAfter[i]...)
	}
	// Only the last line may lack a terminator; keep "no newline at end of file" if the
	// original had it.
	noFinalEOL := len(e.f.Lines) > 0 && e.f.Lines[len(e.f.Lines)-1].EOL == ""
	for i := range out {
		if out[i].EOL == "" && i < len(out)-1 {
			out[i].EOL = e.f.EOL
		}
	}
	if noFinalEOL && len(out) > 0 {
		out[len(out)-1].EOL = ""
	}
	return (&kraft.File{Lines: out}).Bytes()
}

// verify re-reads the edited bytes: they must parse, hold exactly the wanted EXTERNAL
// entries, and pass ValidateKRaft.
func verify(original, out []byte, w External) error {
	f, err := Parse(out)
	if err != nil {
		return fmt.Errorf("%w: edited file does not parse: %v", errInternal, err)
	}
	props := f.Props()
	ls, err1 := kraft.ParseEndpoints(props[kraft.KeyListeners])
	as, err2 := kraft.ParseEndpoints(props[kraft.KeyAdvertisedListeners])
	if err1 != nil || err2 != nil || !hasEndpoint(ls, w.bind()) || !hasEndpoint(as, w.advertised()) {
		return fmt.Errorf("%w: edited file lacks %s or %s", errInternal, w.bind(), w.advertised())
	}
	if err := verifyAuth(props, w); err != nil {
		return err
	}
	problems := ValidateKRaft(props)
	if len(problems) == 0 {
		return nil
	}
	before := map[string]bool{}
	if of, err := Parse(original); err == nil {
		for _, p := range ValidateKRaft(of.Props()) {
			before[p.Error()] = true
		}
	}
	ve := &ValidationError{Problems: problems}
	for _, p := range problems {
		ve.InOriginal = append(ve.InOriginal, before[p.Error()])
	}
	return ve
}

func hasEndpoint(list []kraft.Endpoint, ep kraft.Endpoint) bool {
	for _, l := range list {
		if l.Name == ep.Name && l.Addr() == ep.Addr() {
			return true
		}
	}
	return false
}

func joinInts(xs []int) string {
	s := append([]int(nil), xs...)
	sort.Ints(s)
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ", ")
}
