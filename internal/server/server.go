// Package server runs tutord's SSH side: it lets anyone in, turns each session into either
// a plain-text command (list, help) or a bubbletea program, and shuts down cleanly. It logs
// events and counts, never who: no address, user name, key, client version or terminal.
//
// New assembles the whole server in the order a connection meets it; each step has a file
// of its own: admit (conn.go), handshake (crypto.go), authenticate (auth.go), filter
// channels and requests (requests.go, env.go, subsystem.go), PTY and window pump (pty.go),
// handler (handler.go). Run (run.go) listens, serves and drains.
package server

import (
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/anonset"
	"tutord/internal/classroom"
	"tutord/internal/config"
	"tutord/internal/experiment"
	"tutord/internal/fleet"
	"tutord/internal/lessons"
	"tutord/internal/limits"
	"tutord/internal/metrics"
	"tutord/internal/session"
)

// Deps is what the server uses and does not build itself. main builds each from the
// settings (LoadDeps) and hands them to New, which writes into none of them.
type Deps struct {
	Catalog *lessons.Catalog
	HostKey gossh.Signer
	// NextHostKeys are announced to clients (OpenSSH's hostkeys-00) but not used in the
	// handshake, so known_hosts learn them before a rotation makes one the key in use.
	NextHostKeys []gossh.Signer
	// TeacherKeys may open a classroom; nil lets anyone (-teacher-keys unset).
	TeacherKeys TeacherKeys
	Rooms       *classroom.Registry
	// Experiments hold the open two-connection experiments; nil makes a registry of its own.
	Experiments *experiment.Registry
	// Fleet shares the rooms with other replicas over NATS; nil when -nats is unset.
	Fleet *fleet.Fleet
	// Gate admits connections before any SSH work (limits on connections and sources).
	Gate *limits.Gate
	// Metrics counts events, never who; nil when metrics are off. It reads Sessions.
	Metrics  *metrics.Metrics
	Sessions *Sessions
	Log      *log.Logger
	// Programs makes each session's program; nil is termrun's (the load tool sets
	// bubbletea's own to measure against).
	Programs ProgramFunc
}

// Sessions counts sessions: running now and started since the start. Main makes it, so
// the metrics can read what the server counts without either holding the other.
type Sessions struct{ active, total atomic.Int64 }

// Active is the number of sessions running now.
func (c *Sessions) Active() int64 { return c.active.Load() }

// Total is the number of sessions started since the server started.
func (c *Sessions) Total() int64 { return c.total.Load() }

// Server is one tutord SSH server.
type Server struct {
	cfg config.Config // a copy: the server never writes into its caller's settings
	// hint is the ssh command shown to learners (config.ConnectHint); Run sets it again
	// once the listener is bound, so -listen with port 0 shows the real port.
	hint string
	// shared is what new sessions start with; Reload swaps it, and running sessions keep
	// the one they started with (drain.go).
	shared      atomic.Pointer[session.Shared]
	rooms       *classroom.Registry
	events0     *metrics.Metrics
	experiments *experiment.Registry
	now         chan struct{} // closed by EndNow
	nowOnce     sync.Once
	log         *log.Logger
	ssh         *ssh.Server
	teachers    TeacherKeys
	metrics     *metrics.Metrics // nil when metrics are off
	sessions    *Sessions
	programs    ProgramFunc // nil: termrun
	// anon holds the weak facts of the running app sessions, for "how many look like
	// you?" (internal/anonset): each session's entry goes with it.
	anon *anonset.Registry

	// live holds the running programs, so a shutdown can say goodbye to each.
	mu       sync.Mutex
	live     map[*liveSession]struct{}
	draining atomic.Bool
	// drained is closed when Shutdown starts, for sessions that are not bubbletea programs.
	drained   chan struct{}
	drainOnce sync.Once

	hostKeys   hostKeys // the host keys announced after login (hostkeys.go)
	limitState          // what the limits hold (limits.go)
	test       testHooks
}

// testHooks are set only by the test options in export_test.go; no client can reach them.
type testHooks struct {
	// wrapModel wraps every session's model (a model that panics, or records messages).
	wrapModel func(tea.Model) tea.Model
	// sendBuffer, when > 0, is the kernel send buffer of every accepted connection.
	sendBuffer int
	// capture receives the server once it is built.
	capture **Server
	// sessionClock, when set, is what the app sessions' idle and length limits read
	// (limit tests move it instead of waiting).
	sessionClock limits.Clock
	// experimentClock, when set, is the time source of the experiments (expiry tests).
	experimentClock func() time.Time
}

