package termrun

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// Full-screen frames are diffed here rather than with uv's TerminalRenderer. The
// renderer needs its model of the terminal as a full cell buffer; rebuilding that from
// the last frame's text costs a full paint per frame (1 to 3 ms at 80x24), which is
// what made drawing dominate the server's CPU. This differ works from the two frames'
// text: rows whose text is the same are skipped by a string compare, a block of rows
// that moved (a scrolled page) is moved with a scroll region, and only the rows that
// differ are decoded into cells (uv's parser), diffed cell by cell, and written as the
// spans that changed with the fewest style changes (uv's style diff and colour
// downsampling). Inline frames still go through uv's renderer.

// pooledRow is the length of the pooled rows of cells: fixed, and the part a frame
// used is cleared before a row goes back, so nothing in the pool tells of a session
// (its text or its window size) once the frame is drawn.
const pooledRow = 400

// cellPool holds rows of cells for decoding, shared by all sessions.
var cellPool = sync.Pool{New: func() any {
	row := make([]uv.Cell, pooledRow)
	return &row
}}

func (d *differ) getRow() *[]uv.Cell {
	if d.w > pooledRow {
		row := make([]uv.Cell, d.w)
		return &row
	}
	return cellPool.Get().(*[]uv.Cell)
}

func (d *differ) putRow(row *[]uv.Cell) {
	if len(*row) != pooledRow {
		return
	}
	clear((*row)[:d.w])
	cellPool.Put(row)
}

// spanGap is how many unchanged cells a span of changed cells swallows rather than
// jumping over them: a cursor move costs about this many bytes.
const spanGap = 6

// differ writes the change from one full-screen frame to the next.
type differ struct {
	out     *bytes.Buffer
	profile colorprofile.Profile
	w, h    int
	pen     uv.Style // style in force on the terminal (converted to the profile)
	link    uv.Link
	// raw is the unconverted style pen was made from: cells in a run share a style,
	// and converting colours to the profile is the costly part.
	raw     uv.Style
	rawLink uv.Link
	// noLinks drops hyperlinks (plain mode): the text stays, the link does not.
	noLinks bool
	// seat, when it has a group, shares row diffs with like sessions (shared.go).
	seat *seat
}

// rows splits frame content into exactly h rows. A style or link left open at the end
// of a row carries into the next, so each row starts with the sequences that restore
// what is open where it begins: a row's text then says everything about how it looks,
// and two rows are equal when they draw the same.
func rows(content string, h int) []string { return rowsWith(content, h, nil) }

// rowsWith is rows; ends, when not nil, finds what a line leaves open at its end
// (openAtEnd) in a Shared's group, where the sessions of a room's step share it.
func rowsWith(content string, h int, ends *seat) []string {
	out := make([]string, h)
	var pen uv.Style
	var link uv.Link
	var p *ansi.Parser
	for i := 0; i < h && content != ""; i++ {
		line, rest, found := strings.Cut(content, "\n")
		line = strings.TrimSuffix(line, "\r")
		out[i] = line
		if !pen.IsZero() || !link.IsZero() {
			prefix := ""
			if !pen.IsZero() {
				prefix = pen.String()
			}
			if !link.IsZero() {
				prefix += ansi.SetHyperlink(link.URL, link.Params)
			}
			out[i] = prefix + line
		}
		if found && strings.IndexByte(line, ansi.ESC) >= 0 {
			shared := ends != nil && ends.g != nil
			if !shared || !ends.openAtEnd(line, &pen, &link) {
				if p == nil {
					p = ansi.GetParser()
					defer ansi.PutParser(p)
				}
				before, beforeLink := pen, link
				openAtEnd(p, line, &pen, &link)
				if shared {
					ends.keepEnd(line, before, beforeLink, pen, link)
				}
			}
		}
		if !found {
			break
		}
		content = rest
	}
	return out
}

// openAtEnd applies a row's style and link sequences to pen and link, the way uv's
// parser reads them when it draws.
func openAtEnd(p *ansi.Parser, s string, pen *uv.Style, link *uv.Link) {
	var state byte
	for len(s) > 0 {
		seq, _, n, next := ansi.DecodeSequenceWc(s, state, p)
		switch {
		case ansi.HasCsiPrefix(seq) && p.Command() == 'm':
			uv.ReadStyle(p.Params(), pen)
		case ansi.HasOscPrefix(seq) && p.Command() == 8:
			uv.ReadLink(p.Data(), link)
		}
		state = next
		s = s[n:]
	}
}

// frame writes what turns old into new. repaint clears the screen first and ignores
// old (first frame, resize, clear).
func (d *differ) frame(old, new string, repaint bool) {
	nr := rowsWith(new, d.h, d.seat)
	var or []string
	if repaint {
		d.out.WriteString(ansi.CursorHomePosition + ansi.EraseEntireScreen)
		or = make([]string, d.h)
	} else {
		or = rowsWith(old, d.h, d.seat)
		d.scroll(or, nr)
	}
	for y := range d.h {
		if or[y] == nr[y] {
			continue
		}
		if or[y] == "" && d.plain(y, nr[y]) {
			continue
		}
		d.sharedRow(y, or[y], nr[y])
	}
	d.setPen(&uv.Style{}, &uv.Link{})
}

