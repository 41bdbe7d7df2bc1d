package server_test

import (
	"sync"
	"time"

	"tutord/internal/limits"
)

// limitsClock is a limits.Clock that moves only in Advance, which runs the timers due
// then: the session limit tests move time instead of waiting for it.
type limitsClock struct {
	mu     sync.Mutex
	now    time.Time
	timers map[*limitsTimer]struct{}
}

type limitsTimer struct {
	c  *limitsClock
	at time.Time
	f  func()
}

func newLimitsClock() *limitsClock {
	return &limitsClock{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), timers: map[*limitsTimer]struct{}{}}
}

func (c *limitsClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *limitsClock) AfterFunc(d time.Duration, f func()) limits.Timer {
	tm := &limitsTimer{c: c, f: f}
	tm.Reset(d)
	return tm
}

// Stop disarms the timer; true if it was armed.
func (tm *limitsTimer) Stop() bool {
	tm.c.mu.Lock()
	defer tm.c.mu.Unlock()
	_, armed := tm.c.timers[tm]
	delete(tm.c.timers, tm)
	return armed
}

// Reset arms the timer for d from the clock's now; true if it was armed.
func (tm *limitsTimer) Reset(d time.Duration) bool {
	tm.c.mu.Lock()
	defer tm.c.mu.Unlock()
	_, armed := tm.c.timers[tm]
	tm.at = tm.c.now.Add(d)
	tm.c.timers[tm] = struct{}{}
	return armed
}

// Advance moves the clock by d and runs the timers due by then, earliest first, each
// at its own time, as the system clock would.
func (c *limitsClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		var next *limitsTimer
		for tm := range c.timers {
			if !tm.at.After(end) && (next == nil || tm.at.Before(next.at)) {
				next = tm
			}
		}
		if next == nil {
			c.now = end
			c.mu.Unlock()
			return
		}
		delete(c.timers, next)
		if next.at.After(c.now) {
			c.now = next.at
		}
		c.mu.Unlock()
		next.f() // a timer may arm another, due within d: the loop takes it too
	}
}
