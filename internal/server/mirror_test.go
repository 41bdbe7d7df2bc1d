package server_test

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/sshtest"
)

func keys(t *testing.T, n int) []gossh.Signer {
	ks := make([]gossh.Signer, n)
	for i := range ks {
		ks[i] = sshtest.NewKey(t)
	}
	return ks
}

func fingerprints(ks []gossh.Signer) []string {
	fps := make([]string, len(ks))
	for i, k := range ks {
		fps[i] = gossh.FingerprintSHA256(k.PublicKey())
	}
	return fps
}

// TestWhoamiShowsExactlyTheOfferedKeys connects with 0, 1 and 10 keys: the plain-text
// report lists exactly those fingerprints, in the order offered, and the client still
// gets in after every key was refused.
func TestWhoamiShowsExactlyTheOfferedKeys(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	for _, n := range []int{0, 1, 10} {
		c := noPTY()
		c.Keys = keys(t, n)
		r := srv.Exec(t, c, "whoami")
		if r.Code != 0 {
			t.Fatalf("%d keys: exit %d, stderr %q", n, r.Code, r.Stderr)
		}
		got := regexp.MustCompile(`SHA256:[A-Za-z0-9+/]{43}`).FindAllString(r.Stdout, -1)
		if want := fingerprints(c.Keys); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%d keys: report shows %v, want %v\n%s", n, got, want, r.Stdout)
		}
		if n == 0 && !strings.Contains(r.Stdout, "offered no public keys") {
			t.Errorf("no keys: report does not say so:\n%s", r.Stdout)
		}
		if strings.Contains(r.Stdout, "\x1b") {
			t.Errorf("plain report contains escape sequences")
		}
	}
}

// TestMirrorInTheAppShowsTheConnection opens `ssh -t HOST whoami` with ten keys, a client
// version and an env value, and finds them all on screen.
func TestMirrorInTheAppShowsTheConnection(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	c := sshtest.DefaultClient()
	c.W, c.H = 120, 100 // tall enough for the whole panel
	c.Keys = keys(t, 10)
	c.Version = "SSH-2.0-MirrorProbe_7.1q"
	c.Env = map[string]string{"LC_PROBE": "mirror-value-5521"}
	tm := srv.Open(t, c, "whoami")
	want := append(fingerprints(c.Keys), "What your connection told this server", "SSH-2.0-MirrorProbe_7.1q",
		"LC_PROBE=mirror-value-5521", "xterm-256color, 120x100", "learner", "env -u LC_PROBE ssh")
	scr := tm.WaitFor(want...)
	for i, fp := range fingerprints(c.Keys) {
		if !strings.Contains(scr, fmt.Sprintf("%d. ssh-ed25519 %s", i+1, fp)) {
			t.Errorf("key %d not listed in order as %s", i+1, fp)
		}
	}
	// The window size is live: resizing shows the new size.
	tm.Resize(110, 90)
	tm.WaitFor("xterm-256color, 110x90")
	tm.Press("q")
	tm.Wait()
}

// TestMirrorIsAlsoALessonInTheCourse finds the panel in the lesson menu's last lesson.
func TestMirrorIsAlsoALessonInTheCourse(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	c := sshtest.DefaultClient()
	c.User = "course-reader"
	tm := srv.Open(t, c, "lesson mirror")
	tm.WaitFor("What this server sees about you", "What your connection told this server")
	tm.Press("space")
	tm.WaitFor("course-reader")
}

// TestMirrorShowsOddBytesAsText sends a user name and env value with terminal escape
// sequences: the mirror shows them as text and never passes them to the terminal.
func TestMirrorShowsOddBytesAsText(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	c := sshtest.DefaultClient()
	c.W, c.H = 120, 60
	c.User = "evil\x1b[31mred"
	c.Env = map[string]string{"LC_EVIL": "\x1b]0;PWNED\x07\u202etxt"}
	tm := srv.Open(t, c, "whoami")
	tm.WaitFor(`evil\x1b[31mred`, `LC_EVIL=\x1b]0;PWNED\a\u202etxt`)
	if raw := string(tm.Raw()); strings.Contains(raw, "\x1b]0;PWNED") || strings.Contains(raw, "evil\x1b[31m") || strings.Contains(raw, "\u202e") {
		t.Errorf("a client-sent escape sequence reached the terminal")
	}
	tm.Press("ctrl+c")
	tm.Wait()

	r := srv.Exec(t, sshtest.Client{User: c.User, Env: c.Env}, "whoami")
	if strings.ContainsAny(r.Stdout, "\x1b\x07\u202e") {
		t.Errorf("plain report passes control characters: %q", r.Stdout)
	}
}

// TestNothingOfTheMirrorIsKept connects with distinctive values, looks at the mirror with
// and without a terminal, and then searches everything the server logged or wrote.
func TestNothingOfTheMirrorIsKept(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // a temporary file the server made would land here
	srv := sshtest.Start(t)
	c := sshtest.DefaultClient()
	c.User = "kept-nowhere-user"
	c.Version = "SSH-2.0-KeptNowhere_3.9z"
	c.Keys = keys(t, 3)
	c.Env = map[string]string{"LANG": "de_AT.UTF-8", "LC_SECRET": "kept-nowhere-value"}
	c.Term = "xterm-kept-nowhere"
	c.W, c.H = 120, 80

	conn := srv.Dial(t, c)
	tm := sshtest.OpenOn(t, conn, c, "whoami")
	tm.WaitFor("kept-nowhere-user", "SSH-2.0-KeptNowhere_3.9z", "xterm-kept-nowhere")
	tm.Press("q")
	tm.Wait()
	plain := c
	plain.Term = ""
	r := sshtest.ExecOn(t, conn, plain, "whoami")
	if !strings.Contains(r.Stdout, "LC_SECRET=kept-nowhere-value") {
		t.Fatalf("the report lacks the env value:\n%s", r.Stdout)
	}
	local := conn.LocalAddr().String()
	_, port, _ := net.SplitHostPort(local)
	_ = conn.Close()
	waitForLog(t, srv, "session end", 2)

	needles := append(fingerprints(c.Keys), c.User, c.Version, "KeptNowhere", "de_AT", "kept-nowhere-value",
		"xterm-kept-nowhere", local)
	for _, fp := range fingerprints(c.Keys) {
		needles = append(needles, strings.TrimPrefix(fp, "SHA256:"))
	}
	if leaks := srv.Leaks(needles, tmp); len(leaks) > 0 {
		t.Errorf("the server kept what the connection revealed:\n%s\nlog:\n%s", strings.Join(leaks, "\n"), srv.Log)
	}
	if regexp.MustCompile(`\b` + port + `\b`).MatchString(srv.Log.String()) {
		t.Errorf("the client's source port %s is in the log:\n%s", port, srv.Log)
	}
	if _, err := strconv.Atoi(port); err != nil {
		t.Fatalf("port %q", port)
	}
}

// waitForLog waits until the log holds n lines with event: the server logs a session's end
// just after the client has seen it end.
func waitForLog(t *testing.T, srv *sshtest.Server, event string, n int) {
	t.Helper()
	deadline := time.Now().Add(sshtest.Timeout)
	for strings.Count(srv.Log.String(), event) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the log never had %d %q lines:\n%s", n, event, srv.Log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
