package i18n

// MirrorText holds the strings for the mirror lesson (what the server sees) and resume codes.
type MirrorText struct {
	// The live panel and the `whoami` report.
	MirrorTitle     string
	MirrorSubtitle  string
	MirrorUnknown   string // when the connection facts are not available
	MirrorAddress   string
	MirrorAddrValue string // %s address, %d port
	MirrorAddrWhy   string
	MirrorClient    string
	MirrorClientWhy string
	MirrorUser      string
	MirrorUserWhy   string
	MirrorKeys      string
	MirrorNone      string // the value when nothing was sent
	MirrorKeysWhy   string
	MirrorKeysCheck string // followed by a command that lists the learner's keys
	MirrorNoKeysWhy string
	MirrorMore      Plural // and %d more
	MirrorTerm      string
	MirrorTermValue string // %s TERM, %d width, %d height
	MirrorNoTerm    string
	MirrorTermWhy   string
	MirrorEnv       string
	MirrorEnvWhy    string
	MirrorNoEnvWhy  string
	MirrorTipsTitle string
	MirrorTipNoKeys string
	MirrorTipUser   string
	MirrorTipLang   string
	MirrorTipKeys   string
	MirrorFooter    string
	MirrorReportEnd string // followed by the whoami command with -t
	MirrorScreen    string // title of the mirror screen when no lesson shows it

	// Resume codes.
	KeyCode           string
	KeyRestore        string
	KeyDelete         string // backspace in a text field (room, resume and compare codes)
	KeyClear          string // ctrl+u in a text field
	HelpCode          string
	ResumeTitle       string
	ResumeIntro       string
	ResumeSummary     string // %d read of %d, %d passed of %d, %d right of %d
	ResumeNothing     string
	ResumeQuizOpen    string // after the summary, while a quiz is under way
	ResumeHowTo       string
	ResumeOnlyCopy    string
	ResumeNoIdentity  string
	ResumeFinal       string // %s = the code
	ResumeFinalKeep   string
	WelcomeResume     string
	ResumeEnterTitle  string
	ResumeEnterHelp   string
	ResumeDone        string
	ResumeContinue    string
	ResumeErrEmpty    string
	ResumeErrChar     string // %d position, %s character
	ResumeErrShort    string // %d = shortest length
	ResumeErrLong     string // %d = longest length
	ResumeErrTypo     string
	ResumeErrTypoAt   string // %d position, %s the code with the character marked
	ResumeErrCourse   string
	ResumeErrInvalid  string
	ResumeCmdRejected string // shown above the input when `resume CODE` was not accepted
}
