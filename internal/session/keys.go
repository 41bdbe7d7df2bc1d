package session

import (
	"strings"

	bkey "charm.land/bubbles/v2/key" // "key" is the tests' key-press helper
	tea "charm.land/bubbletea/v2"

	"tutord/internal/i18n"
)

// Key bindings. Each screen declares its keys once, as a keymap of bindings: the screen
// matches keys with bkey.Matches on them, its hint line is its ShortHelp, and the help
// overlay lists its FullHelp. A binding switched off (SetEnabled) for the screen's state
// neither matches nor shows, so what a screen says and what it does cannot drift. The
// words come from the i18n catalogs. Every screen is on bindings (keys is part of
// screenModel); the keymaps of screen groups are in keys_*.go, and drift_test.go with the
// groups' key tests holds the rule: no key acts unlisted, every hint names its keys.

// binding is one action's keys, with the help overlay's description when it says more
// than the hint line's (Help().Desc).
type binding struct {
	bkey.Binding
	long string
}

// desc is the help overlay's description.
func (b binding) desc() string {
	if b.long != "" {
		return b.long
	}
	return b.Help().Desc
}

// bind declares a binding: label is the key as the hint line names it ("enter", "↑↓").
func bind(label, desc string, keys ...string) binding {
	return binding{Binding: bkey.NewBinding(bkey.WithKeys(keys...), bkey.WithHelp(label, desc))}
}

// bindLong is bind with a longer description for the help overlay.
func bindLong(label, desc, long string, keys ...string) binding {
	b := bind(label, desc, keys...)
	b.long = long
	return b
}

// keyMap is a screen's bindings in its current state.
type keyMap interface {
	// ShortHelp is the hint line, most important first (it drops from the end when narrow).
	ShortHelp() []binding
	// FullHelp is the help overlay: every binding the screen acts on in this state.
	FullHelp() []binding
}

// matches reports whether k is one of b's keys and b is enabled.
func matches(k tea.KeyPressMsg, b ...binding) bool {
	for i := range b {
		if bkey.Matches(k, b[i].Binding) {
			return true
		}
	}
	return false
}

// enabled keeps the bindings that are switched on.
func enabled(bs []binding) []binding {
	out := bs[:0:0]
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// digitKeys are the number keys; a binding takes the first n of them.
var digitKeys = [...]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}

// digitLabels name the first n number keys, "1-n", for n from 1 to 9.
var digitLabels = [...]string{"1", "1-2", "1-3", "1-4", "1-5", "1-6", "1-7", "1-8", "1-9"}

// setDigits binds the first n number keys to b (none for n < 1) and names them.
func setDigits(b *binding, n int) {
	n = min(n, len(digitKeys))
	if n < 1 {
		b.SetEnabled(false)
		return
	}
	b.SetKeys(digitKeys[:n]...)
	b.SetHelp(digitLabels[n-1], b.Help().Desc)
}

// keymaps are the bindings of every screen in one language and look: built once per theme
// and shared by all sessions. A screen copies its map and switches bindings off for its
// state; the copy is a value on the stack.
type keymaps struct {
	global  globalKeys
	scroll  scrollKeys
	list    listKeys
	overlay overlayKeys
	menu    menuKeys
	reader  readerKeys
	final   finalKeys
	welcome welcomeKeys
	quiz    quizKeymaps  // keys_quiz.go
	entry   entryKeymaps // keys_entry.go
	class   classKeymaps // keys_class.go
}

