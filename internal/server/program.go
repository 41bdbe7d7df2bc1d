package server

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"tutord/internal/session"
	"tutord/internal/termrun"
)

// program runs one session's model. Both *termrun.Program and *tea.Program are one.
type program interface {
	Run() (tea.Model, error)
	Send(msg tea.Msg)
	Quit()
	Kill()
}

// terminal is what a session's program draws on and reads from.
type terminal struct {
	keys    io.Reader // the keyboard, behind the input limits
	silent  io.Reader // what bubbletea's own reader gets instead: nothing (guard.go)
	out     io.Writer // behind the stall limit
	win     *window   // the clamped size, kept current by the window pump
	term    string
	env     []string
	profile colorprofile.Profile
	ctx     context.Context
	// plain: text and screen sequences only (TERM=dumb, NO_COLOR, the plain command);
	// termrun draws so (Options.Plain), bubbletea's program does not know how.
	plain bool
}

// newProgram makes the program for a session's model on its terminal. The default
// (termrun) draws only when the view changed and reads the keyboard itself; -renderer
// ticker keeps bubbletea's own program, which flushes on a 60 fps ticker, for measuring
// against. readsKeys reports whether it reads t.keys itself; if not, the caller pumps
// them in.
func (s *Server) newProgram(model tea.Model, t terminal) (p program, readsKeys bool) {
	w, h := t.win.size()
	if s.cfg.Perf.Renderer == "ticker" {
		return tea.NewProgram(model,
			// The guard pumps the keyboard in (guard.go): bubbletea's reader could hold
			// the program after it ended.
			tea.WithInput(t.silent),
			tea.WithOutput(t.out),
			tea.WithContext(t.ctx),
			tea.WithEnvironment(append(t.env, "TERM="+t.term)),
			// bubbletea sizes its cell buffers by this: the window pump keeps it sane.
			tea.WithWindowSize(w, h),
			tea.WithColorProfile(t.profile),
			// Signals belong to the server: a SIGTERM drains sessions through Shutdown.
			tea.WithoutSignalHandler(),
			tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
				switch msg.(type) {
				case tea.SuspendMsg:
					return nil // ctrl+z must not try to suspend a program inside the server
				case tea.WindowSizeMsg:
					// Always the latest size: bubbletea sends its first size message from
					// a goroutine, so it can arrive after a newer one and undo it.
					w, h := t.win.size()
					return tea.WindowSizeMsg{Width: w, Height: h}
				}
				return msg
			}),
		), false
	}
	return termrun.New(model, termrun.Options{
		Input:     t.keys,
		Output:    t.out,
		Width:     w,
		Height:    h,
		MaxWidth:  session.MaxWidth,
		MaxHeight: session.MaxHeight,
		Term:      t.term,
		Profile:   t.profile,
		Context:   t.ctx,
		Plain:     t.plain,
		OnPanic: func(r any, stack []byte) {
			s.log.Error("session panic", "panic", panicWhat(r), "stack", panicStack(stack))
		},
	}), true
}
