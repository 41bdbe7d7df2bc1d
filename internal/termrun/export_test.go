package termrun

import (
	"bytes"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Screen is a screen for the benchmarks in package termrun_test, which draw the app's
// views: they import session, which imports this package.
type Screen struct{ s *screen }

func NewScreen(term string, profile colorprofile.Profile, w, h int) Screen {
	return Screen{newScreen(term, profile, w, h, false, false)}
}

func (s Screen) Draw(v tea.View, out *bytes.Buffer) { s.s.draw(v, out, false) }
