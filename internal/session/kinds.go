package session

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"tutord/internal/classroom"
	"tutord/internal/lessons"
)

// kindView is how the app draws one kind of question and takes its keys, in the lesson
// quiz and in a class. What a kind means (grading, counting) is in package lessons; every
// branch of the app on a question's kind is in this file.
type kindView interface {
	// label is the line above the prompt ("Choose one answer."), "" for none.
	label(a *App) string
	// headExtra follows the prompt (e.g. the bins of a classification).
	headExtra(a *App, q *lessons.Question, answering bool) []string
	// reset prepares the input for a fresh question; restore puts a given answer back.
	reset(in *answerInput, q *lessons.Question)
	restore(in *answerInput, q *lessons.Question, ans lessons.Answer)
	// keymap is the keys that answer q, in the lesson quiz or in a class: the hint line
	// and the help overlay show them, and key takes them.
	keymap(a *App, q *lessons.Question, class bool) answerKeys
	// key applies a key of km (keymap's); incomplete is set when the learner submitted an
	// answer with a part missing (the cursor is then on it).
	key(in *answerInput, q *lessons.Question, km *answerKeys, k tea.KeyPressMsg) (ans *lessons.Answer, incomplete bool)
	// incomplete is the notice for a submitted answer with a part missing.
	incomplete(a *App) string

	// The lesson quiz.
	quizBody(m *quizModel, a *App, q *lessons.Question, body []string) (out []string, top, bottom int)
	// wrongNote follows "Not right." after a wrong answer.
	wrongNote(m *quizModel, a *App, q *lessons.Question) string
	// gaveUp is the status once the learner asked for the right answer.
	gaveUp(a *App, q *lessons.Question) string
	// rightLines are the right answer in the quiz summary: a label and a text each; none
	// for a sorting.
	rightLines(a *App, q *lessons.Question) [][2]string
	// followResolved is set when the resolved question keeps the right answer in view.
	followResolved() bool
	// retry keeps what a wrong answer shows during the retry (m.wrong, m.tried).
	retry(m *quizModel, ans lessons.Answer, r lessons.Result)

	// A class: the student's screen and the teacher's counts.
	studentBody(m *studentModel, a *App, q *lessons.Question, body []string) (out []string, top, bottom int)
	distribution(a *App, q *lessons.Question, tl classroom.Tally, revealed, counts bool) []string
}

// viewOf is the drawing for q's kind.
func viewOf(q *lessons.Question) kindView {
	switch q.Kind {
	case lessons.TrueFalse:
		return choiceView{trueFalse: true}
	case lessons.Classify:
		return classifyView{}
	case lessons.CheckAll:
		return checkView{}
	default:
		return choiceView{}
	}
}

// choiceView draws single-choice and true/false questions: one option to pick.
type choiceView struct{ trueFalse bool }

func (v choiceView) label(a *App) string {
	if v.trueFalse {
		return a.t.QuizTrueFalse
	}
	return a.t.QuizChooseOne
}

func (choiceView) headExtra(*App, *lessons.Question, bool) []string { return nil }

func (choiceView) reset(in *answerInput, _ *lessons.Question) { in.sel, in.bins = 0, nil }

func (choiceView) restore(in *answerInput, _ *lessons.Question, ans lessons.Answer) {
	in.sel = ans.Choice
}

// keymap: move and choose, or choose by number; left goes back.
func (choiceView) keymap(a *App, q *lessons.Question, class bool) answerKeys {
	km := a.theme.keys.quiz.answerFor(class)
	km.Tick.SetEnabled(false)
	km.SortPrev.SetEnabled(false)
	km.SortNext.SetEnabled(false)
	km.Submit.SetEnabled(false)
	setDigits(&km.Digit, len(q.Options))
	return km
}

func (choiceView) key(in *answerInput, q *lessons.Question, km *answerKeys, k tea.KeyPressMsg) (*lessons.Answer, bool) {
	return in.chooseKey(q, km, k), false
}

func (choiceView) incomplete(*App) string { return "" }

func (choiceView) quizBody(m *quizModel, a *App, q *lessons.Question, body []string) ([]string, int, int) {
	top, bottom := -1, -1
	for i, o := range q.Options {
		start := len(body)
		body = append(body, m.optionLines(a, i, o)...)
		// Keep in view: the cursor while asking, the chosen option's explanation after
		// a wrong answer, the right answer once resolved.
		if i == m.in.sel && m.phase == asking || i == m.chosen && m.phase == tryAgain ||
			o.Right && m.phase == resolved {
			top, bottom = start, len(body)-1
		}
	}
	return body, top, bottom
}

func (choiceView) wrongNote(*quizModel, *App, *lessons.Question) string { return "" }

