package lessons

import "strings"

// Limits of the quiz format, shared by the checker and the docs.
const (
	MinOptions   = 2
	MaxOptions   = 6
	MinBins      = 2
	MaxBins      = 4
	MinScenarios = 4
	MaxScenarios = 6
)

// validateQuiz checks the rules in docs/lesson-format.md that a single quiz must meet.
func validateQuiz(qz Quiz, ps *Problems) {
	c := collector{file: qz.File, ps: ps}
	if len(qz.Questions) == 0 {
		c.at(0, `the quiz has no questions; each starts with "## KIND: ID"`)
	}
	ids := map[string]int{}
	for _, q := range qz.Questions {
		if prev, dup := ids[q.ID]; dup && q.ID != "" {
			c.at(q.Line, "question id %q is used twice (first on line %d)", q.ID, prev)
		}
		ids[q.ID] = q.Line
		if q.Prompt == "" {
			c.at(q.Line, "question %q has no text", q.ID)
		}
		switch q.Kind {
		case Single, TrueFalse:
			if len(q.Scenarios) > 0 || len(q.Bins) > 0 {
				c.at(q.Line, "bins and scenarios belong to classify questions, not %s", q.Kind)
			}
			lo, hi := MinOptions, MaxOptions
			if q.Kind == TrueFalse {
				lo, hi = 2, 2
			}
			if n := len(q.Options); n < lo || n > hi {
				if lo == hi {
					c.at(q.Line, "a %s question has exactly %d options, this one has %d", q.Kind, lo, n)
				} else {
					c.at(q.Line, "a %s question has %d to %d options, this one has %d", q.Kind, lo, hi, n)
				}
			}
			right := 0
			for _, o := range q.Options {
				if o.Right {
					right++
				}
				if strings.TrimSpace(o.Why) == "" {
					c.at(o.Line, "the option %q has no explanation (indent it under the option)", short(o.Text))
				}
			}
			if right != 1 {
				c.at(q.Line, "question %q needs exactly one right option marked [x], it has %d", q.ID, right)
			}
		case Classify:
			if len(q.Options) > 0 {
				c.at(q.Line, "a classify question sorts scenarios into bins; mark each as - [BIN]")
			}
			if n := len(q.Bins); n < MinBins || n > MaxBins {
				c.at(q.Line, "a classify question has %d to %d bins, this one has %d", MinBins, MaxBins, n)
			}
			binSeen := map[string]bool{}
			for _, b := range q.Bins {
				if b == "" {
					c.at(q.Line, "an empty bin name in bins:")
				}
				if binSeen[b] {
					c.at(q.Line, "bin %q is listed twice", b)
				}
				binSeen[b] = true
			}
			if n := len(q.Scenarios); n < MinScenarios || n > MaxScenarios {
				c.at(q.Line, "a classify question has %d to %d scenarios, this one has %d", MinScenarios, MaxScenarios, n)
			}
			for _, s := range q.Scenarios {
				if strings.TrimSpace(s.Why) == "" {
					c.at(s.Line, "the scenario %q has no explanation (indent it under the scenario)", short(s.Text))
				}
			}
		}
	}
}

// validateTranslation checks that tr has the same quiz structure as base: same question
// ids, kinds, option counts and right answers. Only the words may differ.
func validateTranslation(base, tr *Lesson, ps *Problems) {
	c := collector{file: tr.Quiz.File, ps: ps}
	bq, tq := base.Quiz.Questions, tr.Quiz.Questions
	if len(bq) != len(tq) {
		c.at(0, "has %d questions, but %s has %d; a translation keeps the same questions", len(tq), base.Quiz.File, len(bq))
		return
	}
	for i := range bq {
		b, t := &bq[i], &tq[i]
		switch {
		case b.ID != t.ID:
			c.at(t.Line, "question %d is %q here but %q in %s", i+1, t.ID, b.ID, base.Quiz.File)
		case b.Kind != t.Kind:
			c.at(t.Line, "question %q is %s here but %s in %s", t.ID, t.Kind, b.Kind, base.Quiz.File)
		case len(b.Options) != len(t.Options):
			c.at(t.Line, "question %q has %d options here but %d in %s", t.ID, len(t.Options), len(b.Options), base.Quiz.File)
		case b.Right() != t.Right() && b.Right() >= 0 && t.Right() >= 0: // a missing [x] is reported on its own
			c.at(t.Line, "question %q: the right option is number %d here but %d in %s", t.ID, t.Right()+1, b.Right()+1, base.Quiz.File)
		case len(b.Bins) != len(t.Bins):
			c.at(t.Line, "question %q has %d bins here but %d in %s", t.ID, len(t.Bins), len(b.Bins), base.Quiz.File)
		case len(b.Scenarios) != len(t.Scenarios):
			c.at(t.Line, "question %q has %d scenarios here but %d in %s", t.ID, len(t.Scenarios), len(b.Scenarios), base.Quiz.File)
		default:
			for j := range b.Scenarios {
				if b.Scenarios[j].Bin != t.Scenarios[j].Bin && b.Scenarios[j].Bin >= 0 && t.Scenarios[j].Bin >= 0 {
					c.at(t.Scenarios[j].Line, "question %q: scenario %d is in bin %d here but %d in %s",
						t.ID, j+1, t.Scenarios[j].Bin+1, b.Scenarios[j].Bin+1, base.Quiz.File)
				}
			}
		}
	}
	if base.Live != tr.Live {
		c.at(0, "live panel %q here but %q in %s", tr.Live, base.Live, base.File)
	}
}

func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:37]) + "..."
	}
	return s
}
