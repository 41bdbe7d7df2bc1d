package linemode

import (
	"fmt"
	"strings"

	"tutord/internal/i18n"
	"tutord/internal/lessons"
)

// lineKind is how line mode asks one kind of question and explains the answer. What a
// kind means (grading) is in package lessons; every branch of line mode on a question's
// kind is in this file.
type lineKind interface {
	// label follows "Question 1 of 3." ("Choose one answer.").
	label(t *i18n.Text) string
	// ask shows the question and reads lines until it has a whole answer.
	ask(z *Quiz, p *printer, i, n int, q *lessons.Question) (lessons.Answer, error)
	// explain prints the verdict and every explanation, right after an answer.
	explain(z *Quiz, p *printer, q *lessons.Question, a lessons.Answer, r lessons.Result)
	// rightLines are the right answer in the summary, one line each; none for a sorting.
	rightLines(t *i18n.Text, q *lessons.Question) []string
}

func kindOf(q *lessons.Question) lineKind {
	switch q.Kind {
	case lessons.TrueFalse:
		return choiceKind{trueFalse: true}
	case lessons.Classify:
		return classifyKind{}
	case lessons.CheckAll:
		return checkKind{}
	default:
		return choiceKind{}
	}
}

// verdict is the line right after an answer: right, or wrong and then howWrong (how many
// parts were wrong; empty for a question of one choice).
func verdict(t *i18n.Text, r lessons.Result, howWrong string) string {
	switch {
	case r.Right:
		return t.QuizRight
	case howWrong == "":
		return t.QuizWrong
	}
	return t.QuizWrong + " " + howWrong
}

// choiceKind is a single-choice or true/false question: one number.
type choiceKind struct{ trueFalse bool }

func (k choiceKind) label(t *i18n.Text) string {
	if k.trueFalse {
		return t.LineTrueFalse
	}
	return t.LineChooseOne
}

func (choiceKind) ask(z *Quiz, p *printer, i, n int, q *lessons.Question) (lessons.Answer, error) {
	return z.choose(p, i, n, q)
}

func (choiceKind) explain(z *Quiz, p *printer, q *lessons.Question, a lessons.Answer, r lessons.Result) {
	t := z.T
	p.line(verdict(t, r, ""))
	for j, o := range q.Options {
		var notes []string
		if o.Right {
			notes = append(notes, t.LineRightAnswer)
		}
		if j == a.Choice {
			notes = append(notes, t.LineYourAnswer)
		}
		text := o.Text
		if len(notes) > 0 {
			text += " (" + strings.Join(notes, ", ") + ")"
		}
		p.wrapped(fmt.Sprintf("  %d. ", j+1), text)
		p.wrapped("     ", o.Why)
	}
}

func (choiceKind) rightLines(t *i18n.Text, q *lessons.Question) []string {
	return []string{t.LineRightAnswer + t.Colon + q.Options[q.Right()].Text}
}

// classifyKind is a classification: a bin number per case.
type classifyKind struct{}

func (classifyKind) label(t *i18n.Text) string { return t.LineClassify }

func (classifyKind) ask(z *Quiz, p *printer, i, n int, q *lessons.Question) (lessons.Answer, error) {
	return z.sortCases(p, i, n, q)
}

func (classifyKind) explain(z *Quiz, p *printer, q *lessons.Question, a lessons.Answer, r lessons.Result) {
	t := z.T
	p.line(verdict(t, r, fmt.Sprintf(t.LineSortedWrong, len(r.WrongScenarios), len(q.Scenarios))))
	for j, s := range q.Scenarios {
		p.wrapped(fmt.Sprintf("  %s. ", letter(j)), s.Text)
		note := fmt.Sprintf(t.LineBelongs, q.Bins[s.Bin])
		if a.Bins[j] != s.Bin {
			note += " " + fmt.Sprintf(t.LineYourBin, q.Bins[a.Bins[j]])
		}
		p.wrapped("     ", note)
		p.wrapped("     ", s.Why)
	}
}

func (classifyKind) rightLines(*i18n.Text, *lessons.Question) []string { return nil }

// checkKind is a check-all-that-apply question: the numbers of every option that applies.
type checkKind struct{}

func (checkKind) label(t *i18n.Text) string { return t.LineCheckAll }

func (checkKind) ask(z *Quiz, p *printer, i, n int, q *lessons.Question) (lessons.Answer, error) {
	return z.pick(p, i, n, q)
}

func (checkKind) explain(z *Quiz, p *printer, q *lessons.Question, a lessons.Answer, r lessons.Result) {
	t := z.T
	p.line(verdict(t, r, fmt.Sprintf(t.LineTickedWrong, len(r.WrongOptions), len(q.Options))))
	for j, o := range q.Options {
		notes := []string{t.LineNotApplies}
		if o.Right {
			notes[0] = t.LineApplies
		}
		if j < len(a.Picks) && a.Picks[j] {
			notes = append(notes, t.LineYourAnswer)
		}
		p.wrapped(fmt.Sprintf("  %d. ", j+1), o.Text+" ("+strings.Join(notes, ", ")+")")
		p.wrapped("     ", o.Why)
	}
}

func (checkKind) rightLines(t *i18n.Text, q *lessons.Question) []string {
	var out []string
	for _, o := range q.Options {
		if o.Right {
			out = append(out, t.LineApplies+t.Colon+o.Text)
		}
	}
	return out
}
