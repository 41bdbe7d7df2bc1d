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

	active atomic.Int64
	total  atomic.Int64

	hardening // limits and refusals (harden.go)
}

// Option changes a Server built by New. None are exported for production use; tests
// have theirs in export_test.go.
type Option func(*Server)

// New builds a server; it does not listen yet (see Serve).
func New(cfg *config.Config, shared *session.Shared, signer gossh.Signer, logger *log.Logger, opts ...Option) *Server {
	s := &Server{
		cfg:    cfg,
		shared: shared,
		log:    logger,
		live:   map[*liveSession]struct{}{},
	}
	s.ssh = &ssh.Server{
		Handler:     s.handle,
		HostSigners: []ssh.Signer{signer},
		// Anyone gets in. Keys are looked at and refused, so the client goes on to
		// keyboard-interactive, which asks nothing and lets everyone in; clients that only
		// do passwords get in with any password.
		PublicKeyHandler:           func(ssh.Context, ssh.PublicKey) bool { return false },
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

// Shutdown stops accepting connections, tells every session goodbye, and waits for them to
// end until ctx is done; then it closes whatever is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	defer s.stopLimits()
	// Connections with no running session (still logging in, or between sessions) have
	// nobody to say goodbye to; the others close as their sessions end.
	s.closeConns(false)
	done := make(chan error, 1)
	go func() { done <- s.ssh.Shutdown(ctx) }()
	n := s.broadcast(session.ShutdownMsg{})
	s.log.Info("shutting down", "sessions", n)
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, ssh.ErrServerClosed) {
			_ = s.Close()
			return fmt.Errorf("shutdown: %w", err)
		}
		return nil
	case <-ctx.Done():
		_ = s.Close()
		return fmt.Errorf("shutdown: sessions still open after the timeout: %w", ctx.Err())
	}
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
