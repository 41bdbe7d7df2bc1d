package session

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
)

// DrainMsg says the server is restarting: the session may go on for Left, and a notice
// with its resume code stays at the bottom of every screen until then (drawn once, no
// countdown, as the limit warnings). ShutdownMsg ends it at the deadline.
type DrainMsg struct{ Left time.Duration }

func (m DrainMsg) apply(a *App) tea.Cmd {
	a.notices.drain = max(m.Left, time.Second)
	return nil
}

// drainNotice is the one line: when, and the command that brings the learner back here.
// The code is made when the notice is drawn, so it holds the progress up to now.
func (a *App) drainNotice() string {
	return fmt.Sprintf(a.t.DrainNotice, FormatDuration(a.notices.drain), a.resumeCommand(a.resumeCode()))
}

// shutdownGoodbye is the goodbye when the server ends the session: that it is going
// down, and the resume code again.
// A class that the shutdown ended comes first: the student's own summary (the closing
// screen it replaces held it), or the teacher's "the class has ended".
func (a *App) shutdownGoodbye() string {
	var class []string
	a.syncClass()
	switch {
	case a.class.classScreens != nil && a.class.stud.ended:
		class = append(class, a.class.stud.why(a))
		if len(a.class.stud.results) > 0 {
			class = append(class, a.t.ClassSummary)
			class = append(class, a.class.stud.summary(a, a.contentWidth(), false)...)
		}
	case a.class.teacher != nil && a.class.teach.mode == tEnded:
		class = append(class, a.t.ClassEndedTeacher)
	}
	bye := a.t.Shutdown + "\n" + fmt.Sprintf(a.t.DrainResume, a.resumeCommand(a.resumeCode()))
	if len(class) == 0 {
		return bye
	}
	return strings.Join(class, "\n") + "\n\n" + bye
}
