package server

import (
	"errors"
	"fmt"
	"regexp"
	"runtime"
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
