package cmdsim

import (
	"path"
	"regexp"
	"sort"
	"strings"
)

// shellWord is one word of a command line, as a shell would split it.
type shellWord struct {
	start, end int    // its text, text[start:end], quotes included
	value      string // its value after quote removal (meaningful when literal)
	literal    bool   // no expansion ($, `, globs) outside single quotes
	redirect   bool   // the target of a redirection (>file, <file)
}

// fileCommands are the commands whose absolute operands name host files.
var fileCommands = map[string]bool{
	"install": true, "cp": true, "mv": true, "mkdir": true, "rm": true, "ln": true, "chmod": true,
	"touch": true, "cat": true, "stat": true, "test": true, "[": true,
}

// systemDirs hold the programs every host has; a command word naming one runs it as it is.
var systemDirs = []string{"/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/"}

// devicePaths are special files a command may name without touching the host's files.
var devicePaths = map[string]bool{"/dev/null": true, "/dev/stdin": true, "/dev/stdout": true, "/dev/stderr": true, "/dev/zero": true, "/dev/urandom": true}

var assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// MapHostPaths rewrites the absolute host paths that a command line names outside the scripts so
// that they resolve inside the host's sandbox (see the package documentation, "Host paths"):
// the command word to the stub of that name when hasStub says there is one, else to
// "$KPLC_ROOT"/path; absolute operands of file commands and redirection targets to
// "$KPLC_ROOT"/path. Operands of other commands (bash -c SCRIPT ARGS...) are left as they are.
func MapHostPaths(text string, hasStub func(name string) bool) string {
	type edit struct {
		start, end int
		repl       string
	}
	var edits []edit
	toRoot := func(w shellWord) {
		if w.literal && path.IsAbs(w.value) && !devicePaths[path.Clean(w.value)] {
			edits = append(edits, edit{w.start, w.end, `"$KPLC_ROOT"` + shellQuote(path.Clean(w.value))})
		}
	}
	for _, words := range splitShell(text) {
		var operands []shellWord
		for _, w := range words {
			if w.redirect {
				toRoot(w)
			} else {
				operands = append(operands, w)
			}
		}
		i := commandIndex(operands)
		if i >= len(operands) {
			continue
		}
		cw := operands[i]
		if cw.literal && path.IsAbs(cw.value) && !underAny(cw.value, systemDirs) {
			if name := path.Base(cw.value); hasStub(name) {
				edits = append(edits, edit{cw.start, cw.end, shellQuote(name)})
			} else {
				toRoot(cw)
			}
		}
		if fileCommands[path.Base(cw.value)] {
			for _, w := range operands[i+1:] {
				toRoot(w)
			}
		}
	}
	sort.Slice(edits, func(a, b int) bool { return edits[a].start < edits[b].start })
	for k := len(edits) - 1; k >= 0; k-- { // edit from the end so that earlier spans stay valid
		e := edits[k]
		text = text[:e.start] + e.repl + text[e.end:]
	}
	return text
}

// commandIndex returns the index of the word that names the program a simple command runs,
// skipping the reserved words that may open a command (`if`, `then`, `else`, ...: bash
// recognises them unquoted as the first word of a command, Bash Reference Manual 3.2.5
// "Compound Commands" and "Reserved Words"), VAR=value words and the wrappers the program uses
// (sudo, timeout, env, nice, nohup).
func commandIndex(words []shellWord) int {
	i := 0
	for i < len(words) && words[i].literal && openingReserved[words[i].value] && words[i].end-words[i].start == len(words[i].value) {
		i++
	}
	for i < len(words) && words[i].literal && assignment.MatchString(words[i].value) {
		i++
	}
	for i < len(words) && words[i].literal {
		switch words[i].value {
		case "sudo":
			i++
			for i < len(words) && strings.HasPrefix(words[i].value, "-") {
				opt := words[i].value
				i++
				if len(opt) == 2 && strings.ContainsRune("ugCDhprtU", rune(opt[1])) {
					i++ // option with an argument
				}
			}
		case "timeout":
			i++
			for i < len(words) && strings.HasPrefix(words[i].value, "-") {
				opt := words[i].value
				i++
				if opt == "-k" || opt == "-s" || opt == "--kill-after" || opt == "--signal" {
					i++
				}
			}
			i++ // the duration
		case "env":
			i++
			for i < len(words) && (strings.HasPrefix(words[i].value, "-") || assignment.MatchString(words[i].value)) {
				i++
			}
		case "nice", "nohup", "exec", "command":
			i++
		default:
			return i
		}
	}
	return i
}

// openingReserved are bash's reserved words after which a command word follows.
var openingReserved = map[string]bool{"if": true, "then": true, "else": true, "elif": true, "while": true,
	"until": true, "do": true, "!": true, "{": true, "time": true}

func underAny(p string, dirs []string) bool {
	for _, d := range dirs {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// splitShell splits a command line into simple commands (at ; & | && || newlines and
// parentheses) and those into words, as far as MapHostPaths needs: quotes, backslashes,
// comments, redirections and $(...) are understood; here-documents are not (the program sends none).
func splitShell(text string) [][]shellWord {
	var (
		cmds      [][]shellWord
		cur       []shellWord
		w         shellWord
		val       strings.Builder
		inWord    bool
		nextRedir bool
	)
	endWord := func(at int) {
		if !inWord {
			return
		}
		w.end, w.value = at, val.String()
		cur = append(cur, w)
		inWord = false
		val.Reset()
	}
	begin := func(at int) {
		if !inWord {
			w = shellWord{start: at, literal: true, redirect: nextRedir}
			nextRedir = false
			inWord = true
		}
	}
	endCmd := func(at int) {
		endWord(at)
		if len(cur) > 0 {
			cmds = append(cmds, cur)
		}
		cur = nil
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == ' ' || c == '\t':
			endWord(i)
		case c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')':
			endCmd(i)
			if i+1 < len(text) && (c == '&' || c == '|') && text[i+1] == c {
				i++
			}
		case c == '<' || c == '>':
			if inWord && isDigits(val.String()) && !nextRedir { // 2>file: the digits name a descriptor
				inWord = false
				val.Reset()
			}
			endWord(i)
			for i+1 < len(text) && (text[i+1] == '>' || text[i+1] == '&' || text[i+1] == '<') {
				i++
			}
			nextRedir = true
		case c == '#' && !inWord:
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case c == '\'':
			begin(i)
			j := strings.IndexByte(text[i+1:], '\'')
			if j < 0 {
				j = len(text) - i - 1
			}
			val.WriteString(text[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			begin(i)
			for i++; i < len(text) && text[i] != '"'; i++ {
				switch {
				case text[i] == '\\' && i+1 < len(text) && strings.IndexByte("$`\"\\\n", text[i+1]) >= 0:
					i++
					val.WriteByte(text[i])
				case text[i] == '$' || text[i] == '`':
					w.literal = false
					val.WriteByte(text[i])
				default:
					val.WriteByte(text[i])
				}
			}
		case c == '\\':
			begin(i)
			if i+1 < len(text) {
				i++
				if text[i] != '\n' {
					val.WriteByte(text[i])
				}
			}
		case c == '$' && i+1 < len(text) && text[i+1] == '(':
			begin(i)
			w.literal = false
			depth := 0
			for ; i < len(text); i++ {
				if text[i] == '(' {
					depth++
				} else if text[i] == ')' {
					if depth--; depth == 0 {
						break
					}
				}
			}
		default:
			begin(i)
			if strings.IndexByte("$`*?[~", c) >= 0 {
				w.literal = false
			}
			val.WriteByte(c)
		}
	}
	endCmd(len(text))
	return cmds
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
