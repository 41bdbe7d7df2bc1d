package limits

import "time"

// Clock tells the time and runs a function later. Every limit takes one, so tests move
// time instead of waiting for it; nil means the system clock.
type Clock interface {
	Now() time.Time
	// AfterFunc runs f in its own goroutine after d, as time.AfterFunc.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending AfterFunc; *time.Timer is one.
type Timer interface {
	Stop() bool
	Reset(d time.Duration) bool
}

// systemClock is the system clock.
type systemClock struct{}

func (systemClock) Now() time.Time                            { return time.Now() }
func (systemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

func orSystem(c Clock) Clock {
	if c == nil {
		return systemClock{}
	}
	return c
}
