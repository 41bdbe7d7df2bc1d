package session

import "tutord/internal/i18n"

// quizKeymaps are the bindings of the quiz screens (quiz.go, answer.go, kinds.go), built once per
// language and look like the rest of keymaps (keys.go).
type quizKeymaps struct {
	// answer holds every kind's keys while a question is answered in the lesson quiz, class
	// the same in a class (enter sends, nothing goes back); a kind picks its own (kinds.go).
	answer, class answerKeys
	// The kinds' variants of answer's bindings.
	digitSort, digitTick binding // 1-n: sort into a bin, tick an option
	submitCheck          binding // enter alone: space ticks
	backEsc              binding // esc alone: left and right sort
	last                 binding // Next on the last question: to the result
	feedback             feedbackKeys
	summary              summaryKeys
}

// answerKeys are a question's keys while it is answered; a kind switches off what it
// does not take.
type answerKeys struct {
	Up, Down           binding
	Choose             binding // one answer: the selected one
	Tick               binding // check all: the selected option
	SortPrev, SortNext binding // sorting: the selected case's bin
	Digit              binding // 1-n: choose, tick or sort by number
	Submit             binding // sorting, check all: the whole answer
	Back               binding // to the lesson
}

func (k answerKeys) ShortHelp() []binding {
	return []binding{k.Tick, k.Choose, k.Submit, k.SortPrev, k.SortNext, k.Up, k.Down, k.Back}
}

func (k answerKeys) FullHelp() []binding {
	return []binding{k.Choose, k.Tick, k.SortPrev, k.SortNext, k.Digit, k.Up, k.Down, k.Submit, k.Back}
}

// feedbackKeys are the keys once a question is answered: scroll the explanations, and
// retry or see the answer after a wrong one, or go on after a right one.
type feedbackKeys struct {
	Retry, Answer, Next        binding // Answer after a wrong answer, Next once resolved
	Down, Up, PageDown, PageUp binding
	Back                       binding
}

func (k feedbackKeys) ShortHelp() []binding {
	return []binding{k.Retry, k.Answer, k.Next, k.Down, k.Up, k.Back}
}

func (k feedbackKeys) FullHelp() []binding {
	return []binding{k.Retry, k.Answer, k.Next, k.Down, k.Up, k.PageDown, k.PageUp, k.Back}
}

// summaryKeys are the quiz result's: its choices, paging, back to the lessons.
type summaryKeys struct {
	list                   listKeys
	PageDown, PageUp, Back binding
}

func (k summaryKeys) ShortHelp() []binding {
	return []binding{k.list.Choose, k.list.Up, k.list.Down, k.Back}
}

func (k summaryKeys) FullHelp() []binding {
	return append(k.list.FullHelp(), k.PageDown, k.PageUp, k.Back)
}

func newQuizKeymaps(th *theme, t *i18n.Text, km *keymaps) quizKeymaps {
	g := th.g
	back := bindLong("esc", t.KeyBack, t.HelpQuizBack, "esc", "backspace", "left", "h")
	q := quizKeymaps{
		answer: answerKeys{
			Up:       bind(g.updown, t.KeyMove, "up", "k", "shift+tab"),
			Down:     bind(g.updown, t.KeyMove, "down", "j", "tab"),
			Choose:   bind("enter", t.KeyChoose, "enter", "space"),
			Tick:     bindLong("space", t.KeyTick, t.HelpTick, "space", "x"),
			SortPrev: bindLong(g.leftright, t.KeySort, t.HelpSort, "left", "h"),
			SortNext: bindLong(g.leftright, t.KeySort, t.HelpSort, "right", "l"),
			Digit:    bindLong("1-9", t.KeyChoose, t.HelpChooseNumber, digitKeys[:]...),
			Submit:   bind("enter", t.KeySubmit, "enter", "space"),
			Back:     back,
		},
		digitSort:   bindLong("1-9", t.KeySort, t.HelpSortNumber, digitKeys[:]...),
		digitTick:   bindLong("1-9", t.KeyTick, t.HelpTickNumber, digitKeys[:]...),
		submitCheck: bind("enter", t.KeySubmit, "enter"),
		backEsc:     bindLong("esc", t.KeyBack, t.HelpQuizBack, "esc", "backspace"),
		last:        bindLong("enter", t.KeyNext, t.HelpQuizResult, "enter", "right", "l"),
		feedback: feedbackKeys{
			Retry:    bindLong("r", t.KeyRetry, t.HelpRetry, "r"),
			Answer:   bindLong("enter", t.QuizRightAnswer, t.HelpShowAnswer, "enter", "right", "l"),
			Next:     bindLong("enter", t.KeyNext, t.HelpQuizNext, "enter", "right", "l"),
			Down:     km.scroll.Down,
			Up:       km.scroll.Up,
			PageDown: km.scroll.PageDown,
			PageUp:   km.scroll.PageUp,
			Back:     back,
		},
		summary: summaryKeys{
			list:     km.list,
			PageDown: bind("pgdn", t.KeyPage, "pgdown"),
			PageUp:   bind("pgdn", t.KeyPage, "pgup"),
			Back:     bindLong("esc", t.KeyBack, t.HelpQuizMenu, "esc", "backspace", "left", "h"),
		},
	}
	// In a class the answer is sent, and the teacher decides where the room goes.
	q.class = q.answer
	q.class.Choose.SetHelp("enter", t.KeyAnswer)
	q.class.Submit.SetHelp("enter", t.KeyAnswer)
	q.class.Back.SetEnabled(false)
	return q
}

// answerFor is a copy of the answering keys, in the lesson quiz or in a class, for a kind
// to switch off what it does not take.
func (q *quizKeymaps) answerFor(class bool) answerKeys {
	if class {
		return q.class
	}
	return q.answer
}
