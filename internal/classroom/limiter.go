package classroom

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"tutord/internal/limits"
)

// limiter counts wrong codes per source with a token bucket: rate tokens per window, one
// spent per wrong code. Successful joins cost nothing, so a whole class behind one school
// address can join at once, while guessing is slow. Entries expire once their bucket is full
// again, so the state is ephemeral.
type limiter struct {
	mu     sync.Mutex
	rate   int // tokens per window (limits.NewBucket)
	window time.Duration
	max    int
	now    func() time.Time
	m      map[Source]*rate.Limiter
	sweep  time.Time
}

func newLimiter(n int, window time.Duration, max int, now func() time.Time) *limiter {
	return &limiter{rate: n, window: window, max: max, now: now, m: map[Source]*rate.Limiter{}}
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
	return b.TokensAt(l.now()) >= 1
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
		b = limits.NewBucket(l.rate, l.window, l.rate)
		l.m[src] = b
	}
	b.AllowN(now, 1) // a bucket already empty stays empty

	if now.Sub(l.sweep) > l.window {
		l.expire()
	}
}

// expire drops full buckets and reports whether there is space for a new one.
func (l *limiter) expire() bool {
	now := l.now()
	l.sweep = now
	for k, b := range l.m {
		if limits.BucketFull(b, now) {
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
