package server_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"tutord/internal/lessons"
	"tutord/internal/sshtest"
)

// escapes finds every escape sequence: CSI, OSC/DCS/APC strings, and two-byte ESC codes.
var escapes = regexp.MustCompile("\x1b(\\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|[\\]P_^X][^\x07\x1b]*(\x07|\x1b\\\\)?|[\x20-\x2f]*[\x30-\x7e])")

// drawing is what a plain full-screen session must send: cursor moves, erasing, inserting
// and deleting characters and lines, insert mode, the alternate screen and the cursor's
// visibility. No colour, no titles, no queries, no keyboard protocols.
var drawing = regexp.MustCompile("^\x1b(\\[[0-9;]*[@ABCDEFGHJKLMPSTXZ`abdefgr]|\\[4[hl]|\\[\\?(25|1049|1047|47|7)[hl]|[78DEM])$")

func checkPlainOutput(t *testing.T, what string, raw []byte) {
	t.Helper()
	bad := map[string]int{}
	for _, seq := range escapes.FindAllString(string(raw), -1) {
		if !drawing.MatchString(seq) {
			bad[fmt.Sprintf("%q", seq)]++
		}
	}
	if len(bad) > 0 {
		t.Errorf("%s: plain output has sequences beyond drawing the screen: %v", what, bad)
	}
}

// TestPlainModeSendsOnlyWhatItMust walks through every screen in each way plain mode is
// chosen and checks every escape sequence the server sent.
func TestPlainModeSendsOnlyWhatItMust(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	l := catalog(t).At("en", 0)
	for _, v := range []struct {
		name, term, cmd string
		env             map[string]string
	}{
		{"TERM=dumb", "dumb", "", nil},
		{"NO_COLOR", "xterm-256color", "", map[string]string{"NO_COLOR": "1"}},
		{"plain command", "xterm-256color", "plain", nil},
	} {
		t.Run(v.name, func(t *testing.T) {
			c := sshtest.DefaultClient()
			c.Term, c.Env = v.term, v.env
			tm := srv.Open(t, c, v.cmd)
			tm.WaitFor("> Start the course", "up/down move")
			tm.Press("?")
			tm.WaitFor("plain text on/off")
			tm.Press("x", "down", "enter")
			tm.WaitFor("[ ] 1", "quizzes passed")
			tm.Press("enter")
			tm.WaitFor("1/"+itoa(catalog(t).Len()), "(more below)")
			tm.Press("end", "enter")
			q := &l.Quiz.Questions[0]
			tm.WaitFor("Question 1 of")
			if q.Kind != lessons.Classify {
				tm.Press(answerKeys(wrongOption(q))...)
				tm.WaitFor("[wrong]")
			}
			scr := tm.Screen()
			if strings.ContainsAny(scr, "›○◐●✓✗↑↓←→…·█░─│┌") {
				t.Errorf("plain screen has non-ASCII symbols:\n%s", scr)
			}
			tm.Press("q")
			tm.Wait()
			checkPlainOutput(t, v.name, tm.Raw())
		})
	}
}

// TestPlainKeyTogglesAtAnyTime: p turns plain mode on in a colour session and off again.
func TestPlainKeyTogglesAtAnyTime(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	c := sshtest.DefaultClient()
	c.Env = map[string]string{"COLORTERM": "truecolor"}
	tm := srv.Open(t, c, "lesson 2")
	tm.WaitFor("2/"+itoa(catalog(t).Len()), "↑↓ scroll")
	tm.Press("p")
	tm.WaitFor("up/down scroll")
	before := len(tm.Raw())
	tm.Press("down", "down", "esc")
	tm.WaitFor("[-] 2")
	if strings.ContainsAny(tm.Screen(), "›○◐●↑↓…") {
		t.Errorf("after p the screen still has symbols:\n%s", tm.Screen())
	}
	after := tm.Raw()[before:]
	for _, seq := range escapes.FindAllString(string(after), -1) {
		if strings.HasSuffix(seq, "m") && seq != "\x1b[m" && seq != "\x1b[0m" {
			t.Errorf("colour or style after plain mode was turned on: %q", seq)
			break
		}
	}
	tm.Press("p")
	tm.WaitFor("◐ 2")
	if !strings.Contains(string(tm.Raw()[len(tm.Raw())-2000:]), "\x1b[") {
		t.Errorf("no styling after plain mode was turned off")
	}
	tm.Press("ctrl+c")
	tm.Wait()
}

func TestReadPrintsALessonAsPlainText(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	for _, v := range []struct {
		arg, lang string
		idx       int
	}{{"meanings", "en", 0}, {"3", "en", 2}, {"terms", "de", 1}} {
		c := noPTY()
		if v.lang == "de" {
			c.Env = map[string]string{"LANG": "de_DE.UTF-8"}
		}
		r := srv.Exec(t, c, "read "+v.arg)
		l := catalog(t).At(v.lang, v.idx)
		if r.Code != 0 || r.Stderr != "" {
			t.Fatalf("read %s: exit %d, stderr %q", v.arg, r.Code, r.Stderr)
		}
		for _, want := range []string{"# " + l.Title, l.Sources[0][:20], "quiz " + l.ID} {
			if !strings.Contains(r.Stdout, want) {
				t.Errorf("read %s (%s) lacks %q", v.arg, v.lang, want)
			}
		}
		for i, ch := range r.Stdout {
			if ch != '\n' && ch < 0x20 || ch == 0x7f {
				t.Fatalf("read %s: control character %U at %d", v.arg, ch, i)
			}
		}
	}
	r := srv.Exec(t, noPTY(), "read nothing-here")
	if r.Code != 1 || strings.Count(strings.TrimSpace(r.Stderr), "\n") != 0 || r.Stdout != "" {
		t.Errorf("unknown lesson: exit %d, stderr %q, stdout %q", r.Code, r.Stderr, r.Stdout)
	}
}

