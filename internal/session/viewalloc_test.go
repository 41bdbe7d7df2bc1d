package session

import "testing"

// BenchmarkViews draws the common screens again and again: the hint line is cached, so a
// frame's allocations are the screen's own text.
func BenchmarkViews(b *testing.B) {
	sh := shared(b)
	for _, s := range []struct {
		name string
		keys []string
	}{
		{"welcome", nil},
		{"menu", []string{"down", "enter"}},
		{"reader", []string{"down", "enter", "enter"}},
		{"quiz", []string{"down", "enter", "enter", "enter"}},
	} {
		b.Run(s.name, func(b *testing.B) {
			a := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
			for _, k := range s.keys {
				a.Update(key(k))
			}
			_ = a.viewString()
			b.ReportAllocs()
			for b.Loop() {
				_ = a.viewString()
			}
		})
	}
}
