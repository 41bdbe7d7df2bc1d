package lessons

import (
	"slices"
	"strings"
	"testing"
)

const checkSrc = `## checkall: sees
Which of these does the operator see?
- [x] Your IP address
  Your connection comes from it.
- [ ] Your password manager
  It stays on your device.
- [x] The user name you log in with
  The client sends it.
- [ ] Your private key
  It never leaves your computer.
`

func parseCheck(t *testing.T, src string) (*Question, Problems) {
	t.Helper()
	var ps Problems
	qz := ParseQuiz("check.quiz", []byte(src), &ps)
	validateQuiz(qz, &ps)
	if len(qz.Questions) != 1 {
		t.Fatalf("%d questions, want 1 (%v)", len(qz.Questions), ps)
	}
	return &qz.Questions[0], ps
}

func TestCheckAllParses(t *testing.T) {
	q, ps := parseCheck(t, checkSrc)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if q.Kind != CheckAll || q.ID != "sees" || len(q.Options) != 4 {
		t.Fatalf("parsed %+v", q)
	}
	var right []bool
	for _, o := range q.Options {
		right = append(right, o.Right)
		if o.Why == "" {
			t.Errorf("option %q lost its explanation", o.Text)
		}
	}
	if !slices.Equal(right, []bool{true, false, true, false}) {
		t.Errorf("applies %v, want [true false true false]", right)
	}
	if got := q.RightAnswer(); !slices.Equal(got.Picks, right) || !q.Grade(got).Right {
		t.Errorf("RightAnswer %+v is not graded right", got)
	}
}

// TestCheckAllIsAllOrNothing: every option must be ticked or left as it should be; the
// result names each option decided wrongly.
func TestCheckAllIsAllOrNothing(t *testing.T) {
	q, _ := parseCheck(t, checkSrc)
	for _, c := range []struct {
		picks []bool
		right bool
		wrong []int
	}{
		{[]bool{true, false, true, false}, true, nil},
		{[]bool{true, false, false, false}, false, []int{2}},         // one missing
		{[]bool{true, true, true, false}, false, []int{1}},           // one too many
		{[]bool{true, true, true, true}, false, []int{1, 3}},         // everything ticked
		{[]bool{false, true, false, true}, false, []int{0, 1, 2, 3}}, // the opposite
		{[]bool{true, false}, false, []int{2, 3}},                    // too short
		{nil, false, []int{0, 1, 2, 3}},
	} {
		r := q.Grade(Answer{Picks: c.picks})
		if r.Right != c.right || !slices.Equal(r.WrongOptions, c.wrong) {
			t.Errorf("picks %v: got right=%v wrong=%v, want %v %v", c.picks, r.Right, r.WrongOptions, c.right, c.wrong)
		}
	}
	if q.Complete(Answer{Picks: []bool{false, false, false, false}}) {
		t.Error("an answer with nothing ticked counts as complete")
	}
	if q.Complete(Answer{Picks: []bool{true}}) || q.Complete(Answer{Choice: 1}) {
		t.Error("an answer of the wrong shape counts as complete")
	}
	if !q.Complete(Answer{Picks: []bool{false, true, false, false}}) {
		t.Error("a wrong but whole answer is not complete")
	}
}

func TestCheckAllProblems(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"## checkall: a\nQ?\n- [x] one\n  w\n- [ ] two\n  w\n", "has 3 to 6 options, this one has 2"},
		{"## checkall: a\nQ?\n- [x] one\n  w\n- [x] two\n  w\n- [x] three\n  w\n", "at least one that does not"},
		{"## checkall: a\nQ?\n- [ ] one\n  w\n- [ ] two\n  w\n- [ ] three\n  w\n", "at least one option that applies"},
		{"## checkall: a\nQ?\n- [x] one\n  w\n- [ ] two\n- [ ] three\n  w\n", `the option "two" has no explanation`},
		{"## checkall: a\nQ?\n- [y] one\n  w\n- [ ] two\n  w\n- [x] three\n  w\n", `mark the right option with "[x]"`},
		{"## checkall: a\nQ?\nbins: A | B\n- [x] one\n  w\n- [ ] two\n  w\n- [x] three\n  w\n", "bins and scenarios belong to classify"},
	} {
		_, ps := parseCheck(t, c.src)
		if !strings.Contains(ps.Error(), c.want) {
			t.Errorf("%q: problems %q, want one with %q", c.src, ps.Error(), c.want)
		}
	}
	var ps Problems
	ParseQuiz("x.quiz", []byte("## multi: a\nQ?\n- [x] one\n  w\n"), &ps)
	if !strings.Contains(ps.Error(), "known: single, truefalse, checkall, classify") {
		t.Errorf("unknown kind: %q", ps.Error())
	}
}

// TestCheckAllTranslationKeepsWhatApplies: a translation that marks another option as
// applying is caught, at that option's line.
func TestCheckAllTranslationKeepsWhatApplies(t *testing.T) {
	base, _ := parseCheck(t, checkSrc)
	tr, _ := parseCheck(t, strings.Replace(strings.Replace(checkSrc, "- [ ] Your private key", "- [x] Your private key", 1),
		"- [x] Your IP address", "- [ ] Your IP address", 1))
	var ps Problems
	validateTranslation(&Lesson{Quiz: Quiz{Questions: []Question{*base}, File: "en.quiz"}},
		&Lesson{Quiz: Quiz{Questions: []Question{*tr}, File: "de.quiz"}}, &ps)
	if len(ps) != 2 || ps[0].Line != 3 || !strings.Contains(ps[0].Msg, "option 1 is marked [ ] here but marked [x] in en.quiz") ||
		ps[1].Line != 9 {
		t.Errorf("problems %v", ps)
	}
}

func TestCheckAllTally(t *testing.T) {
	q, _ := parseCheck(t, checkSrc)
	answers := []Answer{
		{Picks: []bool{true, false, true, false}},   // right
		{Picks: []bool{true, false, false, false}},  // wrong
		{Picks: []bool{true, true, true, false}},    // wrong
		{Picks: []bool{false, false, false, false}}, // not complete: not counted
	}
	tl := q.TallyOf(slices.Values(answers))
	if tl.Answered != 3 || tl.Right != 1 || !slices.Equal(tl.Options, []int{3, 1, 2, 0}) {
		t.Errorf("tally %+v, want 3 answered, 1 right, ticks [3 1 2 0]", tl)
	}
	a := answers[0].Clone()
	a.Picks[0] = false
	if !answers[0].Picks[0] {
		t.Error("Clone shares the ticks")
	}
}
