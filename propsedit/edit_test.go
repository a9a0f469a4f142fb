package propsedit

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/kraft"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

// stage1 and stage2 are the EXTERNAL listener before and after TiDB Cloud returned the
// PrivateLink unique name, for broker index i with node id i and first NLB port 9093.
func stage1(node int) External {
	return External{NodeID: node, AdvertisedHost: "b" + itoa(node) + ".pending.alicloud.plc.tidbcloud.com", AdvertisedPort: 9092 + node}
}

func stage2(node int) External {
	return External{NodeID: node, AdvertisedHost: "b" + itoa(node) + ".u7x2kq.alicloud.plc.tidbcloud.com", AdvertisedPort: 9092 + node}
}

func itoa(i int) string { return string(rune('0' + i)) }

func readCorpus(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name+".properties"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkGolden compares got with testdata/golden/<name>, rewriting it under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test ./propsedit -update to create it): %v", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test ./propsedit -update rewrites it)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

var editedKeys = map[string]bool{kraft.KeyListeners: true, kraft.KeyAdvertisedListeners: true, kraft.KeyProtocolMap: true}

// otherLines returns the physical lines that are not part of a listeners,
// advertised.listeners or listener.security.protocol.map entry.
func otherLines(t *testing.T, data []byte) []kraft.Line {
	t.Helper()
	f, err := Parse(data)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	in := map[int]bool{}
	for _, e := range f.Entries {
		if editedKeys[e.Key] {
			for l := e.Start; l <= e.End; l++ {
				in[l-1] = true
			}
		}
	}
	var out []kraft.Line
	for i, l := range f.Lines {
		if !in[i] {
			out = append(out, l)
		}
	}
	return out
}

// assertOthersUntouched fails unless every line outside the three edited keys is kept byte
// for byte, in order, and no other line was added.
func assertOthersUntouched(t *testing.T, before, after []byte) {
	t.Helper()
	a, b := otherLines(t, before), otherLines(t, after)
	if len(a) != len(b) {
		t.Fatalf("unrelated line count changed: %d -> %d", len(a), len(b))
	}
	for i := range a {
		if a[i].EOL == "" && i == len(a)-1 && a[i].Text == b[i].Text {
			continue // the final line may gain a terminator when lines are appended after it
		}
		if a[i] != b[i] {
			t.Errorf("unrelated line %d changed: %q%q -> %q%q", i, a[i].Text, a[i].EOL, b[i].Text, b[i].EOL)
		}
	}
}

// assertEffective fails unless the edited file carries exactly the wanted EXTERNAL entries.
func assertEffective(t *testing.T, out []byte, w External) {
	t.Helper()
	w = w.withDefaults()
	f, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	p := f.Props()
	ls, _ := kraft.ParseEndpoints(p[kraft.KeyListeners])
	as, _ := kraft.ParseEndpoints(p[kraft.KeyAdvertisedListeners])
	m, _ := kraft.ParseProtocolMap(p[kraft.KeyProtocolMap])
	if !hasEndpoint(ls, w.bind()) {
		t.Errorf("listeners=%q lacks %s", p[kraft.KeyListeners], w.bind())
	}
	if !hasEndpoint(as, w.advertised()) {
		t.Errorf("advertised.listeners=%q lacks %s", p[kraft.KeyAdvertisedListeners], w.advertised())
	}
	found := false
	for _, x := range m {
		found = found || (x.Name == w.Name && x.Protocol == w.Protocol)
	}
	if !found {
		t.Errorf("listener.security.protocol.map=%q lacks %s:%s", p[kraft.KeyProtocolMap], w.Name, w.Protocol)
	}
	if errs := ValidateKRaft(p); len(errs) > 0 {
		t.Errorf("edited file breaks KRaft rules: %v", errs)
	}
}

