package i18n

// QuizKeyText holds the help overlay's longer descriptions of the quiz keys; the hint
// line's short words are Text's Key* fields.
type QuizKeyText struct {
	HelpChooseNumber string // 1-n on a one-answer question
	HelpSortNumber   string // 1-n on a sorting
	HelpTickNumber   string // 1-n on a check-all question
	HelpSort         string // left/right on a sorting
	HelpTick         string // space on a check-all question
	HelpQuizBack     string // esc during a quiz: back to the lesson
	HelpShowAnswer   string // enter after a wrong answer
	HelpRetry        string // r after a wrong answer
	HelpQuizNext     string // enter once a question is answered
	HelpQuizResult   string // the same on the last question
	HelpQuizMenu     string // esc on a quiz's result: to the lessons
}
