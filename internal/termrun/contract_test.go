package termrun

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"image/color"
	"io"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// recModel records every message and runs one command from Init.
type recModel struct {
	cmd  tea.Cmd
	mu   sync.Mutex
	msgs []tea.Msg
}

type markMsg struct{ n int }

func (m *recModel) Init() tea.Cmd { return m.cmd }
func (m *recModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.mu.Lock()
	m.msgs = append(m.msgs, msg)
	m.mu.Unlock()
	return m, nil
}
func (m *recModel) View() tea.View {
	v := tea.NewView("contract")
	v.AltScreen = true
	return v
}
func (m *recModel) seen() []tea.Msg {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]tea.Msg(nil), m.msgs...)
}

// outcome is what one command did to the program, the terminal and the model.
type outcome struct {
	out     string    // everything written to the terminal
	msgs    []tea.Msg // what the model got
	refused []tea.Msg
	err     error // Run's, if it ended by itself
	ended   bool
}

func (o outcome) got(pred func(tea.Msg) bool) int {
	n := 0
	for _, m := range o.msgs {
		if pred(m) {
			n++
		}
	}
	return n
}

// runCommand runs cmd from Init and waits until done says it is done (or the program
// ended), then checks the program still takes messages, and ends it.
func runCommand(t *testing.T, cmd tea.Cmd, done func(o outcome) bool) outcome {
	t.Helper()
	inR, inW := io.Pipe()
	defer inW.Close()
	m := &recModel{cmd: cmd}
	var out lockedBuffer
	var rmu sync.Mutex
	var refused []tea.Msg
	p := New(m, Options{Input: inR, Output: &out, Width: 80, Height: 24, Term: "xterm-256color",
		Profile: colorprofile.ANSI256, Ended: func(error) { _ = inR.Close() }, Refused: func(msg tea.Msg) {
			rmu.Lock()
			refused = append(refused, msg)
			rmu.Unlock()
		}})
	var o outcome
	runDone := make(chan struct{})
	go func() {
		_, o.err = p.Run()
		close(runDone)
	}()
	snapshot := func() outcome {
		rmu.Lock()
		defer rmu.Unlock()
		return outcome{out: out.String(), msgs: m.seen(), refused: append([]tea.Msg(nil), refused...)}
	}
	deadline := time.Now().Add(wait)
	for {
		select {
		case <-runDone:
			s := snapshot()
			s.err, s.ended = o.err, true
			return s
		default:
		}
		if s := snapshot(); done(s) {
			break
		}
		if time.Now().After(deadline) {
			p.Kill()
			<-runDone
			t.Fatalf("never done; model got %v, refused %v, terminal got %q", m.seen(), refused, out.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
	// The program still works: a message sent now reaches the model.
	p.Send(markMsg{1})
	for time.Now().Before(deadline) {
		if (outcome{msgs: m.seen()}).got(func(m tea.Msg) bool { return m == markMsg{1} }) > 0 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	p.Kill()
	<-runDone
	s := snapshot()
	if s.got(func(m tea.Msg) bool { return m == markMsg{1} }) == 0 {
		t.Fatalf("the program stopped taking messages; model got %v", s.msgs)
	}
	return s
}

// internalTo reports messages of bubbletea's unexported types that reached the model.
func internalTo(o outcome) []tea.Msg {
	var bad []tea.Msg
	for _, m := range o.msgs {
		if tt := reflect.TypeOf(m); tt.PkgPath() == bubbleteaPath && !isExported(tt.Name()) {
			bad = append(bad, m)
		}
	}
	return bad
}

func asCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

type contractCase struct {
	cmd  tea.Cmd
	done func(o outcome) bool // what carrying it out looks like
	// refused: it must be reported, not carried out, and reach no model.
	refused bool
}

func wrote(seq string) func(o outcome) bool {
	return func(o outcome) bool { return strings.Contains(o.out, seq) }
}

func modelGot(pred func(tea.Msg) bool, n int) func(o outcome) bool {
	return func(o outcome) bool { return o.got(pred) >= n }
}

func isMark(n int) func(tea.Msg) bool { return func(m tea.Msg) bool { return m == markMsg{n} } }

// TestEveryBubbleteaConstructor holds the contract with bubbletea: every exported
// function of bubbletea that makes a command or a message is listed here with what
// termrun does with it, and is run through a program to show it. A bubbletea upgrade
// that adds one fails here until requests.go decides on it; one whose request type
// changes shape fails its case.
func TestEveryBubbleteaConstructor(t *testing.T) {
	refused := contractCase{refused: true}
	cases := map[string]contractCase{
		"Batch": {cmd: tea.Batch(asCmd(markMsg{2}), asCmd(markMsg{3})),
			done: func(o outcome) bool { return o.got(isMark(2)) == 1 && o.got(isMark(3)) == 1 }},
		"Sequence": {cmd: tea.Sequence(asCmd(markMsg{2}), asCmd(markMsg{3})),
			done: func(o outcome) bool {
				var order []int
				for _, m := range o.msgs {
					if mm, ok := m.(markMsg); ok {
						order = append(order, mm.n)
					}
				}
				return len(order) == 2 && order[0] == 2 && order[1] == 3
			}},
		"Every":                  {cmd: tea.Every(time.Millisecond, func(time.Time) tea.Msg { return markMsg{2} }), done: modelGot(isMark(2), 1)},
		"Tick":                   {cmd: tea.Tick(time.Millisecond, func(time.Time) tea.Msg { return markMsg{2} }), done: modelGot(isMark(2), 1)},
		"Quit":                   {cmd: tea.Quit, done: func(o outcome) bool { return false }},
		"Interrupt":              {cmd: tea.Interrupt, done: func(o outcome) bool { return false }},
		"Suspend":                {cmd: tea.Suspend, done: func(o outcome) bool { return strings.Contains(o.out, "contract") }},
		"RequestBackgroundColor": {cmd: tea.RequestBackgroundColor, done: wrote(ansi.RequestBackgroundColor)},
		"RequestForegroundColor": {cmd: tea.RequestForegroundColor, done: wrote(ansi.RequestForegroundColor)},
		"RequestCursorColor":     {cmd: tea.RequestCursorColor, done: wrote(ansi.RequestCursorColor)},
		"RequestCursorPosition":  {cmd: tea.RequestCursorPosition, done: wrote(ansi.RequestCursorPositionReport)},
		"RequestTerminalVersion": {cmd: tea.RequestTerminalVersion, done: wrote(ansi.RequestNameVersion)},
		"RequestCapability":      {cmd: tea.RequestCapability("RGB"), done: wrote(ansi.RequestTermcap("RGB"))},
		"RequestWindowSize": {cmd: tea.RequestWindowSize, done: modelGot(func(m tea.Msg) bool {
			return m == tea.WindowSizeMsg{Width: 80, Height: 24}
		}, 2)}, // the first at the start, the second the answer
		"ClearScreen": {cmd: tea.ClearScreen, done: func(o outcome) bool {
			return strings.Count(o.out, ansi.EraseEntireScreen) >= 2 // the first frame's, and the repaint
		}},
		"Println":                     refused,
		"Printf":                      refused,
		"Raw":                         {cmd: tea.Raw("\x1b]52;c;aGk=\x07"), refused: true},
		"Exec":                        {cmd: tea.Exec(nil, nil), refused: true},
		"ExecProcess":                 {cmd: tea.ExecProcess(exec.Command("true"), nil), refused: true},
		"SetClipboard":                {cmd: tea.SetClipboard("hi"), refused: true},
		"SetPrimaryClipboard":         {cmd: tea.SetPrimaryClipboard("hi"), refused: true},
		"ReadClipboard":               {cmd: tea.ReadClipboard, refused: true},
		"ReadPrimaryClipboard":        {cmd: tea.ReadPrimaryClipboard, refused: true},
		"RequestProgramStatusSupport": {cmd: tea.RequestProgramStatusSupport, refused: true},
	}
	cases["Println"] = contractCase{cmd: tea.Println("above"), refused: true}
	cases["Printf"] = contractCase{cmd: tea.Printf("above %d", 1), refused: true}

	for _, name := range bubbleteaConstructors(t) {
		if _, ok := cases[name]; !ok {
			t.Errorf("bubbletea exports %s: decide in requests.go whether termrun carries it out or refuses it, and add it here", name)
		}
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			done := c.done
			if c.refused {
				done = func(o outcome) bool { return len(o.refused) > 0 }
			}
			o := runCommand(t, c.cmd, done)
			if bad := internalTo(o); len(bad) > 0 {
				t.Errorf("bubbletea's own requests reached the model: %#v", bad)
			}
			switch name {
			case "Quit":
				if !o.ended || o.err != nil {
					t.Errorf("Quit: ended %v, err %v", o.ended, o.err)
				}
			case "Interrupt":
				if !o.ended || !errors.Is(o.err, tea.ErrInterrupted) {
					t.Errorf("Interrupt: ended %v, err %v", o.ended, o.err)
				}
			case "Suspend":
				if n := o.got(func(m tea.Msg) bool { _, ok := m.(tea.SuspendMsg); return ok }); n > 0 {
					t.Error("a program inside a server was told to suspend")
				}
			}
			if c.refused {
				for _, m := range o.msgs {
					if _, ok := m.(tea.RawMsg); ok {
						t.Errorf("a refused request reached the model: %#v", m)
					}
				}
				if strings.Contains(o.out, "\x1b]52") || strings.Contains(o.out, "above") {
					t.Errorf("a refused request was carried out: %q", o.out)
				}
			}
		})
	}
}

// bubbleteaConstructors lists bubbletea's exported functions that return a tea.Cmd or
// a tea.Msg, read from the source of the version this module builds with.
func bubbleteaConstructors(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", "charm.land/bubbletea/v2").Output()
	if err != nil {
		t.Fatalf("go list bubbletea: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	fset := token.NewFileSet()
	var names []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() || fd.Type.Results == nil || len(fd.Type.Results.List) != 1 {
				continue
			}
			if id, ok := fd.Type.Results.List[0].Type.(*ast.Ident); ok && (id.Name == "Cmd" || id.Name == "Msg") {
				names = append(names, fd.Name.Name)
			}
		}
	}
	if len(names) < 20 {
		t.Fatalf("found only %d constructors in %s: the source layout changed", len(names), dir)
	}
	return names
}

// TestSynchronizedOutputWhereTheTerminalHasIt: the program asks for mode 2026 with its
// first frame; once the terminal says it knows it, every frame comes wrapped in it.
func TestSynchronizedOutputWhereTheTerminalHasIt(t *testing.T) {
	t.Parallel()
	inR, inW := io.Pipe()
	defer inW.Close()
	var out lockedBuffer
	m := newList()
	p := New(m, Options{Input: inR, Output: &out, Width: 80, Height: 24, Term: "xterm-256color", Profile: colorprofile.ANSI256,
		Ended: func(error) { _ = inR.Close() }})
	go func() { _, _ = p.Run() }()
	defer p.Kill()
	waitFor(t, func() bool { return strings.Contains(out.String(), "q quit") })
	if s := out.String(); !strings.HasPrefix(s, ansi.RequestModeSynchronizedOutput) || strings.Contains(s, ansi.SetModeSynchronizedOutput) {
		t.Fatalf("first frame: want the 2026 query and no synchronized frame yet: %q", s)
	}
	_, _ = io.WriteString(inW, "\x1b[?2026;2$y") // known, reset
	waitFor(t, func() bool { return len(m.seen) > 0 && isMode(<-m.seen) })
	n := out.Len()
	_, _ = io.WriteString(inW, "j")
	waitFor(t, func() bool { return strings.Contains(out.String()[n:], "> item 1") })
	frame := out.String()[n:]
	if !strings.HasPrefix(frame, ansi.SetModeSynchronizedOutput) || !strings.HasSuffix(frame, ansi.ResetModeSynchronizedOutput) {
		t.Errorf("a frame after the terminal said it has mode 2026 is not wrapped in it: %q", frame)
	}
}

func isMode(m tea.Msg) bool { _, ok := m.(tea.ModeReportMsg); return ok }

// plainModel's view asks for everything a plain terminal must not get.
type plainModel struct{ listModel }

func (m *plainModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.listModel.Update(msg)
	return m, cmd
}

func (m *plainModel) View() tea.View {
	v := m.listModel.View()
	v.Content += "\n\x1b]8;;https://example.org\x07a link\x1b]8;;\x07"
	v.MouseMode = tea.MouseModeAllMotion
	v.ReportFocus = true
	v.BackgroundColor = color.RGBA{R: 10, A: 255}
	v.Cursor = tea.NewCursor(0, 0)
	v.Cursor.Shape = tea.CursorBar
	return v
}

// TestPlainSendsTextAndScreenOnly: in plain mode a session gets text, cursor moves,
// erasing and the alternate screen, and none of the keyboard protocol, queries, title,
// links, modes or colours (what the server once filtered out after the fact).
func TestPlainSendsTextAndScreenOnly(t *testing.T) {
	t.Parallel()
	inR, inW := io.Pipe()
	defer inW.Close()
	var out lockedBuffer
	m := &plainModel{listModel: *newList()}
	m.init = tea.Batch(tea.RequestBackgroundColor, tea.RequestCapability("RGB"))
	p := New(m, Options{Input: inR, Output: &out, Width: 80, Height: 24, Term: "dumb", Profile: colorprofile.Ascii, Plain: true,
		Ended: func(error) { _ = inR.Close() }})
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	waitFor(t, func() bool { return strings.Contains(out.String(), "q quit") })
	_, _ = io.WriteString(inW, "jq")
	<-done
	s := out.String()
	for _, bad := range []string{"\x1b]", "\x1b[>", "\x1b[<", "\x1b[?u", "$p", "\x1b[?2004", "\x1b[?1003", "\x1b[?1004", "\x1b[6 q", "\x1bP"} {
		if strings.Contains(s, bad) {
			t.Errorf("plain output has %q: %q", bad, s)
		}
	}
	if !strings.Contains(s, "> item 1") || !strings.Contains(s, ansi.SetModeAltScreenSaveCursor) {
		t.Errorf("plain output lacks the text or the screen: %q", s)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
		time.Sleep(2 * time.Millisecond)
	}
}
