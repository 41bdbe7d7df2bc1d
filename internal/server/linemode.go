package server

import (
	"fmt"
	"io"
	"strconv"

	"charm.land/ssh"

	"tutord/internal/i18n"
	"tutord/internal/linemode"
)

// lessonArg finds the lesson a command names, by id or by its number in the list; -1 if
// there is none.
func (s *Server) lessonArg(arg string) int {
	c := s.sh().Catalog
	if i := c.Index(arg); i >= 0 {
		return i
	}
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= c.Len() {
		return n - 1
	}
	return -1
}

// lineMode serves `read ID` and `quiz ID`: a lesson as plain text, or its quiz answered
// line by line, with or without a terminal.
func (s *Server) lineMode(sess ssh.Session, t *i18n.Text, cmd Command, isPTY bool) int {
	idx := s.lessonArg(cmd.Arg)
	if idx < 0 {
		fmt.Fprintln(sess.Stderr(), "tutord: "+fmt.Sprintf(t.CmdUnknownArg, printable(cmd.Arg)))
		return 1
	}
	l := s.sh().Catalog.At(t.Lang, idx)
	width := linemode.Width(0)
	var in io.Reader = sess
	var out io.Writer = sess
	if cmd.Name == "quiz" {
		g := s.newLineGuard(sess, t, isPTY)
		defer g.stop()
		in, out = g.in, g.out
	}
	if win, ok := s.ptyOf(sess); ok && isPTY {
		// No line discipline on the server's side of the terminal: write \r\n ourselves.
		w, _ := win.size()
		width = linemode.Width(w)
		out = linemode.CRLF(out)
	}
	// A shutdown ends a quiz that waits for input: say goodbye and close.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-stop:
		case <-s.drained:
			_, _ = io.WriteString(out, "\n"+t.Shutdown+"\n")
			_ = sess.Close()
		}
	}()
	ev := s.sh().Events
	switch cmd.Name {
	case "read":
		if err := linemode.Lesson(out, s.sh().Markdown, l, t, width, s.hint); err != nil {
			s.log.Error("read: render failed", "lesson", l.ID, "err", err)
			fmt.Fprintln(sess.Stderr(), "tutord: "+t.Error)
			return 1
		}
		if ev != nil {
			ev.LessonOpened(l.ID)
		}
		return 0
	default: // quiz
		lines := linemode.Lines(in)
		if isPTY {
			lines = linemode.Terminal(in, out)
		}
		z := &linemode.Quiz{In: lines, Out: out, T: t, Width: width, Hint: s.hint}
		if ev != nil {
			z.Answered, z.Finished = ev.Answered, ev.QuizFinished
		}
		outcome, _ := z.Run(l)
		if outcome == linemode.Ended {
			return 1
		}
		return 0
	}
}
