package server

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"tutord/internal/session"
	"tutord/internal/termrun"
)

// Program runs one session's model. *termrun.Program is the server's; *tea.Program is one
// too (the load tool measures bubbletea's own against it, internal/load/ticker.go).
type Program interface {
	Run() (tea.Model, error)
	Send(msg tea.Msg)
	Quit()
	Kill()
}

// Terminal is what a session's program draws on and reads from.
type Terminal struct {
	// Keys is the keyboard, behind the input limits.
	Keys io.Reader
	// Silent is what a program that must not read Keys itself gets as input: nothing.
	// The server then pumps the keys in with Send (guard.go).
	Silent io.Reader
	// Out is the screen, behind the stall limit.
	Out io.Writer
	// Width and Height are the clamped size at the start; Size is the latest one (the
	// request filter keeps it current, pty.go).
	Width, Height int
	Size          func() (w, h int)
	Term          string
	Env           []string
	Profile       colorprofile.Profile
	// Context ends with the session; the program ends when it does (termrun's
	// Options.Context, tea.WithContext): the server need not watch it too.
	Context context.Context
	// Plain: text and screen sequences only (TERM=dumb, NO_COLOR, the plain command).
	Plain bool
	// Ended ends the session: a program that reads Keys itself calls it, on the
	// goroutine that ended the program, as soon as it has ended (its Read returns only
	// once the session has ended). The server calls it again after Run; only the first
	// call counts.
	Ended func(err error)
}

// ProgramFunc makes the program for a session's model on its terminal. readsKeys reports
// whether the program reads t.Keys itself; if not, the server pumps them in.
type ProgramFunc func(model tea.Model, t Terminal) (p Program, readsKeys bool)

// newProgram makes a session's program: Deps.Programs when set, else termrun, which draws
// only when the view changed and reads the keyboard itself.
func (s *Server) newProgram(model tea.Model, t Terminal) (p Program, readsKeys bool) {
	if s.programs != nil {
		return s.programs(model, t)
	}
	return termrun.New(model, termrun.Options{
		Input:     t.Keys,
		Output:    t.Out,
		Width:     t.Width,
		Height:    t.Height,
		MaxWidth:  session.MaxWidth,
		MaxHeight: session.MaxHeight,
		Term:      t.Term,
		Profile:   t.Profile,
		Context:   t.Context,
		Plain:     t.Plain,
		Ended:     t.Ended,
		OnPanic: func(r any, stack []byte) {
			s.log.Error("session panic", "panic", panicWhat(r), "stack", panicStack(stack))
		},
	}), true
}
