package doccheck

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// gap is one missing doc comment: where it belongs and what it documents.
type gap struct {
	pos  token.Position // pos is where the undocumented identifier is declared.
	name string         // name is the identifier as a reader would look it up, e.g. "Config.Region".
}

func (g gap) String() string {
	return fmt.Sprintf("%s:%d %s", g.pos.Filename, g.pos.Line, g.name)
}

// hasDoc reports whether any of the comment groups holds prose. A group made only of
// directives (//go:generate, //nolint:...) does not count: godoc hides those.
func hasDoc(groups ...*ast.CommentGroup) bool {
	for _, g := range groups {
		if g != nil && strings.TrimSpace(g.Text()) != "" {
			return true
		}
	}
	return false
}

// receiverTypeName returns the base type name of a method receiver: "T" for T, *T, T[K], *T[K, V].
func receiverTypeName(expr ast.Expr) string {
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

// fileGaps lists the exported top-level identifiers, exported struct fields and exported
// interface methods of f that have no doc comment. The rules follow what godoc shows:
//   - a func or method needs its own doc; methods count only on exported receiver types;
//   - a type needs its own doc, or the declaration's doc when it is declared alone;
//   - a const or var may be covered by its own doc, its trailing line comment, or the doc
//     on its parenthesised group;
//   - a field or interface method (of an exported type, at any nesting depth) may be covered
//     by its own doc or its trailing line comment; embedded fields are covered by their type.
func fileGaps(fset *token.FileSet, f *ast.File) []gap {
	var gaps []gap
	add := func(p token.Pos, name string) {
		gaps = append(gaps, gap{pos: fset.Position(p), name: name})
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			name := d.Name.Name
			if !ast.IsExported(name) {
				continue
			}
			if d.Recv != nil && len(d.Recv.List) > 0 {
				recv := receiverTypeName(d.Recv.List[0].Type)
				if !ast.IsExported(recv) {
					continue
				}
				name = recv + "." + name
			}
			if !hasDoc(d.Doc) {
				add(d.Name.Pos(), name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if !ast.IsExported(s.Name.Name) {
						continue
					}
					alone := !d.Lparen.IsValid() && len(d.Specs) == 1
					if !hasDoc(s.Doc) && !(alone && hasDoc(d.Doc)) {
						add(s.Name.Pos(), s.Name.Name)
					}
					memberGaps(s.Type, s.Name.Name, add)
				case *ast.ValueSpec:
					covered := hasDoc(s.Doc, s.Comment, d.Doc)
					for _, n := range s.Names {
						if ast.IsExported(n.Name) && !covered {
							add(n.Pos(), n.Name)
						}
					}
				}
			}
		}
	}
	return gaps
}

// memberGaps reports the undocumented exported fields and interface methods found anywhere in
// the type expression of the exported type owner, including anonymous nested structs. It does
// not descend into func signatures: parameters and results are not documented one by one.
func memberGaps(typ ast.Expr, owner string, add func(token.Pos, string)) {
	ast.Inspect(typ, func(n ast.Node) bool {
		var list *ast.FieldList
		switch t := n.(type) {
		case *ast.FuncType:
			return false
		case *ast.StructType:
			list = t.Fields
		case *ast.InterfaceType:
			list = t.Methods
		default:
			return true
		}
		if list == nil {
			return true
		}
		for _, field := range list.List {
			if len(field.Names) == 0 {
				continue // embedded field or interface: documented by its own type
			}
			covered := hasDoc(field.Doc, field.Comment)
			for _, n := range field.Names {
				if ast.IsExported(n.Name) && !covered {
					add(n.Pos(), owner+"."+n.Name)
				}
			}
			memberGaps(field.Type, owner+"."+field.Names[0].Name, add)
		}
		return false
	})
}

// packageFile is one parsed non-test file, keyed for the package-comment check.
type packageFile struct {
	dir  string
	file *ast.File
}

// packageGaps reports each package (directory plus package name) none of whose files carries a
// package doc comment. The gap points at the package clause of the package's first file.
func packageGaps(fset *token.FileSet, files []packageFile) []gap {
	type key struct{ dir, name string }
	documented := map[key]bool{}
	first := map[key]*ast.File{}
	var order []key
	for _, pf := range files {
		k := key{pf.dir, pf.file.Name.Name}
		if _, seen := first[k]; !seen {
			first[k] = pf.file
			order = append(order, k)
		}
		if hasDoc(pf.file.Doc) {
			documented[k] = true
		}
	}
	var gaps []gap
	for _, k := range order {
		if !documented[k] {
			f := first[k]
			gaps = append(gaps, gap{pos: fset.Position(f.Name.Pos()), name: "package " + k.name})
		}
	}
	return gaps
}

