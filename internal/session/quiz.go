package session

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tutord/internal/lessons"
)

type quizPhase int

const (
	asking   quizPhase = iota // the learner is choosing
	tryAgain                  // the last answer was wrong: retry or see the answer
	resolved                  // the answer is shown with every explanation
	summary                   // the quiz is over
)

// quizModel runs one lesson's quiz. The quiz text is looked up in the session's language on
// every frame, so switching language mid-quiz works: translations share the structure.
type quizModel struct {
	idx   int
	att   *lessons.Attempt
	phase quizPhase
	in    answerInput
	// chosen is the option last chosen (single, true/false); tried marks options already
	// answered wrong, so a retry shows what was tried.
	chosen int
	tried  []bool
	// wrong marks the parts of the last answer that were wrong (cases of a sorting).
	wrong map[int]bool
	// gaveUp is set when the learner asked to see the answer instead of retrying.
	gaveUp bool
	// scrolled is set once the learner scrolls feedback by hand; focus stops following.
	scrolled bool
	// fits is set when the last frame showed the whole body: the scrolling keys are off.
	fits    bool
	notice  string
	off     int
	end     choiceList
	results []bool
}

func newQuizModel(idx int, l *lessons.Lesson) quizModel {
	m := quizModel{idx: idx, att: lessons.NewAttempt(&l.Quiz)}
	m.resetQuestion()
	return m
}

func (m *quizModel) resetQuestion() {
	m.phase, m.chosen, m.off, m.notice = asking, -1, 0, ""
	m.wrong, m.gaveUp, m.scrolled = nil, false, false
	q := m.att.Question()
	m.in.reset(q)
	if q != nil {
		m.tried = make([]bool, len(q.Options))
	}
}

// question is the current question in the session's language.
func (m *quizModel) question(a *App) *lessons.Question {
	if m.att.Done() {
		return nil
	}
	return &a.lesson(m.idx).Quiz.Questions[m.att.Cur]
}

func (m *quizModel) keys(a *App) keyMap {
	switch m.phase {
	case summary:
		return m.summaryKeys(a)
	case asking:
		q := m.question(a)
		return viewOf(q).keymap(a, q, false)
	}
	return m.feedbackKeys(a)
}

// shortHelp is keys' ShortHelp without the interface (a frame does not box a keymap).
func (m *quizModel) shortHelp(a *App) []binding {
	switch m.phase {
	case summary:
		return m.summaryKeys(a).ShortHelp()
	case asking:
		q := m.question(a)
		return viewOf(q).keymap(a, q, false).ShortHelp()
	}
	return m.feedbackKeys(a).ShortHelp()
}

// feedbackKeys are the keys after an answer: retry or see the answer after a wrong one,
// go on after a right one.
func (m *quizModel) feedbackKeys(a *App) feedbackKeys {
	km := a.theme.keys.quiz.feedback
	if m.att.Cur == len(m.att.Quiz.Questions)-1 {
		km.Next = a.theme.keys.quiz.last
	}
	wrong := m.phase == tryAgain
	km.Retry.SetEnabled(wrong)
	km.Answer.SetEnabled(wrong)
	km.Next.SetEnabled(!wrong)
	for _, b := range []*binding{&km.Down, &km.Up, &km.PageDown, &km.PageUp} {
		b.SetEnabled(!m.fits)
	}
	return km
}

// summaryKeys are the result's keys: paging only when it does not fit.
func (m *quizModel) summaryKeys(a *App) summaryKeys {
	km := a.theme.keys.quiz.summary
	km.PageDown.SetEnabled(!m.fits)
	km.PageUp.SetEnabled(!m.fits)
	return km
}

// render draws p with the keys of the state (renderFitting).
func (m *quizModel) render(a *App, p page) string {
	return a.renderFitting(p, &m.off, &m.fits, func() []binding { return m.shortHelp(a) })
}

