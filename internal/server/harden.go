package server

// Hardening at the connection level: who is admitted (before any SSH work), how long a
// login may take, which algorithms and how many authentication attempts, and which
// channels and requests a client may open. Session-level limits are in guard.go.

import (
	"errors"
	"fmt"
	"net"
	"sort"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/i18n"
	"tutord/internal/limits"
	"tutord/internal/session"
)

// Modern algorithms only (ssh-audit reports no failure; docs/ssh-audit.txt):
// post-quantum hybrid and X25519 key exchange, AEAD ciphers, encrypt-then-MAC MACs (used
// by no cipher above; listed so no weaker MAC can be negotiated), and the ed25519 host key
// (hostkey). x/crypto adds strict key exchange (kex-strict-s-v00@openssh.com, the Terrapin
// fix) on its own.
var (
	kexAlgos = []string{gossh.KeyExchangeMLKEM768X25519, gossh.KeyExchangeCurve25519}
	ciphers  = []string{gossh.CipherChaCha20Poly1305, gossh.CipherAES256GCM, gossh.CipherAES128GCM}
	macs     = []string{gossh.HMACSHA256ETM, gossh.HMACSHA512ETM}
)

const (
	// maxEnv is how many environment variables one session may set; maxEnvValue how long
	// each may be. The app reads only the language and colour ones.
	maxEnv      = 16
	maxEnvValue = 128
	// endGrace is how long a program has to quit after a limit ended its session before
	// the connection is dropped under it.
	endGrace = 5 * time.Second
	// refusalLinger bounds how long a refused connection is kept half-closed so the client
	// can read why (see limits.Refuser), and maxLingering how many at once.
	refusalLinger = 2 * time.Second
	maxLingering  = 64
)

// hardening is the Server's share of limits state. It is embedded in Server.
type hardening struct {
	gate     *limits.Gate
	refuser  *limits.Refuser
	refusals map[limits.Reason][]byte
	// events counts what the limits did (refusals, timeouts, stalls) and logs the counts
	// at most once a minute: events and counts, never who.
	events *limits.Tally

	connMu sync.Mutex
	conns  map[*connState]struct{}

	winMu   sync.Mutex
	windows map[ssh.Session]*window

	// wrapModel, when set, wraps every session's model. Only tests set it (export_test.go),
	// to make a model that panics or records its messages; no client can reach it.
	wrapModel func(tea.Model) tea.Model
}

// harden installs the limits on s.ssh. Called once by New.
func (s *Server) harden() {
	lc := s.cfg.Limits
	s.gate = limits.NewGate(lc)
	s.refuser = limits.NewRefuser(maxLingering, refusalLinger)
	s.events = limits.NewTally(time.Minute, func(counts map[string]int) {
		kv := make([]any, 0, 2*len(counts))
		names := make([]string, 0, len(counts))
		for n := range counts {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			kv = append(kv, n, counts[n])
		}
		s.log.Info("limit events", kv...) // counts since the last report, a minute at most
	})
	s.conns = map[*connState]struct{}{}
	s.windows = map[ssh.Session]*window{}

	version := "SSH-2.0-" + s.ssh.Version
	s.refusals = map[limits.Reason][]byte{
		limits.Full:        limits.Refusal(version, allLangs(func(t *i18n.Text) string { return t.LimitFull })),
		limits.Busy:        limits.Refusal(version, allLangs(func(t *i18n.Text) string { return t.LimitBusy })),
		limits.SourceConns: limits.Refusal(version, allLangs(func(t *i18n.Text) string { return t.LimitSourceConns })),
		limits.SourceRate:  limits.Refusal(version, allLangs(func(t *i18n.Text) string { return t.LimitSourceRate })),
	}

	en := i18n.For("en") // channel rejection reasons come before the session's language is known
	reject := func(code gossh.RejectionReason, why string) ssh.ChannelHandler {
		return func(_ *ssh.Server, _ *gossh.ServerConn, nc gossh.NewChannel, _ ssh.Context) {
			s.events.Add("channel_refused")
			_ = nc.Reject(code, why)
		}
	}
	h := s.ssh
	h.ConnCallback = s.admit
	h.HandshakeTimeout = lc.LoginGrace
	h.ServerConfigCallback = s.serverConfig
	h.ConnectionFailedCallback = func(net.Conn, error) { s.events.Add("handshake_failed") }
	h.PtyCallback = func(_ ssh.Context, p ssh.Pty) bool { return validTerm(p.Term) }
	h.PtyHandler = s.ptyHandler
	h.ChannelHandlers = map[string]ssh.ChannelHandler{
		"session":                        s.sessionChannel,
		"direct-tcpip":                   reject(gossh.Prohibited, en.LimitForwarding),
		"direct-streamlocal@openssh.com": reject(gossh.Prohibited, en.LimitForwarding),
		"default":                        reject(gossh.UnknownChannelType, en.LimitChannelType),
	}
	// No global request is served: tcpip-forward (remote forwarding) and everything else
	// get a plain "no", which is all the protocol has for them.
	h.RequestHandlers = map[string]ssh.RequestHandler{}
	h.SubsystemHandlers = map[string]ssh.SubsystemHandler{"default": s.refuseSubsystem}
	h.LocalPortForwardingCallback = nil
	h.ReversePortForwardingCallback = nil
}

