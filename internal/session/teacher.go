package session

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tutord/internal/anonset"
	"tutord/internal/classroom"
	"tutord/internal/lessons"
)

type teacherMode uint8

const (
	tStart   teacherMode = iota // private: the teacher code, before anything is projected
	tLobby                      // the room code in big type, for the projector
	tLessons                    // choosing the lesson
	tPacing                     // the room's current page or question
	tEnded                      // the class ended, or another connection took the room
)

// teacherModel is the teacher's screen. It shows what the room shows (read on every
// notice) plus the teacher's own navigation.
type teacherModel struct {
	mode     teacherMode
	v        classroom.View
	leaders  []classroom.Leader
	step     uint64
	off      int
	list     choiceList
	confirm  bool // "end the class?" is asked
	showCode bool // the teacher code is in the status line
	notice   string
	// clients is the class view while it is on (classview.go).
	clients anonset.Class
	// fits is set when the last frame showed the whole body: the scrolling keys are off.
	fits bool
}

// failed tells the teacher when the room refused an action, instead of dropping it.
func (m *teacherModel) failed(a *App, err error) {
	switch {
	case err == nil:
	case errors.Is(err, classroom.ErrNotTeacher):
		m.notice = a.t.ClassNotTeacher
	case errors.Is(err, classroom.ErrLink):
		m.notice = a.t.ClassLinkLost
	default:
		m.notice = a.t.ClassActionFailed
	}
}

// sync reads the room.
func (m *teacherModel) sync(a *App) {
	t := a.class.teacher
	if t == nil {
		return
	}
	v := t.View()
	if v.Step != m.step {
		m.step, m.off = v.Step, 0
	}
	m.v = v
	m.syncClients(a, t)
	m.leaders = nil
	if v.Leaderboard && v.Phase == classroom.Revealed && a.classLeaders(v.Students) {
		m.leaders = t.Leaders(5)
	}
	if (v.Phase == classroom.Ended || v.Replaced) && m.mode != tEnded {
		m.mode, m.list, m.confirm, m.showCode = tEnded, choiceList{}, false, false
	}
	if m.mode == tPacing && v.Lesson == "" {
		m.mode = tLobby
	}
}

// keys are the teacher's keys in the screen's state.
func (m *teacherModel) keys(a *App) keyMap {
	if m.mode == tEnded {
		return a.classEndKeys()
	}
	return m.keymap(a)
}

// keymap is the teacher's bindings in the current state, those it does not act on off.
func (m *teacherModel) keymap(a *App) teacherKeys {
	km := a.theme.keys.class.teacher
	v := m.v
	switch {
	case m.confirm:
		km.only(tkConfirm)
	case m.mode == tStart:
		km.only(tkStart)
	case m.mode == tLessons:
		km.only(tkLessons)
	case v.Clients:
		km.only(tkClients)
	case m.mode == tLobby:
		km.only(tkLobby)
		if v.Lesson == "" {
			km.BackToLesson.SetEnabled(false)
		} else {
			km.ToLesson.SetEnabled(false)
		}
	default:
		km.only(tkPacing)
		km.page = v.Phase == classroom.Page
		km.Next.SetEnabled(m.hasNext())
		km.Back.SetEnabled(v.Phase != classroom.Page || v.Page > 0)
		km.Questions.SetEnabled(v.Phase == classroom.Page && v.Questions > 0)
	}
	if m.fits {
		for _, b := range []*binding{&km.Down, &km.Up, &km.Top, &km.scroll.Down, &km.scroll.Up,
			&km.scroll.PageDown, &km.scroll.PageUp, &km.scroll.Top} {
			b.SetEnabled(false)
		}
	}
	return km
}

// render draws p with the keys of the state (renderFitting).
func (m *teacherModel) render(a *App, p page) string {
	return a.renderFitting(p, &m.off, &m.fits, func() []binding { return m.keys(a).ShortHelp() })
}

// hasNext reports whether the room has a next step (the room's Next does nothing at the
// last page of a lesson without questions, or after its last question is revealed).
func (m *teacherModel) hasNext() bool {
	v := m.v
	switch v.Phase {
	case classroom.Page:
		return v.Page+1 < v.Pages || v.Questions > 0
	case classroom.Revealed:
		return v.Question+1 < v.Questions
	}
	return true
}

