package server

import (
	"fmt"

	"charm.land/lipgloss/v2"
	"charm.land/log/v2"

	"tutord/internal/classroom"
	"tutord/internal/config"
	"tutord/internal/hostkey"
	"tutord/internal/lessons"
	"tutord/internal/limits"
	"tutord/internal/metrics"
	"tutord/internal/session"
)

// LoadDeps builds the server's dependencies from the settings: the course, the host key,
// the teacher keys, the classroom rooms, the admission gate and the metrics. Close them
// (Deps.Close) after the server stopped. Nothing here listens yet.
func LoadDeps(cfg *config.Config, logger *log.Logger) (Deps, error) {
	return loadDeps(cfg, logger, nil)
}

// loadDeps is LoadDeps with the clock the limits read (nil: the system's).
func loadDeps(cfg *config.Config, logger *log.Logger, clock limits.Clock) (Deps, error) {
	catalog, err := loadCatalog(cfg)
	if err != nil {
		return Deps{}, err
	}
	signer, created, err := hostkey.LoadOrCreate(cfg.HostKey)
	if err != nil {
		return Deps{}, err
	}
	if created {
		logger.Info("created a new host key", "path", cfg.HostKey)
	}
	teachers, err := LoadTeacherKeys(cfg.Classroom.TeacherKeys)
	if err != nil {
		return Deps{}, err
	}
	d := Deps{
		Catalog:     catalog,
		HostKey:     signer,
		TeacherKeys: teachers,
		Rooms:       newRooms(cfg, logger),
		Gate:        newGate(cfg.Limits, clock),
		Sessions:    &Sessions{},
		Log:         logger,
	}
	if cfg.Site.Metrics != "" {
		d.Metrics = metrics.New(metrics.Options{
			Active: d.Sessions.Active, Total: d.Sessions.Total, Rooms: d.Rooms.Rooms,
			Evictions: d.Gate.Evictions, Penalties: d.Gate.Penalties, RefusalReasons: refusalReasons(),
			Lessons: courseIDs(catalog),
		})
	}
	return d, nil
}

// Close stops what the dependencies run on their own (the gate's source sweep, the rooms'
// timers).
func (d Deps) Close() {
	if d.Gate != nil {
		d.Gate.Close()
	}
	if d.Rooms != nil {
		d.Rooms.Close()
	}
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

// newRooms makes the classroom registry from the settings. It logs events and counts only.
func newRooms(cfg *config.Config, logger *log.Logger) *classroom.Registry {
	c := cfg.Classroom
	return classroom.NewRegistry(classroom.Config{
		MaxStudents: c.MaxStudents,
		MaxRooms:    c.MaxRooms,
		JoinRate:    c.JoinRate,
		Grace:       c.Grace,
		MaxAge:      c.MaxDuration,
		Log:         logger,
	})
}

// courseIDs lists each lesson id with its question ids: the label values metrics allow.
func courseIDs(c *lessons.Catalog) map[string][]string {
	out := map[string][]string{}
	for _, l := range c.Lessons(lessons.BaseLang) {
		var qs []string
		for _, q := range l.Quiz.Questions {
			qs = append(qs, q.ID)
		}
		out[l.ID] = qs
	}
	return out
}

// brand turns the branding settings into what the screens draw.
func brand(s config.Site) session.Brand {
	b := session.Brand{Title: s.Title, Org: s.Org, Welcome: s.Welcome}
	if s.Accent != "" {
		b.Accent = lipgloss.Color(s.Accent)
	}
	return b
}

// newGate is the admission gate for the settings' limits; a nil clock is the system's.
func newGate(lc config.Limits, clock limits.Clock) *limits.Gate {
	return limits.NewGate(limits.GateOptions{
		Clock:          clock,
		MaxConns:       lc.MaxSessions,
		MaxStartups:    lc.MaxStartups,
		PerSourceConns: lc.PerSourceConns,
		PerSourceRate:  lc.PerSourceRate,
		Penalties:      lc.PerSourcePenalties,
	})
}

// refusalReasons are the gate's refusal reasons as the metrics label them.
func refusalReasons() []string {
	var out []string
	for _, r := range limits.Reasons() {
		out = append(out, r.String())
	}
	return out
}
