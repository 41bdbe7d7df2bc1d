package limits

// Eviction: when the handshake slots (max-startups) or the connection slots
// (max-sessions) are full, the gate makes room for a newcomer by closing a connection that
// is getting nowhere, instead of refusing the newcomer. A siege of silent connections,
// each reopened the moment it is dropped, then only ever replaces itself; a learner's
// connection, which sends its version line at once and keeps talking, is not touched.
//
// The order, first that applies:
//  1. the oldest connection that has not sent its SSH version line (Silent): a real
//     client sends it on connecting, so the oldest silent one is the one least likely to
//     be anybody. Bytes that arrived but were not read yet count as sent (SetWaiting): a
//     newcomer whose line waits for the server's handshake goroutine is not silent;
//  2. a connection past its version line that has sent nothing for stallAfter, in the key
//     exchange or login (Stalled): from the source holding most of those, its oldest.
//
// A connection that logged in is never evicted, nor one that sent something within
// stallAfter: when only those fill the slots, the newcomer is refused (busy or full).

import (
	"sync/atomic"
	"time"
)

// stallAfter is how long a connection past its version line must have sent nothing to be
// evicted as stalled. Longer than any pause a client makes on its own (a key exchange
// round trip over Tor takes well under a second); a client waiting for its user (a host
// key prompt) can be evicted when nothing else can go, and gets in on its next try.
const stallAfter = 2 * time.Second

// Stage is how far an evicted connection had come.
type Stage int

// The stages, in the order connections are evicted.
const (
	Silent  Stage = iota // no SSH version line yet
	Stalled              // past the version line, then nothing for stallAfter
	numStages
)

// Stages lists the eviction stages, for reports: a new slice each call.
func Stages() []Stage { return []Stage{Silent, Stalled} }

func (s Stage) String() string {
	switch s {
	case Silent:
		return "silent"
	case Stalled:
		return "stalled"
	}
	return "unknown"
}

// progress is what a connection has sent: written by the goroutine reading it (Saw),
// read by the gate when it looks for a connection to evict.
type progress struct {
	version  atomic.Bool  // the SSH version line arrived
	lastRead atomic.Int64 // when bytes last arrived, Unix nanoseconds; 0: never
	done     atomic.Bool  // logged in: nothing more to note

	// The line being read before the version line; only the reading goroutine uses it.
	lineLen int
	lineSSH bool // the line so far starts like "SSH-"

	stage   Stage       // why it was evicted; under g.mu
	waiting func() bool // bytes arrived that nobody read yet (SetWaiting); under g.mu
}

// Saw notes bytes the connection sent. Call it from the connection's one reader, with
// what each Read returned.
func (t *Ticket) Saw(p []byte) {
	if t == nil || len(p) == 0 || t.done.Load() {
		return
	}
	t.lastRead.Store(t.g.clock.Now().UnixNano())
	if t.version.Load() {
		return
	}
	const prefix = "SSH-"
	for _, b := range p {
		if b == '\n' {
			// Lines before the version line are allowed (RFC 4253, 4.2); only "SSH-" counts.
			if t.lineSSH && t.lineLen >= len(prefix) {
				t.version.Store(true)
				return
			}
			t.lineLen, t.lineSSH = 0, false
			continue
		}
		if t.lineLen == 0 {
			t.lineSSH = true
		}
		if t.lineLen < len(prefix) && b != prefix[t.lineLen] {
			t.lineSSH = false
		}
		t.lineLen++
	}
}

// SetWaiting gives the gate a way to see bytes that reached the connection but were not
// read yet: a newcomer whose version line waits in the kernel for the handshake goroutine
// is not silent. nil: only what was read counts.
func (t *Ticket) SetWaiting(f func() bool) {
	if t == nil {
		return
	}
	t.g.mu.Lock()
	t.waiting = f
	t.g.mu.Unlock()
}

// OnEvict sets what closes the connection when the gate evicts it. If it was evicted
// already (between Admit and this call), close runs at once.
func (t *Ticket) OnEvict(close func(Stage)) {
	if t == nil {
		return
	}
	t.g.mu.Lock()
	evicted, stage := t.evicted, t.stage
	if !evicted {
		t.closer = close
	}
	t.g.mu.Unlock()
	if evicted {
		close(stage)
	}
}

// Evicted reports whether the gate evicted the connection.
func (t *Ticket) Evicted() bool {
	if t == nil {
		return false
	}
	t.g.mu.Lock()
	defer t.g.mu.Unlock()
	return t.evicted
}

// stalled reports whether t, past its version line, has sent nothing for stallAfter.
func (t *Ticket) stalled(now time.Time) bool {
	last := t.since
	if n := t.lastRead.Load(); n != 0 {
		last = time.Unix(0, n)
	}
	return now.Sub(last) >= stallAfter
}

// evict picks a connection to make room for a newcomer, gives its place back and marks it
// evicted; the caller closes it (t.closer) after unlocking. nil: nothing may go. Called
// with g.mu held; it looks at the tickets in the handshake only, at most max-startups.
func (g *Gate) evict(now time.Time) *Ticket {
	victim, stage := g.silentVictim(), Silent
	if victim == nil {
		victim, stage = g.stalledVictim(now), Stalled
	}
	if victim == nil {
		return nil
	}
	g.offend(victim, penaltySilent, now)
	g.drop(victim)
	victim.evicted, victim.stage = true, stage
	g.evicted[stage].Add(1)
	return victim
}

func (g *Gate) silentVictim() *Ticket {
	for e := g.handshakes.Front(); e != nil; e = e.Next() {
		if t := e.Value.(*Ticket); !t.version.Load() && (t.waiting == nil || !t.waiting()) {
			return t
		}
	}
	return nil
}

func (g *Gate) stalledVictim(now time.Time) *Ticket {
	var counts map[Source]int
	for e := g.handshakes.Front(); e != nil; e = e.Next() {
		if t := e.Value.(*Ticket); t.stalled(now) {
			if counts == nil {
				counts = map[Source]int{}
			}
			counts[t.key]++
		}
	}
	var best *Ticket
	for e := g.handshakes.Front(); e != nil; e = e.Next() { // oldest first: ties go to the oldest
		t := e.Value.(*Ticket)
		if counts[t.key] > 0 && t.stalled(now) && (best == nil || counts[t.key] > counts[best.key]) {
			best = t
		}
	}
	return best
}

// Evictions returns how many connections were evicted, by stage, since the start.
func (g *Gate) Evictions() map[string]uint64 {
	m := make(map[string]uint64, numStages)
	for _, s := range Stages() {
		m[s.String()] = g.evicted[s].Load()
	}
	return m
}
