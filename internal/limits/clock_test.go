package limits

import (
	"sort"
	"sync"
	"time"
)

// clock is a Clock that moves only when the test says so: add moves it and runs every
// function that came due, in order, on the caller's goroutine.
type clock struct {
	mu     sync.Mutex
	t      time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	c   *clock
	at  time.Time
	f   func()
	off bool
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) now() time.Time { return c.Now() }

func (c *clock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, at: c.t.Add(d), f: f}
	c.timers = append(c.timers, t)
	return t
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.off
	t.off = true
	return was
}

func (t *fakeTimer) Reset(d time.Duration) bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.off
	t.at, t.off = t.c.t.Add(d), false
	if !was {
		t.c.timers = append(t.c.timers, t)
	}
	return was
}

// add moves the clock by d, running what comes due on the way at its own time.
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	end := c.t.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		live := c.timers[:0]
		for _, t := range c.timers {
			if !t.off {
				live = append(live, t)
			}
		}
		c.timers = live
		sort.SliceStable(live, func(i, j int) bool { return live[i].at.Before(live[j].at) })
		if len(live) == 0 || live[0].at.After(end) {
			c.t = end
			c.mu.Unlock()
			return
		}
		t := live[0]
		if t.at.After(c.t) {
			c.t = t.at
		}
		t.off = true // fired; Reset arms it again
		c.mu.Unlock()
		t.f()
	}
}
