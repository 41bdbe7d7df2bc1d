package classroom

import (
	"sync"
	"time"
)

// limiter counts wrong codes per source with a token bucket: rate tokens per window, one
// spent per wrong code. Successful joins cost nothing, so a whole class behind one school
// address can join at once, while guessing is slow. Entries expire once their bucket is full
// again, so the state is ephemeral.
type limiter struct {
	mu     sync.Mutex
	rate   float64 // tokens per window
	window time.Duration
	max    int
	now    func() time.Time
	m      map[Source]*bucket
	sweep  time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(rate int, window time.Duration, max int, now func() time.Time) *limiter {
	return &limiter{rate: float64(rate), window: window, max: max, now: now, m: map[Source]*bucket{}}
}

// refill brings b up to date and reports whether it is full (and so may be forgotten).
func (l *limiter) refill(b *bucket, now time.Time) bool {
	if el := now.Sub(b.at); el > 0 {
		b.tokens = min(l.rate, b.tokens+l.rate*float64(el)/float64(l.window))
		b.at = now
	}
	return b.tokens >= l.rate
}

// allow reports whether src may try a code now.
func (l *limiter) allow(src Source) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.m[src]
	if b == nil {
		// Full table of recent failures from many sources: refuse new sources rather than
		// let anyone guess unlimited.
		return len(l.m) < l.max || l.expire()
	}
	l.refill(b, l.now())
	return b.tokens >= 1
}

// fail spends a token of src for a wrong code.
func (l *limiter) fail(src Source) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.m[src]
	if b == nil {
		if len(l.m) >= l.max && !l.expire() {
			return
		}
		b = &bucket{tokens: l.rate, at: now}
		l.m[src] = b
	}
	l.refill(b, now)
	b.tokens = max(0, b.tokens-1)
	if now.Sub(l.sweep) > l.window {
		l.expire()
	}
}

// expire drops full buckets and reports whether there is space for a new one.
func (l *limiter) expire() bool {
	now := l.now()
	l.sweep = now
	for k, b := range l.m {
		if l.refill(b, now) {
			delete(l.m, k)
		}
	}
	return len(l.m) < l.max
}

// size is the number of sources remembered now (for tests).
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}
