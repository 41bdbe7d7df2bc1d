package session

import (
	"fmt"
)

// helpView is the ? overlay: what the keys do, on every screen.
func (a *App) helpView() string {
	cw := a.contentWidth()
	th := a.theme
	g := th.g
	keyer, own := a.cur.(helpKeyer)
	keys := []hint{{g.updown + " / j k", a.t.KeyMove + ", " + a.t.KeyScroll}}
	if !own { // a screen with keys of its own (the teacher's) lists paging itself
		keys = append(keys, hint{"space / pgdn / pgup", a.t.KeyPage})
	}
	keys = append(keys, hint{"enter", a.t.KeyChoose})
	if !own { // the quiz keys; a teacher answers nothing
		keys = append(keys,
			hint{g.leftright + " / h l, 1-4", a.t.KeySort + " (" + a.t.KeyQuiz + ")"},
			hint{"r", a.t.KeyRetry + " (" + a.t.KeyQuiz + ")"})
	}
	keys = append(keys, []hint{
		{"esc / backspace", a.t.KeyBack},
		{"L", a.sh.Text(a.sh.Catalog.UI().Next(a.lang)).LangName},
		{"p", a.t.HelpPlain},
		{"c", a.t.HelpCode},
		{"?", a.t.KeyHelp},
		{"q / ctrl+c", a.t.KeyQuit},
	}...)
	if own {
		keys = append(keyer.helpKeys(a), keys...)
	}
	body := []string{""}
	body = append(body, wrap(a.t.HelpBody, cw)...)
	body = append(body, "")
	for _, k := range keys {
		if cw < 60 { // too narrow for two columns: the key, then what it does below it
			body = append(body, th.key.Render(k.key))
			body = append(body, wrapIndent("    ", k.action, cw)...)
			continue
		}
		body = append(body, wrapIndent(fmt.Sprintf("%-22s ", k.key), k.action, cw)...)
	}
	body = append(body, "")
	body = append(body, wrap(a.t.Promise, cw)...)
	body = append(body, "", th.dim.Render(a.t.HelpClose))
	return a.render(page{
		title: a.t.HelpTitle, body: body, focusTop: -1,
		hints: []hint{{a.t.KeyAny, a.t.KeyClose}, {g.updown, a.t.KeyScroll}},
	}, &a.helpOff)
}
