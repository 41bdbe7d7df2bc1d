package session

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tutord/internal/lessons"
)

// quizState is one state of the lesson quiz to check: a kind's question being answered,
// after a wrong or a right answer, or the result.
type quizState struct {
	name        string
	kind, phase string
	build       func(t *testing.T, w, h int, lang string) *App
}

// make builds the state and draws it, as the learner sees it before a key.
func (st quizState) make(t *testing.T, w, h int, lang string) *App {
	a := st.build(t, w, h, lang)
	_ = a.viewString()
	return a
}

// quizStates are the states of each kind of question (the first of each kind in the
// course) and the result screen.
func quizStates(t *testing.T) []quizState {
	sh := shared(t)
	var out []quizState
	seen := map[lessons.Kind]bool{}
	for i, l := range sh.Catalog.Lessons("en") {
		for j, q := range l.Quiz.Questions {
			if seen[q.Kind] {
				continue
			}
			seen[q.Kind] = true
			at := func(t *testing.T, w, h int, lang string) (*App, *lessons.Question) {
				a := New(sh, Options{Width: w, Height: h, Lang: lang})
				a.startQuiz(i)
				a.quiz.att.Cur = j
				a.quiz.resetQuestion()
				return a, a.quiz.question(a)
			}
			kind := kindName(q.Kind)
			name := kind + " " + q.ID
			out = append(out,
				quizState{name + " asking", kind, "asking", func(t *testing.T, w, h int, lang string) *App {
					a, _ := at(t, w, h, lang)
					return a
				}},
				quizState{name + " wrong", kind, "wrong", func(t *testing.T, w, h int, lang string) *App {
					a, q := at(t, w, h, lang)
					a.quiz.answer(a, q, wrongAnswer(q))
					if a.quiz.phase != tryAgain {
						t.Fatalf("%s: a wrong answer did not ask to retry", q.ID)
					}
					return a
				}},
				quizState{name + " right", kind, "right", func(t *testing.T, w, h int, lang string) *App {
					a, q := at(t, w, h, lang)
					a.quiz.answer(a, q, rightAnswer(q))
					if a.quiz.phase != resolved {
						t.Fatalf("%s: the right answer did not resolve the question", q.ID)
					}
					return a
				}},
			)
		}
	}
	if len(seen) != 4 {
		t.Fatalf("the course has %d kinds of question, the test knows 4", len(seen))
	}
	out = append(out, quizState{"result", "", "result", func(t *testing.T, w, h int, lang string) *App {
		a := New(sh, Options{Width: w, Height: h, Lang: lang})
		a.startQuiz(0)
		m := &a.quiz
		m.att.Cur = len(m.att.Quiz.Questions) - 1
		m.resetQuestion()
		m.next(a) // the last question: to the result, with every question missed
		if m.phase != summary {
			t.Fatal("no result after the last question")
		}
		return a
	}})
	return out
}

func kindName(k lessons.Kind) string {
	switch k {
	case lessons.TrueFalse:
		return "truefalse"
	case lessons.Classify:
		return "classify"
	case lessons.CheckAll:
		return "checkall"
	}
	return "single"
}

func rightAnswer(q *lessons.Question) lessons.Answer {
	switch q.Kind {
	case lessons.Classify:
		var bins []int
		for _, s := range q.Scenarios {
			bins = append(bins, s.Bin)
		}
		return lessons.Answer{Bins: bins}
	case lessons.CheckAll:
		var picks []bool
		for _, o := range q.Options {
			picks = append(picks, o.Right)
		}
		return lessons.Answer{Picks: picks}
	}
	return lessons.Answer{Choice: q.Right()}
}

func wrongAnswer(q *lessons.Question) lessons.Answer {
	ans := rightAnswer(q)
	switch q.Kind {
	case lessons.Classify:
		for i := range ans.Bins {
			ans.Bins[i] = (ans.Bins[i] + 1) % len(q.Bins)
		}
	case lessons.CheckAll:
		for i := range ans.Picks {
			ans.Picks[i] = !ans.Picks[i]
		}
	default:
		ans.Choice = (ans.Choice + 1) % len(q.Options)
	}
	return ans
}

// pressKey is the key message a terminal produces for a key as bindings name it.
func pressKey(name string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"backspace": {Code: tea.KeyBackspace}, "home": {Code: tea.KeyHome},
		"end": {Code: tea.KeyEnd}, "pgdown": {Code: tea.KeyPgDown}, "pgup": {Code: tea.KeyPgUp},
	}
	if k, ok := special[name]; ok {
		return k
	}
	return key(name)
}

