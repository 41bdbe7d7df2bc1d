package session

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tutord/internal/limits"
)

func TestLimitWarningShowsOnEveryScreenAndGoes(t *testing.T) {
	for _, size := range [][2]int{{40, 15}, {80, 24}} {
		for _, lang := range []string{"en", "de"} {
			a := New(shared(t), Options{Width: size[0], Height: size[1], Lang: lang})
			a.Update(LimitWarnMsg{Kind: limits.Idle, Left: 59 * time.Second})
			want := map[string]string{"en": "Still there?", "de": "Noch da?"}[lang]
			for name, v := range screens(t, a) {
				v = a.withNotices(v)
				lines := strings.Split(v, "\n")
				if len(lines) != size[1] {
					t.Errorf("%dx%d %s %s: %d lines, want %d", size[0], size[1], lang, name, len(lines), size[1])
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Errorf("%dx%d %s %s line %d is %d wide", size[0], size[1], lang, name, i, w)
					}
				}
				if tail := ansi.Strip(strings.Join(lines[len(lines)-3:], " ")); !strings.Contains(tail, want) {
					t.Errorf("%dx%d %s %s: no warning at the bottom:\n%s", size[0], size[1], lang, name, ansi.Strip(v))
				}
			}
			a.Update(LimitClearMsg{Kind: limits.Idle})
			if v := a.View().Content; strings.Contains(ansi.Strip(v), want) {
				t.Errorf("%s: the warning stayed after input", lang)
			}
		}
	}
}

func TestLimitEndSaysWhyAndQuits(t *testing.T) {
	a := New(shared(t), Options{Width: 80, Height: 24, Lang: "en"})
	_, cmd := a.Update(LimitEndMsg{Kind: limits.Idle, Limit: 30 * time.Minute})
	if cmd == nil {
		t.Fatal("no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("the end of a session does not quit")
	}
	if g := a.Goodbye(); g != "Closed after 30 min without a key press. Nothing about you was kept." {
		t.Errorf("goodbye %q", g)
	}
	a = New(shared(t), Options{Width: 80, Height: 24, Lang: "de"})
	a.Update(LimitEndMsg{Kind: limits.MaxLength, Limit: 3 * time.Hour})
	if g := a.Goodbye(); !strings.Contains(g, "Höchstdauer von 3 h") {
		t.Errorf("goodbye %q", g)
	}
}

func TestPlainWarningIsASCII(t *testing.T) {
	a := New(shared(t), Options{Width: 80, Height: 24, Lang: "en", Plain: true})
	a.Update(LimitWarnMsg{Kind: limits.MaxLength, Left: time.Minute})
	v := a.View().Content
	if strings.Contains(v, "\x1b") || !strings.Contains(v, "! This session reaches its time limit in 1 min.") {
		t.Errorf("plain warning:\n%q", v)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "1 s", 400 * time.Millisecond: "1 s", 30 * time.Second: "30 s", 59*time.Second + 700*time.Millisecond: "1 min",
		time.Minute: "1 min", 30 * time.Minute: "30 min", 90 * time.Minute: "90 min", 3 * time.Hour: "3 h",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestGoodbyeWrapsAtWords: the line printed after the program wraps at words to the window,
// and a window too small to read gets it whole (the storm of resizes may end at 1x1).
func TestGoodbyeWrapsAtWords(t *testing.T) {
	t.Parallel()
	a := New(shared(t), Options{Width: 40, Height: 15, Lang: "en"})
	a.goodbye = strings.Repeat("word ", 20)
	for _, l := range strings.Split(a.Goodbye(), "\n") {
		if len(l) > 40 || strings.HasPrefix(l, "ord") {
			t.Errorf("goodbye line %q is not wrapped at words to 40", l)
		}
	}
	a.Update(tea.WindowSizeMsg{Width: 1, Height: 1})
	if g := a.Goodbye(); strings.Contains(g, "\n") {
		t.Errorf("at 1x1 the goodbye is broken into lines: %q", g)
	}
}