func (choiceView) gaveUp(a *App, q *lessons.Question) string {
	return a.t.QuizRightAnswer + a.t.Colon + q.Options[q.Right()].Text
}

func (choiceView) rightLines(a *App, q *lessons.Question) [][2]string {
	return [][2]string{{a.t.QuizRightAnswer + a.t.Colon, q.Options[q.Right()].Text}}
}

func (choiceView) followResolved() bool { return true }

func (choiceView) retry(m *quizModel, ans lessons.Answer, _ lessons.Result) {
	if ans.Choice >= 0 && ans.Choice < len(m.tried) {
		m.tried[ans.Choice] = true
	}
}

func (choiceView) studentBody(m *studentModel, a *App, q *lessons.Question, body []string) ([]string, int, int) {
	top, bottom := -1, -1
	if m.v.Phase == classroom.Revealed && a.classCounts(m.v.Tally) {
		body = append(body, styledLines(a.theme.bold, a.t.ClassClassAnswers, a.contentWidth())...)
	}
	for i, o := range q.Options {
		start := len(body)
		body = append(body, m.optionLines(a, q, i, o)...)
		if i == m.in.sel && m.v.Phase == classroom.Open {
			top, bottom = start, len(body)-1
		}
	}
	return body, top, bottom
}

func (choiceView) distribution(a *App, q *lessons.Question, tl classroom.Tally, revealed, counts bool) []string {
	return optionBars(a, q, tl, revealed, counts, a.t.QuizRightAnswer)
}

// classifyView draws a classification: cases sorted into bins.
type classifyView struct{}

func (classifyView) label(*App) string { return "" }

func (classifyView) headExtra(a *App, q *lessons.Question, answering bool) []string {
	cw := a.contentWidth()
	th := a.theme
	bins := make([]string, len(q.Bins))
	for i, b := range q.Bins {
		bins[i] = fmt.Sprintf("%d %s", i+1, b)
	}
	body := packItems(bins, th.g.sep, cw)
	if answering {
		body = append(body, wrap(th.dim.Render(a.t.QuizSortHint), cw)...)
	}
	return append(body, "")
}

func (classifyView) reset(in *answerInput, q *lessons.Question) {
	in.sel = 0
	in.bins = make([]int, len(q.Scenarios))
	for i := range in.bins {
		in.bins[i] = -1
	}
}

func (classifyView) restore(in *answerInput, _ *lessons.Question, ans lessons.Answer) {
	if len(ans.Bins) == len(in.bins) {
		copy(in.bins, ans.Bins)
	}
}

// keymap: left and right sort the selected case (so only esc goes back), a number puts it
// in that bin, enter submits the sorting.
func (classifyView) keymap(a *App, q *lessons.Question, class bool) answerKeys {
	qk := &a.theme.keys.quiz
	km := qk.answerFor(class)
	km.Choose.SetEnabled(false)
	km.Tick.SetEnabled(false)
	km.Digit = qk.digitSort
	setDigits(&km.Digit, len(q.Bins))
	if !class {
		km.Back = qk.backEsc
	}
	return km
}

func (classifyView) key(in *answerInput, q *lessons.Question, km *answerKeys, k tea.KeyPressMsg) (*lessons.Answer, bool) {
	return in.classifyKey(q, km, k)
}

func (classifyView) incomplete(a *App) string { return a.t.QuizSortAll }

func (classifyView) quizBody(m *quizModel, a *App, q *lessons.Question, body []string) ([]string, int, int) {
	top, bottom := -1, -1
	for i, s := range q.Scenarios {
		start := len(body)
		body = append(body, m.scenarioLines(a, q, i, s)...)
		if i == m.in.sel && m.phase == asking {
			top, bottom = start, len(body)-1
		}
	}
	return body, top, bottom
}

func (classifyView) wrongNote(m *quizModel, a *App, q *lessons.Question) string {
	return fmt.Sprintf(a.t.QuizSortedWrong, len(m.wrong), len(q.Scenarios))
}

func (classifyView) gaveUp(a *App, _ *lessons.Question) string { return a.t.QuizRightSorting }

func (classifyView) rightLines(*App, *lessons.Question) [][2]string { return nil }

func (classifyView) followResolved() bool { return false }

func (classifyView) retry(m *quizModel, _ lessons.Answer, r lessons.Result) {
	for _, i := range r.WrongScenarios {
		m.wrong[i] = true
	}
}

func (classifyView) studentBody(m *studentModel, a *App, q *lessons.Question, body []string) ([]string, int, int) {
	top, bottom := -1, -1
	for i, s := range q.Scenarios {
		start := len(body)
		body = append(body, m.scenarioLines(a, q, i, s)...)
		if i == m.in.sel && m.v.Phase == classroom.Open {
			top, bottom = start, len(body)-1
		}
	}
	return body, top, bottom
}