func newKeymaps(th *theme, t *i18n.Text, nextLang string) *keymaps {
	g := th.g
	km := &keymaps{}
	km.global = globalKeys{
		Quit:      bind("q", t.KeyQuit, "q"),
		Interrupt: bind("ctrl+c", t.KeyQuit, "ctrl+c"),
		Help:      bind("?", t.KeyHelp, "?"),
		Lang:      bind("L", nextLang, "L"),
		Plain:     bindLong("p", t.KeyPlain, t.HelpPlain, "p"),
		Code:      bindLong("c", t.KeyCode, t.HelpCode, "c"),
	}
	km.scroll = scrollKeys{
		Down:     bind(g.updown, t.KeyScroll, "down", "j"),
		Up:       bind(g.updown, t.KeyScroll, "up", "k"),
		PageDown: bind("space", t.KeyPage, "pgdown", "space"),
		PageUp:   bind("space", t.KeyPage, "pgup"),
		Top:      bind("home", t.KeyTop, "home", "g"),
	}
	km.list = listKeys{
		Up:     bind(g.updown, t.KeyMove, "up", "k", "shift+tab"),
		Down:   bind(g.updown, t.KeyMove, "down", "j", "tab"),
		First:  bind("home", t.KeyTop, "home", "g"),
		Last:   bind("end", t.KeyEnd, "end", "G"),
		Choose: bind("enter", t.KeyChoose, "enter", "space", "right", "l"),
	}
	km.overlay = overlayKeys{
		Close:  bind(t.KeyAny, t.KeyClose),
		scroll: km.scroll,
	}
	back := bind("esc", t.KeyBack, "esc", "backspace", "left", "h")
	km.menu = menuKeys{
		list:  km.list,
		Back:  back,
		Digit: bind("1-9", t.KeyChoose, digitKeys[:]...),
		code:  km.global.Code,
	}
	km.reader = readerKeys{
		Quiz:     bind("enter", t.KeyQuiz, "enter", "right", "l"),
		Down:     bind(g.updown, t.KeyScroll, "down", "j"),
		Up:       bind(g.updown, t.KeyScroll, "up", "k"),
		Back:     back,
		PageDown: bind("space", t.KeyPage, "pgdown", "space", "f", "ctrl+f", "ctrl+d"),
		PageUp:   bind("space", t.KeyPage, "pgup", "b", "ctrl+b", "ctrl+u", "shift+space"),
		Top:      bind("home", t.KeyTop, "home", "g"),
		End:      bind("end", t.KeyEnd, "end", "G"),
		Recount:  bind("r", t.KeyRecount, "r"),
	}
	km.reader.skip = km.reader.Quiz
	km.reader.skip.SetHelp("enter", t.KeySkipQuiz)
	km.final = finalKeys{
		list:     km.list,
		PageDown: bind("pgdn", t.KeyPage, "pgdown"),
		PageUp:   bind("pgdn", t.KeyPage, "pgup"),
		Back:     bind("esc", t.KeyBack, "esc", "backspace"),
		code:     km.global.Code,
	}
	km.welcome = welcomeKeys{
		list:     km.list,
		PageDown: bind("pgdn", t.KeyPage, "pgdown"),
		PageUp:   bind("pgdn", t.KeyPage, "pgup"),
		lang:     km.global.Lang,
		plain:    km.global.Plain,
	}
	km.quiz = newQuizKeymaps(th, t, km)
	km.entry = newEntryKeymaps(th, t, km)
	km.class = newClassKeymaps(th, t, km)
	return km
}

// globalKeys work on every screen but a text field, where only ctrl+c does.
type globalKeys struct {
	Quit, Interrupt, Help, Lang, Plain, Code binding
}

func (k globalKeys) ShortHelp() []binding { return []binding{k.Help, k.Quit} }

func (k globalKeys) FullHelp() []binding {
	return []binding{k.Lang, k.Plain, k.Code, k.Help, k.Quit, k.Interrupt}
}

// globalKeys are the app's own keys on the current screen: ctrl+c only while a text field
// takes keys, and none that the screen binds itself (the teacher's c).
func (a *App) globalKeys() globalKeys {
	g := a.theme.keys.global
	if t, ok := a.cur.(typer); ok && t.typing() {
		g.Quit.SetEnabled(false)
		g.Help.SetEnabled(false)
		g.Lang.SetEnabled(false)
		g.Plain.SetEnabled(false)
		g.Code.SetEnabled(false)
		return g
	}
	own := a.cur.keys(a).FullHelp()
	for _, b := range []*binding{&g.Quit, &g.Help, &g.Lang, &g.Plain, &g.Code} {
		if sharesKey(*b, own) {
			b.SetEnabled(false)
		}
	}
	return g
}

