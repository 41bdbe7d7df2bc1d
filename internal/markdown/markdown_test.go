package markdown_test

import (
	"sync"
	"testing"

	"tutord/internal/lessons"
	"tutord/internal/markdown"
)

func lesson(t testing.TB, i int) (*lessons.Lesson, string) {
	t.Helper()
	cat, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	l := cat.At("en", i)
	return l, l.Markdown("Sources")
}

// TestSessionsAtOneWidthShareOneRendering: many sessions opening the same lesson at the
// same width and style get the very same rendered lines (one rendering, shared), not a
// rendering each.
func TestSessionsAtOneWidthShareOneRendering(t *testing.T) {
	l, md := lesson(t, 0)
	r := markdown.New(64, "")
	key := markdown.Key{Doc: "en/" + l.ID, Width: 78, Style: markdown.Dark}
	const sessions = 200
	got := make([][]string, sessions)
	var wg sync.WaitGroup
	for i := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lines, err := r.Render(key, md)
			if err != nil {
				t.Error(err)
			}
			got[i] = lines
		}()
	}
	wg.Wait()
	if r.Len() != 1 {
		t.Fatalf("%d renderings cached for one lesson, width and style", r.Len())
	}
	for i, lines := range got {
		if len(lines) == 0 || &lines[0] != &got[0][0] {
			t.Fatalf("session %d got its own rendering, not the shared one", i)
		}
	}
	// Another width or style is another rendering; the first stays shared.
	if _, err := r.Render(markdown.Key{Doc: key.Doc, Width: 38, Style: markdown.Dark}, md); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Render(markdown.Key{Doc: key.Doc, Width: 78, Style: markdown.Plain}, md); err != nil {
		t.Fatal(err)
	}
	if again, _ := r.Render(key, md); &again[0] != &got[0][0] || r.Len() != 3 {
		t.Fatalf("after two more renderings: %d cached, first shared: %v", r.Len(), &again[0] == &got[0][0])
	}
}

// TestCacheIsBounded: every width a client can claim is another entry; the cache keeps
// at most its limit (and widths are clamped to the readable range first).
func TestCacheIsBounded(t *testing.T) {
	l, md := lesson(t, 1)
	r := markdown.New(8, "")
	for w := range 400 {
		if _, err := r.Render(markdown.Key{Doc: "en/" + l.ID, Width: w, Style: markdown.Plain}, md); err != nil {
			t.Fatal(err)
		}
	}
	if r.Len() > 8 {
		t.Fatalf("cache holds %d renderings, limit 8", r.Len())
	}
}

// BenchmarkLessonRendering is what sharing saves: a glamour rendering of a lesson, per
// session that would otherwise do it, against a lookup in the shared cache.
func BenchmarkLessonRendering(b *testing.B) {
	l, md := lesson(b, 0)
	key := markdown.Key{Doc: "en/" + l.ID, Width: 78, Style: markdown.Dark}
	b.Run("uncached", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			r := markdown.New(1, "")
			if _, err := r.Render(key, md); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shared", func(b *testing.B) {
		r := markdown.New(64, "")
		_, _ = r.Render(key, md)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := r.Render(key, md); err != nil {
				b.Fatal(err)
			}
		}
	})
}
