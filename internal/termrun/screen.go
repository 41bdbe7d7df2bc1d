package termrun

import (
	"bytes"
	"image/color"
	"io"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/lucasb-eyer/go-colorful"
)

// screen draws views on one terminal, cell-diffed like bubbletea's renderer, but
// keeps no cells between frames: an 80x24 cell buffer is about 220 KB, and bubbletea
// keeps two per session (its model of the terminal and the new frame). The screen
// keeps only the last frame's text and diffs the next frame against it (diff.go for
// the alt screen, uv's renderer for inline frames), so an idle session costs one
// string.
type screen struct {
	env     []string // just TERM: the renderer reads escape-sequence capabilities from it
	profile colorprofile.Profile
	w, h    int
	noInput bool // no input stream: never ask the terminal anything
	plain   bool // Options.Plain: text, cursor and screen sequences only
	syncd   bool // the terminal has synchronized output (mode 2026): frames use it

	started bool     // a frame has been written
	last    tea.View // the last frame drawn; Content is what is on screen
	area    uv.Rectangle
	// x, y is the cursor after the last frame, needed to diff an inline frame
	// (fullscreen frames start from an absolute move instead).
	x, y int
	// savedX, savedY is the inline cursor while the alt screen is up.
	savedX, savedY int
	repaint        bool // the next frame repaints everything (resize, clear)
	// seat is the screen's place in a Shared (shared.go); nil while the model offers
	// none, so a session that never shares carries one pointer.
	seat *seat
}

func newScreen(term string, profile colorprofile.Profile, w, h int, noInput, plain bool) *screen {
	return &screen{env: []string{"TERM=" + term}, profile: profile, w: w, h: h, noInput: noInput || plain, plain: plain, x: -1, y: -1, savedX: -1, savedY: -1}
}

// plainView keeps of a view what a plain terminal is sent: its text, the screen and the
// cursor's place (not its shape or colour).
func plainView(v tea.View) tea.View {
	pv := tea.View{Content: v.Content, AltScreen: v.AltScreen, DisableBracketedPasteMode: true}
	if v.Cursor != nil {
		pv.Cursor = &tea.Cursor{Position: v.Cursor.Position}
	}
	return pv
}

// resize sets a new terminal size; the next frame repaints everything.
func (s *screen) resize(w, h int) {
	s.w, s.h = w, h
	s.repaint = true
}

// erase makes the next frame repaint everything.
func (s *screen) erase() { s.repaint = true }

// getBuffer makes a cell buffer for one inline frame. Inline frames are rare (tutord's
// app is full-screen), so buffers are not pooled: a pooled buffer would keep a
// session's window size after it left.
func getBuffer(w, h int) uv.ScreenBuffer {
	return uv.ScreenBuffer{RenderBuffer: uv.NewRenderBuffer(w, h), Method: ansi.WcWidth}
}

// fill draws content into a cleared buffer of the frame's size.
func fill(b uv.ScreenBuffer, content string, h int) {
	b.Clear()
	uv.NewStyledString(content).Draw(b, b.Bounds())
	// An inline frame taller than the terminal keeps its bottom rows, like bubbletea.
	if extra := b.Height() - h; extra > 0 && h > 0 {
		b.Lines = b.Lines[extra:]
	}
}

// switchWriter lets the renderer's output be thrown away while it learns the old frame.
type switchWriter struct{ w io.Writer }

func (s *switchWriter) Write(p []byte) (int, error) { return s.w.Write(p) }

func (s *screen) newRenderer(out io.Writer, alt bool) *uv.TerminalRenderer {
	tr := uv.NewTerminalRenderer(out, s.env)
	tr.SetColorProfile(s.profile)
	tr.SetFullscreen(alt)
	tr.SetRelativeCursor(!alt)
	tr.SetTabStops(-1)
	tr.SetBackspace(false)
	// The SSH server's emulated PTY turns \n into \r\n, as bubbletea assumes for wish.
	tr.SetMapNewline(true)
	tr.SetScrollOptim(true)
	return tr
}