// sharesKey reports whether b has a key that an enabled binding of bs has.
func sharesKey(b binding, bs []binding) bool {
	for _, o := range bs {
		if !o.Enabled() {
			continue
		}
		for _, k := range b.Keys() {
			for _, ok := range o.Keys() {
				if k == ok {
					return true
				}
			}
		}
	}
	return false
}

// scrollKeys scroll a page of text (a.scroll).
type scrollKeys struct {
	Down, Up, PageDown, PageUp, Top binding
}

func (k scrollKeys) ShortHelp() []binding { return []binding{k.Down, k.Up} }

func (k scrollKeys) FullHelp() []binding {
	return []binding{k.Down, k.Up, k.PageDown, k.PageUp, k.Top}
}

// listKeys move a choice list's cursor and choose (choiceList).
type listKeys struct {
	Up, Down, First, Last, Choose binding
}

func (k listKeys) FullHelp() []binding {
	return []binding{k.Choose, k.Up, k.Down, k.First, k.Last}
}

// overlayKeys are the help overlay's: scrolling, and any other key closes it.
type overlayKeys struct {
	Close  binding // no keys of its own: what no other binding takes
	scroll scrollKeys
}

func (k overlayKeys) ShortHelp() []binding { return []binding{k.Close, k.scroll.Down, k.scroll.Up} }

func (k overlayKeys) FullHelp() []binding { return append(k.scroll.FullHelp(), k.Close) }

// helpEntry is one line of help: the keys as shown and what they do.
type helpEntry struct{ key, action string }

// shortEntries is the hint line's entries for bs: neighbours that say the same (↑ and ↓
// move) make one entry, and disabled bindings none.
func shortEntries(bs []binding, buf []hint) []hint {
	for _, b := range bs {
		if !b.Enabled() && b.Keys() != nil {
			continue
		}
		h := hint{b.Help().Key, b.Help().Desc}
		if n := len(buf); n > 0 && buf[n-1] == h {
			continue
		}
		buf = append(buf, h)
	}
	return buf
}

// fullEntries is the help overlay's entries for bs: every key of each enabled binding, with
// neighbours that say the same in one entry.
func fullEntries(g glyphs, bs []binding) []helpEntry {
	var out []helpEntry
	for i := 0; i < len(bs); {
		b := bs[i]
		j := i + 1
		for j < len(bs) && bs[j].desc() == b.desc() {
			j++
		}
		var keys []string
		for _, o := range bs[i:j] {
			if o.Enabled() {
				keys = append(keys, o.Keys()...)
			}
		}
		i = j
		switch {
		case len(keys) > 0:
			out = append(out, helpEntry{keyNames(g, keys), b.desc()})
		case b.Keys() == nil && b.Help().Key != "": // the overlay's "any key"
			out = append(out, helpEntry{b.Help().Key, b.desc()})
		}
	}
	return out
}

// keyNames shows keys as the help overlay names them: "↑↓ / shift+tab / tab / k j".
func keyNames(g glyphs, keys []string) string {
	has := map[string]bool{}
	for _, k := range keys {
		has[k] = true
	}
	var parts []string
	pair := func(a, b, name string) {
		if has[a] && has[b] {
			parts = append(parts, name)
			delete(has, a)
			delete(has, b)
		}
	}
	pair("up", "down", g.updown)
	pair("left", "right", g.leftright)
	if has["1"] {
		n := 0
		for n < len(digitKeys) && has[digitKeys[n]] {
			delete(has, digitKeys[n])
			n++
		}
		parts = append(parts, digitLabels[n-1])
	}
	var letters []string
	for _, k := range keys {
		switch {
		case !has[k]:
		case len(k) == 1:
			letters = append(letters, k)
		default:
			parts = append(parts, keyName(g, k))
		}
		delete(has, k)
	}
	if len(letters) > 0 {
		parts = append(parts, strings.Join(letters, " "))
	}
	return strings.Join(parts, " / ")
}

// keyName is one key as shown.
func keyName(g glyphs, k string) string {
	switch k {
	case "up":
		return g.up
	case "down":
		return g.down
	case "left", "right":
		if g.leftright == unicodeGlyphs.leftright {
			return map[string]string{"left": "←", "right": "→"}[k]
		}
		return k
	case "pgdown":
		return "pgdn"
	}
	return k
}
