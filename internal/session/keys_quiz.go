package session

import "tutord/internal/i18n"

// quizKeymaps are the bindings of the quiz screens (quiz.go, answer.go, kinds.go), built once per
// language and look like the rest of keymaps (keys.go).
type quizKeymaps struct{}

func newQuizKeymaps(th *theme, t *i18n.Text, km *keymaps) quizKeymaps {
	_, _, _ = th, t, km
	return quizKeymaps{}
}
