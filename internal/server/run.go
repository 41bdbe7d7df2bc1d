package server

import (
	"context"
	"fmt"
	"net"

	"charm.land/log/v2"

	"tutord/internal/config"
	"tutord/internal/hostkey"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
	"tutord/internal/session"
)

// Run builds the server from cfg and runs it until ctx is cancelled. ready, if not nil, receives the listening
// address (tests use port 0).
func Run(ctx context.Context, cfg *config.Config, logger *log.Logger, ready chan<- net.Addr) error {
	catalog, err := lessons.Builtin()
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
	shared := &session.Shared{
		Catalog:  catalog,
		Markdown: markdown.New(512, ""),
	}
	srv := New(cfg, shared, signer, logger)
	if cfg.Perf.PprofListen != "" {
		stop, err := servePprof(cfg.Perf.PprofListen, logger)
		if err != nil {
			return err
		}
		defer stop()
	}

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	logger.Info("tutord listening", "addr", ln.Addr().String(), "host_key", hostkey.Fingerprint(signer),
		"lessons", catalog.Len(), "connect", cfg.ConnectHint())
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
	logger.Info("tutord stopped")
	return nil
}
