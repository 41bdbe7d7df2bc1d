package textterm

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/vt"

	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// recorded is the output one real session wrote, with its window size.
type recorded struct {
	name string
	w, h int
	out  []byte
}

// record runs real sessions against a tutord server (x/vt as their terminals, answering
// the queries) and returns what each was sent: a classroom's teacher and students of
// several sizes, languages and looks going through steps, and a learner paging and
// scrolling through a lesson on their own.
func record(t *testing.T) []recorded {
	srv := sshtest.Start(t, func(c *config.Config) {
		c.Limits.PerSourceConns = 0
		c.Limits.PerSourceRate = 0
		c.Limits.PerSourcePenalties = false
	})
	var out []recorded
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 60
	teacher := srv.Open(t, tc, "teach")
	teacher.WaitFor("Teacher code:", "Show the room code")
	teacher.Press("enter")
	m := regexp.MustCompile(`join ([A-Z0-9]{6})\b`).FindStringSubmatch(teacher.WaitFor("Room code", "0 joined"))
	if m == nil {
		t.Fatalf("no room code on:\n%s", teacher.Screen())
	}
	type student struct {
		name       string
		w, h       int
		env        map[string]string
		term       string
		youAre, pg string
	}
	kinds := []student{
		{"en-80x24", 80, 24, nil, "", "You are", "Page %d of"},
		{"de-40x15", 40, 15, map[string]string{"LANG": "de_DE.UTF-8"}, "", "Du bist", "Seite %d von"},
		{"en-120x40-nocolor", 120, 40, map[string]string{"NO_COLOR": "1"}, "", "You are", "Page %d of"},
		{"de-80x24-dumb", 80, 24, map[string]string{"LANG": "de_DE.UTF-8"}, "dumb", "Du bist", "Seite %d von"},
	}
	terms := make([]*sshtest.Term, len(kinds))
	for i, k := range kinds {
		c := sshtest.DefaultClient()
		c.W, c.H, c.Env = k.w, k.h, k.env
		if k.term != "" {
			c.Term = k.term
		}
		terms[i] = srv.Open(t, c, "join "+m[1])
		terms[i].WaitFor(k.youAre)
	}
	teacher.WaitFor(fmt.Sprintf("%d joined", len(kinds)))
	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("enter")
	for i, k := range kinds {
		terms[i].WaitFor(fmt.Sprintf(k.pg, 1))
	}
	for _, p := range []int{2, 3, 2, 1, 2} {
		if p > 1 && strings.Contains(teacher.Screen(), fmt.Sprintf("Page %d of", p-1)) {
			teacher.Press("right")
		} else {
			teacher.Press("left")
		}
		for i, k := range kinds {
			terms[i].WaitFor(fmt.Sprintf(k.pg, p))
		}
	}
	for i, k := range kinds {
		out = append(out, recorded{k.name, k.w, k.h, terms[i].Raw()})
	}
	out = append(out, recorded{"teacher-100x60", 100, 60, teacher.Raw()})

	// A learner alone: a lesson, paged and scrolled (the differ's scroll regions).
	solo := srv.Open(t, sshtest.DefaultClient(), "")
	solo.WaitFor("Start the course")
	solo.Press("enter")
	solo.WaitFor("0%")
	solo.Press("space", "pgdown", "j", "down", "down", "up", "pgup", "pgdown", "pgdown")
	solo.Press("esc")
	solo.WaitFor("Lessons", "1 of 8 read")
	out = append(out, recorded{"solo-80x24", 80, 24, solo.Raw()})
	return out
}

// TestSameTextAsXvt feeds the recorded output of real sessions to this screen and to
// x/vt in chunks of many sizes (down to single bytes, so sequences are split anywhere)
// and wants the same screen text after every chunk, and the same answers to queries.
func TestSameTextAsXvt(t *testing.T) {
	t.Parallel()
	recs := record(t)
	// The recordings must hold what the runner's differ sends when a page scrolls.
	var all []byte
	for _, rec := range recs {
		all = append(all, rec.out...)
	}
	for _, seq := range []string{`\x1b\[\d+;\d+r`, `\x1b\[\d*S`, `\x1b\[\d*T`, `\x1b\[K`, `\x1b\[2J`} {
		if !regexp.MustCompile(seq).Match(all) {
			t.Errorf("no recorded session sent %s", seq)
		}
	}
	for _, rec := range recs {
		t.Run(rec.name, func(t *testing.T) {
			t.Parallel()
			if len(rec.out) == 0 {
				t.Fatal("the session wrote nothing")
			}
			for _, seed := range []uint64{1, 2, 3} {
				compare(t, rec, seed)
			}
		})
	}
}

