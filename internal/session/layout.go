package session

import (
	"charm.land/lipgloss/v2"

	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
)

// Size limits. Below the minimum the app asks for a bigger window; above the maximum the
// extra cells stay blank, so a 100000x100000 request costs no more than a big screen.
const (
	MinWidth  = 40
	MinHeight = 15
	MaxWidth  = 400
	MaxHeight = 200
	// textWidth is the widest a paragraph gets: longer lines are hard to read.
	textWidth = 100
)

// hint is one key and what it does, for the always-visible hint line.
type hint struct{ key, action string }

// page is what a screen hands to the frame: a header, a body that may scroll, and hints.
type page struct {
	title string
	right string // right side of the header, e.g. "3/7" or "42%"
	body  []string
	// focus is the body line range that must be visible (the selected item); -1 for none.
	focusTop, focusBottom int
	// footer is drawn below the body and never scrolls away: the choices of a screen.
	footer []string
	// status is an optional line above the hints (e.g. "Right." after an answer).
	status string
	// keys are the hint line: the screen's ShortHelp in its state (keys.go).
	keys []binding
	// pageKey, when set, is named in the "more" indicator: the key that scrolls a body
	// whose arrow keys move a choice list instead.
	pageKey string
}

// renderFitting draws p with keys that depend on whether its body fits (a page that fits
// has no scrolling keys): *fits is what the last frame showed, and when this frame's fit
// differs, it draws again with the keys for the new fit. off is the body's scroll position.
func (a *App) renderFitting(p page, off *int, fits *bool, keys func() []binding) string {
	p.keys = keys()
	out := a.render(p, off)
	if f := len(p.body) <= a.bodyRows; f != *fits {
		*fits = f
		p.keys = keys()
		out = a.render(p, off)
	}
	return out
}

// styledLines wraps s to width and styles each line: a heading a translation makes wider
// than a narrow window wraps instead of being cut.
func styledLines(st lipgloss.Style, s string, width int) []string {
	lines := wrap(s, width)
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

// wrap breaks s into lines of at most width cells, keeping words whole where it can.
func wrap(s string, width int) []string {
	if width < 1 {
		width = 1
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(para, width, ""), "\n")...)
	}
	return out
}

// wrapIndent wraps s to width with a first-line prefix and the same indent for the rest.
func wrapIndent(prefix, s string, width int) []string {
	pw := ansi.StringWidth(prefix)
	lines := wrap(s, max(1, width-pw))
	pad := strings.Repeat(" ", pw)
	for i := range lines {
		if i == 0 {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = pad + lines[i]
		}
	}
	return lines
}

// packItems lays short items out in lines of at most width cells, never breaking an item
// (an item wider than a line gets a line of its own, wrapped).
func packItems(items []string, sep string, width int) []string {
	var out []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case ansi.StringWidth(line+sep+it) <= width:
			line += sep + it
		default:
			out = append(out, line)
			line = it
		}
	}
	if line != "" {
		out = append(out, wrap(line, width)...)
	}
	return out
}

// truncate cuts s to width cells with an ellipsis.
func truncate(s string, width int, ellipsis string) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, ellipsis)
}

// render lays a page out on a w×h screen: header line, body with scrolling, optional
// status line, hint line. offset is the body's scroll position, adjusted in place so the
// focus stays visible.
func (a *App) render(p page, offset *int) string {
	var b strings.Builder
	b.Grow(a.w * a.h)
	a.renderHeader(&b, p)
	var buf [16]hint
	hints := a.hintLine(shortEntries(p.keys, buf[:0]))
	// A student's screen on the room's step: the part below the header is the same for
	// every student with the same window, language and look (stepframes.go).
	if vc := a.stepViews(); vc != nil {
		vc.render(&b, a, p, hints, offset)
	} else {
		a.renderBody(&b, p, hints, offset)
	}
	return b.String()
}

// renderHeader writes the header line: title left, extra right, on the accent bar.
func (a *App) renderHeader(b *strings.Builder, p page) {
	w := a.w
	th := a.theme
	title := " " + p.title
	right := p.right
	if right != "" {
		right += " "
	}
	space := w - ansi.StringWidth(right)
	title = truncate(title, max(1, space-1), th.g.ellipsis)
	gap := max(1, w-ansi.StringWidth(title)-ansi.StringWidth(right))
	line := title + strings.Repeat(" ", gap) + right
	if th.headerWraps && plainLine(line) {
		b.WriteString(th.headerOpen)
		b.WriteString(line)
		b.WriteString(th.headerClose)
	} else {
		b.WriteString(th.header.Render(line))
	}
	b.WriteByte('\n')
}

