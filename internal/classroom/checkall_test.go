package classroom

import (
	"errors"
	"fmt"
	"testing"

	"tutord/internal/lessons"
)

// TestCheckAllInAClass: students tick options of a check-all-that-apply question; the
// teacher sees the ticks per option and how many got every option right, an answer with
// nothing ticked or of the wrong shape is refused, and each student's own result is kept.
func TestCheckAllInAClass(t *testing.T) {
	f := newFixture(t, Config{})
	tc := mustOpen(t, f.reg)
	code, _ := tc.Codes()
	l := &lessons.Lesson{
		ID: "check", Title: "Check",
		Sections: []lessons.Section{{Title: "Check", Markdown: "intro"}},
		Quiz: lessons.Quiz{Questions: []lessons.Question{{ID: "sees", Kind: lessons.CheckAll, Options: []lessons.Option{
			{Text: "IP address", Right: true}, {Text: "password"}, {Text: "user name", Right: true}, {Text: "private key"},
		}}}},
	}
	ms := make([]*Member, 4)
	for i := range ms {
		ms[i] = mustJoin(t, f.reg, code)
	}
	must(t, tc.SetLesson(l))
	must(t, tc.Next()) // open the question
	picks := [][]bool{
		{true, false, true, false},  // right
		{true, false, true, false},  // right
		{true, false, false, false}, // one missing
		{true, true, true, true},    // everything
	}
	for i, m := range ms {
		must(t, m.Answer(lessons.Answer{Picks: picks[i]}))
	}
	for _, bad := range []lessons.Answer{{Picks: []bool{false, false, false, false}}, {Picks: []bool{true}}, {Choice: 1}} {
		if err := ms[0].Answer(bad); !errors.Is(err, ErrAnswer) {
			t.Errorf("answer %+v: %v, want ErrAnswer", bad, err)
		}
	}
	v := tc.View()
	if v.Tally.Answered != 4 || v.Tally.Right != 2 || fmt.Sprint(v.Tally.Options) != "[4 1 3 1]" {
		t.Fatalf("tally %+v, want 4 answered, 2 right, ticks [4 1 3 1]", v.Tally)
	}
	must(t, tc.Next()) // close
	must(t, tc.Next()) // reveal
	for i, m := range ms {
		sv := m.View()
		if sv.Phase != Revealed || sv.Right != (i < 2) || fmt.Sprint(sv.Answer.Picks) != fmt.Sprint(picks[i]) ||
			fmt.Sprint(sv.Tally.Options) != "[4 1 3 1]" {
			t.Errorf("student %d sees %+v", i, sv)
		}
	}
	// The room keeps a copy: changing the slice given does not change the answer.
	picks[0][1] = true
	if res := ms[0].Results(); len(res) != 1 || !res[0].Right || res[0].Answer.Picks[1] {
		t.Errorf("student 0 results %+v", res)
	}
}
