package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"

	"tutord/internal/anonset"
	"tutord/internal/i18n"
	"tutord/internal/mirror"
	"tutord/internal/session"
)

func (s *Server) handle(sess ssh.Session) {
	t := s.text(clientEnv(sess))
	cs := connStateOf(sess.Context())
	cs.sessionStarted()
	end := &ending{sess: sess}
	end.afterExit(func(int) { cs.sessionEnded() })
	// A panic in one session ends that session only, with an apology.
	defer func() {
		if r := recover(); r != nil {
			what, stack := panicWhat(r), debug.Stack()
			if p, ok := r.(ownStackPanic); ok { // where it happened, not where it came back
				what, stack = panicWhat(p.value), p.stack
			}
			s.log.Error("session panic", "panic", what, "stack", panicStack(stack))
			s.events.Add("session_panic")
			stop := s.bound(sess)
			defer stop()
			end.run(func() int {
				fmt.Fprint(sess, "\r\n"+t.Crashed+"\r\n")
				return 1
			})
		}
	}()
	if s.draining.Load() {
		end.run(func() int {
			fmt.Fprint(sess, t.Shutdown+"\r\n")
			return 1
		})
		return
	}
	start := time.Now()
	s.sessions.total.Add(1)
	n := s.sessions.active.Add(1)
	end.afterExit(func(int) { s.sessions.active.Add(-1) })

	words := commandWords(sess)
	cmd, err := ParseCommand(words)
	_, isPTY := s.ptyOf(sess)
	kind := cmd.Name
	if kind == "" {
		kind = "app"
	}
	if err != nil {
		kind = "invalid"
	}
	s.log.Debug("session start", "command", kind, "pty", isPTY, "active", n)
	end.afterExit(func(code int) {
		s.log.Debug("session end", "command", kind, "exit", code, "minutes", sinceMinutes(start), "active", s.Active()-1)
	})
	code, app := s.run(sess, t, cmd, err, isPTY, end)
	if app != nil {
		// Here, not deeper: the app's program reads the keyboard on this goroutine for the
		// whole session, so what is on its stack while it waits is what a held session
		// costs (see onOwnStack).
		code = app.run()
	}
	end.run(func() int { return code })
}

// ending is how a session ends: its last words, the cleanups its parts added (last
// first, as defers would), the exit status (which closes the channel), then the server's
// counts. It runs once: when the handler returns or, for the app, as soon as its program
// ends. termrun reads the keyboard on the handler's goroutine (a session then needs no
// goroutine for it), and that read returns only when the client closes the channel,
// which the exit status asks it to do.
type ending struct {
	once     sync.Once
	sess     ssh.Session
	mu       sync.Mutex
	cleanups []func()
	counts   []func(code int)
}

// add adds a cleanup, run before the exit status.
func (e *ending) add(cleanup func()) {
	e.mu.Lock()
	e.cleanups = append(e.cleanups, cleanup)
	e.mu.Unlock()
}

// afterExit adds a step run after the exit status, with it.
func (e *ending) afterExit(step func(code int)) {
	e.mu.Lock()
	e.counts = append(e.counts, step)
	e.mu.Unlock()
}

// run ends the session, the first time only: last writes the last words and returns the
// exit status. Every step runs even when one panics (they are deferred), and the panic
// goes on to the caller. A later call waits until the first has ended the session.
func (e *ending) run(last func() int) {
	e.once.Do(func() {
		e.mu.Lock()
		cleanups, counts := e.cleanups, e.counts
		e.cleanups, e.counts = nil, nil
		e.mu.Unlock()
		code := 1 // if last panics
		for _, step := range counts {
			defer func() { step(code) }()
		}
		defer func() { _ = e.sess.Exit(code) }()
		for _, c := range cleanups {
			defer c()
		}
		code = last()
	})
}

// maxQuotedCommand is the longest command split with shell quoting. The library's split
// (shlex, inside ssh.Session.Command) takes time quadratic in a word's length: about a
// second of CPU for one 100 KB word. tutord's longest command is a few dozen bytes, so a
// longer one is never valid and is split at white space only, which gives the learner
// the same message.
const maxQuotedCommand = 1 << 10

// commandWords is the session's command split into words.
func commandWords(sess ssh.Session) []string {
	switch raw := sess.RawCommand(); {
	case raw == "": // most sessions have none: skip the split
		return nil
	case len(raw) > maxQuotedCommand:
		return strings.Fields(raw)
	default:
		return sess.Command()
	}
}

