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

	// Teacher keys in the help overlay.
	ClassHelpNext, ClassHelpBack, ClassHelpQuestions, ClassHelpLeaderboard string
	ClassHelpLesson, ClassHelpCode, ClassHelpTeacherCode, ClassHelpEnd     string

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
	ClassJoined           string // %d students
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
	ClassTeacherLeft      string // %s grace period, %s command

	// Student.
	ClassYouAre         string
	ClassPseudonymNote  string
	ClassWaitingStart   string
	ClassWaiting        string
	ClassAway           string // %s time left
	ClassLeaderNote     string
	ClassSent           string
	ClassClosedWait     string
	ClassNoAnswer       string
	ClassScore          string // %d of %d
	ClassClassAnswers   string
	ClassClassRight     string // %d of %d
	ClassEndedByTeacher string
	ClassEndedGone      string
	ClassEndedOther     string
	ClassSummary        string
	ClassSummaryLine    string // answered %d of %d, %d right
	ClassSummaryGone    string
	ClassContinue       string
	ClassQuestionN      string // %d
}

var classroomEN = ClassText{
	ClassUsage: `
In class:
  %[1]s teach         open a classroom and show its code to the class
  %[1]s join CODE     join a class with the code your teacher shows
`,
	ClassNotAllowed: "opening a classroom needs a key this server allows; ask its operator",

	KeyJoin: "join", KeyNextStep: "next", KeyBackStep: "back", KeyQuestions: "questions",
	KeyRoomCode: "room code", KeyEndClass: "end class", KeyTeacherCode: "teacher code",
	KeyLeaderboard: "leaderboard", KeyLesson: "lesson", KeyAnswer: "send",

	ClassHelpNext:        "next step: next page; open, close, reveal each question",
	ClassHelpBack:        "step back (an open question is taken back, its answers dropped)",
	ClassHelpQuestions:   "skip the remaining pages, go to the questions",
	ClassHelpLeaderboard: "leaderboard by pseudonym on or off (off at the start)",
	ClassHelpLesson:      "choose another lesson",
	ClassHelpCode:        "show the room code again, for latecomers",
	ClassHelpTeacherCode: "show or hide your teacher code (keep it private)",
	ClassHelpEnd:         "end the class for everyone",

	ClassJoinItem:    "Join a class",
	ClassJoinTitle:   "Join a class",
	ClassJoinPrompt:  "Type the room code your teacher shows, then press enter.",
	ClassCodeLabel:   "Room code:",
	ClassNoName:      "No name is asked: you get a random pseudonym for this class only.",
	ClassErrFormat:   "A room code has 6 letters and digits, like KM7-4QX, and no look-alikes such as O, 0, I or 1: check the code your teacher shows.",
	ClassErrNoRoom:   "There is no class with the code %s. Check the code; the class may also have ended.",
	ClassErrFull:     "This class is full.",
	ClassErrTooMany:  "Too many wrong codes from your network. Wait a minute, then try again.",
	ClassErrInternal: "Sorry, the classroom is not available right now.",

	ClassOpenTitle:        "Your classroom is open",
	ClassTeacherCode:      "Teacher code: %s",
	ClassTeacherCodeNote:  "Keep it to yourself. If your connection drops, come back within %s with:",
	ClassTeacherCodeAfter: "and the class goes on where it was. Without this code nobody can steer the room.",
	ClassNothingStored:    "Nothing about the class is stored: when you end it, or do not come back in time, the room and every answer in it are gone.",
	ClassShowCode:         "Show the room code to the class",
	ClassTitle:            "Classroom",
	ClassRoomCode:         "Room code",
	ClassJoinHow:          "To join, type:",
	ClassJoinOr:           "or connect with %s and choose \"Join a class\".",
	ClassJoined:           "%d joined",
	ClassNoNames:          "No names: everyone gets a random pseudonym for this class only.",
	ClassChooseLesson:     "Choose a lesson",
	ClassLessonInfo:       "%d pages, %d questions",
	ClassPageOf:           "Page %d of %d",
	ClassNextPage:         "Next: page %d",
	ClassNextQuestion:     "Next: question %d",
	ClassNextClose:        "Next: close the question",
	ClassNextReveal:       "Next: reveal the answer",
	ClassNextNone:         "End of the lesson: l for another lesson, e to end the class.",
	ClassPhaseOpen:        "Open: students are answering.",
	ClassPhaseClosed:      "Closed: no more answers. The answer is not shown yet.",
	ClassPhaseRevealed:    "Answer revealed.",
	ClassAnswered:         "Answered: %d of %d",
	ClassAnsweredClosed:   "Answers: %d",
	ClassRightShare:       "Right: %d of %d (%d%%)",
	ClassScenarioRight:    "%d%% right",
	ClassScenarioClass:    "%d%% of the class sorted this one right.",
	ClassLeaderboard:      "Leaderboard",
	ClassLeaderboardOn:    "Leaderboard on: it shows after each answer is revealed.",
	ClassLeaderboardOff:   "Leaderboard off.",
	ClassEndConfirm:       "End the class for everyone? y: yes, n: no",
	ClassEndedTitle:       "Class ended",
	ClassEndedTeacher:     "The class has ended. The room and every answer in it are gone.",
	ClassReplaced:         "This classroom is now steered from another connection, with your teacher code.",
	ClassErrRoomLimit:     "The server cannot open another classroom now. Please try again later.",
	ClassErrTeacherCode:   "No open classroom has this teacher code. The class may have ended.",
	ClassErrTeacherFormat: "A teacher code has 10 letters and digits.",
	ClassToCourse:         "Go to the course",
	ClassBackToLesson:     "back to the class",
	ClassNoLessonYet:      "Choose a lesson to start",
	ClassTeacherLeft:      "You left the classroom. It waits %s for you: come back with %s and the teacher code shown at the start.",

	ClassYouAre:         "You are",
	ClassPseudonymNote:  "A transaction pseudonym: made for this class only, new in every class, and linked to nothing about you.",
	ClassWaitingStart:   "Waiting for the teacher to start the lesson.",
	ClassWaiting:        "Waiting for the teacher.",
	ClassAway:           "The teacher's connection dropped. The class waits up to %s for them to come back.",
	ClassLeaderNote:     "The teacher shows a leaderboard: your pseudonym and score may appear on their screen.",
	ClassSent:           "Answer sent. You can change it until the teacher closes the question.",
	ClassClosedWait:     "The question is closed. Wait for the teacher to reveal the answer.",
	ClassNoAnswer:       "You did not answer this question.",
	ClassScore:          "Your score: %d of %d right",
	ClassClassAnswers:   "The class's answers:",
	ClassClassRight:     "%d of %d in the class got it right.",
	ClassEndedByTeacher: "The teacher has ended the class.",
	ClassEndedGone:      "The teacher did not come back, so the class has ended.",
	ClassEndedOther:     "The class has ended.",
	ClassSummary:        "Your summary, on your screen only:",
	ClassSummaryLine:    "You answered %d of %d questions, %d of them right.",
	ClassSummaryGone:    "The room and every answer in it are gone, and so is your pseudonym.",
	ClassContinue:       "Continue with the course on your own",
	ClassQuestionN:      "Question %d",
}

