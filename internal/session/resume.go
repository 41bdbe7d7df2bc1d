package session

import (
	"fmt"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"tutord/internal/lessons"
	"tutord/internal/mirror"
	"tutord/internal/resume"
)

// maxCodeInput bounds what the code input holds: longer than any code, short enough that a
// paste of anything else stays cheap.
const maxCodeInput = 80

// resumeState holds the resume-code screens. The server keeps no code and no progress: a
// code exists on the learner's screen and in their notes only.
type resumeState struct {
	codec *resume.Codec
	code  codeModel
	entry entryModel
}

// codec is built on first use: hashing the course's structure is cheap, and a session that
// never shows a code never pays for it.
func (a *App) codec() *resume.Codec {
	if a.resume.codec == nil {
		a.resume.codec = resume.New(a.sh.Catalog)
	}
	return a.resume.codec
}

// started reports whether there is any progress to keep.
func (a *App) started() bool {
	for _, lp := range a.progress {
		if lp.Status != lessons.NotStarted {
			return true
		}
	}
	return false
}

// resumeCode is the code for the progress so far.
func (a *App) resumeCode() string { return a.codec().Encode(a.progress) }

// startResume restores a code given with `ssh -t HOST resume CODE`. A code that does not
// decode opens the input with the code and the reason, so the learner can fix a typo.
func (a *App) startResume(o Options) {
	if o.Resume == "" {
		return
	}
	a.resume.entry = entryModel{input: codeField(), fromCommand: true}
	a.resume.entry.input.add(o.Resume)
	a.show(&a.resume.entry)
	// The whole argument is judged, not just what fits the field: an over-long one gets
	// "too long", not a typo somewhere.
	a.resume.entry.decode(a, strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, o.Resume))
}

// summary is the progress in one sentence.
func (a *App) progressSummary() string {
	s := a.progress.Summarize(a.sh.Catalog)
	sum := fmt.Sprintf(a.t.ResumeSummary, s.Read, s.Lessons, s.Passed, s.Lessons, s.Right, s.Questions)
	if q := &a.quiz; q.att != nil && q.phase != summary && len(q.att.Results()) > 0 {
		sum += " " + a.t.ResumeQuizOpen // a code holds finished quizzes only
	}
	return sum
}

// resumeCommand is the ssh command that restores code.
func (a *App) resumeCommand(code string) string {
	return mirror.Command(a.mirror.connect, nil, []string{"-t"}, "", "resume "+code)
}

// showCode puts the code screen in front; esc returns to where the learner was.
func (a *App) showCode() {
	if a.cur != &a.resume.code {
		a.resume.code = codeModel{prev: a.cur}
	}
	a.show(&a.resume.code)
}

// codeModel shows the resume code and what it is (and is not).
type codeModel struct {
	prev screenModel
	pg   textPage
}

func (m *codeModel) keys(a *App) keyMap { return m.keymap(a) }

func (m *codeModel) keymap(a *App) pageKeys { return a.theme.keys.entry.code.forPage(&m.pg) }

func (m *codeModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	km := m.keymap(a)
	switch {
	case km.scroll.move(a, &m.pg.off, k):
	case matches(k, km.Back):
		if m.prev == nil {
			a.showWelcome()
		} else {
			a.show(m.prev)
		}
	}
	return nil
}

func (m *codeModel) view(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	body := []string{""}
	if !a.started() {
		body = append(body, wrap(a.t.ResumeNothing, cw)...)
	} else {
		code := a.resumeCode()
		body = append(body, wrap(a.t.ResumeIntro, cw)...)
		body = append(body, "", "  "+th.selected.Render(code), "")
		body = append(body, wrap(a.progressSummary(), cw)...)
		body = append(body, "")
		body = append(body, wrap(a.t.ResumeHowTo, cw)...)
		body = append(body, wrapIndent("  ", th.key.Render(a.resumeCommand(code)), cw)...)
	}
	body = append(body, "")
	body = append(body, wrap(a.t.ResumeOnlyCopy, cw)...)
	body = append(body, "")
	body = append(body, wrap(a.t.ResumeNoIdentity, cw)...)
	return m.pg.render(a, page{title: a.t.ResumeTitle, body: body, focusTop: -1},
		func() []binding { return m.keymap(a).ShortHelp() })
}

// entryModel is the text input for a code, then the result.
type entryModel struct {
	input textField
	msg   string // why the last code was not accepted
	// fromCommand marks a code given with `resume CODE` (said once, above the input).
	fromCommand bool
	done        bool
	list        choiceList
	pg          textPage
	// scrolled is set when the learner scrolls the page: the field stops pinning it.
	scrolled bool
}

func (a *App) showResumeEntry() {
	a.resume.entry = entryModel{input: codeField()}
	a.show(&a.resume.entry)
}

func (m *entryModel) typing() bool { return !m.done }

// keys are the code field's while typing, the choices once a code was restored.
func (m *entryModel) keys(a *App) keyMap {
	if m.done {
		return a.theme.keys.entry.restored
	}
	return m.fieldKeys(a)
}

func (m *entryModel) fieldKeys(a *App) fieldKeys { return a.theme.keys.entry.restore.forPage(&m.pg) }