// shownKeys reads a key column as the hint line or the help overlay shows it
// ("↑↓ / shift+tab / tab / k j", "1-4", "←→ / h l") back into key names.
func shownKeys(col string) []string {
	var out []string
	for _, part := range strings.Split(col, " / ") {
		switch {
		case part == "↑↓" || part == "up/down":
			out = append(out, "up", "down")
		case part == "←→" || part == "left/right":
			out = append(out, "left", "right")
		case part == "↑" || part == "up":
			out = append(out, "up")
		case part == "↓" || part == "down":
			out = append(out, "down")
		case part == "←":
			out = append(out, "left")
		case part == "→":
			out = append(out, "right")
		case part == "pgdn":
			out = append(out, "pgdown")
		case len(part) == 3 && part[0] == '1' && part[1] == '-':
			for d := '1'; d <= rune(part[2]); d++ {
				out = append(out, string(d))
			}
		default:
			out = append(out, strings.Fields(part)...)
		}
	}
	return out
}

// fingerprint is what a key can change on a quiz screen, or anywhere in the app.
func fingerprint(a *App, cmd tea.Cmd) string {
	_ = a.viewString() // the frame clamps the scroll offset
	m := &a.quiz
	return fmt.Sprintf("%T help=%v plain=%v %s phase=%d cur=%d sel=%d %v %v off=%d/%v gaveUp=%v notice=%q end=%d cmd=%v",
		a.cur, a.help, a.plain, a.lang, m.phase, m.att.Cur, m.in.sel, m.in.bins, m.in.picks,
		m.off, m.scrolled, m.gaveUp, m.notice, m.end.sel, cmd != nil)
}

// acts reports whether key k does something in the state: from the state as it comes, or
// once moved to the end of its list and down a page (home and pgup do nothing at the top).
func acts(t *testing.T, st quizState, w, h int, k string) bool {
	for _, before := range [][]string{nil, {"end", "pgdown"}} {
		a := st.make(t, w, h, "en")
		for _, b := range before {
			a.Update(pressKey(b))
		}
		was := fingerprint(a, nil)
		_, cmd := a.Update(pressKey(k))
		if fingerprint(a, cmd) != was {
			return true
		}
	}
	return false
}

// hintKeys reads the hint line (the last line): the keys it names as working.
func hintKeys(a *App) []string {
	v := ansi.Strip(a.viewString())
	line := v[strings.LastIndexByte(v, '\n')+1:]
	var keys []string
	for _, e := range strings.Split(strings.TrimSpace(line), a.theme.g.sep) {
		label, _, _ := strings.Cut(e, " ")
		keys = append(keys, shownKeys(label)...)
	}
	return keys
}

// candidateKeys are every key a quiz screen might take.
var candidateKeys = []string{
	"up", "down", "left", "right", "k", "j", "h", "l", "tab", "shift+tab", "enter", "space",
	"esc", "backspace", "home", "end", "g", "G", "pgdown", "pgup", "x", "r",
	"1", "2", "3", "4", "5", "6", "7", "8", "9", "b", "f", "n",
}

// TestQuizKeysSayWhatTheyDo: on every kind of question, after a wrong and a right answer
// and on the result, each key the hint line or the help overlay names does something,
// and each key that does something is in the help overlay.
func TestQuizKeysSayWhatTheyDo(t *testing.T) {
	t.Parallel()
	for _, k := range candidateKeys {
		if got := pressKey(k).String(); got != k {
			t.Fatalf("the test's key %q reads as %q", k, got)
		}
	}
	for _, st := range quizStates(t) {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			// Wide enough for the overlay's two columns; 120x40 fits most explanations,
			// 80x15 scrolls them.
			keysSayWhatTheyDo(t, candidateKeys, func(w, h int) *App { return st.make(t, w, h, "en") },
				func(w, h int, k string) bool { return acts(t, st, w, h, k) })
		})
	}
}

