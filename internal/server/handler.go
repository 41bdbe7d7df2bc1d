package server

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"

	"tutord/internal/i18n"
	"tutord/internal/lessons"
	"tutord/internal/session"
)

// envAllowed is the client environment tutord looks at; the rest is dropped unread.
var envAllowed = map[string]bool{
	"LANG": true, "LC_ALL": true, "LC_MESSAGES": true, "NO_COLOR": true, "COLORTERM": true,
}

// clientEnv returns the allowed part of the session's environment.
func clientEnv(sess ssh.Session) []string {
	var env []string
	for _, kv := range sess.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if envAllowed[k] {
			env = append(env, kv)
		}
	}
	return env
}

func (s *Server) handle(sess ssh.Session) {
	t := i18n.For(i18n.FromEnv(clientEnv(sess)))
	// A panic in one session ends that session only, with an apology.
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("session panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			fmt.Fprint(sess, "\r\n"+t.Crashed+"\r\n")
			_ = sess.Exit(1)
		}
	}()
	if s.draining.Load() {
		fmt.Fprint(sess, t.Shutdown+"\r\n")
		_ = sess.Exit(1)
		return
	}
	start := time.Now()
	s.total.Add(1)
	n := s.active.Add(1)
	defer s.active.Add(-1)

	cmd, err := ParseCommand(sess.Command())
	_, _, isPTY := sess.Pty()
	kind := cmd.Name
	if kind == "" {
		kind = "app"
	}
	if err != nil {
		kind = "invalid"
	}
	s.log.Debug("session start", "command", kind, "pty", isPTY, "active", n)
	code := s.run(sess, t, cmd, err, isPTY)
	_ = sess.Exit(code)
	s.log.Debug("session end", "command", kind, "exit", code, "minutes", sinceMinutes(start), "active", s.active.Load()-1)
}

// run serves one session and returns its exit status.
func (s *Server) run(sess ssh.Session, t *i18n.Text, cmd Command, parseErr error, isPTY bool) int {
	out := sess
	if parseErr != nil {
		switch parseErr {
		case errArgs:
			fmt.Fprintln(sess.Stderr(), "tutord: "+fmt.Sprintf(t.CmdUsage, s.cfg.ConnectHint()))
		default:
			fmt.Fprintln(sess.Stderr(), "tutord: "+fmt.Sprintf(t.CmdUnknown, printable(cmd.Name)))
		}
		return 1
	}
	switch cmd.Name {
	case "help":
		writeText(out, isPTY, fmt.Sprintf(t.CmdUsage, s.cfg.ConnectHint()))
		return 0
	case "list":
		writeText(out, isPTY, s.listText(t))
		return 0
	case "lesson":
		if s.shared.Catalog.Index(cmd.Arg) < 0 {
			fmt.Fprintln(sess.Stderr(), "tutord: "+fmt.Sprintf(t.CmdUnknownArg, printable(cmd.Arg)))
			return 1
		}
	}
	if !isPTY {
		if cmd.Name == "" {
			// ssh -T HOST: explain how to connect, then show what there is.
			writeText(out, false, fmt.Sprintf(t.CmdNoPTY, s.cfg.ConnectHint()+" -t")+s.listText(t))
			return 0
		}
		fmt.Fprintln(sess.Stderr(), "tutord: "+fmt.Sprintf(t.CmdNeedsPTY, printable(cmd.Name)))
		return 1
	}
	return s.runApp(sess, t, cmd)
}

// listText is the lessons as plain text: number, id, minutes, title.
func (s *Server) listText(t *i18n.Text) string {
	var b strings.Builder
	b.WriteString(t.CmdListHeader + "\n")
	width := 0
	for _, id := range s.shared.Catalog.IDs() {
		width = max(width, len(id))
	}
	for i, l := range s.shared.Catalog.Lessons(t.Lang) {
		fmt.Fprintf(&b, "%3d  %-*s  %-7s %s\n", i+1, width, l.ID, fmt.Sprintf(t.CmdListMinutes, l.Minutes), l.Title)
	}
	return b.String()
}

// writeText writes plain text; on a terminal (no ONLCR in an emulated PTY) lines need CRLF.
func writeText(w io.Writer, crlf bool, s string) {
	if crlf {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	_, _ = io.WriteString(w, s)
}

// liveSession is a running program, reachable for shutdown and (later) classroom pacing.
type liveSession struct {
	p    program
	once sync.Once
}

func (ls *liveSession) send(msg any) { go ls.p.Send(msg) }

// runApp runs the course as a bubbletea program on the session's terminal.
func (s *Server) runApp(sess ssh.Session, t *i18n.Text, cmd Command) int {
	pty, winCh, _ := sess.Pty()
	env := clientEnv(sess)
	plain := pty.Term == "dumb" || pty.Term == "" || hasValue(env, "NO_COLOR")
	app := session.New(s.shared, session.Options{
		Width:  pty.Window.Width,
		Height: pty.Window.Height,
		Lang:   t.Lang,
		Plain:  plain,
		Start:  cmd.Arg,
	})
	profile := colorprofile.Env(append(env, "TERM="+pty.Term))
	if plain {
		profile = colorprofile.NoTTY
	}
	ctx := sess.Context()
	p := s.newProgram(app, sess, pty, env, profile)
	ls := &liveSession{p: p}
	s.track(ls, true)
	defer s.track(ls, false)

	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				p.Quit()
				return
			case w, ok := <-winCh:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	_, err := p.Run()
	p.Kill()
	if err != nil && ctx.Err() == nil {
		if err == tea.ErrProgramPanic || strings.Contains(err.Error(), "panic") {
			s.log.Error("session program panicked")
			writeText(sess, true, "\n"+t.Crashed+"\n")
			return 1
		}
	}
	if ctx.Err() == nil {
		writeText(sess, true, app.Goodbye()+"\n")
	}
	return 0
}

func hasValue(env []string, key string) bool {
	for _, kv := range env {
		if k, v, _ := strings.Cut(kv, "="); k == key && v != "" {
			return true
		}
	}
	return false
}

var _ = lessons.BaseLang
