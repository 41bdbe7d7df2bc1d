package session

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tutord/internal/classroom"
	"tutord/internal/lessons"
)

// classState is one state of a class screen to check: the teacher's or a student's.
type classState struct {
	name  string
	build func(t *testing.T, w, h int, lang string) *App
}

// make builds the state and draws it, as the teacher or student sees it before a key.
func (st classState) make(t *testing.T, w, h int, lang string) *App {
	a := st.build(t, w, h, lang)
	_ = a.viewString()
	return a
}

// classRig opens rooms in one registry that takes as many rooms and joins as a test makes.
type classRig struct {
	sh *Shared
}

func newClassRig(t *testing.T) *classRig {
	sh := shared(t)
	sh.Rooms = classroom.NewRegistry(classroom.Config{MaxRooms: 1 << 20, JoinRate: 1 << 20, MaxStudents: 10})
	return &classRig{sh: sh}
}

// teacher opens a room and presses keys on the teacher's screen.
func (r *classRig) teacher(t *testing.T, w, h int, lang string, keys ...string) *App {
	a := New(r.sh, Options{Width: w, Height: h, Lang: lang, Class: ClassOptions{Teach: true, Hint: "ssh host"}})
	a.startClass()
	if a.class.teacher == nil {
		t.Fatalf("no room opened:\n%s", a.viewString())
	}
	for _, k := range keys {
		a.Update(pressKey(k))
	}
	return a
}

// student joins the teacher's room; then the teacher presses keys, and the student's
// screen reads the room (no program delivers its notices in this test).
func (r *classRig) student(t *testing.T, teacher *App, w, h int, lang string, keys ...string) *App {
	a := New(r.sh, Options{Width: w, Height: h, Lang: lang, Class: ClassOptions{Join: true, Code: teacher.class.teach.v.Code}})
	a.startClass()
	if a.class.member == nil {
		t.Fatalf("the student did not join:\n%s", a.viewString())
	}
	for _, k := range keys {
		teacher.Update(pressKey(k))
	}
	a.syncClass()
	return a
}

// kindAt finds the first question of each kind: the teacher's keys from the lesson list to
// it, opened.
func kindAt(sh *Shared) map[lessons.Kind][]string {
	out := map[lessons.Kind][]string{}
	for i, l := range sh.Catalog.Lessons(lessons.BaseLang) {
		for j, q := range l.Quiz.Questions {
			if _, ok := out[q.Kind]; ok {
				continue
			}
			var ks []string
			for range i {
				ks = append(ks, "down")
			}
			ks = append(ks, "enter", "o")
			for range j { // close, reveal, open the next
				ks = append(ks, "right", "right", "right")
			}
			out[q.Kind] = ks
		}
	}
	return out
}

// classStates are the states of the teacher's screen, a student's and the class notice.
func classStates(t *testing.T) []classState {
	r := newClassRig(t)
	toPage := []string{"enter", "enter", "enter"} // the teacher code, the room code, lesson 1
	teacher := func(name string, keys ...string) classState {
		return classState{"teacher " + name, func(t *testing.T, w, h int, lang string) *App {
			return r.teacher(t, w, h, lang, keys...)
		}}
	}
	student := func(name string, keys []string, own ...string) classState {
		return classState{"student " + name, func(t *testing.T, w, h int, lang string) *App {
			tm := r.teacher(t, w, h, lang, "enter")
			a := r.student(t, tm, w, h, lang, keys...)
			for _, k := range own {
				a.Update(pressKey(k))
			}
			return a
		}}
	}
	with := func(keys ...string) []string { return append(slices.Clip(toPage), keys...) }
	states := []classState{
		teacher("start"),
		teacher("lobby", "enter"),
		teacher("lessons", "enter", "enter"),
		teacher("page 1", toPage...),
		teacher("page 2", with("right")...),
		teacher("lobby with a lesson", with("c")...),
		teacher("question open", with("o")...),
		teacher("question closed", with("o", "right")...),
		teacher("question revealed", with("o", "right", "right")...),
		teacher("leaderboard", with("o", "right", "right", "b")...),
		teacher("class view", with("s")...),
		teacher("class view from the lobby", "enter", "s"),
		teacher("end asked", with("e")...),
		teacher("ended", with("e", "y")...),
		{"notice", func(t *testing.T, w, h int, lang string) *App {
			a := New(r.sh, Options{Width: w, Height: h, Lang: lang})
			a.showNotice("The class cannot be opened.")
			return a
		}},
		student("waiting", nil),
		student("page 1", []string{"enter", "enter"}),
		student("class view", []string{"enter", "enter", "s"}),
		student("question closed", []string{"enter", "enter", "o", "right"}),
		student("question revealed", []string{"enter", "enter", "o", "right", "right"}),
		student("ended", []string{"e", "y"}),
	}
	kinds := kindAt(r.sh)
	if len(kinds) != 4 {
		t.Fatalf("the course has %d kinds of question, the test knows 4", len(kinds))
	}
	for _, k := range []lessons.Kind{lessons.Single, lessons.TrueFalse, lessons.Classify, lessons.CheckAll} {
		keys := append([]string{"enter"}, kinds[k]...)
		states = append(states, student(kindName(k)+" open", keys))
		if k == lessons.Single {
			states = append(states, student(kindName(k)+" answered", keys, "1"))
		}
	}
	return states
}

// classCandidateKeys are every key a class screen might take: the quiz's and the teacher's
// letters (c is the room code on the teacher's screen, the resume code elsewhere).
var classCandidateKeys = append(slices.Clip(candidateKeys), "o", "s", "t", "c", "e", "y", "Y", "J", "N")

