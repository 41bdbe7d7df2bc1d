package session

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tutord/internal/anonset"
	"tutord/internal/experiment"
	"tutord/internal/mirror"
)

// entryKey is the key message a terminal sends for a key name as bindings spell it
// ("enter", "ctrl+u", "shift+tab", "G").
func entryKey(t *testing.T, name string) tea.KeyPressMsg {
	t.Helper()
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "backspace": tea.KeyBackspace, "tab": tea.KeyTab,
		"space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft,
		"right": tea.KeyRight, "home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp,
		"pgdown": tea.KeyPgDown, "delete": tea.KeyDelete,
	}
	var k tea.KeyPressMsg
	mod, base, ok := strings.Cut(name, "+")
	switch {
	case ok && mod == "ctrl":
		k = tea.KeyPressMsg{Code: []rune(base)[0], Mod: tea.ModCtrl}
	case ok && mod == "shift":
		k = tea.KeyPressMsg{Code: named[base], Mod: tea.ModShift}
	case named[name] != 0:
		k = tea.KeyPressMsg{Code: named[name]}
		if name == "space" {
			k.Text = " "
		}
	case utf8.RuneCountInString(name) == 1:
		k = tea.KeyPressMsg{Code: []rune(name)[0], Text: name}
	}
	if k.String() != name {
		t.Fatalf("key %q reads as %q", name, k.String())
	}
	return k
}

// entryState is one state of an entry screen, reached in one or more ways: a key acts
// when it changes something from at least one of them (the top of a page cannot scroll
// up, its middle can).
type entryState struct {
	name string
	ways []func(t *testing.T) *App
	// text: the state is a text field, where a key with text types itself.
	text bool
	// again are keys that do their job again with the same result: the mirror's r counts
	// the sessions again (nothing changes while no one comes or goes), enter judges the
	// same wrong code again.
	again []string
	// scrolls: the page does not fit the window, so it scrolls.
	scrolls bool
}

// entryStates are the entry screens: the join, restore and compare fields, the choices
// after a restore, the resume code, a compare's result and the mirror.
func entryStates(t *testing.T) []entryState {
	sh := shared(t)
	sh.Experiments = experiment.New(experiment.Config{}) // a code it does not know is refused
	noMirror := testShared(t, "mirror")
	app := func(s *Shared) *App { return New(s, Options{Width: 40, Height: 15, Lang: "en"}) }
	typed := func(a *App, s string) *App {
		for _, r := range s {
			a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		return a
	}
	// scrolled is a way to a state, then three lines down, each after a frame.
	scrolled := func(open func(t *testing.T) *App) func(t *testing.T) *App {
		return func(t *testing.T) *App {
			a := open(t)
			for range 3 {
				_ = a.viewString()
				a.Update(entryKey(t, "down"))
			}
			return a
		}
	}
	// wrong is a text field's state after a code it did not take.
	wrong := func(show func(a *App)) func(t *testing.T) *App {
		return func(t *testing.T) *App {
			a := New(sh, Options{Width: 40, Height: 15, Lang: "de"}) // longer words: more than fits
			show(a)
			typed(a, "AB")
			a.Update(entryKey(t, "enter"))
			return a
		}
	}
	restored := func(sel int) func(t *testing.T) *App {
		return func(t *testing.T) *App {
			a := app(sh)
			a.progress.MarkRead(sh.Catalog.IDs()[0])
			code := a.resumeCode()
			b := app(sh)
			b.showResumeEntry()
			b.resume.entry.decode(b, code)
			if !b.resume.entry.done {
				t.Fatalf("code %s not restored: %s", code, b.resume.entry.msg)
			}
			b.resume.entry.list.sel = sel
			return b
		}
	}
	code := func(t *testing.T) *App {
		a := app(sh)
		a.progress.MarkRead(sh.Catalog.IDs()[0])
		a.showMenu()
		a.showCode()
		return a
	}
	compare := func(t *testing.T) *App {
		a := app(sh)
		var now experiment.Comparison
		now.Match[experiment.Address] = true
		a.exp.compare = compareModel{res: experiment.Result{Now: now, N: 1}, code: "ABCDEFGH"}
		a.show(&a.exp.compare)
		return a
	}
	whoami := func(t *testing.T) *App {
		return New(noMirror, Options{Width: 40, Height: 15, Lang: "en", Whoami: true,
			Conn: &mirror.Facts{User: "u", Term: "xterm", Width: 40, Height: 15}, Connect: "ssh h"})
	}
	return []entryState{
		{name: "join", text: true, ways: []func(*testing.T) *App{
			func(*testing.T) *App { a := app(sh); a.showJoin(""); return typed(a, "AB") },
		}},
		{name: "restore", text: true, ways: []func(*testing.T) *App{
			func(*testing.T) *App { a := app(sh); a.showResumeEntry(); return typed(a, "AB") },
		}},
		{name: "compare entry", text: true, ways: []func(*testing.T) *App{
			func(*testing.T) *App { a := app(sh); a.showCompareEntry(); return typed(a, "AB") },
		}},
		{name: "join, wrong code", text: true, again: []string{"enter"},
			ways: []func(*testing.T) *App{wrong(func(a *App) { a.showJoin("") }), scrolled(wrong(func(a *App) { a.showJoin("") }))}},
		{name: "restore, wrong code", text: true, scrolls: true,
			ways: []func(*testing.T) *App{wrong((*App).showResumeEntry), scrolled(wrong((*App).showResumeEntry))}},
		{name: "compare entry, wrong code", text: true, scrolls: true,
			ways: []func(*testing.T) *App{wrong((*App).showCompareEntry), scrolled(wrong((*App).showCompareEntry))}},
		{name: "restored", ways: []func(*testing.T) *App{restored(0), restored(1)}},
		{name: "code", scrolls: true, ways: []func(*testing.T) *App{code, scrolled(code)}},
		{name: "compare", scrolls: true, ways: []func(*testing.T) *App{compare, scrolled(compare)}},
		{name: "mirror", scrolls: true, ways: []func(*testing.T) *App{whoami, scrolled(whoami)}, again: []string{"r"}},
	}
}

// entryShown are the bindings the help overlay lists on a's screen: the screen's, then the
// app's that are on.
func entryShown(a *App) []binding {
	return append(enabled(a.cur.keys(a).FullHelp()), enabled(a.globalKeys().FullHelp())...)
}

// entryHelpRows are the help overlay's lines with single spaces, a key too wide for the
// column joined with the line below it that says what it does.
func entryHelpRows(a *App) []string {
	var rows []string
	lines := strings.Split(ansi.Strip(a.helpView()), "\n")
	for i, l := range lines {
		rows = append(rows, strings.Join(strings.Fields(l), " "))
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "     ") {
			rows = append(rows, strings.Join(strings.Fields(l+" "+lines[i+1]), " "))
		}
	}
	return rows
}

