package classroom

import (
	"io"
	"time"
)

// The room codes' generator and the wrong-code limiter serve other short-lived codes too
// (the two-connection experiment, internal/experiment): one alphabet, one guessing budget
// mechanism, one implementation.

// NewCode draws n characters uniformly from CodeAlphabet.
func NewCode(rnd io.Reader, n int) (string, error) { return newCode(rnd, n) }

// NormalizeCode reads a code of n characters as typed: any case, with spaces or dashes.
func NormalizeCode(s string, n int) (string, bool) { return normalize(s, n) }

// Limiter counts wrong codes per source, as the registry does for room codes: perMinute
// wrong codes per source, at most max sources remembered, entries dropped once their
// bucket is full again. Successes cost nothing.
type Limiter struct{ l *limiter }

// NewLimiter makes a limiter reading the time from now.
func NewLimiter(perMinute, max int, now func() time.Time) *Limiter {
	return &Limiter{newLimiter(perMinute, time.Minute, max, now)}
}

// Allow reports whether src may try a code now.
func (l *Limiter) Allow(src Source) bool { return l.l.allow(src) }

// Fail spends one of src's tries for a wrong code.
func (l *Limiter) Fail(src Source) { l.l.fail(src) }
