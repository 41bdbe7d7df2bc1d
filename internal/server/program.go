package server

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
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

// newProgram makes the program for a session's app on its terminal. The default draws
// only when the view changed (termrun); -renderer ticker keeps bubbletea's own program,
// which flushes on a 60 fps ticker, for measuring against.
func (s *Server) newProgram(app tea.Model, sess ssh.Session, pty ssh.Pty, env []string, profile colorprofile.Profile) program {
	if s.cfg.Perf.Renderer == "ticker" {
		return tea.NewProgram(app,
			tea.WithInput(sess),
			tea.WithOutput(sess),
			tea.WithContext(sess.Context()),
			tea.WithEnvironment(append(env, "TERM="+pty.Term)),
			// bubbletea sizes its cell buffers by this unchecked: keep a client's claim sane.
			tea.WithWindowSize(min(pty.Window.Width, session.MaxWidth), min(pty.Window.Height, session.MaxHeight)),
			tea.WithColorProfile(profile),
			// Signals belong to the server: a SIGTERM drains sessions through Shutdown.
			tea.WithoutSignalHandler(),
			// ctrl+z must not try to suspend a program that runs inside the server.
			tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
				if _, ok := msg.(tea.SuspendMsg); ok {
					return nil
				}
				return msg
			}),
		)
	}
	return termrun.New(app, termrun.Options{
		Input:     sess,
		Output:    sess,
		Width:     pty.Window.Width,
		Height:    pty.Window.Height,
		MaxWidth:  session.MaxWidth,
		MaxHeight: session.MaxHeight,
		Term:      pty.Term,
		Profile:   profile,
		Context:   sess.Context(),
		OnPanic: func(r any, stack []byte) {
			s.log.Error("session panic", "panic", fmt.Sprint(r), "stack", string(stack))
		},
	})
}
