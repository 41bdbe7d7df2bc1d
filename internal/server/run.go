package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"charm.land/ssh"

	"tutord/internal/hostkey"
	"tutord/internal/metrics"
	"tutord/internal/session"
)

// Listening is where a running server listens: the SSH address, and the metrics address
// when metrics are on (nil otherwise). Tests use port 0 and learn the real ports here.
type Listening struct {
	SSH, Metrics net.Addr
}

// Run listens, serves until ctx is cancelled, then drains: every session is told goodbye
// and given the shutdown timeout to end. ready, if not nil, receives the addresses once
// every listener is bound.
func (s *Server) Run(ctx context.Context, ready chan<- Listening) error {
	cfg := &s.cfg
	// Listen: metrics first, so a port already taken stops the start before learners
	// could reach an SSH server no one can watch.
	var mln net.Listener
	if s.metrics != nil {
		var err error
		if mln, err = metrics.Listen(cfg.Site.Metrics); err != nil {
			return err
		}
		defer mln.Close()
	}
	if cfg.Perf.PprofListen != "" {
		stop, err := servePprof(cfg.Perf.PprofListen, s.log)
		if err != nil {
			return err
		}
		defer stop()
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("-listen %s: %w", cfg.Listen, err)
	}
	// Before any connection is served: the handlers read s.hint without a lock.
	s.hint = cfg.ConnectHintAt(ln.Addr().String())
	s.log.Info("tutord listening", "addr", ln.Addr().String(), "host_key", hostkey.Fingerprint(s.ssh.HostSigners[0]),
		"lessons", s.sh().Catalog.Len(), "connect", s.hint, "proxy_networks", len(cfg.Proxy.Networks()))
	at := Listening{SSH: ln.Addr()}

	// The metrics endpoint outlives the SSH side so /readyz can say "draining".
	var listening atomic.Bool
	listening.Store(true)
	mctx, stopMetrics := context.WithCancel(context.Background())
	mdone := make(chan error, 1)
	if mln != nil {
		at.Metrics = mln.Addr()
		go func() {
			mdone <- metrics.Serve(mctx, mln, s.metrics.Handler(func() bool { return listening.Load() && s.Ready() }))
		}()
		s.log.Info("metrics listening", "addr", mln.Addr().String())
	} else {
		mdone <- nil
	}
	defer func() {
		stopMetrics()
		if err := <-mdone; err != nil {
			s.log.Warn("metrics server stopped", "err", err)
		}
	}()
	if ready != nil {
		ready <- at
	}

	// Serve.
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	// Drain.
	s.log.Info("signal received, draining sessions", "active", s.Active(), "drain_timeout", cfg.DrainTimeout, "timeout", cfg.ShutdownTimeout)
	if err := s.Drain(cfg.DrainTimeout, cfg.ShutdownTimeout); err != nil {
		s.log.Warn("shutdown incomplete", "err", err)
	}
	listening.Store(false)
	s.log.Info("tutord stopped")
	return nil
}

// Serve accepts SSH connections on ln until Shutdown or Close. The commands shown to
// learners use the -listen port: Run, which also learns the port bound for port 0, is
// the way to start a server.
func (s *Server) Serve(ln net.Listener) error {
	err := s.ssh.Serve(s.proxyListener(ln))
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
	defer s.events.Close()
	// Connections with no running session (still logging in, or between sessions) have
	// nobody to say goodbye to; the others close as their sessions end.
	s.closeConns(false)
	go func() { _ = s.ssh.Shutdown(ctx) }() // closes the listeners at once
	n := s.broadcast(session.ShutdownMsg{})
	s.log.Info("shutting down", "sessions", n)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for s.Active() > 0 {
		select {
		case <-ctx.Done():
			_ = s.Close()
			return fmt.Errorf("shutdown: %d session(s) still open after the timeout: %w", s.Active(), ctx.Err())
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
