package server

// Step 1 of the pipeline, admission, and the life of an admitted connection: its place in
// the limits, write deadlines, and the timer that closes it when no session runs on it.

import (
	"errors"
	"net"
	"sync"
	"time"

	"charm.land/ssh"

	"tutord/internal/limits"
)

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

	announced sync.Once // the host keys were announced (hostkeys.go)

	accepted time.Time // for the handshake time in the metrics
}

// admit is the ConnCallback: it runs first for every TCP connection, and refuses before
// the SSH handshake when a limit is reached.
func (s *Server) admit(ctx ssh.Context, conn net.Conn) net.Conn {
	accepted := time.Now()
	if !proxyHeader(conn) {
		s.events.Add("refused_" + reasonProxyInvalid)
		s.countRefused(reasonProxyInvalid)
		_ = conn.Close()
		return nil
	}
	if n := s.test.sendBuffer; n > 0 {
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetWriteBuffer(n)
		}
	}
	ticket, reason := s.gate.Admit(conn.RemoteAddr())
	if reason != limits.Admitted {
		s.events.Add("refused_" + reason.String())
		s.countRefused(reason.String())
		s.refuser.Refuse(conn, s.refusals[reason])
		return nil
	}
	cs := &connState{s: s, ticket: ticket, inLogin: true, accepted: accepted}
	cs.conn = &guardedConn{Conn: &progressConn{Conn: conn, t: ticket}, cs: cs, writeTimeout: s.cfg.Limits.WriteTimeout}
	cs.mu.Lock()
	cs.timer = time.AfterFunc(s.cfg.Limits.LoginGrace, cs.expire)
	cs.mu.Unlock()
	if !s.trackConn(cs) {
		_ = cs.conn.Close() // shutting down
		return nil
	}
	cs.ticket.SetWaiting(bytesWaiting(conn))
	cs.ticket.OnEvict(cs.evicted) // after trackConn: an eviction since Admit closes it at once (evict.go)
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
		cs.ticket.TimedOut() // counts as silence against its source (limits/penalty.go)
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

// authenticated runs once, when an authentication method let the client in: the end of
// the handshake as the metrics count it.
func (cs *connState) authenticated() {
	if cs != nil {
		cs.s.metrics.ObserveHandshake(time.Since(cs.accepted))
		cs.loggedIn()
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
