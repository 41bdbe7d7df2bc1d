package server

import (
	"fmt"
	"time"

	"charm.land/lipgloss/v2"
	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/buildinfo"
	"tutord/internal/classroom"
	"tutord/internal/config"
	"tutord/internal/experiment"
	"tutord/internal/fleet"
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
	return loadDepsWith(cfg, logger, depHooks{limits: clock})
}

// depHooks are what tests change in the dependencies (export_test.go); zero values are
// what a real server uses.
type depHooks struct {
	limits limits.Clock    // the admission gate's clock
	rooms  classroom.Clock // the classrooms' clock (grace periods, heartbeats)
	// reconnectWait is the pause between NATS reconnection attempts (nats.go's default if 0).
	reconnectWait time.Duration
}

func loadDepsWith(cfg *config.Config, logger *log.Logger, h depHooks) (Deps, error) {
	catalog, err := loadCatalog(cfg)
	if err != nil {
		return Deps{}, err
	}
	keys, err := hostkey.LoadAll(cfg.HostKeys())
	if err != nil {
		return Deps{}, err
	}
	// The server's own key, not a client's: its path and fingerprint say which key
	// learners see (and whether it was just made, so a changed fingerprint is explained).
	var next []gossh.Signer
	for i, k := range keys {
		use := "in use"
		if i > 0 {
			use = "announced for rotation"
			next = append(next, k.Signer)
		}
		logger.Info("host key", "path", k.Path, "fingerprint", hostkey.Fingerprint(k.Signer), "created", k.Created, "role", use)
	}
	teachers, err := LoadTeacherKeys(cfg.Classroom.TeacherKeys)
	if err != nil {
		return Deps{}, err
	}
	var fl *fleet.Fleet
	if f := cfg.Fleet; f.NATS != "" {
		fl, err = fleet.Connect(fleet.Options{URL: f.NATS, Creds: f.NATSCreds, CA: f.NATSCA, Cert: f.NATSCert, Key: f.NATSKey, Prefix: f.NATSPrefix, ReconnectWait: h.reconnectWait})
		if err != nil {
			return Deps{}, fmt.Errorf("-nats: %w", err)
		}
		logger.Info("classrooms shared over NATS")
	}
	d := Deps{
		Catalog:      catalog,
		HostKey:      keys[0].Signer,
		NextHostKeys: next,
		TeacherKeys:  teachers,
		Rooms:        newRooms(cfg, logger, catalog, fl, h.rooms),
		Fleet:        fl,
		Experiments:  experiment.New(experiment.Config{}),
		Gate:         newGate(cfg.Limits, h.limits),
		Sessions:     &Sessions{},
		Log:          logger,
	}
	if cfg.Site.Metrics != "" {
		d.Metrics = metrics.New(metrics.Options{
			Active: d.Sessions.Active, Total: d.Sessions.Total, Rooms: d.Rooms.Rooms,
			Evictions: d.Gate.Evictions, Penalties: d.Gate.Penalties, RefusalReasons: RefusalReasons(),
			Lessons: courseIDs(catalog), Build: build(),
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
	if d.Fleet != nil {
		d.Fleet.Close() // after the rooms: their last messages say they ended
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

// build is the binary's version for tutord_build_info.
func build() metrics.Build {
	b := buildinfo.Read()
	return metrics.Build{Version: b.Version, Revision: b.Revision, GoVersion: b.GoVersion}
}

// newRooms makes the classroom registry from the settings. It logs events and counts only.
func newRooms(cfg *config.Config, logger *log.Logger, catalog *lessons.Catalog, fl *fleet.Fleet, clock classroom.Clock) *classroom.Registry {
	c := cfg.Classroom
	var tr classroom.Transport
	if fl != nil { // a nil *Fleet in the interface would not be a nil Transport
		tr = fl
	}
	return classroom.NewRegistry(classroom.Config{
		Transport:   tr,
		Lesson:      func(id string) *lessons.Lesson { return catalog.Lesson(lessons.BaseLang, id) },
		MaxStudents: c.MaxStudents,
		MaxRooms:    c.MaxRooms,
		JoinRate:    c.JoinRate,
		Grace:       c.Grace,
		MaxAge:      c.MaxDuration,
		Heartbeat:   cfg.Fleet.Heartbeat,
		Clock:       clock,
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