// entryActs reports whether pressing k in a changes the screen, what it shows, or quits.
func entryActs(a *App, k tea.KeyPressMsg) bool {
	cur, view := a.cur, a.viewString()
	_, cmd := a.Update(k)
	return cmd != nil || a.cur != cur || a.viewString() != view
}

// TestEntryScreensShowTheKeysThatWork: on the entry screens the help overlay lists
// exactly the keys that do something, the hint line names only such keys, and both say
// what the catalogs say.
func TestEntryScreensShowTheKeysThatWork(t *testing.T) {
	t.Parallel()
	// Every key any screen binds, and some that none does.
	universe := []string{"x", "1", "tab", "shift+tab", "right", "l", "end", "G", "delete", "f", "b", "ctrl+d", "ctrl+f", "space"}
	probe := New(shared(t), Options{Width: 80, Height: 24, Lang: "en"})
	km := probe.theme.keys
	for _, m := range []keyMap{km.global, km.scroll, km.menu, km.reader, km.final, km.welcome,
		km.entry.join, km.entry.restore, km.entry.restored, km.entry.code, km.entry.compare, km.entry.mirror} {
		for _, b := range m.FullHelp() {
			universe = append(universe, b.Keys()...)
		}
	}
	slices.Sort(universe)
	universe = slices.Compact(universe)

	for _, st := range entryStates(t) {
		t.Run(st.name, func(t *testing.T) {
			a := st.ways[0](t)
			_ = a.viewString() // keys come after a frame: it tells whether the page fits
			listed := map[string]bool{}
			for _, b := range entryShown(a) {
				for _, k := range b.Keys() {
					listed[k] = true
				}
			}
			if listed["pgdown"] != st.scrolls {
				t.Errorf("scrolls %v, want %v", listed["pgdown"], st.scrolls)
			}
			for _, name := range universe {
				k := entryKey(t, name)
				if st.text && k.Text != "" {
					if listed[name] {
						t.Errorf("%s is listed but types itself into the field", name)
					}
					continue // text: typed into the field
				}
				did := false
				for _, open := range st.ways {
					if entryActs(open(t), k) {
						did = true
						break
					}
				}
				switch {
				case slices.Contains(st.again, name):
					if !listed[name] || did {
						t.Errorf("%s: listed %v, changed %v; want listed, nothing else changing", name, listed[name], did)
					}
				case did && !listed[name]:
					t.Errorf("%s acts but the help does not list it", name)
				case !did && listed[name]:
					t.Errorf("%s is listed but does nothing", name)
				}
			}

			// The hint line names only keys that act, and none that is off.
			for _, b := range a.cur.keys(a).ShortHelp() {
				for _, k := range b.Keys() {
					if b.Enabled() && !listed[k] {
						t.Errorf("the hint %q names %s, which the help does not list", b.Help().Key, k)
					}
				}
			}
			// The overlay shows each listed binding with its words (in a window tall
			// enough for all of them).
			a.setSize(80, 200)
			help := entryHelpRows(a)
			for _, e := range fullEntries(a.theme.g, entryShown(a)) {
				if want := strings.Join(strings.Fields(e.key+" "+e.action), " "); !slices.Contains(help, want) {
					t.Errorf("help overlay lacks %q", want)
				}
			}
			// In a window wide enough, the hint line shows every hint of the state.
			a = st.ways[0](t)
			a.setSize(300, 15)
			lines := strings.Split(ansi.Strip(a.viewString()), "\n")
			hintLine := lines[len(lines)-1]
			for _, b := range a.cur.keys(a).ShortHelp() {
				want := b.Help().Key + " " + b.Help().Desc
				if strings.Contains(hintLine, want) != b.Enabled() {
					t.Errorf("hint line %q: %q is on: %v", hintLine, want, b.Enabled())
				}
			}
		})
	}
}