func TestEditCorpus(t *testing.T) {
	tests := []struct {
		name        string // corpus file and golden diff name
		want        External
		changedKeys []string
	}{
		{"combined", stage1(1), []string{kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap}},
		{"broker-only", stage1(4), []string{kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap}},
		{"sasl", stage2(2), []string{kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap}},
		{"hostnames", stage2(1), []string{kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap}},
		{"default-map", stage2(3), []string{kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap}},
		{"crlf", stage2(3), []string{kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap}},
		{"separators", stage2(2), []string{kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap}},
		{"stage1", stage2(2), []string{kraft.KeyAdvertisedListeners}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := readCorpus(t, tt.name)
			if errs := ValidateKRaft(mustParse(t, in).Props()); len(errs) > 0 {
				t.Fatalf("corpus file is not a valid KRaft config to begin with: %v", errs)
			}
			r, err := Edit(in, tt.want)
			if err != nil {
				t.Fatalf("Edit: %v", err)
			}
			if !r.Changed || bytes.Equal(r.Output, in) {
				t.Fatalf("Changed=%v but output equal to input=%v; want a change", r.Changed, bytes.Equal(r.Output, in))
			}
			if !bytes.Equal(r.Original, in) {
				t.Errorf("Result.Original is not the input")
			}
			if strings.Join(r.ChangedKeys, " ") != strings.Join(tt.changedKeys, " ") {
				t.Errorf("ChangedKeys = %v, want %v", r.ChangedKeys, tt.changedKeys)
			}
			assertOthersUntouched(t, in, r.Output)
			assertEffective(t, r.Output, tt.want)
			checkGolden(t, tt.name+".diff", r.Diff())

			again, err := Edit(r.Output, tt.want)
			if err != nil {
				t.Fatalf("second Edit: %v", err)
			}
			if again.Changed || !bytes.Equal(again.Output, r.Output) || again.Diff() != "" {
				t.Errorf("second Edit changed the file again:\n%s", again.Diff())
			}
		})
	}
}

// TestStages runs the two passes of the product on fresh files: stage 1 adds EXTERNAL with
// a placeholder name, stage 2 changes only the advertised EXTERNAL item.
func TestStages(t *testing.T) {
	for _, tt := range []struct {
		name string
		node int
	}{{"combined", 1}, {"crlf", 3}, {"separators", 2}} {
		t.Run(tt.name, func(t *testing.T) {
			in := readCorpus(t, tt.name)
			r1, err := Edit(in, stage1(tt.node))
			if err != nil {
				t.Fatalf("stage 1: %v", err)
			}
			r2, err := Edit(r1.Output, stage2(tt.node))
			if err != nil {
				t.Fatalf("stage 2: %v", err)
			}
			if strings.Join(r2.ChangedKeys, ",") != kraft.KeyAdvertisedListeners {
				t.Errorf("stage 2 changed %v, want only %s", r2.ChangedKeys, kraft.KeyAdvertisedListeners)
			}
			assertOthersUntouched(t, r1.Output, r2.Output)
			assertEffective(t, r2.Output, stage2(tt.node))
			checkGolden(t, tt.name+"-stage2.diff", r2.Diff())
			// Stage 1 must be gone from the file.
			if bytes.Contains(r2.Output, []byte("pending")) {
				t.Errorf("stage 2 output still advertises the placeholder:\n%s", r2.Output)
			}
		})
	}
}

func TestAlreadyDone(t *testing.T) {
	in := readCorpus(t, "stage1")
	r, err := Edit(in, stage1(2))
	if err != nil {
		t.Fatal(err)
	}
	if r.Changed || !bytes.Equal(r.Output, in) || r.Diff() != "" || len(r.ChangedKeys) != 0 {
		t.Errorf("file with the right EXTERNAL entries was changed (keys %v):\n%s", r.ChangedKeys, r.Diff())
	}
}

func TestCRLFPreserved(t *testing.T) {
	in := readCorpus(t, "crlf")
	if bytes.Count(in, []byte("\r\n")) != bytes.Count(in, []byte("\n")) {
		t.Fatal("corpus crlf.properties is not pure CRLF")
	}
	r, err := Edit(in, stage2(3))
	if err != nil {
		t.Fatal(err)
	}
	f := mustParse(t, r.Output)
	for i, l := range f.Lines {
		if l.EOL != "\r\n" {
			t.Errorf("line %d %q ends in %q, want CRLF", i+1, l.Text, l.EOL)
		}
		if strings.ContainsAny(l.Text, "\r\n") {
			t.Errorf("line %d %q contains a stray CR or LF", i+1, l.Text)
		}
	}
}

