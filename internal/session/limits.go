package session

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tutord/internal/limits"
)

// LimitWarnMsg warns that the session ends in Left because of a limit (idle or maximum
// length). The warning stays at the bottom of every screen until LimitClearMsg or the end.
// It is drawn once and never updated: a countdown would wake an idle session every second.
type LimitWarnMsg struct {
	Kind limits.Kind
	Left time.Duration
}

func (m LimitWarnMsg) apply(a *App) tea.Cmd {
	a.notices.set(m.Kind, max(m.Left, time.Second))
	return nil
}

// LimitClearMsg takes a warning back (the learner pressed a key).
type LimitClearMsg struct{ Kind limits.Kind }

func (m LimitClearMsg) apply(a *App) tea.Cmd {
	a.notices.set(m.Kind, 0)
	return nil
}

// LimitEndMsg ends the session because of a limit; Limit is the limit's length, for the
// goodbye line.
type LimitEndMsg struct {
	Kind  limits.Kind
	Limit time.Duration
}

func (m LimitEndMsg) apply(a *App) tea.Cmd {
	format := a.t.LimitIdleEnded
	if m.Kind == limits.MaxLength {
		format = a.t.LimitMaxEnded
	}
	a.goodbye = fmt.Sprintf(format, FormatDuration(m.Limit))
	return tea.Quit
}

// limitNotices are the warnings showing now: time left per limit, 0 when none.
type limitNotices struct {
	idle, maxLen time.Duration
	drain        time.Duration // the server restarts in this long (drain.go); 0: it does not
}

func (n *limitNotices) set(k limits.Kind, left time.Duration) {
	switch k {
	case limits.Idle:
		n.idle = left
	case limits.MaxLength:
		n.maxLen = left
	}
}

// withNotices draws the warnings over the last lines of a screen, where the key hints
// are: every screen has them there, and they matter less than "this session is ending".
func (a *App) withNotices(screen string) string {
	var texts []string
	if a.notices.drain > 0 {
		texts = append(texts, a.drainNotice())
	}
	if a.notices.maxLen > 0 {
		texts = append(texts, fmt.Sprintf(a.t.LimitMaxWarn, FormatDuration(a.notices.maxLen)))
	}
	if a.notices.idle > 0 {
		texts = append(texts, fmt.Sprintf(a.t.LimitIdleWarn, FormatDuration(a.notices.idle)))
	}
	if len(texts) == 0 || a.h < 3 || a.w < 1 {
		return screen
	}
	var notice []string
	for _, t := range texts {
		if a.plain {
			t = "! " + t
		}
		notice = append(notice, wrap(t, a.w)...)
	}
	notice = notice[:min(len(notice), max(1, a.h/3))]
	lines := strings.Split(screen, "\n")
	for len(lines) < a.h {
		lines = append(lines, "")
	}
	lines = lines[:a.h]
	for i, l := range notice {
		pad := max(0, a.w-ansi.StringWidth(l))
		lines[a.h-len(notice)+i] = a.theme.header.Render(truncate(l, a.w, "") + strings.Repeat(" ", pad)) // the accent bar
	}
	return strings.Join(lines, "\n")
}

// FormatDuration writes a limit or a time left the way the notices say it, in units that
// read the same in English and German: "30 s", "1 min", "3 h".
func FormatDuration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d h", d/time.Hour)
	case d >= time.Minute-time.Second/2:
		return fmt.Sprintf("%d min", (d+time.Minute/2)/time.Minute)
	default:
		return fmt.Sprintf("%d s", max(1, (d+time.Second/2)/time.Second))
	}
}
