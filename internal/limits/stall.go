package limits

import (
	"io"
	"sync"
	"time"
)

// StallWriter passes writes through to w and calls onStall when one write has not
// finished after timeout: the client stopped taking output (it stopped reading, or its SSH
// window or TCP window is full). The caller drops the connection in onStall, which ends the
// blocked write with an error. One timer per writer, armed only while a write is in
// progress, so a quiet session costs nothing.
type StallWriter struct {
	w       io.Writer
	timeout time.Duration

	mu    sync.Mutex // one write at a time, so one write's Stop never cancels another's timer
	timer Timer
}

// NewStallWriter wraps w. A nil clock is the system clock.
func NewStallWriter(w io.Writer, timeout time.Duration, onStall func(), clock Clock) *StallWriter {
	t := orSystem(clock).AfterFunc(time.Hour, onStall)
	t.Stop()
	return &StallWriter{w: w, timeout: timeout, timer: t}
}

func (s *StallWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer.Reset(s.timeout)
	n, err := s.w.Write(p)
	s.timer.Stop()
	return n, err
}
