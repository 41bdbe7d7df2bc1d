package termrun

import (
	"strings"
	"sync"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// Sessions that draw the same frames (a classroom's students on the teacher's step) do
// the same frame diff each: the same rows change from the same old text to the same new
// text. Shared lets them do it once: the differ keeps the bytes it wrote for a changed
// row, keyed by the row's old and new text and the pen it started with, and a session
// with the same screen size and colour profile reuses them. A model offers one by
// implementing Sharer.
//
// What it holds is bounded and short-lived: rows are kept per group of sessions with the
// same size and profile, a group is dropped as soon as the last session in it leaves it
// (a new Shared, a resize, the end of the program), and a group stops taking rows at
// maxBytes. The text of a row holding the model's private text (a pseudonym) is never
// kept.

// Sharer is implemented by a model whose frames other sessions draw too.
type Sharer interface {
	// SharedFrames is the Shared the next frame may use (nil for none), and a text no
	// kept row may hold ("" for none; several texts one per line, none of them may be
	// held). Rows are checked for each whole text, so the model offers a Shared only
	// while those texts show whole (never cut at the edge or wrapped).
	SharedFrames() (s *Shared, private string)
}

// Shared is a cache of row diffs for the sessions of one group of like frames (say,
// one room's step in one language). It is safe for concurrent use.
type Shared struct {
	maxBytes int
	mu       sync.Mutex
	groups   map[groupKey]*group
}

// NewShared makes a Shared whose groups keep at most maxBytes of rows each.
func NewShared(maxBytes int) *Shared {
	return &Shared{maxBytes: maxBytes, groups: map[groupKey]*group{}}
}

// groupKey is what else the bytes of a row diff depend on.
type groupKey struct {
	w, h    int
	profile colorprofile.Profile
	noLinks bool
}

// group is the rows of one size and profile. Its users count is guarded by the
// Shared's mu; its rows by its own lock, read by every session at every changed row
// and written once per row: readers never wait for each other.
type group struct {
	users int
	mu    sync.RWMutex
	bytes int
	rows  map[rowKey]rowDiff
	// ends is what lines leave open at their end (rows' openAtEnd), by the pen before.
	ends map[endKey]lineEnd
}

type endKey struct {
	pen  string
	line string
}

type lineEnd struct {
	pen  uv.Style
	link uv.Link
}

// rowKey is one changed row: its place, the pen (style and link, as sequences) in force
// before it, and its old and new text.
type rowKey struct {
	y    int
	pen  string
	a, b string
}

// rowDiff is what the differ wrote for a row and the pen it left.
type rowDiff struct {
	out           string
	pen, raw      uv.Style
	link, rawLink uv.Link
}

// rowOverhead is what an entry costs besides its strings, roughly.
const rowOverhead = 256

// join adds a session to the group for key.
func (s *Shared) join(key groupKey) *group {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups[key]
	if g == nil {
		g = &group{rows: map[rowKey]rowDiff{}, ends: map[endKey]lineEnd{}}
		s.groups[key] = g
	}
	g.users++
	return g
}

// leave takes a session out of its group; the last one out drops it.
func (s *Shared) leave(key groupKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.groups[key]; g != nil {
		g.users--
		if g.users <= 0 {
			delete(s.groups, key)
		}
	}
}

// Groups is how many groups the Shared holds (for tests).
func (s *Shared) Groups() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.groups)
}

// Rows is how many rows the Shared holds, and whether one (or a line end) holds text
// (for tests).
func (s *Shared) Rows(text string) (n int, holds bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.groups {
		g.mu.RLock()
		for k, r := range g.rows {
			n++
			if strings.Contains(k.a, text) || strings.Contains(k.b, text) || strings.Contains(r.out, text) {
				holds = true
			}
		}
		for k := range g.ends {
			if strings.Contains(k.line, text) {
				holds = true
			}
		}
		g.mu.RUnlock()
	}
	return n, holds
}

func (s *Shared) lookup(g *group, k *rowKey) (rowDiff, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	r, ok := g.rows[*k]
	return r, ok
}

