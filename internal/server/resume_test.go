package server_test

import (
	"net"
	"regexp"
	"strings"
	"testing"

	"tutord/internal/lessons"
	"tutord/internal/resume"
	"tutord/internal/sshtest"
)

var codeOnScreen = regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{1,4})+\b`)

func bigClient() sshtest.Client {
	c := sshtest.DefaultClient()
	c.W, c.H = 100, 40
	return c
}

// shownCode presses c and reads the resume code off the screen.
func shownCode(t *testing.T, tm *sshtest.Term) string {
	t.Helper()
	tm.Press("c")
	scr := tm.WaitFor("Your resume code", "You hold the only copy")
	code := codeOnScreen.FindString(scr)
	if code == "" {
		t.Fatalf("no code on screen:\n%s", scr)
	}
	return code
}

// TestResumeCodeCarriesProgressToANewSession passes a quiz, takes the code to a new
// connection, and finds the progress there and the same code again.
func TestResumeCodeCarriesProgressToANewSession(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	c := bigClient()
	cat := catalog(t)
	l := cat.At("en", 1)
	tm := srv.Open(t, c, "lesson "+l.ID)
	tm.WaitFor(l.Title)
	tm.Press("enter")
	for i, q := range l.Quiz.Questions {
		tm.WaitFor("Question " + itoa(i+1) + " of")
		if q.Kind == lessons.Classify {
			for _, s := range q.Scenarios {
				tm.Press(itoa(s.Bin + 1))
			}
			tm.Press("enter")
		} else {
			tm.Press(answerKeys(q.Right())...)
		}
		tm.WaitFor("Right.")
		tm.Press("enter")
	}
	tm.WaitFor("Passed.")
	code := shownCode(t, tm)
	tm.Press("esc")
	tm.WaitFor("Passed.") // back where the learner was
	tm.Press("ctrl+c")
	tm.Wait()

	n, q := itoa(cat.Len()), itoa(cat.Questions())
	right := itoa(len(l.Quiz.Questions))
	tm = srv.Open(t, c, "resume "+code)
	tm.WaitFor("Progress restored.", "1 of "+n+" lessons read, 1 of "+n+" quizzes passed, "+right+" of "+q+" answers")
	tm.Press("down", "enter") // choose a lesson
	tm.WaitFor("Lessons", "1 of "+n+" read, 1 of "+n+" quizzes passed")
	if again := shownCode(t, tm); again != code {
		t.Errorf("restored progress gives code %s, the first session gave %s", again, code)
	}
}

// TestResumeCodesRoundTripThroughTheApp restores codes for several states of the course
// and reads back the same code from the app.
func TestResumeCodesRoundTripThroughTheApp(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	cat := catalog(t)
	k := resume.New(cat)
	ids := cat.IDs()
	read := lessons.Progress{}
	read.MarkRead(ids[len(ids)-1])
	mixed := lessons.Progress{}
	all := lessons.Progress{}
	for i, l := range cat.Lessons("en") {
		res := make([]bool, len(l.Quiz.Questions))
		for q := range res {
			res[q] = true
		}
		all.MarkRead(l.ID)
		all.RecordQuiz(l.ID, res)
		switch i % 3 {
		case 1:
			mixed.MarkRead(l.ID)
		case 2:
			mixed.MarkRead(l.ID)
			res[0] = false
			res[len(res)-1] = false
			mixed.RecordQuiz(l.ID, res)
		}
	}
	for name, p := range map[string]lessons.Progress{"last lesson read": read, "mixed": mixed, "everything right": all} {
		code := k.Encode(p)
		tm := srv.Open(t, bigClient(), "resume "+strings.ToLower(code))
		tm.WaitFor("Progress restored.")
		if got := shownCode(t, tm); got != code {
			t.Errorf("%s: restored %s, the app shows %s", name, code, got)
		}
		tm.Press("ctrl+c")
		tm.Wait()
	}
}

// TestWelcomeScreenTakesACode types into the code input: q, c and L are letters there,
// pasting works, esc leaves and ctrl+c still quits.
func TestWelcomeScreenTakesACode(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	cat := catalog(t)
	p := lessons.Progress{}
	p.MarkRead(cat.IDs()[2])
	code := resume.New(cat).Encode(p)

	tm := srv.Open(t, bigClient(), "")
	tm.WaitFor("Enter a resume code")
	tm.Press("down", "down", "down", "enter")
	tm.WaitFor("Type or paste the code", "ctrl+c quit")
	tm.Press("q", "c", "L", "?", "enter")
	tm.WaitFor("QCL?", "Character 4", "is not used in codes")
	tm.Press("ctrl+u")
	tm.Write([]byte("\x1b[200~" + code + "\x1b[201~")) // a bracketed paste
	tm.WaitFor(code)
	tm.Press("enter")
	tm.WaitFor("Progress restored.", "1 of "+itoa(cat.Len())+" lessons read")
	tm.Press("esc")
	tm.WaitFor("Continue", "› Enter a resume code") // the welcome screen, now with progress
	tm.Press("enter")
	tm.WaitFor("Type or paste the code")
	tm.Press("esc")
	tm.WaitFor("Continue", "› Enter a resume code")
	tm.Press("enter", "x")
	tm.WaitFor("› X")
	tm.Press("ctrl+c")
	if code := tm.Wait(); code != 0 {
		t.Errorf("ctrl+c from the input: exit %d", code)
	}
}

// TestBadResumeCodesSayWhy connects with codes that must not restore anything.
func TestBadResumeCodesSayWhy(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	cat := catalog(t)
	p := lessons.Progress{}
	p.MarkRead(cat.IDs()[0])
	p.RecordQuiz(cat.IDs()[0], []bool{true, true, true, false, true})
	good := resume.New(cat).Encode(p)
	// One character changed.
	i := strings.IndexFunc(good[3:], func(r rune) bool { return r != '-' }) + 3
	swap := byte('7')
	if good[i] == swap {
		swap = '8'
	}
	typo := good[:i] + string(swap) + good[i+1:]
	// A code from a server whose course has other lessons.
	set, _ := lessons.Load(lessons.BuiltinFS(), ".")
	for lang := range set {
		delete(set[lang], cat.IDs()[0])
	}
	foreign := resume.New(lessons.NewCatalog(set)).Encode(lessons.Progress{cat.IDs()[1]: {Status: lessons.Read}})

	for _, tc := range []struct{ code, want string }{
		{typo, "has a typo"},
		{foreign, "different set of lessons"},
		{"hello!", "is not used in codes"},
		{"AB", "too short"},
	} {
		tm := srv.Open(t, bigClient(), "resume "+tc.code)
		scr := tm.WaitFor("The code you connected with was not restored.", tc.want)
		if strings.Contains(scr, "Progress restored") {
			t.Errorf("%s was restored", tc.code)
		}
		tm.Press("ctrl+c")
		tm.Wait()
	}
	r := srv.Exec(t, noPTY(), "resume "+good)
	if r.Code != 1 || !strings.Contains(r.Stderr, "ssh -t") {
		t.Errorf("resume without a terminal: exit %d, stderr %q", r.Code, r.Stderr)
	}
}

// TestShownCommandsCarryTheBoundPort runs on -listen 127.0.0.1:0 with no port in
// -hostname: the start-up log and the resume code page show the port the server is
// really on, never "-p 0" (the hint used to come from the configured port).
func TestShownCommandsCarryTheBoundPort(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	_, port, err := net.SplitHostPort(srv.Addr)
	if err != nil || port == "0" {
		t.Fatalf("server address %q: %v", srv.Addr, err)
	}
	want := "ssh -p " + port + " localhost"
	if log := srv.Log.String(); !strings.Contains(log, `connect="`+want+`"`) || strings.Contains(log, "-p 0 ") {
		t.Errorf("start-up log does not say %q:\n%s", want, log)
	}
	l := catalog(t).At("en", 1)
	tm := srv.Open(t, bigClient(), "lesson "+l.ID)
	tm.WaitFor(l.Title)
	code := shownCode(t, tm)
	scr := tm.WaitFor("ssh -t -p " + port + " localhost resume " + code)
	if strings.Contains(scr, "-p 0 ") {
		t.Errorf("resume code page shows port 0:\n%s", scr)
	}
}
