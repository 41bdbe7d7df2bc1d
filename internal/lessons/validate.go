package lessons

// Limits of the quiz format, shared by the checker and the docs.
const (
	MinOptions = 2
	MaxOptions = 6
	// MinCheckOptions is the fewest options of a check-all-that-apply question: with two,
	// it would be a true/false question in disguise.
	MinCheckOptions = 3
	MinBins         = 2
	MaxBins         = 4
	MinScenarios    = 4
	MaxScenarios    = 6
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
		q.rules().validate(&q, c)
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
		default:
			b.rules().sameShape(b, t, c, base.Quiz.File)
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
