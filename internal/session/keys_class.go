package session

import (
	"strings"

	"tutord/internal/i18n"
)

// classKeymaps are the bindings of the class screens (classroom.go (notice), classview.go,
// teacher.go, student.go), built once per language and look like the rest of keymaps
// (keys.go).
type classKeymaps struct {
	choice  choiceKeys
	teacher teacherKeys
	student studentKeys
}

func newClassKeymaps(th *theme, t *i18n.Text, km *keymaps) classKeymaps {
	next, back := "→", "←"
	if th.plain {
		next, back = "right", "left"
	}
	return classKeymaps{
		choice: choiceKeys{
			list: km.list,
			Back: bind("esc", t.KeyBack, "esc"),
		},
		teacher: teacherKeys{
			Continue:     bind("enter", t.KeyContinue, "enter", "space"),
			ToLesson:     bindLong("enter", t.KeyLesson, t.ClassHelpToLesson, "enter", "space", "esc", "right"),
			BackToLesson: bindLong("enter", t.ClassBackToLesson, t.ClassHelpBackToLesson, "enter", "space", "esc", "right"),
			Next:         bindLong(next, t.KeyNextStep, t.ClassHelpNext, "right", "n", "space", "enter", "pgdown"),
			Back:         bindLong(back, t.KeyBackStep, t.ClassHelpBack, "left", "pgup", "backspace"),
			Questions:    bindLong("o", t.KeyQuestions, t.ClassHelpQuestions, "o"),
			Leaderboard:  bindLong("b", t.KeyLeaderboard, t.ClassHelpLeaderboard, "b"),
			Lessons:      bindLong("l", t.KeyLesson, t.ClassHelpLesson, "l"),
			RoomCode:     bindLong("c", t.KeyRoomCode, t.ClassHelpCode, "c"),
			TeacherCode:  bindLong("t", t.KeyTeacherCode, t.ClassHelpTeacherCode, "t"),
			Clients:      bindLong("s", t.KeyClients, t.ClassHelpClients, "s"),
			ClientsOff:   bindLong("s", t.KeyBack, t.ClassHelpClientsOff, "s", "esc"),
			End:          bindLong("e", t.KeyEndClass, t.ClassHelpEnd, "e"),
			Yes:          yesKey(t),
			No:           bindLong("n", t.KeyNo, t.ClassHelpNo, "n", "N", "esc"),
			Down:         bind(th.g.updown, t.KeyScroll, "down", "j"),
			Up:           bind(th.g.updown, t.KeyScroll, "up", "k"),
			Top:          bind("home", t.KeyTop, "home", "g"),
			ListBack:     bind("esc", t.KeyBack, "esc", "backspace"),
			scroll:       km.scroll,
			list:         km.list,
		},
		student: studentKeys{scroll: km.scroll},
	}
}

// choiceKeys are the keys of a message with a choice list under it (choicePage): the
// class notice and the end of a class.
type choiceKeys struct {
	list listKeys
	Back binding // esc: where the first choice goes (the notice only)
}

func (k choiceKeys) ShortHelp() []binding {
	return []binding{k.list.Choose, k.list.Up, k.list.Down}
}

func (k choiceKeys) FullHelp() []binding { return append(k.list.FullHelp(), k.Back) }

// teacherState is which of the teacher's key sets is on: the screen's mode, or the
// class view or the "end the class?" question over it.
type teacherState uint8

const (
	tkStart teacherState = iota
	tkLobby
	tkLessons
	tkPacing
	tkClients
	tkConfirm
)

// teacherKeys are the teacher's, for one state (teacherModel.keymap switches off what the
// state does not act on).
type teacherKeys struct {
	state teacherState
	page  bool // pacing a page (o shows in the hint line), not a question (b shows)

	Continue               binding // the teacher code is noted: on to the room code
	ToLesson, BackToLesson binding // the lobby: to a lesson, to choose one first
	Next, Back             binding // pacing: a step on, a step back
	Questions, Leaderboard binding
	Lessons                binding // l: choose another lesson
	RoomCode, TeacherCode  binding
	Clients, ClientsOff    binding // the class view on, and off again
	End                    binding // asks first
	Yes, No                binding // the answer to "end the class?"
	Down, Up, Top          binding // the teacher code, the lobby and pacing scroll with these
	ListBack               binding // the lesson list: back to the room
	scroll                 scrollKeys
	list                   listKeys
}

