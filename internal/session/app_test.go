package session

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"tutord/internal/lessons"
	"tutord/internal/markdown"
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

// TestCourseThroughAProgram drives the app as a real bubbletea program: start, read the
// first lesson, pass its quiz, quit; the final model holds the progress.
func TestCourseThroughAProgram(t *testing.T) {
	sh := shared(t)
	app := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
	tm := teatest.NewTestModel(t, app,
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "Start the course") },
		teatest.WithDuration(5*time.Second))
	first := sh.Catalog.At("en", 0)
	keys := append([]string{"enter", "enter"}, answerAll(first)...)
	for _, k := range keys {
		tm.Send(key(k))
	}
	tm.Send(key("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	if st := final.progress[first.ID].Status; st != lessons.QuizPassed {
		t.Errorf("after answering every question right, status is %v, want passed", st)
	}
	if r, n := lessons.Score(final.progress[first.ID].Results); r != n {
		t.Errorf("score %d of %d, want all", r, n)
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
	if !strings.Contains(en, "Question 1 of") || !strings.Contains(de, "Frage 1 von") {
		t.Errorf("language switch mid-quiz:\n%s\n---\n%s", en, de)
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
