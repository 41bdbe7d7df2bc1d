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
	_ = th
	field := func(submit string) fieldKeys {
		return fieldKeys{
			Submit: bind("enter", submit, "enter"),
			Back:   bind("esc", t.KeyBack, "esc"),
			Delete: bind("backspace", t.KeyDelete, "backspace", "ctrl+h"),
			Clear:  bind("ctrl+u", t.KeyClear, "ctrl+u"),
		}
	}
	// A page of text leaves with any of the keys that mean "done with this" (enter too:
	// there is nothing on it to choose).
	leave := bind("esc", t.KeyBack, "esc", "backspace", "enter", "left", "h")
	recount := bind("r", t.KeyRecount, "r")
	recount.SetEnabled(false) // on for the mirror's live panel only
	page := pageKeys{scroll: km.scroll, End: bind("end", t.KeyEnd, "end", "G"), Back: leave, Recount: recount}
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

// fieldKeys are a one-line text field's: everything typed is text, and these act on it.
// The app's letters (q, ?, L, p, c) type themselves here; ctrl+c still quits (globalKeys).
type fieldKeys struct {
	Submit, Back, Delete, Clear binding
}

func (k fieldKeys) ShortHelp() []binding { return []binding{k.Submit, k.Back} }

func (k fieldKeys) FullHelp() []binding { return []binding{k.Submit, k.Back, k.Delete, k.Clear} }

// pageKeys are a page of text's: scroll it, leave it, and for a live panel count again.
type pageKeys struct {
	scroll             scrollKeys
	End, Back, Recount binding
	backFirst          bool // the hint line names leaving before scrolling
}

// move scrolls a page for its scrolling keys and reports whether k was one of them. End
// goes past the last line: the page clamps the offset when it draws.
func (k *pageKeys) move(a *App, off *int, key tea.KeyPressMsg) bool {
	if a.scroll(off, key) {
		return true
	}
	if matches(key, k.End) {
		*off = 1 << 30
		return true
	}
	return false
}

func (k pageKeys) ShortHelp() []binding {
	if k.backFirst {
		return []binding{k.Back, k.scroll.Down, k.scroll.Up}
	}
	return []binding{k.scroll.Down, k.scroll.Up, k.Back, k.Recount}
}

func (k pageKeys) FullHelp() []binding {
	return append(k.scroll.FullHelp(), k.End, k.Back, k.Recount)
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