func (m *teacherModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	if m.mode == tEnded {
		km := a.classEndKeys()
		cmd, _ := m.list.choose(a, &km.list, k, m.endItems(a))
		return cmd
	}
	t := a.class.teacher
	km := m.keymap(a)
	if !matches(k, km.FullHelp()...) {
		return nil // a key the state does not take leaves the screen as it is, notice and all
	}
	m.notice = ""
	switch km.state {
	case tkConfirm:
		switch {
		case matches(k, km.Yes):
			m.confirm = false
			m.failed(a, t.End())
			m.sync(a)
		case matches(k, km.No):
			m.confirm = false
		}
		return nil
	case tkStart:
		if matches(k, km.Continue) {
			m.mode, m.off = tLobby, 0
			return nil
		}
	case tkLessons:
		switch {
		case m.list.move(&km.list, k, a.sh.Catalog.Len()):
			return nil
		case matches(k, km.list.Choose):
			id := a.sh.Catalog.IDs()[m.list.sel]
			m.failed(a, t.SetLesson(a.sh.Catalog.Lesson(lessons.BaseLang, id)))
			m.mode = tPacing
		case matches(k, km.ListBack):
			m.mode = tLobby
			if m.v.Lesson != "" {
				m.mode = tPacing
			}
		}
		m.sync(a)
		return nil
	}
	// The lobby, pacing and the class view share the room keys (the teacher code its scrolling).
	switch {
	case matches(k, km.End):
		m.confirm = true
		return nil
	case matches(k, km.TeacherCode):
		m.showCode = !m.showCode
		return nil
	case matches(k, km.RoomCode):
		if m.v.Clients { // the room code is what the class is to see now
			m.failed(a, t.ShowClients(false))
		}
		m.mode, m.off = tLobby, 0
	case matches(k, km.Clients):
		m.failed(a, t.ShowClients(true))
		m.off = 0
	case matches(k, km.ClientsOff):
		m.failed(a, t.ShowClients(false))
		m.off = 0
	case km.state == tkClients:
		if !m.fits {
			a.scroll(&m.off, k)
		}
		return nil
	case matches(k, km.Lessons):
		m.mode, m.list = tLessons, choiceList{sel: max(0, a.sh.Catalog.Index(m.v.Lesson))}
		return nil
	case matches(k, km.ToLesson):
		m.mode, m.list = tLessons, choiceList{}
		return nil
	case matches(k, km.BackToLesson):
		m.mode = tPacing
		return nil
	case matches(k, km.Down):
		m.off++
		return nil
	case matches(k, km.Up):
		m.off = max(0, m.off-1)
		return nil
	case matches(k, km.Top):
		m.off = 0
		return nil
	case matches(k, km.Next):
		m.failed(a, t.Next())
	case matches(k, km.Back):
		m.failed(a, t.Back())
	case matches(k, km.Questions):
		m.failed(a, t.ToQuestions())
	case matches(k, km.Leaderboard):
		if err := t.SetLeaderboard(!m.v.Leaderboard); err != nil {
			m.failed(a, err)
		} else if !m.v.Leaderboard {
			m.notice = a.t.ClassLeaderboardOn
		} else {
			m.notice = a.t.ClassLeaderboardOff
		}
	default:
		return nil
	}
	m.sync(a)
	return nil
}

func (m *teacherModel) endItems(a *App) []item {
	return []item{
		{a.t.ClassToCourse, func(a *App) tea.Cmd { a.leaveClass(); a.showWelcome(); return nil }},
		{a.t.WelcomeQuit, func(a *App) tea.Cmd { return a.quit() }},
	}
}

// status is the line above the hints: a question asked, the teacher code, or what next.
func (m *teacherModel) status(a *App) string {
	switch {
	case m.confirm:
		return a.theme.bold.Render(a.t.ClassEndConfirm)
	case m.showCode:
		_, code := a.class.teacher.Codes()
		return fmt.Sprintf(a.t.ClassTeacherCode, classroom.FormatCode(code))
	case m.notice != "":
		return m.notice
	case m.v.Lost:
		return a.t.ClassLinkLost
	}
	return ""
}

