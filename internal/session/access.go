package session

import (
	tea "charm.land/bubbletea/v2"
)

// togglePlain switches plain mode (ASCII only, no colour, no box drawing) on or off for
// this session. Nothing is stored: the next connection starts from TERM, NO_COLOR or the
// plain command again.
func (a *App) togglePlain() tea.Cmd {
	a.plain = !a.plain
	a.theme = a.sh.theme(a.plain, a.t)
	a.onResize() // lessons re-render in the plain or colour Markdown style
	if !a.plain {
		// Colour is back: learn the background again to pick dark or light lessons.
		return tea.RequestBackgroundColor
	}
	return nil
}

// Plain reports whether the session is in plain mode now.
func (a *App) Plain() bool { return a.plain }
