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
	MirrorMore      string // and %d more
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
	HelpCode          string
	ResumeTitle       string
	ResumeIntro       string
	ResumeSummary     string // %d read of %d, %d passed of %d, %d right of %d
	ResumeNothing     string
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

var mirrorEN = MirrorText{
	MirrorTitle:     "What your connection told this server",
	MirrorSubtitle:  "Live, from your own connection, shown only to you. Nothing of it is logged or stored, and nothing is looked up.",
	MirrorUnknown:   "(not known)",
	MirrorAddress:   "Address",
	MirrorAddrValue: "%s, port %d",
	MirrorAddrWhy: "Every server you connect to sees this address. It often points to your home, work or mobile network. " +
		"Through a VPN or Tor, their address would show here instead. The port changes with each connection.",
	MirrorClient:    "SSH client",
	MirrorClientWhy: "Your client sent this line unencrypted, before anything else (RFC 4253). It names your SSH program and version, and often your operating system.",
	MirrorUser:      "User name",
	MirrorUserWhy:   "The name before the @. If you typed none, your client sent your login name on your computer.",
	MirrorKeys:      "Keys offered",
	MirrorNone:      "none",
	MirrorKeysWhy: "Your client offered these public keys to log in. A key you offer to many servers is a stable pseudonym that links your visits. " +
		"If it is also published, as GitHub does at github.com/USER.keys, it can lead to your name. This server looked nothing up.",
	MirrorKeysCheck: "To compare, list the keys in your agent:",
	MirrorNoKeysWhy: "Your client offered no public keys, so no key links this visit to others.",
	MirrorMore:      "and %d more",
	MirrorTerm:      "Terminal",
	MirrorTermValue: "%s, %dx%d",
	MirrorNoTerm:    "none (no terminal requested)",
	MirrorTermWhy:   "Sent so the screen can be drawn. An unusual terminal type or size makes you a little easier to tell apart.",
	MirrorEnv:       "Environment",
	MirrorEnvWhy:    "Variables your client chose to send. LANG tells the server your language, and often your country or region.",
	MirrorNoEnvWhy:  "Your client sent no environment variables.",
	MirrorTipsTitle: "Reveal less next time",
	MirrorTipNoKeys: "Offer no keys to this server:",
	MirrorTipUser:   "Send a neutral user name:",
	MirrorTipLang:   "Start ssh without your language settings:",
	MirrorTipKeys:   "Give each server its own key: IdentitiesOnly yes and IdentityFile in ~/.ssh/config.",
	MirrorFooter:    "All of this is gone when you disconnect.",
	MirrorReportEnd: "The course explains each item and how to reveal less:",
	MirrorScreen:    "What this server sees",

	KeyCode:           "code",
	KeyRestore:        "restore",
	HelpCode:          "your resume code",
	ResumeTitle:       "Your resume code",
	ResumeIntro:       "This code holds your progress:",
	ResumeSummary:     "%d of %d lessons read, %d of %d quizzes passed, %d of %d answers right at the first try.",
	ResumeNothing:     "Nothing to keep yet: open a lesson first, and a code will hold your progress.",
	ResumeHowTo:       "To continue later, choose \"Enter a resume code\" on the welcome screen, or connect with:",
	ResumeOnlyCopy:    "You hold the only copy. The server stores nothing: not this code and not your progress. Lose the code and the progress is gone; that is the price of a server that keeps nothing.",
	ResumeNoIdentity:  "The code holds no name, address, key or time. Anyone with the same progress gets the same code: it describes progress, not a person.",
	ResumeFinal:       "Your resume code: %s",
	ResumeFinalKeep:   "Note it to continue later; the server keeps nothing (press c for more).",
	WelcomeResume:     "Enter a resume code",
	ResumeEnterTitle:  "Enter a resume code",
	ResumeEnterHelp:   "Type or paste the code you kept, then press enter. Upper or lower case, with or without dashes.",
	ResumeDone:        "Progress restored.",
	ResumeContinue:    "Continue the course",
	ResumeErrEmpty:    "Type a code first.",
	ResumeErrChar:     "Character %d (%s) is not used in codes: they have digits and letters only.",
	ResumeErrShort:    "This code is too short: codes have at least %d characters.",
	ResumeErrLong:     "This code is too long: codes here have at most %d characters.",
	ResumeErrTypo:     "This code has a typo: a character is wrong, missing or swapped. Check it and try again.",
	ResumeErrTypoAt:   "This code has a typo. Character %d may be wrong: %s",
	ResumeErrCourse:   "This code was made for a different set of lessons (another server, or another version of this course), so it cannot be restored here.",
	ResumeErrInvalid:  "This is not a valid code. Check it and try again.",
	ResumeCmdRejected: "The code you connected with was not restored.",
}

