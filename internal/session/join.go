package session

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
)

// joinModel is the text field where a student types a room code. While it is shown every
// key but ctrl+c goes to the field: q and ? are letters here, esc leaves.
type joinModel struct {
	buf []rune
	err string
	off int
}

// maxRoomCodeInput bounds what the field takes: a code with a dash and a few spaces.
const maxRoomCodeInput = 12

func (a *App) showJoin(code string) {
	a.class.join = joinModel{}
	for _, r := range code {
		a.class.join.typeRune(r)
	}
	a.show(&a.class.join)
}

// typing marks the screen as a text field for the app's key handling.
func (m *joinModel) typing() bool { return true }

func (m *joinModel) typeRune(r rune) {
	if len(m.buf) >= maxRoomCodeInput {
		return
	}
	switch {
	case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		m.buf = append(m.buf, unicode.ToUpper(r))
	case r == '-' || r == ' ':
		m.buf = append(m.buf, r)
	}
}

func (m *joinModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "enter":
		code := strings.TrimSpace(string(m.buf))
		if code == "" {
			m.err = a.t.ClassErrFormat
			return nil
		}
		m.err = ""
		a.joinClass(code)
		return nil
	case "esc":
		a.showWelcome()
		return nil
	case "backspace", "ctrl+h":
		if len(m.buf) > 0 {
			m.buf = m.buf[:len(m.buf)-1]
		}
	case "ctrl+u":
		m.buf = m.buf[:0]
	default:
		for _, r := range k.Text {
			m.typeRune(r)
		}
	}
	m.err = ""
	return nil
}

func (m *joinModel) view(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	body := []string{""}
	body = append(body, wrap(a.t.ClassJoinPrompt, cw)...)
	body = append(body, "")
	field := "[" + string(m.buf) + "_" + strings.Repeat(" ", max(0, 7-len(m.buf))) + "]"
	body = append(body, "  "+a.t.ClassCodeLabel+" "+th.selected.Render(field), "")
	body = append(body, wrap(th.dim.Render(a.t.ClassNoName), cw)...)
	if m.err != "" {
		body = append(body, "")
		body = append(body, wrapIndent(th.wrong.Render(th.g.wrong)+" ", m.err, cw)...)
	}
	return a.render(page{
		title: a.t.ClassJoinTitle, body: body, focusTop: -1,
		hints: []hint{{"enter", a.t.KeyJoin}, {"esc", a.t.KeyBack}},
	}, &m.off)
}