// TestEntryScreensSayTheirKeys pins the words of the hint line and the help overlay of
// the entry screens, in English and German.
func TestEntryScreensSayTheirKeys(t *testing.T) {
	t.Parallel()
	sh := shared(t)
	cases := []struct {
		lang, hint string
		open       func(a *App)
		help       []string
	}{
		{"en", "enter join · esc back · ctrl+c quit", func(a *App) { a.showJoin("") },
			[]string{"enter join", "esc back", "backspace / ctrl+h delete a character", "ctrl+u clear the field", "ctrl+c quit"}},
		{"de", "enter einlösen · esc zurück · ctrl+c beenden", func(a *App) { a.showResumeEntry() },
			[]string{"enter einlösen", "esc zurück", "backspace / ctrl+h ein Zeichen löschen", "ctrl+u Feld leeren", "ctrl+c beenden"}},
		{"en", "esc back · ↑↓ scroll · ? help · q quit", func(a *App) { a.showCode() },
			[]string{"↑↓ / j k scroll", "pgdn / space / pgup page", "home / g top", "end / G end", "esc / backspace / enter / ← / h c back",
				"L Deutsch", "p plain text on/off (no colour; ASCII marks and arrows instead of symbols)", "? help", "ctrl+c / q quit"}},
	}
	for _, c := range cases {
		a := New(sh, Options{Width: 80, Height: 15, Lang: c.lang})
		a.progress.MarkRead(sh.Catalog.IDs()[0]) // a code to show: more than fits
		c.open(a)
		lines := strings.Split(ansi.Strip(a.viewString()), "\n")
		if got := strings.TrimSpace(lines[len(lines)-1]); got != c.hint {
			t.Errorf("%T %s: hint line %q, want %q", a.cur, c.lang, got, c.hint)
		}
		a.setSize(80, 200) // the whole overlay, for the keys of the last frame
		var got []string
		for _, l := range entryHelpRows(a) {
			for _, w := range c.help {
				if l == w {
					got = append(got, l)
				}
			}
		}
		if !slices.Equal(got, c.help) {
			t.Errorf("%T %s: help lists %q, want %q:\n%s", a.cur, c.lang, got, c.help, ansi.Strip(a.helpView()))
		}
	}
}

// TestMirrorRecountCountsAgain: r on the mirror counts the sessions again, as its hint
// line says.
func TestMirrorRecountCountsAgain(t *testing.T) {
	t.Parallel()
	reg := anonset.New(2)
	f := &mirror.Facts{Client: "SSH-2.0-OpenSSH_9.6", Term: "xterm", Width: 80, Height: 60}
	a := New(testShared(t, "mirror"), Options{Width: 80, Height: 60, Lang: "en", Whoami: true,
		Conn: f, Connect: "ssh h", Anon: reg.Join(anonset.FromMirror(f))})
	before := screen(a)
	if lines := strings.Split(before, "\n"); !strings.Contains(lines[len(lines)-1], "r count again") {
		t.Errorf("hint line does not name r: %q", lines[len(lines)-1])
	}
	for range 3 {
		defer reg.Join(anonset.FromMirror(f)).Leave()
	}
	a.Update(entryKey(t, "r"))
	if after := screen(a); after == before || a.cur != &a.mirror.screen {
		t.Errorf("r did not count again:\n%s", after)
	}
}
