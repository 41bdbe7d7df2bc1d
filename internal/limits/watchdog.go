package limits

import (
	"sync"
	"sync/atomic"
	"time"
)

// Kind is the limit a Watchdog warns about or ends a session for.
type Kind int

// The limits a Watchdog watches.
const (
	Idle      Kind = iota + 1 // no input for the idle timeout
	MaxLength                 // the session ran for the maximum length
)

func (k Kind) String() string {
	switch k {
	case Idle:
		return "idle"
	case MaxLength:
		return "max_length"
	}
	return "unknown"
}

// Events are what a Watchdog tells its session. They run on the watchdog's timer
// goroutine (or the caller of Input, for Clear), never under its lock, and may block.
type Events struct {
	Warn  func(k Kind, left time.Duration) // the session ends in left unless ...
	Clear func(k Kind)                     // a warning no longer applies (there was input)
	End   func(k Kind)                     // the session must end now
}

// WarnBefore is how long before a limit the session is warned: a minute, or half the
// limit when that is shorter.
func WarnBefore(limit time.Duration) time.Duration { return min(time.Minute, limit/2) }

// Watchdog ends a session that was idle too long or ran too long, with a warning first.
// It holds one timer, armed for the next moment something can happen. Input only stores
// the time, so typing costs an atomic store; when the timer fires early because there was
// input since, it re-arms for later. An idle session thus wakes at most a few times per
// idle timeout, and never ticks.
type Watchdog struct {
	idle, maxLen time.Duration
	clock        Clock
	ev           Events

	start      time.Time
	last       atomic.Int64 // time of the last input, Unix nanoseconds
	idleWarned atomic.Bool

	mu        sync.Mutex
	timer     Timer
	maxWarned bool
	done      bool
}

// NewWatchdog returns a watchdog for the given limits; Start arms it. A nil clock is the
// system clock.
func NewWatchdog(idle, maxLen time.Duration, ev Events, clock Clock) *Watchdog {
	if ev.Warn == nil {
		ev.Warn = func(Kind, time.Duration) {}
	}
	if ev.Clear == nil {
		ev.Clear = func(Kind) {}
	}
	if ev.End == nil {
		ev.End = func(Kind) {}
	}
	return &Watchdog{idle: idle, maxLen: maxLen, ev: ev, clock: orSystem(clock)}
}

// Start begins the watch: the session starts now, and so does its idle time.
func (w *Watchdog) Start() {
	now := w.clock.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.start = now
	w.last.Store(now.UnixNano())
	w.timer = w.clock.AfterFunc(w.nextWake(now), w.fire)
}

// Input records that the learner did something. If an idle warning is showing, it is
// taken back.
func (w *Watchdog) Input() {
	now := w.clock.Now()
	w.last.Store(now.UnixNano())
	if !w.idleWarned.Load() {
		return
	}
	w.mu.Lock()
	if w.done || w.timer == nil || !w.idleWarned.Load() {
		w.mu.Unlock()
		return
	}
	w.idleWarned.Store(false)
	w.timer.Reset(w.nextWake(now))
	w.mu.Unlock()
	w.ev.Clear(Idle)
}

// Stop ends the watch; no event fires after it returns (one already running may finish).
func (w *Watchdog) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
	if w.timer != nil {
		w.timer.Stop()
	}
}

func (w *Watchdog) deadlines() (idleEnd, maxEnd time.Time) {
	return time.Unix(0, w.last.Load()).Add(w.idle), w.start.Add(w.maxLen)
}

// nextWake is how long until the next deadline or warning that has not happened yet.
// Called with w.mu held.
func (w *Watchdog) nextWake(now time.Time) time.Duration {
	idleEnd, maxEnd := w.deadlines()
	next := idleEnd
	if maxEnd.Before(next) {
		next = maxEnd
	}
	if t := idleEnd.Add(-WarnBefore(w.idle)); !w.idleWarned.Load() && t.Before(next) {
		next = t
	}
	if t := maxEnd.Add(-WarnBefore(w.maxLen)); !w.maxWarned && t.Before(next) {
		next = t
	}
	return max(0, next.Sub(now))
}

func (w *Watchdog) fire() {
	w.mu.Lock()
	if w.done {
		w.mu.Unlock()
		return
	}
	now := w.clock.Now()
	idleEnd, maxEnd := w.deadlines()
	var events []func()
	switch {
	case !now.Before(maxEnd):
		w.done = true
		events = append(events, func() { w.ev.End(MaxLength) })
	case !now.Before(idleEnd):
		w.done = true
		events = append(events, func() { w.ev.End(Idle) })
	default:
		if !w.maxWarned && !now.Before(maxEnd.Add(-WarnBefore(w.maxLen))) {
			w.maxWarned = true
			left := maxEnd.Sub(now)
			events = append(events, func() { w.ev.Warn(MaxLength, left) })
		}
		if !w.idleWarned.Load() && !now.Before(idleEnd.Add(-WarnBefore(w.idle))) {
			w.idleWarned.Store(true)
			left := idleEnd.Sub(now)
			events = append(events, func() { w.ev.Warn(Idle, left) })
		}
		w.timer.Reset(w.nextWake(now))
	}
	w.mu.Unlock()
	for _, e := range events {
		e()
	}
}
