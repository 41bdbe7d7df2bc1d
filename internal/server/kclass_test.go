package server_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// TestClassCountsFollowTheKRule: in a class smaller than k, a revealed question shows
// the right answer and how many answered, but no count per answer on any screen (a student
// who knows their own answer would learn the others'), and no leaderboard; once k students
// answer, the counts, the share right and the leaderboard are there.
func TestClassCountsFollowTheKRule(t *testing.T) {
	t.Parallel()
	const k = 3
	srv := sshtest.Start(t, func(c *config.Config) { c.Anonymity.K = k })
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 60
	teacher, code, _ := openRoom(t, srv, tc)
	base := catalog(t).At("en", 1) // lesson 2: a classification, then single choices
	cls, single := &base.Quiz.Questions[0], &base.Quiz.Questions[1]
	few := fmt.Sprintf("Fewer than %d answered: too few to show the counts per answer.", k)
	// While a question is open the teacher sees how many answered, never what, whatever k.
	const openNote = "The counts per answer show when you close the question"

	students := make([]*sshtest.Term, 2, 3)
	for i := range students {
		students[i] = srv.Open(t, bigClient(), "join "+code)
		students[i].WaitFor("Waiting for the teacher")
	}
	teacher.WaitFor("2 joined")
	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("down", "enter")
	teacher.WaitFor("Page 1 of")
	teacher.Press("b") // the leaderboard on
	teacher.WaitFor("Leaderboard on")

	// The classification, sorted right by both: no count per bin, no share right.
	teacher.Press("o")
	teacher.WaitFor("Question 1 of", "Answered: 0 of 2")
	each(students, func(_ int, st *sshtest.Term) {
		st.WaitFor("Question 1 of", firstWords(cls.Prompt))
		for _, s := range cls.Scenarios {
			st.Press(strconv.Itoa(s.Bin + 1))
		}
		st.Press("enter")
		st.WaitFor("Answer sent.")
	})
	scr := teacher.WaitFor("Answered: 2 of 2", openNote, "Next: close")
	if got := binCounts(scr); len(got) > 0 {
		t.Errorf("the teacher sees counts per bin from two students: %v\n%s", got, scr)
	}
	teacher.Press("right", "right")
	scr = teacher.WaitFor("Answer revealed.", "Answers: 2", few, "Next: question 2")
	if got := binCounts(scr); len(got) > 0 || strings.Contains(scr, "Right:") || strings.Contains(scr, "% right") {
		t.Errorf("the revealed classification shows the class's counts below k:\n%s", scr)
	}
	if !strings.Contains(scr, fmt.Sprintf("[%d] %s", cls.Scenarios[0].Bin+1, cls.Bins[cls.Scenarios[0].Bin])) {
		t.Errorf("the revealed classification does not mark the right bin:\n%s", scr)
	}
	if strings.Contains(scr, "  1. ") || !strings.Contains(flatten(scr), "Too few for the leaderboard") {
		t.Errorf("the leaderboard of a class of two:\n%s", scr)
	}
	each(students, func(_ int, st *sshtest.Term) {
		scr := st.WaitFor("Right.", "2 in the class answered.", few, "Your score: 1 of 1")
		if strings.Contains(scr, "of the class sorted this one right") {
			t.Errorf("a student sees the class's share right below k:\n%s", scr)
		}
	})

	// A single choice, one right and one wrong: no bars on either screen.
	r := single.Right()
	teacher.Press("right")
	teacher.WaitFor("Question 2 of", "Answered: 0 of 2")
	each(students, func(i int, st *sshtest.Term) {
		st.WaitFor("Question 2 of", firstWords(single.Prompt))
		st.Press(strconv.Itoa((r+i)%len(single.Options) + 1))
		st.WaitFor("Answer sent.")
	})
	teacher.WaitFor("Answered: 2 of 2", openNote)
	teacher.Press("right", "right")
	scr = teacher.WaitFor("Answer revealed.", "Answers: 2", "(right answer)", few, "Next: question 3")
	if got := barCounts(scr); len(got) > 0 || strings.Contains(scr, "Right:") {
		t.Errorf("the teacher sees bars from two students: %v\n%s", got, scr)
	}
	each(students, func(i int, st *sshtest.Term) {
		verdict := "✓ Right."
		if i == 1 {
			verdict = "✗ Not right."
		}
		scr := st.WaitFor(verdict, "right answer)", "2 in the class answered.", few)
		if got := barCounts(scr); len(got) > 0 || strings.Contains(scr, "The class's answers:") || strings.Contains(scr, "got it right") {
			t.Errorf("student %d sees the class's counts below k: %v\n%s", i, got, scr)
		}
	})

	// A third student: once k answered, the next question has its bars on both screens.
	students = append(students, srv.Open(t, bigClient(), "join "+code))
	students[2].WaitFor("Question 2 of")
	teacher.WaitFor("3 joined")
	third := &base.Quiz.Questions[2]
	teacher.Press("right")
	teacher.WaitFor("Question 3 of", "Answered: 0 of 3")
	want := make([]int, len(third.Options))
	each(students[:2], func(i int, st *sshtest.Term) {
		st.WaitFor("Question 3 of", firstWords(third.Prompt))
		st.Press(strconv.Itoa(i + 1))
		st.WaitFor("Answer sent.")
	})
	want[0], want[1] = 1, 1
	scr = teacher.WaitFor("Answered: 2 of 3", openNote)
	if got := barCounts(scr); len(got) > 0 {
		t.Errorf("bars with two of three answered: %v\n%s", got, scr)
	}
	students[2].WaitFor("Question 3 of", firstWords(third.Prompt))
	students[2].Press("1")
	students[2].WaitFor("Answer sent.")
	want[0]++
	teacher.WaitFor("Answered: 3 of 3", openNote)
	teacher.Press("right")
	scr = teacher.WaitFor("Closed: no more answers.", "Answers: 3")
	if got := barCounts(scr); fmt.Sprint(got) != fmt.Sprint(want) || strings.Contains(flatten(scr), "too few") {
		t.Errorf("bars with three answered: %v, want %v\n%s", got, want, scr)
	}
	tr := third.Right()
	teacher.Press("right")
	scr = teacher.WaitFor("Answer revealed.", fmt.Sprintf("Right: %d of 3 (%d%%)", want[tr], (want[tr]*100+1)/3), "Leaderboard")
	if strings.Contains(flatten(scr), "Too few") || !strings.Contains(scr, "  1. ") {
		t.Errorf("once %d answered, the teacher's screen has no leaderboard or still says too few:\n%s", k, scr)
	}
	each(students, func(_ int, st *sshtest.Term) {
		scr := st.WaitFor("The class's answers:", fmt.Sprintf("%d of 3 in the class got it right.", want[tr]))
		if got := barCounts(scr); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("a student's bars with three answered: %v, want %v\n%s", got, want, scr)
		}
	})
}
