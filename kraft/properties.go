package kraft

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Line is one physical line of a properties file.
type Line struct {
	Text string // Text is the line's bytes without its terminator.
	EOL  string // EOL is the terminator: "\n", "\r\n", "\r", or "" for a last line without one.
}

// Entry is one logical key/value entry, possibly continued over several physical lines.
type Entry struct {
	Key    string // Key is the decoded key (escapes resolved).
	Value  string // Value is the decoded value (escapes and continuations resolved).
	Start  int    // Start is the 1-based physical line where the entry begins.
	End    int    // End is the 1-based physical line where the entry ends (inclusive).
	Indent string // Indent is the raw whitespace before the key on the first line.
	RawKey string // RawKey is the key as written, or "" when the key itself is continued.
	Sep    string // Sep is the raw separator after the key on the first line ("=", " = ", ": ", " ", ...).
}

// Continued reports whether the entry spans more than one physical line.
func (e Entry) Continued() bool { return e.End > e.Start }

// File is a parsed properties file: every physical line (so it can be written back byte for
// byte) and the logical entries in file order.
type File struct {
	Lines   []Line  // Lines are the physical lines; concatenating Text+EOL gives the original bytes.
	Entries []Entry // Entries are the key/value entries in file order, duplicates included.
	EOL     string  // EOL is the file's dominant line ending ("\n" if it has none).
}

// SyntaxError is a malformed \uXXXX escape, the one thing Properties.load rejects.
type SyntaxError struct {
	Line    int    // Line is the 1-based physical line where the entry starts.
	InKey   bool   // InKey reports that the escape is in the key; otherwise it is in the value.
	Key     string // Key is the key as written when InKey, else the decoded key.
	Raw     string // Raw is the whole logical line as written when InKey, else the raw value.
	Problem string // Problem names the escape, e.g. `malformed \u escape "\\u12G4"`.
}

// Error names the line, the key and the malformed escape.
func (e *SyntaxError) Error() string {
	where := "value of " + e.Key
	if e.InKey {
		where = "key"
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, where, e.Problem)
}

// Parse reads data with the rules of java.util.Properties.load(InputStream), which Kafka
// uses: ISO-8859-1 bytes, '#' or '!' comments, '=' ':' or whitespace separators, backslash
// escapes (\t \n \r \f \uXXXX, \x for any other x) and lines continued by an odd number of
// trailing backslashes. It fails only on a malformed \uXXXX escape, which Java rejects too;
// the error is then a [*SyntaxError].
func Parse(data []byte) (*File, error) {
	f := &File{Lines: SplitLines(data)}
	f.EOL = dominantEOL(f.Lines)
	for i := 0; i < len(f.Lines); {
		text := f.Lines[i].Text
		j := skipSpace(text, 0)
		if j == len(text) || text[j] == '#' || text[j] == '!' {
			i++ // blank or comment line; comments are never continued
			continue
		}
		e, next, err := parseEntry(f.Lines, i, j)
		if err != nil {
			return nil, err
		}
		f.Entries = append(f.Entries, e)
		i = next
	}
	return f, nil
}

// pos is the physical origin of one byte of a logical line.
type pos struct{ line, col int }

// parseEntry reads the logical line that starts at lines[first][col:] and returns the entry
// and the index of the first physical line after it.
func parseEntry(lines []Line, first, col int) (Entry, int, error) {
	var buf []byte
	var at []pos
	i, j := first, col
	last := first
	firstEnd := 0 // end column of the first line's content, without a continuation backslash
	for {
		text := lines[i].Text
		seg := text[j:]
		if i != first && len(seg) == 0 {
			// An empty continuation line ends the logical line; it stays a blank line.
			break
		}
		cont := trailingBackslashes(seg)%2 == 1
		if cont {
			seg = seg[:len(seg)-1]
		}
		for k := 0; k < len(seg); k++ {
			buf = append(buf, seg[k])
			at = append(at, pos{i, j + k})
		}
		if i == first {
			firstEnd = j + len(seg)
		}
		last = i
		if !cont || i+1 >= len(lines) {
			break
		}
		i++
		j = skipSpace(lines[i].Text, 0)
	}

	// Split key and value exactly as Properties.load does.
	keyLen, valueStart, hasSep, escaped := 0, len(buf), false, false
	for keyLen < len(buf) {
		c := buf[keyLen]
		if (c == '=' || c == ':') && !escaped {
			valueStart, hasSep = keyLen+1, true
			break
		}
		if (c == ' ' || c == '\t' || c == '\f') && !escaped {
			valueStart = keyLen + 1
			break
		}
		escaped = c == '\\' && !escaped
		keyLen++
	}
	for valueStart < len(buf) {
		c := buf[valueStart]
		if c != ' ' && c != '\t' && c != '\f' {
			if !hasSep && (c == '=' || c == ':') {
				hasSep = true
			} else {
				break
			}
		}
		valueStart++
	}

	e := Entry{Start: first + 1, End: last + 1, Indent: lines[first].Text[:col]}
	var err error
	if e.Key, err = unescape(buf[:keyLen]); err != nil {
		return Entry{}, 0, &SyntaxError{Line: first + 1, InKey: true, Key: string(buf[:keyLen]), Raw: string(buf), Problem: err.Error()}
	}
	if e.Value, err = unescape(buf[valueStart:]); err != nil {
		return Entry{}, 0, &SyntaxError{Line: first + 1, Key: e.Key, Raw: string(buf[valueStart:]), Problem: err.Error()}
	}

	text := lines[first].Text
	keyEndCol := col
	if keyLen > 0 {
		if at[keyLen-1].line != first {
			return e, last + 1, nil // key continued over lines: RawKey and Sep stay empty
		}
		keyEndCol = at[keyLen-1].col + 1
	}
	e.RawKey = text[col:keyEndCol]
	sepEnd := firstEnd
	if valueStart < len(buf) && at[valueStart].line == first {
		sepEnd = at[valueStart].col
	}
	e.Sep = text[keyEndCol:sepEnd]
	return e, last + 1, nil
}

