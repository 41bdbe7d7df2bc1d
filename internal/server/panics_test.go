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

//go:noinline
func buildApp(fail bool) int {
	if fail {
		panic("no app")
	}
	return 7
}

// TestOnOwnStack: f's result comes back, and so does its panic, with the stack of where
// it happened (the handler logs that one, not its own).
func TestOnOwnStack(t *testing.T) {
	t.Parallel()
	if v := onOwnStack(func() int { return buildApp(false) }); v != 7 {
		t.Errorf("result %d, want 7", v)
	}
	var r any
	func() {
		defer func() { r = recover() }()
		onOwnStack(func() int { return buildApp(true) })
	}()
	p, ok := r.(ownStackPanic)
	if !ok {
		t.Fatalf("recovered %T, want ownStackPanic", r)
	}
	if p.value != "no app" || !strings.Contains(string(p.stack), "buildApp") {
		t.Errorf("value %v, stack without buildApp:\n%s", p.value, p.stack)
	}
}