var mirrorDE = MirrorText{
	MirrorTitle:     "Was deine Verbindung diesem Server verraten hat",
	MirrorSubtitle:  "Live, aus deiner eigenen Verbindung, nur für dich sichtbar. Nichts davon wird protokolliert oder gespeichert, und nichts wird nachgeschlagen.",
	MirrorUnknown:   "(nicht bekannt)",
	MirrorAddress:   "Adresse",
	MirrorAddrValue: "%s, Port %d",
	MirrorAddrWhy: "Jeder Server, mit dem du dich verbindest, sieht diese Adresse. Sie führt oft zu deinem Netz zu Hause, bei der Arbeit oder im Mobilfunk. " +
		"Über ein VPN oder Tor stünde hier stattdessen deren Adresse. Der Port wechselt mit jeder Verbindung.",
	MirrorClient:    "SSH-Client",
	MirrorClientWhy: "Dein Client hat diese Zeile unverschlüsselt gesendet, noch vor allem anderen (RFC 4253). Sie nennt dein SSH-Programm und seine Version, oft auch dein Betriebssystem.",
	MirrorUser:      "Benutzername",
	MirrorUserWhy:   "Der Name vor dem @. Hast du keinen angegeben, hat dein Client deinen Anmeldenamen auf deinem Rechner gesendet.",
	MirrorKeys:      "Angebotene Schlüssel",
	MirrorNone:      "keine",
	MirrorKeysWhy: "Dein Client hat diese öffentlichen Schlüssel zum Anmelden angeboten. Ein Schlüssel, den du vielen Servern anbietest, ist ein stabiles Pseudonym, das deine Besuche verkettet. " +
		"Ist er auch veröffentlicht, wie bei GitHub unter github.com/USER.keys, kann er zu deinem Namen führen. Dieser Server hat nichts nachgeschlagen.",
	MirrorKeysCheck: "Zum Vergleich die Schlüssel in deinem Agenten auflisten:",
	MirrorNoKeysWhy: "Dein Client hat keine öffentlichen Schlüssel angeboten, also verkettet kein Schlüssel diesen Besuch mit anderen.",
	MirrorMore:      "und %d weitere",
	MirrorTerm:      "Terminal",
	MirrorTermValue: "%s, %dx%d",
	MirrorNoTerm:    "keines (kein Terminal angefordert)",
	MirrorTermWhy:   "Gesendet, damit der Bildschirm gezeichnet werden kann. Ein ungewöhnlicher Terminaltyp oder eine ungewöhnliche Größe macht dich etwas leichter unterscheidbar.",
	MirrorEnv:       "Umgebung",
	MirrorEnvWhy:    "Variablen, die dein Client mitgeschickt hat. LANG verrät dem Server deine Sprache und oft dein Land oder deine Region.",
	MirrorNoEnvWhy:  "Dein Client hat keine Umgebungsvariablen gesendet.",
	MirrorTipsTitle: "Beim nächsten Mal weniger verraten",
	MirrorTipNoKeys: "Diesem Server keine Schlüssel anbieten:",
	MirrorTipUser:   "Einen neutralen Benutzernamen senden:",
	MirrorTipLang:   "ssh ohne deine Spracheinstellungen starten:",
	MirrorTipKeys:   "Jedem Server einen eigenen Schlüssel geben: IdentitiesOnly yes und IdentityFile in ~/.ssh/config.",
	MirrorFooter:    "All das ist weg, sobald du die Verbindung trennst.",
	MirrorReportEnd: "Der Kurs erklärt jeden Punkt und wie du weniger verrätst:",
	MirrorScreen:    "Was dieser Server sieht",

	KeyCode:           "Code",
	KeyRestore:        "einlösen",
	HelpCode:          "dein Fortsetzungscode",
	ResumeTitle:       "Dein Fortsetzungscode",
	ResumeIntro:       "Dieser Code enthält deinen Fortschritt:",
	ResumeSummary:     "%d von %d Lektionen gelesen, %d von %d Quiz bestanden, %d von %d Antworten beim ersten Versuch richtig.",
	ResumeNothing:     "Noch gibt es nichts aufzuheben: Öffne zuerst eine Lektion, dann enthält ein Code deinen Fortschritt.",
	ResumeHowTo:       "Um später weiterzumachen, wähle \"Fortsetzungscode eingeben\" auf dem Startbildschirm oder verbinde dich so:",
	ResumeOnlyCopy:    "Du hast die einzige Kopie. Der Server speichert nichts: weder diesen Code noch deinen Fortschritt. Verlierst du den Code, ist der Fortschritt weg; das ist der Preis für einen Server, der nichts behält.",
	ResumeNoIdentity:  "Der Code enthält keinen Namen, keine Adresse, keinen Schlüssel und keine Uhrzeit. Wer denselben Fortschritt hat, bekommt denselben Code: Er beschreibt einen Fortschritt, keine Person.",
	ResumeFinal:       "Dein Fortsetzungscode: %s",
	ResumeFinalKeep:   "Notier ihn, um später weiterzumachen; der Server behält nichts (c zeigt mehr).",
	WelcomeResume:     "Fortsetzungscode eingeben",
	ResumeEnterTitle:  "Fortsetzungscode eingeben",
	ResumeEnterHelp:   "Tippe oder füge den Code ein, den du aufgehoben hast, und drück Enter. Groß oder klein, mit oder ohne Bindestriche.",
	ResumeDone:        "Fortschritt wiederhergestellt.",
	ResumeContinue:    "Kurs fortsetzen",
	ResumeErrEmpty:    "Tippe zuerst einen Code ein.",
	ResumeErrChar:     "Zeichen %d (%s) kommt in Codes nicht vor: Sie bestehen nur aus Ziffern und Buchstaben.",
	ResumeErrShort:    "Dieser Code ist zu kurz: Codes haben mindestens %d Zeichen.",
	ResumeErrLong:     "Dieser Code ist zu lang: Codes haben hier höchstens %d Zeichen.",
	ResumeErrTypo:     "Dieser Code hat einen Tippfehler: Ein Zeichen ist falsch, fehlt oder ist vertauscht. Prüf ihn und versuch es noch einmal.",
	ResumeErrTypoAt:   "Dieser Code hat einen Tippfehler. Zeichen %d ist vielleicht falsch: %s",
	ResumeErrCourse:   "Dieser Code gehört zu anderen Lektionen (einem anderen Server oder einer anderen Version dieses Kurses) und kann hier nicht wiederhergestellt werden.",
	ResumeErrInvalid:  "Das ist kein gültiger Code. Prüf ihn und versuch es noch einmal.",
	ResumeCmdRejected: "Der Code, mit dem du dich verbunden hast, wurde nicht übernommen.",
}
