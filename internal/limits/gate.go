// Package limits keeps tutord serving everyone while some clients connect too often, too
// slowly or too much. A Gate decides which connections to admit before any SSH work is
// done, and makes room for a newcomer by evicting a connection that is getting nowhere
// (evict.go); Input, StallWriter and Watchdog bound what one session may cost.
//
// The only state kept about clients is the Gate's per-source entries: counters and
// penalties (penalty.go). They are keyed by a keyed hash of the source address (Sources:
// the key is made at start and never leaves the process), expire within minutes of the
// source's last connection (a penalized source's within ten minutes of its last refusal),
// and are never logged or exported. Everything else here is counts.
//
// Every limit takes a Clock (nil: the system clock), so tests move time instead of
// waiting; every rate is one kind of token bucket (NewBucket).
package limits

import (
	"container/list"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Reason is why a connection was refused, or Admitted.
type Reason int

// The reasons, in the order the Gate checks them.
const (
	Admitted    Reason = iota
	Busy               // too many connections in the handshake or login (max-startups)
	Full               // too many connections (max-sessions)
	SourceRate         // too many new connections from one source (per-source-rate)
	SourceConns        // too many connections at once from one source (per-source-conns)
	Penalized          // the source's connections kept getting nowhere (penalty.go)
	numReasons
)

// Reasons lists the refusal reasons, for reports: a new slice each call, so no caller
// can change what another sees.
func Reasons() []Reason { return []Reason{Busy, Full, SourceRate, SourceConns, Penalized} }

func (r Reason) String() string {
	switch r {
	case Admitted:
		return "admitted"
	case Busy:
		return "busy"
	case Full:
		return "full"
	case SourceRate:
		return "source_rate"
	case SourceConns:
		return "source_conns"
	case Penalized:
		return "penalized"
	}
	return "unknown"
}

const (
	// maxSources bounds the per-source table. A source that would need a new entry while
	// it is full is refused as Busy: memory stays bounded, and the global caps still hold.
	maxSources = 1 << 16
	// sweepEvery is how often the table is swept while it has entries. With the token
	// bucket refilled within a minute, an entry is gone at most about two minutes after
	// its source's last connection closed.
	sweepEvery = time.Minute
)

type source struct {
	conns  int
	tokens *rate.Limiter // new connections: perRate a minute, at most perRate at once; nil when off
	pen    penalty       // penalty.go
}

// forgettable reports whether nothing about the source is worth keeping at now.
func (e *source) forgettable(now time.Time) bool {
	return e.conns <= 0 && (e.tokens == nil || BucketFull(e.tokens, now)) && e.pen.forgettable(now)
}

// GateOptions are the gate's limits. Zero per-source limits are off.
type GateOptions struct {
	MaxConns       int // connections at once (max-sessions)
	MaxStartups    int // connections not logged in yet (max-startups)
	PerSourceConns int // connections at once from one source
	PerSourceRate  int // new connections a minute from one source
	// Penalties refuses, for a while, sources whose connections keep getting nowhere
	// (penalty.go).
	Penalties bool
	Clock     Clock
}

// Gate admits or refuses connections. Its checks are a few map operations under one
// mutex: cheap enough to run for every TCP connection before anything else.
type Gate struct {
	maxConns, maxStartups int
	perConns, perRate     int
	penalties             bool
	hash                  *Sources
	clock                 Clock

	mu         sync.Mutex
	conns      int        // admitted and not yet closed
	starting   int        // admitted and not yet logged in
	handshakes *list.List // the tickets not logged in yet, oldest first (evict.go)
	sources    map[Source]*source
	sweep      Timer // armed only while sources has entries
	closed     bool

	refused   [numReasons]atomic.Uint64
	evicted   [numStages]atomic.Uint64
	penalized atomic.Uint64
}

// NewGate returns a gate with the limits in o, and a fresh random key for the per-source
// hashes.
func NewGate(o GateOptions) *Gate {
	return &Gate{
		maxConns:    o.MaxConns,
		maxStartups: o.MaxStartups,
		perConns:    o.PerSourceConns,
		perRate:     o.PerSourceRate,
		penalties:   o.Penalties,
		hash:        NewSources(),
		clock:       orSystem(o.Clock),
		sources:     map[Source]*source{},
		handshakes:  list.New(),
	}
}

// Ticket is one admitted connection's place in the limits. Release it when the connection
// closes; call Started once it has logged in.
type Ticket struct {
	g       *Gate
	key     Source
	tracked bool // has a per-source entry
	since   time.Time

	// Under g.mu.
	elem     *list.Element // in g.handshakes while starting
	starting bool
	released bool
	evicted  bool
	closer   func(Stage) // closes the connection when it is evicted (OnEvict)
	offended bool        // counted against its source once (penalty.go)
	timedOut bool        // closed by the login grace (TimedOut)

	progress // what the connection has sent (evict.go)
}

// Admit decides whether a connection from addr may go on to the SSH handshake. When the
// handshake slots or the connection slots are full, it makes room by evicting a
// connection that is getting nowhere (evict.go), and refuses only when there is none.
func (g *Gate) Admit(addr net.Addr) (*Ticket, Reason) {
	tracked := g.perConns > 0 || g.perRate > 0 || g.penalties
	key := g.hash.Of(addr) // hashing outside the lock; eviction prefers by source
	now := g.clock.Now()
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return nil, g.refuse(Full)
	}
	// Per-source checks first: an attempt they refuse must not evict anyone.
	var e *source
	if tracked {
		e = g.sources[key]
		if e == nil {
			if len(g.sources) >= maxSources {
				g.mu.Unlock()
				return nil, g.refuse(Busy)
			}
			e = &source{}
			if g.perRate > 0 {
				e.tokens = NewBucket(g.perRate, time.Minute, g.perRate)
			}
			g.sources[key] = e
			g.armSweep()
		}
		if e.pen.refused(now) {
			g.mu.Unlock()
			return nil, g.refuse(Penalized)
		}
		// Every attempt counts, even one refused below.
		if e.tokens != nil && !e.tokens.AllowN(now, 1) {
			g.mu.Unlock()
			return nil, g.refuse(SourceRate)
		}
		if g.perConns > 0 && e.conns >= g.perConns {
			g.mu.Unlock()
			return nil, g.refuse(SourceConns)
		}
	}
	var victim *Ticket
	if g.starting >= g.maxStartups || g.conns >= g.maxConns {
		full := g.conns >= g.maxConns && g.starting < g.maxStartups
		victim = g.evict(now)
		if victim == nil {
			g.mu.Unlock()
			if full {
				return nil, g.refuse(Full)
			}
			return nil, g.refuse(Busy)
		}
	}
	if e != nil {
		e.conns++
	}
	g.conns++
	g.starting++
	t := &Ticket{g: g, key: key, tracked: tracked, since: now, starting: true}
	t.elem = g.handshakes.PushBack(t)
	var closeVictim func(Stage)
	var stage Stage
	if victim != nil {
		closeVictim, stage = victim.closer, victim.stage
	}
	g.mu.Unlock()
	if closeVictim != nil {
		closeVictim(stage)
	}
	return t, Admitted
}