// allLangs joins a string in every language, for messages sent before the client's
// language is known.
func allLangs(f func(*i18n.Text) string) string {
	parts := make([]string, 0, len(i18n.Langs()))
	for _, l := range i18n.Langs() {
		parts = append(parts, f(i18n.For(l)))
	}
	return "tutord: " + strings.Join(parts, " / ")
}

func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		Config: gossh.Config{KeyExchanges: kexAlgos, Ciphers: ciphers, MACs: macs},
		// Enough attempts that a client with many keys in its agent still reaches
		// keyboard-interactive after all its keys were refused.
		MaxAuthTries: s.cfg.Limits.MaxAuthTries,
		// "none" logs in ScriptUser only; everyone else goes on to offer their keys.
		NoClientAuth: true,
		NoClientAuthCallback: func(c gossh.ConnMetadata) (*gossh.Permissions, error) {
			if c.User() == ScriptUser {
				return nil, nil
			}
			return nil, errNoneRefused
		},
		AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
			if err == nil {
				connStateOf(ctx).loggedIn()
			}
		},
	}
}

var errNoneRefused = errors.New("ssh: no authentication is not enough for this user")

// connStateKey is the context key of a connection's *connState.
type connStateKey struct{}

func connStateOf(ctx ssh.Context) *connState {
	cs, _ := ctx.Value(connStateKey{}).(*connState)
	return cs
}

// connState is what the server holds about one open connection: its place in the limits
// and a timer that closes it when no session runs on it for the login grace (before the
// first session and after the last). Nothing in it names the client.
type connState struct {
	s      *Server
	conn   *guardedConn
	ticket *limits.Ticket

	mu       sync.Mutex
	timer    *time.Timer
	channels int
	sessions int
	inLogin  bool // the timer is the login grace
}

// admit is the ConnCallback: it runs first for every TCP connection, and refuses before
// the SSH handshake when a limit is reached.
func (s *Server) admit(ctx ssh.Context, conn net.Conn) net.Conn {
	ticket, reason := s.gate.Admit(conn.RemoteAddr())
	if reason != limits.Admitted {
		s.events.Add("refused_" + reason.String())
		s.countRefused(reason.String())
		s.refuser.Refuse(conn, s.refusals[reason])
		return nil
	}
	cs := &connState{s: s, ticket: ticket, inLogin: true}
	cs.conn = &guardedConn{Conn: conn, cs: cs, writeTimeout: s.cfg.Limits.WriteTimeout}
	cs.mu.Lock()
	cs.timer = time.AfterFunc(s.cfg.Limits.LoginGrace, cs.expire)
	cs.mu.Unlock()
	if !s.trackConn(cs) {
		_ = cs.conn.Close() // shutting down
		return nil
	}
	ctx.SetValue(connStateKey{}, cs)
	return cs.conn
}

func (s *Server) trackConn(cs *connState) bool {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	if s.draining.Load() {
		return false
	}
	s.conns[cs] = struct{}{}
	return true
}

func (s *Server) untrackConn(cs *connState) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	delete(s.conns, cs)
}

// closeConns closes every connection with no running session, or every connection.
func (s *Server) closeConns(all bool) {
	s.connMu.Lock()
	list := make([]*connState, 0, len(s.conns))
	for cs := range s.conns {
		list = append(list, cs)
	}
	s.connMu.Unlock()
	for _, cs := range list {
		cs.mu.Lock()
		idle := cs.sessions == 0
		cs.mu.Unlock()
		if all || idle {
			cs.close()
		}
	}
}

