package i18n

// ExperimentText holds the strings of the two-connection experiment (compare CODE).
type ExperimentText struct {
	// On the mirror of the reference connection.
	ExpHeading     string
	ExpCodeIntro   string // %s = the code; followed by the compare command
	ExpCodeIdeas   string
	ExpCodeExpired string
	ExpUnavailable string
	ExpWaiting     string
	ExpOwnerSeen   Plural // %d = compares so far

	// The comparison, on both screens.
	ExpTitle      string // the compare screen
	ExpItemKey    string
	ExpItemKeySet string
	ExpItemAddr   string
	ExpItemUser   string
	ExpItemClient string
	ExpItemTerm   string
	ExpItemLang   string
	ExpItemEnv    string
	ExpItemWindow string
	ExpCertain    string
	ExpStrong     string
	ExpWeak       string
	ExpSame       string
	ExpDifferent  string
	ExpNeither    string // neither connection sent this kind of fact
	ExpBefore     string // %s = same or different, from the compare before
	ExpGone       string // beside a link the learner broke since the compare before

	ExpVerdictKey       string // %s = the shared key's fingerprint
	ExpVerdictKeyHidden string // the same, for a screen that did not send the key
	ExpVerdictAddrPrint string // %d matching weak details, %d weak details compared
	ExpVerdictAddrWeak  Plural // %d, %d as above, by the first
	ExpVerdictAddrOnly  string
	ExpVerdictPrint     string // %d, %d
	ExpVerdictWeak      Plural // %d, %d, by the first
	ExpVerdictNone      string
	ExpVerdictBefore    string // followed by the verdict of the compare before
	ExpSameConn         string
	ExpHonest           string
	ExpWhyKey           string
	ExpWhyAddr          string
	ExpWhyWeak          string

	// The fixes: one for each link found, then the command to check it.
	ExpFixTitle  string
	ExpFixAddr   string
	ExpFixClient string
	ExpFixTerm   string
	ExpFixEnv    string
	ExpFixWindow string
	ExpTryAgain  string

	// Typing a code (from the welcome screen), and what can go wrong.
	ExpWelcomeItem string
	ExpEnterTitle  string
	ExpEnterPrompt string // %s = the whoami command
	ExpCodeLabel   string
	ExpErrFormat   string
	ExpErrNoCode   string
	ExpErrExpired  string
	ExpErrTooMany  string
	ExpErrSpent    string // %d = compares allowed
	ExpErrFull     string
	KeyCompare     string
}