// keysSayWhatTheyDo checks one screen state at three sizes: each key its hint line names
// is in its help overlay, each key the overlay names acts, and of the candidates, each
// that acts is named in the overlay.
func keysSayWhatTheyDo(t *testing.T, candidates []string, make func(w, h int) *App, acts func(w, h int, k string) bool) {
	t.Helper()
	for _, size := range [][2]int{{120, 40}, {80, 24}, {80, 15}} {
		w, h := size[0], size[1]
		shown := overlayNames(t, make(w, h))
		for _, k := range hintKeys(make(w, h)) {
			if !slices.Contains(shown, k) {
				t.Errorf("%dx%d: the hint line names %q, the help overlay does not", w, h, k)
			}
		}
		for _, k := range shown {
			if !acts(w, h, k) {
				t.Errorf("%dx%d: the help overlay names %q, and it does nothing", w, h, k)
			}
		}
		for _, k := range candidates {
			if !slices.Contains(shown, k) && acts(w, h, k) {
				t.Errorf("%dx%d: %q acts, and the help overlay does not name it", w, h, k)
			}
		}
	}
}

// TestQuizHintLineNamesTheAnswerKeys: the hint line, wide enough, names what answers each
// kind (space ticks, ←→ sort, r retries) in English and German.
func TestQuizHintLineNamesTheAnswerKeys(t *testing.T) {
	t.Parallel()
	want := map[string][]string{
		"single asking":    {"enter", "up", "down", "esc"},
		"truefalse asking": {"enter", "up", "down", "esc"},
		"classify asking":  {"enter", "left", "right", "up", "down", "esc"},
		"checkall asking":  {"space", "enter", "up", "down", "esc"},
		"wrong":            {"r", "enter", "esc"},
		"right":            {"enter", "esc"},
		"result":           {"enter", "up", "down", "esc"},
	}
	for _, st := range quizStates(t) {
		keys, ok := want[st.kind+" "+st.phase]
		if !ok {
			keys = want[st.phase]
		}
		for _, lang := range []string{"en", "de"} {
			got := hintKeys(st.make(t, 100, 24, lang))
			for _, k := range keys {
				if !slices.Contains(got, k) {
					t.Errorf("%s %s: the hint line lacks %q: %v", st.name, lang, k, got)
				}
			}
			for _, k := range got {
				if k == "1" {
					t.Errorf("%s %s: the hint line names the numbers; the help overlay is their place", st.name, lang)
				}
			}
		}
	}
}

// TestLastQuestionsEnterSaysResult: the help overlay says where enter goes after an
// answer: the next question, or on the last one the result.
func TestLastQuestionsEnterSaysResult(t *testing.T) {
	t.Parallel()
	sh := shared(t)
	for _, lang := range []string{"en", "de", "fr"} {
		a := New(sh, Options{Width: 120, Height: 40, Lang: lang})
		a.startQuiz(0)
		m := &a.quiz
		for {
			q := m.question(a)
			m.answer(a, q, rightAnswer(q))
			_ = a.viewString()
			a.Update(key("?"))
			help := ansi.Strip(a.viewString())
			a.Update(key("?"))
			last := m.att.Cur == len(m.att.Quiz.Questions)-1
			want, not := a.t.HelpQuizNext, a.t.HelpQuizResult
			if last {
				want, not = not, want
			}
			if !strings.Contains(help, want) || strings.Contains(help, not) {
				t.Errorf("%s question %d: the overlay does not say enter goes to %q:\n%s", lang, m.att.Cur+1, want, help)
			}
			a.Update(key("enter"))
			if last {
				break
			}
		}
		if m.phase != summary {
			t.Errorf("%s: enter on the last question did not show the result", lang)
		}
	}
}

// TestSortingRetryStartsAtTheFirstWrongCase: after r on a sorting answered with its first
// case right and the others wrong, the cursor is on the second case, not the last.
func TestSortingRetryStartsAtTheFirstWrongCase(t *testing.T) {
	t.Parallel()
	sh := shared(t)
	for i := range sh.Catalog.Len() {
		l := sh.Catalog.At("en", i)
		for qi, q := range l.Quiz.Questions {
			if q.Kind != lessons.Classify || len(q.Scenarios) < 2 {
				continue
			}
			a := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
			a.startQuiz(i)
			for range qi {
				a.quiz.att.Next()
				a.quiz.resetQuestion()
			}
			for si, s := range q.Scenarios {
				bin := s.Bin
				if si > 0 {
					bin = (bin + 1) % len(q.Bins)
				}
				a.Update(key(string(rune('1' + bin))))
			}
			a.Update(key("enter"))
			a.Update(key("r"))
			if a.quiz.phase != asking || a.quiz.in.sel != 1 {
				t.Errorf("lesson %d question %d: after r the cursor is on case %d (phase %v), want case 2", i+1, qi+1, a.quiz.in.sel+1, a.quiz.phase)
			}
			return
		}
	}
	t.Skip("no sorting question in the course")
}