// expire closes a connection whose login took too long, or that ran no session for the
// idle timeout.
func (cs *connState) expire() {
	cs.mu.Lock()
	login := cs.inLogin
	cs.mu.Unlock()
	if login {
		cs.s.events.Add("login_grace_expired")
	} else {
		cs.s.events.Add("sessionless_connection_closed")
	}
	cs.close()
}

func (cs *connState) close() {
	if cs != nil {
		_ = cs.conn.Close()
	}
}

func (cs *connState) loggedIn() {
	if cs != nil {
		cs.ticket.Started()
	}
}

// openChannel counts a new session channel; false when the connection has its fill.
func (cs *connState) openChannel() bool {
	if cs == nil {
		return true
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.channels >= cs.s.cfg.Limits.MaxChannels {
		return false
	}
	cs.channels++
	return true
}

func (cs *connState) closeChannel() {
	if cs == nil {
		return
	}
	cs.mu.Lock()
	cs.channels--
	cs.mu.Unlock()
}

// sessionStarted stops the connection's timer while a session runs.
func (cs *connState) sessionStarted() {
	if cs == nil {
		return
	}
	cs.loggedIn()
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.sessions++
	cs.inLogin = false
	cs.timer.Stop()
}

// sessionEnded re-arms the timer when the last session ends: a connection kept open with
// no session (ssh -N, a multiplexing master) holds a place in max-sessions, so it is
// closed after the login grace, as one that never started a session. While the server
// drains, it is closed at once.
func (cs *connState) sessionEnded() {
	if cs == nil {
		return
	}
	cs.mu.Lock()
	cs.sessions--
	last := cs.sessions == 0
	if last {
		cs.timer.Reset(cs.s.cfg.Limits.LoginGrace)
	}
	cs.mu.Unlock()
	if last && cs.s.draining.Load() {
		cs.close()
	}
}

// release runs once, when the connection closes.
func (cs *connState) release() {
	cs.mu.Lock()
	cs.timer.Stop()
	cs.mu.Unlock()
	cs.ticket.Release()
	cs.s.untrackConn(cs)
}

// guardedConn is the TCP connection as the SSH layer sees it. Every write gets a deadline,
// so a client that stops reading cannot hold a write (and the goroutine in it) forever;
// closing it gives the connection's place in the limits back.
type guardedConn struct {
	net.Conn
	cs           *connState
	writeTimeout time.Duration
	once         sync.Once
}

func (c *guardedConn) Write(p []byte) (int, error) {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(c.writeTimeout))
	n, err := c.Conn.Write(p)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		// The client took no output for the write timeout. The SSH layer would only mark
		// the connection broken and keep reading from it: drop it.
		c.cs.s.events.Add("output_stalled")
		_ = c.Close()
	}
	return n, err
}

func (c *guardedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.cs.release)
	return err
}

// sessionChannel serves a "session" channel: at most max-channels per connection, and its
// requests go through filterRequests before charm.land/ssh sees them.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	cs := connStateOf(ctx)
	if !cs.openChannel() {
		s.events.Add("channel_refused")
		_ = nc.Reject(gossh.ResourceShortage, fmt.Sprintf(i18n.For("en").LimitChannels, s.cfg.Limits.MaxChannels))
		return
	}
	defer cs.closeChannel()
	ssh.DefaultSessionHandler(srv, conn, &filteredChannel{NewChannel: nc, s: s, ctx: ctx}, ctx)
}

// filteredChannel hands charm.land/ssh the channel with its requests filtered.
type filteredChannel struct {
	gossh.NewChannel
	s   *Server
	ctx ssh.Context
}

func (f *filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go f.s.filterRequests(f.ctx, ch, reqs, out)
	return ch, out, nil
}

