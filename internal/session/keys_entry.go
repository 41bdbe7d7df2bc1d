package session

import "tutord/internal/i18n"

// entryKeymaps are the bindings of the entry screens (join.go, resume.go, experiment.go (compare and its entry), mirror.go), built once per
// language and look like the rest of keymaps (keys.go).
type entryKeymaps struct{}

func newEntryKeymaps(th *theme, t *i18n.Text, km *keymaps) entryKeymaps {
	_, _, _ = th, t, km
	return entryKeymaps{}
}
