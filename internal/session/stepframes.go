package session

import (
	"hash/maphash"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"tutord/internal/termrun"
)

// A teacher's step changes the screens of a whole room at once: every student's app then
// lays out the same page below its title bar (only the title, with the student's
// pseudonym, is their own), and every student's program diffs the same rows from the same
// old text to the same new text. The students of one room's step in one language share
// a stepShare so that work is done once per window size and look: the part of the screen
// below the title (viewCache) and the row diffs (a termrun.Shared, per size and colour
// profile) (docs/performance.md, "Classroom steps"). It lives while the step does and a
// student of it is here: a new step starts a new one, and the last student to leave it
// (or move on) drops it. Within it, what is kept for one window size and look lives only
// while a student with that size and look is here: the last one to leave it (or resize)
// drops it, so no window size outlives its connection (as in termrun.Shared's groups).
// Nothing with the student's pseudonym is ever kept in it.

// stepFramesBytes bounds one group of a step's Shared (one window size and profile):
// a step changes a screen's rows once, a few KB per size.
const stepFramesBytes = 256 << 10

// stepViewBytes bounds one step's shared screens (all sizes and looks).
const stepViewBytes = 512 << 10

// stepFramesRooms bounds how many room steps share at once; beyond, students draw alone.
const stepFramesRooms = 1024

type stepFramesKey struct {
	code string
	lang string
}

type stepShare struct {
	step  uint64
	sh    *termrun.Shared
	views viewCache
	users int
}

// stepFrames is the registry of the steps' Shareds, in Shared (the session package's).
type stepFrames struct {
	mu sync.Mutex
	m  map[stepFramesKey]*stepShare
	// off hands out nothing (tests draw the same screens without sharing).
	off bool
}

// acquire is the Shared of the room's step in lang, or nil when this session is behind
// the room (another student already on a later step) or too many rooms share.
func (f *stepFrames) acquire(k stepFramesKey, step uint64) *stepShare {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.off {
		return nil
	}
	s := f.m[k]
	switch {
	case s != nil && s.step > step:
		return nil
	case s == nil || s.step < step:
		if s == nil && len(f.m) >= stepFramesRooms {
			return nil
		}
		// Sessions still on the old step keep its Shared until they move; it is no
		// longer handed out.
		s = &stepShare{step: step, sh: termrun.NewShared(stepFramesBytes), views: newViewCache()}
		if f.m == nil {
			f.m = map[stepFramesKey]*stepShare{}
		}
		f.m[k] = s
	}
	s.users++
	return s
}

func (f *stepFrames) release(k stepFramesKey, step uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.m[k]; s != nil && s.step == step {
		s.users--
		if s.users <= 0 {
			delete(f.m, k)
		}
	}
}

// rooms is how many room steps are shared now (for tests).
func (f *stepFrames) rooms() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.m)
}

// frameSeat is a student's hold on its step's stepShare.
type frameSeat struct {
	reg  *stepFrames
	key  stepFramesKey
	step uint64
	s    *stepShare
	// view is the size and look the session is counted under in s.views, if viewing.
	view    viewSize
	viewing bool
}

func (fs *frameSeat) follow(reg *stepFrames, k stepFramesKey, step uint64) *stepShare {
	if fs.s != nil && fs.reg == reg && fs.key == k && fs.step == step {
		return fs.s
	}
	fs.drop()
	if s := reg.acquire(k, step); s != nil {
		fs.reg, fs.key, fs.step, fs.s = reg, k, step, s
	}
	return fs.s
}

// see counts the session under size v in its step's views, leaving the size it had.
func (fs *frameSeat) see(v viewSize) {
	if fs.s == nil || fs.viewing && fs.view == v {
		return
	}
	if fs.viewing {
		fs.s.views.leave(fs.view)
	}
	fs.s.views.join(v)
	fs.view, fs.viewing = v, true
}

func (fs *frameSeat) drop() {
	if fs.s != nil {
		if fs.viewing {
			fs.s.views.leave(fs.view)
		}
		fs.reg.release(fs.key, fs.step)
	}
	*fs = frameSeat{}
}

// stepShare is the student's share of the room's step, with the pseudonym it must keep
// out; nil when the screen is not a student's screen on the step (a page, a question,
// the waiting screen) or has no pseudonym to keep out.
func (a *App) stepShare() (*stepShare, string) {
	c := &a.class
	if c.classScreens == nil {
		return nil, ""
	}
	if a.sh == nil || c.member == nil || a.cur != screenModel(&c.stud) ||
		c.stud.ended || c.stud.v.Clients || a.help || a.tooSmall() {
		c.frames.drop()
		return nil, ""
	}
	name, board := c.stud.name(a), c.stud.boardName(a)
	// The checks that keep the pseudonym out (viewCache.render here, termrun's rows) look
	// for it whole: a name cut at the window's edge or wrapped would leave a part of it
	// in a shared row. Shown whole when it fits the content width; the catalogs' names
	// fit at MinWidth (TestPseudonymsFitSharedScreens), so this only guards longer ones.
	// The name the board gives the student (another language's) is kept out the same way.
	cw := a.contentWidth()
	if name == "" || ansi.StringWidth(name)+2 > cw || ansi.StringWidth(board)+2 > cw {
		c.frames.drop()
		return nil, ""
	}
	private := name
	if board != "" {
		private += "\n" + board // termrun keeps out rows with any line of it
	}
	v := &c.stud.v
	return c.frames.follow(&a.sh.frames, stepFramesKey{code: v.Code, lang: a.lang}, v.Step), private
}