// TestQuizLineByLine answers a quiz over SSH without a terminal, as a script or a screen
// reader user would: numbers on lines, explanations after each answer, a score at the end.
func TestQuizLineByLine(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	l := catalog(t).At("en", 1)
	var lines []string
	for i, q := range l.Quiz.Questions {
		switch {
		case q.Kind == lessons.Classify && i == 0:
			// One line per case, the first one wrong.
			for j, s := range q.Scenarios {
				b := s.Bin
				if j == 0 {
					b = (b + 1) % len(q.Bins)
				}
				lines = append(lines, itoa(b+1))
			}
		case q.Kind == lessons.Classify:
			var bins []string
			for _, s := range q.Scenarios {
				bins = append(bins, itoa(s.Bin+1))
			}
			lines = append(lines, strings.Join(bins, " "))
		default:
			lines = append(lines, "nine", itoa(q.Right()+1))
		}
	}
	r := srv.ExecInput(t, noPTY(), "quiz "+l.ID, strings.Join(lines, "\n")+"\n")
	if r.Code != 0 {
		t.Fatalf("exit %d, stderr %q\n%s", r.Code, r.Stderr, r.Stdout)
	}
	if strings.Contains(r.Stdout, "\x1b") {
		t.Errorf("line quiz output has escape sequences")
	}
	out := flatten(r.Stdout)
	n := len(l.Quiz.Questions)
	for _, want := range []string{"Quiz: " + l.Title, "Question 1 of " + itoa(n), "right answer", "Right.", "Goodbye."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.Stdout)
		}
	}
	for _, q := range l.Quiz.Questions {
		for _, o := range q.Options {
			if !strings.Contains(out, firstWords(o.Why)) {
				t.Errorf("explanation %q not shown", firstWords(o.Why))
			}
		}
	}
	if l.Quiz.Questions[0].Kind == lessons.Classify {
		if !strings.Contains(out, "Wrong bin for 1 of "+itoa(len(l.Quiz.Questions[0].Scenarios))+" cases") ||
			!strings.Contains(out, "You got "+itoa(n-1)+" of "+itoa(n)+" right") {
			t.Errorf("the wrong first answer is not scored:\n%s", r.Stdout)
		}
	}

	// The input ends early: a clear line, and exit status 1 for scripts.
	r = srv.ExecInput(t, noPTY(), "quiz "+l.ID, "")
	if r.Code != 1 || !strings.Contains(r.Stdout, "The input ended after 0 of") {
		t.Errorf("empty input: exit %d\n%s", r.Code, r.Stdout)
	}
	// German, by LANG.
	c := noPTY()
	c.Env = map[string]string{"LANG": "de_DE.UTF-8"}
	r = srv.ExecInput(t, c, "quiz 1", "q\n")
	if r.Code != 0 || !strings.Contains(r.Stdout, "Frage 1 von") || !strings.Contains(r.Stdout, "Quiz nach 0 von") {
		t.Errorf("German quiz: exit %d\n%s", r.Code, r.Stdout)
	}
}

// TestQuizOverATerminal: with ssh -t the server echoes and edits the line itself.
func TestQuizOverATerminal(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	l := catalog(t).At("en", 0)
	tm := srv.Open(t, sshtest.DefaultClient(), "quiz "+l.ID)
	tm.WaitFor("Question 1 of", ":")
	tm.Press("9", "9", "backspace", "enter")
	tm.WaitFor("Please type a number")
	tm.Press("q", "enter")
	tm.WaitFor("Quiz stopped after 0 of")
	if code := tm.Wait(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

func TestHelpAndNoPTYMentionTheLineModes(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	r := srv.Exec(t, noPTY(), "help")
	for _, w := range []string{"-t plain", "read ID", "quiz ID"} {
		if !strings.Contains(r.Stdout, w) {
			t.Errorf("help lacks %q:\n%s", w, r.Stdout)
		}
	}
	r = srv.Exec(t, noPTY(), "")
	if !strings.Contains(r.Stdout, "read meanings") || !strings.Contains(r.Stdout, "quiz meanings") {
		t.Errorf("no-PTY text lacks the read/quiz hint:\n%s", r.Stdout)
	}
	r = srv.Exec(t, noPTY(), "plain")
	if r.Code != 1 || !strings.Contains(r.Stderr, "ssh -t") {
		t.Errorf("plain without a terminal: exit %d, stderr %q", r.Code, r.Stderr)
	}
}

// TestShutdownEndsALineQuiz: a quiz waiting for input is told goodbye on SIGTERM instead
// of holding the shutdown until its timeout.
func TestShutdownEndsALineQuiz(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	conn := srv.Dial(t, noPTY())
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	out := &sshtest.Buffer{}
	sess.Stdout = out
	stdin, err := sess.StdinPipe() // held open: the quiz waits for an answer
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if err := sess.Start("quiz 1"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(sshtest.Timeout)
	for !strings.Contains(out.String(), "Your answer") && !strings.Contains(out.String(), "Case A") {
		if time.Now().After(deadline) {
			t.Fatalf("no prompt: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	stopped := make(chan struct{})
	go func() { srv.Stop(t); close(stopped) }()
	_ = sess.Wait()
	_ = conn.Close() // as ssh does when its session ends
	<-stopped
	if !strings.Contains(out.String(), "The server is shutting down.") {
		t.Errorf("no goodbye on shutdown:\n%s", out.String())
	}
	if d := time.Since(start); d > srv.Cfg.ShutdownTimeout {
		t.Errorf("shutdown waited %v for the quiz, the whole timeout", d)
	}
}