func compare(t *testing.T, rec recorded, seed uint64) {
	t.Helper()
	emu := vt.NewEmulator(rec.w, rec.h)
	var vtAnswers bytes.Buffer
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _, _ = io.Copy(&vtAnswers, emu) }()
	var answers bytes.Buffer
	scr := New(rec.w, rec.h, &answers)
	rnd := rand.New(rand.NewPCG(seed, 7))
	out, chunks := rec.out, 0
	for len(out) > 0 {
		n := 1 + rnd.IntN(min(len(out), []int{1, 16, 512, 4096}[rnd.IntN(4)]))
		chunk := out[:n]
		out = out[n:]
		_, _ = emu.Write(chunk)
		_, _ = scr.Write(chunk)
		chunks++
		if want, got := emu.String(), scr.String(); got != want {
			t.Fatalf("seed %d, after chunk %d (byte %d of %d): screens differ\nx/vt:\n%s\ntextterm:\n%s",
				seed, chunks, len(rec.out)-len(out), len(rec.out), want, got)
		}
	}
	// End the replies' reader by closing the pipe it reads: x/vt's Close sets a flag its
	// Read checks without a lock (a data race under -race).
	if c, ok := emu.InputPipe().(io.Closer); ok {
		_ = c.Close()
	} else {
		t.Fatal("x/vt's input pipe cannot be closed")
	}
	wg.Wait()
	if got, want := answers.String(), vtAnswers.String(); got != want {
		t.Errorf("seed %d: answers to queries %q, x/vt answers %q", seed, got, want)
	}
}

// TestShowsLooksAtChangedRows: a text counts once it is drawn, on a row that changed,
// not again until a row showing it changes; nothing inside a synchronized update shows
// before the update ends.
func TestShowsLooksAtChangedRows(t *testing.T) {
	t.Parallel()
	s := New(20, 5, nil)
	if s.Shows("Page 2") || s.Contains("Page 2") {
		t.Fatal("a blank screen shows a text")
	}
	_, _ = s.Write([]byte("\x1b[3;4H\x1b[1mPage 2\x1b[m of 3"))
	if !s.Shows("Page 2") {
		t.Fatalf("drawn, not shown:\n%s", s.String())
	}
	if s.Shows("Page 2") {
		t.Fatal("shown again with no change")
	}
	if !s.Contains("Page 2") {
		t.Fatal("Contains misses what is on the screen")
	}
	// Scrolled up by one inside a region: the row moved, so it changed.
	_, _ = s.Write([]byte("\x1b[2;4r\x1b[2H\x1b[1S\x1b[r"))
	if !s.Shows("Page 2") {
		t.Fatalf("scrolled text not seen:\n%s", s.String())
	}
	if got := strings.Split(s.String(), "\n")[1]; got != "   Page 2 of 3" {
		t.Fatalf("row 2 after the scroll is %q", got)
	}
	_, _ = s.Write([]byte("\x1b[?2026h\x1b[5HPage 3"))
	if s.Shows("Page 3") {
		t.Fatal("shown inside a synchronized update")
	}
	_, _ = s.Write([]byte("\x1b[?2026l"))
	if !s.Shows("Page 3") {
		t.Fatal("not shown after the synchronized update")
	}
}

// TestContainsIsTextContains: looking for a text in a row's cells finds what looking in
// the row's text finds, wide characters and all.
func TestContainsIsTextContains(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(4, 2))
	pieces := []string{"Page", " ", "2", "of", "日本", "Seite", "ä", "  ", "P"}
	for range 2000 {
		s := New(12, 1, nil)
		var line strings.Builder
		for range 1 + rnd.IntN(8) {
			line.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		_, _ = s.Write([]byte(line.String()))
		var want strings.Builder
		for range 1 + rnd.IntN(3) {
			want.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		w := strings.TrimRight(want.String(), " ")
		if w == "" {
			continue
		}
		text := s.String()
		if got := s.Contains(w); got != strings.Contains(text, w) {
			t.Fatalf("row %q, text %q: Contains(%q) = %v", line.String(), text, w, got)
		}
	}
}
