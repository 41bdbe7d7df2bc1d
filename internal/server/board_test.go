package server_test

import (
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// nameAfter reads the name on the line under label (a student's "You are" or the line
// saying how the teacher's screen names them), or "" when the screen has no such line.
func nameAfter(scr, label string) string {
	lines := strings.Split(scr, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == label && i+1 < len(lines) {
			return strings.TrimSpace(lines[i+1])
		}
	}
	return ""
}

// TestLeaderboardNamesStudentsInTeachersLanguage: the teacher's screen, projected for the
// class, names students in the teacher's language (English here). German students, on
// the teacher's replica and on another, see under their own name how the board names
// them, and after a reveal the teacher's leaderboard shows exactly those names; an
// English student sees no extra line. When the teacher switches to German, the board
// names everyone in German and it is the English student who is told their board name.
func TestLeaderboardNamesStudentsInTeachersLanguage(t *testing.T) {
	t.Parallel()
	const (
		enBoard = "On the leaderboard, you are"
		deBoard = "In der Bestenliste heißt du"
	)
	// k=3: the leaderboard shows for these three students (it waits for k in the room).
	_, w, srvA, srvB := twoReplicas(t, func(c *config.Config) { c.Anonymity.K = 3 })
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 60
	teacher, code, _ := openRoom(t, srvA, tc)
	de := sshtest.DefaultClient()
	de.W, de.H = 80, 60
	de.Env = map[string]string{"LANG": "de_DE.UTF-8"}
	en := sshtest.DefaultClient()
	en.W, en.H = 80, 60
	deA, deB := srvA.Open(t, de, "join "+code), srvB.Open(t, de, "join "+code)
	enA := srvA.Open(t, en, "join "+code)
	deNames := []string{nameAfter(deA.WaitFor("Du bist"), "Du bist"), nameAfter(deB.WaitFor("Du bist"), "Du bist")}
	enName := nameAfter(enA.WaitFor("You are"), "You are")
	teacher.WaitFor("3 joined")

	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("enter")
	teacher.WaitFor("Page 1 of")
	deA.WaitFor("Seite 1 von")
	deB.WaitFor("Seite 1 von")
	enA.WaitFor("Page 1 of")
	// Until the leaderboard is on, the teacher's language crossed no link, though the
	// page did (B's students show it).
	if m := w.holding(`"blang"`); m != "" {
		t.Errorf("with the leaderboard off, a message carries the board language:\n%s", m)
	}
	teacher.Press("b")
	teacher.WaitFor("Leaderboard on")
	teacher.Press("o")
	teacher.WaitFor("Open: students are answering.")
	var board []string
	for i, st := range []*sshtest.Term{deA, deB} {
		scr := st.WaitFor("Die Lehrkraft zeigt eine Bestenliste", deBoard)
		b := nameAfter(scr, deBoard)
		if b == "" || b == deNames[i] || strings.Contains(scr, enBoard) {
			t.Errorf("German student %d (%s) has board name %q:\n%s", i, deNames[i], b, scr)
		}
		board = append(board, b)
	}
	if scr := enA.WaitFor("The teacher shows a leaderboard"); strings.Contains(scr, enBoard) || strings.Contains(scr, deBoard) {
		t.Errorf("a student in the teacher's language is told their board name:\n%s", scr)
	}

	// After a reveal the board shows the names the German students were told.
	teacher.Press("right") // close
	teacher.WaitFor("Closed: no more answers.")
	teacher.Press("right") // reveal
	scr := teacher.WaitFor("Leaderboard", board[0], board[1], enName)
	for _, n := range deNames {
		if strings.Contains(scr, n) {
			t.Errorf("the English board shows the German name %q:\n%s", n, scr)
		}
	}
	deB.WaitFor("Du hast diese Frage nicht beantwortet.", deBoard, board[1])

	// The teacher switches to German: the board names the German students as they know
	// themselves, and the English student is told their German board name. No LANG value crosses NATS.
	teacher.Press("L")
	scr = enA.WaitFor(enBoard)
	enBoardName := nameAfter(scr, enBoard)
	if enBoardName == "" || enBoardName == enName {
		t.Errorf("the English student's board name is %q (own name %q):\n%s", enBoardName, enName, scr)
	}
	teacher.WaitFor("Bestenliste", deNames[0], deNames[1], enBoardName)

	// What crossed NATS is room events: a language code, never a LANG value.
	w.check(t, []string{"127.0.0.1", "de_DE", "UTF-8"}, func(*nats.Msg) bool { return false }, code)
}

// holding is the first message on the wire whose payload holds s, or "".
func (w *wire) holding(s string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, m := range w.msgs {
		if strings.Contains(string(m.Data), s) {
			return string(m.Data)
		}
	}
	return ""
}
