package linemode

import (
	"fmt"
	"strings"
	"testing"

	"tutord/internal/i18n"
	"tutord/internal/lessons"
)

// TestCheckAllLineByLine answers a check-all-that-apply question of the course: a line
// that is not numbers is refused, then an answer with one option missing is wrong at the
// first try and every option is explained with whether it applies.
func TestCheckAllLineByLine(t *testing.T) {
	c := course(t)
	for _, lang := range i18n.Langs() {
		t.Run(lang, func(t *testing.T) {
			tx := i18n.For(lang)
			var l *lessons.Lesson
			at := -1
			for _, x := range c.Lessons(lang) {
				for i, q := range x.Quiz.Questions {
					if q.Kind == lessons.CheckAll && l == nil {
						l, at = x, i
					}
				}
			}
			if l == nil {
				t.Fatal("no check-all-that-apply question in the course")
			}
			q := &l.Quiz.Questions[at]
			ins := rightAnswers(l)
			// Leave out the last option that applies: wrong for one option.
			picks := q.RightAnswer().Picks
			missing := -1
			for i, p := range picks {
				if p {
					missing = i
				}
			}
			picks[missing] = false
			ins[at] = "none of them\n" + pickLine(picks) + " " + pickLine(picks) // a repeated number counts once
			out, o, ev := run(t, l, lang, strings.Join(ins, "\n")+"\n")
			if o != Finished {
				t.Fatalf("outcome %v:\n%s", o, out)
			}
			flatten := func(s string) string { return strings.Join(strings.Fields(s), " ") }
			flat := flatten(out)
			want := []string{
				tx.LineCheckAll, strings.Join(strings.Fields(tx.LineCheckHow), " "),
				fmt.Sprintf(tx.LineAnswerMany, len(q.Options)),
				fmt.Sprintf(tx.LineNotANumber, len(q.Options)),
				tx.QuizWrong + " " + fmt.Sprintf(tx.LineTickedWrong, 1, len(q.Options)),
				q.Options[missing].Text + " (" + tx.LineApplies + ")",
			}
			for i, o := range q.Options {
				want = append(want, strings.Join(strings.Fields(o.Why)[:4], " "))
				switch {
				case o.Right && i != missing:
					want = append(want, o.Text+" ("+tx.LineApplies+", "+tx.LineYourAnswer+")")
				case !o.Right:
					want = append(want, o.Text+" ("+tx.LineNotApplies+")")
				}
			}
			for _, w := range want {
				if !strings.Contains(flat, flatten(w)) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			n := len(l.Quiz.Questions)
			if !strings.Contains(flat, flatten(fmt.Sprintf(tx.QuizScore, n-1, n))) || !strings.Contains(flat, flatten(tx.QuizMissed)) ||
				!strings.Contains(flat, flatten(tx.LineApplies+tx.Colon+q.Options[missing].Text)) {
				t.Errorf("summary does not count the question wrong:\n%s", out)
			}
			if got := ev.answers[at]; got != l.ID+"/"+q.ID+"/false" {
				t.Errorf("event %q", got)
			}
		})
	}
}
