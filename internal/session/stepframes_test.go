package session

import (
	"math"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tutord/internal/classroom"
	"tutord/internal/i18n"
	"tutord/internal/termrun"
)

// stepRoom opens a room in a registry of its own, steered from the registry (no
// teacher's screen), for students' apps to join with its code.
func stepRoom(t *testing.T) (sh *Shared, teacher *classroom.Teacher, code string) {
	t.Helper()
	sh = testShared(t)
	sh.Rooms = classroom.NewRegistry(classroom.Config{})
	teacher, err := sh.Rooms.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(teacher.Leave)
	code, _ = teacher.Codes()
	return sh, teacher, code
}

// joinStep starts a student's app (size, language, look from opts) in the room of code.
func joinStep(t *testing.T, sh *Shared, code string, opts Options) *App {
	t.Helper()
	opts.Class = ClassOptions{Join: true, Code: code}
	a := New(sh, opts)
	a.Init()
	if a.class.member == nil {
		t.Fatalf("a student did not join:\n%s", screen(a))
	}
	return a
}

// TestStepFramesPerRoomStepAndLanguage: the students of a room's step in one language
// share one Shared, those in another language another; the private text is the
// student's pseudonym, shown on their screen; a new step hands out a new Shared; and
// once the students have left, nothing is kept.
func TestStepFramesPerRoomStepAndLanguage(t *testing.T) {
	t.Parallel()
	sh, teacher, code := stepRoom(t)
	type student struct {
		a    *App
		lang string
	}
	var studs []student
	for _, k := range []struct {
		lang string
		w, h int
	}{{"en", 80, 24}, {"en", 40, 15}, {"de", 80, 24}, {"en", 80, 24}} {
		a := joinStep(t, sh, code, Options{Width: k.w, Height: k.h, Lang: k.lang})
		studs = append(studs, student{a, k.lang})
	}
	check := func(when string) map[string]*termrun.Shared {
		t.Helper()
		byLang := map[string]*termrun.Shared{}
		names := map[string]bool{}
		for _, s := range studs {
			s.a.syncClass()
			got, private := s.a.SharedFrames()
			if got == nil {
				t.Fatalf("%s: a %s student draws alone", when, s.lang)
			}
			if private == "" || names[private] || !strings.Contains(screen(s.a), private) {
				t.Errorf("%s: private text %q: want the student's own pseudonym, on their screen", when, private)
			}
			names[private] = true
			if prev, ok := byLang[s.lang]; ok && prev != got {
				t.Errorf("%s: two %s students on the same step have different Shareds", when, s.lang)
			}
			byLang[s.lang] = got
		}
		if byLang["en"] == byLang["de"] {
			t.Errorf("%s: languages share one Shared", when)
		}
		if n := sh.frames.rooms(); n != 2 {
			t.Errorf("%s: %d room steps shared, want 2 (one per language)", when, n)
		}
		return byLang
	}
	before := check("waiting")
	if err := teacher.SetLesson(sh.Catalog.At("en", 0)); err != nil {
		t.Fatal(err)
	}
	page1 := check("page 1")
	if page1["en"] == before["en"] {
		t.Error("a new step kept the old step's Shared")
	}
	if err := teacher.Next(); err != nil {
		t.Fatal(err)
	}
	check("page 2")

	// The help screen is the student's own: it draws alone.
	studs[0].a.help = true
	if got, _ := studs[0].a.SharedFrames(); got != nil {
		t.Error("the help screen shares its frames")
	}
	studs[0].a.help = false

	for _, s := range studs {
		s.a.Close()
	}
	if n := sh.frames.rooms(); n != 0 {
		t.Errorf("%d room steps still shared after every student left", n)
	}
}

// TestStepFramesBehindAndBounded: a session behind the room's step draws alone, and
// the registry stops handing out Shareds beyond its bound.
func TestStepFramesBehindAndBounded(t *testing.T) {
	t.Parallel()
	var f stepFrames
	k := stepFramesKey{code: "ABCDEF", lang: "en"}
	if f.acquire(k, 5) == nil {
		t.Fatal("first student of a step got none")
	}
	if f.acquire(k, 4) != nil {
		t.Error("a session behind the room got the later step's Shared")
	}
	f.release(k, 4) // a release for a step not held changes nothing
	if f.rooms() != 1 {
		t.Fatalf("%d rooms", f.rooms())
	}
	f.release(k, 5)
	if f.rooms() != 0 {
		t.Fatalf("%d rooms after the last left", f.rooms())
	}
	for i := range stepFramesRooms {
		f.acquire(stepFramesKey{code: string(rune('A' + i%26)), lang: string(rune(i))}, 1)
	}
	if f.acquire(stepFramesKey{code: "ZZZZZZ", lang: "de"}, 1) != nil {
		t.Error("a room beyond the bound got a Shared")
	}
}

