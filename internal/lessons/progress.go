package lessons

// Status is how far a learner got with a lesson in this session.
type Status uint8

// The states of a lesson, in the order a learner moves through them.
const (
	NotStarted Status = iota
	Read              // the lesson was opened (and the quiz, if taken, not passed)
	QuizPassed        // the quiz was passed
)

// LessonProgress is one lesson's state: whether it was read, and the best quiz results.
type LessonProgress struct {
	Status Status
	// Results holds, per question, whether the first answer was right in the best attempt;
	// nil until the quiz was taken.
	Results []bool
}

// Progress is a learner's state for one session, keyed by lesson id. It lives in the
// session's memory only; the learner can carry it away as a resume code.
type Progress map[string]LessonProgress

// MarkRead records that a lesson was opened.
func (p Progress) MarkRead(id string) {
	lp := p[id]
	if lp.Status == NotStarted {
		lp.Status = Read
	}
	p[id] = lp
}

// RecordQuiz keeps the better of the stored and the new quiz results and updates the status.
func (p Progress) RecordQuiz(id string, results []bool) {
	lp := p[id]
	newRight, _ := Score(results)
	oldRight, _ := Score(lp.Results)
	if lp.Results == nil || newRight >= oldRight {
		lp.Results = append([]bool(nil), results...)
	}
	if Passed(lp.Results) {
		lp.Status = QuizPassed
	} else if lp.Status == NotStarted {
		lp.Status = Read
	}
	p[id] = lp
}

// Summary totals the course: lessons read, quizzes passed, and first-try right answers out
// of all questions in the catalog.
type Summary struct {
	Lessons, Read, Passed int
	Right, Questions      int
}

// Summarize totals p over the lessons of c.
func (p Progress) Summarize(c *Catalog) Summary {
	s := Summary{Lessons: c.Len(), Questions: c.Questions()}
	for _, id := range c.IDs() {
		lp := p[id]
		if lp.Status >= Read {
			s.Read++
		}
		if lp.Status == QuizPassed {
			s.Passed++
		}
		r, _ := Score(lp.Results)
		s.Right += r
	}
	return s
}
