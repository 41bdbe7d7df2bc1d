package session

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// menuModel is the list of lessons with each one's status, plus "finish" at the end.
type menuModel struct {
	sel int
	off int
}

func (m *menuModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	n := a.sh.Catalog.Len() + 1 // lessons + finish
	switch k.String() {
	case "up", "k", "shift+tab":
		m.sel = (m.sel - 1 + n) % n
	case "down", "j", "tab":
		m.sel = (m.sel + 1) % n
	case "home", "g":
		m.sel = 0
	case "end", "G":
		m.sel = n - 1
	case "enter", "space", "right", "l":
		if m.sel == n-1 {
			a.showFinal()
		} else {
			a.openLesson(m.sel)
		}
	case "esc", "backspace", "left", "h":
		a.showWelcome()
	default:
		if d := k.String(); len(d) == 1 && d[0] >= '1' && d[0] <= '9' {
			if i := int(d[0] - '1'); i < n-1 {
				m.sel = i
				a.openLesson(i)
			}
		}
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
		if i == m.sel {
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
		if i == m.sel {
			title = th.selected.Render(title)
		}
		line := lead + title
		if cw >= 60 {
			line += strings.Repeat(" ", max(2, cw-ansi.StringWidth(line)-ansi.StringWidth(mins))) + th.dim.Render(mins)
		}
		if i == m.sel {
			top = len(body)
		}
		body = append(body, line)
		if i == m.sel {
			bottom = len(body) - 1
		}
	}
	body = append(body, "")
	finish := a.t.MenuFinish
	prefix := th.g.noCursor
	if m.sel == c.Len() {
		prefix = th.g.cursor
		finish = th.selected.Render(finish)
		top = len(body)
	}
	body = append(body, wrapIndent(prefix, finish, cw)...)
	if m.sel == c.Len() {
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
	if m.sel == c.Len() {
		// "Finish" is the last choice: what is below it (progress, legend) comes into
		// view with it, so a short window can reach them.
		bottom = len(body) - 1
	}
	// The selection matters more than the legend: keep the focus on the selected line.
	return a.render(page{
		title:    a.t.MenuTitle,
		body:     body,
		focusTop: top, focusBottom: bottom,
		hints: []hint{
			{"enter", a.t.KeyChoose},
			{a.theme.g.updown, a.t.KeyMove},
			{"esc", a.t.KeyBack},
			{"c", a.t.KeyCode},
		},
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
