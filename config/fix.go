package config

import (
	"strings"
)

// fixer writes the `pulumi config` commands that Problem.Fix suggests, for one project and stack.
type fixer struct {
	project string
	stack   string
}

// ns returns key in the project's namespace, e.g. "kafka-plc:brokerCount".
func (f fixer) ns(key string) string {
	p := f.project
	if p == "" {
		p = ProjectName
	}
	return p + ":" + key
}

// stackFlag returns " --stack NAME", or "" when the stack is unknown.
func (f fixer) stackFlag() string {
	if f.stack == "" {
		return ""
	}
	return " --stack " + shellQuote(f.stack)
}

// set returns the command that sets key to value.
func (f fixer) set(key, value string) string {
	return "pulumi config set " + shellQuote(f.ns(key)) + " " + shellQuote(value) + f.stackFlag()
}

// setExpr returns the command that sets key to the output of a shell expression, e.g.
// "$(cat ~/.ssh/kafka-plc.pub)", in double quotes so that the shell expands it.
func (f fixer) setExpr(key, expr string) string {
	return "pulumi config set " + shellQuote(f.ns(key)) + " \"" + expr + "\"" + f.stackFlag()
}

// setPath returns the command that sets one element of a structured setting, e.g.
// path "zones[0]" or "existingBrokers[1].privateIp".
func (f fixer) setPath(path, value string) string {
	return "pulumi config set --path " + shellQuote(f.ns(path)) + " " + shellQuote(value) + f.stackFlag()
}

// setList returns the commands that set an array of strings element by element (the way a
// typed array must be set), after removing the old value.
func (f fixer) setList(key string, values []string) string {
	cmds := []string{f.rm(key)}
	for i, v := range values {
		cmds = append(cmds, f.setPath(key+"["+itoa(i)+"]", v))
	}
	return strings.Join(cmds, " && ")
}

// setSecret returns the command that stores a secret from a file without putting it in the
// command line.
func (f fixer) setSecret(key, file string) string {
	return "pulumi config set --secret " + shellQuote(f.ns(key)) + f.stackFlag() + " < " + file
}

// rm returns the command that removes key.
func (f fixer) rm(key string) string {
	return "pulumi config rm " + shellQuote(f.ns(key)) + f.stackFlag()
}

// shellQuote quotes s for a POSIX shell when it holds anything but safe characters.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			strings.ContainsRune("-_.,:/@%+=", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// closest returns the candidate nearest to s by edit distance (ignoring case), or "" when none
// is near enough to be a likely typo.
func closest(s string, candidates []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := levenshtein(ls, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := 2
	if len(s) >= 9 {
		limit = 3
	}
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// levenshtein returns the edit distance between a and b.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// settingKeys returns every setting's key.
func settingKeys() []string {
	keys := make([]string, len(Settings))
	for i, s := range Settings {
		keys[i] = s.Key
	}
	return keys
}
