package i18n

// AccessText holds the strings for plain mode, line-based read/quiz commands and other self-hosting texts.
type AccessText struct {
	// Plain mode.
	HelpPlain string // the help overlay's line for the p key

	// Help texts for the commands without a full-screen terminal.
	CmdUsageAccess string // %[1]s = host hint
	CmdNoPTYAccess string // %[1]s = host hint, %[2]s = an example lesson id

	// ssh HOST read ID.
	ReadQuizHint string // followed by the command on a line of its own

	// ssh HOST quiz ID, answered line by line.
	LineQuizIntro   Plural // %[1]s = title, %[2]d = number of questions (plural by it)
	LineQuizHow     string
	LineChooseOne   string
	LineTrueFalse   string
	LineClassify    string
	LineAnswer      string // %d = number of options
	LineBins        string
	LineCases       string
	LineSortHow     string // %d = number of bins
	LineCase        string // %[1]s = case letter, %[2]d = number of bins
	LineNotANumber  string // %d = highest number
	LineTooMany     string // %d = cases still to sort
	LineSortedWrong string // wrong bin for %d of %d cases
	LineYourAnswer  string
	LineRightAnswer string
	LineBelongs     string // %s = bin
	LineYourBin     string // %s = bin
	LineStopped     string // %[1]d answered, %[2]d questions
	LineEnded       string // %[1]d answered, %[2]d questions
	LineAgain       string // followed by the command on a line of its own
}
