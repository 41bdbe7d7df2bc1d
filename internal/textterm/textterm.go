// Package textterm is a terminal that keeps only the text on its screen, for clients
// that measure what many sessions show (benchmarks, load tools). A full emulator (x/vt)
// keeps a cell with style and link for every position, a scrollback, and turns the
// whole screen into text when asked; with hundreds of sessions on the same cores as the
// server, that work was half of what a measured classroom step cost. This one keeps a
// rune per cell, understands the sequences tutord's runner writes (cursor moves,
// erases, scroll regions and scrolls, the alternate screen, autowrap; styles, links,
// titles and input modes change no text and are skipped), answers the queries a
// session asks the way x/vt does, and tells which rows changed, so a client can look for
// a text in those rows only. Its screen text is checked against x/vt on recorded
// sessions (textterm_test.go).
package textterm

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// blankCell is what an erase leaves; wideTail marks the second cell of a wide character.
const (
	blankCell = ' '
	wideTail  = 0
)

// row is one line of cells. extra holds combining marks after a cell's rune (rare: nil
// until one arrives).
type row struct {
	cells []rune
	extra map[int]string
}

func newRow(w int) *row {
	r := &row{cells: make([]rune, w)}
	r.clear(0, w)
	return r
}

// clear blanks cells [from, to).
func (r *row) clear(from, to int) {
	for x := from; x < to; x++ {
		r.cells[x] = blankCell
		if r.extra != nil {
			delete(r.extra, x)
		}
	}
}

// contains reports whether the row's text holds want, without making the text: a
// client looks at every changed row of every read.
func (r *row) contains(want []rune, sb *strings.Builder) bool {
	if len(r.extra) > 0 {
		return strings.Contains(r.text(sb), string(want))
	}
	if len(want) == 0 {
		return true
	}
	cells := r.cells
next:
	for x := range cells {
		i := 0
		for j := x; j < len(cells) && i < len(want); j++ {
			switch c := cells[j]; {
			case c == wideTail:
				if j == x {
					continue next
				}
			case c != want[i]:
				continue next
			default:
				i++
			}
		}
		if i == len(want) {
			return true
		}
	}
	return false
}

// text is the row as x/vt's String shows it: wide characters once, trailing blanks cut.
func (r *row) text(sb *strings.Builder) string {
	sb.Reset()
	end := len(r.cells)
	for end > 0 && r.cells[end-1] == blankCell && r.extra[end-1] == "" {
		end--
	}
	for x := 0; x < end; x++ {
		c := r.cells[x]
		if c == wideTail {
			continue
		}
		sb.WriteRune(c)
		if r.extra != nil {
			sb.WriteString(r.extra[x])
		}
	}
	return sb.String()
}

type grid struct {
	rows []*row
}

func newGrid(w, h int) grid {
	g := grid{rows: make([]*row, h)}
	for y := range g.rows {
		g.rows[y] = newRow(w)
	}
	return g
}

// Screen is the terminal. It is not safe for concurrent use.
type Screen struct {
	w, h    int
	screens [2]grid // main and alternate
	cur     int     // which of screens is shown
	x, y    int
	// phantom: the last column was just written; the next character wraps first.
	phantom bool
	top     int // scroll region, 0-based, inclusive
	bot     int
	noWrap  bool // autowrap (mode 7) off
	syncd   bool // inside a synchronized update (mode 2026): nothing shows yet
	savedX  int
	savedY  int
	dirty   []bool // rows changed since the last Find
	anyDirt bool

	parser  *ansi.Parser
	answers io.Writer
	sb      strings.Builder
	want    []rune // Shows' text as runes, kept to not allocate per read
	// lastPrint: the last thing written was a character (for tests that compare at
	// sequence boundaries).
	lastPrint bool
}

// New makes a w×h screen; answers gets the replies to the terminal's queries (the
// session's input), or nil to send none.
func New(w, h int, answers io.Writer) *Screen {
	s := &Screen{w: w, h: h, bot: h - 1, answers: answers, dirty: make([]bool, h)}
	s.screens[0] = newGrid(w, h)
	s.screens[1] = newGrid(w, h)
	s.parser = ansi.NewParser()
	s.parser.SetHandler(ansi.Handler{
		Print:     s.print,
		Execute:   s.control,
		HandleCsi: s.csi,
		HandleEsc: s.esc,
		HandleOsc: s.osc,
	})
	return s
}

// Write feeds the terminal's output to the screen.
func (s *Screen) Write(p []byte) (int, error) {
	s.parser.Parse(p)
	return len(p), nil
}

// String is the screen's text, one line per row, trailing blanks cut (as x/vt's String).
func (s *Screen) String() string {
	lines := make([]string, s.h)
	for y, r := range s.grid().rows {
		lines[y] = strings.Clone(r.text(&s.sb))
	}
	return strings.Join(lines, "\n")
}