// filterRequests passes a session's requests on, except what the app does not need:
//   - env: only the allow-listed names (language, colour), at most maxEnv, short values;
//     charm.land/ssh would keep every one, without bound;
//   - agent and X11 forwarding: refused, with a line on stderr saying so when the shell or
//     command starts (ssh sends these before the environment, so the language is known
//     only then).
//
// Everything else goes on in order. It stops when the channel or connection closes.
func (s *Server) filterRequests(ctx ssh.Context, ch gossh.Channel, in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	var env []string // the forwarded language variables, to pick the language of notes
	envCount := 0
	var notes []func(*i18n.Text) string
	refused := map[string]bool{}
	for req := range in {
		switch req.Type {
		case "env":
			k, v, ok := parseEnv(req.Payload)
			if !ok || envCount >= maxEnv {
				s.events.Add("env_refused")
				_ = req.Reply(false, nil)
				continue
			}
			envCount++
			env = append(env, k+"="+v)
		case "auth-agent-req@openssh.com", "x11-req":
			s.events.Add("forwarding_refused")
			_ = req.Reply(false, nil)
			if !refused[req.Type] {
				refused[req.Type] = true
				if req.Type == "x11-req" {
					notes = append(notes, func(t *i18n.Text) string { return t.LimitX11 })
				} else {
					notes = append(notes, func(t *i18n.Text) string { return t.LimitAgent })
				}
			}
			continue
		case "shell", "exec", "subsystem":
			if len(notes) > 0 {
				t := s.text(env)
				var b strings.Builder
				for _, n := range notes {
					b.WriteString("tutord: " + n(t) + "\r\n")
				}
				notes = nil
				// Before the request goes on, so the notes come before any output. A client
				// whose window is shut can block this write, but then its session never
				// starts, and the login grace closes the connection.
				_, _ = ch.Stderr().Write([]byte(b.String()))
			}
		}
		select {
		case out <- req:
		case <-ctx.Done():
			return
		}
	}
}

// parseEnv reads an "env" request and reports whether it is one the app may use.
func parseEnv(payload []byte) (key, value string, ok bool) {
	var kv struct{ Key, Value string }
	if err := gossh.Unmarshal(payload, &kv); err != nil {
		return "", "", false
	}
	return kv.Key, kv.Value, envAllowedName(kv.Key) && len(kv.Value) <= maxEnvValue
}

// envAllowedName is the allow-list: the language (LANG, LANGUAGE, LC_*) and colour
// settings, which OpenSSH sends by default or on request. The app reads fewer (see
// clientEnv); the mirror lesson may show these to the learner.
func envAllowedName(k string) bool {
	switch k {
	case "LANG", "LANGUAGE", "NO_COLOR", "COLORTERM":
		return true
	}
	if len(k) > 32 || !strings.HasPrefix(k, "LC_") {
		return false
	}
	for _, r := range k[3:] {
		if (r < 'A' || r > 'Z') && r != '_' {
			return false
		}
	}
	return len(k) > 3
}

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

// window is a session's terminal size as the app should see it: clamped, and coalesced,
// so a storm of resizes becomes one pending update instead of a queue.
type window struct {
	term    string // the terminal name from the PTY request
	mu      sync.Mutex
	w, h    int           // clamped: what the app draws
	cw, ch  int           // as claimed: what the mirror shows the learner
	changed chan struct{} // capacity 1: "there is a newer size"
	closed  chan struct{} // closed when the session's requests end (its channel closed)
}

func newWindow(term string) *window {
	return &window{term: term, changed: make(chan struct{}, 1), closed: make(chan struct{})}
}

func (w *window) set(win ssh.Window) {
	w.mu.Lock()
	w.w, w.h = clampSize(win.Width, win.Height)
	w.cw, w.ch = win.Width, win.Height
	w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
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
		close(win.closed)
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

// refuseSubsystem answers every subsystem (sftp, ...) with a reason and exit status 1.
func (s *Server) refuseSubsystem(sess ssh.Session) {
	t := s.text(clientEnv(sess))
	msg := "tutord: " + fmt.Sprintf(t.LimitSubsystem, printable(sess.Subsystem()), s.cfg.ConnectHint()+" -t") + "\n"
	s.events.Add("subsystem_refused")
	stop := s.bound(sess)
	defer stop()
	_, _ = sess.Stderr().Write([]byte(msg))
	_ = sess.Exit(1)
}

// bound drops the session's connection if the caller has not called the returned stop
// within the write timeout: for short commands, whose only way to hang is a client that
// takes no output.
func (s *Server) bound(sess ssh.Session) (stop func()) {
	cs := connStateOf(sess.Context())
	t := time.AfterFunc(s.cfg.Limits.WriteTimeout, func() {
		s.events.Add("output_stalled")
		cs.close()
	})
	return func() { t.Stop() }
}

// stopLimits ends the limits' own timers (source sweep, event counts).
func (s *Server) stopLimits() {
	s.gate.Close()
	s.events.Close()
}

// LimitStats are the counts of connections refused, by reason, and the gate's state now,
// for metrics. They never say which client.
func (s *Server) LimitStats() (refused map[string]uint64, conns, starting int) {
	conns, starting, _ = s.gate.Load()
	return s.gate.Refused(), conns, starting
}
