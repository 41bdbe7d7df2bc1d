package session

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// The key-binding drift test: on every screen, what the hint line and the help overlay
// say and what the keys do are the same thing.
//   - A key that changes the screen (or ends the session) is one the screen or the app
//     lists in its help overlay.
//   - Every key named on the hint line is a key of the binding it stands for.

// driftKeys are the bytes of the keys a person presses, decoded as the server decodes them.
var driftKeys = func() []string {
	ks := []string{"\r", "\x1b", " ", "\t", "\x1b[Z", "\x7f", "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D",
		"\x1b[5~", "\x1b[6~", "\x1b[H", "\x1b[F", "\x06", "\x02", "\x04", "\x15", "\x03"}
	for r := '!'; r <= '~'; r++ {
		ks = append(ks, string(r))
	}
	return ks
}()

// decodeKey is the key press a terminal sends as b.
func decodeKey(t *testing.T, b string) tea.KeyPressMsg {
	t.Helper()
	var d uv.EventDecoder
	_, ev := d.Decode([]byte(b))
	k, ok := msgOf(ev).(tea.KeyPressMsg)
	if !ok {
		t.Fatalf("%q decodes to %T, not a key press", b, ev)
	}
	return k
}

// driftState is a way to reach one screen in one state from a new session.
type driftState struct {
	name  string
	reach func(a *App)
}

// driftStates reaches every screen a session can show without a classroom or a second
// connection (those are held by the classroom and experiment tests over SSH).
func driftStates(t *testing.T, sh *Shared) []driftState {
	press := func(a *App, ks ...string) {
		for _, k := range ks {
			a.Update(key(k))
		}
	}
	states := []driftState{
		{"welcome", func(a *App) {}},
		{"welcome, second item", func(a *App) { press(a, "down") }},
		{"menu", func(a *App) { a.showMenu() }},
		{"menu, last item", func(a *App) { a.showMenu(); press(a, "G") }},
		{"reader, unread", func(a *App) { a.openLesson(0) }},
		{"reader, scrolled", func(a *App) { a.openLesson(0); press(a, "space") }},
		{"final", func(a *App) { a.showFinal() }},
		{"resume code", func(a *App) { a.showCode() }},
		{"resume entry", func(a *App) { a.showResumeEntry() }},
		{"join", func(a *App) { a.showJoin("") }},
		{"compare entry", func(a *App) { a.showCompareEntry() }},
	}
	c := sh.Catalog
	for i := range c.Len() {
		l := c.At("en", i)
		if l.Live == "mirror" {
			states = append(states, driftState{"reader, mirror lesson", func(a *App) { a.openLesson(i) }})
		}
		toQuestion := func(a *App, qi int) {
			a.startQuiz(i)
			for range qi { // skip the questions before: the attempt moves on unanswered
				a.quiz.att.Next()
				a.quiz.resetQuestion()
			}
		}
		for qi, q := range l.Quiz.Questions {
			name := fmt.Sprintf("quiz %d question %d (%s)", i+1, qi+1, q.Kind)
			states = append(states, driftState{name, func(a *App) { toQuestion(a, qi) }})
			// Answered one way or another: right, wrong (try again) or incomplete.
			for _, ks := range [][]string{{"enter"}, {"1", "enter"}, {"space", "enter"}, {"enter", "enter"}} {
				states = append(states, driftState{name + " after " + strings.Join(ks, " "), func(a *App) {
					toQuestion(a, qi)
					press(a, ks...)
				}})
			}
		}
		states = append(states, driftState{fmt.Sprintf("quiz %d summary", i+1), func(a *App) {
			toQuestion(a, len(l.Quiz.Questions)-1)
			a.quiz.next(a) // past the last question: the summary
		}})
	}
	return states
}

// listed is every binding the help overlay lists on the app's current screen.
func listed(a *App) []binding {
	return append(enabled(a.cur.keys(a).FullHelp()), enabled(a.globalKeys().FullHelp())...)
}

func TestNoKeyActsWithoutBeingListed(t *testing.T) {
	t.Parallel()
	sh := shared(t)
	for _, st := range driftStates(t, sh) {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			for _, b := range driftKeys {
				k := decodeKey(t, b)
				a := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
				st.reach(a)
				if tp, ok := a.cur.(typer); ok && tp.typing() && k.Text != "" {
					continue // typed into the field, not a command
				}
				bs := listed(a)
				before, cur := a.viewString(), a.cur
				_, cmd := a.Update(k)
				acted := cmd != nil || a.cur != cur || a.viewString() != before
				if acted && !matches(k, bs...) {
					t.Errorf("%q acts on %T but neither the screen nor the app lists it", k.String(), cur)
				}
			}
		})
	}
}

// TestHintsNameTheirKeys: each entry of a hint line names a key of a binding it stands
// for, in every language and look.
func TestHintsNameTheirKeys(t *testing.T) {
	t.Parallel()
	sh := shared(t)
	for _, lang := range []string{"en", "de", "fr"} {
		for _, plain := range []bool{false, true} {
			for _, st := range driftStates(t, sh) {
				a := New(sh, Options{Width: 80, Height: 24, Lang: lang, Plain: plain})
				st.reach(a)
				kd := a.cur
				short := kd.keys(a).ShortHelp()
				for _, h := range shortEntries(short, nil) {
					if !namesKeyOf(a.theme.g, h, short) {
						t.Errorf("%s %s plain=%v: hint %q names none of its binding's keys", lang, st.name, plain, h.key+" "+h.action)
					}
				}
				// In a wide window the hint line has room for every one of them.
				wide := New(sh, Options{Width: 200, Height: 50, Lang: lang, Plain: plain})
				st.reach(wide)
				last := ansi.Strip(lastLine(wide.viewString()))
				for _, h := range shortEntries(wide.cur.keys(wide).ShortHelp(), nil) {
					if !strings.Contains(last, h.key+" "+h.action) {
						t.Errorf("%s %s plain=%v: %q is not on the hint line %q", lang, st.name, plain, h.key+" "+h.action, last)
					}
				}
			}
		}
	}
}

// namesKeyOf reports whether hint h (key label and action) is the label of an enabled
// binding in bs that has the key it names, or of a binding without keys ("any key").
func namesKeyOf(g glyphs, h hint, bs []binding) bool {
	for _, b := range bs {
		if b.Help().Key != h.key || b.Help().Desc != h.action {
			continue
		}
		if b.Keys() == nil {
			return true
		}
		if !b.Enabled() {
			continue
		}
		for _, name := range strings.Split(keyNames(g, b.Keys()), " / ") {
			for _, part := range strings.Fields(name) {
				if part == h.key || name == h.key {
					return true
				}
			}
		}
		// ↑↓ also stands for a single up or down binding next to its pair.
		for _, k := range b.Keys() {
			if (k == "up" || k == "down") && h.key == g.updown {
				return true
			}
			if (k == "left" || k == "right") && h.key == g.leftright {
				return true
			}
			if k == "pgdown" && h.key == "pgdn" {
				return true
			}
		}
	}
	return false
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
