package termrun

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// TestEndedComesOnceBeforeRunReturns: however the program ends (a key on Run's own
// goroutine, Quit or Kill from another, the context, a panic), Ended is told once, with
// the error Run then returns, and it is what lets Run return: the input stays open until
// Ended closes it, as the server's end of a session closes the channel.
func TestEndedComesOnceBeforeRunReturns(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		end  func(h *harness, cancel context.CancelFunc)
		want error // nil: a plain quit
	}{
		{"q on Run's goroutine", func(h *harness, _ context.CancelFunc) { h.press("q") }, nil},
		{"Quit from another goroutine", func(h *harness, _ context.CancelFunc) { h.p.Quit() }, nil},
		{"Kill", func(h *harness, _ context.CancelFunc) { h.p.Kill() }, tea.ErrProgramKilled},
		{"context done", func(_ *harness, cancel context.CancelFunc) { cancel() }, tea.ErrProgramKilled},
		{"panic in the model", func(h *harness, _ context.CancelFunc) { h.press("j") }, tea.ErrProgramPanic},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var mu sync.Mutex
			var calls []error
			m := newList()
			if c.want == tea.ErrProgramPanic {
				m.panicIn = "update"
			}
			h := start(t, m, func(o *Options) {
				o.Context = ctx
				in := o.Input.(*inputPipe)
				o.Ended = func(err error) {
					mu.Lock()
					calls = append(calls, err)
					mu.Unlock()
					_ = in.Close()
				}
				o.OnPanic = func(any, []byte) {}
			})
			h.screenShows("q quit")
			c.end(h, cancel)
			err := h.ended()
			mu.Lock()
			defer mu.Unlock()
			if len(calls) != 1 {
				t.Fatalf("Ended was called %d times before Run returned, want once", len(calls))
			}
			if calls[0] != err {
				t.Errorf("Ended was told %v, Run returned %v", calls[0], err)
			}
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("Run returned %v, want %v", err, c.want)
			}
		})
	}
}

// TestInputIsReadOnRunsGoroutine: a running program has no goroutine of its own reading
// its input; the one that called Run does (a session then costs one goroutine less).
func TestInputIsReadOnRunsGoroutine(t *testing.T) {
	t.Parallel()
	in := newInputPipe()
	var out lockedBuffer
	p := New(newList(), Options{Input: in, Output: &out, Width: 80, Height: 24, Term: "xterm-256color",
		Profile: colorprofile.ANSI256, Ended: func(error) { _ = in.Close() }})
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	defer func() { p.Kill(); <-done }()
	waitFor(t, func() bool { return strings.Contains(out.String(), "q quit") })
	// Every program of this test binary is checked, those of parallel tests too: the
	// rule holds for all of them.
	var readers int
	waitFor(t, func() bool {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		readers = 0
		for _, g := range strings.Split(string(buf), "\n\n") {
			if !strings.Contains(g, "termrun.(*Program).readLoop") {
				continue
			}
			readers++
			if !strings.Contains(g, "termrun.(*Program).Run(") {
				t.Fatalf("a goroutine reads a program's input outside Run:\n%s", g)
			}
		}
		return readers > 0
	})
}
