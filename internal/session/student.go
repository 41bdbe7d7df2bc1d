package session

import (
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tutord/internal/anonset"
	"tutord/internal/classroom"
	"tutord/internal/lessons"
)

// studentModel is a student's screen in a class: it follows the teacher's step (waiting,
// a page, a question) and, when the class ends, shows the student's own summary.
type studentModel struct {
	v      classroom.MemberView
	step   uint64
	off    int
	in     answerInput
	notice string
	// ended holds the student's own results once the room is gone.
	ended   bool
	results []classroom.Result
	list    choiceList
	// clients and mine are the class view while it is on (classview.go).
	clients anonset.Class
	mine    anonset.Facts
	// fits is set when the last frame showed the whole body: the scrolling keys are off.
	fits bool
}

// sync reads the room. A new step resets the screen's own state.
func (m *studentModel) sync(a *App) {
	mem := a.class.member
	if mem == nil || m.ended {
		return
	}
	v := mem.View()
	if v.Step != m.step {
		m.step, m.off, m.notice = v.Step, 0, ""
		q := questionOf(a, v.View)
		m.in.reset(q)
		if q != nil && v.Answered {
			viewOf(q).restore(&m.in, q, v.Answer)
		}
	}
	if v.Clients != m.v.Clients {
		m.off = 0 // the class view came or went: its top first
	}
	m.v = v
	m.syncClients(a, mem)
	if v.Phase == classroom.Ended {
		m.ended = true
		m.results = mem.Results()
		m.list = choiceList{}
		a.leaveClass()
	}
}

// questionOf is the question a view is on, in the session's language, or nil.
func questionOf(a *App, v classroom.View) *lessons.Question {
	if v.Phase != classroom.Open && v.Phase != classroom.Closed && v.Phase != classroom.Revealed {
		return nil
	}
	l := a.classLesson(v.Lesson)
	if l == nil || v.Question >= len(l.Quiz.Questions) {
		return nil
	}
	return &l.Quiz.Questions[v.Question]
}

// keys are the student's in the screen's state: the choices once the class ended, the
// answer keys while a question is open, else scrolling what the teacher shows.
func (m *studentModel) keys(a *App) keyMap {
	switch {
	case m.ended:
		return a.classEndKeys()
	case m.answering(a) != nil:
		q := m.answering(a)
		return viewOf(q).keymap(a, q, true)
	}
	return m.scrollKeys(a)
}

// answering is the question open for answers on the screen, or nil.
func (m *studentModel) answering(a *App) *lessons.Question {
	if m.v.Clients || m.v.Phase != classroom.Open {
		return nil
	}
	return questionOf(a, m.v.View)
}

// scrollKeys scroll the page, question or class view, when it does not fit the window.
func (m *studentModel) scrollKeys(a *App) studentKeys {
	km := a.theme.keys.class.student
	for _, b := range []*binding{&km.scroll.Down, &km.scroll.Up, &km.scroll.PageDown, &km.scroll.PageUp, &km.scroll.Top} {
		b.SetEnabled(!m.fits)
	}
	return km
}

func (m *studentModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	switch q := m.answering(a); {
	case m.ended:
		km := a.classEndKeys()
		cmd, _ := m.list.choose(a, &km.list, k, m.endItems(a))
		return cmd
	case q != nil:
		km := viewOf(q).keymap(a, q, true)
		if !matches(k, km.FullHelp()...) {
			return nil // a key the question does not take leaves its notice
		}
		m.notice = ""
		ans, incomplete := m.in.key(q, &km, k)
		if incomplete {
			m.notice = viewOf(q).incomplete(a)
		}
		if ans != nil {
			m.send(a, *ans)
		}
	case !m.fits:
		a.scroll(&m.off, k)
	}
	return nil
}

// render draws p with the keys of the state (renderFitting).
func (m *studentModel) render(a *App, p page) string {
	return a.renderFitting(p, &m.off, &m.fits, func() []binding { return m.keys(a).ShortHelp() })
}

// send gives the answer to the room. If the teacher closed the question a moment ago, the
// next notice shows that; nothing to say here.
func (m *studentModel) send(a *App, ans lessons.Answer) {
	mem := a.class.member
	if mem == nil {
		return
	}
	if err := mem.Answer(ans); err != nil {
		switch {
		case errors.Is(err, classroom.ErrLink):
			m.notice = a.t.ClassLinkLost
		case !errors.Is(err, classroom.ErrNotOpen) && !errors.Is(err, classroom.ErrEnded):
			m.notice = a.t.ClassErrInternal
		}
		return
	}
	m.notice = a.t.ClassSent
	m.sync(a)
}

func (m *studentModel) endItems(a *App) []item {
	return []item{
		{a.t.ClassContinue, func(a *App) tea.Cmd { a.showWelcome(); return nil }},
		{a.t.WelcomeQuit, func(a *App) tea.Cmd { return a.quit() }},
	}
}

