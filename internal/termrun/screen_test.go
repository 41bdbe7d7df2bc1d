package termrun

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// crlf is what the SSH server's emulated PTY does to output: \n becomes \r\n.
type crlf struct {
	w interface{ Write([]byte) (int, error) }
}

func (c crlf) Write(p []byte) (int, error) {
	q := bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))
	q = bytes.ReplaceAll(q, []byte("\r\r\n"), []byte("\r\n"))
	_, err := c.w.Write(q)
	return len(p), err
}

// want is what a terminal should show for content: the cells of the content drawn on a
// blank w×h screen.
func want(content string, w, h int) uv.ScreenBuffer {
	b := uv.ScreenBuffer{RenderBuffer: uv.NewRenderBuffer(w, h), Method: ansi.WcWidth}
	uv.NewStyledString(content).Draw(b, b.Bounds())
	return b
}

// sameScreen reports the first cell where the emulator differs from what content
// should look like.
func sameScreen(t *testing.T, emu *vt.Emulator, content string, w, h int) {
	t.Helper()
	exp := want(content, w, h)
	for y := range h {
		for x := range w {
			got, wantc := emu.CellAt(x, y), exp.CellAt(x, y)
			if got == nil || wantc == nil {
				continue
			}
			gc, wc := got.Content, wantc.Content
			if gc == "" {
				gc = " "
			}
			if wc == "" {
				wc = " "
			}
			same := got.Style.Equal(&wantc.Style)
			if gc == " " && wc == " " {
				// On a blank only the background shows; the renderer may drop the rest.
				gs := uv.Style{Bg: got.Style.Bg, Underline: got.Style.Underline, Attrs: got.Style.Attrs & uv.AttrReverse}
				ws := uv.Style{Bg: wantc.Style.Bg, Underline: wantc.Style.Underline, Attrs: wantc.Style.Attrs & uv.AttrReverse}
				same = gs.Equal(&ws)
			}
			if gc != wc || !same {
				t.Fatalf("cell %d,%d: got %q %+v, want %q %+v\nscreen:\n%s\nwant:\n%s", x, y, gc, got.Style, wc, wantc.Style, emu.String(), exp.String())
			}
		}
	}
}

var palette = []lipgloss.Style{
	lipgloss.NewStyle(),
	lipgloss.NewStyle().Bold(true),
	lipgloss.NewStyle().Foreground(lipgloss.Color("#7D56F4")).Bold(true),
	lipgloss.NewStyle().Foreground(lipgloss.Color("#FFFFFF")).Background(lipgloss.Color("#7D56F4")),
	lipgloss.NewStyle().Faint(true),
	lipgloss.NewStyle().Underline(true).Foreground(lipgloss.Color("#2E9E4F")),
}

var words = strings.Fields("anonymity 日本語 pseudonym 👍 identity › ○ ◐ ● ✓ ✗ █ ░ metadata Tor linkable the a of set — “quoted” émigré")

// randomLine makes a styled line of at most w cells.
func randomLine(r *rand.Rand, w int) string {
	var b strings.Builder
	n := 0
	for n < w {
		wd := words[r.IntN(len(words))]
		if r.IntN(4) == 0 {
			wd = strings.Repeat(" ", 1+r.IntN(12))
		}
		ww := ansi.StringWidth(wd) + 1
		if n+ww > w || r.IntN(12) == 0 {
			break
		}
		b.WriteString(palette[r.IntN(len(palette))].Render(wd))
		b.WriteByte(' ')
		n += ww
	}
	// Styles and links left open run into the next lines, as wrapped styled text does.
	switch r.IntN(8) {
	case 0:
		b.WriteString("\x1b[2m")
	case 1:
		b.WriteString("\x1b[38;5;99;1m")
	case 2:
		b.WriteString("\x1b]8;;https://example.org/\x07")
	case 3:
		b.WriteString("\x1b[m\x1b]8;;\x07")
	}
	return b.String()
}

// nextFrame changes some lines of the previous frame the way screens do: a selection
// moves, a page scrolls, a line changes, everything changes.
func nextFrame(r *rand.Rand, prev []string, w, h int) []string {
	next := append([]string(nil), prev...)
	switch r.IntN(5) {
	case 0: // scroll by a few lines
		k := 1 + r.IntN(3)
		if r.IntN(2) == 0 && len(next) > k {
			next = append(next[k:], make([]string, k)...)
			for i := len(next) - k; i < len(next); i++ {
				next[i] = randomLine(r, w)
			}
		} else {
			head := make([]string, k)
			for i := range head {
				head[i] = randomLine(r, w)
			}
			next = append(head, next[:len(next)-k]...)
		}
	case 1: // everything new
		for i := range next {
			next[i] = randomLine(r, w)
		}
	case 2: // a selection marker moves
		i, j := r.IntN(h), r.IntN(h)
		next[i] = palette[2].Render("› ") + ansi.Strip(next[i])
		next[j] = "  " + next[j]
	default: // a few lines change
		for range 1 + r.IntN(3) {
			next[r.IntN(h)] = randomLine(r, w)
		}
	}
	for i := range next {
		next[i] = ansi.Truncate(next[i], w, "")
	}
	return next
}