// frameArea is the part of the screen a view covers: all of it on the alt screen, its
// own height inline. The same rule as bubbletea's renderer.
func (s *screen) frameArea(v *tea.View) uv.Rectangle {
	area := uv.Rect(0, 0, s.w, s.h)
	if v.Content == "" {
		area.Max.Y = 0
	}
	if !v.AltScreen {
		if fh := strings.Count(v.Content, "\n") + 1; fh != area.Dy() {
			area.Max.Y = fh
		}
	}
	return area
}

// draw writes the escape sequences that turn the last frame into v to out. It writes
// nothing when v looks the same as the last frame. closing forces the frame out (the
// final render before the terminal is restored).
func (s *screen) draw(v tea.View, out *bytes.Buffer, closing bool) {
	if s.plain {
		v = plainView(v)
	}
	area := s.frameArea(&v)
	if s.started && !s.repaint && !closing && area == s.area && viewEquals(&s.last, &v) {
		return
	}
	first := !s.started
	switchAlt := first && v.AltScreen || !first && s.last.AltScreen != v.AltScreen

	var body bytes.Buffer
	if v.AltScreen {
		if switchAlt {
			s.savedX, s.savedY = s.x, s.y
		}
		s.modes(&body, &v, first, switchAlt)
		d := differ{out: &body, profile: s.profile, w: area.Dx(), h: area.Dy(), noLinks: s.plain}
		if s.seat != nil {
			s.seat.take(groupKey{w: d.w, h: d.h, profile: s.profile, noLinks: s.plain})
			d.seat = s.seat
		}
		d.frame(s.last.Content, v.Content, switchAlt || s.repaint || area != s.area)
		if c := v.Cursor; c != nil {
			d.move(c.X, c.Y)
		}
		s.x, s.y = -1, -1
	} else {
		s.offer(nil, "")
		s.inline(&v, area, &body, first, switchAlt)
	}
	s.repaint = false

	showCursor := v.Cursor != nil
	cursorChanged := first || switchAlt || (s.last.Cursor != nil) != showCursor
	syncd := s.syncd && body.Len() > 0 && !closing
	if syncd {
		// The whole frame at once, as bubbletea's renderer does: the terminal shows
		// nothing of it until the end (ESC[?2026l).
		out.WriteString(ansi.SetModeSynchronizedOutput)
	}
	if switchAlt {
		s.resetKeyboard(out, first)
		if v.AltScreen {
			out.WriteString(ansi.SetModeAltScreenSaveCursor)
		} else {
			out.WriteString(ansi.ResetModeAltScreenSaveCursor)
		}
	}
	if cursorChanged && !showCursor {
		out.WriteString(ansi.ResetModeTextCursorEnable)
	}
	out.Write(body.Bytes())
	if cursorChanged && showCursor {
		out.WriteString(ansi.SetModeTextCursorEnable)
	}
	if syncd {
		out.WriteString(ansi.ResetModeSynchronizedOutput)
	}
	s.last, s.area, s.started = v, area, true
	s.last.Cursor = cloneCursor(v.Cursor)
	s.last.OnMouse = nil // a closure may hold the model: keep nothing but the frame
	// A copy of the text at its own length: a view built in a strings.Builder grown for
	// the whole screen (w*h bytes) carries that capacity, twice the text of a typical
	// frame, and this string is what every idle session holds.
	s.last.Content = strings.Clone(v.Content)
}

// inline draws a frame that is not on the alt screen with uv's renderer, which needs
// to know where the cursor is relative to the frame. It rebuilds the renderer's model
// of the terminal from the last frame's text in a pooled buffer by letting it draw that
// frame into nowhere first, then diffs the new frame against it.
func (s *screen) inline(v *tea.View, area uv.Rectangle, body *bytes.Buffer, first, switchAlt bool) {
	sink := &switchWriter{w: body}
	tr := s.newRenderer(sink, false)
	h := min(s.h, max(area.Dy(), 0))
	switch {
	case switchAlt:
		tr.SetPosition(s.savedX, s.savedY)
		tr.Erase()
	case s.repaint || area != s.area || first:
		tr.SetPosition(s.x, s.y)
		tr.Erase()
	default:
		old := getBuffer(area.Dx(), area.Dy())
		fill(old, s.last.Content, s.h)
		sink.w = io.Discard
		tr.Render(old.RenderBuffer)
		_ = tr.Flush()
		sink.w = body
		tr.SetPosition(s.x, s.y)
	}
	s.modes(tr, v, first, switchAlt)
	nb := getBuffer(area.Dx(), area.Dy())
	fill(nb, v.Content, h)
	tr.Render(nb.RenderBuffer)
	if c := v.Cursor; c != nil {
		tr.MoveTo(c.X, c.Y)
	} else if x, y := tr.Position(); x >= s.w-1 {
		// Do not leave a hidden cursor at the end of a line: some terminals wrap.
		tr.MoveTo(0, y)
	}
	_ = tr.Flush()
	s.x, s.y = tr.Position()
}