// Contains reports whether a row of the screen shows text, and forgets which rows
// changed. While a synchronized update is open it reports false: a terminal shows none
// of it until the update ends.
func (s *Screen) Contains(text string) bool {
	if s.syncd {
		return false
	}
	clear(s.dirty)
	s.anyDirt = false
	want := []rune(text)
	for _, r := range s.grid().rows {
		if r.contains(want, &s.sb) {
			return true
		}
	}
	return false
}

// Shows reports whether a row changed since the last Contains or Shows shows text now,
// and forgets which rows changed. Looking only at changed rows is what makes a client
// cheap: a text that was not on the screen at the last look can only be on a row that
// changed since. While a synchronized update is open it reports false and keeps the
// changes for the next look.
func (s *Screen) Shows(text string) bool {
	if s.syncd || !s.anyDirt {
		return false
	}
	found := false
	rows := s.grid().rows
	s.want = append(s.want[:0], []rune(text)...)
	for y, d := range s.dirty {
		if d && !found && rows[y].contains(s.want, &s.sb) {
			found = true
		}
	}
	clear(s.dirty)
	s.anyDirt = false
	return found
}

func (s *Screen) grid() *grid { return &s.screens[s.cur] }

func (s *Screen) touch(y int) {
	s.dirty[y] = true
	s.anyDirt = true
}

func (s *Screen) touchRange(from, to int) {
	for y := from; y <= to; y++ {
		s.dirty[y] = true
	}
	s.anyDirt = true
}

func (s *Screen) print(r rune) {
	s.lastPrint = true
	width := 1
	if r >= 0x80 {
		width = ansi.StringWidth(string(r))
	}
	if width == 0 {
		s.combine(r)
		return
	}
	if s.phantom && !s.noWrap {
		s.x = 0
		s.index()
	}
	s.phantom = false
	if s.x+width > s.w {
		if s.noWrap {
			s.x = s.w - width
		} else {
			s.x = 0
			s.index()
		}
		if s.x < 0 {
			return // wider than the screen
		}
	}
	rw := s.grid().rows[s.y]
	s.put(rw, s.x, r)
	if width == 2 {
		s.put(rw, s.x+1, wideTail)
	}
	s.touch(s.y)
	if s.x+width >= s.w {
		s.x = s.w - 1
		s.phantom = !s.noWrap
	} else {
		s.x += width
	}
}

// put sets one cell; a wide character it cuts in half leaves a blank.
func (s *Screen) put(rw *row, x int, r rune) {
	if rw.cells[x] == wideTail && r != wideTail && x > 0 {
		rw.cells[x-1] = blankCell
	}
	if x+1 < s.w && rw.cells[x+1] == wideTail && rw.cells[x] != wideTail {
		rw.cells[x+1] = blankCell
	}
	rw.cells[x] = r
	if rw.extra != nil {
		delete(rw.extra, x)
	}
}

// combine appends a zero-width rune to the character before the cursor.
func (s *Screen) combine(r rune) {
	x := s.x
	if !s.phantom {
		x--
	}
	rw := s.grid().rows[s.y]
	for x > 0 && rw.cells[x] == wideTail {
		x--
	}
	if x < 0 {
		return
	}
	if rw.extra == nil {
		rw.extra = map[int]string{}
	}
	rw.extra[x] += string(r)
	s.touch(s.y)
}

func (s *Screen) control(b byte) {
	s.lastPrint = false
	switch b {
	case '\r':
		s.x, s.phantom = 0, false
	case '\n', '\v', '\f':
		s.index()
	case '\b':
		if s.x > 0 {
			s.x--
		}
		s.phantom = false
	case '\t':
		s.x = min(s.w-1, (s.x/8+1)*8)
		s.phantom = false
	}
}

// index moves the cursor down, scrolling the region at its bottom margin.
func (s *Screen) index() {
	s.phantom = false
	switch {
	case s.y == s.bot:
		s.scrollUp(1)
	case s.y < s.h-1:
		s.y++
	}
}

// reverseIndex moves the cursor up, scrolling the region down at its top margin.
func (s *Screen) reverseIndex() {
	s.phantom = false
	switch {
	case s.y == s.top:
		s.scrollDown(1)
	case s.y > 0:
		s.y--
	}
}

// scrollUp moves the rows of the scroll region up by n, blank rows coming in below.
func (s *Screen) scrollUp(n int) { s.shift(s.top, s.bot, n) }

// scrollDown moves the rows of the scroll region down by n.
func (s *Screen) scrollDown(n int) { s.shift(s.top, s.bot, -n) }

