// Package i18n gives typed access to every user-facing string of the app and the SSH
// commands. The strings are data: one TOML catalog per language (catalog/LANG.toml, embedded;
// an operator adds LANG/ui.toml in a lessons directory), checked when loaded so that a
// missing key or a changed placeholder is reported with file and line, never served.
package i18n

// Text is the set of strings for one language. Fields with a %d or %s are fmt formats.
type Text struct {
	// Each feature keeps its strings in its own file and struct, embedded here.
	MirrorText
	AnonText
	ClassClientsText
	ExperimentText
	ClassText
	LimitText
	AccessText
	CheckText
	QuizKeyText

	Lang     string `i18n:"-"` // language code, e.g. "en": the file's name, not a key in it
	LangName string // the language's own name, for the switch ("Deutsch")
	// Colon goes between a label and its value ("right answer: ..."): ": " in English,
	// a no-break space before the colon in French.
	Colon string

	// Pseudonym is how a classroom pseudonym is put together in this language.
	Pseudonym Pseudonyms

	// Actions, shown in the key-hint line and the help overlay.
	KeyMove, KeyChoose, KeyBack, KeyHelp, KeyQuit, KeyScroll, KeyPage string
	KeyQuiz, KeyNext, KeyRetry, KeyContinue, KeySort, KeyTop          string
	KeySkipQuiz                                                       string // enter in a lesson not read to its end
	KeyMenu, KeyPlain, KeyClose, KeySubmit, KeyAny                    string
	KeyEnd                                                            string // end: to the last line or choice
	KeyRecount                                                        string // r: a live panel counts again

	// Welcome screen.
	CourseTitle     string // default course title, replaced by branding
	Tagline         string
	CourseSize      Plural // %d lessons, %d minutes (plural by the number of lessons)
	PromiseHeading  string
	WelcomeKeys     string // the keys, in one sentence
	Promise         string
	WelcomeStart    string
	WelcomeContinue string
	WelcomeLessons  string
	WelcomeFinish   string
	WelcomeQuit     string

	// Lesson menu.
	MenuTitle        string
	StatusNotStarted string
	StatusRead       string
	StatusPassed     string
	MenuProgress     string // %d of %d read, %d of %d quizzes passed
	MenuFinish       string
	MenuMinutes      string // %d min
	LegendNotStarted string
	LegendRead       string
	LegendPassed     string
	ReaderEnd        string
	ReaderTakeQuiz   string
	SourcesHeading   string
	ReaderPosition   string // %d%%
	ReaderSection    string // section %d of %d

	// Quiz.
	QuizTitle       string // Quiz: %s
	QuizQuestionOf  string // Question %d of %d
	QuizChooseOne   string
	QuizTrueFalse   string
	QuizSortHint    string
	QuizUnsorted    string
	QuizRight       string
	QuizWrong       string
	QuizRetryHint   string
	QuizSortedWrong string // %d of %d cases are in the wrong bin
	QuizRightBin    string // right: %s
	QuizYourAnswer  string
	// Words drawn as symbols: "↓ more" in colour; in plain mode every symbol with a
	// meaning is a word (a screen reader reads it).
	More, PlainMore, PlainLess, PlainRight, PlainWrong string
	PlainUp, PlainDown, PlainUpDown, PlainLeftRight    string
	QuizRightAnswer                                    string
	QuizRightSorting                                   string // after giving up on a sorting: where the answer is
	QuizSortAll                                        string
	QuizDoneTitle                                      string
	QuizScore                                          string // You got %d of %d right at the first try.
	QuizPassed                                         string
	QuizNotPassed                                      string // %d%% needed
	QuizMissed                                         string
	QuizAllRight                                       string
	QuizNextLesson                                     string
	QuizBackToMenu                                     string
	QuizRetake                                         string
	QuizLast                                           string

	// Final screen.
	FinalTitle   string
	FinalRead    string // Lessons read: %d of %d
	FinalPassed  string // Quizzes passed: %d of %d
	FinalRight   string // Right at the first try: %d of %d
	FinalKept    string
	FinalThanks  string
	FinalMenu    string
	FinalQuitKey string

	// Help overlay.
	HelpTitle string
	HelpBody  string // multi-line; the key list is generated
	// The overlay's opening on the teacher's and the students' screens.
	HelpBodyTeacher string
	HelpBodyStudent string
	HelpClose       string

	// Small window.
	TooSmall string // This window is %dx%d. ... at least %dx%d.

	// Session ends.
	Goodbye  string
	Shutdown string
	Crashed  string
	Loading  string
	Error    string

	// SSH commands.
	CmdUsage      string // %s = host hint
	CmdNoPTY      string // %s = host hint
	CmdUnknown    string // %s = command
	CmdUnknownArg string // %s = lesson id
	// A known command with the wrong number of words after it (one line; the help follows).
	CmdArgMissing  string // %[1]s = command, %[2]s = what is missing (CmdArgLesson, CmdArgCode)
	CmdArgExtra    string // %s = command taking one word
	CmdArgNone     string // %s = command taking none
	CmdArgLesson   string
	CmdArgCode     string
	CmdArgExpCode  string // compare without a terminal: the code the other connection shows
	CmdNeedsPTY    string // %s = command
	CmdListHeader  string
	CmdListMinutes string // %d min
}