func (m *studentModel) name(a *App) string { return m.v.Name.Name(a.t.Pseudonym) }

// boardName is the pseudonym as the leaderboard on the teacher's (projected) screen
// shows it, while that screen is in another language than this session's; else "".
// A language this replica does not have shows nothing rather than a wrong name.
func (m *studentModel) boardName(a *App) string {
	l := m.v.BoardLang
	if !m.v.Leaderboard || l == "" || l == a.lang || a.sh == nil || !a.sh.Catalog.UI().Has(l) {
		return ""
	}
	if n := m.v.Name.Name(a.sh.Text(l).Pseudonym); n != m.name(a) {
		return n
	}
	return ""
}

// header is the right of the title bar: the pseudonym, and in brackets the board's
// name for the student when there is one and the bar keeps room for (the start of) title.
func (m *studentModel) header(a *App, title string) string {
	n := m.name(a)
	if b := m.boardName(a); b != "" {
		if r := n + " (" + b + ")"; min(ansi.StringWidth(title), headerTitleMin)+ansi.StringWidth(r)+3 <= a.w {
			return r
		}
	}
	return n
}

// headerTitleMin is how much of the title the board's name may leave (the title is cut).
const headerTitleMin = 12

// boardLines say how the board names the student, if it names them otherwise.
func (m *studentModel) boardLines(a *App) []string {
	n := m.boardName(a)
	if n == "" {
		return nil
	}
	body := wrap(a.t.ClassBoardName, a.contentWidth())
	return append(body, "  "+a.theme.accent.Render(n))
}

// status is the line above the hints: the teacher being away wins over everything.
func (m *studentModel) status(a *App, def string) string {
	if m.v.Lost {
		return a.t.ClassLinkLost
	}
	if m.v.Away {
		return fmt.Sprintf(a.t.ClassAway, minutesText(a, time.Until(m.v.AwayUntil)))
	}
	if m.notice != "" {
		return m.notice
	}
	return def
}

func (m *studentModel) view(a *App) string {
	switch {
	case m.ended:
		return m.endedView(a)
	case m.v.Clients:
		return m.clientsView(a)
	case m.v.Phase == classroom.Page:
		return m.pageView(a)
	case questionOf(a, m.v.View) != nil:
		return m.questionView(a)
	default:
		return m.waitingView(a)
	}
}

// whoLines is the pseudonym with its note, on the waiting screen.
func (m *studentModel) whoLines(a *App) []string {
	cw := a.contentWidth()
	th := a.theme
	body := []string{a.t.ClassYouAre, "  " + th.accent.Render(m.name(a))}
	body = append(body, m.boardLines(a)...)
	return append(body, wrap(th.dim.Render(a.t.ClassPseudonymNote), cw)...)
}

func (m *studentModel) waitingView(a *App) string {
	cw := a.contentWidth()
	body := []string{""}
	body = append(body, m.whoLines(a)...)
	body = append(body, "")
	body = append(body, wrap(a.t.ClassWaitingStart, cw)...)
	if m.v.Leaderboard {
		body = append(body, "")
		body = append(body, wrap(a.t.ClassLeaderNote, cw)...)
	}
	title := a.t.ClassTitle + a.theme.g.sep + classroom.FormatCode(m.v.Code)
	return m.render(a, page{
		title: title, right: m.header(a, title),
		body: body, focusTop: -1, status: m.status(a, ""),
	})
}

func (m *studentModel) pageView(a *App) string {
	l := a.classLesson(m.v.Lesson)
	th := a.theme
	body := []string{th.dim.Render(fmt.Sprintf(a.t.ClassPageOf, m.v.Page+1, m.v.Pages))}
	body = append(body, a.pageLines(l, m.v.Page)...)
	return m.render(a, page{
		title: l.Title, right: m.header(a, l.Title), body: body, focusTop: -1,
		status: m.status(a, ""),
	})
}

