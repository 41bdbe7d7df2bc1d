package server_test

import (
	"fmt"
	"strings"
	"testing"

	"tutord/internal/config"
	"tutord/internal/lessons"
	"tutord/internal/sshtest"
)

// checkAllLesson is the first lesson with a check-all-that-apply question, and its index.
func checkAllLesson(t *testing.T) (*lessons.Lesson, int) {
	t.Helper()
	for _, l := range catalog(t).Lessons("en") {
		for i, q := range l.Quiz.Questions {
			if q.Kind == lessons.CheckAll {
				return l, i
			}
		}
	}
	t.Fatal("no check-all-that-apply question in the course")
	return nil, 0
}

// lastApplying is the last option of q that applies.
func lastApplying(q *lessons.Question) int {
	last := -1
	for i, o := range q.Options {
		if o.Right {
			last = i
		}
	}
	return last
}

// TestCheckAllInTheApp answers a check-all-that-apply question over SSH: enter with
// nothing ticked asks for a tick, one option missing is wrong (and counted wrong), the
// retry keeps the ticks, and once right every option says whether it applies.
func TestCheckAllInTheApp(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	l, at := checkAllLesson(t)
	q := &l.Quiz.Questions[at]
	missing := lastApplying(q)
	tm := srv.Open(t, bigClient(), "lesson "+l.ID)
	tm.WaitFor(l.Title)
	tm.Press("enter")
	for i := range l.Quiz.Questions {
		tm.WaitFor("Question " + itoa(i+1) + " of")
		if i != at {
			tm.Press(rightKeys(&l.Quiz.Questions[i])...)
			tm.WaitFor("Right.")
			tm.Press("enter")
			continue
		}
		tm.WaitFor("Check all that apply.", "Space ticks or unticks", "space tick")
		tm.Press("enter")
		tm.WaitFor("Tick at least one option first.")
		// Tick every option that applies but the last: the cursor goes down, space ticks.
		for j, o := range q.Options {
			if o.Right && j != missing {
				tm.Press("space")
			}
			tm.Press("down")
		}
		tm.Press("enter")
		tm.WaitFor("Not right.", "Wrong for 1 of "+itoa(len(q.Options))+" options.", "try again")
		tm.Press("r")
		tm.WaitFor("Check all that apply.")
		tm.Press(itoa(missing + 1)) // a number ticks that option; the other ticks are kept
		tm.Press("enter")
		scr := flatten(tm.WaitFor("Right.", "applies"))
		for _, w := range []string{"[x] 1", "does not apply", firstWords(q.Options[0].Why)} {
			if !strings.Contains(scr, w) {
				t.Errorf("resolved question lacks %q:\n%s", w, scr)
			}
		}
		tm.Press("enter")
	}
	n := len(l.Quiz.Questions)
	scr := flatten(tm.WaitFor("You got "+itoa(n-1)+" of "+itoa(n)+" right", "Worth another look"))
	if !strings.Contains(scr, "applies: "+firstWords(q.Options[missing].Text)) {
		t.Errorf("the summary does not list what applies:\n%s", scr)
	}
}