func (m *entryModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	if m.done {
		km := &a.theme.keys.entry.restored
		if cmd, ok := m.list.choose(a, &km.list, k, m.items(a)); ok {
			return cmd
		}
		if matches(k, km.Back) {
			a.showWelcome()
		}
		return nil
	}
	km := m.fieldKeys(a)
	switch {
	case km.scroll.move(a, &m.pg.off, k):
		m.scrolled = true
		return nil
	case matches(k, km.Submit):
		m.submit(a)
		m.scrolled = false
	case matches(k, km.Back):
		a.showWelcome()
	case m.input.edit(&km, k):
		m.msg, m.scrolled = "", false
	}
	return nil
}

func (m *entryModel) paste(_ *App, text string) {
	if !m.done {
		m.input.add(text)
		m.msg = ""
	}
}

// codeField is the resume code's input: printable characters only (a pasted line break
// or escape sequence is dropped, not typed), and not too many.
func codeField() textField {
	return textField{max: maxCodeInput, accept: func(r rune) (rune, bool) { return r, unicode.IsPrint(r) }}
}

func (m *entryModel) submit(a *App) { m.decode(a, m.input.String()) }

// decode restores the progress in code, or says what is wrong with it.
func (m *entryModel) decode(a *App, code string) {
	p, err := a.codec().Decode(code)
	if err != nil {
		m.msg = a.codeProblem(err)
		return
	}
	resume.Merge(a.progress, p)
	m.done, m.msg, m.list = true, "", choiceList{}
}

func (m *entryModel) items(a *App) []item {
	return []item{
		{a.t.ResumeContinue, func(a *App) tea.Cmd { a.openLesson(a.nextLesson()); return nil }},
		{a.t.WelcomeLessons, func(a *App) tea.Cmd { a.showMenu(); return nil }},
	}
}

func (m *entryModel) view(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	body := []string{""}
	if m.done {
		body = append(body, wrapIndent(th.right.Render(th.g.right)+" ", th.right.Render(a.t.ResumeDone), cw)...)
		body = append(body, "")
		body = append(body, wrap(a.progressSummary(), cw)...)
		body = append(body, "")
		list, top, bottom := m.list.lines(a, m.items(a))
		base := len(body)
		body = append(body, list...)
		body = append(body, "")
		body = append(body, wrap(a.t.ResumeOnlyCopy, cw)...)
		return a.render(page{
			title: a.t.ResumeEnterTitle, body: body,
			focusTop: base + top, focusBottom: base + bottom,
			keys: th.keys.entry.restored.ShortHelp(),
		}, &m.pg.off)
	}
	body = append(body, wrap(a.t.ResumeEnterHelp, cw)...)
	body = append(body, "")
	cursor := "█"
	if th.plain {
		cursor = "_"
	}
	shown := strings.ToUpper(mirror.Clean(m.input.String(), maxCodeInput))
	body = append(body, wrapIndent(th.g.cursor, th.selected.Render(shown)+cursor, cw)...)
	focus := len(body) - 1
	if m.msg != "" {
		body = append(body, "")
		if m.fromCommand {
			body = append(body, wrap(a.t.ResumeCmdRejected, cw)...)
		}
		body = append(body, wrap(th.wrong.Render(th.g.wrong+" ")+m.msg, cw)...)
		focus = len(body) - 1
	}
	body = append(body, "")
	body = append(body, wrap(th.dim.Render(a.t.ResumeOnlyCopy), cw)...)
	top := 0 // the field and what was wrong with the code stay in view, until scrolled
	if m.scrolled {
		top, focus = -1, -1
	}
	return m.pg.render(a, page{title: a.t.ResumeEnterTitle, body: body, focusTop: top, focusBottom: focus},
		func() []binding { return m.fieldKeys(a).ShortHelp() })
}

// codeProblem says, in the learner's language, why a code was not accepted.
func (a *App) codeProblem(err error) string {
	e, ok := resume.IsError(err)
	if !ok {
		return a.t.ResumeErrInvalid
	}
	switch e.Kind {
	case resume.Empty:
		return a.t.ResumeErrEmpty
	case resume.BadChar:
		return fmt.Sprintf(a.t.ResumeErrChar, e.Pos, "\""+mirror.Clean(string(e.Char), 4)+"\"")
	case resume.TooShort:
		return fmt.Sprintf(a.t.ResumeErrShort, e.Limit)
	case resume.TooLong:
		return fmt.Sprintf(a.t.ResumeErrLong, e.Limit)
	case resume.Typo:
		if e.Pos > 0 {
			return fmt.Sprintf(a.t.ResumeErrTypoAt, e.Pos, markSymbol(e.Code, e.Pos))
		}
		return a.t.ResumeErrTypo
	case resume.Course:
		return a.t.ResumeErrCourse
	default:
		return a.t.ResumeErrInvalid
	}
}

// markSymbol brackets the pos-th letter or digit of a grouped code: "AB[C]D-EFGH".
func markSymbol(code string, pos int) string {
	var b strings.Builder
	n := 0
	for _, r := range code {
		if r != '-' {
			n++
		}
		if n == pos && r != '-' {
			b.WriteString("[" + string(r) + "]")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
