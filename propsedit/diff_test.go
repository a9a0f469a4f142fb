package propsedit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/kraft"
)

func TestUnifiedDiff(t *testing.T) {
	lines := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "l%d\n", i)
		}
		return b.String()
	}
	twenty := lines(20)
	tests := []struct {
		name, a, b string
		context    int
		want       string
	}{
		{"equal", "a\nb\n", "a\nb\n", 3, ""},
		{"replace middle", "a\nb\nc\n", "a\nB\nc\n", 1, "--- f\n+++ f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"insert at start no context", "a\n", "x\na\n", 0, "--- f\n+++ f\n@@ -0,0 +1 @@\n+x\n"},
		{"insert after line 2 no context", "a\nb\nc\n", "a\nb\nx\nc\n", 0, "--- f\n+++ f\n@@ -2,0 +3 @@\n+x\n"},
		{"delete last", "a\nb\n", "a\n", 3, "--- f\n+++ f\n@@ -1,2 +1 @@\n a\n-b\n"},
		{"into empty", "", "a\n", 3, "--- f\n+++ f\n@@ -0,0 +1 @@\n+a\n"},
		{"final newline added", "a\nb", "a\nb\nc", 3,
			"--- f\n+++ f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n"},
		{"two hunks", twenty, strings.Replace(strings.Replace(twenty, "l2\n", "L2\n", 1), "l19\n", "L19\n", 1), 2,
			"--- f\n+++ f\n@@ -1,4 +1,4 @@\n l1\n-l2\n+L2\n l3\n l4\n@@ -17,4 +17,4 @@\n l17\n l18\n-l19\n+L19\n l20\n"},
		{"close changes merge", twenty, strings.Replace(strings.Replace(twenty, "l5\n", "L5\n", 1), "l9\n", "L9\n", 1), 2,
			"--- f\n+++ f\n@@ -3,9 +3,9 @@\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n-l9\n+L9\n l10\n l11\n"},
		{"CRLF shown without CR", "a\r\nb\r\n", "a\r\nc\r\n", 0, "--- f\n+++ f\n@@ -2 +2 @@\n-b\n+c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnifiedDiff("f", []byte(tt.a), []byte(tt.b), tt.context)
			if got != tt.want {
				t.Errorf("diff:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestDiffIsMinimal checks the edit script against an LCS length on small random inputs.
func TestDiffIsMinimal(t *testing.T) {
	seed := uint32(1)
	next := func() uint32 { seed = seed*1664525 + 1013904223; return seed >> 16 }
	for round := 0; round < 300; round++ {
		mk := func() []kraft.Line {
			n := int(next() % 12)
			out := make([]kraft.Line, n)
			for i := range out {
				out[i] = kraft.Line{Text: string(rune('a' + next()%4)), EOL: "\n"}
			}
			return out
		}
		a, b := mk(), mk()
		ops := diffLines(a, b)
		keep, ai, bi := 0, 0, 0
		for _, o := range ops {
			switch o.kind {
			case ' ':
				if a[o.ai] != b[o.bi] || o.ai != ai || o.bi != bi {
					t.Fatalf("bad keep op %+v for %v -> %v", o, a, b)
				}
				keep++
				ai++
				bi++
			case '-':
				if o.ai != ai {
					t.Fatalf("bad delete op %+v", o)
				}
				ai++
			case '+':
				if o.bi != bi {
					t.Fatalf("bad insert op %+v", o)
				}
				bi++
			}
		}
		if ai != len(a) || bi != len(b) {
			t.Fatalf("script does not cover the inputs")
		}
		if want := lcs(a, b); keep != want {
			t.Fatalf("script keeps %d lines, LCS is %d: %v -> %v", keep, want, a, b)
		}
	}
}

func lcs(a, b []kraft.Line) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
