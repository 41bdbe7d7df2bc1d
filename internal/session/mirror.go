package session

import (
	tea "charm.land/bubbletea/v2"

	"tutord/internal/anonset"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
	"tutord/internal/mirror"
)

// mirrorState is what the mirror needs: the facts of this connection (this session's
// memory only) and where the panel sits in the lesson being read.
type mirrorState struct {
	conn    *mirror.Facts
	connect string
	// anon is this session's entry among the live sessions, for "how many look like
	// you?" (anonset.go); nil when not counted.
	anon *anonset.Member
	// panelAt is the reader line where the live panel starts, for `whoami`.
	panelAt int
	screen  mirrorModel
}

func (a *App) startMirror(o Options) {
	a.mirror.conn = o.Conn
	a.mirror.connect = o.Connect
	a.mirror.anon = o.Anon
	if !o.Whoami {
		return
	}
	if i := a.liveLesson("mirror"); i >= 0 {
		a.openLesson(i)
		a.reader.off = a.mirror.panelAt
		return
	}
	a.renewExperiment()
	a.mirror.screen = mirrorModel{}
	a.show(&a.mirror.screen)
}

// liveLesson is the menu position of the first lesson with this live panel, or -1.
func (a *App) liveLesson(live string) int {
	for i, l := range a.sh.Catalog.Lessons(lessons.BaseLang) {
		if l.Live == live {
			return i
		}
	}
	return -1
}

// lessonLines renders a lesson for the reader. A live lesson is rendered in two cached
// parts around the marker, with this session's panel between them: the panel is never
// cached or shared.
func (a *App) lessonLines(l *lessons.Lesson, key markdown.Key) ([]string, error) {
	// The header above the body shows the title: the body starts with the text.
	md := l.BodyMarkdown(a.t.SourcesHeading)
	if l.Live == "" {
		return a.sh.Markdown.Render(key, md)
	}
	before, after := lessons.SplitLive(md)
	kb, ka := key, key
	kb.Doc += "#before-live"
	ka.Doc += "#after-live"
	top, err := a.sh.Markdown.Render(kb, before)
	if err != nil {
		return nil, err
	}
	rest, err := a.sh.Markdown.Render(ka, after)
	if err != nil {
		return nil, err
	}
	panel := a.livePanel(l.Live)
	out := make([]string, 0, len(top)+len(panel)+len(rest)+2)
	out = append(out, top...)
	out = append(out, "")
	a.mirror.panelAt = len(out)
	out = append(out, panel...)
	out = append(out, "")
	return append(out, rest...), nil
}

// livePanel draws a live panel at the content width.
func (a *App) livePanel(live string) []string {
	switch live {
	case "mirror":
		return a.mirrorPanel(a.contentWidth())
	}
	return nil
}

// mirrorPanel shows what this connection revealed, item by item, with what each means and
// how to reveal less. A bar on the left sets it apart from the lesson text; plain mode
// indents instead, so a screen reader does not read a bar on every line.
func (a *App) mirrorPanel(width int) []string {
	th := a.theme
	bar := th.accent.Render("┃") + " "
	if th.plain {
		bar = "  "
	}
	inner := max(10, width-2)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	add(wrap(th.bold.Render(a.t.MirrorTitle), inner)...)
	add(wrap(th.dim.Render(a.t.MirrorSubtitle), inner)...)
	add("")
	f := a.mirror.conn
	if f != nil && f.Term != "" {
		// Resizes are sent too: show the size the client reports now.
		now := *f
		now.Width, now.Height = a.w, a.h
		f = &now
	}
	for _, it := range mirror.Items(a.t, f) {
		add(wrap(th.bold.Render(it.Label), inner)...)
		for _, v := range it.Values {
			add(wrapIndent("  ", th.selected.Render(v), inner)...)
		}
		if it.Why != "" {
			add(wrapIndent("  ", th.dim.Render(it.Why), inner)...)
		}
		if it.Check != "" {
			add(wrapIndent("  ", th.dim.Render(it.CheckText), inner)...)
			add(wrapIndent("    ", th.key.Render(it.Check), inner)...)
		}
		add("")
	}
	if tips := mirror.Tips(a.t, f, a.mirror.connect); len(tips) > 0 {
		add(wrap(th.bold.Render(a.t.MirrorTipsTitle), inner)...)
		for _, tip := range tips {
			add(wrapIndent(th.g.neutral+" ", tip.Text, inner)...)
			if tip.Command != "" {
				add(wrapIndent("    ", th.key.Render(tip.Command), inner)...)
			}
		}
		add("")
	}
	add(a.anonPanel(inner)...)
	if exp := a.experimentPanel(inner); len(exp) > 0 {
		add(exp...)
		add("")
	}
	add(wrap(th.dim.Render(a.t.MirrorFooter), inner)...)
	for i, l := range lines {
		lines[i] = bar + l
	}
	return lines
}

// mirrorModel shows the mirror on its own, for `whoami` when no lesson has the panel.
type mirrorModel struct{ pg textPage }

func (m *mirrorModel) keys(a *App) keyMap { return m.keymap(a) }

func (m *mirrorModel) keymap(a *App) pageKeys { return a.theme.keys.entry.mirror.forPage(&m.pg) }

func (m *mirrorModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	km := m.keymap(a)
	switch {
	case km.scroll.move(a, &m.pg.off, k):
	case matches(k, km.Recount): // count again: the view draws the panel anew
	case matches(k, km.Back):
		a.showWelcome()
	}
	return nil
}

func (m *mirrorModel) view(a *App) string {
	body := append([]string{""}, a.mirrorPanel(a.contentWidth())...)
	return m.pg.render(a, page{title: a.t.MirrorScreen, body: body, focusTop: -1},
		func() []binding { return m.keymap(a).ShortHelp() })
}