func TestContinuedEntryRewrittenAsOneLine(t *testing.T) {
	in := readCorpus(t, "separators")
	r, err := Edit(in, stage2(2))
	if err != nil {
		t.Fatal(err)
	}
	f := mustParse(t, r.Output)
	l := f.Lookup(kraft.KeyListeners)
	if len(l) != 1 || l[0].Continued() {
		t.Fatalf("listeners entry = %+v, want one single-line entry", l)
	}
	if got := f.Lines[l[0].Start-1].Text; got != "listeners: INTERNAL://:9092, CONTROLLER://:29092, EXTERNAL://:39092" {
		t.Errorf("listeners line = %q: want the ': ' separator and ', ' list style kept", got)
	}
	a := f.Lookup(kraft.KeyAdvertisedListeners)[0]
	if got := f.Lines[a.Start-1].Text; !strings.HasPrefix(got, "advertised.listeners: ") {
		t.Errorf("advertised line %q lost its separator", got)
	}
	// The continued voters and log.dirs entries are not ours and stay continued.
	if v := f.Lookup(kraft.KeyQuorumVoters)[0]; !v.Continued() {
		t.Errorf("controller.quorum.voters lost its continuation lines")
	}
}

func TestNoFinalNewlineKept(t *testing.T) {
	in := bytes.TrimSuffix(readCorpus(t, "hostnames"), []byte("\n"))
	// Put listeners last so the new lines are inserted after the final line.
	in = append(in, []byte("\n# trailing comment without newline")...)
	r, err := Edit(in, stage2(1))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasSuffix(r.Output, []byte("\n")) {
		t.Errorf("output gained a final newline")
	}
	assertOthersUntouched(t, in, r.Output)
	if again, err := Edit(r.Output, stage2(1)); err != nil || again.Changed {
		t.Errorf("second run: err=%v changed=%v", err, again.Changed)
	}
}

func TestListenersAbsent(t *testing.T) {
	in := []byte("process.roles=broker\nnode.id=5\ncontroller.quorum.voters=1@10.0.1.11:9093\n" +
		"controller.listener.names=CONTROLLER\nadvertised.listeners=PLAINTEXT://10.0.1.15:9092\n")
	w := stage2(5)
	r, err := Edit(in, w)
	if err != nil {
		t.Fatal(err)
	}
	want := "listeners=PLAINTEXT://:9092,EXTERNAL://:39092\n"
	if !bytes.Contains(r.Output, []byte(want)) {
		t.Errorf("output lacks %q:\n%s", want, r.Output)
	}
	if !bytes.Contains(r.Output, []byte("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT\n")) {
		t.Errorf("explicit map missing or wrong:\n%s", r.Output)
	}
	assertEffective(t, r.Output, w)
}

func TestWarnsOnUnrelatedDuplicate(t *testing.T) {
	in := append(readCorpus(t, "broker-only"), []byte("num.partitions=6\n")...)
	r, err := Edit(in, stage2(4))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "num.partitions") {
		t.Errorf("Warnings = %q, want one about num.partitions", r.Warnings)
	}
}