func (k teacherKeys) ShortHelp() []binding {
	switch k.state {
	case tkStart:
		return []binding{k.Continue, k.Down, k.Up}
	case tkLobby:
		return []binding{k.ToLesson, k.BackToLesson, k.End, k.TeacherCode, k.Clients}
	case tkLessons:
		return []binding{k.list.Choose, k.list.Up, k.list.Down, k.ListBack}
	case tkClients:
		return []binding{k.ClientsOff, k.scroll.Down, k.scroll.Up, k.End}
	case tkConfirm:
		return []binding{k.Yes, k.No}
	}
	step := k.Leaderboard
	if k.page {
		step = k.Questions
	}
	return []binding{k.Next, k.Back, step, k.End, k.Lessons, k.RoomCode, k.TeacherCode, k.Clients}
}

func (k teacherKeys) FullHelp() []binding {
	var out []binding
	for _, b := range k.of(k.state) {
		out = append(out, *b)
	}
	return out
}

// of is every binding the teacher acts on in state s, in the help overlay's order.
func (k *teacherKeys) of(s teacherState) []*binding {
	switch s {
	case tkStart:
		return []*binding{&k.Continue, &k.Down, &k.Up, &k.Top}
	case tkLobby:
		return []*binding{&k.ToLesson, &k.BackToLesson, &k.Down, &k.Up, &k.Lessons, &k.Clients, &k.TeacherCode, &k.End}
	case tkLessons:
		return []*binding{&k.list.Choose, &k.list.Up, &k.list.Down, &k.list.First, &k.list.Last, &k.ListBack}
	case tkClients:
		return []*binding{&k.ClientsOff, &k.scroll.Down, &k.scroll.Up, &k.scroll.PageDown, &k.scroll.PageUp, &k.scroll.Top,
			&k.RoomCode, &k.TeacherCode, &k.End}
	case tkConfirm:
		return []*binding{&k.Yes, &k.No}
	}
	return []*binding{&k.Next, &k.Back, &k.Questions, &k.Leaderboard, &k.Down, &k.Up, &k.Top,
		&k.Lessons, &k.RoomCode, &k.Clients, &k.TeacherCode, &k.End}
}

// only switches off every binding that state s does not act on, so one key can mean one
// thing in a state and another in the next (enter: to the lesson, then a step on).
func (k *teacherKeys) only(s teacherState) {
	on := map[*binding]bool{}
	for _, b := range k.of(s) {
		on[b] = true
	}
	for st := tkStart; st <= tkConfirm; st++ {
		for _, b := range k.of(st) {
			if !on[b] {
				b.SetEnabled(false)
			}
		}
	}
	k.state = s
}

// studentKeys are a student's while following the class: scrolling what the teacher
// shows. (An open question takes the answer keys, a class that ended its choices.)
type studentKeys struct {
	scroll scrollKeys
}

func (k studentKeys) ShortHelp() []binding {
	return []binding{k.scroll.Down, k.scroll.Up, k.scroll.PageDown}
}

func (k studentKeys) FullHelp() []binding { return k.scroll.FullHelp() }

// classEndKeys are the end of a class's, the teacher's and the students': its choices
// (esc has nowhere to go back to).
func (a *App) classEndKeys() choiceKeys {
	km := a.theme.keys.class.choice
	km.Back.SetEnabled(false)
	return km
}

// yesKey answers "end the class?": y in every language, and the language's own letter
// for yes (the catalog's YesKey: j, o), which the hint line names.
func yesKey(t *i18n.Text) binding {
	keys := []string{"y", "Y"}
	label := "y"
	if l := t.YesKey; len(l) == 1 && l != "y" {
		label = l
		keys = append(keys, l, strings.ToUpper(l))
	}
	return bindLong(label, t.KeyYes, t.ClassHelpYes, keys...)
}
