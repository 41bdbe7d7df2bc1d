package session

import (
	"fmt"

	"tutord/internal/i18n"
)

// helpView is the ? overlay: what the keys do, on every screen.
func (a *App) helpView() string {
	cw := a.contentWidth()
	th := a.theme
	g := th.g
	keys := []hint{
		{g.updown + " / j k", a.t.KeyMove + ", " + a.t.KeyScroll},
		{"space / pgdn / pgup", a.t.KeyPage},
		{"enter", a.t.KeyChoose},
		{g.leftright + " / h l, 1-4", a.t.KeySort + " (" + a.t.KeyQuiz + ")"},
		{"r", a.t.KeyRetry + " (" + a.t.KeyQuiz + ")"},
		{"esc / backspace", a.t.KeyBack},
		{"L", i18n.For(i18n.Next(a.lang)).LangName},
		{"p", a.t.HelpPlain},
		{"c", a.t.HelpCode},
		{"?", a.t.KeyHelp},
		{"q / ctrl+c", a.t.KeyQuit},
	}
	if h, ok := a.cur.(helpKeyer); ok {
		keys = append(h.helpKeys(a), keys...)
	}
	body := []string{""}
	body = append(body, wrap(a.t.HelpBody, cw)...)
	body = append(body, "")
	for _, k := range keys {
		body = append(body, wrapIndent(fmt.Sprintf("%-22s ", k.key), k.action, cw)...)
	}
	body = append(body, "")
	body = append(body, wrap(a.t.Promise, cw)...)
	body = append(body, "", th.dim.Render(a.t.HelpClose))
	return a.render(page{
		title: a.t.HelpTitle, body: body, focusTop: -1,
		hints: []hint{{a.t.KeyAny, a.t.KeyClose}},
	}, &a.helpOff)
}