// modes writes the terminal modes a view asks for that differ from the last frame's,
// before the cells, in the order bubbletea writes them.
func (s *screen) modes(tr io.StringWriter, v *tea.View, first, switchAlt bool) {
	if s.plain {
		return // a plain terminal gets none of them
	}
	l := &s.last
	if first || v.DisableBracketedPasteMode != l.DisableBracketedPasteMode {
		if !v.DisableBracketedPasteMode {
			_, _ = tr.WriteString(ansi.SetModeBracketedPaste)
		} else if !first {
			_, _ = tr.WriteString(ansi.ResetModeBracketedPaste)
		}
	}
	if first && v.ReportFocus || !first && v.ReportFocus != l.ReportFocus {
		if v.ReportFocus {
			_, _ = tr.WriteString(ansi.SetModeFocusEvent)
		} else {
			_, _ = tr.WriteString(ansi.ResetModeFocusEvent)
		}
	}
	if first && v.MouseMode != tea.MouseModeNone || !first && v.MouseMode != l.MouseMode {
		_, _ = tr.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr)
		switch v.MouseMode {
		case tea.MouseModeCellMotion:
			_, _ = tr.WriteString(ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr)
		case tea.MouseModeAllMotion:
			_, _ = tr.WriteString(ansi.SetModeMouseAnyEvent + ansi.SetModeMouseExtSgr)
		}
	}
	if first && v.WindowTitle != "" || !first && v.WindowTitle != l.WindowTitle {
		_, _ = tr.WriteString(ansi.SetWindowTitle(v.WindowTitle))
	}
	if !s.noInput && (first || switchAlt || v.KeyboardEnhancements != l.KeyboardEnhancements) {
		// Key disambiguation (kitty protocol, xterm modifyOtherKeys), as bubbletea asks
		// for it: esc, tab and ctrl+i arrive as distinct keys where the terminal can.
		_, _ = tr.WriteString(ansi.SetModifyOtherKeys2)
		if first || switchAlt {
			_, _ = tr.WriteString(ansi.PushKittyKeyboard(kittyFlags(v.KeyboardEnhancements)))
		} else {
			_, _ = tr.WriteString(ansi.KittyKeyboard(kittyFlags(v.KeyboardEnhancements), 1))
		}
		_, _ = tr.WriteString(ansi.RequestKittyKeyboard)
	}
	if now, was := cursorStyle(v.Cursor), cursorStyle(l.Cursor); now != was {
		_, _ = tr.WriteString(ansi.SetCursorStyle(now))
	}
	for _, c := range []struct {
		now, was color.Color
		reset    string
		set      func(string) string
	}{
		{cursorColor(v.Cursor), cursorColor(l.Cursor), ansi.ResetCursorColor, ansi.SetCursorColor},
		{v.ForegroundColor, l.ForegroundColor, ansi.ResetForegroundColor, ansi.SetForegroundColor},
		{v.BackgroundColor, l.BackgroundColor, ansi.ResetBackgroundColor, ansi.SetBackgroundColor},
	} {
		if first && c.now == nil || c.now == c.was && !first {
			continue
		}
		if c.now == nil {
			_, _ = tr.WriteString(c.reset)
		} else if col, ok := colorful.MakeColor(c.now); ok {
			_, _ = tr.WriteString(c.set(col.Hex()))
		}
	}
}