func (m *quizModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	switch m.phase {
	case summary:
		km := m.summaryKeys(a)
		if cmd, ok := m.end.choose(a, &km.list, k, m.endItems(a)); ok {
			return cmd
		}
		switch {
		case matches(k, km.Back):
			a.showMenu()
		case matches(k, km.PageDown):
			m.off += a.pageStep()
		case matches(k, km.PageUp):
			m.off = max(0, m.off-a.pageStep())
		}
		return nil
	case tryAgain, resolved:
		km := m.feedbackKeys(a)
		switch {
		case matches(k, km.Down):
			m.off, m.scrolled = m.off+1, true
		case matches(k, km.Up):
			m.off, m.scrolled = max(0, m.off-1), true
		case matches(k, km.PageDown):
			m.off, m.scrolled = m.off+a.pageStep(), true
		case matches(k, km.PageUp):
			m.off, m.scrolled = max(0, m.off-a.pageStep()), true
		case matches(k, km.Retry):
			m.phase, m.off, m.notice, m.scrolled = asking, 0, "", false
			if first := firstWrong(m.wrong); first >= 0 { // a sorting: start at its first wrong case
				m.in.sel = first
			}
		case matches(k, km.Answer):
			m.phase, m.off, m.gaveUp, m.scrolled = resolved, 0, true, false
		case matches(k, km.Next):
			m.next(a)
		case matches(k, km.Back):
			a.openLesson(m.idx)
		}
		return nil
	}
	q := m.question(a)
	km := viewOf(q).keymap(a, q, false)
	if !matches(k, km.FullHelp()...) {
		return nil // a key the question does not take leaves it as it is, notice and all
	}
	m.notice = ""
	if matches(k, km.Back) {
		a.openLesson(m.idx)
		return nil
	}
	ans, incomplete := m.in.key(q, &km, k)
	if incomplete {
		m.notice = viewOf(q).incomplete(a)
	}
	if ans != nil {
		m.answer(a, q, *ans)
	}
	return nil
}

func (m *quizModel) answer(a *App, q *lessons.Question, ans lessons.Answer) {
	first := !m.answeredBefore()
	r := m.att.Answer(ans)
	if first && a.sh.Events != nil {
		a.sh.Events.Answered(a.lesson(m.idx).ID, q.ID, r.Right)
	}
	m.chosen = ans.Choice
	m.off = 0
	if r.Right {
		m.phase = resolved
		return
	}
	m.wrong = map[int]bool{}
	viewOf(q).retry(m, ans, r)
	m.phase = tryAgain
}

// answeredBefore reports whether the current question already had its first answer.
func (m *quizModel) answeredBefore() bool {
	for _, t := range m.tried {
		if t {
			return true
		}
	}
	return m.wrong != nil
}

func (m *quizModel) next(a *App) {
	if m.att.Next() {
		m.resetQuestion()
		return
	}
	l := a.lesson(m.idx)
	m.results = m.att.Results()
	a.progress.RecordQuiz(l.ID, m.results)
	if a.sh.Events != nil {
		a.sh.Events.QuizFinished(l.ID, lessons.Passed(m.results))
	}
	m.phase, m.off, m.end = summary, 0, choiceList{}
}

func (m *quizModel) endItems(a *App) []item {
	var items []item
	last := m.idx == a.sh.Catalog.Len()-1
	if !last {
		items = append(items, item{a.t.QuizNextLesson, func(a *App) tea.Cmd { a.openLesson(m.idx + 1); return nil }})
	} else {
		items = append(items, item{a.t.QuizLast, func(a *App) tea.Cmd { a.showFinal(); return nil }})
	}
	if !lessons.Passed(m.results) {
		// Retaking is the first suggestion when the quiz was not passed.
		retake := item{a.t.QuizRetake, func(a *App) tea.Cmd { a.startQuiz(m.idx); return nil }}
		items = append([]item{retake}, items...)
	} else {
		items = append(items, item{a.t.QuizRetake, func(a *App) tea.Cmd { a.startQuiz(m.idx); return nil }})
	}
	items = append(items, item{a.t.QuizBackToMenu, func(a *App) tea.Cmd { a.showMenu(); return nil }})
	return items
}

