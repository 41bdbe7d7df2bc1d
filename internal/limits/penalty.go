package limits

// Penalties, after OpenSSH's PerSourcePenalties: a source whose connections keep getting
// nowhere (evicted for silence, closed by the login grace, or ending before they logged
// in) is refused for a while, longer each time it goes on, and forgotten once it stops.
//
// Each such connection adds to the source's pending penalty, which drains in real time:
// penaltySilent for one evicted or timed out, penaltyFailed for one that ended before
// logging in. When the pending penalty reaches penaltyMin, the source is refused for
// penaltyMin, then twice as long each further time (up to penaltyMax). A source with no
// offence for penaltyForget after its last refusal ended starts again from nothing, and
// its entry goes at the next sweep (one that was never refused, as soon as nothing is
// pending). Like the rest of the per-source state it is kept in
// memory only, under the keyed hash of the address (an IPv6 /64 counts as one), and never
// logged or exported: metrics count penalties, not sources.

import "time"

const (
	penaltySilent = 5 * time.Second  // evicted for silence or stalling, or closed by the login grace
	penaltyFailed = 2 * time.Second  // ended before logging in (handshake failed, client gave up)
	penaltyMin    = 15 * time.Second // pending penalty at which the source is refused; the first refusal's length
	penaltyMax    = 10 * time.Minute // the longest refusal
	penaltyForget = 10 * time.Minute // no offence for this long after the last refusal: forgotten
)

// penalty is one source's record.
type penalty struct {
	pending time.Time // offences push it forward; it drains as time passes (before now: none)
	until   time.Time // refused until then
	rounds  int       // refusals so far, while it went on
	last    time.Time // the last offence
}

// refused reports whether the source is refused at now.
func (p *penalty) refused(now time.Time) bool { return now.Before(p.until) }

// quiet is the time the source's record has been quiet at now: since its last offence or
// the end of its last refusal, whichever is later.
func (p *penalty) quiet(now time.Time) time.Duration {
	last := p.last
	if p.until.After(last) {
		last = p.until
	}
	return now.Sub(last)
}

// offend adds an offence of weight w at now; true when the source's refusal begins.
func (p *penalty) offend(now time.Time, w time.Duration) bool {
	if p.refused(now) {
		return false // a connection admitted before the refusal began: it is paid for
	}
	if p.quiet(now) >= penaltyForget {
		p.rounds = 0
	}
	if p.pending.Before(now) {
		p.pending = now
	}
	p.pending = p.pending.Add(w)
	p.last = now
	if p.pending.Sub(now) < penaltyMin {
		return false
	}
	d := penaltyMax
	if p.rounds < 16 && penaltyMin<<p.rounds < penaltyMax {
		d = penaltyMin << p.rounds
	}
	p.until, p.pending = now.Add(d), now
	p.rounds++
	return true
}

// forgettable reports whether nothing in the record matters any more at now: no refusal
// and no pending penalty, and no refusal to lengthen next time (or quiet for long enough).
func (p *penalty) forgettable(now time.Time) bool {
	return !p.refused(now) && !p.pending.After(now) && (p.rounds == 0 || p.quiet(now) >= penaltyForget)
}

// offend records an offence against t's source, once per connection. Called with g.mu held.
func (g *Gate) offend(t *Ticket, w time.Duration, now time.Time) {
	if !g.penalties || t.offended || !t.tracked {
		return
	}
	t.offended = true
	if e := g.sources[t.key]; e != nil && e.pen.offend(now, w) {
		g.penalized.Add(1)
	}
}

// TimedOut records that the connection is being closed by the login grace: it counts as
// silence, not as a failed handshake, when it is released.
func (t *Ticket) TimedOut() {
	if t == nil {
		return
	}
	t.g.mu.Lock()
	t.timedOut = true
	t.g.mu.Unlock()
}

// Penalties returns how many times a source began to be refused for its connections
// getting nowhere, since the start.
func (g *Gate) Penalties() uint64 { return g.penalized.Load() }
