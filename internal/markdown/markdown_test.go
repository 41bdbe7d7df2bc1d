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