// classFingerprint is what a key can change on a class screen, or anywhere in the app.
func classFingerprint(a *App, cmd tea.Cmd) string {
	return fmt.Sprintf("%T help=%v plain=%v %s cmd=%v\n%s", a.cur, a.help, a.plain, a.lang, cmd != nil, ansi.Strip(a.viewString()))
}

// classActs reports whether key k does something in the state: as it comes, at the end
// of its list, or scrolled down (home and pgup do nothing at the top).
func classActs(t *testing.T, st classState, w, h int, k string) bool {
	for _, before := range [][]string{nil, {"end"}, {"down", "down"}} {
		a := st.make(t, w, h, "en")
		for _, b := range before {
			a.Update(pressKey(b))
		}
		was := classFingerprint(a, nil)
		_, cmd := a.Update(pressKey(k))
		if classFingerprint(a, cmd) != was {
			return true
		}
	}
	return false
}

// overlayNames reads the help overlay's key column: the keys it names as working, also
// those too wide for the column, which take a line of their own with what they do indented
// below (the teacher's next step). The overlay is drawn in full; its last entry is quit's.
// a is spent.
func overlayNames(t *testing.T, a *App) []string {
	t.Helper()
	a.Update(key("?"))
	h := a.h
	a.h = MaxHeight // the whole overlay at once: the screen's keys are those of its last frame
	lines := strings.Split(ansi.Strip(a.viewString()), "\n")
	a.h = h
	last := -1
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "ctrl+c / q ") {
			last = i
		}
	}
	if last < 0 {
		t.Fatalf("the help overlay has no quit line:\n%s", strings.Join(lines, "\n"))
	}
	indent := func(l string) int { return len([]rune(l)) - len([]rune(strings.TrimLeft(l, " "))) }
	keyAt := indent(lines[last])
	actAt := len([]rune(lines[last][:strings.Index(lines[last], a.t.KeyQuit)]))
	var keys []string
	for i := last; i >= 0 && strings.TrimSpace(lines[i]) != ""; i-- {
		r := []rune(lines[i])
		if indent(lines[i]) != keyAt {
			continue // what a key does, wrapped
		}
		col := string(r[keyAt:min(len(r), actAt)])
		if i+1 < len(lines) && indent(lines[i+1]) == keyAt+4 {
			col = string(r[keyAt:]) // a key of its own line
		}
		keys = append(keys, shownKeys(strings.TrimSpace(col))...)
	}
	return keys
}

// TestClassKeysSayWhatTheyDo: on the teacher's screens and a student's, in every state,
// each key the hint line or the help overlay names does something, and each key that does
// something is in the help overlay.
func TestClassKeysSayWhatTheyDo(t *testing.T) {
	t.Parallel()
	for _, k := range classCandidateKeys {
		if got := pressKey(k).String(); got != k {
			t.Fatalf("the test's key %q reads as %q", k, got)
		}
	}
	for _, st := range classStates(t) {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			// 120x40 fits most pages, 80x15 scrolls them.
			keysSayWhatTheyDo(t, classCandidateKeys, func(w, h int) *App { return st.make(t, w, h, "en") },
				func(w, h int, k string) bool { return classActs(t, st, w, h, k) })
		})
	}
}

// TestClassHintLines: the hint line names what drives each state, in every language and
// look each hint names a key of its binding, and the teacher's c is the room code wherever
// the hint line offers it.
func TestClassHintLines(t *testing.T) {
	t.Parallel()
	want := map[string][]string{
		"teacher start":         {"enter"},
		"teacher lobby":         {"enter", "e", "t", "s"},
		"teacher lessons":       {"enter", "up", "down", "esc"},
		"teacher page 1":        {"right", "o", "e", "l", "c", "t", "s"},
		"teacher page 2":        {"right", "left", "o", "e", "l", "c", "t", "s"},
		"teacher question open": {"right", "left", "b", "e", "l", "c", "t", "s"},
		"teacher class view":    {"s", "e"},
		"teacher end asked":     {"y", "n"},
		"teacher ended":         {"enter", "up", "down"},
		"notice":                {"enter", "up", "down"},
		"student ended":         {"enter", "up", "down"},
		"student single open":   {"enter", "up", "down"},
		"student checkall open": {"space", "enter", "up", "down"},
		"student classify open": {"enter", "left", "right", "up", "down"},
	}
	for _, st := range classStates(t) {
		keys := want[st.name]
		for _, lang := range []string{"en", "de", "fr"} {
			a := st.make(t, 200, 24, lang)
			got := hintKeys(a)
			for _, k := range keys {
				if k == "y" && st.name == "teacher end asked" {
					k = a.t.YesKey // the language's own letter for yes (y works too)
				}
				if !slices.Contains(got, k) {
					t.Errorf("%s %s: the hint line lacks %q: %v", st.name, lang, k, got)
				}
			}
			for _, plain := range []bool{false, true} {
				a := st.build(t, 80, 24, lang)
				if plain {
					a.plain, a.theme = true, a.sh.theme(true, a.t)
				}
				_ = a.viewString()
				short := a.cur.keys(a).ShortHelp()
				for _, h := range shortEntries(short, nil) {
					if !namesKeyOf(a.theme.g, h, short) {
						t.Errorf("%s %s plain=%v: hint %q names none of its binding's keys", st.name, lang, plain, h.key+" "+h.action)
					}
				}
			}
			if slices.Contains(got, "c") {
				a := st.make(t, 200, 24, lang)
				a.Update(pressKey("c"))
				if a.cur == &a.resume.code {
					t.Errorf("%s %s: c, shown on the hint line, opened the resume code", st.name, lang)
				}
			}
		}
	}
}