func (m *teacherModel) joined(a *App) string { return a.t.ClassJoined.N(m.v.Students) }

func (m *teacherModel) view(a *App) string {
	switch m.mode {
	case tStart:
		return m.startView(a)
	case tLessons:
		return m.lessonsView(a)
	case tLobby, tPacing:
		if m.v.Clients {
			return m.clientsView(a)
		}
	}
	switch m.mode {
	case tPacing:
		if m.v.Phase == classroom.Page {
			return m.pageView(a)
		}
		return m.questionView(a)
	case tEnded:
		return m.endedView(a)
	default:
		return m.lobbyView(a)
	}
}

func (m *teacherModel) startView(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	_, code := a.class.teacher.Codes()
	body := []string{"", th.bold.Render(fmt.Sprintf(a.t.ClassTeacherCode, classroom.FormatCode(code))), ""}
	body = append(body, wrap(fmt.Sprintf(a.t.ClassTeacherCodeNote, graceText(a)), cw)...)
	body = append(body, wrapIndent("  ", teachCommand(a.class.opts.Hint, code), cw)...)
	body = append(body, wrap(a.t.ClassTeacherCodeAfter, cw)...)
	body = append(body, "")
	body = append(body, wrap(a.t.ClassNothingStored, cw)...)
	// The way on is in the status line, so the code stays on screen even at 40x15.
	return m.render(a, page{
		title: a.t.ClassOpenTitle, body: body, focusTop: -1,
		status: th.g.cursor + a.t.ClassShowCode,
	})
}

func (m *teacherModel) lobbyView(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	code := m.v.Code
	// What the class needs comes first: at 40x15 the code and the command to type fit.
	body := []string{a.t.ClassRoomCode + "  " + th.bold.Render(classroom.FormatCode(code))}
	if cw >= bigCodeWidth {
		for _, l := range bigCode(code, th.g.barFull) {
			body = append(body, th.accent.Render(l))
		}
	}
	body = append(body, "")
	body = append(body, wrap(a.t.ClassJoinHow, cw)...)
	body = append(body, wrapIndent("  ", th.bold.Render(joinCommand(a.class.opts.Hint, code)), cw)...)
	body = append(body, wrap(fmt.Sprintf(a.t.ClassJoinOr, withT(a.class.opts.Hint)), cw)...)
	body = append(body, "", th.bold.Render(m.joined(a)))
	body = append(body, wrap(th.dim.Render(a.t.ClassNoNames), cw)...)
	status := m.status(a)
	// The way on, as the status line: the hint line has no room for it at 40 columns.
	switch {
	case status != "":
	case m.v.Lesson == "":
		status = th.g.cursor + a.t.ClassNoLessonYet
	default:
		status = th.g.cursor + a.t.ClassLessonBack
	}
	return m.render(a, page{
		title: a.t.ClassTitle, right: m.joined(a), body: body,
		focusTop: -1, status: status,
	})
}

func (m *teacherModel) lessonsView(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	var items []item
	for i, l := range a.sh.Catalog.Lessons(a.lang) {
		base := a.sh.Catalog.At(lessons.BaseLang, i)
		info := th.dim.Render(fmt.Sprintf(a.t.ClassLessonInfo, len(base.Sections), len(base.Quiz.Questions)))
		items = append(items, item{label: fmt.Sprintf("%d %s\n%s", i+1, l.Title, info)})
	}
	body := []string{""}
	list, top, bottom := m.list.lines(a, items)
	body = append(body, list...)
	_ = cw
	return m.render(a, page{
		title: a.t.ClassChooseLesson, right: m.joined(a), body: body,
		focusTop: 1 + top, focusBottom: 1 + bottom, status: m.status(a),
	})
}

