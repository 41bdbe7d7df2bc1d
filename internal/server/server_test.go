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
	srv := sshtest.Start(t)
	c := noPTY()
	c.Env = map[string]string{"LANG": "de_DE.UTF-8"}
	r := srv.Exec(t, c, "list")
	if !strings.Contains(r.Stdout, "Lektionen") {
		t.Errorf("German LANG did not give a German list:\n%s", r.Stdout)
	}
}

func TestHelpExitsZero(t *testing.T) {
	srv := sshtest.Start(t)
	r := srv.Exec(t, noPTY(), "help")
	if r.Code != 0 || !strings.Contains(r.Stdout, "lesson ID") || !strings.Contains(r.Stdout, "list") {
		t.Fatalf("help: exit %d\n%s", r.Code, r.Stdout)
	}
}

func TestUnknownCommandIsOneLineOnStderr(t *testing.T) {
	srv := sshtest.Start(t)
	for _, cmd := range []string{"rm -rf /", "\x1b[31mred", "lesson no-such-lesson", "lesson"} {
		r := srv.Exec(t, noPTY(), cmd)
		if r.Code != 1 {
			t.Errorf("%q: exit %d, want 1", cmd, r.Code)
		}
		if cmd != "lesson" && strings.Count(strings.TrimSpace(r.Stderr), "\n") != 0 {
			t.Errorf("%q: stderr is not one line: %q", cmd, r.Stderr)
		}
		if strings.Contains(r.Stderr, "\x1b") {
			t.Errorf("%q: stderr echoes an escape sequence: %q", cmd, r.Stderr)
		}
		if r.Stdout != "" {
			t.Errorf("%q: stdout %q, want nothing", cmd, r.Stdout)
		}
	}
}

func TestNoPTYShellExplainsHowToConnect(t *testing.T) {
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
	srv := sshtest.Start(t)
	r := srv.Exec(t, noPTY(), "lesson meanings")
	if r.Code != 1 || !strings.Contains(r.Stderr, "ssh -t") {
		t.Errorf("exit %d, stderr %q", r.Code, r.Stderr)
	}
}
