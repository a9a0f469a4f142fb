package components

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// packageDocs parses the package's non-test files and returns the package doc and the doc of
// every type, by name, and the type tokens the package declares.
func packageDocs(t *testing.T) (pkgDoc string, typeDocs map[string]string, tokens []string) {
	t.Helper()
	fset := token.NewFileSet()
	typeDocs = map[string]string{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Doc != nil {
			pkgDoc += f.Doc.Text()
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range g.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					typeDocs[s.Name.Name] = g.Doc.Text()
				case *ast.ValueSpec:
					for _, v := range s.Values {
						if lit, ok := v.(*ast.BasicLit); ok && strings.HasPrefix(lit.Value, `"kafka-plc:index:`) {
							tok, _ := strconv.Unquote(lit.Value)
							tokens = append(tokens, tok)
						}
					}
				}
			}
		}
	}
	return pkgDoc, typeDocs, tokens
}

// The package doc lists every component the package declares a type token for.
func TestPackageDocListsEveryComponent(t *testing.T) {
	pkgDoc, _, tokens := packageDocs(t)
	if len(tokens) < 6 {
		t.Fatalf("found %d type tokens (%v), want at least the 6 components", len(tokens), tokens)
	}
	for _, tok := range tokens {
		name := strings.TrimPrefix(tok, "kafka-plc:index:")
		if name == "BrokerDeletionGuard" {
			continue // an internal guard of KraftBrokerSet, not offered for direct use
		}
		if !strings.Contains(pkgDoc, "- "+name+" ("+tok+")") {
			t.Errorf("package doc does not list %s (%s)", name, tok)
		}
	}
}

// KafkaNlb's doc says what the brokers behind it must advertise, with the project's default
// pattern, and where to get that done for running brokers.
func TestKafkaNlbDocSaysWhatBrokersAdvertise(t *testing.T) {
	_, docs, _ := packageDocs(t)
	doc := docs["KafkaNlb"]
	for _, want := range []string{
		kplc.DefaultHostPattern + ":<its listener port>", "ExistingBrokerExposure", "kplc expose", "StandardPortMap",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("KafkaNlb doc lacks %q:\n%s", want, doc)
		}
	}
}

// The go.mod lines the package doc and the README give a library user are the ones the
// examples module (built and tested in CI like a user's module) uses, with ../ for ../kafka-plc/.
func TestDocumentedReplaceLinesAreTheExamplesModules(t *testing.T) {
	goMod, err := os.ReadFile("../examples/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	replaces := regexp.MustCompile(`(?m)^replace \S+ => \S+$`).FindAllString(string(goMod), -1)
	if len(replaces) != 2 {
		t.Fatalf("examples/go.mod has replace lines %q, want the two a consumer needs", replaces)
	}
	pkgDoc, _, _ := packageDocs(t)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range replaces {
		documented := strings.Replace(r, "=> ../", "=> ../kafka-plc/", 1)
		documented = strings.TrimSuffix(documented, "/")
		if !strings.Contains(pkgDoc, documented+"\n") {
			t.Errorf("package doc lacks %q", documented)
		}
		if !strings.Contains(string(readme), documented+"\n") {
			t.Errorf("README lacks %q", documented)
		}
	}
}
