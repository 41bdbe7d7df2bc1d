package session

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// menuModel is the list of lessons with each one's status, plus "finish" at the end.
type menuModel struct {
	list choiceList
	off  int
}

// menuKeys are the lesson list's: move and open, a lesson by its number, back.
type menuKeys struct {
	list        listKeys
	Back, Digit binding
	code        binding // the app's (globalKeys), named in the hint line
}

func (k menuKeys) ShortHelp() []binding {
	return []binding{k.list.Choose, k.list.Up, k.list.Down, k.Back, k.code}
}

func (k menuKeys) FullHelp() []binding { return append(k.list.FullHelp(), k.Digit, k.Back) }

func (m *menuModel) keys(a *App) keyMap { return m.keymap(a) }

func (m *menuModel) keymap(a *App) menuKeys {
	km := a.theme.keys.menu
	setDigits(&km.Digit, a.sh.Catalog.Len())
	return km
}

func (m *menuModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	n := a.sh.Catalog.Len() + 1 // lessons + finish
	km := m.keymap(a)
	switch {
	case m.list.move(&km.list, k, n):
	case matches(k, km.list.Choose):
		if m.list.sel == n-1 {
			a.showFinal()
		} else {
			a.openLesson(m.list.sel)
		}
	case matches(k, km.Back):
		a.showWelcome()
	case matches(k, km.Digit):
		m.list.sel = int(k.Code - '1')
		a.openLesson(m.list.sel)
	}
	return nil
}

func (m *menuModel) view(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	c := a.sh.Catalog
	var body []string
	body = append(body, "")
	top, bottom := 0, 0
	for i, l := range c.Lessons(a.lang) {
		st := a.progress[l.ID].Status
		prefix := th.g.noCursor
		if i == m.list.sel {
			prefix = th.g.cursor
		}
		mark := a.statusGlyph(st)
		num := fmt.Sprintf("%d ", i+1)
		title := l.Title
		mins := fmt.Sprintf(a.t.MenuMinutes, l.Minutes)
		lead := prefix + mark + " " + num
		room := cw - ansi.StringWidth(lead)
		// Minutes go on the right when there is room; a narrow window keeps the title whole.
		if cw >= 60 {
			room -= ansi.StringWidth(mins) + 2
		}
		title = truncate(title, max(4, room), th.g.ellipsis)
		if i == m.list.sel {
			title = th.selected.Render(title)
		}
		line := lead + title
		if cw >= 60 {
			line += strings.Repeat(" ", max(2, cw-ansi.StringWidth(line)-ansi.StringWidth(mins))) + th.dim.Render(mins)
		}
		if i == m.list.sel {
			top = len(body)
		}
		body = append(body, line)
		if i == m.list.sel {
			bottom = len(body) - 1
		}
	}
	body = append(body, "")
	finish := a.t.MenuFinish
	prefix := th.g.noCursor
	if m.list.sel == c.Len() {
		prefix = th.g.cursor
		finish = th.selected.Render(finish)
		top = len(body)
	}
	body = append(body, wrapIndent(prefix, finish, cw)...)
	if m.list.sel == c.Len() {
		bottom = len(body) - 1
	}
	body = append(body, "")
	sum := a.progress.Summarize(c)
	body = append(body, wrap(fmt.Sprintf(a.t.MenuProgress, sum.Read, sum.Lessons, sum.Passed, sum.Lessons), cw)...)
	body = append(body, progressBar(a, sum.Read+sum.Passed, 2*sum.Lessons, min(cw, 40)))
	legend := fmt.Sprintf("%s %s%s%s %s%s%s %s",
		th.g.notStarted, a.t.LegendNotStarted, th.g.sep,
		th.g.read, a.t.LegendRead, th.g.sep,
		th.g.passed, a.t.LegendPassed)
	body = append(body, wrap(legend, cw)...)
	if m.list.sel == c.Len() {
		// "Finish" is the last choice: what is below it (progress, legend) comes into
		// view with it, so a short window can reach them.
		bottom = len(body) - 1
	}
	// The selection matters more than the legend: keep the focus on the selected line.
	return a.render(page{
		title:    a.t.MenuTitle,
		body:     body,
		focusTop: top, focusBottom: bottom,
		keys: a.theme.keys.menu.ShortHelp(),
	}, &m.off)
}

// progressBar draws done/total as a bar of the given width, with a number for those who
// cannot see the bar.
func progressBar(a *App, done, total, width int) string {
	if total <= 0 {
		return ""
	}
	pct := done * 100 / total
	label := " " + fmt.Sprintf(a.t.ReaderPosition, pct)
	n := max(4, width-len(label))
	full := n * done / total
	return a.theme.accent.Render(strings.Repeat(a.theme.g.barFull, full)) +
		a.theme.dim.Render(strings.Repeat(a.theme.g.barEmpty, n-full)) + label
}
