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
