package server

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"

	"tutord/internal/classroom"
	"tutord/internal/config"
	"tutord/internal/limits"
)

// PanicOn makes every session's model panic when the learner presses key: in Update
// (where "update"), while drawing the next frame ("view"), or in the command the key
// starts ("cmd"). For tests of panic containment; this file is compiled into tests only,
// so no client can ever reach it.
func PanicOn(key, where string) Option {
	return func(h *testHooks) {
		h.wrapModel = func(m tea.Model) tea.Model { return &panicky{Model: m, key: key, where: where} }
	}
}

type panicky struct {
	tea.Model
	key, where string
	armed      bool
}

func (p *panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == p.key {
		switch p.where {
		case "update":
			panic("test panic in Update")
		case "view":
			p.armed = true
		case "cmd":
			return p, func() tea.Msg { panic("test panic in a command") }
		}
	}
	m, cmd := p.Model.Update(msg)
	p.Model = m
	return p, cmd
}

func (p *panicky) View() tea.View {
	if p.armed {
		panic("test panic in View")
	}
	return p.Model.View()
}

// Capture stores the server Run builds in *p, so a test can look at its limits.
func Capture(p **Server) Option { return func(h *testHooks) { h.capture = p } }

// Held is how many entries the server's own maps hold (for leak tests).
func (s *Server) Held() (conns, windows, live int) {
	s.connMu.Lock()
	conns = len(s.conns)
	s.connMu.Unlock()
	windows = int(s.openWindows.Load())
	s.mu.Lock()
	live = len(s.live)
	s.mu.Unlock()
	return
}

// SendBuffer sets the kernel send buffer of every accepted connection to n bytes, as on a
// slow link: a client that stops reading then blocks the server's writes after a few
// kilobytes instead of megabytes.
func SendBuffer(n int) Option { return func(h *testHooks) { h.sendBuffer = n } }

// OnMsg calls f with every message a session's model receives.
func OnMsg(f func(tea.Msg)) Option {
	return func(h *testHooks) {
		h.wrapModel = func(m tea.Model) tea.Model { return &spy{Model: m, f: f} }
	}
}

type spy struct {
	tea.Model
	f func(tea.Msg)
}

func (s *spy) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	s.f(msg)
	m, cmd := s.Model.Update(msg)
	s.Model = m
	return s, cmd
}

// RunClocked runs the server as main does, except that its admission gate reads clock:
// a sshtest.RunFunc for tests that move the limits' time (eviction, penalties).
func RunClocked(clock limits.Clock, opts ...Option) func(context.Context, *config.Config, *log.Logger, chan<- Listening) error {
	return func(ctx context.Context, cfg *config.Config, logger *log.Logger, ready chan<- Listening) error {
		deps, err := loadDeps(cfg, logger, clock)
		if err != nil {
			return err
		}
		defer deps.Close()
		return New(*cfg, deps, opts...).Run(ctx, ready)
	}
}

// SessionClock makes the app sessions' idle and length limits (and their input rate)
// read clock, so a test moves their time instead of waiting for it.
func SessionClock(clock limits.Clock) Option { return func(h *testHooks) { h.sessionClock = clock } }

// ExperimentClock makes the experiments read the time from now, so a test can let a
// code expire.
func ExperimentClock(now func() time.Time) Option {
	return func(h *testHooks) { h.experimentClock = now }
}

// RunFleet runs the server as main does, except that its classrooms read clock (their
// heartbeats and grace periods move when the test says) and NATS reconnects after
// reconnectWait: a sshtest.RunFunc for fault tests of rooms across replicas.
func RunFleet(clock classroom.Clock, reconnectWait time.Duration, opts ...Option) func(context.Context, *config.Config, *log.Logger, chan<- Listening) error {
	return func(ctx context.Context, cfg *config.Config, logger *log.Logger, ready chan<- Listening) error {
		deps, err := loadDepsWith(cfg, logger, depHooks{rooms: clock, reconnectWait: reconnectWait})
		if err != nil {
			return err
		}
		defer deps.Close()
		return New(*cfg, deps, opts...).Run(ctx, ready)
	}
}
