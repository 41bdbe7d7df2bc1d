package session

import "tutord/internal/i18n"

// classKeymaps are the bindings of the class screens (classroom.go (notice), classview.go, teacher.go, student.go), built once per
// language and look like the rest of keymaps (keys.go).
type classKeymaps struct{}

func newClassKeymaps(th *theme, t *i18n.Text, km *keymaps) classKeymaps {
	_, _, _ = th, t, km
	return classKeymaps{}
}