// renderBody writes what is below the header: the body, footer, status and hint line.
// It depends on p's body, focus, footer, status and pageKey, the hint line, the offset,
// the window size and the theme, and sets the offset and a.bodyRows.
func (a *App) renderBody(b *strings.Builder, p page, hints string, offset *int) {
	th := a.theme
	cw := a.contentWidth()
	margin := strings.Repeat(" ", max(0, (a.w-cw)/2))

	var status []string
	if p.status != "" {
		// Up to three lines: at 40 columns a wrong answer's line with what to do next
		// needs them all.
		status = wrap(p.status, cw)
		if len(status) > 3 {
			status = status[:3]
		}
	}
	footer := p.footer
	// The body keeps at least a few rows; a footer taller than that is cut.
	if room := a.h - 2 - len(status) - 3; len(footer) > room {
		footer = footer[:max(0, room)]
	}
	bodyH := a.bodyHeight(len(status) + len(footer))

	body := p.body
	rows := visibleRows(len(body), bodyH)
	maxOff := max(0, len(body)-rows)
	if p.focusTop >= 0 {
		// Show the whole focus if it fits, else its top.
		if p.focusBottom >= *offset+rows {
			*offset = p.focusBottom - rows + 1
		}
		if p.focusTop < *offset {
			*offset = p.focusTop
		}
	}
	*offset = max(0, min(*offset, maxOff))
	a.bodyRows = rows
	visible := body[*offset:min(len(body), *offset+rows)]
	// A short body leaves its spare rows below the footer, so the choices follow the text.
	spare := 0
	if len(footer) > 0 && len(body) < bodyH {
		spare, bodyH = bodyH-len(body), len(body)
	}
	for i := 0; i < bodyH; i++ {
		line := ""
		switch {
		case i < len(visible):
			line = visible[i]
		case i == bodyH-1 && rows < bodyH:
			// The last row tells whether there is more, so no content hides under it.
			if *offset < maxOff {
				more := th.g.more
				if p.pageKey != "" {
					more = fmt.Sprintf(th.g.moreKey, p.pageKey)
				}
				if *offset > 0 { // and above: a screen that starts mid-text says so
					more = th.g.less + " " + more
				}
				line = th.dim.Render(more)
			} else {
				line = th.dim.Render(th.g.less)
			}
		}
		if line != "" {
			b.WriteString(margin)
			b.WriteString(truncate(line, cw, ""))
		}
		b.WriteByte('\n')
	}
	for _, l := range footer {
		b.WriteString(margin)
		b.WriteString(truncate(l, cw, ""))
		b.WriteByte('\n')
	}
	for range spare {
		b.WriteByte('\n')
	}
	for _, s := range status {
		b.WriteString(margin)
		b.WriteString(th.bold.Render(s))
		b.WriteByte('\n')
	}
	b.WriteString(hints)
}

// visibleRows is how many body lines show in a body of height h: all of it, or one less
// when the body overflows and the last row shows the "more" indicator.
func visibleRows(n, h int) int {
	if n > h && h > 2 {
		return h - 1
	}
	return h
}

// bodyHeight is the height of the body area for a page with n footer and status lines.
func (a *App) bodyHeight(n int) int { return max(1, a.h-2-n) }

// pageStep is how far a paging key moves a body: what the last frame showed of it, less
// a line, so the text reads on.
func (a *App) pageStep() int { return max(1, a.bodyRows-1) }

// scroll moves a scrolling page's offset for the keys that scroll it (scrollKeys) and
// reports whether k was one of them. The page clamps the far end when it draws.
func (a *App) scroll(off *int, k tea.KeyPressMsg) bool {
	sk := &a.theme.keys.scroll
	page := a.pageStep()
	switch {
	case matches(k, sk.Down):
		*off++
	case matches(k, sk.Up):
		*off = max(0, *off-1)
	case matches(k, sk.PageDown):
		*off += page
	case matches(k, sk.PageUp):
		*off = max(0, *off-page)
	case matches(k, sk.Top):
		*off = 0
	default:
		return false
	}
	return true
}

// hintLine renders as many hints as fit in the width, always keeping help and quit last.
func (a *App) hintLine(hs []hint) string {
	th := a.theme
	g := &th.keys.global
	var buf [2]hint
	tail := shortEntries([]binding{g.Help, g.Quit}, buf[:0])
	if a.help { // in the help overlay, ? is one of the keys that close it
		tail = shortEntries([]binding{g.Quit}, buf[:0])
	} else if t, ok := a.cur.(typer); ok && t.typing() {
		tail = shortEntries([]binding{g.Interrupt}, buf[:0]) // ? and q type themselves into the input
	}
	styled := a.sh.hints.get(th, hs, tail)
	own, kept := styled[:len(hs)], styled[len(hs):]
	sepW := ansi.StringWidth(th.g.sep)
	join := func(n int, lead string) (string, int) {
		var b strings.Builder
		b.WriteString(lead)
		w := len(lead)
		for i, h := range append(own[:n:n], kept...) {
			if i > 0 {
				b.WriteString(th.g.sep)
				w += sepW
			}
			b.WriteString(h.s)
			w += h.w
		}
		return b.String(), w
	}
	// Screens list their hints most important first; drop from the end until the line
	// fits. Help and quit always stay.
	for n := len(own); n >= 0; n-- {
		for _, lead := range []string{" ", ""} {
			if s, w := join(n, lead); w <= a.w {
				return s
			}
		}
	}
	s, _ := join(0, "")
	return truncate(s, a.w, "")
}

// contentWidth is the width of text on screen: the window less a margin, at most textWidth.
func (a *App) contentWidth() int {
	return max(10, min(a.w-2, textWidth))
}
