package session

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"tutord/internal/classroom"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
)

// ClassOptions is how a session starts in classroom mode (ssh -t HOST teach | join CODE).
type ClassOptions struct {
	Teach       bool   // open a room, or take one back with TeacherCode
	TeacherCode string // teach CODE: come back to a room after a dropped connection
	Join        bool   // go to the join screen, and join Code straight away if given
	Code        string
	// Source is the keyed hash of the client's network, for the join rate limit.
	Source classroom.Source
	// Hint is the ssh command that reaches this server ("ssh -p 2222 host").
	Hint string
}

// classSession is the app's classroom state: the room this session teaches or sits in,
// and the screens that show it.
type classSession struct {
	opts ClassOptions
	send func(tea.Msg)
	// gen tells the notices of the current room from late ones of a room already left.
	gen     int
	teacher *classroom.Teacher
	member  *classroom.Member

	// The classroom's screens, made when one is first shown (screens): most sessions
	// never open one, and every held session would carry their 1.4 KB.
	*classScreens
}

type classScreens struct {
	teach  teacherModel
	stud   studentModel
	join   joinModel
	notice noticeModel
	// frames is a student's hold on the step's shared row diffs (stepframes.go).
	frames frameSeat
}

// screens makes the classroom's screens if none are made yet.
func (c *classSession) screens() {
	if c.classScreens == nil {
		c.classScreens = &classScreens{}
	}
}

// classChanged is delivered into the program when the room changed; the screen then reads
// the room's state. It carries no data, so notices that pile up can merge.
type classChanged struct{ gen int }

func (m classChanged) apply(a *App) tea.Cmd {
	if m.gen != a.class.gen {
		return nil
	}
	a.syncClass()
	return nil
}

// syncClass reads the room the session is in, if any.
func (a *App) syncClass() {
	switch {
	case a.class.teacher != nil:
		a.class.teach.sync(a)
	case a.class.member != nil:
		a.class.stud.sync(a)
	}
}

// deliver returns the callback a room calls on changes: it sends a classChanged into this
// session's program. Called from other goroutines; Send may block until the program reads.
func (c *classSession) deliver() func() {
	c.gen++
	gen, send := c.gen, c.send
	if send == nil {
		return func() {}
	}
	return func() { send(classChanged{gen: gen}) }
}

// startClass runs the classroom command the session was opened with. It is called from
// Init, once the program that receives notices is running.
func (a *App) startClass() {
	c := &a.class
	switch {
	case c.opts.Teach:
		a.startTeaching()
	case c.opts.Join:
		a.showJoin(c.opts.Code)
		if c.opts.Code != "" {
			a.joinClass(c.opts.Code)
		}
	}
}

func (a *App) startTeaching() {
	c := &a.class
	if a.sh.Rooms == nil {
		a.showNotice(a.t.ClassErrInternal)
		return
	}
	var t *classroom.Teacher
	var err error
	resumed := c.opts.TeacherCode != ""
	if resumed {
		t, err = a.sh.Rooms.Resume(c.opts.Source, c.opts.TeacherCode)
	} else {
		t, err = a.sh.Rooms.Open()
	}
	if err != nil {
		a.showNotice(a.classError(err, c.opts.TeacherCode))
		return
	}
	c.teacher = t
	c.screens()
	c.teach = teacherModel{}
	if resumed {
		c.teach.mode = tLobby
	}
	// The board names students in this session's language; a student in another sees
	// that name too. A failure shows on the next action.
	_ = t.SetBoardLang(a.lang)
	t.Attach(c.deliver())
	c.teach.sync(a)
	a.show(&c.teach)
}

// joinClass tries a room code typed by the student.
func (a *App) joinClass(code string) {
	c := &a.class
	c.screens()
	if a.sh.Rooms == nil {
		c.join.err = a.t.ClassErrInternal
		return
	}
	m, err := a.sh.Rooms.Join(c.opts.Source, code)
	if err != nil {
		c.join.err = a.classError(err, code)
		return
	}
	c.member = m
	m.SetClient(a.mirror.anon) // for the class view: groups only, never this student's row
	c.stud = studentModel{}
	m.Attach(c.deliver())
	c.stud.sync(a)
	a.show(&c.stud)
}

