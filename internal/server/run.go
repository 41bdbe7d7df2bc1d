package server

import (
	"context"
	"fmt"
	"net"
	"sync/atomic"

	"charm.land/lipgloss/v2"
	"charm.land/log/v2"

	"tutord/internal/config"
	"tutord/internal/hostkey"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
	"tutord/internal/metrics"
	"tutord/internal/session"
)

// Run builds the server from cfg and runs it until ctx is cancelled. ready, if not nil, receives the listening
// address (tests use port 0). With -metrics on port 0, cfg.Site.Metrics is set to the
// address actually bound before ready is sent. opts are for tests.
func Run(ctx context.Context, cfg *config.Config, logger *log.Logger, ready chan<- net.Addr, opts ...Option) error {
	catalog, err := loadCatalog(cfg)
	if err != nil {
		return err
	}
	signer, created, err := hostkey.LoadOrCreate(cfg.HostKey)
	if err != nil {
		return err
	}
	if created {
		logger.Info("created a new host key", "path", cfg.HostKey)
	}
	teacherKeys, err := loadTeacherKeys(cfg.Classroom.TeacherKeys)
	if err != nil {
		return err
	}
	rooms := newRooms(cfg, logger)
	defer rooms.Close()
	shared := &session.Shared{
		Catalog:  catalog,
		Markdown: markdown.New(512, cfg.Site.Accent),
		Brand:    brand(cfg.Site),
		Rooms:    rooms,
	}
	srv := New(cfg, shared, signer, logger, opts...)
	srv.teacherKeys = teacherKeys

	var m *metrics.Metrics
	var mln net.Listener
	if cfg.Site.Metrics != "" {
		if mln, err = metrics.Listen(cfg.Site.Metrics); err != nil {
			return err
		}
		defer mln.Close()
		cfg.Site.Metrics = mln.Addr().String()
		m = metrics.New(metrics.Options{Active: srv.Active, Total: srv.Total, Lessons: courseIDs(catalog)})
		shared.Events = m
		srv.UseMetrics(m)
		m.CountRooms(rooms.Rooms)
	}
	if cfg.Perf.PprofListen != "" {
		stop, err := servePprof(cfg.Perf.PprofListen, logger)
		if err != nil {
			return err
		}
		defer stop()
	}

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("-listen %s: %w", cfg.Listen, err)
	}
	logger.Info("tutord listening", "addr", ln.Addr().String(), "host_key", hostkey.Fingerprint(signer),
		"lessons", catalog.Len(), "connect", cfg.ConnectHint())

	var listening atomic.Bool
	listening.Store(true)
	mctx, stopMetrics := context.WithCancel(context.Background())
	mdone := make(chan error, 1)
	if m != nil {
		go func() {
			mdone <- metrics.Serve(mctx, mln, m.Handler(func() bool { return listening.Load() && srv.Ready() }))
		}()
		logger.Info("metrics listening", "addr", mln.Addr().String())
	} else {
		mdone <- nil
	}
	// The metrics endpoint outlives the SSH side so /readyz can say "draining".
	defer func() {
		stopMetrics()
		if err := <-mdone; err != nil {
			logger.Warn("metrics server stopped", "err", err)
		}
	}()
	if ready != nil {
		ready <- ln.Addr()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("signal received, draining sessions", "active", srv.Active(), "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Warn("shutdown incomplete", "err", err)
	}
	listening.Store(false)
	logger.Info("tutord stopped")
	return nil
}

// loadCatalog is the built-in course, with the -lessons directory laid over it.
func loadCatalog(cfg *config.Config) (*lessons.Catalog, error) {
	var pack lessons.Pack
	if cfg.Site.Lessons != "" {
		var ps lessons.Problems
		pack, ps = lessons.LoadPackDir(cfg.Site.Lessons)
		if len(ps) > 0 {
			return nil, fmt.Errorf("-lessons %s: %d problem(s):\n%w", cfg.Site.Lessons, len(ps), ps.Err())
		}
	}
	if cfg.Site.Lessons == "" && len(cfg.Site.Hidden()) == 0 {
		return lessons.Builtin()
	}
	return lessons.WithPack(pack, cfg.Site.Hidden())
}

// brand turns the branding settings into what the screens draw.
func brand(s config.Site) session.Brand {
	b := session.Brand{Title: s.Title, Org: s.Org, Welcome: s.Welcome}
	if s.Accent != "" {
		b.Accent = lipgloss.Color(s.Accent)
	}
	return b
}
