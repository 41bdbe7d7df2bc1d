package server

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"charm.land/ssh"
	uv "github.com/charmbracelet/ultraviolet"

	"tutord/internal/i18n"
	"tutord/internal/limits"
	"tutord/internal/session"
)

// appGuard holds the limits of one app session: input rate and activity (limits.Input),
// output that stalls (limits.StallWriter), idle time and maximum length (limits.Watchdog).
// It adds no ticker: its timers are armed only when something is due.
//
// It also reads the session's keyboard itself (inputPump) instead of letting bubbletea
// do it: bubbletea's reader (ultraviolet's StreamEvents) flushes a pending escape sequence
// into the program's message channel when it stops, after the program stopped reading
// it, and blocks there forever, holding the whole program (its cell buffers: 20 MB at
// 400x200). A client that sends a lone ESC and hangs up would leak one per connection.
type appGuard struct {
	s      *Server
	cs     *connState
	in     *limits.Input
	out    *limits.StallWriter
	dog    *limits.Watchdog
	silent *silentInput
	p      Program

	stopPump context.CancelFunc

	mu       sync.Mutex
	backstop *time.Timer
}

func (s *Server) newAppGuard(sess ssh.Session) *appGuard {
	lc := s.cfg.Limits
	g := &appGuard{s: s, cs: connStateOf(sess.Context()), silent: &silentInput{done: make(chan struct{})}}
	g.dog = limits.NewWatchdog(lc.IdleTimeout, lc.MaxSession, limits.Events{
		Warn:  func(k limits.Kind, left time.Duration) { g.p.Send(session.LimitWarnMsg{Kind: k, Left: left}) },
		Clear: func(k limits.Kind) { g.p.Send(session.LimitClearMsg{Kind: k}) },
		End:   g.end,
	}, s.test.sessionClock)
	g.in = limits.NewInput(sess, lc.InputRate, lc.InputBurst, g.dog.Input, s.test.sessionClock)
	g.out = limits.NewStallWriter(sess, lc.WriteTimeout, func() {
		s.events.Add("output_stalled")
		g.cs.close()
	}, nil)
	return g
}

// start arms the limits for the program p and, when pump is set (a program that does
// not read g.in itself), starts reading input for it.
func (g *appGuard) start(ctx context.Context, p Program, term string, pump bool) {
	g.p = p
	g.dog.Start()
	if pump {
		var pctx context.Context
		pctx, g.stopPump = context.WithCancel(ctx)
		inputPump(pctx, g.in, term, p)
	}
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

// stop disarms everything; the program has ended. The input pump ends when the session's
// channel closes, which follows.
func (g *appGuard) stop() {
	g.dog.Stop()
	g.mu.Lock()
	if g.backstop != nil {
		g.backstop.Stop()
	}
	g.mu.Unlock()
	if g.stopPump != nil {
		g.stopPump()
	}
	g.silent.close()
	if g.in.Dropped() > 0 {
		g.s.events.Add("input_over_limit")
	}
}

// inputPump decodes the session's input into events and sends them to the program, the
// way bubbletea's own reader would, except that it keeps taking events until the decoder
// has stopped: after the program ended, p.Send returns at once, so nothing ever blocks.
// Its two goroutines end when r returns an error (the session's channel closed).
func inputPump(ctx context.Context, r io.Reader, term string, p Program) {
	dec := uv.NewTerminalReader(r, term)
	events := make(chan uv.Event)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = dec.StreamEvents(ctx, events)
	}()
	go func() {
		for {
			select {
			case ev := <-events:
				p.Send(ev) // bubbletea turns uv events into its messages (KeyPressMsg, ...)
			case <-done:
				return
			}
		}
	}()
}

// silentInput is the input bubbletea itself reads: nothing, and EOF once closed, so its
// reader never has anything pending when the program stops.
type silentInput struct {
	done chan struct{}
	once sync.Once
}

func (s *silentInput) Read([]byte) (int, error) {
	<-s.done
	return 0, io.EOF
}

func (s *silentInput) close() { s.once.Do(func() { close(s.done) }) }

// lineGuard holds the same limits for a quiz answered line by line (ssh HOST quiz ID):
// input rate and idle time, maximum length, stalled output. Its warnings and its end are
// lines of text; the end closes the session, which ends the quiz's read.
type lineGuard struct {
	in  *limits.Input
	out *limits.StallWriter
	dog *limits.Watchdog
}

func (s *Server) newLineGuard(sess ssh.Session, t *i18n.Text, crlf bool) *lineGuard {
	lc := s.cfg.Limits
	cs := connStateOf(sess.Context())
	g := &lineGuard{}
	g.out = limits.NewStallWriter(sess, lc.WriteTimeout, func() {
		s.events.Add("output_stalled")
		cs.close()
	}, nil)
	say := func(line string) { writeText(g.out, crlf, "\n"+line+"\n") }
	g.dog = limits.NewWatchdog(lc.IdleTimeout, lc.MaxSession, limits.Events{
		Warn: func(k limits.Kind, left time.Duration) {
			format := t.LimitIdleWarn
			if k == limits.MaxLength {
				format = t.LimitMaxWarn
			}
			say(fmt.Sprintf(format, session.FormatDuration(left)))
		},
		End: func(k limits.Kind) {
			s.events.Add("session_ended_" + k.String())
			format, limit := t.LimitIdleEnded, lc.IdleTimeout
			if k == limits.MaxLength {
				format, limit = t.LimitMaxEnded, lc.MaxSession
			}
			say(fmt.Sprintf(format, session.FormatDuration(limit)))
			_ = sess.Close()
		},
	}, nil)
	g.in = limits.NewInput(sess, lc.InputRate, lc.InputBurst, g.dog.Input, nil)
	g.dog.Start()
	return g
}

func (g *lineGuard) stop() { g.dog.Stop() }
