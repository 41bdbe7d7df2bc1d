package server

// Restarts that drop no learner: Drain (SIGTERM) tells every session the server restarts
// in -drain-timeout, with its resume code, and lets it go on until then; Reload (SIGHUP)
// serves new sessions a new course and branding while running ones keep theirs.

import (
	"context"
	"fmt"
	"time"

	"tutord/internal/config"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
	"tutord/internal/session"
)

// sh is what a session starting now gets: the course, branding and shared caches.
func (s *Server) sh() *session.Shared { return s.shared.Load() }

// newShared makes the shared state for a course and branding.
func (s *Server) newShared(c *lessons.Catalog, site config.Site) *session.Shared {
	sh := &session.Shared{
		Catalog:     c,
		Markdown:    markdown.New(512, site.Accent),
		Brand:       brand(site),
		Rooms:       s.rooms,
		Experiments: s.experiments,
	}
	if s.events0 != nil { // a nil *Metrics in the interface would not be a nil Events
		sh.Events = s.events0
	}
	return sh
}

// Reload loads the lessons and branding of site and serves them to sessions that start
// from now on; running sessions keep what they started with. A lesson set with problems
// is refused, and the course served stays as it was.
func (s *Server) Reload(site config.Site) error {
	cfg := s.cfg
	cfg.Site.Lessons, cfg.Site.HideLessons = site.Lessons, site.HideLessons
	cfg.Site.Title, cfg.Site.Org, cfg.Site.Welcome, cfg.Site.Accent = site.Title, site.Org, site.Welcome, site.Accent
	c, err := loadCatalog(&cfg)
	if err != nil {
		return fmt.Errorf("reload refused, the course served is unchanged: %w", err)
	}
	s.shared.Store(s.newShared(c, cfg.Site))
	s.metrics.SetLessons(courseIDs(c)) // the new lessons' series, from zero
	return nil
}

// EndNow makes a running Drain stop waiting: the sessions get their goodbye at once (a
// second SIGTERM).
func (s *Server) EndNow() { s.nowOnce.Do(func() { close(s.now) }) }

// Drain stops taking learners (/readyz turns 503 and the listener closes at once), tells
// every session that the server restarts in timeout, with its resume code, and waits
// until the sessions have ended, timeout has passed, ctx is done or EndNow is called.
// Then Shutdown says goodbye (with the resume code again) within ctx's remaining
// shutdown time. Classroom sessions get the notice too; the room ends with them.
func (s *Server) Drain(timeout time.Duration, shutdown time.Duration) error {
	s.draining.Store(true)
	s.closeConns(false)
	lctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = s.ssh.Shutdown(lctx) }() // closes the listeners at once
	n := s.broadcast(session.DrainMsg{Left: timeout})
	s.log.Info("draining", "sessions", n, "timeout", timeout)
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
wait:
	for s.Active() > 0 {
		select {
		case <-deadline.C:
			break wait
		case <-s.now:
			s.log.Info("ending now", "sessions", s.Active())
			break wait
		case <-tick.C:
		}
	}
	// Classrooms end now, everywhere at once: each session is told, as when the teacher
	// ends the class, before the goodbye.
	if s.rooms != nil {
		s.rooms.Close()
	}
	sctx, scancel := context.WithTimeout(context.Background(), shutdown)
	defer scancel()
	return s.Shutdown(sctx)
}