// plainSeqs is the most style sequences a row may have to be written as it is.
const plainSeqs = 4

// plain writes a row onto a blank screen row as it is, without decoding it into cells,
// when that draws the same: the first frame and repaints are most rows of a screen,
// and decoding them cost more than the rest of a session's start. It declines (false)
// rows with anything but text and style or link sequences, and rows too wide.
func (d *differ) plain(y int, r string) bool {
	width, links, seqs := 0, false, 0
	p := ansi.GetParser()
	defer ansi.PutParser(p)
	var state byte
	for s := r; len(s) > 0; {
		seq, w, n, next := ansi.DecodeSequenceWc(s, state, p)
		switch {
		case w > 0:
			width += w
		case ansi.HasCsiPrefix(seq) && p.Command() == 'm':
			seqs++
		case ansi.HasOscPrefix(seq) && p.Command() == 8:
			if d.noLinks {
				return false // the cell path writes the text without the link
			}
			links = true
		default:
			return false // a control character or another sequence: let uv's parser decide
		}
		if seqs > plainSeqs {
			return false // much styling: the cell path sends it in fewer bytes
		}
		state = next
		s = s[n:]
	}
	// The bottom-right cell is left to the cell path, which writes it without autowrap.
	if width > d.w || width == d.w && y == d.h-1 {
		return false
	}
	if width == 0 {
		return true // only sequences: nothing on the row
	}
	d.move(0, y)
	d.setPen(&uv.Style{}, &uv.Link{}) // the row's text assumes nothing is open
	if d.profile == colorprofile.TrueColor {
		d.out.WriteString(r)
	} else {
		cw := colorprofile.Writer{Forward: d.out, Profile: d.profile}
		_, _ = cw.WriteString(r)
	}
	// What the row left open is unknown to the pen: close it.
	if strings.IndexByte(r, ansi.ESC) >= 0 && d.profile > colorprofile.NoTTY {
		d.out.WriteString(ansi.ResetStyle)
		if links {
			d.out.WriteString(ansi.ResetHyperlink())
		}
	}
	d.pen, d.raw, d.link, d.rawLink = uv.Style{}, uv.Style{}, uv.Link{}, uv.Link{}
	return true
}

// scroll finds the largest block of rows that moved up or down by the same amount and
// moves it on the terminal with a scroll region, then updates or to match, so the
// row diff only paints what is new.
func (d *differ) scroll(or, nr []string) {
	// For each shift k, the longest run of rows with new[y] == old[y+k]; it is worth
	// as many rows as it saves painting (rows that differ from what is there now).
	bestUseful, bestN, bestK, bestTop := 0, 0, 0, 0
	for k := -d.h / 2; k <= d.h/2; k++ {
		if k == 0 {
			continue
		}
		run, useful := 0, 0
		for y := range d.h {
			if oy := y + k; oy >= 0 && oy < d.h && nr[y] == or[oy] {
				run++
				if nr[y] != or[y] {
					useful++
				}
				if useful > bestUseful {
					bestUseful, bestN, bestK, bestTop = useful, run, k, y-run+1
				}
			} else {
				run, useful = 0, 0
			}
		}
	}
	// A scroll costs a few dozen bytes; below a few rows repainting is as cheap.
	if bestUseful < 3 {
		return
	}
	k, top, bot := bestK, bestTop, bestTop+bestN-1 // rows of the new frame that came from old
	d.setPen(&uv.Style{}, &uv.Link{})
	if k > 0 {
		// Content moved up: the region spans the old rows [top, bot+k].
		d.out.WriteString(ansi.SetTopBottomMargins(top+1, bot+k+1))
		d.out.WriteString(ansi.CursorPosition(1, top+1))
		d.out.WriteString(ansi.ScrollUp(k))
		copy(or[top:bot+1], or[top+k:bot+k+1])
		for y := bot + 1; y <= bot+k; y++ {
			or[y] = ""
		}
	} else {
		k = -k
		// Content moved down: the region spans the old rows [top-k, bot].
		d.out.WriteString(ansi.SetTopBottomMargins(top-k+1, bot+1))
		d.out.WriteString(ansi.CursorPosition(1, top-k+1))
		d.out.WriteString(ansi.ScrollDown(k))
		copy(or[top:bot+1], or[top-k:bot-k+1])
		for y := top - k; y < top; y++ {
			or[y] = ""
		}
	}
	d.out.WriteString("\x1b[r") // margins back to the whole screen
}

// rowScreen is one row of cells that uv's styled-string parser draws into, with the
// same clipping and wide-character rules as a full cell buffer.
type rowScreen struct{ line uv.Line }

