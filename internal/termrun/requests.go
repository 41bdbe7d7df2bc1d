package termrun

import (
	"reflect"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// bubbletea's commands return requests to its Program as values of unexported types.
// Each is recognised here by the type of a value its exported constructor makes, so no
// unexported name is spelled; what a request carries is read only where bubbletea gives
// no exported way (a sequence's commands, a capability's name), by its kind, and
// TestEveryBubbleteaConstructor fails if that ever stops working.

// reqKind is what the program does with a request.
type reqKind int

const (
	reqNone       reqKind = iota // not a request: an ordinary message for the model
	reqQuery                     // ask the terminal; the reply comes back as input
	reqWindowSize                // answer with the window size
	reqClear                     // repaint the whole screen
	reqSequence                  // run commands one after another
	reqRefused                   // not carried out here (see refusedWhy)
)

type request struct {
	kind reqKind
	seq  string    // reqQuery: what to ask
	cmds []tea.Cmd // reqSequence
}

func typeOf(msg tea.Msg) reflect.Type { return reflect.TypeOf(msg) }

func cmdType(c tea.Cmd) reflect.Type { return typeOf(c()) }

var (
	// Queries with a fixed question.
	queries = map[reflect.Type]string{
		typeOf(tea.RequestBackgroundColor()): ansi.RequestBackgroundColor,
		typeOf(tea.RequestForegroundColor()): ansi.RequestForegroundColor,
		typeOf(tea.RequestCursorColor()):     ansi.RequestCursorColor,
		typeOf(tea.RequestCursorPosition()):  ansi.RequestCursorPositionReport,
		typeOf(tea.RequestTerminalVersion()): ansi.RequestNameVersion,
	}
	capabilityType = cmdType(tea.RequestCapability("RGB"))
	windowSizeType = typeOf(tea.RequestWindowSize())
	clearType      = typeOf(tea.ClearScreen())
	sequenceType   = cmdType(tea.Sequence(func() tea.Msg { return nil }, func() tea.Msg { return nil }))

	// refusedWhy lists what a program inside a server does not do, and why.
	refusedWhy = map[reflect.Type]string{
		// Printing above the program is for inline programs; the app is full-screen,
		// and bubbletea drops it on the alt screen too.
		cmdType(tea.Println("")):    "print above the program",
		cmdType(tea.Printf("")):     "print above the program",
		cmdType(tea.Exec(nil, nil)): "run a process on the server's terminal",
		// The clipboard is the learner's: no session reads it, and none fills it.
		cmdType(tea.SetClipboard("")):        "set the clipboard",
		cmdType(tea.SetPrimaryClipboard("")): "set the primary selection",
		typeOf(tea.ReadClipboard()):          "read the clipboard",
		typeOf(tea.ReadPrimaryClipboard()):   "read the primary selection",
		// Views' ProgressBar and ProgramStatus are not drawn, so support is not asked.
		typeOf(tea.RequestProgramStatusSupport()): "program status",
	}
)

// requestOf classifies a message.
func requestOf(msg tea.Msg) request {
	if msg == nil {
		return request{}
	}
	t := reflect.TypeOf(msg)
	if q, ok := queries[t]; ok {
		return request{kind: reqQuery, seq: q}
	}
	switch t {
	case windowSizeType:
		return request{kind: reqWindowSize}
	case clearType:
		return request{kind: reqClear}
	case capabilityType:
		return request{kind: reqQuery, seq: ansi.RequestTermcap(reflect.ValueOf(msg).String())}
	case sequenceType:
		return request{kind: reqSequence, cmds: reflect.ValueOf(msg).Convert(reflect.TypeFor[tea.BatchMsg]()).Interface().(tea.BatchMsg)}
	}
	if _, ok := refusedWhy[t]; ok {
		return request{kind: reqRefused}
	}
	if t.PkgPath() == bubbleteaPath && !isExported(t.Name()) {
		// A request of a newer bubbletea that nothing here knows: refused rather than
		// handed to the model as if it were the model's own message.
		return request{kind: reqRefused}
	}
	return request{}
}

var bubbleteaPath = reflect.TypeFor[tea.QuitMsg]().PkgPath()

func isExported(name string) bool { return name != "" && name[0] >= 'A' && name[0] <= 'Z' }