// TestCheckAllLineModeOverSSH answers the same question with ssh HOST quiz ID: numbers on
// one line, a wrong first answer, each option explained.
func TestCheckAllLineModeOverSSH(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	l, at := checkAllLesson(t)
	q := &l.Quiz.Questions[at]
	missing := lastApplying(q)
	var lines []string
	for i := range l.Quiz.Questions {
		x := &l.Quiz.Questions[i]
		switch {
		case i == at:
			var nums []string
			for j, o := range q.Options {
				if o.Right && j != missing {
					nums = append(nums, itoa(j+1))
				}
			}
			lines = append(lines, strings.Join(nums, ","))
		case x.Kind == lessons.Classify:
			var bins []string
			for _, s := range x.Scenarios {
				bins = append(bins, itoa(s.Bin+1))
			}
			lines = append(lines, strings.Join(bins, " "))
		default:
			lines = append(lines, itoa(x.Right()+1))
		}
	}
	r := srv.ExecInput(t, noPTY(), "quiz "+l.ID, strings.Join(lines, "\n")+"\n")
	if r.Code != 0 || strings.Contains(r.Stdout, "\x1b") {
		t.Fatalf("exit %d, stderr %q\n%q", r.Code, r.Stderr, r.Stdout)
	}
	out := flatten(r.Stdout)
	n := len(l.Quiz.Questions)
	for _, w := range []string{
		"Check all that apply.", "Type the number of every option that applies",
		"Not right. Wrong for 1 of " + itoa(len(q.Options)) + " options.",
		q.Options[missing].Text + " (applies)", "(does not apply)", "(applies, your answer)",
		"You got " + itoa(n-1) + " of " + itoa(n) + " right", "applies: " + q.Options[missing].Text,
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, r.Stdout)
		}
	}
	for _, o := range q.Options {
		if !strings.Contains(out, firstWords(o.Why)) {
			t.Errorf("explanation %q not shown", firstWords(o.Why))
		}
	}
}

// TestCheckAllInAClassOverSSH: three students tick options of a check-all-that-apply
// question; the teacher sees the ticks per option and, revealed, how many got all of it
// right; each student sees their own verdict and whether each option applies.
func TestCheckAllInAClassOverSSH(t *testing.T) {
	t.Parallel()
	// A class of three: with k at three its counts per option are shown (the k rule).
	srv := sshtest.Start(t, func(c *config.Config) { c.Anonymity.K = 3 })
	cat := catalog(t)
	// The lesson whose check-all question comes earliest, to step to it quickly.
	li, at := -1, -1
	for i, l := range cat.Lessons("en") {
		for j, q := range l.Quiz.Questions {
			if q.Kind == lessons.CheckAll && (at < 0 || j < at) {
				li, at = i, j
			}
		}
	}
	if li < 0 {
		t.Fatal("no check-all-that-apply question in the course")
	}
	l := cat.At("en", li)
	q := &l.Quiz.Questions[at]
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 60
	teacher, code, _ := openRoom(t, srv, tc)
	students := make([]*sshtest.Term, 3)
	for i := range students {
		students[i] = srv.Open(t, bigClient(), "join "+code)
		students[i].WaitFor("Waiting for the teacher")
	}
	teacher.WaitFor("3 joined")
	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	for range li {
		teacher.Press("down")
	}
	teacher.Press("enter")
	teacher.WaitFor("Page 1 of")
	teacher.Press("o")
	for range at {
		teacher.Press("right", "right", "right") // close, reveal, open the next
	}
	teacher.WaitFor("Question "+itoa(at+1)+" of", "Answered: 0 of 3")

	// Student 0 ticks what applies, student 1 leaves one out, student 2 ticks everything.
	missing := lastApplying(q)
	ticks := make([]int, len(q.Options))
	for i, st := range students {
		st.WaitFor("Check all that apply.", firstWords(q.Prompt))
		for j, o := range q.Options {
			if i == 2 || o.Right && (i == 0 || j != missing) {
				st.Press(itoa(j + 1))
				ticks[j]++
			}
		}
		st.Press("enter")
		st.WaitFor("Answer sent.")
	}
	teacher.WaitFor("Answered: 3 of 3")
	teacher.Press("right")
	scr := teacher.WaitFor("Closed: no more answers.")
	if got := barCounts(scr); fmt.Sprint(got) != fmt.Sprint(ticks) {
		t.Errorf("ticks on the teacher's screen: %v, want %v\n%s", got, ticks, scr)
	}
	teacher.Press("right")
	teacher.WaitFor("Right: 1 of 3", "(applies)")
	for i, st := range students {
		verdict := "Not right."
		if i == 0 {
			verdict = "Right."
		}
		scr := flatten(st.WaitFor(verdict, "The class's answers:"))
		if !strings.Contains(scr, "does not apply") || !strings.Contains(scr, firstWords(q.Options[0].Why)) {
			t.Errorf("student %d after the reveal:\n%s", i, scr)
		}
	}
}