// moduleRoot walks up from the working directory to the nearest directory holding go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("finding the module root: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod found above the working directory; run this test from inside the module")
		}
		dir = parent
	}
}

// skipDir reports whether a directory below the module root is outside the check: vendored or
// generated SDKs, test fixtures, hidden or underscore directories (which the go tool ignores too),
// and nested modules, which are not part of the root module.
func skipDir(root, path, name string) bool {
	if path == root {
		return false
	}
	if name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	if filepath.Dir(path) == root && name == "sdks" {
		return true
	}
	_, err := os.Stat(filepath.Join(path, "go.mod"))
	return err == nil
}

// moduleGaps parses every non-test .go file of the module at root and returns all its gaps,
// with file names relative to root, sorted by file and line.
func moduleGaps(root string) ([]gap, int, error) {
	fset := token.NewFileSet()
	var files []packageFile
	var parseErrs []error
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDir(root, path, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, rel, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			parseErrs = append(parseErrs, err)
			return nil
		}
		files = append(files, packageFile{dir: filepath.Dir(rel), file: f})
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("walking %s: %w", root, err)
	}
	if len(parseErrs) > 0 {
		return nil, 0, fmt.Errorf("parsing the module's Go files: %w", errors.Join(parseErrs...))
	}
	var gaps []gap
	for _, pf := range files {
		gaps = append(gaps, fileGaps(fset, pf.file)...)
	}
	gaps = append(gaps, packageGaps(fset, files)...)
	sort.Slice(gaps, func(i, j int) bool {
		a, b := gaps[i].pos, gaps[j].pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return gaps, len(files), nil
}

// TestDocComments fails when any package of the root module lacks a package comment, or any
// exported identifier, field or interface method lacks a doc comment.
func TestDocComments(t *testing.T) {
	root := moduleRoot(t)
	gaps, nfiles, err := moduleGaps(root)
	if err != nil {
		t.Fatal(err)
	}
	if nfiles == 0 {
		t.Fatalf("found no Go files under %s; the walk is broken, not the docs", root)
	}
	t.Logf("checked %d files under %s, %d gaps", nfiles, root, len(gaps))
	if len(gaps) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d missing doc comment(s) in the module at %s (checked %d files).\n", len(gaps), root, nfiles)
	b.WriteString("Fix: add a one-line comment directly above each identifier (or, for a field, const or\n")
	b.WriteString("interface method, at the end of its line) that starts with its name and says what it is,\n")
	b.WriteString("e.g. `// Leader is the broker leader, if there is one, otherwise -1.`; for a package, add\n")
	b.WriteString("`// Package name ...` above the package clause of one file (usually doc.go).\n")
	b.WriteString("See /work/shared/reference/style-exemplars.md.\n")
	for _, g := range gaps {
		b.WriteString("\t" + g.String() + "\n")
	}
	t.Error(b.String())
}

// TestCheckerRules pins down what counts as documented, so the module-wide check cannot quietly
// pass because the checker stopped looking.
func TestCheckerRules(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // want lists the expected gaps as "line name", in source order.
	}{
		{
			name: "documented package and func",
			src: `// Package p is p.
package p

// F does f.
func F() {}
`,
		},
		{
			name: "missing package comment",
			src:  "package p\n",
			want: []string{"1 package p"},
		},
		{
			name: "undocumented exported func, unexported ignored",
			src: `// Package p.
package p

func F() {}

func g() {}
`,
			want: []string{"4 F"},
		},
		{
			name: "directive alone is not a doc comment",
			src: `// Package p.
package p

//go:noinline
func F() {}
`,
			want: []string{"5 F"},
		},
		{
			name: "method on exported type needs doc, on unexported type does not",
			src: `// Package p.
package p

// T is t.
type T struct{}

type u struct{}

func (T) M() {}

func (*u) M() {}

func (t *T) N() {}
`,
			want: []string{"9 T.M", "13 T.N"},
		},
		{
			name: "method on generic receiver",
			src: `// Package p.
package p

// G is g.
type G[K comparable, V any] struct{}

func (g *G[K, V]) M() {}
`,
			want: []string{"7 G.M"},
		},
		{
			name: "group doc covers grouped consts; decl doc covers a var list",
			src: `// Package p.
package p

// Sizes.
const (
	A = 1
	B = 2
)

// V is v.
var V, W = 1, 2
`,
		},
		{
			name: "ungrouped const and var without doc",
			src: `// Package p.
package p

const A = 1

var V, w, W = 1, 2, 3
`,
			want: []string{"4 A", "6 V", "6 W"},
		},
		{
			name: "grouped consts: own doc or trailing comment, else a gap",
			src: `// Package p.
package p

const (
	// A is a.
	A = 1
	B = 2 // B is b.
	C = 3
)
`,
			want: []string{"8 C"},
		},
		{
			name: "group doc does not cover grouped types",
			src: `// Package p.
package p

// Types.
type (
	A int
	// B is b.
	B int
)
`,
			want: []string{"6 A"},
		},
		{
			name: "struct fields: doc, trailing, embedded, unexported, nested",
			src: `// Package p.
package p

// T is t.
type T struct {
	Embedded
	// A is a.
	A int
	B int // B is b.
	C, D int
	f    int
	N    struct {
		X int
	} // N is n.
}

// Embedded is e.
type Embedded struct{}
`,
			want: []string{"10 T.C", "10 T.D", "13 T.N.X"},
		},
		{
			name: "fields of unexported types are not checked",
			src: `// Package p.
package p

type t struct {
	A int
}
`,
		},
		{
			name: "interface methods; func-typed field params ignored",
			src: `// Package p.
package p

// I is i.
type I interface {
	Embedded
	// Do does.
	Do()
	Undone()
	Trailing() // Trailing trails.
	unexported()
}

// Embedded is e.
type Embedded interface{}

// S is s.
type S struct {
	// Hook is h.
	Hook func(Param struct{ Inner int }) error
}
`,
			want: []string{"9 I.Undone"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", tc.src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("test source does not parse: %v", err)
			}
			gaps := append(fileGaps(fset, f), packageGaps(fset, []packageFile{{dir: ".", file: f}})...)
			var got []string
			for _, g := range gaps {
				got = append(got, fmt.Sprintf("%d %s", g.pos.Line, g.name))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("gaps mismatch\n got: %q\nwant: %q", got, tc.want)
			}
		})
	}
}

