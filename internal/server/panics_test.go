package server

import (
	"runtime/debug"
	"strings"
	"testing"
)

//go:noinline
func drawRow(width, height int, row []int) int { return row[width+height] }

// TestPanicLogsWhereNotWhat: a panic's log line names the functions and lines, but not
// the values in the call's arguments or in the runtime's message (here a window size).
func TestPanicLogsWhereNotWhat(t *testing.T) {
	t.Parallel()
	var what, stack string
	func() {
		defer func() {
			r := recover()
			what, stack = panicWhat(r), panicStack(debug.Stack())
		}()
		drawRow(1234, 567, make([]int, 3))
	}()
	if !strings.Contains(what, "index out of range") || strings.ContainsAny(what, "0123456789") {
		t.Errorf("panic described as %q", what)
	}
	if !strings.Contains(stack, "server.drawRow\n") || !strings.Contains(stack, "panics_test.go:") {
		t.Errorf("the stack lost where it happened:\n%s", stack)
	}
	for _, v := range []string{"0x4d2", "0x237", "1234", "+0x"} {
		if strings.Contains(stack, v) {
			t.Errorf("the stack holds %q:\n%s", v, stack)
		}
	}
	if what := panicWhat("the learner typed 1234"); what != "string" {
		t.Errorf("a panic value of our own is logged as %q", what)
	}
}
