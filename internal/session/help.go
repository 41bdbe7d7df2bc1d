package session

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// helpView is the ? overlay: the screen's keys, then the app's, generated from the
// bindings the screen acts on.
func (a *App) helpView() string {
	g := a.theme.g
	entries := fullEntries(g, a.cur.keys(a).FullHelp())
	entries = append(entries, fullEntries(g, enabled(a.globalKeys().FullHelp()))...)
	keys := make([]hint, 0, len(entries))
	for _, e := range entries {
		keys = append(keys, hint(e))
	}
	return a.helpPage(keys)
}

// helpIntro is a screen whose help overlay opens with words of its own (the classroom's:
// the course's "read a lesson, then answer its quiz" is not what a class does).
type helpIntro interface{ helpIntro(a *App) string }

// maxHelpKeyWidth is the widest key column of the help overlay; wider keys take a line of
// their own.
const maxHelpKeyWidth = 26

// helpPage lays the help overlay out around its key list.
func (a *App) helpPage(keys []hint) string {
	cw := a.contentWidth()
	th := a.theme
	body := []string{""}
	intro := a.t.HelpBody
	if h, ok := a.cur.(helpIntro); ok {
		intro = h.helpIntro(a)
	}
	body = append(body, wrap(intro, cw)...)
	body = append(body, "")
	col := 0 // the key column: as wide as the widest key that fits one
	for _, k := range keys {
		if w := ansi.StringWidth(k.key); w <= maxHelpKeyWidth {
			col = max(col, w)
		}
	}
	for _, k := range keys {
		if cw < 60 || ansi.StringWidth(k.key) > col { // too narrow for two columns: the key, then what it does below it
			body = append(body, th.key.Render(k.key))
			body = append(body, wrapIndent("    ", k.action, cw)...)
			continue
		}
		pad := strings.Repeat(" ", col-ansi.StringWidth(k.key)+2) // two spaces: the widest key stays apart from its words
		body = append(body, wrapIndent(k.key+pad, k.action, cw)...)
	}
	body = append(body, "")
	for _, l := range wrap(a.t.PromiseHeading, cw) { // the promise answers it: "Nothing. …"
		body = append(body, th.bold.Render(l))
	}
	body = append(body, wrap(a.t.Promise, cw)...)
	body = append(body, "")
	for _, l := range wrap(a.t.HelpClose, cw) {
		body = append(body, th.dim.Render(l))
	}
	return a.render(page{
		title: a.t.HelpTitle, body: body, focusTop: -1,
		keys: th.keys.overlay.ShortHelp(),
	}, &a.helpOff)
}