func (s *Shared) store(g *group, k rowKey, r rowDiff) {
	size := len(k.pen) + len(k.a) + len(k.b) + len(r.out) + rowOverhead
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.bytes+size > s.maxBytes {
		return
	}
	if _, ok := g.rows[k]; ok {
		return
	}
	// Copies: the row texts are parts of a session's frame, which must not be kept alive.
	k.pen, k.a, k.b = strings.Clone(k.pen), strings.Clone(k.a), strings.Clone(k.b)
	g.rows[k] = r
	g.bytes += size
}

// seat is a screen's place in a Shared: the one the model offers for the next frame
// and the group it sits in.
type seat struct {
	offered *Shared
	private string
	shared  *Shared
	key     groupKey
	g       *group
}

// offer sets the Shared (nil for none) and private text for the next frame. Without
// one the screen leaves its group at once.
func (s *screen) offer(sh *Shared, private string) {
	if sh == nil {
		if s.seat != nil {
			s.seat.leave()
			s.seat = nil
		}
		return
	}
	if s.seat == nil {
		s.seat = &seat{}
	}
	s.seat.offered, s.seat.private = sh, private
}

// take moves the seat to the offered Shared's group for key.
func (st *seat) take(key groupKey) {
	if st.shared == st.offered && st.key == key && st.g != nil {
		return
	}
	st.leave()
	st.shared, st.key, st.g = st.offered, key, st.offered.join(key)
}

func (st *seat) leave() {
	if st.shared != nil {
		st.shared.leave(st.key)
	}
	st.shared, st.g = nil, nil
}

// sharedRow is row, through the seat's group when the screen has one.
func (d *differ) sharedRow(y int, a, b string) {
	st := d.seat
	if st == nil || st.g == nil || holdsPrivate(a, st.private) || holdsPrivate(b, st.private) {
		d.row(y, a, b)
		return
	}
	k := rowKey{y: y, a: a, b: b, pen: penKey(&d.pen, &d.link)}
	if r, ok := st.shared.lookup(st.g, &k); ok {
		d.out.WriteString(r.out)
		d.pen, d.raw, d.link, d.rawLink = r.pen, r.raw, r.link, r.rawLink
		return
	}
	start := d.out.Len()
	d.row(y, a, b)
	st.shared.store(st.g, k, rowDiff{
		out: string(d.out.Bytes()[start:]),
		pen: d.pen, raw: d.raw, link: d.link, rawLink: d.rawLink,
	})
}

// holdsPrivate reports whether s holds one of the lines of private.
func holdsPrivate(s, private string) bool {
	for private != "" {
		var p string
		p, private, _ = strings.Cut(private, "\n")
		if p != "" && strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// penKey is a style and link as the sequences that set them ("" for none).
func penKey(pen *uv.Style, link *uv.Link) string {
	k := ""
	if !pen.IsZero() {
		k = pen.String()
	}
	if !link.IsZero() {
		k += "\x00" + link.URL + "\x00" + link.Params
	}
	return k
}

// openAtEnd sets pen and link to what line leaves open, if the group knows it.
func (st *seat) openAtEnd(line string, pen *uv.Style, link *uv.Link) bool {
	if holdsPrivate(line, st.private) {
		return false
	}
	k := endKey{pen: penKey(pen, link), line: line}
	st.g.mu.RLock()
	e, ok := st.g.ends[k]
	st.g.mu.RUnlock()
	if ok {
		*pen, *link = e.pen, e.link
	}
	return ok
}

// keepEnd tells the group what line leaves open after the pen it started with.
func (st *seat) keepEnd(line string, pen uv.Style, link uv.Link, endPen uv.Style, endLink uv.Link) {
	if holdsPrivate(line, st.private) {
		return
	}
	k := endKey{pen: penKey(&pen, &link), line: line}
	size := len(k.pen) + len(line) + rowOverhead
	g := st.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.ends[k]; ok || g.bytes+size > st.shared.maxBytes {
		return
	}
	// Copies: the line is part of a session's frame, which must not be kept alive.
	k.pen, k.line = strings.Clone(k.pen), strings.Clone(line)
	g.ends[k] = lineEnd{pen: endPen, link: endLink}
	g.bytes += size
}
