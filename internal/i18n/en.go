package i18n

var english = Text{
	MirrorText: mirrorEN,
	ClassText:  classroomEN,
	LimitText:  limitsEN,
	AccessText: accessEN,

	Lang:     "en",
	LangName: "English",

	KeyMove: "move", KeyChoose: "choose", KeyBack: "back", KeyHelp: "help", KeyQuit: "quit",
	KeyScroll: "scroll", KeyPage: "page", KeyQuiz: "quiz", KeySkipQuiz: "skip to quiz", KeyNext: "next", KeyRetry: "try again",
	KeyContinue: "go on", KeySort: "bin", KeyTop: "top",
	KeyMenu: "lessons", KeyPlain: "plain text", KeyClose: "close", KeySubmit: "check", KeyAny: "any key",

	CourseTitle:    "Anonymous or pseudonymous?",
	Tagline:        "A short course on what \"anonymous\" really means, and what it does not.",
	CourseSize:     "%d lessons, about %d minutes, each with a quiz.",
	PromiseHeading: "What this server keeps about you",
	WelcomeKeys:    "Keys: arrows or j/k to move, enter to choose, esc to go back, ? for help, q to quit.",
	Promise: "Nothing. No name, no address, no key and no log of who you are. " +
		"Your progress exists only in this session: closing the connection forgets you.",
	WelcomeStart:    "Start the course",
	WelcomeContinue: "Continue",
	WelcomeLessons:  "Choose a lesson",
	WelcomeFinish:   "See your score",
	WelcomeQuit:     "Quit",

	MenuTitle:        "Lessons",
	StatusNotStarted: "not started",
	StatusRead:       "read",
	StatusPassed:     "quiz passed",
	MenuProgress:     "%d of %d read, %d of %d quizzes passed",
	MenuFinish:       "Finish: see your score",
	MenuMinutes:      "%d min",
	LegendNotStarted: "not started",
	LegendRead:       "read",
	LegendPassed:     "quiz passed",
	ReaderEnd:        "End of the lesson.",
	ReaderTakeQuiz:   "Press enter for the quiz.",
	SourcesHeading:   "Sources",
	ReaderPosition:   "%d%%",
	ReaderSection:    "part %d of %d",

	QuizTitle:       "Quiz: %s",
	QuizQuestionOf:  "Question %d of %d",
	QuizChooseOne:   "Choose one answer.",
	QuizTrueFalse:   "True or false?",
	QuizSortHint:    "Sort each case with left/right or a number.",
	QuizUnsorted:    "(not sorted yet)",
	QuizRight:       "Right.",
	QuizWrong:       "Not right.",
	QuizRetryHint:   "Press r to try again, or enter to see the answer.",
	QuizSortedWrong: "Wrong bin for %d of %d cases.",
	QuizRightBin:    "belongs in: %s",
	QuizYourAnswer:  "your answer",
	More:            "↓ more", PlainMore: "(more below)", PlainLess: "(more above)",
	PlainRight: "[right]", PlainWrong: "[wrong]",
	PlainUp: "up", PlainDown: "down", PlainUpDown: "up/down", PlainLeftRight: "left/right",
	QuizRightAnswer:  "right answer",
	QuizRightSorting: "Each case now shows its right bin.",
	QuizSortAll:      "Sort every case first.",
	QuizDoneTitle:    "Quiz done",
	QuizScore:        "You got %d of %d right at the first try.",
	QuizPassed:       "Passed.",
	QuizNotPassed:    "Not passed yet: %d%% right at the first try are needed. You can take the quiz again.",
	QuizMissed:       "Worth another look:",
	QuizAllRight:     "You got every question right at the first try.",
	QuizNextLesson:   "Next lesson",
	QuizBackToMenu:   "Back to the lessons",
	QuizRetake:       "Take the quiz again",
	QuizLast:         "See your score",

	FinalTitle:   "Your score for this session",
	FinalRead:    "Lessons read: %d of %d",
	FinalPassed:  "Quizzes passed: %d of %d",
	FinalRight:   "Right at the first try: %d of %d questions",
	FinalKept:    "This score exists only on your screen. When you close the connection, it is gone: the server kept nothing about you.",
	FinalThanks:  "Thank you for taking the course.",
	FinalMenu:    "Back to the lessons",
	FinalQuitKey: "Quit",

	HelpTitle: "Help",
	HelpBody: "Read a lesson, then answer its quiz. A wrong answer shows why and can be tried again; " +
		"only your first answer counts for the score.",
	HelpClose: "Scroll with the arrow keys or space; any other key closes this help.",

	TooSmall: "This window is %dx%d. Please make it at least %dx%d. (q quits.)",

	Goodbye:  "Goodbye. Nothing about you was kept.",
	Shutdown: "The server is shutting down. Goodbye: nothing about you was kept.",
	Crashed:  "Sorry, something went wrong in this session and it had to end. Nothing about you was kept; please connect again.",
	Loading:  "Loading...",
	Error:    "Sorry, this lesson could not be shown.",

	CmdUsage: `tutord: an interactive course on anonymity and pseudonymity.

  %[1]s              open the course (add -t if your client does not open it)
  %[1]s lesson ID    open a lesson directly
  %[1]s list         list the lessons
  %[1]s whoami       what your connection tells this server (-t: in the course)
  %[1]s resume CODE  continue from a resume code (needs -t)
  %[1]s help         show this help

Nothing about you is stored; closing the connection forgets you.
`,
	CmdNoPTY: `This is an interactive course, and your connection has no terminal.
Connect with a terminal, for example:

  %s

`,
	CmdUnknown:     "unknown command %s",
	CmdArgMissing:  "%[1]s needs one word after it: %[2]s",
	CmdArgExtra:    "%s takes only one word after it",
	CmdArgNone:     "%s takes nothing after it",
	CmdArgLesson:   "a lesson ID or number (list shows them)",
	CmdArgCode:     "your resume code",
	CmdUnknownArg:  "no lesson with id %s; \"list\" shows them",
	CmdNeedsPTY:    "%s needs a terminal: connect with ssh -t",
	CmdListHeader:  "Lessons (id, title, minutes):",
	CmdListMinutes: "%d min",
}