// Option sets a test hook on a Server built by New. None exist for production use; tests
// have theirs in export_test.go.
type Option func(*testHooks)

// New builds the server from the settings and its dependencies; it does not listen yet
// (see Run). The ssh.Server is assembled below in the order a connection goes through it.
func New(cfg config.Config, d Deps, opts ...Option) *Server {
	s := &Server{
		cfg:      cfg,
		hint:     cfg.ConnectHint(),
		log:      d.Log,
		teachers: d.TeacherKeys,
		metrics:  d.Metrics,
		sessions: d.Sessions,
		programs: d.Programs,
		anon:     anonset.New(cfg.Anonymity.K),
		live:     map[*liveSession]struct{}{},
		drained:  make(chan struct{}),
		now:      make(chan struct{}),
	}
	if s.sessions == nil {
		s.sessions = &Sessions{}
	}
	for _, o := range opts {
		o(&s.test)
	}
	s.rooms, s.events0 = d.Rooms, d.Metrics
	s.experiments = d.Experiments
	if s.experiments == nil || s.test.experimentClock != nil {
		s.experiments = experiment.New(experiment.Config{Now: s.test.experimentClock})
	}
	s.shared.Store(s.newShared(d.Catalog, cfg.Site))
	s.hostKeys = newHostKeys(append([]gossh.Signer{d.HostKey}, d.NextHostKeys...))
	const version = "tutord"
	s.limitState = newLimitState(d.Gate, "SSH-2.0-"+version, s.log)

	s.ssh = &ssh.Server{
		Version:     version,
		HostSigners: []ssh.Signer{d.HostKey},

		// 1. Admit: the first thing a TCP connection meets, before any SSH work, so a
		// server under siege spends nothing on a connection it will refuse. Admitted
		// connections get write deadlines and a login grace (conn.go).
		ConnCallback:             s.admit,
		ConnectionFailedCallback: s.handshakeFailed,

		// 2. Handshake: modern algorithms only, bounded in time and in authentication
		// attempts (crypto.go).
		HandshakeTimeout:     cfg.Limits.LoginGrace,
		ServerConfigCallback: s.serverConfig,

		// 3. Authenticate: anyone gets in; offered keys are noted for the mirror and
		// refused, except a teacher key (auth.go).
		PublicKeyHandler:           s.publicKey,
		KeyboardInteractiveHandler: func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true },
		PasswordHandler:            func(ssh.Context, string) bool { return true },

		// 4. Filter channels and requests: only session channels, at most max-channels per
		// connection, allow-listed environment, no forwarding of any kind, no global
		// requests but the host key proof, no subsystems (requests.go, env.go, subsystem.go).
		ChannelHandlers: s.channelHandlers(),
		// The one global request served: proving the host keys announced (hostkeys.go).
		RequestHandlers:   map[string]ssh.RequestHandler{hostkeysProve: s.hostKeys.prove},
		SubsystemHandlers: map[string]ssh.SubsystemHandler{"default": s.refuseSubsystem},
		// nil: every port forwarding is denied.
		LocalPortForwardingCallback:   nil,
		ReversePortForwardingCallback: nil,

		// 5. PTY and window pump: a terminal name that names no file, a size clamped and
		// coalesced, taken from charm.land/ssh by the request filter of step 4 so it is never
		// left blocked (pty.go).
		PtyCallback: func(_ ssh.Context, p ssh.Pty) bool { return validTerm(p.Term) },
		PtyHandler:  s.ptyHandler,

		// 6. Handler: a command, a line-mode quiz or the app, each with its limits
		// (handler.go, guard.go).
		Handler: s.handle,
	}
	if s.test.capture != nil {
		*s.test.capture = s
	}
	return s
}

// Active is the number of sessions running now.
func (s *Server) Active() int64 { return s.sessions.Active() }

// Total is the number of sessions started since the server started.
func (s *Server) Total() int64 { return s.sessions.Total() }

// Ready reports whether the server takes new sessions: false once it drains.
func (s *Server) Ready() bool { return !s.draining.Load() }

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
