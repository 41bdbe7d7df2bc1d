package session

import (
	"sync"

	"tutord/internal/termrun"
)

// A teacher's step changes the screens of a whole room at once, and every student's
// program then diffs the same rows from the same old text to the same new text (only the
// title row, with the student's pseudonym, is their own). The students of one room's step
// in one language share a termrun.Shared so that work is done once per window size and
// colour profile (docs/performance.md, "Classroom steps"). The Shared lives while the
// step does and a student of it is here: a new step starts a new one, and the last
// student to leave it (or move on) drops it. Rows with the student's pseudonym are never
// kept in it.

// stepFramesBytes bounds one group of a step's Shared (one window size and profile):
// a step changes a screen's rows once, a few KB per size.
const stepFramesBytes = 256 << 10

// stepFramesRooms bounds how many room steps share at once; beyond, students draw alone.
const stepFramesRooms = 1024

type stepFramesKey struct {
	code string
	lang string
}

type stepShare struct {
	step  uint64
	sh    *termrun.Shared
	users int
}

// stepFrames is the registry of the steps' Shareds, in Shared (the session package's).
type stepFrames struct {
	mu sync.Mutex
	m  map[stepFramesKey]*stepShare
}

// acquire is the Shared of the room's step in lang, or nil when this session is behind
// the room (another student already on a later step) or too many rooms share.
func (f *stepFrames) acquire(k stepFramesKey, step uint64) *termrun.Shared {
	f.mu.Lock()
	defer f.mu.Unlock()
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
		s = &stepShare{step: step, sh: termrun.NewShared(stepFramesBytes)}
		if f.m == nil {
			f.m = map[stepFramesKey]*stepShare{}
		}
		f.m[k] = s
	}
	s.users++
	return s.sh
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

// frameSeat is a student's hold on its step's Shared.
type frameSeat struct {
	reg  *stepFrames
	key  stepFramesKey
	step uint64
	sh   *termrun.Shared
}

func (fs *frameSeat) follow(reg *stepFrames, k stepFramesKey, step uint64) *termrun.Shared {
	if fs.sh != nil && fs.reg == reg && fs.key == k && fs.step == step {
		return fs.sh
	}
	fs.drop()
	if sh := reg.acquire(k, step); sh != nil {
		fs.reg, fs.key, fs.step, fs.sh = reg, k, step, sh
	}
	return fs.sh
}

func (fs *frameSeat) drop() {
	if fs.sh != nil {
		fs.reg.release(fs.key, fs.step)
	}
	*fs = frameSeat{}
}

// SharedFrames implements termrun.Sharer: a student's screen on the room's step (a page,
// a question, the waiting screen) shares its row diffs with the room's other students in
// the same language; the pseudonym stays out of them. Anything else draws alone.
func (a *App) SharedFrames() (*termrun.Shared, string) {
	c := &a.class
	if c.classScreens == nil {
		return nil, ""
	}
	if a.sh == nil || c.member == nil || a.cur != screenModel(&c.stud) ||
		c.stud.ended || c.stud.v.Clients || a.help || a.tooSmall() {
		c.frames.drop()
		return nil, ""
	}
	v := &c.stud.v
	name := c.stud.name(a)
	if name == "" {
		c.frames.drop()
		return nil, "" // nothing to keep out: do not share
	}
	return c.frames.follow(&a.sh.frames, stepFramesKey{code: v.Code, lang: a.lang}, v.Step), name
}
