package session

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// msgOf turns a decoded terminal event into the message bubbletea would hand the app.
func msgOf(ev uv.Event) tea.Msg {
	switch e := ev.(type) {
	case uv.KeyPressEvent:
		return tea.KeyPressMsg(e)
	case uv.KeyReleaseEvent:
		return tea.KeyReleaseMsg(e)
	case uv.PasteEvent:
		return tea.PasteMsg(e)
	case uv.MouseClickEvent:
		return tea.MouseClickMsg(e)
	case uv.MouseWheelEvent:
		return tea.MouseWheelMsg(e)
	case uv.BackgroundColorEvent:
		return tea.BackgroundColorMsg(e)
	}
	return nil
}

// fits fails when the app's frame is taller or wider than the (clamped) window.
func fits(t *testing.T, a *App) {
	t.Helper()
	v := a.View().Content
	lines := strings.Split(v, "\n")
	if a.h > 0 && len(lines) > a.h {
		t.Fatalf("%dx%d: %d lines", a.w, a.h, len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > max(a.w, 1) {
			t.Fatalf("%dx%d: line %d is %d wide: %q", a.w, a.h, i, w, ansi.Strip(l))
		}
	}
}

// FuzzKeys feeds raw terminal input, as a client sends it, through the same decoder the
// server uses, into the app, and checks that every frame fits the window. Its seeds run
// as an ordinary test.
func FuzzKeys(f *testing.F) {
	sh := shared(f)
	for _, s := range []string{
		"", "q", "\x03", "\r\r\r", "\x1b[B\x1b[B\r\r", "?jjkkx", "L\r\r", "\r\r1234\r\r",
		"\r" + strings.Repeat("\x1b[6~", 30) + "\r\x1b[B\r", "\x1b", "\x1b[", "\x1b[200~paste\x1b[201~",
		"\x1b]11;rgb:ffff/ffff/ffff\x07", "\x1b[<0;10;10M", "\xff\xfe\x00\x7f", "\r\rr\r\r\r\x1b\x1bq",
	} {
		for _, size := range [][2]uint16{{80, 24}, {40, 15}, {0, 0}, {39, 14}, {400, 200}} {
			f.Add(size[0], size[1], false, []byte(s))
		}
	}
	f.Add(uint16(60000), uint16(60000), true, []byte("\r\r\x1b[B"))
	f.Fuzz(func(t *testing.T, w, h uint16, plain bool, data []byte) {
		lang := "en"
		if len(data)%2 == 1 {
			lang = "de"
		}
		a := New(sh, Options{Width: int(w), Height: int(h), Lang: lang, Plain: plain})
		var dec uv.EventDecoder
		for steps := 0; len(data) > 0 && steps < 300; steps++ {
			n, ev := dec.Decode(data)
			if n <= 0 {
				break
			}
			data = data[n:]
			if msg := msgOf(ev); msg != nil {
				a.Update(msg)
				fits(t, a)
			}
		}
	})
}

// FuzzWindowSize resizes the app to any size a client can claim (the protocol carries
// 32-bit sizes), between keys, and checks every frame fits.
func FuzzWindowSize(f *testing.F) {
	sh := shared(f)
	for _, s := range [][2]int{{0, 0}, {-1, -1}, {1, 1}, {40, 15}, {39, 15}, {80, 24}, {400, 200}, {401, 201}, {100000, 100000}, {1<<32 - 1, 1<<32 - 1}, {1 << 62, 3}} {
		f.Add(s[0], s[1], "\r")
	}
	f.Fuzz(func(t *testing.T, w, h int, keys string) {
		a := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
		a.Update(tea.WindowSizeMsg{Width: w, Height: h})
		if a.w < 0 || a.w > MaxWidth || a.h < 0 || a.h > MaxHeight {
			t.Fatalf("%dx%d became %dx%d", w, h, a.w, a.h)
		}
		fits(t, a)
		for _, r := range keys {
			a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			fits(t, a)
		}
		a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		fits(t, a)
	})
}