func mustParse(t *testing.T, b []byte) *kraft.File {
	t.Helper()
	f, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// base is a minimal valid combined node 1 used by the refusal cases.
const base = `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@10.0.1.11:29092
listeners=INTERNAL://:9092,CONTROLLER://:29092
advertised.listeners=INTERNAL://10.0.1.11:9092
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
listener.security.protocol.map=INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT
`

func TestEditRefusals(t *testing.T) {
	// edit returns base with each (old, new) pair replaced once.
	edit := func(pairs ...string) string {
		s := base
		for i := 0; i+1 < len(pairs); i += 2 {
			if !strings.Contains(s, pairs[i]) {
				panic("base lacks " + pairs[i])
			}
			s = strings.Replace(s, pairs[i], pairs[i+1], 1)
		}
		return s
	}
	tests := []struct {
		name    string
		file    string // file content, or "corpus:<name>"
		want    External
		kind    error
		key     string // the key the message must name
		message string // a fragment the message must contain
	}{
		{"zookeeper mode", "corpus:zookeeper", stage2(1), ErrNotKRaft, kraft.KeyProcessRoles, "zookeeper.connect"},
		{"no process.roles", edit("process.roles=broker,controller\n", ""), stage2(1), ErrNotKRaft, kraft.KeyProcessRoles, "not a KRaft"},
		{"unknown role", edit("broker,controller", "broker,observer"), stage2(1), ErrNotKRaft, kraft.KeyProcessRoles, "observer"},
		{"controller only", "corpus:controller-only", stage2(1), ErrControllerOnly, kraft.KeyProcessRoles, "serves no clients"},
		{"node.id missing", edit("node.id=1\n", "broker.id=1\n"), stage2(1), ErrNodeID, kraft.KeyNodeID, "broker.id=1"},
		{"node.id not a number", edit("node.id=1", "node.id=one"), stage2(1), ErrNodeID, kraft.KeyNodeID, "not an integer"},
		{"wrong broker", "corpus:combined", stage2(2), ErrNodeID, kraft.KeyNodeID, "belongs to node 1 but broker 2"},
		{"duplicate listeners", base + "listeners=INTERNAL://:9092,CONTROLLER://:29092\n", stage2(1), ErrDuplicateKey, kraft.KeyListeners, "lines 4, 9"},
		{"duplicate node.id", base + "node.id=1\n", stage2(1), ErrDuplicateKey, kraft.KeyNodeID, "ambiguous"},
		{"port used by INTERNAL", edit("INTERNAL://:9092,", "INTERNAL://:39092,"), stage2(1), ErrListenerConflict, kraft.KeyListeners, "port 39092 is already used by listener INTERNAL"},
		{"foreign EXTERNAL SASL_SSL", edit("CONTROLLER:PLAINTEXT\n", "CONTROLLER:PLAINTEXT,EXTERNAL:SASL_SSL\n"), stage2(1), ErrListenerConflict, kraft.KeyProtocolMap, "mapped to SASL_SSL"},
		{"name SSL by default map", edit("listener.security.protocol.map=INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT\n", ""),
			External{NodeID: 1, Name: "ssl", AdvertisedHost: "b1.x.alicloud.plc.tidbcloud.com", AdvertisedPort: 9093}, ErrListenerConflict, kraft.KeyProtocolMap, "default map"},
		{"inter-broker listener", base, External{NodeID: 1, Name: "INTERNAL", AdvertisedHost: "b1.x.alicloud.plc.tidbcloud.com", AdvertisedPort: 9093},
			ErrListenerConflict, kraft.KeyInterBrokerListenerName, "inter-broker"},
		{"name twice in listeners", edit("CONTROLLER://:29092\n", "CONTROLLER://:29092,EXTERNAL://:39092,EXTERNAL://:39093\n"), stage2(1), ErrListenerConflict, kraft.KeyListeners, "appears twice"},
		{"advertised host:port taken", edit("INTERNAL://10.0.1.11:9092", "INTERNAL://10.0.1.11:9092,CLIENT://B1.u7x2kq.alicloud.plc.tidbcloud.com:9093"),
			stage2(1), ErrAdvertisedConflict, kraft.KeyAdvertisedListeners, "listener CLIENT already advertises"},
		{"controller name", base, External{NodeID: 1, Name: "controller", AdvertisedHost: "b1.x.alicloud.plc.tidbcloud.com", AdvertisedPort: 9093},
			ErrControllerListener, kraft.KeyControllerListenerNames, "controller listener"},
		{"no advertised, empty host", edit("advertised.listeners=INTERNAL://10.0.1.11:9092\n", ""), stage2(1), ErrNoAdvertisedHost, kraft.KeyAdvertisedListeners, `INTERNAL entry "INTERNAL://:9092"`},
		{"no advertised, 0.0.0.0 host", edit("advertised.listeners=INTERNAL://10.0.1.11:9092\n", "", "INTERNAL://:9092", "INTERNAL://0.0.0.0:9092"), stage2(1), ErrNoAdvertisedHost, kraft.KeyAdvertisedListeners, "advertised.listeners=INTERNAL://<address clients use today>:9092"},
		{"no map, custom name", edit("listener.security.protocol.map=INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT\n", ""), stage2(1), ErrUnmappedListener, kraft.KeyProtocolMap, "no protocol for listener INTERNAL"},
		{"bad listener syntax", edit("INTERNAL://:9092,", "INTERNAL//:9092,"), stage2(1), ErrSyntax, kraft.KeyListeners, "NAME://host:port"},
		{"bad map syntax", edit("INTERNAL:PLAINTEXT,", "INTERNAL:PLAIN,"), stage2(1), ErrSyntax, kraft.KeyProtocolMap, "unknown security protocol"},
		{"bad unicode escape", edit("INTERNAL://:9092,", "INTERNAL://:90\\u00z2,"), stage2(1), ErrSyntax, kraft.KeyListeners, "malformed"},
		{"no advertised host requested", base, External{NodeID: 1, AdvertisedPort: 9093}, ErrInvalidExternal, "External.AdvertisedHost", "empty"},
		{"bad advertised port", base, External{NodeID: 1, AdvertisedHost: "b1.x", AdvertisedPort: 70000}, ErrInvalidExternal, "External.AdvertisedPort", "not a TCP port"},
		{"bad protocol requested", base, External{NodeID: 1, AdvertisedHost: "b1.x", AdvertisedPort: 9093, Protocol: "TLS"}, ErrInvalidExternal, "External.Protocol", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.file)
			if name, ok := strings.CutPrefix(tt.file, "corpus:"); ok {
				in = readCorpus(t, name)
			}
			_, err := Edit(in, tt.want)
			if err == nil {
				t.Fatalf("Edit succeeded; want %v", tt.kind)
			}
			if !errors.Is(err, tt.kind) {
				t.Fatalf("error %q is not %v", err, tt.kind)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %q is not a *propsedit.Error", err)
			}
			if pe.Key != tt.key {
				t.Errorf("error names key %q, want %q (%v)", pe.Key, tt.key, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.key) || !strings.Contains(msg, tt.message) || !strings.Contains(msg, "fix: ") {
				t.Errorf("message %q must name %q, say %q and give a fix", msg, tt.key, tt.message)
			}
		})
	}
}