// TestSharedStepViewsDrawTheSame: students of one room in several sizes, languages and
// looks, some scrolled, one with a notice, one with its cursor on another choice, see
// after every step exactly what their app draws without sharing.
func TestSharedStepViewsDrawTheSame(t *testing.T) {
	t.Parallel()
	sh, teacher, code := stepRoom(t)
	var studs []*App
	for _, k := range []struct {
		lang  string
		w, h  int
		plain bool
		n     int
	}{{"en", 80, 24, false, 3}, {"en", 40, 15, false, 2}, {"de", 80, 24, false, 2}, {"en", 80, 24, true, 2}} {
		for range k.n {
			studs = append(studs, joinStep(t, sh, code, Options{Width: k.w, Height: k.h, Lang: k.lang, Plain: k.plain}))
		}
	}
	hits := 0
	check := func(when string) {
		t.Helper()
		for i, a := range studs {
			a.syncClass()
			if i == 1 || i == 4 {
				a.Update(tea.KeyPressMsg{Code: tea.KeyDown}) // scrolled, or the next choice
				a.Update(tea.KeyPressMsg{Code: tea.KeyDown})
			}
			if i == 2 {
				a.class.stud.notice = "a notice of this student's own"
			}
			entries := func() int {
				s, _ := a.stepShare()
				if s == nil {
					t.Fatalf("%s: student %d draws alone", when, i)
				}
				s.views.mu.RLock()
				defer s.views.mu.RUnlock()
				return len(s.views.m)
			}
			sh.frames.off = true
			want := a.View().Content
			sh.frames.off = false
			n := entries()
			got := a.View().Content
			if entries() == n {
				hits++ // drawn from what another student's app laid out
			}
			if got != want {
				t.Errorf("%s: student %d: shared\n%s\nalone\n%s", when, i, got, want)
			}
		}
	}
	check("waiting")
	if err := teacher.SetLesson(sh.Catalog.At("en", 0)); err != nil {
		t.Fatal(err)
	}
	check("page 1")
	if err := teacher.Next(); err != nil {
		t.Fatal(err)
	}
	check("page 2")
	if err := teacher.ToQuestions(); err != nil {
		t.Fatal(err)
	}
	check("question")
	if hits < 8 {
		t.Errorf("%d screens drawn from the shared ones; want most", hits)
	}
	for _, a := range studs {
		a.Close()
	}
}

// TestStepFramesViewSizeLeavesWithItsStudent: what the room's step keeps for a window
// size lives only while a student with that size is here: a student of a unique size
// who resizes, or who leaves, takes that size out of memory; the others' stay.
func TestStepFramesViewSizeLeavesWithItsStudent(t *testing.T) {
	t.Parallel()
	sh, teacher, code := stepRoom(t)
	if err := teacher.SetLesson(sh.Catalog.At("en", 0)); err != nil {
		t.Fatal(err)
	}
	join := func(w, h int) *App {
		a := joinStep(t, sh, code, Options{Width: w, Height: h, Lang: "en"})
		a.syncClass()
		a.View()
		return a
	}
	common, odd, other := viewSize{w: 80, h: 24}, viewSize{w: 137, h: 41}, viewSize{w: 101, h: 33}
	a, b := join(80, 24), join(80, 24)
	c := join(137, 41)
	views := &a.class.frames.s.views
	if c.class.frames.s == nil || &c.class.frames.s.views != views {
		t.Fatal("students of one step do not share its views")
	}
	check := func(when string, gone, kept viewSize, n int) {
		t.Helper()
		got, holds := views.sizes(gone)
		if holds {
			t.Errorf("%s: the step still keeps a view for %dx%d", when, gone.w, gone.h)
		}
		if _, ok := views.sizes(kept); !ok || got != n {
			t.Errorf("%s: %d sizes kept (want %d), %dx%d kept: %v", when, got, n, kept.w, kept.h, ok)
		}
	}
	if n, ok := views.sizes(odd); !ok || n != 2 {
		t.Fatalf("before: %d sizes kept, %dx%d kept: %v; want 2, true", n, odd.w, odd.h, ok)
	}

	c.Update(tea.WindowSizeMsg{Width: 101, Height: 33})
	c.View()
	check("after the odd size resized", odd, other, 2)

	c.Close()
	check("after it left", other, common, 1)

	a.Close()
	check("after one of two with the same size left", other, common, 1)
	if err := teacher.Next(); err != nil {
		t.Fatal(err)
	}
	b.syncClass()
	b.View()
	if bs := b.class.frames.s; bs == nil || len(bs.views.users) != 1 {
		t.Error("the next step does not count its student's size")
	}
	b.Close()
	if n := sh.frames.rooms(); n != 0 {
		t.Errorf("%d room steps still shared after every student left", n)
	}
}

