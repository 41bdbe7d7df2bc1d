package markdown

import (
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

const doc = "# Title\n\nSome **bold** text with a [link](https://example.org/a/long/path) in it.\n\n" +
	"- a list item long enough to wrap around the edge of a narrow terminal window\n- second\n"

func TestRenderFitsTheWidth(t *testing.T) {
	r := New(8, "")
	for _, w := range []int{MinWidth, 38, 60, MaxWidth} {
		for _, st := range []Style{Dark, Light, Plain} {
			lines, err := r.Render(Key{Doc: "t", Width: w, Style: st}, doc)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > w {
					t.Errorf("width %d style %d: line of %d: %q", w, st, ansi.StringWidth(l), ansi.Strip(l))
				}
			}
		}
	}
}

func TestPlainIsPlain(t *testing.T) {
	lines, err := New(1, "").Render(Key{Doc: "t", Width: 40, Style: Plain}, doc)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Join(lines, "\n")
	if strings.Contains(out, "\x1b") || strings.Contains(out, "**") {
		t.Errorf("plain rendering has markup or escapes:\n%q", out)
	}
	for _, r := range out {
		if r > 127 {
			t.Errorf("plain rendering has non-ASCII %q", r)
		}
	}
	if !strings.Contains(out, "  around") && !strings.Contains(out, "  wrap") {
		t.Errorf("list continuation lines are not indented:\n%s", out)
	}
}

// TestOneRenderingPerKey: concurrent sessions asking for the same lesson at the same width
// share one rendering; the cache stays within its bound.
func TestOneRenderingPerKey(t *testing.T) {
	r := New(4, "")
	k := Key{Doc: "t", Width: 50, Style: Dark}
	var wg sync.WaitGroup
	results := make([][]string, 20)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = r.Render(k, doc)
		}()
	}
	wg.Wait()
	for _, res := range results[1:] {
		if &res[0] != &results[0][0] {
			t.Fatal("sessions got separate renderings of the same key")
		}
	}
	for w := 20; w < 40; w++ {
		_, _ = r.Render(Key{Doc: "t", Width: w}, doc)
	}
	if r.Len() > 4 {
		t.Errorf("cache holds %d renderings, bound is 4", r.Len())
	}
}

// TestListItemsKeepHyphenatedWords renders a list item with hyphenated words and code spans
// at every width where the wrap may break one of them, and checks that none gains a space.
func TestListItemsKeepHyphenatedWords(t *testing.T) {
	md := "- Start ssh without it, with `env -u LANG ssh HOST`, and add `-u` for every `LC_` variable; the ssh-agent and IRTF-Entwurf stay whole, as does `SendEnv -LANG`."
	for _, st := range []Style{Dark, Plain} {
		for w := MinWidth; w <= 60; w++ {
			r := New(4, "")
			lines, err := r.Render(Key{Doc: "t", Width: w, Style: st}, md)
			if err != nil {
				t.Fatal(err)
			}
			flat := ""
			for _, l := range lines {
				text := strings.TrimSpace(ansi.Strip(l))
				// A wrap may end a line after a hyphen; a space after one inside a line is
				// the bug.
				for _, bad := range []string{"- u", "ssh- agent", "IRTF- Entwurf", "- LANG"} {
					if strings.Contains(text, bad) {
						t.Errorf("style %d, width %d: %q in line %q", st, w, bad, text)
					}
				}
				flat += joiner(flat) + text
			}
			for _, want := range []string{"env -u LANG ssh HOST", "add -u for", "ssh-agent", "IRTF-Entwurf", "SendEnv -LANG"} {
				if !strings.Contains(strings.Join(strings.Fields(flat), " "), want) {
					t.Errorf("style %d, width %d: %q missing from %q", st, w, want, flat)
				}
			}
		}
	}
}

// joiner is what goes between two wrapped lines when a test joins them again: nothing
// after a hyphen (where a wrap broke a word), else a space.
func joiner(line string) string {
	if strings.HasSuffix(strings.TrimRight(line, " "), "-") {
		return ""
	}
	return " "
}