func (m *studentModel) questionView(a *App) string {
	v := m.v
	q := questionOf(a, v.View)
	cw := a.contentWidth()
	th := a.theme
	kv := viewOf(q)
	body, top, bottom := kv.studentBody(m, a, q, a.questionHead(q, v.Phase == classroom.Open))
	var status string
	switch v.Phase {
	case classroom.Open:
		if v.Answered && m.notice == "" {
			status = a.t.ClassSent
		}
	case classroom.Closed:
		status = a.t.ClassClosedWait
		if !v.Answered {
			status = a.t.ClassNoAnswer + " " + status
		}
	case classroom.Revealed:
		switch {
		case !v.Answered:
			status = a.t.ClassNoAnswer
		case v.Right:
			status = th.right.Render(th.g.right + " " + a.t.QuizRight)
		default:
			status = th.wrong.Render(th.g.wrong + " " + a.t.QuizWrong)
		}
		body = append(body, "")
		if a.classCounts(v.Tally) {
			body = append(body, wrap(a.t.ClassClassRight.N(v.Tally.Right, v.Tally.Right, v.Tally.Answered), cw)...)
		} else {
			body = append(body, wrap(a.t.ClassClassAnswered.N(v.Tally.Answered), cw)...)
			body = append(body, wrap(th.dim.Render(fmt.Sprintf(a.t.ClassCountsFewClosed, a.anonK())), cw)...)
		}
		body = append(body, th.bold.Render(fmt.Sprintf(a.t.ClassScore, v.Score, v.Scored)))
	}
	if v.Leaderboard {
		body = append(body, "")
		body = append(body, wrap(th.dim.Render(a.t.ClassLeaderNote), cw)...)
		body = append(body, m.boardLines(a)...)
	}
	title := fmt.Sprintf(a.t.QuizQuestionOf, v.Question+1, v.Questions)
	return m.render(a, page{
		title: title, right: m.header(a, title),
		body: body, focusTop: top, focusBottom: bottom,
		status: m.status(a, status),
	})
}

// optionLines draws one option: with the cursor while open; with the student's own mark
// and, once revealed, the right answer, its explanation and the class's bar (under the k
// rule: classCounts).
func (m *studentModel) optionLines(a *App, q *lessons.Question, i int, o lessons.Option) []string {
	cw := a.contentWidth()
	th := a.theme
	v := m.v
	mine := v.Answered && v.Answer.Choice == i
	num := fmt.Sprintf("%d ", i+1)
	switch v.Phase {
	case classroom.Open:
		prefix, text := th.g.noCursor, o.Text
		if i == m.in.sel {
			prefix, text = th.g.cursor, th.selected.Render(text)
		}
		if mine {
			text += " " + th.dim.Render("("+a.t.QuizYourAnswer+")")
		}
		return wrapIndent(prefix+num, text, cw)
	case classroom.Closed:
		text := o.Text
		if mine {
			text = th.bold.Render(text) + " (" + a.t.QuizYourAnswer + ")"
		}
		return wrapIndent(th.g.noCursor+num, text, cw)
	}
	mark, note := th.g.neutral+" ", ""
	switch {
	case o.Right:
		mark, note = th.right.Render(th.g.right)+" ", " ("+a.t.QuizRightAnswer+")"
		if mine {
			note = " (" + a.t.QuizYourAnswer + ", " + a.t.QuizRightAnswer + ")"
		}
	case mine:
		mark, note = th.wrong.Render(th.g.wrong)+" ", " ("+a.t.QuizYourAnswer+")"
	}
	lines := wrapIndent(mark+num, o.Text+note, cw)
	if o.Right || mine {
		lines = append(lines, wrapIndent("    ", th.dim.Render(o.Why), cw)...)
	}
	if !a.classCounts(v.Tally) {
		return lines
	}
	n := 0
	if i < len(v.Tally.Options) {
		n = v.Tally.Options[i]
	}
	return append(lines, "    "+a.countBar(n, v.Tally.Answered, a.barWidth()))
}

// checkLines draws one option of a check-all-that-apply question: with its box and the
// cursor while open; with the student's ticks when closed; once revealed, whether it
// applies, its explanation and how many in the class ticked it.
func (m *studentModel) checkLines(a *App, i int, o lessons.Option) []string {
	cw := a.contentWidth()
	th := a.theme
	v := m.v
	num := fmt.Sprintf("%d ", i+1)
	switch v.Phase {
	case classroom.Open:
		ticked := i < len(m.in.picks) && m.in.picks[i]
		prefix, text, box := th.g.noCursor, o.Text, a.box(ticked)
		if i == m.in.sel {
			prefix, text, box = th.g.cursor, th.selected.Render(text), th.selected.Render(box)
		}
		return wrapIndent(prefix+box+num, text, cw)
	}
	ticked := v.Answered && i < len(v.Answer.Picks) && v.Answer.Picks[i]
	if v.Phase == classroom.Closed {
		return wrapIndent(th.g.noCursor+a.box(ticked)+num, o.Text, cw)
	}
	mark := th.g.neutral
	switch {
	case v.Answered && ticked == o.Right:
		mark = th.right.Render(th.g.right)
	case v.Answered:
		mark = th.wrong.Render(th.g.wrong)
	}
	lines := wrapIndent(mark+" "+a.box(ticked)+num, o.Text, cw)
	lines = append(lines, wrapIndent("    ", th.bold.Render(a.tickVerdict(o, ticked, v.Answered)), cw)...)
	lines = append(lines, wrapIndent("    ", th.dim.Render(o.Why), cw)...)
	if !a.classCounts(v.Tally) {
		return lines
	}
	n := 0
	if i < len(v.Tally.Options) {
		n = v.Tally.Options[i]
	}
	return append(lines, "    "+a.countBar(n, v.Tally.Answered, a.barWidth()))
}

