package session

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
)

// joinModel is the text field where a student types a room code. While it is shown every
// key but ctrl+c goes to the field: q and ? are letters here, esc leaves.
type joinModel struct{ codeEntry }

// codeEntry is a field for a short code a learner types: a room code to join, or the
// code of a comparison. Enter hands on the trimmed code (an empty one is said to be
// malformed), esc goes back to the welcome, and an edit or paste clears what was said.
type codeEntry struct {
	buf textField
	err string
	pg  textPage
}

func newCodeEntry() codeEntry {
	return codeEntry{buf: textField{max: maxRoomCodeInput, accept: roomCodeRune}}
}

// maxRoomCodeInput bounds what the field takes: a code with a dash and a few spaces.
const maxRoomCodeInput = 12

func (a *App) showJoin(code string) {
	a.class.screens()
	a.class.join = joinModel{newCodeEntry()}
	a.class.join.buf.add(code)
	a.show(&a.class.join)
}

// typing marks the screen as a text field for the app's key handling.
func (m *codeEntry) typing() bool { return true }

// paste takes a code pasted from a message or the board.
func (m *codeEntry) paste(_ *App, text string) {
	m.buf.add(text)
	m.err = ""
}

// handle applies k with the screen's keys km: submit gets a code that is not empty,
// emptyErr is said for an empty one.
func (m *codeEntry) handle(a *App, km fieldKeys, k tea.KeyPressMsg, emptyErr string, submit func(code string)) {
	switch {
	case km.scroll.move(a, &m.pg.off, k):
	case matches(k, km.Submit):
		code := strings.TrimSpace(m.buf.String())
		if code == "" {
			m.err = emptyErr
			return
		}
		m.err = ""
		submit(code)
	case matches(k, km.Back):
		a.showWelcome()
	case m.buf.edit(&km, k): // a changed code is judged anew
		m.err = ""
	}
}

// field draws what was typed in brackets wide enough for a whole code.
func (m *codeEntry) field() string {
	return "[" + m.buf.String() + "_" + strings.Repeat(" ", max(0, 7-len(m.buf.buf))) + "]"
}

// roomCodeRune keeps what a room code is written with: ASCII letters (in capitals) and
// digits, and the dash and spaces people type between its halves.
func roomCodeRune(r rune) (rune, bool) {
	switch {
	case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		return unicode.ToUpper(r), true
	case r == '-' || r == ' ':
		return r, true
	}
	return 0, false
}

func (m *joinModel) keys(a *App) keyMap { return m.keymap(a) }

func (m *joinModel) keymap(a *App) fieldKeys { return a.theme.keys.entry.join.forPage(&m.pg) }

func (m *joinModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	m.handle(a, m.keymap(a), k, a.t.ClassErrFormat, a.joinClass)
	return nil
}

func (m *joinModel) view(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	body := []string{""}
	body = append(body, wrap(a.t.ClassJoinPrompt, cw)...)
	body = append(body, "")
	body = append(body, "  "+a.t.ClassCodeLabel+" "+th.selected.Render(m.field()), "")
	body = append(body, wrap(th.dim.Render(a.t.ClassNoName), cw)...)
	if m.err != "" {
		body = append(body, "")
		body = append(body, wrapIndent(th.wrong.Render(th.g.wrong)+" ", m.err, cw)...)
	}
	return m.pg.render(a, page{title: a.t.ClassJoinTitle, body: body, focusTop: -1},
		func() []binding { return m.keymap(a).ShortHelp() })
}
