package limits

import (
	"sync"
	"time"
)

// Tally counts events by name and reports the counts at most once per period: a flood of
// refused connections costs one log line a period, not one per connection. The timer is
// armed by the first event of a period, so a quiet server holds none.
type Tally struct {
	period time.Duration
	report func(counts map[string]int)
	clock  Clock

	mu     sync.Mutex
	counts map[string]int
	timer  Timer
	closed bool
}

// NewTally returns a tally that calls report with the counts of each period that had
// events. A nil clock is the system clock.
func NewTally(period time.Duration, report func(counts map[string]int), clock Clock) *Tally {
	return &Tally{period: period, report: report, clock: orSystem(clock)}
}

// Add counts one event.
func (t *Tally) Add(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	if t.counts == nil {
		t.counts = map[string]int{}
	}
	t.counts[name]++
	if t.timer == nil {
		t.timer = t.clock.AfterFunc(t.period, t.flush)
	}
}

func (t *Tally) flush() {
	t.mu.Lock()
	counts := t.counts
	t.counts = nil
	t.timer = nil
	t.mu.Unlock()
	if len(counts) > 0 {
		t.report(counts)
	}
}

// Close reports what is pending and stops counting.
func (t *Tally) Close() {
	t.mu.Lock()
	t.closed = true
	if t.timer != nil {
		t.timer.Stop()
	}
	t.mu.Unlock()
	t.flush()
}