// shift moves rows [top, bot] up by n (down if n < 0), blanking the rows uncovered.
func (s *Screen) shift(top, bot, n int) {
	if top > bot || n == 0 {
		return
	}
	rows := s.grid().rows
	span := bot - top + 1
	if n >= span || -n >= span {
		for y := top; y <= bot; y++ {
			rows[y].clear(0, s.w)
		}
		s.touchRange(top, bot)
		return
	}
	if n > 0 {
		gone := append([]*row(nil), rows[top:top+n]...)
		copy(rows[top:], rows[top+n:bot+1])
		for i, r := range gone {
			r.clear(0, s.w)
			rows[bot-n+1+i] = r
		}
	} else {
		n = -n
		gone := append([]*row(nil), rows[bot-n+1:bot+1]...)
		copy(rows[top+n:bot+1], rows[top:bot-n+1])
		for i, r := range gone {
			r.clear(0, s.w)
			rows[top+i] = r
		}
	}
	s.touchRange(top, bot)
}

func (s *Screen) moveTo(x, y int) {
	s.x = min(max(x, 0), s.w-1)
	s.y = min(max(y, 0), s.h-1)
	s.phantom = false
}

func (s *Screen) csi(cmd ansi.Cmd, params ansi.Params) {
	s.lastPrint = false
	param := func(i, def int) int {
		v, _, ok := params.Param(i, def)
		if !ok || v == 0 {
			return def
		}
		return v
	}
	if cmd.Intermediate() != 0 {
		if cmd.Prefix() == '?' && cmd.Intermediate() == '$' && cmd.Final() == 'p' {
			s.reportMode(params)
		}
		return // DECSCUSR and other settings: no text
	}
	switch cmd.Prefix() {
	case 0:
	case '?':
		switch cmd.Final() {
		case 'h', 'l':
			s.decMode(params, cmd.Final() == 'h')
		}
		return
	default:
		return // kitty keyboard, modifyOtherKeys and the like
	}
	rows := s.grid().rows
	switch cmd.Final() {
	case 'H', 'f':
		s.moveTo(param(1, 1)-1, param(0, 1)-1)
	case 'A':
		s.moveTo(s.x, s.y-param(0, 1))
	case 'B', 'e':
		s.moveTo(s.x, s.y+param(0, 1))
	case 'C', 'a':
		s.moveTo(s.x+param(0, 1), s.y)
	case 'D':
		s.moveTo(s.x-param(0, 1), s.y)
	case 'E':
		s.moveTo(0, s.y+param(0, 1))
	case 'F':
		s.moveTo(0, s.y-param(0, 1))
	case 'G', '`':
		s.moveTo(param(0, 1)-1, s.y)
	case 'd':
		s.moveTo(s.x, param(0, 1)-1)
	case 'J':
		switch v, _, _ := params.Param(0, 0); v {
		case 0:
			rows[s.y].clear(s.x, s.w)
			for y := s.y + 1; y < s.h; y++ {
				rows[y].clear(0, s.w)
			}
			s.touchRange(s.y, s.h-1)
		case 1:
			for y := 0; y < s.y; y++ {
				rows[y].clear(0, s.w)
			}
			rows[s.y].clear(0, min(s.x+1, s.w))
			s.touchRange(0, s.y)
		case 2:
			for y := range s.h {
				rows[y].clear(0, s.w)
			}
			s.touchRange(0, s.h-1)
		}
	case 'K':
		switch v, _, _ := params.Param(0, 0); v {
		case 0:
			s.clearCells(s.x, s.w)
		case 1:
			s.clearCells(0, min(s.x+1, s.w))
		case 2:
			s.clearCells(0, s.w)
		}
		s.phantom = false
	case 'X':
		s.clearCells(s.x, min(s.w, s.x+param(0, 1)))
		s.phantom = false
	case '@':
		s.insertCells(param(0, 1))
	case 'P':
		s.deleteCells(param(0, 1))
	case 'L':
		if s.y >= s.top && s.y <= s.bot {
			s.shift(s.y, s.bot, -param(0, 1))
			s.x, s.phantom = 0, false
		}
	case 'M':
		if s.y >= s.top && s.y <= s.bot {
			s.shift(s.y, s.bot, param(0, 1))
			s.x, s.phantom = 0, false
		}
	case 'S':
		s.scrollUp(param(0, 1))
	case 'T':
		s.scrollDown(param(0, 1))
	case 'r':
		top, bot := param(0, 1)-1, param(1, s.h)-1
		bot = min(bot, s.h-1)
		if top < bot {
			s.top, s.bot = top, bot
			s.moveTo(0, 0)
		}
	case 'n':
		if v, _, _ := params.Param(0, 0); v == 6 && s.answers != nil {
			_, _ = io.WriteString(s.answers, ansi.CursorPositionReport(s.y+1, s.x+1))
		}
	}
}