// TestSkipDir checks which directories the module walk leaves out.
func TestSkipDir(t *testing.T) {
	root := t.TempDir()
	nested := filepath.Join(root, "tools")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nested, "go.mod"), []byte("module tools\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want bool
	}{
		{"module root", root, false},
		{"ordinary package", filepath.Join(root, "config"), false},
		{"root sdks", filepath.Join(root, "sdks"), true},
		{"sdks below the root is a normal dir", filepath.Join(root, "plan", "sdks"), false},
		{"testdata", filepath.Join(root, "plan", "testdata"), true},
		{"vendor", filepath.Join(root, "vendor"), true},
		{"hidden", filepath.Join(root, ".notes"), true},
		{"underscore", filepath.Join(root, "_old"), true},
		{"nested module", nested, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := skipDir(root, tc.path, filepath.Base(tc.path)); got != tc.want {
				t.Errorf("skipDir(%q) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}

// TestModuleGaps runs the whole walk over a small module built on disk: gaps in its packages are
// reported with module-relative paths, and files in skipped directories are never read (each of
// those holds a file that would not even parse).
func TestModuleGaps(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"go.mod":                    "module example.com/m\n",
		"a/a.go":                    "// Package a is documented.\npackage a\n\nfunc Undocumented() {}\n",
		"a/b.go":                    "package a\n\n// Documented is documented.\nfunc Documented() {}\n",
		"a/a_test.go":               "package a\n\nfunc TestSkipped() {}\n",
		"nodoc/n.go":                "package nodoc\n\n// T is t.\ntype T struct {\n\tField int\n}\n",
		"sdks/x/x.go":               "not go",
		"a/testdata/x.go":           "not go",
		"vendor/x/x.go":             "not go",
		".hidden/x.go":              "not go",
		"nested/go.mod":             "module example.com/nested\n",
		"nested/x.go":               "not go",
		"notes.md":                  "not go",
		"a/ignored.go.txt":          "not go",
		"cmd/tool/main.go":          "package main\n\nfunc main() {}\n",
		"cmd/tool/documented.go":    "// Command tool is documented.\npackage main\n",
		"cmd/other/main.go":         "package main\n\n// Exported is exported even in main.\nvar Exported = 1\n",
		"cmd/other/undocumented.go": "package main\n\nconst Limit = 3\n",
	}
	for name, src := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gaps, nfiles, err := moduleGaps(root)
	if err != nil {
		t.Fatalf("moduleGaps: %v", err)
	}
	var got []string
	for _, g := range gaps {
		got = append(got, filepath.ToSlash(g.String()))
	}
	want := []string{
		"a/a.go:4 Undocumented",
		"cmd/other/main.go:1 package main",
		"cmd/other/undocumented.go:3 Limit",
		"nodoc/n.go:1 package nodoc",
		"nodoc/n.go:5 T.Field",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("gaps mismatch\n got: %q\nwant: %q", got, want)
	}
	if nfiles != 7 {
		t.Errorf("checked %d files, want 7 (the non-test .go files outside skipped directories)", nfiles)
	}
}
