package session

import (
	tea "charm.land/bubbletea/v2"

	"tutord/internal/lessons"
)

// item is one entry of a choice list: its label and what choosing it does.
type item struct {
	label string
	do    func(a *App) tea.Cmd
}

// choiceList is a vertical list with a cursor, shared by the welcome, quiz-end and final
// screens.
type choiceList struct{ sel int }

func (c *choiceList) move(lk *listKeys, k tea.KeyPressMsg, n int) bool {
	switch {
	case matches(k, lk.Up):
		c.sel = (c.sel - 1 + n) % n
	case matches(k, lk.Down):
		c.sel = (c.sel + 1) % n
	case matches(k, lk.First):
		c.sel = 0
	case matches(k, lk.Last):
		c.sel = n - 1
	default:
		return false
	}
	return true
}

// choose applies a key to a list of items: the moving keys move the cursor, and the
// choosing keys run the selected item. ok is false for any other key.
func (c *choiceList) choose(a *App, lk *listKeys, k tea.KeyPressMsg, items []item) (cmd tea.Cmd, ok bool) {
	if c.move(lk, k, len(items)) {
		return nil, true
	}
	if matches(k, lk.Choose) {
		return items[min(c.sel, len(items)-1)].do(a), true
	}
	return nil, false
}

// lines renders the items with the cursor and returns the line range of the selection.
func (c *choiceList) lines(a *App, items []item) (out []string, top, bottom int) {
	cw := a.contentWidth()
	c.sel = min(c.sel, len(items)-1)
	for i, it := range items {
		prefix := a.theme.g.noCursor
		label := it.label
		if i == c.sel {
			prefix = a.theme.g.cursor
			label = a.theme.selected.Render(label)
		}
		if i == c.sel {
			top = len(out)
		}
		out = append(out, wrapIndent(prefix, label, cw)...)
		if i == c.sel {
			bottom = len(out) - 1
		}
	}
	return out, top, bottom
}

type welcomeModel struct {
	list choiceList
	off  int
}

func (m *welcomeModel) items(a *App) []item {
	started := false
	for _, lp := range a.progress {
		if lp.Status != lessons.NotStarted {
			started = true
		}
	}
	start := a.t.WelcomeStart
	if started {
		start = a.t.WelcomeContinue
	}
	return []item{
		{start, func(a *App) tea.Cmd { a.openLesson(a.nextLesson()); return nil }},
		{a.t.WelcomeLessons, func(a *App) tea.Cmd { a.showMenu(); return nil }},
		{a.t.ClassJoinItem, func(a *App) tea.Cmd { a.showJoin(""); return nil }},
		{a.t.WelcomeResume, func(a *App) tea.Cmd { a.showResumeEntry(); return nil }},
		{a.t.ExpWelcomeItem, func(a *App) tea.Cmd { a.showCompareEntry(); return nil }},
		{a.sh.Text(a.sh.Catalog.UI().Next(a.lang)).LangName, func(a *App) tea.Cmd { a.setLang(a.sh.Catalog.UI().Next(a.lang)); return nil }},
		{a.t.WelcomeQuit, func(a *App) tea.Cmd { return a.quit() }},
	}
}

// welcomeKeys are the welcome screen's: the choices, and paging the text above them.
type welcomeKeys struct {
	list             listKeys
	PageDown, PageUp binding
	lang, plain      binding // the app's (globalKeys), named in the hint line
}

func (k welcomeKeys) ShortHelp() []binding {
	return []binding{k.list.Choose, k.list.Up, k.list.Down, k.lang, k.plain}
}

func (k welcomeKeys) FullHelp() []binding {
	return append(k.list.FullHelp(), k.PageDown, k.PageUp)
}

func (m *welcomeModel) keys(a *App) keyMap { return a.theme.keys.welcome }

func (m *welcomeModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	km := &a.theme.keys.welcome
	if cmd, ok := m.list.choose(a, &km.list, k, m.items(a)); ok {
		return cmd
	}
	switch {
	case matches(k, km.PageDown):
		m.off += a.pageStep()
	case matches(k, km.PageUp):
		m.off = max(0, m.off-a.pageStep())
	}
	return nil
}

func (m *welcomeModel) view(a *App) string {
	cw := a.contentWidth()
	c := a.sh.Catalog
	intro := a.t.Tagline
	if a.sh.Brand.Welcome != "" {
		intro = a.sh.Brand.Welcome
	}
	about := append(wrap(intro, cw), wrap(a.t.CourseSize.N(c.Len(), c.Len(), c.Minutes()), cw)...)
	promise := append([]string{a.theme.bold.Render(a.t.PromiseHeading)}, wrap(a.t.Promise, cw)...)
	var body []string
	if a.h >= 20 {
		body = append(append(append(append([]string{""}, about...), ""), promise...), "")
	} else {
		// A short window shows the promise first: it is what must not scroll away.
		body = append(append(promise, ""), about...)
	}
	body = append(body, wrap(a.theme.dim.Render(a.t.WelcomeKeys), cw)...)
	list, _, _ := m.list.lines(a, m.items(a))
	title := a.courseTitle()
	if a.sh.Brand.Org != "" {
		title = a.sh.Brand.Org + ": " + title
	}
	return a.render(page{
		title:    title,
		body:     body,
		focusTop: -1,
		footer:   append([]string{""}, list...),
		pageKey:  "pgdn",
		keys:     a.theme.keys.welcome.ShortHelp(),
	}, &m.off)
}

// nextLesson is the first lesson not yet passed, or the first lesson.
func (a *App) nextLesson() int {
	for i, id := range a.sh.Catalog.IDs() {
		if a.progress[id].Status != lessons.QuizPassed {
			return i
		}
	}
	return 0
}
