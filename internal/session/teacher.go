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
	if v.Leaderboard && v.Phase == classroom.Revealed {
		m.leaders = t.Leaders(5)
	}
	if (v.Phase == classroom.Ended || v.Replaced) && m.mode != tEnded {
		m.mode, m.list, m.confirm, m.showCode = tEnded, choiceList{}, false, false
	}
	if m.mode == tPacing && v.Lesson == "" {
		m.mode = tLobby
	}
}

func (m *teacherModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	t := a.class.teacher
	key := k.String()
	m.notice = ""
	if m.confirm {
		switch key {
		case "y", "Y", "j", "J":
			m.confirm = false
			m.failed(a, t.End())
			m.sync(a)
		case "n", "N", "esc":
			m.confirm = false
		}
		return nil
	}
	switch m.mode {
	case tStart:
		if key == "enter" || key == "space" {
			m.mode = tLobby
		}
		return nil
	case tEnded:
		cmd, _ := m.list.choose(a, &a.theme.keys.list, k, m.endItems(a))
		return cmd
	case tLessons:
		n := a.sh.Catalog.Len()
		if m.list.move(&a.theme.keys.list, k, n) {
			return nil
		}
		switch key {
		case "enter", "space":
			id := a.sh.Catalog.IDs()[m.list.sel]
			m.failed(a, t.SetLesson(a.sh.Catalog.Lesson(lessons.BaseLang, id)))
			m.mode = tPacing
		case "esc", "backspace":
			m.mode = tLobby
			if m.v.Lesson != "" {
				m.mode = tPacing
			}
		}
		m.sync(a)
		return nil
	}
	// The lobby and pacing share the room keys.
	if m.clientsKey(a, k) {
		return nil
	}
	switch key {
	case "e":
		m.confirm = true
		return nil
	case "t":
		m.showCode = !m.showCode
		return nil
	case "l":
		m.mode, m.list = tLessons, choiceList{sel: max(0, a.sh.Catalog.Index(m.v.Lesson))}
		return nil
	}
	if m.mode == tLobby {
		switch key {
		case "enter", "space", "esc", "right":
			if m.v.Lesson == "" {
				m.mode, m.list = tLessons, choiceList{}
			} else {
				m.mode = tPacing
			}
		case "down", "j":
			m.off++
		case "up", "k":
			m.off = max(0, m.off-1)
		}
		return nil
	}
	switch key {
	case "right", "n", "space", "enter", "pgdown":
		m.failed(a, t.Next())
	case "left", "pgup", "backspace":
		m.failed(a, t.Back())
	case "o":
		m.failed(a, t.ToQuestions())
	case "b":
		if err := t.SetLeaderboard(!m.v.Leaderboard); err != nil {
			m.failed(a, err)
		} else if !m.v.Leaderboard {
			m.notice = a.t.ClassLeaderboardOn
		} else {
			m.notice = a.t.ClassLeaderboardOff
		}
	case "c":
		m.mode = tLobby
	case "down", "j":
		m.off++
	case "up", "k":
		m.off = max(0, m.off-1)
	case "home", "g":
		m.off = 0
	}
	m.sync(a)
	return nil
}

// helpKeyer is a screen with keys of its own for the help overlay.
type helpKeyer interface{ helpKeys(a *App) []hint }

// helpKeys lists the teacher's keys in the help overlay: the hint line has no room for all.
func (m *teacherModel) helpKeys(a *App) []hint {
	next, back := arrows(a)
	return []hint{
		{next + " / space / pgdn", a.t.ClassHelpNext},
		{back + " / pgup", a.t.ClassHelpBack},
		{"o", a.t.ClassHelpQuestions},
		{"b", a.t.ClassHelpLeaderboard},
		{"s", a.t.ClassHelpClients},
		{"l", a.t.ClassHelpLesson},
		{"c", a.t.ClassHelpCode},
		{"t", a.t.ClassHelpTeacherCode},
		{"e", a.t.ClassHelpEnd},
	}
}

