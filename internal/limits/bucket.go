package limits

import (
	"time"

	"golang.org/x/time/rate"
)

// NewBucket is the one token bucket of the limits (the gate's per-source connection rate,
// a session's input rate, the classroom's wrong codes): n tokens per period, at most burst
// held, full at the start. Every call passes the time, so a Clock drives it.
func NewBucket(n int, per time.Duration, burst int) *rate.Limiter {
	return rate.NewLimiter(rate.Limit(float64(n)/per.Seconds()), burst)
}

// BucketFull reports whether b holds every token it can at now: a bucket that may be forgotten.
func BucketFull(b *rate.Limiter, now time.Time) bool { return b.TokensAt(now) >= float64(b.Burst()) }