// leaveClass takes the session out of its room, if any.
func (a *App) leaveClass() {
	c := &a.class
	c.gen++ // late notices from the old room are ignored
	if c.teacher != nil {
		c.teacher.Leave()
		c.teacher = nil
	}
	if c.member != nil {
		c.member.Leave()
		c.member = nil
	}
	if c.classScreens != nil {
		c.frames.drop()
	}
}

// Close ends the session's part in a classroom: a student leaves the room, a teacher's
// room starts its grace period. The server calls it when the program has ended.
func (a *App) Close() {
	a.leaveClass()
	a.closeExperiment()
}

// classGoodbye is the line printed when a teacher quits while the room stays open.
func (a *App) classGoodbye() string {
	t := a.class.teacher
	if t == nil || a.sh.Rooms == nil || a.sh.Rooms.Grace() <= 0 {
		return ""
	}
	if v := t.View(); v.Phase == classroom.Ended || v.Replaced {
		return ""
	}
	return fmt.Sprintf(a.t.ClassTeacherLeft, graceText(a), teachCommand(a.class.opts.Hint, "CODE"))
}

func (a *App) classError(err error, code string) string {
	switch {
	case errors.Is(err, classroom.ErrCodeFormat):
		if a.class.opts.Teach {
			return a.t.ClassErrTeacherFormat
		}
		return a.t.ClassErrFormat
	case errors.Is(err, classroom.ErrNoRoom):
		if a.class.opts.Teach {
			return a.t.ClassErrTeacherCode
		}
		return fmt.Sprintf(a.t.ClassErrNoRoom, printableCode(code))
	case errors.Is(err, classroom.ErrRoomFull):
		return a.t.ClassErrFull
	case errors.Is(err, classroom.ErrTooMany):
		return a.t.ClassErrTooMany
	case errors.Is(err, classroom.ErrRoomLimit):
		return a.t.ClassErrRoomLimit
	case errors.Is(err, classroom.ErrLink):
		return a.t.ClassErrLink
	default:
		return a.t.ClassErrInternal
	}
}

// printableCode is a code as typed, safe to show: upper case, no control characters, short.
func printableCode(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
	if r := []rune(s); len(r) > 12 {
		s = string(r[:12]) + "..."
	}
	return s
}

// graceText is the grace period in minutes, rounded up: "5 min".
func graceText(a *App) string {
	if a.sh.Rooms == nil {
		return minutesText(a, 0)
	}
	return minutesText(a, a.sh.Rooms.Grace())
}

func minutesText(a *App, d time.Duration) string {
	return fmt.Sprintf(a.t.MenuMinutes, max(1, int((d+time.Minute-1)/time.Minute)))
}

// withT turns "ssh -p 2222 host" into "ssh -t -p 2222 host": commands need a terminal.
func withT(hint string) string {
	if rest, ok := strings.CutPrefix(hint, "ssh "); ok {
		return "ssh -t " + rest
	}
	return hint
}

func joinCommand(hint, code string) string  { return withT(hint) + " join " + code }
func teachCommand(hint, code string) string { return withT(hint) + " teach " + code }

// classLesson is the lesson a room shows, in the session's language when the translation
// has the same pages, else in the base language (pages are counted in the base language).
func (a *App) classLesson(id string) *lessons.Lesson {
	base := a.sh.Catalog.Lesson(lessons.BaseLang, id)
	l := a.sh.Catalog.Lesson(a.lang, id)
	if l == nil || base == nil || len(l.Sections) != len(base.Sections) {
		return base
	}
	return l
}

// pageLines renders page p of a lesson for this session's width and style.
func (a *App) pageLines(l *lessons.Lesson, p int) []string {
	if l == nil || p < 0 || p >= len(l.Sections) {
		return nil
	}
	md := l.Sections[p].Markdown
	if p == 0 {
		md = "# " + l.Title + "\n\n" + md
	}
	key := markdown.Key{Doc: fmt.Sprintf("%s/%s#%d", l.Lang, l.ID, p), Width: a.contentWidth(), Style: a.mdStyle()}
	lines, err := a.sh.Markdown.Render(key, md)
	if err != nil {
		return wrap(a.t.Error, a.contentWidth())
	}
	return lines
}

