// Package limits keeps tutord serving everyone while some clients connect too often, too
// slowly or too much. A Gate decides which connections to admit before any SSH work is
// done; Input, StallWriter and Watchdog bound what one session may cost.
//
// The only state kept about clients is the Gate's per-source counters. They are keyed by a
// keyed hash of the source address (the key is made at start and never leaves the
// process), expire within minutes of the source's last connection, and are never logged or
// exported. Everything else here is counts.
package limits

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"tutord/internal/config"
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
	numReasons
)

// Reasons lists the refusal reasons, for reports.
var Reasons = []Reason{Busy, Full, SourceRate, SourceConns}

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

// srcKey is a keyed hash of a source address; the address itself is never stored.
type srcKey [16]byte

type source struct {
	conns  int
	tokens float64   // token bucket for new connections; capacity and refill per minute = perRate
	at     time.Time // when tokens was last brought up to date
}

// Gate admits or refuses connections. Its checks are a few map operations under one
// mutex: cheap enough to run for every TCP connection before anything else.
type Gate struct {
	maxConns, maxStartups int
	perConns, perRate     int
	key                   []byte
	now                   func() time.Time

	mu       sync.Mutex
	conns    int // admitted and not yet closed
	starting int // admitted and not yet logged in
	sources  map[srcKey]*source
	sweep    *time.Timer // armed only while sources has entries
	closed   bool

	refused [numReasons]atomic.Uint64
}

// NewGate returns a gate for the settings in cfg, with a fresh random key for the
// per-source hashes.
func NewGate(cfg config.Limits) *Gate {
	return newGate(cfg, time.Now)
}

func newGate(cfg config.Limits, now func() time.Time) *Gate {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		// crypto/rand does not fail on supported platforms; a constant key would only
		// weaken the hashing, never expose addresses, but stop rather than pretend.
		panic("limits: no randomness for the source key: " + err.Error())
	}
	return &Gate{
		maxConns:    cfg.MaxSessions,
		maxStartups: cfg.MaxStartups,
		perConns:    cfg.PerSourceConns,
		perRate:     cfg.PerSourceRate,
		key:         key,
		now:         now,
		sources:     map[srcKey]*source{},
	}
}

// Ticket is one admitted connection's place in the limits. Release it when the connection
// closes; call Started once it has logged in.
type Ticket struct {
	g        *Gate
	key      srcKey
	tracked  bool // has a per-source entry
	mu       sync.Mutex
	starting bool
	released bool
}

// Admit decides whether a connection from addr may go on to the SSH handshake.
func (g *Gate) Admit(addr net.Addr) (*Ticket, Reason) {
	tracked := g.perConns > 0 || g.perRate > 0
	var key srcKey
	if tracked {
		key = g.keyOf(addr) // hashing outside the lock
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil, g.refuse(Full)
	}
	if g.starting >= g.maxStartups {
		return nil, g.refuse(Busy)
	}
	if g.conns >= g.maxConns {
		return nil, g.refuse(Full)
	}
	if tracked {
		now := g.now()
		e := g.sources[key]
		if e == nil {
			if len(g.sources) >= maxSources {
				return nil, g.refuse(Busy)
			}
			e = &source{tokens: float64(g.perRate), at: now}
			g.sources[key] = e
			g.armSweep()
		}
		if g.perRate > 0 {
			g.refill(e, now)
			if e.tokens < 1 {
				return nil, g.refuse(SourceRate)
			}
			e.tokens-- // every admitted attempt counts, even one refused below
		}
		if g.perConns > 0 && e.conns >= g.perConns {
			return nil, g.refuse(SourceConns)
		}
		e.conns++
	}
	g.conns++
	g.starting++
	return &Ticket{g: g, key: key, tracked: tracked, starting: true}, Admitted
}

func (g *Gate) refuse(r Reason) Reason {
	g.refused[r].Add(1)
	return r
}

// Started records that the connection has logged in: it no longer counts against
// max-startups.
func (t *Ticket) Started() {
	if t == nil {
		return
	}
	t.mu.Lock()
	was := t.starting
	t.starting = false
	t.mu.Unlock()
	if was {
		g := t.g
		g.mu.Lock()
		g.starting--
		g.mu.Unlock()
	}
}

// Starting reports whether the connection has not logged in yet.
func (t *Ticket) Starting() bool {
	if t == nil {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.starting
}

// Release gives the connection's place back. It is safe to call more than once.
func (t *Ticket) Release() {
	if t == nil {
		return
	}
	t.mu.Lock()
	if t.released {
		t.mu.Unlock()
		return
	}
	t.released = true
	starting := t.starting
	t.starting = false
	t.mu.Unlock()

	g := t.g
	g.mu.Lock()
	defer g.mu.Unlock()
	g.conns--
	if starting {
		g.starting--
	}
	if t.tracked {
		if e := g.sources[t.key]; e != nil {
			e.conns--
			if e.conns <= 0 && g.perRate == 0 {
				delete(g.sources, t.key) // nothing left to remember
			}
		}
	}
}

// refill brings e's token bucket up to date: perRate tokens per minute, at most perRate.
func (g *Gate) refill(e *source, now time.Time) {
	if el := now.Sub(e.at); el > 0 {
		e.tokens = min(float64(g.perRate), e.tokens+el.Minutes()*float64(g.perRate))
	}
	e.at = now
}

// armSweep makes sure a sweep is due while the table has entries. Called with g.mu held.
func (g *Gate) armSweep() {
	// A pending sweep (or one waiting for the lock) sees the new entry anyway.
	if g.sweep == nil {
		g.sweep = time.AfterFunc(sweepEvery, g.sweepNow)
	}
}

// sweepNow forgets every source with no open connection and a full bucket, then re-arms
// the timer only if some remain: an idle server holds no timer.
func (g *Gate) sweepNow() {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	for k, e := range g.sources {
		if e.conns > 0 {
			continue
		}
		if g.perRate > 0 {
			g.refill(e, now)
			if e.tokens < float64(g.perRate) {
				continue
			}
		}
		delete(g.sources, k)
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
	m := make(map[string]uint64, len(Reasons))
	for _, r := range Reasons {
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

// keyOf hashes the source of addr with the gate's key. IPv4 addresses count one by one;
// IPv6 addresses by their /64, the block one machine usually has to itself.
func (g *Gate) keyOf(addr net.Addr) srcKey {
	var b []byte
	if ap, err := netip.ParseAddrPort(addr.String()); err == nil {
		ip := ap.Addr().Unmap()
		if ip.Is4() {
			a := ip.As4()
			b = a[:]
		} else {
			a := ip.As16()
			b = a[:8]
		}
	} else {
		b = []byte(addr.Network() + " " + addr.String())
	}
	mac := hmac.New(sha256.New, g.key)
	mac.Write(b)
	var k srcKey
	copy(k[:], mac.Sum(nil))
	return k
}
