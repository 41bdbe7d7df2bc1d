package session

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tutord/internal/markdown"
)

// readerModel shows one lesson, rendered to the window width, and scrolls it.
type readerModel struct {
	idx   int
	off   int
	lines []string // shared with other sessions through the cache: read only
	// sections holds the line where each section starts, for "part 2 of 5".
	sections []int
	err      bool
}

// refresh renders the lesson for the current width, language and style, keeping the
// reading position roughly where it was.
func (m *readerModel) refresh(a *App) {
	l := a.lesson(m.idx)
	oldLen := len(m.lines)
	// "#body": without the title, unlike the same lesson for "read" (linemode).
	key := markdown.Key{Doc: l.Lang + "/" + l.ID + "#body", Width: a.contentWidth(), Style: a.mdStyle()}
	lines, err := a.lessonLines(l, key)
	m.err = err != nil
	m.lines = lines
	if oldLen > 0 && len(lines) > 0 {
		m.off = m.off * len(lines) / oldLen
	}
	m.sections = m.sections[:0]
	want := 0
	if len(l.Sections) > 0 && l.Sections[0].Title == l.Title {
		// The text before the first "##" heading: it starts the body.
		m.sections = append(m.sections, 0)
		want++
	}
	for i, line := range lines {
		if want >= len(l.Sections) {
			break
		}
		plain := strings.TrimSpace(ansi.Strip(line))
		if strings.HasPrefix(plain, "## ") && strings.Contains(plain, firstWords(l.Sections[want].Title)) {
			m.sections = append(m.sections, i)
			want++
		}
	}
}

func firstWords(s string) string {
	if r := []rune(s); len(r) > 12 {
		return string(r[:12])
	}
	return s
}

// readerKeys are a lesson's: scroll and page, on to the quiz, back to the lessons, and
// count again when the lesson has a live panel.
type readerKeys struct {
	Quiz, Down, Up, Back, PageDown, PageUp, Top, End, Recount binding
	skip                                                      binding // Quiz, for a lesson not read to its end
}

func (k readerKeys) ShortHelp() []binding {
	return []binding{k.Quiz, k.Down, k.Up, k.Back, k.PageDown, k.PageUp}
}

func (k readerKeys) FullHelp() []binding {
	return []binding{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.End, k.Quiz, k.Back, k.Recount}
}

func (m *readerModel) keys(a *App) keyMap { return m.keymap(a) }

func (m *readerModel) keymap(a *App) readerKeys {
	km := a.theme.keys.reader
	if !a.readToEnd[m.idx] {
		km.Quiz = km.skip // enter leaves the lesson unread: say so
	}
	km.Recount.SetEnabled(a.lesson(m.idx).Live != "")
	return km
}

func (m *readerModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	page := a.pageStep()
	km := m.keymap(a)
	switch {
	case matches(k, km.Down):
		m.off++
	case matches(k, km.Up):
		m.off--
	case matches(k, km.PageDown):
		m.off += page
	case matches(k, km.PageUp):
		m.off -= page
	case matches(k, km.Top):
		m.off = 0
	case matches(k, km.End):
		m.off = len(m.lines)
	case matches(k, km.Quiz):
		a.startQuiz(m.idx)
	case matches(k, km.Back):
		a.showMenu()
	case matches(k, km.Recount):
		m.refresh(a) // a live panel counts again (anonset.go)
	}
	m.off = max(0, m.off)
	return nil
}

func (m *readerModel) view(a *App) string {
	l := a.lesson(m.idx)
	var body []string
	if m.err {
		body = wrap(a.t.Error, a.contentWidth())
	} else {
		body = append(body, m.lines...)
	}
	body = append(body, "")
	body = append(body, wrap(a.theme.bold.Render(a.t.ReaderEnd)+" "+a.t.ReaderTakeQuiz, a.contentWidth())...)
	bodyH := visibleRows(len(body), a.bodyHeight(0))
	maxOff := max(0, len(body)-bodyH)
	m.off = min(m.off, maxOff)
	if m.off >= maxOff && !m.err {
		if a.readToEnd == nil {
			a.readToEnd = map[int]bool{}
		}
		a.readToEnd[m.idx] = true
	}
	pct := 100
	if maxOff > 0 {
		pct = m.off * 100 / maxOff
	}
	pos := fmt.Sprintf(a.t.ReaderPosition, pct)
	if n := len(m.sections); n > 1 && a.w >= 60 {
		// The part whose heading has reached the top of the window; the last part once
		// the end is reached.
		cur := 0
		for i, s := range m.sections {
			if s <= m.off+1 || m.off == maxOff && maxOff > 0 {
				cur = i
			}
		}
		pos = fmt.Sprintf(a.t.ReaderSection, cur+1, n) + " " + pos
	}
	title := fmt.Sprintf("%d/%d %s", m.idx+1, a.sh.Catalog.Len(), l.Title)
	return a.render(page{
		title:    title,
		right:    pos,
		body:     body,
		focusTop: -1,
		keys:     m.keymap(a).ShortHelp(),
	}, &m.off)
}