// run serves a command and returns its exit status, or sets up the app and returns it,
// for the caller to run.
func (s *Server) run(sess ssh.Session, t *i18n.Text, cmd Command, parseErr error, isPTY bool, end *ending) (int, *appRun) {
	// Plain commands write a few kilobytes and end; only a client that takes no output
	// can make them hang, and then the connection is dropped. The app has its own limits.
	stop := s.bound(sess)
	defer stop()
	out := sess
	if parseErr != nil {
		// What was wrong, in one line, then the help: the learner sees both the mistake
		// and what would have worked.
		writeText(sess.Stderr(), isPTY, "tutord: "+usageError(t, cmd, parseErr)+"\n\n"+s.helpText(t))
		return 1, nil
	}
	switch cmd.Name {
	case "help":
		writeText(out, isPTY, s.helpText(t))
		return 0, nil
	case "list":
		writeText(out, isPTY, s.listText(t))
		return 0, nil
	case "whoami":
		if !isPTY {
			f := s.connFacts(sess)
			// Counted among the live sessions for as long as the report takes.
			anon := s.anon.Join(anonset.FromMirror(&f))
			report := mirror.Report(t, &f, s.hint) + "\n" + session.AnonReport(t, anon)
			anon.Leave()
			writeText(out, false, report)
			return 0, nil
		}
	case "compare":
		if !isPTY {
			return s.compareText(sess, t, cmd), nil
		}
	case "lesson":
		i := s.lessonArg(cmd.Arg)
		if i < 0 {
			fmt.Fprintln(sess.Stderr(), "tutord: "+fmt.Sprintf(t.CmdUnknownArg, printable(cmd.Arg)))
			return 1, nil
		}
		cmd.Arg = s.sh().Catalog.IDs()[i]
	case "read", "quiz":
		if cmd.Name == "quiz" {
			stop() // answered line by line, at the learner's pace: it has its own limits
		}
		return s.lineMode(sess, t, cmd, isPTY), nil
	case "teach":
		if !s.mayTeach(sess) {
			fmt.Fprintln(sess.Stderr(), "tutord: "+t.ClassNotAllowed)
			return 1, nil
		}
	}
	if !isPTY {
		if cmd.Name == "" {
			// ssh -T HOST: explain how to connect, then show what there is.
			writeText(out, false, fmt.Sprintf(t.CmdNoPTY, s.hint+" -t")+s.listText(t)+
				"\n"+fmt.Sprintf(t.CmdNoPTYAccess, s.hint, s.sh().Catalog.IDs()[0]))
			return 0, nil
		}
		fmt.Fprintln(sess.Stderr(), "tutord: "+fmt.Sprintf(t.CmdNeedsPTY, printable(cmd.Name)))
		return 1, nil
	}
	stop()
	return 0, onOwnStack(func() *appRun { return s.newApp(sess, t, cmd, end) })
}

// compareText is compare CODE without a terminal: the comparison as plain text.
func (s *Server) compareText(sess ssh.Session, t *i18n.Text, cmd Command) int {
	if cmd.Arg == "" {
		fmt.Fprintln(sess.Stderr(), "tutord: "+fmt.Sprintf(t.CmdArgMissing, "compare", t.CmdArgExpCode))
		return 1
	}
	f := s.connFacts(sess)
	o := session.Options{Lang: t.Lang, Conn: &f, Connect: s.hint}
	if s.experiments != nil {
		// Keyed and never logged: for the wrong-code limit only.
		o.Experiment.Source = s.experiments.SourceOf(sess.RemoteAddr())
	}
	o.Experiment.Code = cmd.Arg
	text, ok := session.CompareReport(s.sh(), o)
	if !ok {
		fmt.Fprintln(sess.Stderr(), "tutord: "+text)
		return 1
	}
	writeText(sess, false, text)
	return 0
}

// helpText is what "help" prints.
func (s *Server) helpText(t *i18n.Text) string {
	h := s.hint
	return fmt.Sprintf(t.CmdUsage, h) + "\n" + fmt.Sprintf(t.CmdUsageAccess, h) + fmt.Sprintf(t.ClassUsage, h)
}

// usageError says in one line what was wrong with a command line ParseCommand refused.
func usageError(t *i18n.Text, cmd Command, err error) string {
	var ae *ArgsError
	if !errors.As(err, &ae) {
		return fmt.Sprintf(t.CmdUnknown, printable(cmd.Name))
	}
	name := printable(ae.Name)
	switch {
	case ae.Want == 0:
		return fmt.Sprintf(t.CmdArgNone, name)
	case ae.Got > ae.Want:
		return fmt.Sprintf(t.CmdArgExtra, name)
	case ae.Name == "resume":
		return fmt.Sprintf(t.CmdArgMissing, name, t.CmdArgCode)
	default:
		return fmt.Sprintf(t.CmdArgMissing, name, t.CmdArgLesson)
	}
}

