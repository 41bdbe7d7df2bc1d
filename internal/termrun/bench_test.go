package termrun_test

import (
	"bytes"
	"io"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"tutord/internal/lessons"
	"tutord/internal/markdown"
	"tutord/internal/session"
	"tutord/internal/termrun"
)

var benchShared *session.Shared

func shared(b *testing.B) *session.Shared {
	if benchShared == nil {
		cat, err := lessons.Builtin()
		if err != nil {
			b.Fatal(err)
		}
		benchShared = &session.Shared{Catalog: cat, Markdown: markdown.New(512, "")}
	}
	return benchShared
}

func key(s string) tea.KeyPressMsg {
	switch s {
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	}
	return tea.KeyPressMsg{Code: rune(s[0]), Text: s}
}

// screens: how to reach each screen, and a pair of keys that changes it back and forth.
var screens = []struct {
	name  string
	setup []string
	keys  [2]string
}{
	{"welcome", nil, [2]string{"down", "up"}},
	{"menu", []string{"down", "enter"}, [2]string{"down", "up"}},
	{"reader", []string{"enter"}, [2]string{"j", "k"}},
	{"quiz", []string{"enter", "enter"}, [2]string{"down", "up"}},
	{"final", []string{"down", "enter", "end", "enter"}, [2]string{"down", "up"}},
	{"help", nil, [2]string{"?", "x"}},
}

func newApp(b *testing.B, setup []string) *session.App {
	app := session.New(shared(b), session.Options{Width: 80, Height: 24, Lang: "en"})
	for _, k := range setup {
		app.Update(key(k))
	}
	return app
}

// warm is bubbletea's way, for comparison: a renderer and cell buffer kept per session.
type warm struct {
	tr  *uv.TerminalRenderer
	buf uv.ScreenBuffer
	n   counter
}

type counter struct{ n int }

func (c *counter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

func newWarm() *warm {
	w := &warm{buf: uv.NewScreenBuffer(80, 24)}
	w.tr = uv.NewTerminalRenderer(&w.n, []string{"TERM=xterm-256color"})
	w.tr.SetColorProfile(colorprofile.ANSI256)
	w.tr.SetFullscreen(true)
	w.tr.SetRelativeCursor(false)
	w.tr.SetScrollOptim(true)
	w.tr.SetMapNewline(true)
	w.tr.SetTabStops(-1)
	return w
}

func (w *warm) draw(content string) {
	w.buf.Clear()
	uv.NewStyledString(content).Draw(w.buf, w.buf.Bounds())
	w.tr.Render(w.buf.RenderBuffer)
	_ = w.tr.Flush()
}

// BenchmarkFrame measures one keypress on each screen: the model's update and view,
// and drawing the change (this package's stateless diff, and a kept renderer as
// bubbletea does, for comparison).
func BenchmarkFrame(b *testing.B) {
	for _, sc := range screens {
		b.Run(sc.name+"/view", func(b *testing.B) {
			app := newApp(b, sc.setup)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				app.Update(key(sc.keys[i%2]))
				_ = app.View()
			}
		})
		b.Run(sc.name+"/draw", func(b *testing.B) {
			app := newApp(b, sc.setup)
			scr := termrun.NewScreen("xterm-256color", colorprofile.ANSI256, 80, 24)
			var out bytes.Buffer
			scr.Draw(app.View(), &out)
			views := [2]tea.View{}
			for j := range 2 {
				app.Update(key(sc.keys[j]))
				views[j] = app.View()
			}
			var n int
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				out.Reset()
				scr.Draw(views[i%2], &out)
				n += out.Len()
			}
			b.ReportMetric(float64(n)/float64(b.N), "bytes/frame")
		})
		b.Run(sc.name+"/draw-kept-renderer", func(b *testing.B) {
			app := newApp(b, sc.setup)
			w := newWarm()
			w.draw(app.View().Content)
			views := [2]string{}
			for j := range 2 {
				app.Update(key(sc.keys[j]))
				views[j] = app.View().Content
			}
			w.n.n = 0
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				w.draw(views[i%2])
			}
			b.ReportMetric(float64(w.n.n)/float64(b.N), "bytes/frame")
		})
		b.Run(sc.name+"/first-frame", func(b *testing.B) {
			app := newApp(b, sc.setup)
			v := app.View()
			var out bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				scr := termrun.NewScreen("xterm-256color", colorprofile.ANSI256, 80, 24)
				out.Reset()
				scr.Draw(v, &out)
			}
			b.ReportMetric(float64(out.Len()), "bytes/frame")
		})
	}
}

// BenchmarkSessionStart is the app's share of a new session (the SSH handshake aside):
// the model, its first view, the first frame, and a whole program run to quit.
func BenchmarkSessionStart(b *testing.B) {
	sh := shared(b)
	opts := session.Options{Width: 80, Height: 24, Lang: "en"}
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			_ = session.New(sh, opts)
		}
	})
	b.Run("new+view", func(b *testing.B) {
		for b.Loop() {
			_ = session.New(sh, opts).View()
		}
	})
	b.Run("new+view+first-frame", func(b *testing.B) {
		var out bytes.Buffer
		for b.Loop() {
			scr := termrun.NewScreen("xterm-256color", colorprofile.ANSI256, 80, 24)
			out.Reset()
			scr.Draw(session.New(sh, opts).View(), &out)
		}
	})
	b.Run("program", func(b *testing.B) {
		for b.Loop() {
			pr, pw := io.Pipe()
			p := termrun.New(session.New(sh, opts), termrun.Options{Input: pr, Output: io.Discard, Width: 80, Height: 24, Term: "xterm-256color", Profile: colorprofile.ANSI256,
				Ended: func(error) { _ = pr.Close() }})
			go p.Quit()
			_, _ = p.Run()
			_ = pw.Close()
		}
	})
}
