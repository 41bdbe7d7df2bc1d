package session

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"

	"tutord/internal/lessons"
	"tutord/internal/markdown"
	"tutord/internal/termrun"
)

func shared(t testing.TB) *Shared {
	t.Helper()
	c, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return &Shared{Catalog: c, Markdown: markdown.New(64, "")}
}

// key builds the key message a terminal would produce for a key name.
func key(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// answerAll returns the keys that answer every question of l right at the first try.
func answerAll(l *lessons.Lesson) []string {
	var keys []string
	for _, q := range l.Quiz.Questions {
		if q.Kind == lessons.Classify {
			for _, s := range q.Scenarios {
				keys = append(keys, string(rune('1'+s.Bin)))
			}
			keys = append(keys, "enter")
		} else {
			for range q.Right() {
				keys = append(keys, "down")
			}
			keys = append(keys, "enter")
		}
		keys = append(keys, "enter") // next question
	}
	return keys
}

// keyBytes are the bytes a terminal sends for the key names the tests use.
var keyBytes = map[string]string{"enter": "\r", "down": "\x1b[B", "up": "\x1b[A", "space": " ", "ctrl+c": "\x03"}

// vtScreen is a virtual terminal a program writes to while the test reads it (vt's
// SafeEmulator does not lock String).
type vtScreen struct {
	mu  sync.Mutex
	emu *vt.Emulator
}

func (s *vtScreen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.Write(p)
}

func (s *vtScreen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

// TestCourseThroughAProgram drives the app on termrun, the runner the server uses, as a
// terminal would: the keys as bytes in, the frames into a virtual terminal. Start, read
// the first lesson, pass its quiz, quit; the final model holds the progress.
func TestCourseThroughAProgram(t *testing.T) {
	t.Parallel()
	sh := shared(t)
	app := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
	in, keys := io.Pipe()
	scr := &vtScreen{emu: vt.NewEmulator(80, 24)}
	go func() { _, _ = io.Copy(io.Discard, scr.emu) }() // the terminal's replies to queries go nowhere
	p := termrun.New(app, termrun.Options{
		Input: in, Output: scr, Width: 80, Height: 24, Term: "xterm-256color", Profile: colorprofile.Ascii,
		Ended: func(error) { _ = in.Close() }, // Run reads the keys itself: the end ends them
	})
	type result struct {
		m   tea.Model
		err error
	}
	done := make(chan result, 1)
	go func() { m, err := p.Run(); done <- result{m, err} }()
	t.Cleanup(func() { p.Kill(); _ = keys.Close() })

	waitFor := func(text string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(scr.String(), text) {
			if time.Now().After(deadline) {
				t.Fatalf("screen never showed %q; it shows:\n%s", text, scr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	press := func(ks ...string) {
		t.Helper()
		for _, k := range ks {
			b, ok := keyBytes[k]
			if !ok {
				b = k
			}
			if _, err := io.WriteString(keys, b); err != nil {
				t.Fatalf("press %q: %v", k, err)
			}
		}
	}
	waitFor("Start the course")
	first := sh.Catalog.At("en", 0)
	press("enter") // start the course: its first lesson
	waitFor(first.Title)
	press("enter") // skip to the quiz; keys are taken in order, so no waiting is needed
	press(answerAll(first)...)
	press("q")
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("q did not end the program; the screen shows:\n%s", scr.String())
	}
	if r.err != nil {
		t.Fatalf("run: %v", r.err)
	}
	final := r.m.(*App)
	if st := final.progress[first.ID].Status; st != lessons.QuizPassed {
		t.Errorf("after answering every question right, status is %v, want passed", st)
	}
	if got, n := lessons.Score(final.progress[first.ID].Results); got != n {
		t.Errorf("score %d of %d, want all", got, n)
	}
}

// screens visits every kind of screen and returns its views.
func screens(t *testing.T, a *App) map[string]string {
	t.Helper()
	out := map[string]string{"welcome": a.viewString()}
	press := func(ks ...string) {
		for _, k := range ks {
			a.Update(key(k))
		}
	}
	press("?")
	out["help"] = a.viewString()
	press("x", "down", "enter")
	out["menu"] = a.viewString()
	press("enter")
	out["reader"] = a.viewString()
	press("enter")
	out["quiz"] = a.viewString()
	q := &a.lesson(0).Quiz.Questions[0]
	if q.Kind != lessons.Classify {
		for i, o := range q.Options {
			if !o.Right {
				for range i {
					press("down")
				}
				break
			}
		}
		press("enter")
		out["quiz-wrong"] = a.viewString()
		press("enter")
		out["quiz-answer"] = a.viewString()
	}
	a.showFinal()
	out["final"] = a.viewString()
	return out
}

// TestEveryScreenFitsTheWindow: at 40x15 and 80x24 every line fits and the hint line is last.
func TestEveryScreenFitsTheWindow(t *testing.T) {
	for _, size := range [][2]int{{40, 15}, {80, 24}, {133, 50}} {
		for _, lang := range []string{"en", "de"} {
			a := New(shared(t), Options{Width: size[0], Height: size[1], Lang: lang})
			for name, v := range screens(t, a) {
				lines := strings.Split(v, "\n")
				if len(lines) != size[1] {
					t.Errorf("%dx%d %s %s: %d lines, want %d", size[0], size[1], lang, name, len(lines), size[1])
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Errorf("%dx%d %s %s line %d is %d wide: %q", size[0], size[1], lang, name, i, w, ansi.Strip(l))
					}
				}
				if last := ansi.Strip(lines[len(lines)-1]); !strings.Contains(last, "q ") {
					t.Errorf("%dx%d %s %s: the last line is not the key hint: %q", size[0], size[1], lang, name, last)
				}
			}
		}
	}
}

func TestPlainModeIsASCII(t *testing.T) {
	a := New(shared(t), Options{Width: 80, Height: 24, Lang: "en", Plain: true})
	for name, v := range screens(t, a) {
		for _, r := range v {
			if r > 127 {
				t.Errorf("plain %s contains %q:\n%s", name, r, v)
				break
			}
		}
		if strings.Contains(v, "\x1b") {
			t.Errorf("plain %s contains escape sequences", name)
		}
	}
}

func TestTooSmallSaysSoAndRecovers(t *testing.T) {
	a := New(shared(t), Options{Width: 30, Height: 10, Lang: "en"})
	if v := a.viewString(); !strings.Contains(v, "at least 40x15") {
		t.Errorf("small window view: %q", v)
	}
	a.Update(tea.WindowSizeMsg{Width: 0, Height: 0})
	_ = a.viewString()
	a.Update(tea.WindowSizeMsg{Width: 100000, Height: 100000})
	if a.w > MaxWidth || a.h > MaxHeight {
		t.Errorf("size not clamped: %dx%d", a.w, a.h)
	}
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if v := a.viewString(); !strings.Contains(v, "Start the course") {
		t.Errorf("did not recover:\n%s", v)
	}
}

func TestCtrlCQuitsFromEveryScreen(t *testing.T) {
	a := New(shared(t), Options{Width: 80, Height: 24, Lang: "en"})
	for _, nav := range []func(){a.showWelcome, a.showMenu, func() { a.openLesson(2) }, func() { a.startQuiz(2) }, a.showFinal} {
		nav()
		_, cmd := a.Update(key("ctrl+c"))
		if cmd == nil {
			t.Fatal("ctrl+c returned no command")
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("ctrl+c on %T did not quit", a.cur)
		}
	}
}

func TestLanguageSwitchKeepsTheQuiz(t *testing.T) {
	a := New(shared(t), Options{Width: 80, Height: 24, Lang: "en"})
	a.startQuiz(0)
	en := a.viewString()
	a.Update(key("L"))
	de := a.viewString()
	a.Update(key("L"))
	fr := a.viewString()
	a.Update(key("L"))
	back := a.viewString()
	if !strings.Contains(en, "Question 1 of") || !strings.Contains(de, "Frage 1 von") || !strings.Contains(fr, "Question 1 sur") || back != en {
		t.Errorf("language switch mid-quiz (en, de, fr, en):\n%s\n---\n%s\n---\n%s\n---\n%s", en, de, fr, back)
	}
}

// TestLeavingAQuizKeepsItsFirstAnswers: esc back to the lesson after a wrong answer and
// into the quiz again continues it; the wrong first answer still counts.
func TestLeavingAQuizKeepsItsFirstAnswers(t *testing.T) {
	sh := shared(t)
	a := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
	l := sh.Catalog.At("en", 0)
	q := l.Quiz.Questions[0]
	if q.Kind == lessons.Classify {
		t.Skip("the first question is a sorting")
	}
	a.startQuiz(0)
	wrong := (q.Right() + 1) % len(q.Options)
	a.Update(key(string(rune('1' + wrong))))
	a.Update(key("esc"))
	if a.cur != &a.reader {
		t.Fatal("esc did not go back to the lesson")
	}
	a.Update(key("enter")) // the reader's enter opens the quiz
	if a.cur != &a.quiz || a.quiz.phase != tryAgain {
		t.Fatalf("the quiz did not continue where it was (phase %v)", a.quiz.phase)
	}
	a.Update(key("r"))
	a.Update(key(string(rune('1' + q.Right()))))
	a.Update(key("enter"))
	rest := *l
	rest.Quiz.Questions = l.Quiz.Questions[1:]
	for _, k := range answerAll(&rest) {
		a.Update(key(k))
	}
	right, total := lessons.Score(a.progress[l.ID].Results)
	if right != total-1 {
		t.Fatalf("score %d of %d: the wrong first answer was forgotten", right, total)
	}
}

// TestReaderShowsTheTitleOnce: the header carries the lesson's title; the body starts with
// the text, not the title again (a line lost at 80x24, more at 40x15).
func TestReaderShowsTheTitleOnce(t *testing.T) {
	sh := shared(t)
	for _, size := range [][2]int{{80, 24}, {40, 15}} {
		for _, plain := range []bool{false, true} {
			for i, l := range sh.Catalog.Lessons("en") {
				if l.Live != "" {
					continue // opens on its live panel
				}
				a := New(sh, Options{Width: size[0], Height: size[1], Lang: "en", Plain: plain})
				a.openLesson(i)
				screen := ansi.Strip(a.viewString())
				head := firstWords(l.Title)
				if n := strings.Count(screen, head); n != 1 {
					t.Errorf("%dx%d plain=%v, %s: title shown %d times:\n%s", size[0], size[1], plain, l.ID, n, screen)
				}
			}
		}
	}
}

// TestEnterSkipsToTheQuizUntilTheLessonIsRead: on a lesson not yet read to its end, enter
// is named for what it does; once the end has been on screen, it is the quiz.
func TestEnterSkipsToTheQuizUntilTheLessonIsRead(t *testing.T) {
	sh := shared(t)
	a := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
	a.openLesson(0)
	if s := ansi.Strip(a.viewString()); !strings.Contains(s, "enter skip to quiz") {
		t.Fatalf("first page does not offer to skip to the quiz:\n%s", s)
	}
	a.Update(key("space"))
	if s := ansi.Strip(a.viewString()); !strings.Contains(s, "skip to quiz") {
		t.Fatalf("second page does not say skip:\n%s", s)
	}
	a.Update(key("G"))
	if s := ansi.Strip(a.viewString()); !strings.Contains(s, "enter quiz") || strings.Contains(s, "skip") {
		t.Fatalf("at the end, enter is not just the quiz:\n%s", s)
	}
	// Back to the top: the lesson has been read, so enter is the quiz there too.
	a.Update(key("g"))
	if s := ansi.Strip(a.viewString()); !strings.Contains(s, "enter quiz") {
		t.Fatalf("a read lesson's top says skip again:\n%s", s)
	}
	de := New(sh, Options{Width: 80, Height: 24, Lang: "de"})
	de.openLesson(1)
	if s := ansi.Strip(de.viewString()); !strings.Contains(s, "zum Quiz springen") {
		t.Fatalf("German reader does not say skip:\n%s", s)
	}
}

// TestMiddleOfAPageSaysThereIsMoreAbove: a page scrolled into its middle says that text is
// hidden above as well as below (a screen that starts mid-sentence looked like the top).
func TestMiddleOfAPageSaysThereIsMoreAbove(t *testing.T) {
	t.Parallel()
	sh := shared(t)
	for _, plain := range []bool{false, true} {
		a := New(sh, Options{Width: 40, Height: 15, Lang: "en", Plain: plain})
		a.openLesson(0)
		above, below := "↑ ↓ more", "↓ more"
		if plain {
			above, below = "(more above) (more below", "(more below"
		}
		if s := ansi.Strip(a.viewString()); !strings.Contains(s, below) || strings.Contains(s, above) {
			t.Errorf("plain=%v: the top of the page:\n%s", plain, s)
		}
		a.Update(key("down"))
		if s := ansi.Strip(a.viewString()); !strings.Contains(s, above) {
			t.Errorf("plain=%v: one line down, no sign of the text above:\n%s", plain, s)
		}
	}
}

// TestResumeCodeSaysAQuizUnderWayIsNotInIt: a code holds finished quizzes only; taken in
// the middle of one, the resume screen says its answers so far are not in it.
func TestResumeCodeSaysAQuizUnderWayIsNotInIt(t *testing.T) {
	t.Parallel()
	sh := shared(t)
	a := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
	l := sh.Catalog.Lessons("en")[0]
	a.openLesson(0)
	a.startQuiz(0)
	keys := answerAll(l)
	for _, k := range keys[:len(keys)/len(l.Quiz.Questions)] { // about one question's keys
		a.Update(key(k))
	}
	if len(a.quiz.att.Results()) == 0 {
		t.Fatal("no answer given")
	}
	a.Update(key("c"))
	if s := strings.Join(strings.Fields(ansi.Strip(a.viewString())), " "); !strings.Contains(s, "The quiz you are in counts once you finish it") {
		t.Errorf("the resume screen in the middle of a quiz:\n%s", s)
	}
}
