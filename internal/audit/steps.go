package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"tutord/internal/i18n"
)

// Step is one part of the session the audit runs against the server. To audit a new
// feature, add a step here: it runs under the distinctive identity like every other, and
// whatever the server does with it is scanned the same way.
type Step struct {
	Name string
	// Needs is an SSH command the server must know for the step to run: the audit asks
	// for it without a terminal first, and skips the step if the server calls it an
	// unknown command (a feature not built yet). "" always runs.
	Needs string
	Run   func(s *stepContext) error
}

// stepContext is what a step works with.
type stepContext struct {
	c *client
	t *i18n.Text // the strings in the language the identity's LANG selects
	// first is what the reader's header shows on the first lesson ("1/8"), counted from
	// the server's own list: an operator's lessons change the number.
	first string
}

// defaultSteps is the session the audit runs: plain commands, the app with a lesson and a
// quiz, a resize, the mirror lesson, a classroom and its class view (where those exist).
var defaultSteps = []Step{
	{Name: "plain commands (list, help, an unknown command, no terminal)", Run: func(s *stepContext) error {
		for _, cmd := range []string{"list", "help", "", "lesson meanings", "no-such-command"} {
			if _, err := s.c.exec(cmd); err != nil {
				return fmt.Errorf("%q: %w", cmd, err)
			}
		}
		return nil
	}},
	{Name: "the app: welcome, a lesson, its quiz", Run: func(s *stepContext) error {
		tm, err := s.c.open("")
		if err != nil {
			return err
		}
		defer tm.close()
		if _, err := tm.waitAny(s.t.WelcomeStart); err != nil {
			return err
		}
		tm.press("enter")
		if _, err := tm.waitAny(s.first); err != nil {
			return err
		}
		tm.press("pgdown", "end", "enter")
		if _, err := tm.waitAny(prefix(s.t.QuizQuestionOf)); err != nil {
			return err
		}
		// A choice question takes enter; a sorting question takes a bin number per case.
		tm.press("enter")
		if _, err := tm.waitFor(3*time.Second, s.t.QuizRight, s.t.QuizWrong); err != nil {
			tm.press("1", "1", "1", "1", "1", "1", "enter")
			if _, err := tm.waitAny(s.t.QuizRight, s.t.QuizWrong); err != nil {
				return err
			}
		}
		tm.press("?", "x", "L", "L")
		tm.quit()
		return nil
	}},
	{Name: "the app in a resized window", Run: func(s *stepContext) error {
		tm, err := s.c.open("lesson meanings")
		if err != nil {
			return err
		}
		defer tm.close()
		if _, err := tm.waitAny(s.first); err != nil {
			return err
		}
		tm.resize(s.c.id.RW, s.c.id.RH)
		tm.press("pgdown")
		if _, err := tm.waitAny(s.first); err != nil {
			return err
		}
		tm.quit()
		return nil
	}},
	{Name: "the mirror lesson (whoami)", Needs: "whoami", Run: func(s *stepContext) error {
		tm, err := s.c.open("whoami")
		if err != nil {
			return err
		}
		defer tm.close()
		// It shows the learner their own values; what matters is that nothing of it
		// stays behind. Give it a moment to draw, page through, leave.
		if _, err := tm.waitAny(s.c.id.User, "SHA256:"); err != nil {
			return err
		}
		tm.press("pgdown", "pgdown", "end")
		tm.quit()
		return nil
	}},
	{Name: "a classroom (teach, join)", Needs: "teach", Run: func(s *stepContext) error {
		teacher, code, err := openRoom(s)
		if err != nil {
			return err
		}
		defer teacher.close()
		student, err := joinRoom(s, code)
		if err != nil {
			return err
		}
		defer student.close()
		if _, err := teacher.waitAny(s.t.ClassJoined.N(1)); err != nil {
			return err
		}
		// A lesson for the class, a page, a question opened, answered, closed, revealed.
		teacher.press("enter", "down", "enter", "right", "o")
		student.press("1", "enter", "1", "1", "1", "1", "enter")
		teacher.press("right", "right")
		student.quit()
		teacher.quit()
		return nil
	}},
	{Name: "the class view (s) over five students", Needs: "teach", Run: classView},
	{Name: "the two-connection experiment (whoami, compare)", Needs: "compare", Run: experiment},
}

