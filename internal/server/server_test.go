package server_test

import (
	"strings"
	"testing"

	"tutord/internal/lessons"
	"tutord/internal/sshtest"
)

func catalog(t *testing.T) *lessons.Catalog {
	t.Helper()
	c, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func noPTY() sshtest.Client { return sshtest.Client{User: "learner"} }

func TestListPrintsEveryLessonWithoutPTY(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	r := srv.Exec(t, noPTY(), "list")
	if r.Code != 0 {
		t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
	}
	for _, l := range catalog(t).Lessons("en") {
		if !strings.Contains(r.Stdout, l.ID) || !strings.Contains(r.Stdout, l.Title) {
			t.Errorf("list lacks %s %q:\n%s", l.ID, l.Title, r.Stdout)
		}
	}
	if strings.Contains(r.Stdout, "\x1b") {
		t.Errorf("plain list contains escape sequences: %q", r.Stdout)
	}
}

func TestListFollowsLANG(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	c := noPTY()
	c.Env = map[string]string{"LANG": "de_DE.UTF-8"}
	r := srv.Exec(t, c, "list")
	if !strings.Contains(r.Stdout, "Lektionen") {
		t.Errorf("German LANG did not give a German list:\n%s", r.Stdout)
	}
}

func TestHelpExitsZero(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	r := srv.Exec(t, noPTY(), "help")
	if r.Code != 0 || !strings.Contains(r.Stdout, "lesson ID") || !strings.Contains(r.Stdout, "list") {
		t.Fatalf("help: exit %d\n%s", r.Code, r.Stdout)
	}
}

// A wrong command line says what was wrong in one line, in the learner's language, then
// shows the help; the reason is not the help's first line with a second "tutord:".
func TestWrongCommandLineSaysWhatWasWrongThenHelps(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	de := noPTY()
	de.Env = map[string]string{"LANG": "de_DE.UTF-8"}
	for _, tc := range []struct {
		c         sshtest.Client
		cmd, want string
	}{
		{noPTY(), "read 1 40", `tutord: "read" takes only one word after it`},
		{noPTY(), "lesson", `tutord: "lesson" needs one word after it: a lesson ID or number (list shows them)`},
		{noPTY(), "resume", `tutord: "resume" needs one word after it: your resume code`},
		{noPTY(), "help me", `tutord: "help" takes nothing after it`},
		{noPTY(), "bogus", `tutord: unknown command "bogus"`},
		{noPTY(), "rm -rf /", `tutord: unknown command "rm"`},
		{noPTY(), "\x1b[31mred", `tutord: unknown command "?[31mred"`},
		{de, "read 1 40", `tutord: nach "read" darf nur ein Wort stehen`},
		{de, "lesson", `tutord: nach "lesson" fehlt ein Wort: die ID oder Nummer einer Lektion (list zeigt sie)`},
		{de, "bogus", `tutord: unbekannter Befehl "bogus"`},
	} {
		r := srv.Exec(t, tc.c, tc.cmd)
		if r.Code != 1 || r.Stdout != "" {
			t.Errorf("%q: exit %d, stdout %q; want 1 and nothing", tc.cmd, r.Code, r.Stdout)
		}
		first, rest, _ := strings.Cut(r.Stderr, "\n")
		if first != tc.want {
			t.Errorf("%q: first line %q, want %q", tc.cmd, first, tc.want)
		}
		if !strings.Contains(rest, "lesson ID") {
			t.Errorf("%q: no help after the reason:\n%s", tc.cmd, r.Stderr)
		}
		if strings.Contains(r.Stderr, "tutord: tutord:") || strings.Contains(r.Stderr, "\x1b") {
			t.Errorf("%q: doubled prefix or an escape sequence:\n%q", tc.cmd, r.Stderr)
		}
	}
	// An unknown lesson is one line: the command was right, the lesson is not there.
	r := srv.Exec(t, noPTY(), "lesson no-such-lesson")
	if r.Code != 1 || strings.Count(strings.TrimSpace(r.Stderr), "\n") != 0 || !strings.Contains(r.Stderr, "no lesson with id") {
		t.Errorf("unknown lesson: exit %d, stderr %q", r.Code, r.Stderr)
	}
}

func TestNoPTYShellExplainsHowToConnect(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	r := srv.Exec(t, noPTY(), "")
	if r.Code != 0 {
		t.Fatalf("exit %d", r.Code)
	}
	if !strings.Contains(r.Stdout, "-t") || !strings.Contains(r.Stdout, "meanings") {
		t.Errorf("no-PTY message lacks the -t hint or the list:\n%s", r.Stdout)
	}
}

func TestLessonCommandNeedsPTY(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	r := srv.Exec(t, noPTY(), "lesson meanings")
	if r.Code != 1 || !strings.Contains(r.Stderr, "ssh -t") {
		t.Errorf("exit %d, stderr %q", r.Code, r.Stderr)
	}
}