var classroomDE = ClassText{
	ClassUsage: `
Im Unterricht:
  %[1]s teach         einen Klassenraum öffnen und seinen Code der Klasse zeigen
  %[1]s join CODE     einer Klasse mit dem Code beitreten, den die Lehrkraft zeigt
`,
	ClassNotAllowed: "einen Klassenraum zu öffnen braucht einen Schlüssel, den dieser Server zulässt; frag seinen Betreiber",

	KeyJoin: "beitreten", KeyNextStep: "weiter", KeyBackStep: "zurück", KeyQuestions: "Fragen",
	KeyRoomCode: "Raumcode", KeyEndClass: "Stunde beenden", KeyTeacherCode: "Lehrkraft-Code",
	KeyLeaderboard: "Bestenliste", KeyLesson: "Lektion", KeyAnswer: "senden",

	ClassHelpNext:        "nächster Schritt: nächste Seite; jede Frage öffnen, schließen, auflösen",
	ClassHelpBack:        "Schritt zurück (eine offene Frage wird zurückgenommen, ihre Antworten verworfen)",
	ClassHelpQuestions:   "die übrigen Seiten überspringen, zu den Fragen",
	ClassHelpLeaderboard: "Bestenliste nach Pseudonym an oder aus (zu Beginn aus)",
	ClassHelpLesson:      "eine andere Lektion wählen",
	ClassHelpCode:        "den Raumcode noch einmal zeigen, für Nachzügler",
	ClassHelpTeacherCode: "deinen Lehrkraft-Code zeigen oder verbergen (behalte ihn für dich)",
	ClassHelpEnd:         "die Stunde für alle beenden",

	ClassJoinItem:    "Einer Klasse beitreten",
	ClassJoinTitle:   "Einer Klasse beitreten",
	ClassJoinPrompt:  "Tippe den Raumcode, den deine Lehrkraft zeigt, und drücke Enter.",
	ClassCodeLabel:   "Raumcode:",
	ClassNoName:      "Nach deinem Namen wird nicht gefragt: Du bekommst ein zufälliges Pseudonym nur für diese Stunde.",
	ClassErrFormat:   "Ein Raumcode hat 6 Buchstaben und Ziffern, etwa KM7-4QX, und nichts Verwechselbares wie O, 0, I oder 1: Prüfe den Code, den deine Lehrkraft zeigt.",
	ClassErrNoRoom:   "Es gibt keine Klasse mit dem Code %s. Prüf den Code; die Stunde kann auch schon zu Ende sein.",
	ClassErrFull:     "Diese Klasse ist voll.",
	ClassErrTooMany:  "Zu viele falsche Codes aus deinem Netz. Warte eine Minute und versuch es dann wieder.",
	ClassErrInternal: "Der Klassenraum ist gerade nicht verfügbar. Entschuldigung.",

	ClassOpenTitle:        "Dein Klassenraum ist offen",
	ClassTeacherCode:      "Lehrkraft-Code: %s",
	ClassTeacherCodeNote:  "Behalte ihn für dich. Bricht deine Verbindung ab, komm innerhalb von %s zurück mit:",
	ClassTeacherCodeAfter: "und die Stunde geht weiter, wo sie war. Ohne diesen Code kann niemand den Raum steuern.",
	ClassNothingStored:    "Von der Stunde wird nichts gespeichert: Wenn du sie beendest oder nicht rechtzeitig zurückkommst, sind der Raum und alle Antworten darin weg.",
	ClassShowCode:         "Den Raumcode der Klasse zeigen",
	ClassTitle:            "Klassenraum",
	ClassRoomCode:         "Raumcode",
	ClassJoinHow:          "Zum Beitreten tippen:",
	ClassJoinOr:           "oder mit %s verbinden und \"Einer Klasse beitreten\" wählen.",
	ClassJoined:           "%d im Raum",
	ClassNoNames:          "Keine Namen: Alle bekommen ein zufälliges Pseudonym nur für diese Stunde.",
	ClassChooseLesson:     "Eine Lektion wählen",
	ClassLessonInfo:       "%d Seiten, %d Fragen",
	ClassPageOf:           "Seite %d von %d",
	ClassNextPage:         "Weiter: Seite %d",
	ClassNextQuestion:     "Weiter: Frage %d",
	ClassNextClose:        "Weiter: Frage schließen",
	ClassNextReveal:       "Weiter: Antwort zeigen",
	ClassNextNone:         "Ende der Lektion: l für eine andere Lektion, e beendet die Stunde.",
	ClassPhaseOpen:        "Offen: Die Klasse antwortet.",
	ClassPhaseClosed:      "Geschlossen: Keine Antworten mehr. Die Lösung ist noch nicht zu sehen.",
	ClassPhaseRevealed:    "Lösung gezeigt.",
	ClassAnswered:         "Geantwortet: %d von %d",
	ClassAnsweredClosed:   "Antworten: %d",
	ClassRightShare:       "Richtig: %d von %d (%d%%)",
	ClassScenarioRight:    "%d%% richtig",
	ClassScenarioClass:    "%d%% der Klasse haben diesen Fall richtig einsortiert.",
	ClassLeaderboard:      "Bestenliste",
	ClassLeaderboardOn:    "Bestenliste an: Sie erscheint, nachdem eine Lösung gezeigt wurde.",
	ClassLeaderboardOff:   "Bestenliste aus.",
	ClassEndConfirm:       "Die Stunde für alle beenden? y: ja, n: nein",
	ClassEndedTitle:       "Stunde beendet",
	ClassEndedTeacher:     "Die Stunde ist beendet. Der Raum und alle Antworten darin sind weg.",
	ClassReplaced:         "Dieser Klassenraum wird jetzt von einer anderen Verbindung aus gesteuert, mit deinem Lehrkraft-Code.",
	ClassErrRoomLimit:     "Der Server kann gerade keinen weiteren Klassenraum öffnen. Bitte versuch es später.",
	ClassErrTeacherCode:   "Kein offener Klassenraum hat diesen Lehrkraft-Code. Die Stunde kann schon zu Ende sein.",
	ClassErrTeacherFormat: "Ein Lehrkraft-Code hat 10 Buchstaben und Ziffern.",
	ClassToCourse:         "Zum Kurs",
	ClassBackToLesson:     "zurück zur Stunde",
	ClassNoLessonYet:      "Eine Lektion wählen und beginnen",
	ClassTeacherLeft:      "Du hast den Klassenraum verlassen. Er wartet %s auf dich: Komm zurück mit %s und dem Lehrkraft-Code vom Anfang.",

	ClassYouAre:         "Du bist",
	ClassPseudonymNote:  "Ein Transaktionspseudonym: nur für diese Stunde gemacht, in jeder Stunde neu und mit nichts über dich verknüpft.",
	ClassWaitingStart:   "Warten, bis die Lehrkraft die Lektion beginnt.",
	ClassWaiting:        "Warten auf die Lehrkraft.",
	ClassAway:           "Die Verbindung der Lehrkraft ist abgebrochen. Die Klasse wartet bis zu %s auf sie.",
	ClassLeaderNote:     "Die Lehrkraft zeigt eine Bestenliste: Dein Pseudonym und deine Punkte können auf ihrem Bildschirm erscheinen.",
	ClassSent:           "Antwort gesendet. Du kannst sie ändern, bis die Lehrkraft die Frage schließt.",
	ClassClosedWait:     "Die Frage ist geschlossen. Warte, bis die Lehrkraft die Lösung zeigt.",
	ClassNoAnswer:       "Du hast diese Frage nicht beantwortet.",
	ClassScore:          "Deine Punkte: %d von %d richtig",
	ClassClassAnswers:   "Die Antworten der Klasse:",
	ClassClassRight:     "%d von %d in der Klasse hatten es richtig.",
	ClassEndedByTeacher: "Die Lehrkraft hat die Stunde beendet.",
	ClassEndedGone:      "Die Lehrkraft ist nicht zurückgekommen, daher ist die Stunde beendet.",
	ClassEndedOther:     "Die Stunde ist beendet.",
	ClassSummary:        "Deine Zusammenfassung, nur auf deinem Bildschirm:",
	ClassSummaryLine:    "Du hast %d von %d Fragen beantwortet, %d davon richtig.",
	ClassSummaryGone:    "Der Raum und alle Antworten darin sind weg, und dein Pseudonym auch.",
	ClassContinue:       "Allein mit dem Kurs weitermachen",
	ClassQuestionN:      "Frage %d",
}
