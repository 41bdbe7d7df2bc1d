package session

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tutord/internal/lessons"
	"tutord/internal/markdown"
	"tutord/internal/mirror"
)

func testShared(t *testing.T, drop ...string) *Shared {
	t.Helper()
	set, ps := lessons.Load(lessons.BuiltinFS(), ".")
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	for _, id := range drop {
		for lang := range set {
			delete(set[lang], id)
		}
	}
	return &Shared{Catalog: lessons.NewCatalog(set), Markdown: markdown.New(16, "")}
}

func screen(a *App) string { return ansi.Strip(a.View().Content) }

// TestWhoamiWithoutAMirrorLesson: a course without the mirror lesson still answers
// `ssh -t HOST whoami`, with the panel on a screen of its own.
func TestWhoamiWithoutAMirrorLesson(t *testing.T) {
	a := New(testShared(t, "mirror"), Options{Width: 80, Height: 40, Lang: "en", Whoami: true,
		Conn: &mirror.Facts{User: "solo-user", Term: "xterm", Width: 80, Height: 40}, Connect: "ssh -p 2222 h"})
	scr := screen(a)
	for _, want := range []string{"What this server sees", "What your connection told this server", "solo-user", "xterm, 80x40"} {
		if !strings.Contains(scr, want) {
			t.Errorf("screen lacks %q:\n%s", want, scr)
		}
	}
	a.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if !strings.Contains(screen(a), "Start the course") {
		t.Errorf("esc does not lead to the welcome screen:\n%s", screen(a))
	}
}

// TestPanelWithoutFacts: when the connection facts are not known, the panel says so.
func TestPanelWithoutFacts(t *testing.T) {
	a := New(testShared(t), Options{Width: 80, Height: 60, Lang: "de", Start: "mirror"})
	if scr := screen(a); !strings.Contains(scr, "(nicht bekannt)") {
		t.Errorf("panel without facts:\n%s", scr)
	}
}

// TestTypingKeepsGlobalKeys: in the code input, q, L, ? and c are letters; ctrl+c quits.
func TestTypingKeepsGlobalKeys(t *testing.T) {
	a := New(testShared(t), Options{Width: 80, Height: 24, Lang: "en"})
	a.showResumeEntry()
	for _, r := range "qL?c" {
		if _, cmd := a.Update(tea.KeyPressMsg{Code: r, Text: string(r)}); cmd != nil {
			t.Fatalf("%c returned a command", r)
		}
	}
	a.Update(tea.PasteMsg{Content: "-x\x1b[31m\n"})
	if scr := screen(a); !strings.Contains(scr, "QL?C-X[31M") || a.help || a.lang != "en" {
		t.Errorf("input did not take the keys (help %v, lang %s):\n%s", a.help, a.lang, scr)
	}
	if _, cmd := a.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}); cmd == nil {
		t.Errorf("ctrl+c does not quit from the input")
	}
}

// BenchmarkMirrorPanel draws the panel with ten keys at 80 columns, as on every refresh of
// the mirror lesson.
func BenchmarkMirrorPanel(b *testing.B) {
	f := &mirror.Facts{Addr: "198.51.100.7", Port: 50000, Client: "SSH-2.0-OpenSSH_9.6", User: "u", Term: "xterm", Width: 80, Height: 24,
		Env: []string{"LANG=de_DE.UTF-8"}}
	for range 10 {
		f.Keys = append(f.Keys, mirror.Key{Type: "ssh-ed25519", Fingerprint: "SHA256:" + strings.Repeat("A", 43)})
	}
	set, _ := lessons.Load(lessons.BuiltinFS(), ".")
	a := New(&Shared{Catalog: lessons.NewCatalog(set), Markdown: markdown.New(16, "")}, Options{Width: 80, Height: 24, Lang: "en", Conn: f})
	for b.Loop() {
		a.mirrorPanel(78)
	}
}

// TestResumeArgumentJudgedWhole: `ssh -t HOST resume CODE` with an over-long argument is
// told it is too long, though the field shows only what fits.
func TestResumeArgumentJudgedWhole(t *testing.T) {
	sh := shared(t)
	a := New(sh, Options{Width: 80, Height: 24, Lang: "en"})
	p := lessons.Progress{}
	for _, id := range sh.Catalog.IDs() {
		p[id] = lessons.LessonProgress{Status: lessons.Read}
	}
	long := a.codec().Encode(p) + strings.Repeat("Z", maxCodeInput)
	b := New(sh, Options{Width: 80, Height: 24, Lang: "en", Resume: long})
	if b.resume.entry.done || !strings.Contains(b.resume.entry.msg, "too long") {
		t.Fatalf("over-long code: done %v, message %q", b.resume.entry.done, b.resume.entry.msg)
	}
}
