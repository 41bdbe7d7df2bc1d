package session

import (
	tea "charm.land/bubbletea/v2"

	"tutord/internal/i18n"
)

// entryKeymaps are the bindings of the entry screens (join.go, resume.go, experiment.go
// (compare and its entry), mirror.go), built once per language and look like the rest of
// keymaps (keys.go).
type entryKeymaps struct {
	join         fieldKeys    // the room code field
	restore      fieldKeys    // the resume code field
	restored     restoredKeys // after a code was restored: where to go on
	compareEntry fieldKeys    // the experiment's code field
	code         pageKeys     // the resume code shown
	compare      pageKeys     // a compare's result
	mirror       pageKeys     // the mirror on its own (whoami)
}

func newEntryKeymaps(th *theme, t *i18n.Text, km *keymaps) entryKeymaps {
	g := th.g
	off := func(b binding) binding { b.SetEnabled(false); return b }
	// A text field scrolls its page with the keys that type nothing.
	fieldScroll := pageScroll{
		Down:     bind(g.updown, t.KeyScroll, "down"),
		Up:       bind(g.updown, t.KeyScroll, "up"),
		PageDown: bind("pgdn", t.KeyPage, "pgdown"),
		PageUp:   bind("pgdn", t.KeyPage, "pgup"),
		Top:      off(bind("home", t.KeyTop, "home")),
		End:      off(bind("end", t.KeyEnd, "end")),
	}
	field := func(submit string) fieldKeys {
		return fieldKeys{
			Submit: bind("enter", submit, "enter"),
			Back:   bind("esc", t.KeyBack, "esc"),
			Delete: bind("backspace", t.KeyDelete, "backspace", "ctrl+h"),
			Clear:  bind("ctrl+u", t.KeyClear, "ctrl+u"),
			scroll: fieldScroll,
		}
	}
	s := km.scroll
	page := pageKeys{
		scroll: pageScroll{Down: s.Down, Up: s.Up, PageDown: s.PageDown, PageUp: s.PageUp, Top: s.Top,
			End: bind("end", t.KeyEnd, "end", "G")},
		// A page leaves with any of the keys that mean "done with this" (enter too: there
		// is nothing on it to choose).
		Back:    bind("esc", t.KeyBack, "esc", "backspace", "enter", "left", "h"),
		Recount: off(bind("r", t.KeyRecount, "r")), // on for the mirror's live panel only
	}
	// c shows the resume code from any screen; on the code itself it goes back, so the
	// app-wide key named there does something.
	code := page
	code.Back = bind("esc", t.KeyBack, "esc", "backspace", "enter", "left", "h", "c")
	code.backFirst = true
	whoami := page
	whoami.Recount = bind("r", t.KeyRecount, "r") // the panel counts when drawn: r draws it again
	return entryKeymaps{
		join:         field(t.KeyJoin),
		restore:      field(t.KeyRestore),
		compareEntry: field(t.KeyCompare),
		restored: restoredKeys{
			list: km.list,
			Back: bind("esc", t.KeyBack, "esc", "backspace", "left", "h"),
		},
		code:    code,
		compare: page,
		mirror:  whoami,
	}
}

// pageScroll are the keys that scroll a page: all of them off while it fits the window.
type pageScroll struct {
	Down, Up, PageDown, PageUp, Top, End binding
}

func (s *pageScroll) all() []*binding {
	return []*binding{&s.Down, &s.Up, &s.PageDown, &s.PageUp, &s.Top, &s.End}
}

// fitting switches the keys off when the page fits: they would do nothing.
func (s *pageScroll) fitting(fits bool) {
	if fits {
		for _, b := range s.all() {
			b.SetEnabled(false)
		}
	}
}

func (s pageScroll) FullHelp() []binding {
	return []binding{s.Down, s.Up, s.PageDown, s.PageUp, s.Top, s.End}
}

// move scrolls *off for the keys and reports whether k was one of them. The page clamps
// the far end when it draws, so End goes past it.
func (s *pageScroll) move(a *App, off *int, k tea.KeyPressMsg) bool {
	page := a.pageStep()
	switch {
	case matches(k, s.Down):
		*off++
	case matches(k, s.Up):
		*off = max(0, *off-1)
	case matches(k, s.PageDown):
		*off += page
	case matches(k, s.PageUp):
		*off = max(0, *off-page)
	case matches(k, s.Top):
		*off = 0
	case matches(k, s.End):
		*off = 1 << 30
	default:
		return false
	}
	return true
}

// textPage is what an entry screen keeps between frames: where its body is scrolled to,
// and whether the last frame showed all of it (then its scrolling keys are off).
type textPage struct {
	off  int
	fits bool
}

// render draws p with the keys of the state (renderFitting).
func (tp *textPage) render(a *App, p page, keys func() []binding) string {
	return a.renderFitting(p, &tp.off, &tp.fits, keys)
}

// fieldKeys are a one-line text field's: everything typed is text, and these act on it.
// The app's letters (q, ?, L, p, c) type themselves here; ctrl+c still quits (globalKeys).
type fieldKeys struct {
	Submit, Back, Delete, Clear binding
	scroll                      pageScroll // arrows and paging only: letters are text
}

// forPage is k for a page that fits or not.
func (k fieldKeys) forPage(tp *textPage) fieldKeys {
	k.scroll.fitting(tp.fits)
	return k
}

func (k fieldKeys) ShortHelp() []binding {
	return []binding{k.Submit, k.Back, k.scroll.Down, k.scroll.Up}
}

func (k fieldKeys) FullHelp() []binding {
	return append([]binding{k.Submit, k.Back, k.Delete, k.Clear}, k.scroll.FullHelp()...)
}

// pageKeys are a page of text's: scroll it, leave it, and for a live panel count again.
type pageKeys struct {
	scroll        pageScroll
	Back, Recount binding
	backFirst     bool // the hint line names leaving before scrolling
}

// forPage is k for a page that fits or not.
func (k pageKeys) forPage(tp *textPage) pageKeys {
	k.scroll.fitting(tp.fits)
	return k
}

func (k pageKeys) ShortHelp() []binding {
	if k.backFirst {
		return []binding{k.Back, k.scroll.Down, k.scroll.Up}
	}
	return []binding{k.scroll.Down, k.scroll.Up, k.Back, k.Recount}
}

func (k pageKeys) FullHelp() []binding {
	return append(k.scroll.FullHelp(), k.Back, k.Recount)
}

// restoredKeys are the choices after a resume code was restored: go on, or the lessons.
type restoredKeys struct {
	list listKeys
	Back binding
}

func (k restoredKeys) ShortHelp() []binding {
	return []binding{k.list.Up, k.list.Down, k.list.Choose}
}

func (k restoredKeys) FullHelp() []binding { return append(k.list.FullHelp(), k.Back) }
