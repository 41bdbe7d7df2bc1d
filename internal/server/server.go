// Package server runs tutord's SSH side: it lets anyone in, turns each session into either
// a plain-text command (list, help) or a bubbletea program, and shuts down cleanly. It logs
// events and counts, never who: no address, user name, key, client version or terminal.
package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/log/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/metrics"
	"tutord/internal/session"
)

// Server is one tutord SSH server.
type Server struct {
	cfg    *config.Config
	shared *session.Shared
	log    *log.Logger
	ssh    *ssh.Server

	// live holds the running programs, so a shutdown can say goodbye to each.
	mu       sync.Mutex
	live     map[*liveSession]struct{}
	draining atomic.Bool
	// drained is closed when Shutdown starts, for sessions that are not bubbletea programs.
	drained   chan struct{}
	drainOnce sync.Once
	// teacherKeys, when not nil, are the keys allowed to open a classroom (-teacher-keys).
	teacherKeys map[string]bool

	active atomic.Int64
	total  atomic.Int64

	// metrics counts events, never who (nil when metrics are off; see UseMetrics).
	metrics *metrics.Metrics

	hardening // limits and refusals (harden.go)
}

// ScriptUser is the user name for scripts, cron jobs and monitors
// (ssh -o BatchMode=yes script@HOST list). BatchMode turns keyboard-interactive and
// passwords off, and every other user's keys are refused so the mirror can show them all,
// so such a client would get nowhere. As ScriptUser it gets in with the "none" method,
// which OpenSSH tries first, before offering any key; a client that skips "none" gets in on
// its first key. Nothing is kept either way.
const ScriptUser = "script"

// Option changes a Server built by New. None are exported for production use; tests
// have theirs in export_test.go.
type Option func(*Server)

// New builds a server; it does not listen yet (see Serve).
func New(cfg *config.Config, shared *session.Shared, signer gossh.Signer, logger *log.Logger, opts ...Option) *Server {
	s := &Server{
		cfg:     cfg,
		shared:  shared,
		log:     logger,
		live:    map[*liveSession]struct{}{},
		drained: make(chan struct{}),
	}
	s.ssh = &ssh.Server{
		Handler:     s.handle,
		HostSigners: []ssh.Signer{signer},
		// Anyone gets in. Keys are noted for the mirror (mirror.go) and refused, so the
		// client offers every key it has and goes on to keyboard-interactive, which asks
		// nothing and lets everyone in; clients that only do passwords get in with any
		// password. The one exception: a key in -teacher-keys is accepted, so x/crypto checks
		// the client holds it (classroom.go). Scripts log in as ScriptUser (see below).
		PublicKeyHandler: func(ctx ssh.Context, key ssh.PublicKey) bool {
			recordOfferedKey(ctx, key)
			return s.isTeacherKey(key) || ctx.User() == ScriptUser
		},
		KeyboardInteractiveHandler: func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true },
		PasswordHandler:            func(ssh.Context, string) bool { return true },
		Version:                    "tutord",
	}
	s.harden()
	for _, o := range opts {
		o(s)
	}
	return s
}

// Serve accepts SSH connections on ln until Shutdown or Close.
func (s *Server) Serve(ln net.Listener) error {
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections, tells every session goodbye, and waits for the
// sessions to end until ctx is done. Then it closes every connection: a client that keeps
// an idle connection open after its session ended has nothing left to wait for.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	s.drainOnce.Do(func() { close(s.drained) })
	defer s.stopLimits()
	// Connections with no running session (still logging in, or between sessions) have
	// nobody to say goodbye to; the others close as their sessions end.
	s.closeConns(false)
	go func() { _ = s.ssh.Shutdown(ctx) }() // closes the listeners at once
	n := s.broadcast(session.ShutdownMsg{})
	s.log.Info("shutting down", "sessions", n)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for s.active.Load() > 0 {
		select {
		case <-ctx.Done():
			_ = s.Close()
			return fmt.Errorf("shutdown: %d session(s) still open after the timeout: %w", s.active.Load(), ctx.Err())
		case <-tick.C:
		}
	}
	if err := s.Close(); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// Close drops every connection at once, logged in or not.
func (s *Server) Close() error {
	err := s.ssh.Close()
	s.closeConns(true)
	return err
}

// Active is the number of sessions running now.
func (s *Server) Active() int64 { return s.active.Load() }

// broadcast sends msg to every running program and returns how many there were.
func (s *Server) broadcast(msg any) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ls := range s.live {
		ls.send(msg)
	}
	return len(s.live)
}

func (s *Server) track(ls *liveSession, add bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		s.live[ls] = struct{}{}
	} else {
		delete(s.live, ls)
	}
}

// sinceMinutes rounds a duration to whole minutes for the log: enough for operators, too
// coarse to line up with anything else.
func sinceMinutes(t time.Time) int { return int(time.Since(t).Round(time.Minute) / time.Minute) }
