package server_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// TestShutdownReachesOpenSessions: a server shutdown is a message sent into every
// running session from outside; each shows its goodbye and ends.
func TestShutdownReachesOpenSessions(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	var terms []*sshtest.Term
	for range 3 {
		tm := srv.Open(t, sshtest.DefaultClient(), "")
		tm.WaitFor("Start the course")
		terms = append(terms, tm)
	}
	terms[1].Press("enter") // one is reading a lesson
	terms[1].WaitFor("part 1 of")
	srv.Stop(t)
	for _, tm := range terms {
		tm.WaitForRaw("The server is shutting down.")
		tm.Wait()
	}
}

// TestAbsurdStartSizeIsSafe: a client may claim any window in its PTY request; the
// screen the server draws stays bounded and the session works once the size is sane.
// (sshtest.Open would size its own emulator to the claim, so this dials by hand.)
func TestAbsurdStartSizeIsSafe(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	conn := srv.Dial(t, sshtest.DefaultClient())
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 100000, 100000, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	out := &sshtest.Buffer{}
	sess.Stdout = out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	waitFor := func(text string, after int) {
		t.Helper()
		deadline := time.Now().Add(sshtest.Timeout)
		for !strings.Contains(out.String()[after:], text) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q; got %d bytes", text, len(out.Bytes()))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("Start the course", 0) // drawn on a screen bounded to 400x200
	n := len(out.Bytes())
	if err := sess.WindowChange(24, 80); err != nil {
		t.Fatal(err)
	}
	waitFor("Start the course", n)
	_, _ = io.WriteString(stdin, "\x03")
	if err := sess.Wait(); err != nil {
		t.Fatalf("session: %v", err)
	}
}

// TestPprofServesProfilesOnLoopback: the profiling listener answers, and logs only its
// own address.
func TestPprofServesProfilesOnLoopback(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, func(c *config.Config) { c.Perf.PprofListen = "127.0.0.1:0" })
	m := regexp.MustCompile(`serving Go profiles addr=(\S+)`).FindStringSubmatch(srv.Log.String())
	if m == nil {
		t.Fatalf("no pprof address in the log:\n%s", srv.Log)
	}
	cl := &http.Client{Timeout: 5 * time.Second}
	resp, err := cl.Get("http://" + m[1] + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "goroutine profile: total") {
		t.Fatalf("unexpected goroutine profile: %.200s", body)
	}
}
