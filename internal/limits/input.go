package limits

import (
	"bytes"
	"io"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// ctrlC is the byte a terminal sends for ctrl+c; can (CAN) aborts an escape sequence in
// every VT parser, including bubbletea's.
const (
	ctrlC = 0x03
	can   = 0x18
)

// Input wraps a session's keyboard input. It reports every read that brought bytes (the
// idle timer's "someone is there"), and lets at most rate bytes per second through, with
// bursts up to burst bytes. Bytes over the limit are dropped rather than queued: a flood
// cannot build a backlog the app would chew on for minutes, and it keeps the client's SSH
// window moving, so the connection itself never stalls. Where bytes were dropped a CAN is
// put in, so an escape sequence cut in half cannot swallow what follows; and a ctrl+c
// among the dropped bytes is kept, so ctrl+c always leaves.
//
// Read is meant for one reader goroutine (the program's input loop).
type Input struct {
	r       io.Reader
	bucket  *rate.Limiter // bytes: rate a second, burst at once
	clock   Clock
	onInput func()

	dropped atomic.Uint64
}

// NewInput wraps r: rate bytes a second, bursts of burst. onInput, if not nil, is called
// after every read that returned bytes. A nil clock is the system clock.
func NewInput(r io.Reader, rate, burst int, onInput func(), clock Clock) *Input {
	return &Input{r: r, bucket: NewBucket(rate, time.Second, burst), clock: orSystem(clock), onInput: onInput}
}

// Read reads from the session and returns the bytes within the limit. It does not return
// (0, nil): when everything read was dropped, it reads again.
func (in *Input) Read(p []byte) (int, error) {
	for {
		n, err := in.r.Read(p)
		if n > 0 {
			if in.onInput != nil {
				in.onInput()
			}
			n = in.admit(p[:n])
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

// admit keeps as many leading bytes of p as the bucket allows, then, if any were dropped,
// a CAN and (if the dropped rest held one) a ctrl+c, and returns how many bytes of p are
// kept.
func (in *Input) admit(p []byte) int {
	now := in.clock.Now()
	keep := min(len(p), int(in.bucket.TokensAt(now)))
	in.bucket.AllowN(now, keep)
	if keep == len(p) {
		return keep
	}
	n := len(p)
	hasCtrlC := bytes.IndexByte(p[keep:], ctrlC) >= 0
	if n-keep >= 2 || !hasCtrlC {
		p[keep] = can
		keep++
	}
	if hasCtrlC {
		p[keep] = ctrlC
		keep++
	}
	in.dropped.Add(uint64(n - keep))
	return keep
}

// Dropped is how many input bytes were dropped so far.
func (in *Input) Dropped() uint64 { return in.dropped.Load() }
