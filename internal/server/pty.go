package server

// Step 5 of the pipeline: the PTY request (a terminal name that names no file) and the
// window pump (sizes clamped and coalesced, and charm.land/ssh never left blocked).

import (
	"sync"

	"charm.land/ssh"

	"tutord/internal/session"
)

// validTerm accepts terminal names as terminfo knows them: letters, digits and . _ + -,
// at most 64 bytes, not starting with a dot; or none. A PTY request with anything else (a
// path, a control character, a megabyte) is refused: the name may reach code that looks it
// up in the terminfo database on disk, and a client must never name a file on the server.
func validTerm(term string) bool {
	if term == "" {
		return true
	}
	if len(term) > 64 || term[0] == '.' {
		return false
	}
	for i := 0; i < len(term); i++ {
		c := term[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.', c == '_', c == '+', c == '-':
		default:
			return false
		}
	}
	return true
}

// window is a session's terminal size as the app should see it: clamped, and handed to
// the app's program as it changes. The pump calls the watcher itself, so a session needs
// no goroutine of its own to carry resizes (each held session costs a goroutine less).
type window struct {
	term   string // the terminal name from the PTY request
	mu     sync.Mutex
	w, h   int  // clamped: what the app draws
	cw, ch int  // as claimed: what the mirror shows the learner
	closed bool // the session's requests ended (its channel closed)
	// onChange and onClose are the watcher's (watch); nil when none.
	onChange func(w, h int)
	onClose  func()
}

func newWindow(term string) *window { return &window{term: term} }

func (w *window) set(win ssh.Window) {
	w.mu.Lock()
	w.w, w.h = clampSize(win.Width, win.Height)
	w.cw, w.ch = win.Width, win.Height
	f, cw, ch := w.onChange, w.w, w.h
	w.mu.Unlock()
	if f != nil {
		f(cw, ch) // a program's Send: it must not block for long (termrun's never does)
	}
}

// close marks the session's requests as ended and tells the watcher.
func (w *window) close() {
	w.mu.Lock()
	w.closed = true
	f := w.onClose
	w.mu.Unlock()
	if f != nil {
		f()
	}
}

// watch calls onChange with every new size and onClose when the session's channel
// closes (at once if it has), until the returned stop is called. w0, h0 is the size the
// watcher started from: a size that changed since is delivered.
func (w *window) watch(w0, h0 int, onChange func(w, h int), onClose func()) (stop func()) {
	w.mu.Lock()
	w.onChange, w.onClose = onChange, onClose
	closed, cw, ch := w.closed, w.w, w.h
	w.mu.Unlock()
	// On their own goroutine: the watcher may not be ready to take them yet (a program
	// before its Run). Rare: a resize or a hang-up before the app started.
	if closed {
		go onClose()
	} else if cw != w0 || ch != h0 {
		go onChange(cw, ch)
	}
	return func() {
		w.mu.Lock()
		w.onChange, w.onClose = nil, nil
		w.mu.Unlock()
	}
}

func (w *window) size() (int, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w, w.h
}

// claimed is the size as the client last claimed it.
func (w *window) claimed() (int, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cw, w.ch
}

// clampSize bounds a size a client claims: 0x0 and 100000x100000 are both possible, and
// the renderer allocates a cell buffer of the size it is given.
func clampSize(w, h int) (int, int) {
	return max(0, min(w, session.MaxWidth)), max(0, min(h, session.MaxHeight))
}

// emulatePty is charm.land/ssh's own emulated-PTY handler, taken from its option.
var emulatePty = func() ssh.PtyHandler {
	var tmp ssh.Server
	_ = ssh.EmulatePty()(&tmp)
	return tmp.PtyHandler
}()

// ptyHandler accepts a PTY request as charm.land/ssh would, and starts the session's
// window pump: charm.land/ssh hands each window-change to a channel with room for one and
// blocks its request loop until someone takes it, which, with no program reading (before
// the shell starts, during a plain command, after the app quit), would pin the session's
// goroutines for good. The pump always takes them, keeping only the latest size.
func (s *Server) ptyHandler(ctx ssh.Context, sess ssh.Session, pty ssh.Pty) (func() error, error) {
	closer, err := emulatePty(ctx, sess, pty)
	if err != nil {
		return nil, err
	}
	_, winCh, _ := sess.Pty()
	win := newWindow(pty.Term)
	win.set(pty.Window)
	s.winMu.Lock()
	s.windows[sess] = win
	s.winMu.Unlock()
	go func() {
		for w := range winCh { // closed when the session's request loop ends
			win.set(w)
		}
		win.close()
		s.winMu.Lock()
		delete(s.windows, sess)
		s.winMu.Unlock()
	}()
	return closer, nil
}

// ptyOf returns the session's PTY: its terminal name and window. Use it rather than
// sess.Pty(), which reads the window while charm.land/ssh writes it on every resize (a
// data race in that library).
func (s *Server) ptyOf(sess ssh.Session) (*window, bool) {
	s.winMu.Lock()
	defer s.winMu.Unlock()
	w := s.windows[sess]
	return w, w != nil
}