func (classifyView) distribution(a *App, q *lessons.Question, tl classroom.Tally, revealed, counts bool) []string {
	return binCounts(a, q, tl, revealed, counts)
}

// checkView draws a check-all-that-apply question: a box per option, ticked or not.
type checkView struct{}

func (checkView) label(a *App) string { return a.t.QuizCheckAll }

func (checkView) headExtra(a *App, _ *lessons.Question, answering bool) []string {
	if !answering {
		return nil
	}
	return append(wrap(a.theme.dim.Render(a.t.QuizTickHint), a.contentWidth()), "")
}

func (checkView) reset(in *answerInput, q *lessons.Question) {
	in.sel, in.picks = 0, make([]bool, len(q.Options))
}

func (checkView) restore(in *answerInput, _ *lessons.Question, ans lessons.Answer) {
	if len(ans.Picks) == len(in.picks) {
		copy(in.picks, ans.Picks)
	}
}

// keymap: space or a number ticks, enter alone submits the ticks; left goes back.
func (checkView) keymap(a *App, q *lessons.Question, class bool) answerKeys {
	qk := &a.theme.keys.quiz
	km := qk.answerFor(class)
	km.Choose.SetEnabled(false)
	km.SortPrev.SetEnabled(false)
	km.SortNext.SetEnabled(false)
	km.Digit = qk.digitTick
	setDigits(&km.Digit, len(q.Options))
	help := km.Submit.Help()
	km.Submit = qk.submitCheck
	km.Submit.SetHelp(help.Key, help.Desc) // send, in a class
	return km
}

func (checkView) key(in *answerInput, q *lessons.Question, km *answerKeys, k tea.KeyPressMsg) (*lessons.Answer, bool) {
	return in.checkKey(q, km, k)
}

func (checkView) incomplete(a *App) string { return a.t.QuizTickOne }

func (checkView) quizBody(m *quizModel, a *App, q *lessons.Question, body []string) ([]string, int, int) {
	top, bottom := -1, -1
	for i, o := range q.Options {
		start := len(body)
		body = append(body, m.checkLines(a, q, i, o)...)
		// Keep in view: the cursor while asking, the first wrong option after a wrong answer.
		if i == m.in.sel && m.phase == asking || m.phase == tryAgain && m.wrong[i] && top < 0 {
			top, bottom = start, len(body)-1
		}
	}
	return body, top, bottom
}

func (checkView) wrongNote(m *quizModel, a *App, q *lessons.Question) string {
	return fmt.Sprintf(a.t.QuizTickedWrong, len(m.wrong), len(q.Options))
}

func (checkView) gaveUp(a *App, _ *lessons.Question) string { return a.t.QuizRightTicks }

func (checkView) rightLines(a *App, q *lessons.Question) [][2]string {
	var out [][2]string
	for _, o := range q.Options {
		if o.Right {
			out = append(out, [2]string{a.t.QuizApplies + a.t.Colon, o.Text})
		}
	}
	return out
}

func (checkView) followResolved() bool { return false }

func (checkView) retry(m *quizModel, _ lessons.Answer, r lessons.Result) {
	for _, i := range r.WrongOptions {
		m.wrong[i] = true
	}
}

func (checkView) studentBody(m *studentModel, a *App, q *lessons.Question, body []string) ([]string, int, int) {
	top, bottom := -1, -1
	if m.v.Phase == classroom.Revealed && a.classCounts(m.v.Tally) {
		body = append(body, styledLines(a.theme.bold, a.t.ClassClassAnswers, a.contentWidth())...)
	}
	for i, o := range q.Options {
		start := len(body)
		body = append(body, m.checkLines(a, i, o)...)
		if i == m.in.sel && m.v.Phase == classroom.Open {
			top, bottom = start, len(body)-1
		}
	}
	return body, top, bottom
}

func (checkView) distribution(a *App, q *lessons.Question, tl classroom.Tally, revealed, counts bool) []string {
	return optionBars(a, q, tl, revealed, counts, a.t.QuizApplies)
}

// box is a check box, ticked or not.
func (a *App) box(ticked bool) string {
	if ticked {
		return a.theme.g.tickOn
	}
	return a.theme.g.tickOff
}

// tickVerdict is the line under an option once answered: whether it applies and, when the
// learner decided it wrongly, what they did.
func (a *App) tickVerdict(o lessons.Option, ticked, answered bool) string {
	verdict := a.t.QuizNotApplies
	if o.Right {
		verdict = a.t.QuizApplies
	}
	if answered && ticked != o.Right {
		note := a.t.QuizNotTicked
		if ticked {
			note = a.t.QuizTicked
		}
		verdict += " (" + note + ")"
	}
	return verdict
}
