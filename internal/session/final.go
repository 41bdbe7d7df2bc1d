package session

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// finalModel shows the score for this session and what happens to it.
type finalModel struct {
	list choiceList
	off  int
	// fits is set when the last frame showed the whole body: paging is off.
	fits bool
}

func (m *finalModel) items(a *App) []item {
	return []item{
		{a.t.FinalMenu, func(a *App) tea.Cmd { a.showMenu(); return nil }},
		{a.t.FinalQuitKey, func(a *App) tea.Cmd { return a.quit() }},
	}
}

// finalKeys are the score screen's: the choices, paging, back to the lessons.
type finalKeys struct {
	list                   listKeys
	PageDown, PageUp, Back binding
	code                   binding // the app's (globalKeys), named in the hint line
}

func (k finalKeys) ShortHelp() []binding {
	return []binding{k.list.Choose, k.list.Up, k.list.Down, k.code}
}

func (k finalKeys) FullHelp() []binding {
	return append(k.list.FullHelp(), k.PageDown, k.PageUp, k.Back)
}

func (m *finalModel) keys(a *App) keyMap { return m.keymap(a) }

// keymap is the screen's keys: paging only when the page does not fit.
func (m *finalModel) keymap(a *App) finalKeys {
	km := a.theme.keys.final
	km.PageDown.SetEnabled(!m.fits)
	km.PageUp.SetEnabled(!m.fits)
	return km
}

func (m *finalModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	km := m.keymap(a)
	if cmd, ok := m.list.choose(a, &km.list, k, m.items(a)); ok {
		return cmd
	}
	switch {
	case matches(k, km.PageDown):
		m.off += a.pageStep()
	case matches(k, km.PageUp):
		m.off = max(0, m.off-a.pageStep())
	case matches(k, km.Back):
		a.showMenu()
	}
	return nil
}

func (m *finalModel) view(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	s := a.progress.Summarize(a.sh.Catalog)
	var body []string
	if a.h >= 20 {
		body = append(body, "")
	}
	body = append(body, wrap(fmt.Sprintf(a.t.FinalRead, s.Read, s.Lessons), cw)...)
	body = append(body, wrap(fmt.Sprintf(a.t.FinalPassed, s.Passed, s.Lessons), cw)...)
	body = append(body, wrap(fmt.Sprintf(a.t.FinalRight, s.Right, s.Questions), cw)...)
	body = append(body, progressBar(a, s.Right, s.Questions, min(cw, 40)), "")
	if a.started() {
		// The code first: in a short window it is what the learner must not miss.
		body = append(body, wrap(fmt.Sprintf(a.t.ResumeFinal, th.selected.Render(a.resumeCode())), cw)...)
		body = append(body, wrap(a.t.ResumeFinalKeep, cw)...)
		body = append(body, "")
	}
	body = append(body, wrap(a.t.FinalKept, cw)...)
	if s.Passed == s.Lessons {
		body = append(append(body, ""), styledLines(th.bold, a.t.FinalThanks, cw)...)
	}
	list, _, _ := m.list.lines(a, m.items(a))
	out := a.render(page{
		title: a.t.FinalTitle, body: body, focusTop: -1,
		footer: append([]string{""}, list...),
		keys:   a.theme.keys.final.ShortHelp(), // paging is not on the hint line
	}, &m.off)
	m.fits = len(body) <= a.bodyRows
	return out
}
