package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite ../Pulumi.yaml and the README configuration table from Settings")

const (
	tableStart = "<!-- config-table:start -->"
	tableEnd   = "<!-- config-table:end -->"
)

// projectDecl is one config declaration of Pulumi.yaml, as Pulumi reads it.
type projectDecl struct {
	Type  string `yaml:"type"`
	Items *struct {
		Type string `yaml:"type"`
	} `yaml:"items"`
	Default     any    `yaml:"default"`
	HasDefault  bool   `yaml:"-"`
	Description string `yaml:"description"`
	Secret      bool   `yaml:"secret"`
}

// readProjectFile parses Pulumi.yaml, recording which declarations carry a default.
func readProjectFile(t *testing.T, data []byte) (name, runtime string, decls map[string]projectDecl, order []string) {
	t.Helper()
	var doc struct {
		Name    string    `yaml:"name"`
		Runtime string    `yaml:"runtime"`
		Config  yaml.Node `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("Pulumi.yaml: %v", err)
	}
	decls = map[string]projectDecl{}
	for i := 0; i+1 < len(doc.Config.Content); i += 2 {
		key, val := doc.Config.Content[i].Value, doc.Config.Content[i+1]
		var d projectDecl
		if err := val.Decode(&d); err != nil {
			t.Fatalf("Pulumi.yaml config %s: %v", key, err)
		}
		for j := 0; j+1 < len(val.Content); j += 2 {
			if val.Content[j].Value == "default" {
				d.HasDefault = true
			}
		}
		decls[key] = d
		order = append(order, key)
	}
	return doc.Name, doc.Runtime, decls, order
}

// jsonEqual compares two values after a JSON round trip (so 3 equals 3 and [] equals []any{}).
func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func TestPulumiYAMLMatchesSettings(t *testing.T) {
	path := filepath.Join(repoRoot, "Pulumi.yaml")
	if *update {
		data, err := ProjectFile()
		if err != nil {
			t.Fatal(err)
		}
		if err := writeAtomic(path, data); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./config -update to write it)", err)
	}
	name, runtime, decls, order := readProjectFile(t, data)
	if name != ProjectName || runtime != "go" {
		t.Errorf("Pulumi.yaml name/runtime = %q/%q, want %q/go", name, runtime, ProjectName)
	}
	if got, want := order, settingKeys(); !reflect.DeepEqual(got, want) {
		t.Errorf("Pulumi.yaml declares %v,\nSettings has %v", got, want)
	}
	for _, s := range Settings {
		d, ok := decls[s.Key]
		if !ok {
			continue
		}
		if d.Type != string(s.Type) {
			t.Errorf("%s: type %q in Pulumi.yaml, %q in Settings", s.Key, d.Type, s.Type)
		}
		items := ""
		if d.Items != nil {
			items = d.Items.Type
		}
		if items != string(s.Items) {
			t.Errorf("%s: items %q in Pulumi.yaml, %q in Settings", s.Key, items, s.Items)
		}
		if d.HasDefault != (s.Default != nil) || !jsonEqual(d.Default, s.Default) {
			t.Errorf("%s: default %#v (present %v) in Pulumi.yaml, %#v in Settings", s.Key, d.Default, d.HasDefault, s.Default)
		}
		if d.Description != s.Description {
			t.Errorf("%s: description differs:\n Pulumi.yaml: %q\n Settings:    %q", s.Key, d.Description, s.Description)
		}
		// An optional secret (one with a default) is declared plain: see the next test.
		if want := s.Secret && s.Default == nil; d.Secret != want {
			t.Errorf("%s: secret %v in Pulumi.yaml, want %v (Settings: secret %v, default %#v)", s.Key, d.Secret, want, s.Secret, s.Default)
		}
	}
}

// TestSettingsFollowPulumiRules checks the rules Pulumi applies to a project's config block,
// so that `pulumi up` never stops at Pulumi.yaml itself.
func TestSettingsFollowPulumiRules(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings {
		if seen[s.Key] {
			t.Errorf("%s: declared twice", s.Key)
		}
		seen[s.Key] = true
		if s.Description == "" {
			t.Errorf("%s: no description", s.Key)
		}
		switch s.Type {
		case TypeString, TypeInteger, TypeBoolean, TypeObject:
			if s.Items != "" {
				t.Errorf("%s: items on a %s", s.Key, s.Type)
			}
		case TypeArray:
			if s.Items == "" {
				t.Errorf("%s: an array needs items (Pulumi refuses the project otherwise)", s.Key)
			}
		default:
			t.Errorf("%s: type %q is not one Pulumi accepts", s.Key, s.Type)
		}
		// The default must have the declared type, or Pulumi refuses the project file.
		ok := false
		switch d := s.Default.(type) {
		case nil:
			ok = true
		case string:
			ok = s.Type == TypeString
		case int:
			ok = s.Type == TypeInteger
		case bool:
			ok = s.Type == TypeBoolean
		case []any:
			ok = s.Type == TypeArray && len(d) == 0
		case map[string]any:
			ok = s.Type == TypeObject
		}
		if !ok {
			t.Errorf("%s: default %#v does not have type %s", s.Key, s.Default, s.FullType())
		}
		// A key declared secret may not carry a default: the engine merges the default into the
		// stack's config in plain text and then refuses it as an unencrypted secret (pkg/v3
		// v3.274.1 workspace/config.go:326-345, 128-133). An optional secret therefore has a
		// default ("") and is declared plain; Load refuses it stored in plain text.
		if s.Secret && s.Default != nil && s.Default != "" {
			t.Errorf("%s: an optional secret's default must be empty, not %#v", s.Key, s.Default)
		}
		// A setting with no default is required by Pulumi in every stack, whatever its mode.
		if s.Default == nil && !(s.Required && len(s.Modes) == 0) {
			t.Errorf("%s: no default, but it is not required in every mode; give it an empty default", s.Key)
		}
		if s.Derived != "" && s.raw() != "" && s.raw() != "[]" {
			t.Errorf("%s: derived, but its default %q is not empty", s.Key, s.raw())
		}
	}
}

func TestReadmeTable(t *testing.T) {
	path := filepath.Join(repoRoot, "README.md")
	table := MarkdownTable()
	if *update {
		if err := updateReadme(path, table); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./config -update)", err)
	}
	text := string(data)
	start, end := strings.Index(text, tableStart), strings.Index(text, tableEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md lacks %s ... %s (run go test ./config -update)", tableStart, tableEnd)
	}
	got := strings.TrimSpace(text[start+len(tableStart) : end])
	if got != strings.TrimSpace(table) {
		t.Errorf("README.md configuration table differs from MarkdownTable(); run go test ./config -update")
	}
	for _, s := range Settings {
		if !strings.Contains(table, "| `"+s.Key+"` |") {
			t.Errorf("table has no row for %s", s.Key)
		}
	}
	if rows := strings.Count(table, "\n"); rows != len(Settings)+2 {
		t.Errorf("table has %d lines, want %d", rows, len(Settings)+2)
	}
}

// updateReadme replaces the block between the table markers, creating README.md with just the
// section when it does not exist.
func updateReadme(path, table string) error {
	block := tableStart + "\n" + table + tableEnd
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return writeAtomic(path, []byte("## Configuration reference\n\n"+block+"\n"))
	}
	if err != nil {
		return err
	}
	text := string(data)
	start, end := strings.Index(text, tableStart), strings.Index(text, tableEnd)
	if start < 0 || end < start {
		text = strings.TrimRight(text, "\n") + "\n\n## Configuration reference\n\n" + block + "\n"
	} else {
		text = text[:start] + block + text[end+len(tableEnd):]
	}
	return writeAtomic(path, []byte(text))
}

// writeAtomic writes data to a temporary file beside path, then renames it over path.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func TestProjectFileRoundTrips(t *testing.T) {
	data, err := ProjectFile()
	if err != nil {
		t.Fatal(err)
	}
	_, _, decls, _ := readProjectFile(t, data)
	s, _ := Lookup("sshPrivateKey")
	if d := decls["sshPrivateKey"]; !d.Secret || d.HasDefault || !s.Secret {
		t.Errorf("sshPrivateKey declaration = %+v, want secret without default", d)
	}
	if d := decls["zones"]; d.HasDefault || d.Items == nil || d.Items.Type != "string" {
		t.Errorf("zones declaration = %+v, want array<string> without default", d)
	}
}
