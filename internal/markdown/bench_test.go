package markdown_test

import (
	"testing"

	"tutord/internal/lessons"
	"tutord/internal/markdown"
)

// BenchmarkLessonRendering is what sharing saves: a glamour rendering of a lesson, per
// session that would otherwise do it, against a lookup in the shared cache.
func BenchmarkLessonRendering(b *testing.B) {
	cat, err := lessons.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	l := cat.At("en", 0)
	md := l.Markdown("Sources")
	key := markdown.Key{Doc: "en/" + l.ID, Width: 78, Style: markdown.Dark}
	b.Run("uncached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
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
