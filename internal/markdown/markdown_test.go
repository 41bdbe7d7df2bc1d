package markdown

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

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
