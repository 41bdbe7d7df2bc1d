package i18n

// ClassText holds the strings for classroom mode: rooms, teacher and student screens.
type ClassText struct {
	// SSH commands.
	ClassUsage      string // %[1]s = host hint
	ClassNotAllowed string

	// Keys.
	KeyJoin, KeyNextStep, KeyBackStep, KeyQuestions, KeyRoomCode string
	KeyEndClass, KeyTeacherCode, KeyLeaderboard, KeyLesson       string
	KeyAnswer                                                    string
	KeyYes, KeyNo                                                string // the answer to "end the class?"
	YesKey                                                       string // the letter for yes besides y ("j", "o")

	// Teacher keys in the help overlay.
	ClassHelpNext, ClassHelpBack, ClassHelpQuestions, ClassHelpLeaderboard string
	ClassHelpLesson, ClassHelpCode, ClassHelpTeacherCode, ClassHelpEnd     string
	ClassHelpToLesson, ClassHelpBackToLesson, ClassHelpClientsOff          string
	ClassHelpYes, ClassHelpNo                                              string

	// Joining.
	ClassJoinItem    string
	ClassJoinTitle   string
	ClassJoinPrompt  string
	ClassCodeLabel   string
	ClassNoName      string
	ClassErrFormat   string
	ClassErrNoRoom   string // %s = the code as typed
	ClassErrFull     string
	ClassErrTooMany  string
	ClassErrInternal string
	ClassErrLink     string

	// Teacher.
	ClassOpenTitle        string
	ClassTeacherCode      string // %s = teacher code
	ClassTeacherCodeNote  string // %s = grace period
	ClassTeacherCodeAfter string
	ClassNothingStored    string
	ClassShowCode         string
	ClassTitle            string
	ClassRoomCode         string
	ClassJoinHow          string
	ClassJoinOr           string // %s = ssh command
	ClassJoined           Plural // %d students
	ClassNoNames          string
	ClassChooseLesson     string
	ClassLessonInfo       string // %d pages, %d questions
	ClassPageOf           string // %d of %d
	ClassNextPage         string // %d
	ClassNextQuestion     string // %d
	ClassNextClose        string
	ClassNextReveal       string
	ClassNextNone         string
	ClassPhaseOpen        string
	ClassCountsOpen       string // on the teacher's screen while a question is open: no counts per answer yet
	ClassCountsFewClosed  string // %d = k: a closed question that fewer than k answered shows no counts per answer
	ClassPhaseClosed      string
	ClassPhaseRevealed    string
	ClassAnswered         string // %d of %d
	ClassAnsweredClosed   string // %d answers
	ClassRightShare       string // %d of %d (%d%%)
	ClassScenarioRight    string // %d%% right
	ClassScenarioClass    string // %d%% of the class
	ClassLeaderboard      string
	ClassLeaderboardOn    string
	ClassLeaderboardOff   string
	ClassLeaderboardFew   string // %d = k: no leaderboard in a class smaller than that
	ClassNotTeacher       string
	ClassActionFailed     string
	ClassEndConfirm       string
	ClassEndedTitle       string
	ClassEndedTeacher     string
	ClassReplaced         string
	ClassErrRoomLimit     string
	ClassErrTeacherCode   string
	ClassErrTeacherFormat string
	ClassToCourse         string
	ClassBackToLesson     string
	ClassNoLessonYet      string
	ClassLessonBack       string // the lobby's way back to the lesson the class is on
	ClassTeacherLeft      string // %s grace period, %s command

	// Student.
	ClassYouAre           string
	ClassPseudonymNote    string
	ClassWaitingStart     string
	ClassWaiting          string
	ClassAway             string // %s time left
	ClassLinkLost         string
	ClassLeaderNote       string
	ClassBoardName        string // above the pseudonym as the board names it, in the teacher's language
	ClassSent             string
	ClassClosedWait       string
	ClassNoAnswer         string
	ClassScore            string // %d of %d
	ClassClassAnswers     string
	ClassClassRight       Plural // %d of %d, by the first
	ClassClassAnswered    Plural // %d answered (below the k rule, instead of ClassClassRight)
	ClassEndedByTeacher   string
	ClassEndedGone        string
	ClassEndedOther       string
	ClassEndedLost        string
	ClassEndedFull        string
	ClassEndedLostTeacher string // %s = the grace period; the teach command follows
	ClassSummary          string
	ClassSummaryLine      string // answered %d of %d, %d right
	ClassSummaryGone      string
	ClassContinue         string
	ClassQuestionN        string // %d
}