// classView opens a room with five students of the audit's identity and puts the class
// view on: with five alike, each group reaches k=5 and the projector shows the identity's
// client version and window size as group values. None of it may stay behind.
func classView(s *stepContext) error {
	teacher, code, err := openRoom(s)
	if err != nil {
		return err
	}
	defer teacher.close()
	const n = 5
	var students []*term
	defer func() {
		for _, st := range students {
			st.close()
		}
	}()
	for range n {
		st, err := joinRoom(s, code)
		if err != nil {
			return err
		}
		students = append(students, st)
	}
	if _, err := teacher.waitAny(s.t.ClassJoined.N(n)); err != nil {
		return err
	}
	teacher.press("s")
	if _, err := teacher.waitAny(s.t.ClassClientsTitle); err != nil {
		return err
	}
	if _, err := students[0].waitAny(s.t.ClassClientsYou); err != nil {
		return err
	}
	// The client group is on the second page: the identity's version, on the projector.
	teacher.press("pgdown")
	if _, err := teacher.waitAny(s.c.id.Version); err != nil {
		return fmt.Errorf("the class view did not show the client version: %w", err)
	}
	teacher.press("s")
	for _, st := range students {
		st.quit()
	}
	teacher.quit()
	return nil
}

// experiment runs the two-connection experiment: the mirror's code, a second connection
// that compares with it, and the comparison on both screens. The code is looked for
// afterwards like the client's own values.
func experiment(s *stepContext) error {
	ref, err := s.c.open("whoami")
	if err != nil {
		return err
	}
	defer ref.close()
	if _, err := ref.waitAny(s.c.id.User); err != nil {
		return err
	}
	var code string
	for range 40 { // the code sits at the end of the panel: page down to it
		if m := compareLine.FindStringSubmatch(ref.screen()); m != nil {
			code = m[1]
			break
		}
		ref.press("pgdown")
		_, _ = ref.waitFor(300*time.Millisecond, "compare ") // a moment to draw
	}
	if code == "" {
		return fmt.Errorf("no experiment code on the mirror:\n%s", ref.screen())
	}
	s.c.secret("experiment code", code, strings.ReplaceAll(code, "-", ""))
	b, err := s.c.open("compare " + code)
	if err != nil {
		return err
	}
	defer b.close()
	if _, err := b.waitAny(s.t.ExpTitle); err != nil {
		return err
	}
	b.press("pgdown", "end")
	b.quit()
	if _, err := ref.waitAny(prefix(s.t.ExpOwnerSeen.Form(1))); err != nil {
		return err
	}
	ref.quit()
	return nil
}

// The codes on the teacher's screen: kept by the server for the room's life only, they
// must not show up in anything it writes either.
var (
	teacherCode = regexp.MustCompile(`\b([A-Z0-9]{5}-[A-Z0-9]{5})\b`)
	compareLine = regexp.MustCompile(`compare\s+([A-Z0-9]{3}-[A-Z0-9]{3})\b`)
	joinLine    = regexp.MustCompile(`join\s+([A-Z0-9]{4,}(?:-[A-Z0-9]+)*)`)
)

// openRoom opens a room as its teacher and shows the room code; both codes become
// secrets to look for afterwards. The caller closes the teacher's terminal.
func openRoom(s *stepContext) (teacher *term, code string, err error) {
	teacher, err = s.c.open("teach")
	if err != nil {
		return nil, "", err
	}
	if _, err := teacher.waitAny(prefix(s.t.ClassTeacherCode)); err != nil {
		teacher.close()
		return nil, "", err
	}
	if m := teacherCode.FindStringSubmatch(teacher.screen()); m != nil {
		s.c.secret("teacher code", m[1], strings.ReplaceAll(m[1], "-", ""))
	}
	teacher.press("enter") // show the room code
	if code, err = roomCode(teacher); err != nil {
		teacher.close()
		return nil, "", err
	}
	s.c.secret("room code", code)
	return teacher, code, nil
}

// joinRoom joins the room of code as a student and waits for the student's screen. The
// caller closes the student's terminal.
func joinRoom(s *stepContext, code string) (*term, error) {
	st, err := s.c.open("join " + code)
	if err != nil {
		return nil, err
	}
	if _, err := st.waitAny(s.t.ClassYouAre); err != nil {
		st.close()
		return nil, err
	}
	return st, nil
}

// roomCode reads the room code off the teacher's screen, from the join line it shows.
func roomCode(teacher *term) (string, error) {
	if _, err := teacher.waitAny("join "); err != nil {
		return "", err
	}
	m := joinLine.FindStringSubmatch(teacher.screen())
	if m == nil {
		return "", fmt.Errorf("no room code on the teacher's screen:\n%s", teacher.screen())
	}
	return m[1], nil
}

// prefix is a format string up to its first verb: "Question %d of %d" → "Question ".
func prefix(format string) string {
	if i := strings.IndexByte(format, '%'); i >= 0 {
		return format[:i]
	}
	return format
}

// lessonCount counts the lessons in the output of `ssh HOST list`: the lines that start
// with a number.
func lessonCount(list string) int {
	n := 0
	for _, line := range strings.Split(list, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && strings.Trim(f[0], "0123456789") == "" {
			n++
		}
	}
	return n
}

// DefaultSteps returns the session the audit runs, a copy the caller may change.
func DefaultSteps() []Step { return slices.Clone(defaultSteps) }
