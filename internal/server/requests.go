package server

// Step 4 of the pipeline: which channels a client may open and which of a session's
// requests go on to charm.land/ssh. The environment allow-list is in env.go; subsystems
// are refused in subsystem.go.

import (
	"fmt"
	"strings"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/i18n"
)

// channelHandlers lets a client open session channels only. Forwarding channels get a
// reason a person can read; everything else "unknown channel type". The reasons are in
// English: they come before the session's language is known.
func (s *Server) channelHandlers() map[string]ssh.ChannelHandler {
	en := i18n.For("en")
	reject := func(code gossh.RejectionReason, why string) ssh.ChannelHandler {
		return func(_ *ssh.Server, _ *gossh.ServerConn, nc gossh.NewChannel, _ ssh.Context) {
			s.events.Add("channel_refused")
			_ = nc.Reject(code, why)
		}
	}
	return map[string]ssh.ChannelHandler{
		"session":                        s.sessionChannel,
		"direct-tcpip":                   reject(gossh.Prohibited, en.LimitForwarding),
		"direct-streamlocal@openssh.com": reject(gossh.Prohibited, en.LimitForwarding),
		"default":                        reject(gossh.UnknownChannelType, en.LimitChannelType),
	}
}

// sessionChannel serves a "session" channel: at most max-channels per connection, and its
// requests go through filterRequests before charm.land/ssh sees them.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	cs := connStateOf(ctx)
	if cs != nil {
		// Before the channel is confirmed, so even a short command's client has the
		// announcement while the connection lasts (hostkeys.go).
		s.hostKeys.announceOnce(conn, &cs.announced)
	}
	if !cs.openChannel() {
		s.events.Add("channel_refused")
		_ = nc.Reject(gossh.ResourceShortage, fmt.Sprintf(i18n.For("en").LimitChannels, s.cfg.Limits.MaxChannels))
		return
	}
	// The channel's own context: charm.land/ssh hands it to the PTY handler and keeps it
	// as the session's, so the filter, the PTY handler and the session handler share the
	// channel's state (its window) without a map keyed by session.
	cctx := &chanCtx{Context: ctx, st: &chanState{open: &s.openWindows}}
	fc := &filteredChannel{NewChannel: nc, s: s, cs: cs, ctx: cctx, loopDone: make(chan struct{})}
	ssh.DefaultSessionHandler(srv, conn, fc, cctx)
	close(fc.loopDone)
	if !fc.accepted {
		cs.closeChannel() // else the filter does, when the channel's requests end
	}
}

// filteredChannel hands charm.land/ssh the channel with its requests filtered.
type filteredChannel struct {
	gossh.NewChannel
	s        *Server
	cs       *connState
	ctx      *chanCtx
	accepted bool
	// loopDone is closed when charm.land/ssh's request loop has returned, so it has
	// answered every request it was handed.
	loopDone chan struct{}
}

func (f *filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	f.accepted = true
	out := make(chan *gossh.Request)
	go func() {
		defer f.cs.closeChannel()
		f.s.filterRequests(f.ctx, ch, reqs, out, f.loopDone)
	}()
	return ch, out, nil
}

// chanCtx is the connection's context with one session channel's state in it; values
// set on it go to the connection's, as before.
type chanCtx struct {
	ssh.Context
	st *chanState
}

type chanStateKey struct{}

func (c *chanCtx) Value(key any) any {
	if key == (chanStateKey{}) {
		return c.st
	}
	return c.Context.Value(key)
}

// chanStateOf is the state of the session channel whose context ctx is; nil for a
// context that is not a channel's.
func chanStateOf(ctx ssh.Context) *chanState {
	st, _ := ctx.Value(chanStateKey{}).(*chanState)
	return st
}

// filterRequests passes a session's requests on, except what the app does not need:
//   - env: only the allow-listed names (language, colour), at most maxEnv, short values;
//     charm.land/ssh would keep every one, without bound;
//   - agent and X11 forwarding: refused, with a line on stderr saying so when the shell or
//     command starts (ssh sends these before the environment, so the language is known
//     only then).
//
// Everything else goes on in order until the session starts (its first shell, exec or
// subsystem request, which charm.land/ssh always accepts: the server sets a handler for
// each and no SessionRequestCallback). From then on charm.land/ssh would only refuse what
// comes (a second start, env, pty-req) or hand on a window-change, so the filter closes
// charm.land/ssh's request loop, whose goroutine ends, and answers the rest itself
// (started): one goroutine less for every session's whole length.
//
// It is also the session's window pump: it takes each new size, from charm.land/ssh
// before the start (pty.go) and from the request itself after. It stops when the channel
// or connection closes, and then closes the window.
func (s *Server) filterRequests(ctx *chanCtx, ch gossh.Channel, in <-chan *gossh.Request, out chan<- *gossh.Request, loopDone <-chan struct{}) {
	defer ctx.st.end()
	started := false
	defer func() {
		if !started {
			close(out)
		}
	}()
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
			if req.Type != "x11-req" {
				noteAgentRequest(ctx)
			}
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
			if len(notes) > 0 && !started {
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
		if started {
			ctx.st.started(req)
			continue
		}
		select {
		case out <- req:
		case <-ctx.Done():
			return
		}
		switch req.Type {
		case "window-change":
			if !ctx.st.resized(ctx, req.Payload) {
				return
			}
		case "shell", "exec", "subsystem":
			// charm.land/ssh took it once it was received: closing now ends its loop right
			// after (its deferred close of its own window channel, which nothing reads
			// from then on).
			started = true
			close(out)
			// Answers go in the order the requests came: the start's own answer is
			// charm.land/ssh's, so wait until its loop has returned.
			select {
			case <-loopDone:
			case <-ctx.Done():
				return
			}
		}
	}
}
