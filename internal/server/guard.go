package server

import (
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"

	"tutord/internal/limits"
	"tutord/internal/session"
)

// appGuard holds the limits of one app session: input rate and activity (limits.Input),
// output that stalls (limits.StallWriter), idle time and maximum length (limits.Watchdog).
// It adds no goroutine and no ticker: two timers, armed only when something is due.
type appGuard struct {
	s   *Server
	cs  *connState
	in  *limits.Input
	out *limits.StallWriter
	dog *limits.Watchdog
	p   *tea.Program

	mu       sync.Mutex
	backstop *time.Timer
}

func (s *Server) newAppGuard(sess ssh.Session) *appGuard {
	lc := s.cfg.Limits
	g := &appGuard{s: s, cs: connStateOf(sess.Context())}
	g.dog = limits.NewWatchdog(lc.IdleTimeout, lc.MaxSession, limits.Events{
		Warn:  func(k limits.Kind, left time.Duration) { g.p.Send(session.LimitWarnMsg{Kind: k, Left: left}) },
		Clear: func(k limits.Kind) { g.p.Send(session.LimitClearMsg{Kind: k}) },
		End:   g.end,
	})
	g.in = limits.NewInput(sess, lc.InputRate, lc.InputBurst, g.dog.Input)
	g.out = limits.NewStallWriter(sess, lc.WriteTimeout, func() {
		s.events.Add("output_stalled")
		g.cs.close()
	})
	return g
}

// start arms the limits for the running program p.
func (g *appGuard) start(p *tea.Program) {
	g.p = p
	g.dog.Start()
}

// end asks the program to say goodbye and quit, and drops the connection if it has not
// within endGrace (a program stuck in a write to a client that reads nothing).
func (g *appGuard) end(k limits.Kind) {
	g.s.events.Add("session_ended_" + k.String())
	limit := g.s.cfg.Limits.IdleTimeout
	if k == limits.MaxLength {
		limit = g.s.cfg.Limits.MaxSession
	}
	g.mu.Lock()
	g.backstop = time.AfterFunc(endGrace, g.cs.close)
	g.mu.Unlock()
	g.p.Send(session.LimitEndMsg{Kind: k, Limit: limit})
}

// stop disarms everything; the session is over.
func (g *appGuard) stop() {
	g.dog.Stop()
	g.mu.Lock()
	if g.backstop != nil {
		g.backstop.Stop()
	}
	g.mu.Unlock()
	if g.in.Dropped() > 0 {
		g.s.events.Add("input_over_limit")
	}
}
