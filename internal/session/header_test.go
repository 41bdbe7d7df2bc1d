package session

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// TestHeaderWrapIsRender: the header bar drawn by wrapping the line in the style's
// sequences is what lipgloss' Render draws, for every lesson title in every language
// and look, with pseudonyms and symbols, and for a light accent colour.
func TestHeaderWrapIsRender(t *testing.T) {
	t.Parallel()
	sh := testShared(t)
	lines := []string{"", " ", "Flinke Otter", " Sunny Owl ", "Élan Über ✓ ○ ◐ ● 日本 …", "a\u0301b"}
	for _, lang := range sh.Catalog.UI().Langs() {
		for _, l := range sh.Catalog.Lessons(lang) {
			lines = append(lines, " "+l.Title+strings.Repeat(" ", 20)+"Quiet Heron ")
		}
	}
	for _, lang := range sh.Catalog.UI().Langs() {
		for _, plain := range []bool{false, true} {
			for _, accent := range []string{"", "#F0E68C", "5"} {
				var th theme
				if accent == "" {
					th = newTheme(plain, nil, sh.Text(lang))
				} else {
					th = newTheme(plain, lipgloss.Color(accent), sh.Text(lang))
				}
				if !th.headerWraps {
					t.Errorf("%s plain=%v accent %q: the header is not a plain wrap", lang, plain, accent)
					continue
				}
				for _, s := range lines {
					if !plainLine(s) {
						continue
					}
					if got, want := th.headerOpen+s+th.headerClose, th.header.Render(s); got != want {
						t.Errorf("%s plain=%v accent %q: %q wrapped is %q, Render gives %q", lang, plain, accent, s, got, want)
					}
				}
			}
		}
	}
	if plainLine("a\tb") || plainLine("a\x1b[1mb") || plainLine("a\nb") {
		t.Error("plainLine takes control characters")
	}
}
