package termrun

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// TestSharedRowsDrawTheSame: sessions of several sizes and colour profiles, each with a
// private name in its title row and a second one on a row of its own, draw the same sequence of frames (per size) twice: once
// on their own, once sharing one Shared. Every frame's bytes are the same both ways; the
// Shared was used (rows kept), kept no row with a name, and holds nothing once the
// sessions are gone.
func TestSharedRowsDrawTheSame(t *testing.T) {
	t.Parallel()
	type sess struct {
		name, board string
		w, h        int
		alone, with *screen
	}
	sh := NewShared(1 << 20)
	var all []*sess
	kinds := []struct {
		w, h    int
		profile colorprofile.Profile
		plain   bool
	}{
		{80, 24, colorprofile.TrueColor, false}, {80, 24, colorprofile.ANSI256, false},
		{40, 15, colorprofile.TrueColor, false}, {80, 24, colorprofile.NoTTY, true},
	}
	for i := range 12 {
		k := kinds[i%len(kinds)]
		mk := func() *screen { return newScreen("xterm-256color", k.profile, k.w, k.h, false, k.plain) }
		s := &sess{name: fmt.Sprintf("Otter%02d", i), board: fmt.Sprintf("Loutre%02d", i), w: k.w, h: k.h, alone: mk(), with: mk()}
		all = append(all, s)
	}
	// One frame sequence per size, as a room's step looks the same in a size.
	frames := map[[2]int][][]string{}
	for _, size := range [][2]int{{80, 24}, {40, 15}} {
		r := rand.New(rand.NewPCG(uint64(size[0]), 9))
		lines := make([]string, size[1])
		for i := range lines {
			lines[i] = randomLine(r, size[0])
		}
		for range 30 {
			frames[size] = append(frames[size], lines)
			lines = nextFrame(r, lines, size[0], size[1])
		}
	}
	for step := range 30 {
		for i, s := range all {
			lines := append([]string(nil), frames[[2]int{s.w, s.h}][step]...)
			// Two rows alike: the same change at two places must be written at each.
			lines[7] = lines[3]
			// A row with the second private text only (a name in another language).
			lines[5] = fmt.Sprintf("  %s %d", s.board, step/3)
			// The title row: changes every few steps, always with the session's name.
			// Half the sessions draw its changing part in bold: the row after starts with another pen.
			lines[0] = ansiTruncate(fmt.Sprintf("Title %d  %s", step/4, s.name), s.w)
			if i/len(kinds)%2 == 1 {
				lines[0] = fmt.Sprintf("\x1b[1mTitle %d\x1b[m  %s", step/4, s.name)
			}
			v := tea.NewView(strings.Join(lines, "\n"))
			v.AltScreen = true
			var a, b bytes.Buffer
			s.alone.draw(v, &a, false)
			s.with.offer(sh, s.name+"\n"+s.board)
			s.with.draw(v, &b, false)
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatalf("step %d, %dx%d: shared drawing differs\nalone %q\nshared %q", step, s.w, s.h, a.Bytes(), b.Bytes())
			}
		}
	}
	n, _ := sh.Rows("")
	if n == 0 {
		t.Fatal("no row was shared")
	}
	if g := sh.Groups(); g != len(kinds) {
		t.Errorf("%d groups, want one per size and profile (%d)", g, len(kinds))
	}
	for _, s := range all {
		for _, p := range []string{s.name, s.board} {
			if _, holds := sh.Rows(p); holds {
				t.Errorf("the Shared holds a row with %s", p)
			}
		}
	}
	for _, s := range all {
		s.with.close(&bytes.Buffer{})
	}
	if g := sh.Groups(); g != 0 {
		t.Errorf("%d groups left after every session closed", g)
	}
}

// TestSharedIsBounded: a group takes no more rows than its bytes allow.
func TestSharedIsBounded(t *testing.T) {
	t.Parallel()
	sh := NewShared(4096)
	scr := newScreen("xterm-256color", colorprofile.TrueColor, 80, 24, false, false)
	r := rand.New(rand.NewPCG(1, 2))
	lines := make([]string, 24)
	for range 50 {
		for i := range lines {
			lines[i] = randomLine(r, 80)
		}
		v := tea.NewView(strings.Join(lines, "\n"))
		v.AltScreen = true
		scr.offer(sh, "")
		scr.draw(v, &bytes.Buffer{}, false)
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	for _, g := range sh.groups {
		if g.bytes > 4096 || len(g.rows)+len(g.ends) == 0 {
			t.Errorf("group holds %d bytes in %d rows and %d line ends; want some, at most 4096", g.bytes, len(g.rows), len(g.ends))
		}
	}
}

func ansiTruncate(s string, w int) string {
	if len(s) > w {
		return s[:w]
	}
	return s
}