// listText is the lessons as plain text: number, id, minutes, title.
func (s *Server) listText(t *i18n.Text) string {
	var b strings.Builder
	b.WriteString(t.CmdListHeader + "\n")
	width := 0
	for _, id := range s.sh().Catalog.IDs() {
		width = max(width, len(id))
	}
	for i, l := range s.sh().Catalog.Lessons(t.Lang) {
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
	p    Program
	once sync.Once
}

func (ls *liveSession) send(msg any) { go ls.p.Send(msg) }

// appRun is a session's app, set up: its program, and how the session ends with it.
type appRun struct {
	s    *Server
	p    Program
	app  *session.App
	out  io.Writer
	t    *i18n.Text
	ctx  context.Context
	end  *ending
	code int
}

// newApp sets up the course as a bubbletea program on the session's terminal. The session
// ends when the program does (ended), on whichever goroutine ended it; termrun's Run
// returns later, once the client has closed the channel.
func (s *Server) newApp(sess ssh.Session, t *i18n.Text, cmd Command, end *ending) *appRun {
	// The size comes clamped from the window (pty.go), which the request filter keeps
	// current: the renderer allocates a cell buffer of the size it starts with.
	win, _ := s.ptyOf(sess)
	w, h := win.size()
	term := win.term // checked at the PTY request (validTerm, pty.go)
	env := clientEnv(sess)
	plain := term == "dumb" || term == "" || hasValue(env, "NO_COLOR") || cmd.Name == "plain"
	facts := s.connFacts(sess)
	// Counted among the live sessions while this one runs, and gone with it.
	anon := s.anon.Join(anonset.FromMirror(&facts))
	end.add(anon.Leave)
	a := &appRun{s: s, t: t, ctx: sess.Context(), end: end}
	o := session.Options{
		Width:   w,
		Height:  h,
		Lang:    t.Lang,
		Plain:   plain,
		Conn:    &facts,
		Anon:    anon,
		Connect: s.hint,
		Class:   s.classOptions(sess, cmd),
		// Used from Init on, when a.p is set: the program calls Init after Run starts.
		Send: func(msg tea.Msg) { a.p.Send(msg) },
		Notify: func(msg tea.Msg) {
			if h, ok := a.p.(interface{ SendHere(tea.Msg) }); ok {
				h.SendHere(msg)
				return
			}
			a.p.Send(msg)
		},
	}
	switch cmd.Name {
	case "lesson":
		o.Start = cmd.Arg
	case "whoami":
		o.Whoami = true
	case "resume":
		o.Resume = cmd.Arg
	case "compare":
		o.Experiment = session.ExperimentOptions{Compare: true, Code: cmd.Arg}
	}
	if s.experiments != nil {
		// Keyed and never logged: for the wrong-code limit only.
		o.Experiment.Source = s.experiments.SourceOf(sess.RemoteAddr())
	}
	a.app = session.New(s.sh(), o)
	end.add(a.app.Close) // leave a classroom, if any
	// The profile follows the client's terminal even in plain mode: the plain theme draws
	// no colour, and the p key can bring colour back where the terminal has it.
	profile := colorprofile.Env(append(env, "TERM="+term))
	guard := s.newAppGuard(sess)
	a.out = guard.out
	var model tea.Model = a.app
	if s.test.wrapModel != nil {
		model = s.test.wrapModel(model)
	}
	ww, wh := win.size()
	p, readsKeys := s.newProgram(model, Terminal{
		Keys: guard.in, Silent: guard.silent, Out: guard.out, Width: ww, Height: wh, Size: win.size,
		Term: term, Env: env, Profile: profile, Context: a.ctx, Plain: plain, Ended: a.ended,
	})
	a.p = p
	guard.start(a.ctx, p, term, !readsKeys)
	end.add(guard.stop)
	ls := &liveSession{p: p}
	s.track(ls, true)
	end.add(func() { s.track(ls, false) })

	// Resizes and the end of the session reach the program from the goroutines that
	// notice them (the request filter, the context), not from a goroutine of this session's.
	// The program's Send and Quit do not block (termrun); bubbletea's may until Run
	// starts, so the starting calls go on their own goroutine.
	end.add(win.watch(w, h,
		func(w, h int) {
			anon.Resize(w, h)
			p.Send(tea.WindowSizeMsg{Width: w, Height: h})
		},
		// The client closed this session's channel (the connection may live on,
		// multiplexed): end the program, so a classroom sees the student go.
		func() { go p.Quit() }))
	// The connection's end reaches the program through its Context (Terminal).
	return a
}

// run runs the program and returns the session's exit status.
func (a *appRun) run() int {
	_, err := a.p.Run()
	a.ended(err)
	return a.code
}

// ended says goodbye and ends the session, once: from the goroutine that ended the
// program (termrun tells it), or after Run returned (any program).
func (a *appRun) ended(err error) {
	a.end.run(func() int {
		a.p.Kill()
		if err != nil && a.ctx.Err() == nil && errors.Is(err, tea.ErrProgramPanic) {
			a.s.log.Error("session program panicked")
			a.s.events.Add("session_panic")
			writeText(a.out, true, "\n"+a.t.Crashed+"\n")
			a.code = 1
		} else if a.ctx.Err() == nil {
			writeText(a.out, true, a.app.Goodbye()+"\n")
		}
		return a.code
	})
}

// text is the interface strings in the language a client's environment asks for, among
// those the course is served in (built-in and the -lessons directory's).
func (s *Server) text(env []string) *i18n.Text {
	// One copy per language for every session (session.Shared.Text), not one each.
	return s.sh().Text(s.sh().Catalog.UI().FromEnv(env))
}