// nextLabel says what the next step will do.
func (m *teacherModel) nextLabel(a *App) string {
	v := m.v
	switch v.Phase {
	case classroom.Page:
		if v.Page+1 < v.Pages {
			return fmt.Sprintf(a.t.ClassNextPage, v.Page+2)
		}
		if v.Questions > 0 {
			next := 0
			for i, p := range v.Asked {
				if p != classroom.Revealed {
					next = i
					break
				}
			}
			return fmt.Sprintf(a.t.ClassNextQuestion, next+1)
		}
	case classroom.Open:
		return a.t.ClassNextClose
	case classroom.Closed:
		return a.t.ClassNextReveal
	case classroom.Revealed:
		if v.Question+1 < v.Questions {
			return fmt.Sprintf(a.t.ClassNextQuestion, v.Question+2)
		}
	}
	return a.t.ClassNextNone
}

func (m *teacherModel) title(a *App, what string) string {
	return classroom.FormatCode(m.v.Code) + a.theme.g.sep + what
}

func (m *teacherModel) pageView(a *App) string {
	l := a.classLesson(m.v.Lesson)
	th := a.theme
	body := []string{th.dim.Render(fmt.Sprintf(a.t.ClassPageOf, m.v.Page+1, m.v.Pages))}
	body = append(body, a.pageLines(l, m.v.Page)...)
	status := m.status(a)
	if status == "" {
		status = m.nextLabel(a)
	}
	return m.render(a, page{
		title: m.title(a, l.Title), right: m.joined(a), body: body, focusTop: -1,
		status: status,
	})
}

func (m *teacherModel) questionView(a *App) string {
	v := m.v
	l := a.classLesson(v.Lesson)
	q := &l.Quiz.Questions[v.Question]
	cw := a.contentWidth()
	th := a.theme
	tl := v.Tally
	revealed := v.Phase == classroom.Revealed
	// The phase and the counts come first: they must be visible without scrolling.
	var body []string
	switch v.Phase {
	case classroom.Open:
		body = append(body, wrap(a.t.ClassPhaseOpen, cw)...)
		body = append(body, th.bold.Render(fmt.Sprintf(a.t.ClassAnswered, tl.Answered, v.Students)))
	case classroom.Closed:
		body = append(body, wrap(a.t.ClassPhaseClosed, cw)...)
		body = append(body, th.bold.Render(fmt.Sprintf(a.t.ClassAnsweredClosed, tl.Answered)))
	default:
		body = append(body, wrap(a.t.ClassPhaseRevealed, cw)...)
		if a.classCounts(tl) {
			body = append(body, th.bold.Render(fmt.Sprintf(a.t.ClassRightShare, tl.Right, tl.Answered, pct(tl.Right, tl.Answered))))
		} else {
			// The share right is a count over the others too: only that the answers are in.
			body = append(body, th.bold.Render(fmt.Sprintf(a.t.ClassAnsweredClosed, tl.Answered)))
		}
	}
	// No counts per answer while the question is open: a bar that moves as a student
	// presses enter tells a teacher who watches the room what that student answered,
	// however many answered before. Closed, they are one snapshot, under the k rule.
	counts := v.Phase != classroom.Open && a.classCounts(tl)
	switch {
	case v.Phase == classroom.Open:
		body = append(body, wrap(th.dim.Render(a.t.ClassCountsOpen), cw)...)
	case !counts: // closed: no more answers will come
		body = append(body, wrap(th.dim.Render(fmt.Sprintf(a.t.ClassCountsFewClosed, a.anonK())), cw)...)
	}
	body = append(body, "")
	body = append(body, wrap(q.Prompt, cw)...)
	body = append(body, "")
	body = append(body, viewOf(q).distribution(a, q, tl, revealed, counts)...)
	if v.Leaderboard && revealed && !a.classLeaders(v.Students) {
		body = append(body, "")
		body = append(body, wrap(th.dim.Render(fmt.Sprintf(a.t.ClassLeaderboardFew, a.anonK())), cw)...)
	}
	if len(m.leaders) > 0 {
		body = append(body, "", th.bold.Render(a.t.ClassLeaderboard))
		rank := 0
		for i, ld := range m.leaders {
			if i == 0 || ld.Right != m.leaders[i-1].Right {
				rank = i + 1
			}
			body = append(body, fmt.Sprintf("%3d. %-24s %d", rank, ld.Name.Name(a.t.Pseudonym), ld.Right))
		}
	}
	status := m.status(a)
	if status == "" {
		status = m.nextLabel(a)
	}
	return m.render(a, page{
		title: m.title(a, fmt.Sprintf(a.t.QuizQuestionOf, v.Question+1, v.Questions)),
		right: m.joined(a), body: body, focusTop: -1, status: status,
	})
}