// TestRefusesInvalidResult: a file that already breaks a start-up rule cannot be "fixed" by
// adding EXTERNAL; the ValidationError names the rule and marks it as pre-existing.
func TestRefusesInvalidResult(t *testing.T) {
	in := strings.Replace(base, "controller.quorum.voters=1@", "controller.quorum.voters=7@", 1)
	_, err := Edit([]byte(in), stage2(1))
	if !errors.Is(err, ErrInvalidResult) || !errors.Is(err, ErrKRaftRule) {
		t.Fatalf("err = %v, want ErrInvalidResult and ErrKRaftRule", err)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err %T is not a *ValidationError", err)
	}
	if len(ve.Problems) != 1 || !ve.InOriginal[0] || !strings.Contains(err.Error(), kraft.KeyQuorumVoters) || !strings.Contains(err.Error(), "already in the original") {
		t.Errorf("ValidationError = %v", err)
	}
}

// TestInsertAfterContinuedListeners: new keys go after a continued listeners entry that is
// itself rewritten as one line.
func TestInsertAfterContinuedListeners(t *testing.T) {
	in := "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@10.0.1.11:29092\n" +
		"listeners = PLAINTEXT://10.0.1.11:9092,\\\n    CONTROLLER://10.0.1.11:29092\n" +
		"controller.listener.names=CONTROLLER\n# end\n"
	want := "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@10.0.1.11:29092\n" +
		"listeners = PLAINTEXT://10.0.1.11:9092,CONTROLLER://10.0.1.11:29092,EXTERNAL://:39092\n" +
		"advertised.listeners = PLAINTEXT://10.0.1.11:9092,EXTERNAL://b1.u7x2kq.alicloud.plc.tidbcloud.com:9093\n" +
		"listener.security.protocol.map = PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT\n" +
		"controller.listener.names=CONTROLLER\n# end\n"
	r, err := Edit([]byte(in), stage2(1))
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Output) != want {
		t.Errorf("output:\n%s\nwant:\n%s", r.Output, want)
	}
}

// TestUpdatesOwnListener: an EXTERNAL listener of the same protocol from an earlier run is
// ours, so a changed bind port or advertised address replaces only that item.
func TestUpdatesOwnListener(t *testing.T) {
	in := strings.NewReplacer(
		"CONTROLLER://:29092\n", "CONTROLLER://:29092,EXTERNAL://10.0.1.11:39093\n",
		"INTERNAL://10.0.1.11:9092\n", "INTERNAL://10.0.1.11:9092,EXTERNAL://b9.old.example:9099\n",
		"CONTROLLER:PLAINTEXT\n", "CONTROLLER:PLAINTEXT,external:plaintext\n",
	).Replace(base)
	r, err := Edit([]byte(in), stage2(1))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(
		"CONTROLLER://:29092\n", "CONTROLLER://:29092,EXTERNAL://:39092\n",
		"INTERNAL://10.0.1.11:9092\n", "INTERNAL://10.0.1.11:9092,EXTERNAL://b1.u7x2kq.alicloud.plc.tidbcloud.com:9093\n",
		"CONTROLLER:PLAINTEXT\n", "CONTROLLER:PLAINTEXT,external:plaintext\n",
	).Replace(base)
	if string(r.Output) != want {
		t.Errorf("output:\n%s\nwant:\n%s", r.Output, want)
	}
	if strings.Join(r.ChangedKeys, ",") != kraft.KeyListeners+","+kraft.KeyAdvertisedListeners {
		t.Errorf("ChangedKeys = %v, want listeners and advertised.listeners only", r.ChangedKeys)
	}
}
