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
	LineQuizIntro   string // %[1]s = title, %[2]d = number of questions
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

var accessEN = AccessText{
	HelpPlain: "plain text on/off (no colour, ASCII only)",

	CmdUsageAccess: `Without colour or a full-screen terminal (screen readers, scripts):
  %[1]s -t plain        the course as plain text: no colour, ASCII only
  %[1]s read ID         print a lesson as plain text
  %[1]s quiz ID         answer its quiz line by line, by typing numbers
ID is a lesson's id or its number in the list.
`,
	CmdNoPTYAccess: `Or read a lesson here as plain text, and answer its quiz line by line:

  %[1]s read %[2]s
  %[1]s quiz %[2]s
`,

	ReadQuizHint: "The quiz for this lesson, answered line by line:",

	LineQuizIntro:   "Quiz: %[1]s\n%[2]d questions.",
	LineQuizHow:     "Answer each question by typing a number and pressing enter. Only your first answer counts. An empty line repeats the question; q ends the quiz.",
	LineChooseOne:   "Choose one answer.",
	LineTrueFalse:   "True or false?",
	LineClassify:    "Sort each case into a bin.",
	LineAnswer:      "Your answer, 1 to %d:",
	LineBins:        "Bins:",
	LineCases:       "Cases:",
	LineSortHow:     "Type a bin number, 1 to %d, for each case in order: all on one line, or one case per line. Example: 2 3 1 2",
	LineCase:        "Case %[1]s, bin 1 to %[2]d:",
	LineNotANumber:  "Please type a number from 1 to %d.",
	LineTooMany:     "Too many numbers for the cases left to sort (%d). Please type that line again.",
	LineSortedWrong: "Wrong bin for %d of %d cases.",
	LineYourAnswer:  "your answer",
	LineRightAnswer: "right answer",
	LineBelongs:     "Belongs in: %s.",
	LineYourBin:     "You chose: %s.",
	LineStopped:     "Quiz stopped after %[1]d of %[2]d questions.",
	LineEnded:       "The input ended after %[1]d of %[2]d questions.",
	LineAgain:       "To take the quiz again:",
}

var accessDE = AccessText{
	HelpPlain: "Nur-Text an/aus (keine Farben, nur ASCII)",

	CmdUsageAccess: `Ohne Farben oder Vollbild-Terminal (Screenreader, Skripte):
  %[1]s -t plain        der Kurs als reiner Text: keine Farben, nur ASCII
  %[1]s read ID         eine Lektion als reinen Text ausgeben
  %[1]s quiz ID         ihr Quiz Zeile für Zeile beantworten, mit Zahlen
ID ist die ID einer Lektion oder ihre Nummer in der Liste.
`,
	CmdNoPTYAccess: `Oder lies eine Lektion hier als reinen Text und beantworte ihr Quiz Zeile für Zeile:

  %[1]s read %[2]s
  %[1]s quiz %[2]s
`,

	ReadQuizHint: "Das Quiz zu dieser Lektion, Zeile für Zeile:",

	LineQuizIntro:   "Quiz: %[1]s\n%[2]d Fragen.",
	LineQuizHow:     "Beantworte jede Frage mit einer Zahl und Enter. Nur deine erste Antwort zählt. Eine leere Zeile wiederholt die Frage; q beendet das Quiz.",
	LineChooseOne:   "Wähle eine Antwort.",
	LineTrueFalse:   "Stimmt das?",
	LineClassify:    "Ordne jeden Fall einem Fach zu.",
	LineAnswer:      "Deine Antwort, 1 bis %d:",
	LineBins:        "Fächer:",
	LineCases:       "Fälle:",
	LineSortHow:     "Gib für jeden Fall der Reihe nach eine Fachnummer ein, 1 bis %d: alle in einer Zeile oder einen Fall pro Zeile. Beispiel: 2 3 1 2",
	LineCase:        "Fall %[1]s, Fach 1 bis %[2]d:",
	LineNotANumber:  "Bitte gib eine Zahl von 1 bis %d ein.",
	LineTooMany:     "Zu viele Zahlen für die noch offenen Fälle (%d). Bitte gib die Zeile noch einmal ein.",
	LineSortedWrong: "Falsches Fach bei %d von %d Fällen.",
	LineYourAnswer:  "deine Antwort",
	LineRightAnswer: "richtige Antwort",
	LineBelongs:     "Gehört zu: %s.",
	LineYourBin:     "Deine Wahl: %s.",
	LineStopped:     "Quiz nach %[1]d von %[2]d Fragen beendet.",
	LineEnded:       "Die Eingabe endete nach %[1]d von %[2]d Fragen.",
	LineAgain:       "Um das Quiz noch einmal zu machen:",
}
