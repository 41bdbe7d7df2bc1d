package session

import (
	"image/color"
	"math"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"

	"tutord/internal/i18n"
)

// glyphs are the symbols the screens draw with. Plain mode uses ASCII only, so a screen
// reader or a dumb terminal gets words and brackets instead of symbols; the words come
// from the session's language (newTheme).
type glyphs struct {
	cursor, noCursor            string
	notStarted, read, passed    string
	right, wrong, neutral       string
	up, down, updown, leftright string
	sep, ellipsis, more, less   string
	moreKey                     string // more, naming a key (%s)
	barFull, barEmpty           string
	binOpen, binClose           string
	tickOn, tickOff             string // a check box, ticked or not
}

var unicodeGlyphs = glyphs{
	cursor: "› ", noCursor: "  ",
	notStarted: "○", read: "◐", passed: "●",
	right: "✓", wrong: "✗", neutral: "·",
	up: "↑", down: "↓", updown: "↑↓", leftright: "←→",
	sep: " · ", ellipsis: "…", less: "↑",
	barFull: "█", barEmpty: "░",
	binOpen: "‹ ", binClose: " ›",
	tickOn: "[x] ", tickOff: "[ ] ",
}

var plainGlyphs = glyphs{
	cursor: "> ", noCursor: "  ",
	notStarted: "[ ]", read: "[-]", passed: "[x]",
	neutral: "-",
	sep:     " | ", ellipsis: "...",
	barFull: "#", barEmpty: ".",
	binOpen: "[ ", binClose: " ]",
	tickOn: "[x] ", tickOff: "[ ] ",
}

// theme is the look of one session. Colours are written in full; the terminal renderer
// downsamples them to what the client's terminal can show (or drops them for NO_COLOR).
type theme struct {
	plain bool
	g     glyphs

	header, accent, dim, bold, selected, right, wrong, key lipgloss.Style
	// headerOpen and headerClose are what header.Render puts around a line of plain
	// text, when it does no more than that (headerWraps): every frame of every session
	// has a header, and lipgloss' Render was a tenth of a classroom step's CPU.
	headerOpen, headerClose string
	headerWraps             bool

	// keys are every screen's key bindings in this language and look (keys.go).
	keys *keymaps
}

func newTheme(plain bool, accent color.Color, t *i18n.Text) theme {
	th := theme{plain: plain, g: unicodeGlyphs}
	th.g.more = t.More
	if plain {
		th.g = plainGlyphs
		th.g.more, th.g.less = t.PlainMore, t.PlainLess
		th.g.right, th.g.wrong = t.PlainRight, t.PlainWrong
		th.g.up, th.g.down, th.g.updown, th.g.leftright = t.PlainUp, t.PlainDown, t.PlainUpDown, t.PlainLeftRight
		s := lipgloss.NewStyle()
		th.header, th.accent, th.dim, th.bold, th.selected, th.right, th.wrong, th.key = s, s, s, s, s, s, s, s
		th.g.moreKey = strings.TrimSuffix(th.g.more, ")") + ", %s)" // "(more below, pgdn)"
		th.headerOpen, th.headerClose, th.headerWraps = wrapOf(th.header)
		return th
	}
	th.g.moreKey = th.g.more + " (%s)" // "↓ more (pgdn)"
	if accent == nil {
		accent = lipgloss.Color("#7D56F4")
	}
	th.header = lipgloss.NewStyle().Bold(true).Foreground(textOn(accent)).Background(accent)
	th.accent = lipgloss.NewStyle().Foreground(accent).Bold(true)
	th.dim = lipgloss.NewStyle().Faint(true)
	th.bold = lipgloss.NewStyle().Bold(true)
	th.selected = lipgloss.NewStyle().Bold(true).Foreground(accent)
	th.right = lipgloss.NewStyle().Foreground(lipgloss.Color("#2E9E4F")).Bold(true)
	th.wrong = lipgloss.NewStyle().Foreground(lipgloss.Color("#D7403A")).Bold(true)
	th.key = lipgloss.NewStyle().Bold(true)
	th.headerOpen, th.headerClose, th.headerWraps = wrapOf(th.header)
	return th
}

// wrapOf finds what st.Render puts before and after a line of plain text, and whether
// that is all it does (checked on a sample with spaces and wide characters).
func wrapOf(st lipgloss.Style) (open, close string, ok bool) {
	r := st.Render("\x01")
	i := strings.IndexByte(r, 1)
	if i < 0 {
		return "", "", false
	}
	open, close = r[:i], r[i+1:]
	const sample = " Über ○ a  b-1 日本 ✓ "
	return open, close, st.Render(sample) == open+sample+close
}

// plainLine reports whether s is one line of printable text, which wrapOf's open and
// close style as Render would.
func plainLine(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || r >= 0x80 && r < 0xa0 {
			return false
		}
	}
	return true
}

// textOn picks black or white text, whichever contrasts more with the background bg (WCAG
// relative luminance), so an organisation's light accent colour keeps the header readable.
func textOn(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	lin := func(v uint32) float64 {
		c := float64(v) / 0xffff
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	// Contrast with white is 1.05/(l+0.05), with black (l+0.05)/0.05; they are equal at l≈0.179.
	if l > 0.179 {
		return lipgloss.Color("#000000")
	}
	return lipgloss.Color("#FFFFFF")
}
