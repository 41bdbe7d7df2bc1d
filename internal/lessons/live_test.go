package lessons

import (
	"fmt"
	"strings"
	"testing"
)

func TestSplitLive(t *testing.T) {
	for _, tc := range []struct{ md, before, after string }{
		{"# T\n\nIntro.\n\n<!-- live -->\n\n## Next", "# T\n\nIntro.\n", "\n## Next"},
		{"# T\n\nNo marker.", "# T", "\nNo marker."},
		{"# T\n```\n<!-- live -->\n```\n<!-- live -->\nafter", "# T\n```\n<!-- live -->\n```", "after"},
		{"no title", "", "no title"},
	} {
		b, a := SplitLive(tc.md)
		if b != tc.before || a != tc.after {
			t.Errorf("SplitLive(%q) = %q, %q; want %q, %q", tc.md, b, a, tc.before, tc.after)
		}
	}
}

func TestLiveMarkerChecks(t *testing.T) {
	head := "---\nid: x\ntitle: X\nminutes: 2\nsources:\n- S\n%s---\n\nText.\n\n"
	for _, tc := range []struct {
		live, body, want string
	}{
		{"live: mirror\n", "<!-- live -->\n", ""},
		{"live: mirror\n", "", ""},
		{"", "<!-- live -->\n", `no "live:" header`},
		{"live: mirror\n", "<!-- live -->\n\n<!-- live -->\n", "appears 2 times"},
		{"", "```\n<!-- live -->\n```\n", ""},
	} {
		var ps Problems
		src := strings.Replace(head, "%s", tc.live, 1) + tc.body
		ParseLesson("x.md", "en", []byte(src), &ps)
		got := ps.Error()
		if tc.want == "" && len(ps) > 0 || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("live %q body %q: problems %q, want %q", tc.live, tc.body, got, tc.want)
		}
		if tc.want != "" {
			line := strings.Count(src[:strings.Index(src, LiveMarker)], "\n") + 1
			if !strings.Contains(got, fmt.Sprintf("x.md:%d:", line)) {
				t.Errorf("the problem does not name the marker's line %d: %q", line, got)
			}
		}
	}
}

func TestBuiltinMirrorLessonHasItsPanel(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range c.UI().Langs() {
		l := c.Lesson(lang, "mirror")
		if l == nil || l.Live != "mirror" || !c.Translated(lang, "mirror") {
			t.Fatalf("%s: no mirror lesson with a live panel", lang)
		}
		before, after := SplitLive(l.Markdown("Sources"))
		if !strings.HasPrefix(before, "# "+l.Title) || strings.Contains(before, "## ") || !strings.HasPrefix(strings.TrimSpace(after), "## ") {
			t.Errorf("%s: the panel is not placed after the introduction", lang)
		}
	}
}