// TestPseudonymsFitSharedScreens: every pseudonym of every language, numbered too, shows
// whole on the narrowest screen, so the whole-name checks that keep it out of shared
// rows and views never meet a part of it (stepShare draws alone otherwise).
func TestPseudonymsFitSharedScreens(t *testing.T) {
	t.Parallel()
	cw := (&App{w: MinWidth, h: MinHeight}).contentWidth()
	for _, lang := range i18n.Langs() {
		words := i18n.For(lang).Pseudonym
		adjs, animals := words.Counts()
		for adj := range adjs {
			for an := range animals {
				name := classroom.Pseudonym{Adj: uint8(adj), Animal: uint8(an), N: math.MaxUint16 - 1}.Name(words)
				if w := ansi.StringWidth(name); w+2 > cw {
					t.Errorf("%s: %q is %d columns wide: it would be cut on a %d-column screen", lang, name, w, MinWidth)
				}
			}
		}
	}
}

// TestBoardNameStaysPrivate: while the leaderboard is on and the teacher's screen is in
// English, a German student's screen says how the board names them, in the title bar and
// in the body; that name is private text like their own (kept out of the step's shared
// rows and views), and the screen is what the app draws alone. An English student's
// screen says nothing more.
func TestBoardNameStaysPrivate(t *testing.T) {
	t.Parallel()
	sh := testShared(t)
	sh.Rooms = classroom.NewRegistry(classroom.Config{})
	teacher, err := sh.Rooms.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer teacher.Leave()
	code, _ := teacher.Codes()
	for _, err := range []error{teacher.SetBoardLang("en"), teacher.SetLesson(sh.Catalog.At("en", 0)), teacher.SetLeaderboard(true), teacher.ToQuestions()} {
		if err != nil {
			t.Fatal(err)
		}
	}
	join := func(lang string) *App {
		a := New(sh, Options{Width: 80, Height: 40, Lang: lang, Class: ClassOptions{Join: true, Code: code}})
		a.Init()
		if a.class.member == nil {
			t.Fatalf("a student did not join:\n%s", screen(a))
		}
		a.syncClass()
		return a
	}
	des := []*App{join("de"), join("de")}
	en := join("en")
	for i, a := range des {
		board := a.class.stud.v.Name.Name(sh.Text("en").Pseudonym)
		own := a.class.stud.name(a)
		sh.frames.off = true
		alone := a.View().Content
		sh.frames.off = false
		got := a.View().Content
		if got != alone {
			t.Errorf("student %d: shared\n%s\nalone\n%s", i, got, alone)
		}
		scr := ansi.Strip(got)
		if !strings.Contains(scr, own+" ("+board+")") || lineAfter(scr, sh.Text("de").ClassBoardName) != board {
			t.Errorf("student %d (%s) is not told their board name %q:\n%s", i, own, board, scr)
		}
		if _, private := a.SharedFrames(); private != own+"\n"+board {
			t.Errorf("student %d: private text %q, want %q", i, private, own+"\n"+board)
		}
		s, _ := a.stepShare()
		s.views.mu.RLock()
		for _, e := range s.views.m {
			if strings.Contains(e.rest, board) || strings.Contains(e.text, board) {
				t.Errorf("the step's shared views hold %q", board)
			}
		}
		s.views.mu.RUnlock()
	}
	title, _, _ := strings.Cut(screen(en), "\n")
	if scr := screen(en); !strings.Contains(scr, "leaderboard") || strings.Contains(scr, sh.Text("en").ClassBoardName) || strings.Contains(title, "(") {
		t.Errorf("the English student is told a board name:\n%s", scr)
	}
	for _, a := range append(des, en) {
		a.Close()
	}
}

// lineAfter is the line under the one that reads label, trimmed ("" if none).
func lineAfter(scr, label string) string {
	lines := strings.Split(scr, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == label && i+1 < len(lines) {
			return strings.TrimSpace(lines[i+1])
		}
	}
	return ""
}