func (m *quizModel) view(a *App) string {
	l := a.lesson(m.idx)
	title := fmt.Sprintf(a.t.QuizTitle, l.Title)
	if m.phase == summary {
		return m.summaryView(a, title)
	}
	q := m.question(a)
	th := a.theme
	var body []string
	body = append(body, "", th.dim.Render(fmt.Sprintf(a.t.QuizQuestionOf, m.att.Cur+1, len(l.Quiz.Questions))))
	body = append(body, a.questionHead(q, m.phase == asking)...)
	v := viewOf(q)
	body, top, bottom := v.quizBody(m, a, q, body)

	var status string
	switch m.phase {
	case asking:
		status = m.notice
	case tryAgain:
		status = th.wrong.Render(th.g.wrong + " " + a.t.QuizWrong)
		if note := v.wrongNote(m, a, q); note != "" {
			status += " " + note
		}
		status += " " + a.t.QuizRetryHint
	case resolved:
		if !m.gaveUp {
			status = th.right.Render(th.g.right + " " + a.t.QuizRight)
		} else {
			status = v.gaveUp(a, q)
		}
	}
	if m.scrolled || m.phase == resolved && !v.followResolved() {
		top, bottom = -1, -1
	}
	return m.render(a, page{
		title: title, right: fmt.Sprintf("%d/%d", m.att.Cur+1, len(l.Quiz.Questions)),
		body: body, focusTop: top, focusBottom: bottom,
		status: status,
	})
}

// optionLines draws one answer option: while asking, with the cursor; after, with its mark,
// a word saying what it is, and its explanation.
func (m *quizModel) optionLines(a *App, i int, o lessons.Option) []string {
	cw := a.contentWidth()
	th := a.theme
	num := fmt.Sprintf("%d ", i+1)
	switch m.phase {
	case asking:
		prefix := th.g.noCursor
		text := o.Text
		if i == m.in.sel {
			prefix = th.g.cursor
			text = th.selected.Render(text)
		}
		if m.tried[i] {
			text += " " + th.dim.Render("("+th.g.wrong+" "+a.t.QuizYourAnswer+")")
		}
		return wrapIndent(prefix+num, text, cw)
	case tryAgain:
		// Only the chosen option is explained: the others stay open for the retry.
		if i != m.chosen {
			return wrapIndent(th.g.noCursor+num, o.Text, cw)
		}
		lines := wrapIndent(th.wrong.Render(th.g.wrong)+" "+num, o.Text+" ("+a.t.QuizYourAnswer+")", cw)
		return append(lines, wrapIndent("    ", th.dim.Render(o.Why), cw)...)
	default:
		mark, note := th.g.neutral, ""
		switch {
		case o.Right:
			mark, note = th.right.Render(th.g.right), " ("+a.t.QuizRightAnswer+")"
		case i == m.chosen || m.tried[i]:
			mark, note = th.wrong.Render(th.g.wrong), " ("+a.t.QuizYourAnswer+")"
		}
		lines := wrapIndent(mark+" "+num, o.Text+note, cw)
		lines = append(lines, wrapIndent("    ", o.Why, cw)...)
		return append(lines, "")
	}
}

// checkLines draws one option of a check-all-that-apply question: with its box and the
// cursor while asking; marked right or wrong during a retry; explained once resolved.
func (m *quizModel) checkLines(a *App, q *lessons.Question, i int, o lessons.Option) []string {
	cw := a.contentWidth()
	th := a.theme
	num := fmt.Sprintf("%d ", i+1)
	ticked := i < len(m.in.picks) && m.in.picks[i]
	box := a.box(ticked)
	switch m.phase {
	case asking:
		prefix, text := th.g.noCursor, o.Text
		if i == m.in.sel {
			prefix, text, box = th.g.cursor, th.selected.Render(text), th.selected.Render(box)
		}
		return wrapIndent(prefix+box+num, text, cw)
	case tryAgain:
		mark := th.right.Render(th.g.right)
		if m.wrong[i] {
			mark = th.wrong.Render(th.g.wrong)
		}
		return wrapIndent(mark+" "+box+num, o.Text, cw)
	default:
		mark := th.right.Render(th.g.right)
		if ticked != o.Right {
			mark = th.wrong.Render(th.g.wrong)
		}
		lines := wrapIndent(mark+" "+box+num, o.Text, cw)
		lines = append(lines, wrapIndent("    ", th.bold.Render(a.tickVerdict(o, ticked, true)), cw)...)
		lines = append(lines, wrapIndent("    ", o.Why, cw)...)
		return append(lines, "")
	}
}