// TestListItemsKeepNumbersWhole: in a list (the sources of every lesson) a line never
// ends inside a version or section number at a dot.
func TestListItemsKeepNumbersWhole(t *testing.T) {
	r := New(10, "")
	md := "- RFC 6973, sections 3.3, 6.1.1 and 6.1.2, https://www.rfc-editor.org/rfc/rfc6973\n" +
		"- Pfitzmann and Hansen, a terminology for talking about privacy by data minimization, v0.34, 2010\n"
	for w := MinWidth; w <= 60; w++ {
		lines, err := r.Render(Key{Doc: "sources", Width: w, Style: Plain}, md)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(lines, "\n")
		if strings.Contains(all, dotStandIn) {
			t.Fatalf("width %d: the stand-in for dots reached the screen:\n%s", w, all)
		}
		for _, l := range lines {
			if l = strings.TrimSpace(l); strings.HasSuffix(l, "v0.") || strings.HasSuffix(l, "6.") || strings.HasSuffix(l, "6.1.") {
				t.Errorf("width %d: a line ends at an inner dot: %q\n%s", w, l, all)
			}
		}
		if !strings.Contains(all, "6.1.2") || !strings.Contains(all, "v0.34") {
			t.Errorf("width %d: numbers lost:\n%s", w, all)
		}
	}
}

// TestURLsNeverBreakAtAHyphen: a learner copies addresses from the sources; a line that
// ends at a hyphen inside one reads as a word break and gives a wrong address.
func TestURLsNeverBreakAtAHyphen(t *testing.T) {
	urls := []string{
		"https://tb-manual.torproject.org/about/",
		"http://dud.inf.tu-dresden.de/literatur/Anon_Terminology_v0.34.pdf",
	}
	md := "See the manual at " + urls[0] + ", and the terminology (" + urls[1] + ") for self-defense.\n\n" +
		"- The Tor Project, Tor Browser Manual, \"About Tor Browser\", " + urls[0] + "\n" +
		"- A. Pfitzmann, M. Hansen, \"A terminology for talking about privacy by data minimization\", v0.34, 2010, " + urls[1] + "\n"
	for _, st := range []Style{Dark, Plain} {
		for _, w := range []int{38, 64, 78} {
			lines, err := New(1, "").Render(Key{Doc: "t", Width: w, Style: st}, md)
			if err != nil {
				t.Fatal(err)
			}
			raw := strings.Join(lines, "\n")
			if strings.Contains(raw, hyphenStandIn) || strings.Contains(raw, "<http") {
				t.Fatalf("style %d, width %d: the stand-in reached the screen:\n%s", st, w, raw)
			}
			text := make([]string, len(lines))
			for i, l := range lines {
				text[i] = strings.TrimSpace(ansi.Strip(l))
			}
			for _, u := range urls {
				found := 0
				for i := range text {
					at := strings.Index(text[i], u[:len("https://")])
					if at < 0 {
						continue
					}
					found++
					got, pieces := "", []string{}
					for j := i; j < len(text) && len(got) < len(u); j++ {
						p := text[j]
						if j == i {
							p = p[at:]
						}
						p = p[:min(len(p), len(u)-len(got))]
						pieces = append(pieces, p)
						got += p
					}
					if got != u {
						t.Errorf("style %d, width %d: pieces %q join to %q, want %q", st, w, pieces, got, u)
					}
					for _, p := range pieces[:len(pieces)-1] {
						if strings.HasSuffix(p, "-") {
							t.Errorf("style %d, width %d: %q broken after a hyphen: %q", st, w, u, pieces)
						}
					}
				}
				if found != 2 {
					t.Errorf("style %d, width %d: %q found %d times, want 2 (paragraph and list):\n%s", st, w, u, found, strings.Join(text, "\n"))
				}
				if st == Dark && !strings.Contains(raw, ";"+u+"\a") {
					t.Errorf("width %d: no hyperlink to %q", w, u)
				}
			}
		}
	}
}