// SplitLines splits data into physical lines as [Parse] does, recognising "\n", "\r\n" and a
// lone "\r"; concatenating each Text and EOL gives data back.
func SplitLines(data []byte) []Line {
	var lines []Line
	start := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\n':
			lines = append(lines, Line{Text: string(data[start:i]), EOL: "\n"})
			start = i + 1
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				lines = append(lines, Line{Text: string(data[start:i]), EOL: "\r\n"})
				i++
			} else {
				lines = append(lines, Line{Text: string(data[start:i]), EOL: "\r"})
			}
			start = i + 1
		}
	}
	if start < len(data) {
		lines = append(lines, Line{Text: string(data[start:])})
	}
	return lines
}

// dominantEOL returns the most common line terminator, the first seen on a tie, "\n" if none.
func dominantEOL(lines []Line) string {
	count := map[string]int{}
	best := ""
	for _, l := range lines {
		if l.EOL == "" {
			continue
		}
		count[l.EOL]++
		if best == "" || count[l.EOL] > count[best] {
			best = l.EOL
		}
	}
	if best == "" {
		return "\n"
	}
	return best
}

// Bytes returns the file's content; for a parsed file it is identical to the input.
func (f *File) Bytes() []byte {
	var b bytes.Buffer
	for _, l := range f.Lines {
		b.WriteString(l.Text)
		b.WriteString(l.EOL)
	}
	return b.Bytes()
}

// Lookup returns every entry whose key is key, in file order.
func (f *File) Lookup(key string) []Entry {
	var out []Entry
	for _, e := range f.Entries {
		if e.Key == key {
			out = append(out, e)
		}
	}
	return out
}

// Props returns the key/value map Java would load: the last of duplicate keys wins.
func (f *File) Props() map[string]string {
	m := make(map[string]string, len(f.Entries))
	for _, e := range f.Entries {
		m[e.Key] = e.Value
	}
	return m
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\f' }

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func trailingBackslashes(s string) int {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n
}

// unescape resolves Properties escapes; bytes are ISO-8859-1 characters.
func unescape(raw []byte) (string, error) {
	if bytes.IndexByte(raw, '\\') < 0 && isASCII(raw) {
		return string(raw), nil
	}
	var units []uint16 // UTF-16, as Java builds strings, so surrogate pairs combine correctly
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			units = append(units, uint16(c))
			continue
		}
		i++
		if i >= len(raw) {
			break // a lone trailing backslash is dropped
		}
		switch c = raw[i]; c {
		case 't':
			units = append(units, '\t')
		case 'n':
			units = append(units, '\n')
		case 'r':
			units = append(units, '\r')
		case 'f':
			units = append(units, '\f')
		case 'u':
			if i+5 > len(raw) {
				return "", fmt.Errorf("malformed \\u escape %q", string(raw[i-1:]))
			}
			var v uint16
			for _, h := range raw[i+1 : i+5] {
				d, ok := hexDigit(h)
				if !ok {
					return "", fmt.Errorf("malformed \\u escape %q", string(raw[i-1:i+5]))
				}
				v = v<<4 | uint16(d)
			}
			units = append(units, v)
			i += 4
		default:
			units = append(units, uint16(c))
		}
	}
	return string(utf16.Decode(units)), nil
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// EscapeValue writes s as a Properties value: backslash, control and non-ASCII characters
// are escaped, as is a leading space, so that [Parse] gives s back.
func EscapeValue(s string) string {
	return escape(s, false)
}

// EscapeKey writes s as a Properties key; separators and comment markers are escaped too.
func EscapeKey(s string) string {
	return escape(s, true)
}

func escape(s string, key bool) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == ' ' && (key || i == 0):
			b.WriteString(`\ `)
		case key && (r == '=' || r == ':' || r == '#' || r == '!'):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, `\u%04X`, u)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