// arrows are the next and back keys as shown: arrows, or words in plain mode.
func arrows(a *App) (next, back string) {
	if a.theme.plain {
		return "right", "left"
	}
	return "→", "←"
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
	return a.render(page{
		title: a.t.ClassOpenTitle, body: body, focusTop: -1,
		status: th.g.cursor + a.t.ClassShowCode,
		hints:  []hint{{"enter", a.t.KeyContinue}},
	}, &m.off)
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
	hints := []hint{{"enter", a.t.KeyLesson}}
	status := m.status(a)
	if m.v.Lesson == "" {
		if status == "" {
			status = th.g.cursor + a.t.ClassNoLessonYet
		}
	} else {
		hints = []hint{{"enter", a.t.ClassBackToLesson}}
	}
	hints = append(hints, hint{"e", a.t.KeyEndClass}, hint{"t", a.t.KeyTeacherCode}, hint{"s", a.t.KeyClients})
	return a.render(page{
		title: a.t.ClassTitle, right: m.joined(a), body: body,
		focusTop: -1, status: status, hints: hints,
	}, &m.off)
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
	return a.render(page{
		title: a.t.ClassChooseLesson, right: m.joined(a), body: body,
		focusTop: 1 + top, focusBottom: 1 + bottom, status: m.status(a),
		hints: []hint{{th.g.updown, a.t.KeyMove}, {"enter", a.t.KeyChoose}, {"esc", a.t.KeyBack}},
	}, &m.off)
}

// pacingHints are the keys while a lesson runs.
func (m *teacherModel) pacingHints(a *App) []hint {
	next, back := arrows(a)
	hs := []hint{{next, a.t.KeyNextStep}, {back, a.t.KeyBackStep}}
	if m.v.Phase == classroom.Page {
		hs = append(hs, hint{"o", a.t.KeyQuestions})
	} else {
		hs = append(hs, hint{"b", a.t.KeyLeaderboard})
	}
	return append(hs, hint{"e", a.t.KeyEndClass}, hint{"l", a.t.KeyLesson}, hint{"c", a.t.KeyRoomCode}, hint{"t", a.t.KeyTeacherCode}, hint{"s", a.t.KeyClients})
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
	return a.render(page{
		title: m.title(a, l.Title), right: m.joined(a), body: body, focusTop: -1,
		status: status, hints: m.pacingHints(a),
	}, &m.off)
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
		body = append(body, th.bold.Render(fmt.Sprintf(a.t.ClassRightShare, tl.Right, tl.Answered, pct(tl.Right, tl.Answered))))
	}
	body = append(body, "")
	body = append(body, wrap(q.Prompt, cw)...)
	body = append(body, "")
	body = append(body, viewOf(q).distribution(a, q, tl, revealed)...)
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
	return a.render(page{
		title: m.title(a, fmt.Sprintf(a.t.QuizQuestionOf, v.Question+1, v.Questions)),
		right: m.joined(a), body: body, focusTop: -1, status: status, hints: m.pacingHints(a),
	}, &m.off)
}

// optionBars draws the class's answers to a question with options: a bar each (answers,
// or ticks), and once revealed the right options marked with rightNote.
func optionBars(a *App, q *lessons.Question, tl classroom.Tally, revealed bool, rightNote string) []string {
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
		body = append(body, "    "+a.countBar(n, tl.Answered, bw))
	}
	return body
}

// binCounts draws the class's answers to a classification: the count per bin for each
// case, and once revealed the share right.
func binCounts(a *App, q *lessons.Question, tl classroom.Tally, revealed bool) []string {
	cw := a.contentWidth()
	th := a.theme
	var body []string
	var bins []string
	for i, b := range q.Bins {
		bins = append(bins, fmt.Sprintf("%d %s", i+1, b))
	}
	body = append(body, wrap(strings.Join(bins, th.g.sep), cw)...)
	body = append(body, "")
	for i, s := range q.Scenarios {
		body = append(body, wrapIndent(fmt.Sprintf("%d ", i+1), s.Text, cw)...)
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
	cw := a.contentWidth()
	title, msg := a.t.ClassEndedTitle, a.t.ClassEndedTeacher
	if m.v.Replaced && m.v.Phase != classroom.Ended {
		title, msg = a.t.ClassTitle, a.t.ClassReplaced
	}
	if m.v.Ended == classroom.LinkLost { // relayed from another replica that went silent
		msg = a.t.ClassEndedLost
	}
	body := []string{""}
	body = append(body, wrap(msg, cw)...)
	body = append(body, "")
	list, top, bottom := m.list.lines(a, m.endItems(a))
	base := len(body)
	body = append(body, list...)
	return a.render(page{
		title: title, body: body,
		focusTop: base + top, focusBottom: base + bottom,
		hints: []hint{{a.theme.g.updown, a.t.KeyMove}, {"enter", a.t.KeyChoose}},
	}, &m.off)
}

// ownsKey: in the lobby and while pacing, c shows the room code (its hint says so).
func (m *teacherModel) ownsKey(_ *App, key string) bool {
	return key == "c" && (m.mode == tLobby || m.mode == tPacing) && !m.confirm
}
