package propsedit

import (
	"fmt"
	"strings"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// UnifiedDiff returns a unified diff (as `diff -u` prints it) from a to b with context lines
// of context around each change, labelled name, or "" when a and b are equal. Lines are
// compared with their terminators; they are printed without them, and a last line without
// a terminator is followed by `\ No newline at end of file`.
func UnifiedDiff(name string, a, b []byte, context int) string {
	al, bl := kraft.SplitLines(a), kraft.SplitLines(b)
	ops := diffLines(al, bl)
	changed := false
	for _, o := range ops {
		changed = changed || o.kind != ' '
	}
	if !changed {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", name, name)
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk starts context lines before this change and runs until a gap of more than
		// 2*context unchanged lines.
		start := max(i-context, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j
				continue
			}
			if j-end > 2*context {
				break
			}
		}
		stop := min(end+context+1, len(ops))
		writeHunk(&sb, ops[start:stop], al, bl)
		i = stop
	}
	return sb.String()
}

// op is one line of an edit script: ' ' keep a[ai]==b[bi], '-' drop a[ai], '+' add b[bi].
type op struct {
	kind   byte
	ai, bi int
}

func writeHunk(sb *strings.Builder, ops []op, al, bl []kraft.Line) {
	// Position of the hunk: the first a (b) line it covers, or the line before it when it
	// covers none of a (b), as diff -u numbers them.
	aStart, bStart, aLen, bLen := -1, -1, 0, 0
	for _, o := range ops {
		if o.kind != '+' {
			if aStart < 0 {
				aStart = o.ai + 1
			}
			aLen++
		}
		if o.kind != '-' {
			if bStart < 0 {
				bStart = o.bi + 1
			}
			bLen++
		}
	}
	if aStart < 0 {
		aStart = ops[0].ai
	}
	if bStart < 0 {
		bStart = ops[0].bi
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", span(aStart, aLen), span(bStart, bLen))
	for _, o := range ops {
		var l kraft.Line
		switch o.kind {
		case '-':
			l = al[o.ai]
		default:
			l = bl[o.bi]
		}
		sb.WriteByte(o.kind)
		sb.WriteString(l.Text)
		sb.WriteByte('\n')
		if l.EOL == "" {
			sb.WriteString("\\ No newline at end of file\n")
		}
	}
}

func span(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// diffLines returns a shortest edit script from a to b (Myers' O(ND) algorithm, after
// trimming the common prefix and suffix). For an insertion, ai is the index in a before
// which the line goes; for a deletion, bi is likewise the index in b.
func diffLines(a, b []kraft.Line) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', i, i})
	}
	for _, o := range myers(a[pre:len(a)-suf], b[pre:len(b)-suf]) {
		ops = append(ops, op{o.kind, o.ai + pre, o.bi + pre})
	}
	for i := suf; i > 0; i-- {
		ops = append(ops, op{' ', len(a) - i, len(b) - i})
	}
	return ops
}

func myers(a, b []kraft.Line) []op {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil
	}
	off := n + m + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	dEnd := -1
	for d := 0; d <= n+m && dEnd < 0; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				dEnd = d
				break
			}
		}
	}
	var rev []op
	x, y := n, m
	for d := dEnd; d > 0; d-- {
		v := trace[d]
		k := x - y
		prevK := k - 1
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			prevK = k + 1
		}
		prevX := v[off+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, op{' ', x, y})
		}
		if x == prevX {
			y--
			rev = append(rev, op{'+', x, y})
		} else {
			x--
			rev = append(rev, op{'-', x, y})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, op{' ', x, y})
	}
	ops := make([]op, len(rev))
	for i, o := range rev {
		ops[len(rev)-1-i] = o
	}
	return ops
}