func (g *Gate) refuse(r Reason) Reason {
	g.refused[r].Add(1)
	return r
}

// Started records that the connection has logged in: it no longer counts against
// max-startups, and is never evicted.
func (t *Ticket) Started() {
	if t == nil {
		return
	}
	g := t.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.starting && !t.released {
		t.starting = false
		g.starting--
		g.handshakes.Remove(t.elem)
	}
	t.progress.done.Store(true)
}

// Starting reports whether the connection has not logged in yet.
func (t *Ticket) Starting() bool {
	if t == nil {
		return false
	}
	t.g.mu.Lock()
	defer t.g.mu.Unlock()
	return t.starting && !t.released
}

// Release gives the connection's place back. It is safe to call more than once, and
// after the connection was evicted (which gave its place back already).
func (t *Ticket) Release() {
	if t == nil {
		return
	}
	g := t.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.starting && !t.released {
		// It ended before logging in: timed out by the login grace, or gave up or failed.
		w := penaltyFailed
		if t.timedOut {
			w = penaltySilent
		}
		g.offend(t, w, g.clock.Now())
	}
	g.drop(t)
}

// drop gives t's place back, once. Called with g.mu held.
func (g *Gate) drop(t *Ticket) {
	if t.released {
		return
	}
	t.released = true
	g.conns--
	if t.starting {
		t.starting = false
		g.starting--
		g.handshakes.Remove(t.elem)
	}
	if t.tracked {
		if e := g.sources[t.key]; e != nil {
			e.conns--
			if g.perRate == 0 && e.forgettable(g.clock.Now()) { // else the sweep forgets it
				delete(g.sources, t.key) // nothing left to remember
			}
		}
	}
}

// armSweep makes sure a sweep is due while the table has entries. Called with g.mu held.
func (g *Gate) armSweep() {
	// A pending sweep (or one waiting for the lock) sees the new entry anyway.
	if g.sweep == nil {
		g.sweep = g.clock.AfterFunc(sweepEvery, g.sweepNow)
	}
}

// sweepNow forgets every source with no open connection and a full bucket, then re-arms
// the timer only if some remain: an idle server holds no timer.
func (g *Gate) sweepNow() {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.clock.Now()
	for k, e := range g.sources {
		if e.forgettable(now) {
			delete(g.sources, k)
		}
	}
	if len(g.sources) > 0 && !g.closed {
		g.sweep.Reset(sweepEvery)
	} else {
		g.sweep = nil
	}
}

// Close forgets every source and stops the sweep; later connections are refused.
func (g *Gate) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
	if g.sweep != nil {
		g.sweep.Stop()
		g.sweep = nil
	}
	clear(g.sources)
}

// Refused returns how many connections were refused, by reason, since the start.
func (g *Gate) Refused() map[string]uint64 {
	m := make(map[string]uint64, numReasons)
	for _, r := range Reasons() {
		m[r.String()] = g.refused[r].Load()
	}
	return m
}

// Load is the gate's current state: connections open, connections not logged in yet, and
// sources remembered. For tests and metrics; it says nothing about which sources.
func (g *Gate) Load() (conns, starting, sources int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.conns, g.starting, len(g.sources)
}
