package server

import (
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// A panic is logged for the operator with where it happened, but not with the values it
// carried: a stack trace prints each call's arguments and a panic message may quote data,
// and either can hold a learner's window size or input. So the log gets the panic's type,
// a runtime error's message with its numbers masked, and the functions and lines of the
// stack without their arguments.

var digits = regexp.MustCompile(`[0-9]+`)

// panicWhat describes a recovered value without the data in it.
func panicWhat(r any) string {
	var re runtime.Error
	if err, ok := r.(error); ok && errors.As(err, &re) {
		return digits.ReplaceAllString(re.Error(), "N")
	}
	return fmt.Sprintf("%T", r)
}

// panicStack is a stack trace from debug.Stack with the arguments and frame offsets
// taken out: "pkg.(*T).f(0x50, 0x18)" becomes "pkg.(*T).f", "\tfile.go:12 +0x1d" becomes
// "file.go:12".
func panicStack(stack []byte) string {
	var b strings.Builder
	for line := range strings.Lines(string(stack)) {
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "\t"):
			line = strings.TrimSpace(line)
			if i := strings.LastIndex(line, " +0x"); i >= 0 {
				line = line[:i]
			}
			b.WriteString("  " + line + "\n")
		case strings.HasPrefix(line, "goroutine "), strings.HasPrefix(line, "created by "):
			b.WriteString(line + "\n")
		default:
			if i := strings.LastIndex(line, "("); i > 0 && strings.HasSuffix(line, ")") {
				line = line[:i]
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// onOwnStack runs f on a goroutine of its own and waits for it. It is for deep work done
// by a goroutine that then waits for a whole session (the handler, which reads the
// keyboard): a goroutine's stack grows for the deepest call it makes, and the runtime
// halves it at a collection only while less than a quarter of it is in use, so a 4 KiB
// stack grown to 8 for building the app would stay 8 KiB for the session's whole length
// (waiting in the Read takes about 2 KiB of it). On a goroutine that ends, the grown stack
// goes back to the runtime at once (docs/performance.md, "Fifth pass"). A panic in f comes
// back here as an ownStackPanic with f's own stack.
func onOwnStack[T any](f func() T) T {
	var (
		v T
		p *ownStackPanic
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				p = &ownStackPanic{value: r, stack: debug.Stack()}
			}
		}()
		v = f()
	}()
	<-done
	if p != nil {
		panic(*p)
	}
	return v
}

// ownStackPanic is a panic that happened in onOwnStack's f, with that goroutine's stack.
type ownStackPanic struct {
	value any
	stack []byte
}
