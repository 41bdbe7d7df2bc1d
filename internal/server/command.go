package server

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Command is what a client asked for with the SSH exec request (ssh HOST list).
type Command struct {
	Name string // "" for the app, or one of the names in commands
	Arg  string
}

// commandSpec describes one command: how many arguments and whether it needs a terminal.
type commandSpec struct {
	args     int // number of arguments: 0 or 1
	needsPTY bool
}

var commands = map[string]commandSpec{
	"":       {0, true},
	"list":   {0, false},
	"help":   {0, false},
	"lesson": {1, true},
	"plain":  {0, true},  // the app in plain mode (ssh -t HOST plain)
	"read":   {1, false}, // a lesson as plain text
	"quiz":   {1, false}, // its quiz, line by line
	"whoami": {0, false}, // plain text without a terminal, the mirror in the app with one
	"resume": {1, true},
	"teach":  {1, true}, // teach [TEACHERCODE]
	"join":   {1, true}, // join [CODE]
	// compare [CODE]: this connection compared with the one showing the code; without a
	// terminal, CODE is needed and the comparison comes as text
	"compare": {1, false},
}

// optionalArg marks commands whose one argument may be left out.
var optionalArg = map[string]bool{"teach": true, "join": true, "compare": true}

// errUnknown and errArgs are the parse failures; the message shown to the learner is built
// by the handler in the learner's language. A wrong number of arguments comes as an
// *ArgsError, which matches errArgs.
var (
	errUnknown = errors.New("unknown command")
	errArgs    = errors.New("wrong number of arguments")
)

// ArgsError is a known command given the wrong number of words after it.
type ArgsError struct {
	Name string // the command, as known
	Got  int    // words after it
	Want int    // 0 or 1
	// Optional is true when the one argument may be left out (teach, join).
	Optional bool
}

func (e *ArgsError) Error() string {
	return fmt.Sprintf("%s: %d arguments, want %d", e.Name, e.Got, e.Want)
}

// Is makes errors.Is(err, errArgs) hold.
func (e *ArgsError) Is(target error) bool { return target == errArgs }

// ParseCommand reads the words of an exec request. It never fails on odd bytes: anything
// it does not know is errUnknown.
func ParseCommand(words []string) (Command, error) {
	var ws []string
	for _, w := range words {
		if w = strings.TrimSpace(w); w != "" {
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		return Command{}, nil
	}
	name := strings.ToLower(ws[0])
	switch name {
	case "-h", "--help", "usage":
		name = "help"
	case "ls", "lessons":
		name = "list"
	}
	spec, ok := commands[name]
	if !ok || name == "" {
		return Command{Name: ws[0]}, errUnknown
	}
	if len(ws)-1 != spec.args && !(optionalArg[name] && len(ws) == 1) {
		return Command{Name: name}, &ArgsError{Name: name, Got: len(ws) - 1, Want: spec.args, Optional: optionalArg[name]}
	}
	c := Command{Name: name}
	if spec.args == 1 && len(ws) > 1 {
		c.Arg = ws[1]
	}
	return c, nil
}

// printable makes a client-supplied word safe to echo in one line: no control characters
// or escape sequences, and not too long.
func printable(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return '?'
	}, s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "..."
	}
	return fmt.Sprintf("%q", s)
}
