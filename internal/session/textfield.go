package session

import tea "charm.land/bubbletea/v2"

// textField is a one-line text input: the room code a student types, the resume code a
// learner pastes. It keeps only what accept lets through, and at most max runes, so a
// paste of anything else stays cheap.
type textField struct {
	buf    []rune
	max    int
	accept func(rune) (rune, bool)
}

// edit applies a key and reports whether it was one that edits: the field's Delete and
// Clear bindings, or text typed.
func (f *textField) edit(fk *fieldKeys, k tea.KeyPressMsg) bool {
	switch {
	case matches(k, fk.Delete):
		if len(f.buf) > 0 {
			f.buf = f.buf[:len(f.buf)-1]
		}
	case matches(k, fk.Clear):
		f.buf = f.buf[:0]
	case k.Code == tea.KeySpace && k.Mod == 0: // text, also when sent without it
		f.add(" ")
	case k.Text != "":
		f.add(k.Text)
	default:
		return false
	}
	return true
}

// add appends typed or pasted text.
func (f *textField) add(text string) {
	for _, r := range text {
		if len(f.buf) >= f.max {
			return
		}
		if r, ok := f.accept(r); ok {
			f.buf = append(f.buf, r)
		}
	}
}

func (f *textField) String() string { return string(f.buf) }
