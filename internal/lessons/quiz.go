package lessons

// PassPercent is the share of questions a learner must get right at the first try for a
// quiz to count as passed.
const PassPercent = 60

// Attempt is one run through a quiz. A wrong answer may be retried, but only the first
// answer to each question counts towards the score.
type Attempt struct {
	Quiz     *Quiz
	Cur      int
	answered []bool
	firstTry []bool
}

// NewAttempt starts a quiz at its first question.
func NewAttempt(q *Quiz) *Attempt {
	n := len(q.Questions)
	return &Attempt{Quiz: q, answered: make([]bool, n), firstTry: make([]bool, n)}
}

// Question is the question being asked, or nil when the quiz is over.
func (a *Attempt) Question() *Question {
	if a.Done() {
		return nil
	}
	return &a.Quiz.Questions[a.Cur]
}

// Answer grades an answer to the current question and records it if it is the first.
func (a *Attempt) Answer(ans Answer) Result {
	q := a.Question()
	if q == nil {
		return Result{}
	}
	r := q.Grade(ans)
	if !a.answered[a.Cur] {
		a.answered[a.Cur] = true
		a.firstTry[a.Cur] = r.Right
	}
	return r
}

// Next moves to the next question; it reports false when the quiz is over.
func (a *Attempt) Next() bool {
	if a.Cur < len(a.Quiz.Questions) {
		a.Cur++
	}
	return !a.Done()
}

// Done reports whether every question has been shown.
func (a *Attempt) Done() bool { return a.Cur >= len(a.Quiz.Questions) }

// Results is, per question, whether the first answer was right.
func (a *Attempt) Results() []bool { return append([]bool(nil), a.firstTry...) }

// Score counts first-try right answers.
func (a *Attempt) Score() (right, total int) { return Score(a.firstTry) }

// Score counts the right answers in a list of per-question results.
func Score(results []bool) (right, total int) {
	for _, ok := range results {
		if ok {
			right++
		}
	}
	return right, len(results)
}

// Passed reports whether results reach the pass mark.
func Passed(results []bool) bool {
	right, total := Score(results)
	return total > 0 && right*100 >= total*PassPercent
}
