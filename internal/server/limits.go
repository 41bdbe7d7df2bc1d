package server

// The server's share of limits state: the admission gate, refusal messages, the counts of
// what the limits did, and the connections and windows held now. Session-level limits are
// in guard.go.

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/log/v2"
	"charm.land/ssh"

	"tutord/internal/i18n"
	"tutord/internal/limits"
)

const (
	// endGrace is how long a program has to quit after a limit ended its session before
	// the connection is dropped under it.
	endGrace = 5 * time.Second
	// refusalLinger bounds how long a refused connection is kept half-closed so the client
	// can read why (see limits.Refuser), and maxLingering how many at once.
	refusalLinger = 2 * time.Second
	maxLingering  = 64
)

// limitState is what the limits hold. It is embedded in Server.
type limitState struct {
	gate     *limits.Gate
	refuser  *limits.Refuser
	refusals map[limits.Reason][]byte
	// events counts what the limits did (refusals, timeouts, stalls) and logs the counts
	// at most once a minute: events and counts, never who.
	events *limits.Tally

	connMu sync.Mutex
	conns  map[*connState]struct{} // open connections (conn.go)

	openWindows atomic.Int64 // sessions' terminals open now (pty.go)
}

// newLimitState makes the limits state around gate; version is the identification line
// a refused client reads the refusal after.
func newLimitState(gate *limits.Gate, version string, logger *log.Logger) limitState {
	return limitState{
		gate:    gate,
		refuser: limits.NewRefuser(maxLingering, refusalLinger),
		refusals: map[limits.Reason][]byte{
			limits.Full:        limits.Refusal(version, allLangs(func(t *i18n.Text) string { return t.LimitFull })),
			limits.Busy:        limits.Refusal(version, allLangs(func(t *i18n.Text) string { return t.LimitBusy })),
			limits.SourceConns: limits.Refusal(version, allLangs(func(t *i18n.Text) string { return t.LimitSourceConns })),
			limits.SourceRate:  limits.Refusal(version, allLangs(func(t *i18n.Text) string { return t.LimitSourceRate })),
			limits.Penalized:   limits.Refusal(version, allLangs(func(t *i18n.Text) string { return t.LimitPenalized })),
		},
		events: limits.NewTally(time.Minute, func(counts map[string]int) {
			kv := make([]any, 0, 2*len(counts))
			names := make([]string, 0, len(counts))
			for n := range counts {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				kv = append(kv, n, counts[n])
			}
			logger.Info("limit events", kv...) // counts since the last report, a minute at most
		}, nil),
		conns: map[*connState]struct{}{},
	}
}

// allLangs joins a string in every language, for messages sent before the client's
// language is known.
func allLangs(f func(*i18n.Text) string) string {
	parts := make([]string, 0, len(i18n.Langs()))
	for _, l := range i18n.Langs() {
		parts = append(parts, f(i18n.For(l)))
	}
	return "tutord: " + strings.Join(parts, " / ")
}

// bound drops the session's connection if the caller has not called the returned stop
// within the write timeout: for short commands, whose only way to hang is a client that
// takes no output.
func (s *Server) bound(sess ssh.Session) (stop func()) {
	cs := connStateOf(sess.Context())
	t := time.AfterFunc(s.cfg.Limits.WriteTimeout, func() {
		s.events.Add("output_stalled")
		cs.close()
	})
	return func() { t.Stop() }
}

// LimitStats are the counts of connections refused, by reason, and the gate's state now,
// for metrics. They never say which client.
func (s *Server) LimitStats() (refused map[string]uint64, conns, starting int) {
	conns, starting, _ = s.gate.Load()
	return s.gate.Refused(), conns, starting
}

// Evictions are how many connections the gate evicted to make room for newcomers, by
// stage ("silent", "stalled"). They never say which client.
func (s *Server) Evictions() map[string]uint64 { return s.gate.Evictions() }

// Penalties is how many times a source began to be refused for its connections getting
// nowhere. It never says which.
func (s *Server) Penalties() uint64 { return s.gate.Penalties() }

// countRefused counts a refused connection or session under a fixed reason word
// ("server_full", "rate_limited", ...). It does nothing when metrics are off.
func (s *Server) countRefused(reason string) { s.metrics.Refused(reason) }
