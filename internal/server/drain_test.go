package server_test

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tutord/internal/config"
	"tutord/internal/server"
	"tutord/internal/sshtest"
)

// TestDrainTellsSessionsAndLetsThemGoOn: on SIGTERM (the server's context ends) /readyz
// turns 503 and the listener closes at once; a running session sees that the server
// restarts, with the command holding its resume code, and goes on; a second SIGTERM
// (EndNow) ends it with the goodbye, the resume command again.
func TestDrainTellsSessionsAndLetsThemGoOn(t *testing.T) {
	t.Parallel()
	var s *server.Server
	srv := sshtest.StartWith(t, []server.Option{server.Capture(&s)}, withMetrics, func(c *config.Config) { c.DrainTimeout = time.Hour })
	tm := srv.Open(t, sshtest.DefaultClient(), "")
	tm.WaitFor("Start the course")
	stopped := make(chan struct{})
	go func() { srv.Stop(t); close(stopped) }()
	screen := tm.WaitFor("The server restarts in 1 h", "resume ")
	if code, _ := scrape(t, srv.MetricsAddr, "/readyz"); code != 503 {
		t.Errorf("/readyz while draining: %d, want 503", code)
	}
	deadline := time.Now().Add(sshtest.Timeout)
	for {
		c, err := net.DialTimeout("tcp", srv.Addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener is still open while draining")
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.Press("enter") // the learner carries on
	tm.WaitFor(firstOfAll, "The server restarts in")
	select {
	case <-stopped:
		t.Fatal("the server stopped before the drain timeout")
	default:
	}
	s.EndNow()
	out := tm.WaitFor("The server is shutting down", "To continue where you were")
	tm.Wait()
	<-stopped
	if !strings.Contains(screen, "ssh") {
		t.Errorf("the notice lacks the command:\n%s", screen)
	}
	_ = out
}

// TestDrainEndsAtTheDeadline: with a short drain timeout the session ends by itself, with
// the goodbye and its resume code.
func TestDrainEndsAtTheDeadline(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, func(c *config.Config) { c.DrainTimeout = 200 * time.Millisecond })
	tm := srv.Open(t, sshtest.DefaultClient(), "")
	tm.WaitFor("Start the course")
	go srv.Stop(t)
	tm.WaitFor("To continue where you were", "resume ")
	tm.Wait()
}

// TestReloadServesNewSessionsNewLessons: a reload adds the example lessons for sessions
// that start afterwards; a session running since before keeps its course and is not
// dropped; a lesson set with problems is refused and the new course stays.
func TestReloadServesNewSessionsNewLessons(t *testing.T) {
	t.Parallel()
	var s *server.Server
	srv := sshtest.StartWith(t, []server.Option{server.Capture(&s)})
	n := catalog(t).Len()
	old := srv.Open(t, sshtest.DefaultClient(), "")
	old.WaitFor(strconv.Itoa(n) + " lessons")
	if err := s.Reload(config.Site{Lessons: "../../docs/example-lessons", Title: "Reloaded course"}); err != nil {
		t.Fatal(err)
	}
	fresh := srv.Open(t, sshtest.DefaultClient(), "")
	fresh.WaitFor(strconv.Itoa(n+1)+" lessons", "Reloaded course")
	old.Resize(81, 24) // a redraw: the running session still has its course
	if scr := old.WaitFor(strconv.Itoa(n) + " lessons"); strings.Contains(scr, "Reloaded course") {
		t.Errorf("the running session changed its branding:\n%s", scr)
	}
	bad := t.TempDir()
	if err := os.MkdirAll(filepath.Join(bad, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "en", "x.md"), []byte("not a lesson"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(config.Site{Lessons: bad}); err == nil || !strings.Contains(err.Error(), "x.md") {
		t.Errorf("a broken lesson set: %v", err)
	}
	third := srv.Open(t, sshtest.DefaultClient(), "")
	third.WaitFor(strconv.Itoa(n+1)+" lessons", "Reloaded course")
	for _, tm := range []*sshtest.Term{old, fresh, third} {
		tm.Press("ctrl+c")
		tm.Wait()
	}
}

// TestDrainDeadlineEndsAClassWithEveryonesSummary: at the drain deadline the room ends,
// and the goodbye that replaces the closing screen still holds what the closing screen
// said: the student's own summary, the teacher's "the class has ended", and for both the
// resume code.
func TestDrainDeadlineEndsAClassWithEveryonesSummary(t *testing.T) {
	t.Parallel()
	var s *server.Server
	srv := sshtest.StartWith(t, []server.Option{server.Capture(&s)}, func(c *config.Config) { c.DrainTimeout = time.Hour })
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 60
	teacher, code, _ := openRoom(t, srv, tc)
	st := srv.Open(t, sshtest.DefaultClient(), "join "+code)
	st.WaitFor("Waiting for the teacher")
	teacher.WaitFor("1 joined")
	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("down", "enter") // lesson 2: its second question is a single choice
	st.WaitFor("Page 1 of")
	teacher.Press("o", "right", "right", "right") // open, close and reveal the first question; open the second
	teacher.WaitFor("Question 2 of", "Answered: 0 of 1")
	st.WaitFor("Question 2 of")
	st.Press("1")
	st.WaitFor("Answer sent.")
	teacher.WaitFor("Answered: 1 of 1")
	teacher.Press("right", "right") // close and reveal it
	teacher.WaitFor("Answer revealed.")
	// A class of one: the reveal shows the right answer, never the class's counts (k rule).
	st.WaitFor("(right answer)", "1 in the class answered.")

	stopped := make(chan struct{})
	go func() { srv.Stop(t); close(stopped) }()
	st.WaitFor("The server restarts in 1 h")
	teacher.WaitFor("The server restarts in 1 h")
	s.EndNow()
	bye := st.WaitFor("The class has ended", "You answered 1 of 2 questions", "To continue where you were")
	if !strings.Contains(bye, "resume ") {
		t.Errorf("the student's goodbye lacks the resume command:\n%s", bye)
	}
	teacher.WaitFor("The class has ended. The room and every answer in it are gone.", "To continue where you were")
	st.Wait()
	teacher.Wait()
	<-stopped
}