// scenarioLines draws one case of a classification with the student's bin and, once
// revealed, the right bin, the explanation and the share of the class that got it right.
func (m *studentModel) scenarioLines(a *App, q *lessons.Question, i int, s lessons.Scenario) []string {
	cw := a.contentWidth()
	th := a.theme
	v := m.v
	b := -1
	switch {
	case v.Phase == classroom.Open && i < len(m.in.bins):
		b = m.in.bins[i]
	case v.Answered && i < len(v.Answer.Bins):
		b = v.Answer.Bins[i]
	}
	bin := a.t.QuizUnsorted
	if b >= 0 && b < len(q.Bins) {
		bin = q.Bins[b]
	}
	binText := th.g.binOpen + bin + th.g.binClose
	switch v.Phase {
	case classroom.Open:
		prefix, text := th.g.noCursor, s.Text
		if i == m.in.sel {
			prefix, text, binText = th.g.cursor, th.selected.Render(text), th.selected.Render(binText)
		}
		return append(wrapIndent(prefix, text, cw), "    "+binText)
	case classroom.Closed:
		return append(wrapIndent(th.g.noCursor, s.Text, cw), "    "+binText)
	}
	right := b == s.Bin
	mark := th.right.Render(th.g.right)
	if !right {
		mark = th.wrong.Render(th.g.wrong)
	}
	lines := wrapIndent(mark+" ", s.Text, cw)
	verdict := fmt.Sprintf(a.t.QuizRightBin, q.Bins[s.Bin])
	if !right && v.Answered {
		verdict += " (" + a.t.QuizYourAnswer + a.t.Colon + bin + ")"
	}
	lines = append(lines, wrapIndent("    ", th.bold.Render(verdict), cw)...)
	lines = append(lines, wrapIndent("    ", th.dim.Render(s.Why), cw)...)
	if !a.classCounts(v.Tally) {
		return lines
	}
	n := 0
	if i < len(v.Tally.ScenarioRight) {
		n = v.Tally.ScenarioRight[i]
	}
	return append(lines, wrapIndent("    ", fmt.Sprintf(a.t.ClassScenarioClass, pct(n, v.Tally.Answered)), cw)...)
}

func (m *studentModel) endedView(a *App) string {
	cw := a.contentWidth()
	msg := append(wrap(m.why(a), cw), wrap(a.t.ClassSummaryGone, cw)...)
	if len(m.results) > 0 {
		msg = append(append(msg, ""), styledLines(a.theme.bold, a.t.ClassSummary, cw)...)
	}
	msg = append(msg, m.summary(a, cw, true)...)
	return a.choicePage(a.t.ClassEndedTitle, msg, &m.list, m.endItems(a), a.classEndKeys(), &m.off)
}

// summary is the student's own results: how many answered and right, then one line per
// question with its mark. styled is false for the goodbye printed after the program.
func (m *studentModel) summary(a *App, cw int, styled bool) []string {
	if len(m.results) == 0 {
		return nil
	}
	th := a.theme
	answered, right := 0, 0
	for _, r := range m.results {
		if r.Answered {
			answered++
		}
		if r.Right {
			right++
		}
	}
	lines := wrap(fmt.Sprintf(a.t.ClassSummaryLine, answered, len(m.results), right), cw)
	for _, r := range m.results {
		mark := th.g.neutral
		switch {
		case r.Right && styled:
			mark = th.right.Render(th.g.right)
		case r.Right:
			mark = th.g.right
		case r.Answered && styled:
			mark = th.wrong.Render(th.g.wrong)
		case r.Answered:
			mark = th.g.wrong
		}
		text := fmt.Sprintf(a.t.ClassQuestionN, r.Question+1)
		if l := a.classLesson(r.Lesson); l != nil && r.Question < len(l.Quiz.Questions) {
			text += a.t.Colon + firstParagraph(l.Quiz.Questions[r.Question].Prompt)
		}
		lines = append(lines, truncate(mark+" "+text, cw, th.g.ellipsis))
	}
	return lines
}

// why says how the class ended.
func (m *studentModel) why(a *App) string {
	switch m.v.Ended {
	case classroom.ByTeacher:
		return a.t.ClassEndedByTeacher
	case classroom.TeacherGone:
		return a.t.ClassEndedGone
	case classroom.LinkLost:
		return a.t.ClassEndedLost
	case classroom.RoomFull:
		return a.t.ClassEndedFull
	}
	return a.t.ClassEndedOther
}

func (m *studentModel) helpIntro(a *App) string { return a.t.HelpBodyStudent }
