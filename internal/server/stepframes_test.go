package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// TestSharedStepScreens: students of one room with different window sizes, languages
// and looks share the drawing of the teacher's steps (row diffs per step, size and
// profile). After every step each student's screen is exactly what a student joining at
// that step sees (drawn fresh, from a blank screen), the title row with the pseudonym
// aside.
func TestSharedStepScreens(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, func(c *config.Config) {
		c.Limits.PerSourceConns = 0
		c.Limits.PerSourceRate = 0
		c.Limits.PerSourcePenalties = false
	})
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 40
	teacher, code, _ := openRoom(t, srv, tc)

	type kind struct {
		name   string
		w, h   int
		env    map[string]string
		youAre string
		page   string
	}
	kinds := []kind{
		{"en 80x24", 80, 24, nil, "You are", "Page %d of"},
		{"de 80x24", 80, 24, map[string]string{"LANG": "de_DE.UTF-8"}, "Du bist", "Seite %d von"},
		{"en 40x15", 40, 15, nil, "You are", "Page %d of"},
		{"en 80x24 no colour", 80, 24, map[string]string{"NO_COLOR": "1"}, "You are", "Page %d of"},
	}
	join := func(k kind) *sshtest.Term {
		c := sshtest.DefaultClient()
		c.W, c.H, c.Env = k.w, k.h, k.env
		return srv.Open(t, c, "join "+code)
	}
	students := make([][]*sshtest.Term, len(kinds))
	joined := 0
	for i, k := range kinds {
		for range 2 {
			tm := join(k)
			tm.WaitFor(k.youAre)
			students[i] = append(students[i], tm)
			joined++
		}
	}
	teacher.WaitFor(fmt.Sprintf("%d joined", joined))
	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("enter")

	for step, p := range []int{1, 2, 1, 2} {
		switch {
		case step == 0:
		case p == 2:
			teacher.Press("right")
		default:
			teacher.Press("left")
		}
		for i, k := range kinds {
			marker := fmt.Sprintf(k.page, p)
			fresh := join(k)
			want := belowTitle(fresh.WaitFor(marker))
			for _, st := range students[i] {
				st.WaitFor(marker)
				if got := screenBecomes(st, want); got != want {
					t.Errorf("step %d, %s: a student's screen\n%s\nwhile a student joining now sees\n%s", step, k.name, got, want)
				}
			}
			students[i] = append(students[i], fresh)
		}
	}
}

// belowTitle is a screen without its first row (the title bar with the pseudonym).
func belowTitle(scr string) string {
	_, rest, _ := strings.Cut(scr, "\n")
	return rest
}

// screenBecomes waits until tm's screen below the title is want, or the harness's
// timeout passes, and returns what it last was: a frame may still be arriving.
func screenBecomes(tm *sshtest.Term, want string) string {
	deadline := time.Now().Add(sshtest.Timeout)
	for {
		got := belowTitle(tm.Screen())
		if got == want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
}