// resetKeyboard undoes the key disambiguation before a screen switch: terminals keep
// one setting per screen.
func (s *screen) resetKeyboard(out *bytes.Buffer, first bool) {
	if s.noInput {
		return
	}
	out.WriteString(ansi.ResetModifyOtherKeys)
	if !first {
		out.WriteString(ansi.PopKittyKeyboard(1))
	}
}

// close writes what gives the terminal back as it was: main screen, cursor, modes.
func (s *screen) close(out *bytes.Buffer) {
	s.offer(nil, "")
	if !s.started {
		return
	}
	l := &s.last
	if !s.noInput {
		out.WriteString(ansi.ResetModifyOtherKeys)
		out.WriteString(ansi.PopKittyKeyboard(1))
	}
	if l.AltScreen {
		out.WriteString(ansi.ResetModeAltScreenSaveCursor)
	} else {
		// Below the frame, so whatever prints next starts on a fresh line.
		tr := s.newRenderer(out, false)
		tr.SetPosition(s.x, s.y)
		tr.MoveTo(0, max(s.area.Dy()-1, 0))
		_ = tr.Flush()
		out.WriteString(ansi.EraseScreenBelow)
	}
	if l.Cursor == nil {
		out.WriteString(ansi.SetModeTextCursorEnable)
	}
	if !l.DisableBracketedPasteMode {
		out.WriteString(ansi.ResetModeBracketedPaste)
	}
	if l.ReportFocus {
		out.WriteString(ansi.ResetModeFocusEvent)
	}
	if l.MouseMode != tea.MouseModeNone {
		out.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr)
	}
	if l.WindowTitle != "" {
		out.WriteString(ansi.SetWindowTitle(""))
	}
	if l.Cursor != nil && l.Cursor.Color != nil {
		out.WriteString(ansi.ResetCursorColor)
	}
	if st := cursorStyle(l.Cursor); st > 1 && !s.plain {
		out.WriteString(ansi.SetCursorStyle(0))
	}
	if l.BackgroundColor != nil {
		out.WriteString(ansi.ResetBackgroundColor)
	}
	if l.ForegroundColor != nil {
		out.WriteString(ansi.ResetForegroundColor)
	}
	s.started = false
}

func cursorColor(c *tea.Cursor) color.Color {
	if c == nil {
		return nil
	}
	return c.Color
}

// cursorStyle is the DECSCUSR number for a cursor (0 for none: the terminal's default).
func cursorStyle(c *tea.Cursor) int {
	if c == nil {
		return 0
	}
	st := int(c.Shape)*2 + 1
	if !c.Blink {
		st++
	}
	return st
}

func cloneCursor(c *tea.Cursor) *tea.Cursor {
	if c == nil {
		return nil
	}
	cc := *c
	return &cc
}

// viewEquals reports whether two views draw the same (the fields this package honours).
func viewEquals(a, b *tea.View) bool {
	if a.Content != b.Content || a.AltScreen != b.AltScreen ||
		a.DisableBracketedPasteMode != b.DisableBracketedPasteMode ||
		a.ReportFocus != b.ReportFocus || a.MouseMode != b.MouseMode ||
		a.WindowTitle != b.WindowTitle || a.ForegroundColor != b.ForegroundColor ||
		a.BackgroundColor != b.BackgroundColor || a.KeyboardEnhancements != b.KeyboardEnhancements {
		return false
	}
	if (a.Cursor == nil) != (b.Cursor == nil) {
		return false
	}
	return a.Cursor == nil || *a.Cursor == *b.Cursor
}

// kittyFlags is the kitty keyboard protocol flags for the enhancements a view asks for.
func kittyFlags(ke tea.KeyboardEnhancements) int {
	flags := ansi.KittyDisambiguateEscapeCodes
	if ke.ReportEventTypes {
		flags |= ansi.KittyReportEventTypes
	}
	if ke.ReportAlternateKeys {
		flags |= ansi.KittyReportAlternateKeys
	}
	if ke.ReportAllKeysAsEscapeCodes {
		flags |= ansi.KittyReportAllKeysAsEscapeCodes
	}
	if ke.ReportAssociatedText {
		flags |= ansi.KittyReportAssociatedKeys
	}
	return flags
}
