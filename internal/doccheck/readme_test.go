package doccheck

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// readme returns ../../README.md.
func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// section returns the text of the README section whose heading line is heading, up to the next
// heading of the same or a higher level.
func section(t *testing.T, text, heading string) string {
	t.Helper()
	i := strings.Index(text, "\n"+heading+"\n")
	if i < 0 {
		t.Fatalf("README.md has no heading %q", heading)
	}
	level := strings.Index(heading, " ")
	rest := text[i+len(heading)+2:]
	for _, line := range strings.SplitAfter(rest, "\n") {
		if strings.HasPrefix(line, "#") && strings.Index(line, " ") <= level && strings.Trim(line[:strings.Index(line, " ")], "#") == "" {
			return rest[:strings.Index(rest, line)]
		}
	}
	return rest
}

// githubSlug is the anchor GitHub gives a heading: lower case, punctuation other than - and _
// dropped, spaces turned into -.
func githubSlug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestReadmeContents: the README has a table of contents (issue 16 item 7) whose every link
// reaches a heading, and every top-level section is listed.
func TestReadmeContents(t *testing.T) {
	text := readme(t)
	anchors := map[string]bool{}
	var topLevel []string
	inFence := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimSpace(strings.TrimLeft(line, "#"))
		anchors[githubSlug(title)] = true
		if strings.HasPrefix(line, "## ") && title != "Contents" {
			topLevel = append(topLevel, githubSlug(title))
		}
	}
	toc := section(t, text, "## Contents")
	links := regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(toc, -1)
	listed := map[string]bool{}
	for _, l := range links {
		listed[l[1]] = true
		if !anchors[l[1]] {
			t.Errorf("table of contents links #%s, which no heading has", l[1])
		}
	}
	for _, a := range topLevel {
		if !listed[a] {
			t.Errorf("section #%s is missing from the table of contents", a)
		}
	}
}

// TestReadmeFirstRun: the README says what the user does before what the guide got wrong, warns
// about the silent cold start and offers `go install ./cmd/kplc` (issue 16 items 6 and 7), has
// the stages as a sequence diagram with the TiDB Cloud and console steps, the cost items without
// invented prices, and the troubleshooting entries users ask for.
func TestReadmeFirstRun(t *testing.T) {
	text := readme(t)
	intro := text[:strings.Index(text, "\n## ")]
	if d, g := strings.Index(intro, "You run `pulumi up` twice"), strings.Index(intro, "avoids the guide's mistakes"); d < 0 || g < 0 || d > g {
		t.Errorf("the intro should say what the user does (at %d) before what the guide got wrong (at %d)", d, g)
	}

	quick := section(t, text, "## Quick start (a fresh machine, no cloud account)")
	for _, want := range []string{"go install ./cmd/kplc", "silent", "about a minute", "about 4 minutes", "about 1.8 GB", "<!-- test-command -->"} {
		if !strings.Contains(quick, want) {
			t.Errorf("Quick start lacks %q", want)
		}
	}

	stages := section(t, text, "### The two stages at a glance")
	if !strings.Contains(stages, "```mermaid\nsequenceDiagram") {
		t.Error("the two stages have no mermaid sequence diagram")
	}
	for _, want := range []string{"Stage 1", "Stage 2", "participant T as TiDB Cloud", "participant C as Alibaba Cloud console",
		"create the private link connection", "allow it", "Attach Domains", "unique name", "create the changefeed", "estimate"} {
		if !strings.Contains(stages, want) {
			t.Errorf("the two stages at a glance lack %q", want)
		}
	}

	cost := section(t, text, "### What it costs to run")
	for _, want := range []string{"ecs.g7.xlarge", "data disks", "bastion", "NLB", "PrivateLink", "No prices are given"} {
		if !strings.Contains(cost, want) {
			t.Errorf("the cost section lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`[$¥€]|USD|CNY|RMB|per hour: [0-9]`).FindString(cost); m != "" {
		t.Errorf("the cost section states a price (%q) that nobody verified", m)
	}

	trouble := section(t, text, "### Troubleshooting")
	for _, want := range []string{"TiDB Cloud can't connect", "endpoint connection stays pending", "message too large"} {
		if !strings.Contains(trouble, want) {
			t.Errorf("Troubleshooting lacks %q", want)
		}
	}
}
