package lessons

import (
	"slices"
	"testing"
)

func TestBuiltinCourseIsValid(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() < 7 {
		t.Fatalf("the course has %d lessons, want at least 7", c.Len())
	}
	ids := map[string]bool{}
	for _, l := range c.Lessons(BaseLang) {
		if ids[l.ID] {
			t.Errorf("lesson id %q twice", l.ID)
		}
		ids[l.ID] = true
		if len(l.Sources) == 0 {
			t.Errorf("%s lists no sources", l.ID)
		}
		if len(l.Sections) < 2 {
			t.Errorf("%s has %d sections; a classroom needs pages", l.ID, len(l.Sections))
		}
		if n := len([]rune(l.Title)); n > 32 {
			t.Errorf("%s: title %q is %d characters; the 40-column menu fits 32", l.ID, l.Title, n)
		}
	}
}

// TestCourseCoversTheQuestionKinds: the course uses every kind of question.
func TestCourseCoversTheQuestionKinds(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]int{}
	for _, l := range c.Lessons(BaseLang) {
		for _, q := range l.Quiz.Questions {
			kinds[q.Kind]++
		}
	}
	for _, k := range Kinds() {
		if kinds[k] == 0 {
			t.Errorf("no %s question in the course", k)
		}
	}
}

func sampleQuiz(t *testing.T) Quiz {
	t.Helper()
	var ps Problems
	q := ParseQuiz("sample.quiz", []byte(`## single: one
Pick b.
- [ ] a
  why a
- [x] b
  why b

## classify: sort
Sort them.
bins: X | Y
- [X] x1
  because
- [Y] y1
  because
- [X] x2
  because
- [Y] y2
  because
`), &ps)
	validateQuiz(q, &ps)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return q
}

func TestGradeSingleAndClassify(t *testing.T) {
	qz := sampleQuiz(t)
	single, classify := &qz.Questions[0], &qz.Questions[1]
	if !single.Grade(Answer{Choice: 1}).Right || single.Grade(Answer{Choice: 0}).Right {
		t.Error("single choice graded wrongly")
	}
	if single.Grade(Answer{Choice: 7}).Right || single.Grade(Answer{Choice: -1}).Right {
		t.Error("an out-of-range choice must be wrong, not a crash")
	}
	r := classify.Grade(Answer{Bins: []int{0, 1, 1, 1}})
	if r.Right || !slices.Equal(r.WrongScenarios, []int{2}) {
		t.Errorf("classification: got %+v, want scenario 2 wrong", r)
	}
	if !classify.Grade(Answer{Bins: []int{0, 1, 0, 1}}).Right {
		t.Error("a right sorting graded wrong")
	}
	if classify.Grade(Answer{Bins: []int{0}}).Right {
		t.Error("a partial sorting graded right")
	}
}

func TestAttemptCountsOnlyFirstTries(t *testing.T) {
	qz := sampleQuiz(t)
	a := NewAttempt(&qz)
	a.Answer(Answer{Choice: 0}) // wrong first
	a.Answer(Answer{Choice: 1}) // right on retry: does not count
	a.Next()
	a.Answer(Answer{Bins: []int{0, 1, 0, 1}})
	if a.Next() {
		t.Fatal("quiz should be over")
	}
	if got := a.Results(); !slices.Equal(got, []bool{false, true}) {
		t.Errorf("results %v, want [false true]", got)
	}
	if Passed(a.Results()) {
		t.Error("1 of 2 is below the pass mark")
	}
}

func TestProgressKeepsTheBestResult(t *testing.T) {
	p := Progress{}
	p.MarkRead("a")
	if p["a"].Status != Read {
		t.Fatal("opened lesson not marked read")
	}
	p.RecordQuiz("a", []bool{true, true, false})
	if p["a"].Status != QuizPassed {
		t.Errorf("2 of 3 (67%%) should pass at %d%%", PassPercent)
	}
	p.RecordQuiz("a", []bool{false, false, false})
	if r, _ := Score(p["a"].Results); r != 2 {
		t.Errorf("a worse retake replaced the better result: %v", p["a"].Results)
	}
}

// TestPromptLinesAreOneParagraph: an author's line breaks inside a prompt do not reach the
// screen (which wraps to its own width); a blank line and a list item do.
func TestPromptLinesAreOneParagraph(t *testing.T) {
	t.Parallel()
	var ps Problems
	q := ParseQuiz("wrap.quiz", []byte(`## single: wrapped
A whistle-blower sends a memo to a
journalist through Tor.

Towards her employer, how large is
her anonymity set?
- a fact
- another
- [x] five
  why
- [ ] two
  why
`), &ps)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	want := "A whistle-blower sends a memo to a journalist through Tor.\n\n" +
		"Towards her employer, how large is her anonymity set?\n- a fact\n- another"
	if got := q.Questions[0].Prompt; got != want {
		t.Errorf("prompt %q, want %q", got, want)
	}
}