// scenarioLines draws one case of a classification with the bin the learner chose.
func (m *quizModel) scenarioLines(a *App, q *lessons.Question, i int, s lessons.Scenario) []string {
	cw := a.contentWidth()
	th := a.theme
	bin := a.t.QuizUnsorted
	if b := m.in.bins[i]; b >= 0 && b < len(q.Bins) {
		bin = q.Bins[b]
	}
	switch m.phase {
	case asking:
		prefix := th.g.noCursor
		text := s.Text
		binText := th.g.binOpen + bin + th.g.binClose
		if i == m.in.sel {
			prefix = th.g.cursor
			text = th.selected.Render(text)
			binText = th.selected.Render(binText)
		}
		lines := wrapIndent(prefix, text, cw)
		return append(lines, "    "+binText)
	case tryAgain:
		mark := th.right.Render(th.g.right)
		if m.wrong[i] {
			mark = th.wrong.Render(th.g.wrong)
		}
		lines := wrapIndent(mark+" ", s.Text, cw)
		return append(lines, "    "+th.g.binOpen+bin+th.g.binClose)
	default:
		right := m.in.bins[i] == s.Bin
		mark := th.right.Render(th.g.right)
		if !right {
			mark = th.wrong.Render(th.g.wrong)
		}
		lines := wrapIndent(mark+" ", s.Text, cw)
		verdict := fmt.Sprintf(a.t.QuizRightBin, q.Bins[s.Bin])
		if !right {
			verdict += " (" + a.t.QuizYourAnswer + a.t.Colon + bin + ")"
		}
		lines = append(lines, wrapIndent("    ", th.bold.Render(verdict), cw)...)
		lines = append(lines, wrapIndent("    ", s.Why, cw)...)
		return append(lines, "")
	}
}

func (m *quizModel) summaryView(a *App, title string) string {
	cw := a.contentWidth()
	th := a.theme
	l := a.lesson(m.idx)
	right, total := lessons.Score(m.results)
	var body []string
	body = append(body, "", th.bold.Render(a.t.QuizDoneTitle), "")
	body = append(body, wrap(fmt.Sprintf(a.t.QuizScore, right, total), cw)...)
	if lessons.Passed(m.results) {
		body = append(body, th.right.Render(th.g.right+" "+a.t.QuizPassed))
	} else {
		body = append(body, wrap(th.g.wrong+" "+fmt.Sprintf(a.t.QuizNotPassed, lessons.PassPercent), cw)...)
	}
	body = append(body, "")
	if right == total {
		body = append(body, wrap(a.t.QuizAllRight, cw)...)
	} else {
		body = append(body, styledLines(th.bold, a.t.QuizMissed, cw)...)
		for i, ok := range m.results {
			if ok {
				continue
			}
			q := l.Quiz.Questions[i]
			body = append(body, wrapIndent(th.g.wrong+" ", firstParagraph(q.Prompt), cw)...)
			for _, line := range viewOf(&q).rightLines(a, &q) {
				body = append(body, wrapIndent("    "+line[0], line[1], cw)...)
			}
		}
	}
	list, _, _ := m.end.lines(a, m.endItems(a))
	return m.render(a, page{
		title: title, body: body, focusTop: -1,
		footer: append([]string{""}, list...),
	})
}

// firstParagraph is a prompt's first paragraph on one line.
func firstParagraph(s string) string {
	// A prompt's first paragraph, whole: its lines may be broken in the lesson file, and
	// a cut at the first break reads as a complete but wrong sentence.
	para, _, _ := strings.Cut(strings.TrimSpace(s), "\n\n")
	return strings.Join(strings.Fields(para), " ")
}

// firstWrong is the lowest part marked wrong, or -1.
func firstWrong(wrong map[int]bool) int {
	first := -1
	for i, w := range wrong {
		if w && (first < 0 || i < first) {
			first = i
		}
	}
	return first
}