// SharedFrames implements termrun.Sharer: a student's screen on the room's step shares
// its row diffs with the room's other students in the same language; rows with the
// pseudonym stay out. Anything else draws alone.
func (a *App) SharedFrames() (*termrun.Shared, string) {
	s, name := a.stepShare()
	if s == nil {
		return nil, ""
	}
	return s.sh, name
}

// stepViews is the shared screens of the student's step, or nil.
func (a *App) stepViews() *viewCache {
	s, _ := a.stepShare()
	if s == nil {
		return nil
	}
	a.class.frames.see(viewSize{w: a.w, h: a.h, plain: a.plain})
	return &s.views
}

// viewCache holds what renderBody wrote for the students of a step, by everything it
// depends on. Read by every student at every frame, written once per size and look.
// Entries of a size and look are kept only while a session is counted under it (users).
type viewCache struct {
	seed  maphash.Seed
	mu    sync.RWMutex
	bytes int
	m     map[viewKey]viewEntry
	users map[viewSize]int
}

func newViewCache() viewCache {
	return viewCache{seed: maphash.MakeSeed(), m: map[viewKey]viewEntry{}, users: map[viewSize]int{}}
}

// viewSize is the window size and look a view is laid out for.
type viewSize struct {
	w, h  int
	plain bool
}

// join counts a session under size v.
func (vc *viewCache) join(v viewSize) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	vc.users[v]++
}

// leave uncounts a session under size v; the last one out drops the size's entries.
func (vc *viewCache) leave(v viewSize) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if vc.users[v] > 1 {
		vc.users[v]--
		return
	}
	delete(vc.users, v)
	for k, e := range vc.m {
		if k.viewSize == v {
			vc.bytes -= len(e.text) + len(e.rest) + viewOverhead
			delete(vc.m, k)
		}
	}
}

// sizes is how many sizes and looks have entries, and whether one is for v (for tests).
func (vc *viewCache) sizes(v viewSize) (n int, holds bool) {
	vc.mu.RLock()
	defer vc.mu.RUnlock()
	seen := map[viewSize]bool{}
	for k := range vc.m {
		seen[k.viewSize] = true
	}
	return len(seen), seen[v]
}

type viewKey struct {
	viewSize
	off, focusTop, focusBottom int
	// sum is a hash of the page's body, footer, status, pageKey and hint line (viewParts);
	// the entry holds the text itself, compared on every hit.
	sum uint64
}

type viewEntry struct {
	text          string
	rest          string
	off, bodyRows int
}

// viewOverhead is what an entry costs besides its strings, roughly.
const viewOverhead = 128

// viewParts calls f with each part of the page renderBody reads, in order.
func viewParts(p *page, hints string, f func(string)) {
	for _, l := range p.body {
		f(l)
	}
	f("\x00")
	for _, l := range p.footer {
		f(l)
	}
	f("\x00")
	f(p.status)
	f(p.pageKey)
	f(hints)
}

// render is renderBody through the cache. A page that shows the pseudonym below the
// title (the waiting screen), or the board's name for the student, is rendered on its
// own and not kept. Looking up costs a
// hash and a compare of the page's text, no copy of it.
func (vc *viewCache) render(b *strings.Builder, a *App, p page, hints string, offset *int) {
	name, board := a.class.stud.name(a), a.class.stud.boardName(a)
	var h maphash.Hash
	h.SetSeed(vc.seed)
	private := false
	viewParts(&p, hints, func(s string) {
		private = private || strings.Contains(s, name) || board != "" && strings.Contains(s, board)
		h.WriteString(s)
		h.WriteByte('\n')
	})
	if private {
		a.renderBody(b, p, hints, offset)
		return
	}
	k := viewKey{viewSize: viewSize{w: a.w, h: a.h, plain: a.plain}, off: *offset, focusTop: p.focusTop, focusBottom: p.focusBottom, sum: h.Sum64()}
	vc.mu.RLock()
	e, ok := vc.m[k]
	vc.mu.RUnlock()
	if ok && sameParts(e.text, &p, hints) {
		b.WriteString(e.rest)
		*offset, a.bodyRows = e.off, e.bodyRows
		return
	}
	start := b.Len()
	a.renderBody(b, p, hints, offset)
	if ok {
		return // another page with the same hash: drawn, not kept
	}
	var t strings.Builder
	viewParts(&p, hints, func(s string) { t.WriteString(s); t.WriteByte('\n') })
	// A copy of the rest: the builder also holds this student's title bar.
	e = viewEntry{text: t.String(), rest: strings.Clone(b.String()[start:]), off: *offset, bodyRows: a.bodyRows}
	size := len(e.text) + len(e.rest) + viewOverhead
	vc.mu.Lock()
	defer vc.mu.Unlock()
	// Kept only for a size someone is counted under (a session that left meanwhile
	// must not leave its size behind).
	if _, ok := vc.m[k]; !ok && vc.users[k.viewSize] > 0 && vc.bytes+size <= stepViewBytes {
		vc.m[k] = e
		vc.bytes += size
	}
}

// sameParts reports whether text is the page's parts as render joins them.
func sameParts(text string, p *page, hints string) bool {
	same := true
	viewParts(p, hints, func(s string) {
		if !same {
			return
		}
		if !strings.HasPrefix(text, s) || len(text) == len(s) || text[len(s)] != '\n' {
			same = false
			return
		}
		text = text[len(s)+1:]
	})
	return same && text == ""
}
