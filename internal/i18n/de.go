package i18n

var german = Text{
	MirrorText: mirrorDE,
	ClassText:  classroomDE,
	LimitText:  limitsDE,
	AccessText: accessDE,

	Lang:     "de",
	LangName: "Deutsch",

	KeyMove: "bewegen", KeyChoose: "wählen", KeyBack: "zurück", KeyHelp: "Hilfe", KeyQuit: "beenden",
	KeyScroll: "blättern", KeyPage: "Seite", KeyQuiz: "Quiz", KeySkipQuiz: "zum Quiz springen", KeyNext: "weiter", KeyRetry: "nochmal",
	KeyContinue: "weiter", KeySort: "Fach", KeyTop: "Anfang",
	KeyMenu: "Lektionen", KeyPlain: "Nur-Text", KeyClose: "schließen", KeySubmit: "prüfen", KeyAny: "beliebige Taste",

	CourseTitle:    "Anonym oder pseudonym?",
	Tagline:        "Ein kurzer Kurs darüber, was „anonym“ wirklich heißt und was nicht.",
	CourseSize:     "%d Lektionen, etwa %d Minuten, jede mit einem Quiz.",
	PromiseHeading: "Was dieser Server über dich speichert",
	WelcomeKeys:    "Tasten: Pfeile oder j/k bewegen, Enter wählt, Esc geht zurück, ? hilft, q beendet.",
	Promise: "Nichts. Keinen Namen, keine Adresse, keinen Schlüssel und kein Protokoll darüber, wer du bist. " +
		"Dein Fortschritt existiert nur in dieser Sitzung: Wenn du die Verbindung schließt, ist er vergessen.",
	WelcomeStart:    "Kurs beginnen",
	WelcomeContinue: "Weitermachen",
	WelcomeLessons:  "Lektion wählen",
	WelcomeFinish:   "Ergebnis ansehen",
	WelcomeQuit:     "Beenden",

	MenuTitle:        "Lektionen",
	StatusNotStarted: "nicht begonnen",
	StatusRead:       "gelesen",
	StatusPassed:     "Quiz bestanden",
	MenuProgress:     "%d von %d gelesen, %d von %d Quiz bestanden",
	MenuFinish:       "Abschluss: Ergebnis ansehen",
	MenuMinutes:      "%d Min.",
	LegendNotStarted: "nicht begonnen",
	LegendRead:       "gelesen",
	LegendPassed:     "Quiz bestanden",
	ReaderEnd:        "Ende der Lektion.",
	ReaderTakeQuiz:   "Enter startet das Quiz.",
	SourcesHeading:   "Quellen",
	ReaderPosition:   "%d %%",
	ReaderSection:    "Teil %d von %d",

	QuizTitle:       "Quiz: %s",
	QuizQuestionOf:  "Frage %d von %d",
	QuizChooseOne:   "Wähle eine Antwort.",
	QuizTrueFalse:   "Stimmt das?",
	QuizSortHint:    "Ordne jeden Fall mit links/rechts oder einer Ziffer zu.",
	QuizUnsorted:    "(noch nicht zugeordnet)",
	QuizRight:       "Richtig.",
	QuizWrong:       "Nicht richtig.",
	QuizRetryHint:   "r versucht es noch einmal, Enter zeigt die Lösung.",
	QuizSortedWrong: "Falsches Fach bei %d von %d Fällen.",
	QuizRightBin:    "gehört zu: %s",
	QuizYourAnswer:  "deine Antwort",
	More:            "↓ mehr", PlainMore: "(weiter unten)", PlainLess: "(weiter oben)",
	PlainRight: "[richtig]", PlainWrong: "[falsch]",
	PlainUp: "hoch", PlainDown: "runter", PlainUpDown: "hoch/runter", PlainLeftRight: "links/rechts",
	QuizRightAnswer:  "richtige Antwort",
	QuizRightSorting: "Jeder Fall zeigt jetzt sein richtiges Fach.",
	QuizSortAll:      "Ordne zuerst jeden Fall zu.",
	QuizDoneTitle:    "Quiz fertig",
	QuizScore:        "Du hattest %d von %d beim ersten Versuch richtig.",
	QuizPassed:       "Bestanden.",
	QuizNotPassed:    "Noch nicht bestanden: %d %% beim ersten Versuch richtig sind nötig. Du kannst das Quiz wiederholen.",
	QuizMissed:       "Noch einmal ansehen lohnt sich:",
	QuizAllRight:     "Du hattest jede Frage beim ersten Versuch richtig.",
	QuizNextLesson:   "Nächste Lektion",
	QuizBackToMenu:   "Zurück zu den Lektionen",
	QuizRetake:       "Quiz wiederholen",
	QuizLast:         "Ergebnis ansehen",

	FinalTitle:   "Dein Ergebnis in dieser Sitzung",
	FinalRead:    "Lektionen gelesen: %d von %d",
	FinalPassed:  "Quiz bestanden: %d von %d",
	FinalRight:   "Beim ersten Versuch richtig: %d von %d Fragen",
	FinalKept:    "Dieses Ergebnis gibt es nur auf deinem Bildschirm. Wenn du die Verbindung schließt, ist es weg: Der Server hat nichts über dich gespeichert.",
	FinalThanks:  "Danke, dass du den Kurs gemacht hast.",
	FinalMenu:    "Zurück zu den Lektionen",
	FinalQuitKey: "Beenden",

	HelpTitle: "Hilfe",
	HelpBody: "Lies eine Lektion und beantworte dann ihr Quiz. Eine falsche Antwort zeigt, warum sie falsch ist, " +
		"und du kannst es noch einmal versuchen; für das Ergebnis zählt nur deine erste Antwort.",
	HelpClose: "Blättern mit den Pfeiltasten oder der Leertaste; jede andere Taste schließt die Hilfe.",

	TooSmall: "Dieses Fenster ist %dx%d groß. Bitte mach es mindestens %dx%d groß. (q beendet.)",

	Goodbye:  "Auf Wiedersehen. Über dich wurde nichts gespeichert.",
	Shutdown: "Der Server wird heruntergefahren. Auf Wiedersehen: Über dich wurde nichts gespeichert.",
	Crashed:  "Entschuldigung, in dieser Sitzung ist ein Fehler passiert, sie musste enden. Über dich wurde nichts gespeichert; bitte verbinde dich neu.",
	Loading:  "Wird geladen ...",
	Error:    "Entschuldigung, diese Lektion kann nicht angezeigt werden.",

	CmdUsage: `tutord: ein interaktiver Kurs über Anonymität und Pseudonymität.

  %[1]s              öffnet den Kurs (mit -t, falls dein Client ihn nicht öffnet)
  %[1]s lesson ID    öffnet direkt eine Lektion
  %[1]s list         listet die Lektionen auf
  %[1]s whoami       was deine Verbindung diesem Server verrät (-t: im Kurs)
  %[1]s resume CODE  macht mit einem Fortsetzungscode weiter (braucht -t)
  %[1]s help         zeigt diese Hilfe

Über dich wird nichts gespeichert; wenn du die Verbindung schließt, bist du vergessen.
`,
	CmdNoPTY: `Das ist ein interaktiver Kurs, und deine Verbindung hat kein Terminal.
Verbinde dich mit einem Terminal, zum Beispiel:

  %s

`,
	CmdUnknown:     "unbekannter Befehl %s",
	CmdArgMissing:  "nach %[1]s fehlt ein Wort: %[2]s",
	CmdArgExtra:    "nach %s darf nur ein Wort stehen",
	CmdArgNone:     "nach %s darf nichts stehen",
	CmdArgLesson:   "die ID oder Nummer einer Lektion (list zeigt sie)",
	CmdArgCode:     "dein Fortsetzungscode",
	CmdUnknownArg:  "keine Lektion mit der ID %s; \"list\" zeigt sie",
	CmdNeedsPTY:    "%s braucht ein Terminal: verbinde dich mit ssh -t",
	CmdListHeader:  "Lektionen (ID, Titel, Minuten):",
	CmdListMinutes: "%d Min.",
}