// TestFramesMatchGroundTruth draws random frame sequences through the stateless diff
// and checks that a terminal emulator shows exactly each frame, cell by cell.
func TestFramesMatchGroundTruth(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {40, 15}, {120, 40}} {
		w, h := size[0], size[1]
		for seed := range uint64(6) {
			t.Run(fmt.Sprintf("%dx%d/%d", w, h, seed), func(t *testing.T) {
				r := rand.New(rand.NewPCG(seed, 42))
				emu := vt.NewEmulator(w, h)
				go func() { _, _ = bytes.NewBuffer(nil).ReadFrom(emu) }() // drain replies
				scr := newScreen("xterm-256color", colorprofile.TrueColor, w, h, false, false)
				lines := make([]string, h)
				for i := range lines {
					lines[i] = randomLine(r, w)
				}
				for step := range 40 {
					if step > 0 {
						lines = nextFrame(r, lines, w, h)
					}
					content := strings.Join(lines, "\n")
					v := tea.NewView(content)
					v.AltScreen = true
					if step%7 == 6 {
						scr.erase() // a repaint, as after a resize or tea.ClearScreen
					}
					var out bytes.Buffer
					scr.draw(v, &out, false)
					_, _ = crlf{emu}.Write(out.Bytes())
					sameScreen(t, emu, content, w, h)
				}
			})
		}
	}
}

// TestInlineFramesMatchGroundTruth does the same without the alt screen, where frames
// change height and the cursor moves relative to where the last frame left it.
func TestInlineFramesMatchGroundTruth(t *testing.T) {
	w, h := 60, 20
	for seed := range uint64(4) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			emu := vt.NewEmulator(w, h)
			go func() { _, _ = bytes.NewBuffer(nil).ReadFrom(emu) }()
			scr := newScreen("xterm-256color", colorprofile.TrueColor, w, h, false, false)
			var lines []string
			for range 40 {
				if len(lines) == 0 || r.IntN(3) == 0 {
					lines = make([]string, 1+r.IntN(h-1))
					for i := range lines {
						lines[i] = randomLine(r, w-1)
					}
				} else {
					for range 1 + r.IntN(2) {
						lines[r.IntN(len(lines))] = randomLine(r, w-1)
					}
				}
				content := strings.Join(lines, "\n")
				var out bytes.Buffer
				scr.draw(tea.NewView(content), &out, false)
				_, _ = crlf{emu}.Write(out.Bytes())
				sameScreen(t, emu, content, w, h)
			}
		})
	}
}

// TestUnchangedViewSendsNothing: the same view twice is one frame, not two.
func TestUnchangedViewSendsNothing(t *testing.T) {
	scr := newScreen("xterm-256color", colorprofile.TrueColor, 80, 24, false, false)
	v := tea.NewView("hello\nworld")
	v.AltScreen = true
	var out bytes.Buffer
	scr.draw(v, &out, false)
	if out.Len() == 0 {
		t.Fatal("first frame wrote nothing")
	}
	out.Reset()
	scr.draw(v, &out, false)
	if out.Len() != 0 {
		t.Fatalf("unchanged view wrote %q", out.String())
	}
}

// TestSelectionMoveSendsOnlyTheChange: moving a marker between two lines of a
// full screen costs a few dozen bytes, not a repaint.
func TestSelectionMoveSendsOnlyTheChange(t *testing.T) {
	lines := make([]string, 24)
	for i := range lines {
		lines[i] = fmt.Sprintf("  %d  item number %d of the list", i, i)
	}
	frame := func(sel int) tea.View {
		l := append([]string(nil), lines...)
		l[sel] = palette[2].Render("› " + strings.TrimPrefix(l[sel], "  "))
		v := tea.NewView(strings.Join(l, "\n"))
		v.AltScreen = true
		return v
	}
	scr := newScreen("xterm-256color", colorprofile.ANSI256, 80, 24, false, false)
	var out bytes.Buffer
	scr.draw(frame(3), &out, false)
	out.Reset()
	scr.draw(frame(4), &out, false)
	if out.Len() == 0 || out.Len() > 150 {
		t.Fatalf("selection move wrote %d bytes: %q", out.Len(), out.String())
	}
}

// TestColourProfiles: with no colour (NO_COLOR, TERM=dumb) no cell gets a colour.
func TestColourProfiles(t *testing.T) {
	content := palette[3].Render("header") + "\n" + palette[2].Render("› selected") + "\n" + palette[5].Render("ok")
	for _, p := range []colorprofile.Profile{colorprofile.NoTTY, colorprofile.Ascii} {
		scr := newScreen("dumb", p, 40, 10, false, false)
		v := tea.NewView(content)
		v.AltScreen = true
		var out bytes.Buffer
		scr.draw(v, &out, false)
		emu := vt.NewEmulator(40, 10)
		_, _ = crlf{emu}.Write(out.Bytes())
		if !strings.Contains(emu.String(), "header") || !strings.Contains(emu.String(), "selected") {
			t.Errorf("profile %v: text missing:\n%s", p, emu.String())
		}
		for y := range 10 {
			for x := range 40 {
				if c := emu.CellAt(x, y); c != nil && (c.Style.Fg != nil || c.Style.Bg != nil || c.Style.UnderlineColor != nil) {
					t.Fatalf("profile %v: cell %d,%d %q has a colour: %+v", p, x, y, c.Content, c.Style)
				}
			}
		}
	}
}

// TestWideCharacters: changes next to and inside wide characters (two columns each)
// leave no half characters behind.
func TestWideCharacters(t *testing.T) {
	frames := []string{
		"ab日本cd\n👍 ok",
		"a日本xcd\n 👍ok",
		"abc本cd\n👍👍",
		"日日日日\nx",
		"a日日日d\n" + palette[2].Render("日") + "x",
		"ab\n",
		"日本語の文字列がここにあります\nend",
		"日本語の文字列がここにありま\nend",
	}
	w, h := 20, 3
	emu := vt.NewEmulator(w, h)
	scr := newScreen("xterm-256color", colorprofile.TrueColor, w, h, false, false)
	for _, f := range frames {
		v := tea.NewView(f)
		v.AltScreen = true
		var out bytes.Buffer
		scr.draw(v, &out, false)
		_, _ = crlf{emu}.Write(out.Bytes())
		sameScreen(t, emu, f, w, h)
	}
}
