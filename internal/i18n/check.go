package i18n

// CheckText holds the strings for check-all-that-apply questions, in the app and in line
// mode.
type CheckText struct {
	// The app.
	KeyTick         string // the key hint for space
	QuizCheckAll    string // the line above the prompt
	QuizTickHint    string
	QuizTickOne     string // enter with nothing ticked
	QuizTickedWrong string // %d options decided wrongly, of %d
	QuizApplies     string
	QuizNotApplies  string
	QuizTicked      string
	QuizNotTicked   string
	QuizRightTicks  string // after giving up: where the answer is

	// ssh HOST quiz ID.
	LineCheckAll    string
	LineCheckHow    string
	LineAnswerMany  string // %d = number of options
	LineTickedWrong string // %d options decided wrongly, of %d
	LineApplies     string
	LineNotApplies  string
}