// optionBars draws the class's answers to a question with options: a bar each (answers,
// or ticks), and once revealed the right options marked with rightNote. Without counts
// (open, or below the k rule: questionView) it draws the options without bars: the right
// answer is course content, the bars are the others' answers.
func optionBars(a *App, q *lessons.Question, tl classroom.Tally, revealed, counts bool, rightNote string) []string {
	cw := a.contentWidth()
	th := a.theme
	bw := a.barWidth()
	var body []string
	for i, o := range q.Options {
		mark, note := th.g.noCursor, ""
		if revealed && o.Right {
			mark, note = th.right.Render(th.g.right)+" ", " ("+rightNote+")"
		}
		n := 0
		if i < len(tl.Options) {
			n = tl.Options[i]
		}
		body = append(body, wrapIndent(fmt.Sprintf("%s%d ", mark, i+1), o.Text+note, cw)...)
		if counts {
			body = append(body, "    "+a.countBar(n, tl.Answered, bw))
		}
	}
	return body
}

// binCounts draws the class's answers to a classification: the count per bin for each
// case, and once revealed the share right. Without counts (open, or below the k rule:
// questionView) it draws only the cases, with their right bin once revealed.
func binCounts(a *App, q *lessons.Question, tl classroom.Tally, revealed, show bool) []string {
	cw := a.contentWidth()
	th := a.theme
	var body []string
	var bins []string
	for i, b := range q.Bins {
		bins = append(bins, fmt.Sprintf("%d %s", i+1, b))
	}
	body = append(body, packItems(bins, th.g.sep, cw)...) // a bin's number stays with its name
	body = append(body, "")
	for i, s := range q.Scenarios {
		body = append(body, wrapIndent(fmt.Sprintf("%d ", i+1), s.Text, cw)...)
		if !show {
			if revealed {
				right := fmt.Sprintf("[%d] %s %s", s.Bin+1, q.Bins[s.Bin], th.g.right)
				body = append(body, wrapIndent("    ", th.right.Render(right), cw)...)
			}
			continue
		}
		var counts []string
		for b := range q.Bins {
			n := 0
			if i < len(tl.Bins) && b < len(tl.Bins[i]) {
				n = tl.Bins[i][b]
			}
			c := fmt.Sprintf("[%d] %d", b+1, n)
			if revealed && b == s.Bin {
				c = th.right.Render(c + " " + th.g.right)
			}
			counts = append(counts, c)
		}
		if revealed && i < len(tl.ScenarioRight) {
			counts = append(counts, fmt.Sprintf(a.t.ClassScenarioRight, pct(tl.ScenarioRight[i], tl.Answered)))
		}
		body = append(body, wrapIndent("    ", strings.Join(counts, "  "), cw)...)
	}
	return body
}

func (m *teacherModel) endedView(a *App) string {
	title, msg := a.t.ClassEndedTitle, a.t.ClassEndedTeacher
	if m.v.Replaced && m.v.Phase != classroom.Ended {
		title, msg = a.t.ClassTitle, a.t.ClassReplaced
	}
	cw := a.contentWidth()
	body := wrap(msg, cw)
	if m.v.Ended == classroom.LinkLost {
		// This replica lost the owner, which may still hold the room for its teacher:
		// the teacher code brings it back from any replica.
		_, code := a.class.teacher.Codes()
		body = wrap(fmt.Sprintf(a.t.ClassEndedLostTeacher, graceText(a)), cw)
		body = append(body, wrapIndent("  ", teachCommand(a.class.opts.Hint, code), cw)...)
	}
	return a.choicePage(title, body, &m.list, m.endItems(a), a.classEndKeys(), &m.off)
}

func (m *teacherModel) helpIntro(a *App) string { return a.t.HelpBodyTeacher }