// clearCells blanks cells [from, to) of the cursor's row, and the other half of a wide
// character cut at either end.
func (s *Screen) clearCells(from, to int) {
	rw := s.grid().rows[s.y]
	if from < to {
		if from > 0 && rw.cells[from] == wideTail {
			rw.cells[from-1] = blankCell
		}
		if to < s.w && rw.cells[to] == wideTail {
			rw.cells[to] = blankCell
		}
	}
	rw.clear(from, to)
	s.touch(s.y)
}

func (s *Screen) insertCells(n int) {
	rw := s.grid().rows[s.y]
	n = min(n, s.w-s.x)
	copy(rw.cells[s.x+n:], rw.cells[s.x:s.w-n])
	rw.extra = nil
	rw.clear(s.x, s.x+n)
	s.touch(s.y)
	s.phantom = false
}

func (s *Screen) deleteCells(n int) {
	rw := s.grid().rows[s.y]
	n = min(n, s.w-s.x)
	copy(rw.cells[s.x:], rw.cells[s.x+n:])
	rw.extra = nil
	rw.clear(s.w-n, s.w)
	s.touch(s.y)
	s.phantom = false
}

func (s *Screen) decMode(params ansi.Params, set bool) {
	params.ForEach(0, func(_, mode int, _ bool) {
		switch mode {
		case 7:
			s.noWrap = !set
		case 2026:
			s.syncd = set
		case 1047, 1049:
			want := 0
			if set {
				want = 1
			}
			if want == s.cur {
				return
			}
			if mode == 1049 && set {
				s.savedX, s.savedY = s.x, s.y
			}
			s.cur = want
			if set {
				for _, r := range s.grid().rows {
					r.clear(0, s.w)
				}
			}
			if mode == 1049 && !set {
				s.moveTo(s.savedX, s.savedY)
			}
			s.touchRange(0, s.h-1)
		}
	})
}

// reportMode answers DECRQM as x/vt does for the modes a session asks about: x/vt does
// not know synchronized output (2026), so it says "not recognized", and the server then
// draws without it, as it does for the x/vt clients the benchmarks used before.
func (s *Screen) reportMode(params ansi.Params) {
	n, _, ok := params.Param(0, 0)
	if !ok || n == 0 || s.answers == nil {
		return
	}
	setting := ansi.ModeNotRecognized
	switch n {
	case 7, 25:
		setting = ansi.ModeSet
		if n == 7 && s.noWrap {
			setting = ansi.ModeReset
		}
	case 1, 6, 9, 20, 66, 69, 1000, 1001, 1002, 1003, 1004, 1006, 1047, 1048, 2004:
		setting = ansi.ModeReset
	case 1049:
		setting = ansi.ModeReset
		if s.cur == 1 {
			setting = ansi.ModeSet
		}
	}
	_, _ = io.WriteString(s.answers, ansi.ReportMode(ansi.DECMode(n), setting))
}

func (s *Screen) esc(cmd ansi.Cmd) {
	s.lastPrint = false
	if cmd.Intermediate() != 0 {
		return // charset designations and the like
	}
	switch cmd.Final() {
	case '7':
		s.savedX, s.savedY = s.x, s.y
	case '8':
		s.moveTo(s.savedX, s.savedY)
	case 'D':
		s.index()
	case 'E':
		s.x = 0
		s.index()
	case 'M':
		s.reverseIndex()
	case 'c':
		s.reset()
	}
}

// reset is a full reset (RIS): blank screens, cursor home, modes as at the start.
func (s *Screen) reset() {
	s.screens = [2]grid{newGrid(s.w, s.h), newGrid(s.w, s.h)}
	s.cur, s.x, s.y, s.phantom = 0, 0, 0, false
	s.top, s.bot, s.noWrap, s.syncd = 0, s.h-1, false, false
	s.savedX, s.savedY = 0, 0
	s.touchRange(0, s.h-1)
}

// osc answers colour queries as x/vt does (white on black, white cursor); the rest
// (titles, links, colour settings) changes no text.
func (s *Screen) osc(cmd int, data []byte) {
	s.lastPrint = false
	if s.answers == nil || !strings.HasSuffix(string(data), ";?") {
		return
	}
	switch cmd {
	case 10:
		_, _ = io.WriteString(s.answers, ansi.SetForegroundColor("rgb:ffff/ffff/ffff"))
	case 11:
		_, _ = io.WriteString(s.answers, ansi.SetBackgroundColor("rgb:0000/0000/0000"))
	case 12:
		_, _ = io.WriteString(s.answers, ansi.SetCursorColor("rgb:ffff/ffff/ffff"))
	}
}