func (r *rowScreen) Bounds() uv.Rectangle         { return uv.Rect(0, 0, len(r.line), 1) }
func (r *rowScreen) CellAt(x, y int) *uv.Cell     { return r.line.At(x) }
func (r *rowScreen) SetCell(x, y int, c *uv.Cell) { r.line.Set(x, c) }
func (r *rowScreen) WidthMethod() uv.WidthMethod  { return ansi.WcWidth }

// decode turns one row of text into exactly w cells, in a row from the pool.
func (d *differ) decode(line string, dst *[]uv.Cell) []uv.Cell {
	rs := rowScreen{line: (*dst)[:d.w]}
	if line == "" {
		for i := range rs.line {
			rs.line[i] = uv.EmptyCell
		}
	} else {
		uv.NewStyledString(line).Draw(&rs, rs.Bounds())
	}
	return rs.line
}

// row writes the cells of row y that differ between a and b. An empty a is a row
// known to be blank on screen (a repaint, or a row that was empty): it is not decoded.
func (d *differ) row(y int, a, b string) {
	pa, pb := d.getRow(), d.getRow()
	defer d.putRow(pa)
	defer d.putRow(pb)
	cb := d.decode(b, pb)
	var ca []uv.Cell
	if a != "" {
		ca = d.decode(a, pa)
	}
	eq := func(i int) bool {
		if ca == nil {
			return empty(&cb[i])
		}
		return same(&ca[i], &cb[i])
	}
	wide := func(i int) bool { return cb[i].Width == 0 || ca != nil && ca[i].Width == 0 }

	// Past the last non-blank cell of the new row, an erase can replace the writing.
	end := d.w
	for end > 0 && blank(&cb[end-1]) {
		end--
	}
	x := 0
	for x < d.w {
		for x < d.w && eq(x) {
			x++
		}
		if x >= d.w {
			return
		}
		if x >= end {
			d.move(x, y)
			d.setPen(&uv.Style{}, &uv.Link{})
			d.out.WriteString(ansi.EraseLineRight)
			return
		}
		// A span: from x to the last differing cell before a run of spanGap equal ones.
		start := x
		last := x
		for i := x; i < end; i++ {
			if !eq(i) {
				last = i
			} else if i-last > spanGap {
				break
			}
		}
		// Never start or end inside a wide character.
		for start > 0 && wide(start) {
			start--
		}
		for last+1 < d.w && wide(last+1) {
			last++
		}
		d.move(start, y)
		corner := y == d.h-1 && last == d.w-1
		if corner {
			// Writing the bottom-right cell with autowrap on could scroll the screen.
			d.out.WriteString(ansi.ResetModeAutoWrap)
		}
		for i := start; i <= last; i++ {
			c := &cb[i]
			if c.Width == 0 {
				continue
			}
			d.setPen(&c.Style, &c.Link)
			if c.Content == "" {
				d.out.WriteByte(' ')
			} else {
				d.out.WriteString(c.Content)
			}
		}
		if corner {
			d.out.WriteString(ansi.SetModeAutoWrap)
		}
		x = last + 1
	}
}

// empty reports whether a cell is what a cleared screen shows: an unstyled space.
func empty(c *uv.Cell) bool {
	return c.Width == 1 && isSpace(c) && c.Style.IsZero() && c.Link.IsZero()
}

// move puts the cursor at x, y (0-based).
func (d *differ) move(x, y int) {
	d.out.WriteString("\x1b[")
	d.out.WriteString(strconv.Itoa(y + 1))
	if x > 0 {
		d.out.WriteByte(';')
		d.out.WriteString(strconv.Itoa(x + 1))
	}
	d.out.WriteByte('H')
}

// setPen changes the terminal's style and link to a cell's, downsampled.
func (d *differ) setPen(s *uv.Style, l *uv.Link) {
	if s.Equal(&d.raw) && l.Equal(&d.rawLink) {
		return
	}
	d.raw, d.rawLink = *s, *l
	ns := uv.ConvertStyle(*s, d.profile)
	if !ns.Equal(&d.pen) {
		seq := ns.Diff(&d.pen)
		if ns.IsZero() {
			seq = ansi.ResetStyle
		}
		d.out.WriteString(seq)
		d.pen = ns
	}
	nl := uv.ConvertLink(*l, d.profile)
	if d.noLinks {
		nl = uv.Link{}
	}
	if !nl.Equal(&d.link) {
		d.out.WriteString(ansi.SetHyperlink(nl.URL, nl.Params))
		d.link = nl
	}
}

// same reports whether two cells look the same on screen.
func same(a, b *uv.Cell) bool {
	if a.Width != b.Width || a.Content != b.Content && !(isSpace(a) && isSpace(b)) {
		return false
	}
	return a.Style.Equal(&b.Style) && a.Link.Equal(&b.Link)
}

func isSpace(c *uv.Cell) bool { return c.Content == " " || c.Content == "" }

// blank reports whether an erase draws this cell: a space with no visible style.
func blank(c *uv.Cell) bool {
	return c.Width == 1 && isSpace(c) && c.Style.Bg == nil && c.Style.Underline == uv.UnderlineNone &&
		c.Style.Attrs&uv.AttrReverse == 0 && c.Link.IsZero()
}