// classCounts reports whether a class's counts per answer to a question (bars, counts per
// bin, shares right) may be shown: only once at least k students answered (the k rule).
// With fewer, a student who knows their own answer could work out the others' from the
// counts (in a class of two, exactly). How many answered is shown either way.
func (a *App) classCounts(tl classroom.Tally) bool { return tl.Answered >= a.anonK() }

// classLeaders reports whether the leaderboard may be shown to a class of students. The
// leaderboard is not a count over the class: it is each student's own score under their
// pseudonym, shown only when the teacher turns it on, with a note on every student's
// screen that it is on. What it discloses is who (by pseudonym) got how many right, and,
// from how the scores move after a reveal, who got that question right: so with it on,
// a question's right count can be worked out even when fewer than k answered it. That is
// what turning it on means (it is off by default), and it is why it stays: a teacher who
// wants a leaderboard gets one. What it must not do is name people: a pseudonym hides its
// student only among the class, and in a class smaller than k it is as good as a name.
// So it follows the k rule on the students present, not on the answers.
func (a *App) classLeaders(students int) bool { return students >= a.anonK() }

// countBar draws n of total as a bar with the number and share after it, so it reads
// without colour: "████████░░░░░░░  12  40%".
func (a *App) countBar(n, total, width int) string {
	label := fmt.Sprintf(" %3d %3d%%", n, pct(n, total))
	w := max(4, width-len(label))
	full := 0
	if total > 0 {
		full = (w*n + total/2) / total
	}
	full = min(full, w)
	th := a.theme
	return th.accent.Render(strings.Repeat(th.g.barFull, full)) + th.dim.Render(strings.Repeat(th.g.barEmpty, w-full)) + label
}

func pct(n, total int) int {
	if total <= 0 {
		return 0
	}
	return (n*100 + total/2) / total
}

// barWidth is the width of a distribution bar: the content width less an indent, at most 40.
func (a *App) barWidth() int { return min(a.contentWidth()-4, 40) }

// noticeModel shows one message with a way on: to the course, or quit. It is used when a
// classroom cannot be opened or joined straight from the command line.
type noticeModel struct {
	msg  string
	list choiceList
	off  int
}

func (a *App) showNotice(msg string) {
	a.class.screens()
	a.class.notice = noticeModel{msg: msg}
	a.show(&a.class.notice)
}

func (m *noticeModel) items(a *App) []item {
	return []item{
		{a.t.ClassToCourse, func(a *App) tea.Cmd { a.showWelcome(); return nil }},
		{a.t.WelcomeQuit, func(a *App) tea.Cmd { return a.quit() }},
	}
}

func (m *noticeModel) keys(a *App) keyMap { return a.theme.keys.class.choice }

func (m *noticeModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	km := &a.theme.keys.class.choice
	if cmd, ok := m.list.choose(a, &km.list, k, m.items(a)); ok {
		return cmd
	}
	if matches(k, km.Back) {
		a.showWelcome()
	}
	return nil
}

func (m *noticeModel) view(a *App) string {
	return a.choicePage(a.t.ClassTitle, wrap(m.msg, a.contentWidth()), &m.list, m.items(a), a.theme.keys.class.choice, &m.off)
}

// choicePage is a message with the way on as a choice list under it (the class notice,
// the end of a class): msg is the message's lines, and the selected choice stays in view.
func (a *App) choicePage(title string, msg []string, list *choiceList, items []item, km choiceKeys, off *int) string {
	body := append([]string{""}, msg...)
	body = append(body, "")
	lines, top, bottom := list.lines(a, items)
	base := len(body)
	body = append(body, lines...)
	return a.render(page{
		title: title, body: body,
		focusTop: base + top, focusBottom: base + bottom,
		keys: km.ShortHelp(),
	}, off)
}
