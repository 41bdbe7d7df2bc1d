package server

// Step 5 of the pipeline: the PTY request (a terminal name that names no file) and the
// window (sizes clamped and coalesced, and charm.land/ssh never left blocked), kept
// current by the request filter of step 4 (chanState).

import (
	"encoding/binary"
	"errors"
	"sync"
	"sync/atomic"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

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
// the app's program as it changes. The request filter calls the watcher itself, so a
// session needs no goroutine of its own to carry resizes.
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

// chanState is what a session channel's request filter and its PTY handler share: the
// window, once charm.land/ssh accepted a PTY. The filter is the window pump:
// charm.land/ssh hands each window-change to a channel with room for one and blocks its
// request loop until someone takes it, which, with no program reading (before the shell
// starts, during a plain command, after the app quit), would pin the session's
// goroutines for good. Until the session starts, the filter takes each size right after
// the window-change went on (resized); after, it reads the size from the request itself
// (started), on the goroutine it runs anyway, so a session needs no goroutine for its
// window.
type chanState struct {
	mu    sync.Mutex
	win   *window
	winCh <-chan ssh.Window // charm.land/ssh's, drained of the PTY's own size
	ended bool              // the channel's requests ended
	open  *atomic.Int64     // the server's count of open windows (leak tests)
}

// setWindow is the PTY handler's: the PTY was accepted.
func (st *chanState) setWindow(win *window, winCh <-chan ssh.Window) {
	st.mu.Lock()
	st.win, st.winCh = win, winCh
	ended := st.ended
	st.mu.Unlock()
	st.open.Add(1)
	if ended { // the requests ended while charm.land/ssh still handled the PTY request
		st.open.Add(-1)
		win.close()
	}
}

// window is the channel's window; nil when it has no PTY.
func (st *chanState) window() *window {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.win
}

// resized takes the size charm.land/ssh parsed from the window-change just handed to it
// (so its PTY request, before, has been handled: a receive from an unbuffered channel
// comes before the send completes). It sends one exactly when the session has a PTY and
// the payload holds the four numbers of a window (RFC 4254 6.7); otherwise it replied
// false and sent nothing. False: the connection is gone.
func (st *chanState) resized(ctx ssh.Context, payload []byte) bool {
	st.mu.Lock()
	win, winCh := st.win, st.winCh
	st.mu.Unlock()
	if winCh == nil || len(payload) < 16 {
		return true
	}
	select {
	case w, ok := <-winCh:
		if ok {
			win.set(w)
		}
		return true
	case <-ctx.Done():
		return false
	}
}

// started answers a request that came after the session started, as charm.land/ssh would
// have: a window-change of a session with a PTY changes its window; everything else (a
// second start, env, pty-req, signal, break) is refused. Signals and breaks no longer
// reach sess.Signals or sess.Break then; tutord reads neither.
func (st *chanState) started(req *gossh.Request) {
	win := st.window()
	if req.Type != "window-change" || win == nil {
		_ = req.Reply(false, nil)
		return
	}
	p := req.Payload
	if len(p) < 16 {
		_ = req.Reply(false, nil)
		return
	}
	// RFC 4254 6.7: columns, rows, then the size in pixels, which the app does not use.
	win.set(ssh.Window{
		Width:  int(binary.BigEndian.Uint32(p[0:4])),
		Height: int(binary.BigEndian.Uint32(p[4:8])),
	})
	_ = req.Reply(true, nil)
}

// end marks the channel's requests as ended and closes its window, if any.
func (st *chanState) end() {
	st.mu.Lock()
	st.ended = true
	win := st.win
	st.mu.Unlock()
	if win != nil {
		st.open.Add(-1)
		win.close()
	}
}

// ptyHandler accepts a PTY request as charm.land/ssh would and gives the channel its
// window, which the request filter keeps current (chanState).
func (s *Server) ptyHandler(ctx ssh.Context, sess ssh.Session, pty ssh.Pty) (func() error, error) {
	st := chanStateOf(ctx)
	if st == nil {
		return nil, errors.New("pty request outside a session channel")
	}
	closer, err := emulatePty(ctx, sess, pty)
	if err != nil {
		return nil, err
	}
	_, winCh, _ := sess.Pty()
	select { // the PTY's own size, put there just before this call
	case <-winCh:
	default:
	}
	win := newWindow(pty.Term)
	win.set(pty.Window)
	st.setWindow(win, winCh)
	return closer, nil
}

// ptyOf returns the session's PTY: its terminal name and window. Use it rather than
// sess.Pty(), which reads the window while charm.land/ssh writes it on every resize (a
// data race in that library).
func (s *Server) ptyOf(sess ssh.Session) (*window, bool) {
	st := chanStateOf(sess.Context())
	if st == nil {
		return nil, false
	}
	w := st.window()
	return w, w != nil
}
