package termrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
)

const wait = 5 * time.Second

// listModel is a small app: a list with a selection, and hooks for the tests.
type listModel struct {
	sel, n  int
	size    tea.WindowSizeMsg
	note    string
	init    tea.Cmd
	seen    chan tea.Msg // every message, for the test to look at
	onKey   func(k tea.KeyPressMsg) tea.Cmd
	panicIn string // "update", "view"
}

func (m *listModel) Init() tea.Cmd { return m.init }

func (m *listModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.seen != nil {
		select {
		case m.seen <- msg:
		default:
		}
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.size = msg
	case tea.BackgroundColorMsg:
		m.note = fmt.Sprintf("dark=%v", msg.IsDark())
	case noteMsg:
		m.note += string(msg)
	case tea.PasteMsg:
		m.note = "pasted " + msg.Content
	case tea.KeyPressMsg:
		if m.panicIn == "update" {
			panic("boom in update")
		}
		if m.onKey != nil {
			if cmd := m.onKey(msg); cmd != nil {
				return m, cmd
			}
		}
		switch msg.String() {
		case "down", "j":
			m.sel = (m.sel + 1) % m.n
		case "up", "k":
			m.sel = (m.sel - 1 + m.n) % m.n
		case "q", "ctrl+c":
			return m, tea.Quit
		case "v":
			m.panicIn = "view"
		default:
			m.note = "key " + msg.String()
		}
	}
	return m, nil
}

var selStyle = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#7D56F4"))

func (m *listModel) View() tea.View {
	if m.panicIn == "view" {
		panic("boom in view")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "size %dx%d %s\n", m.size.Width, m.size.Height, m.note)
	for i := range m.n {
		if i == m.sel {
			b.WriteString(selStyle.Render(fmt.Sprintf("> item %d", i)))
		} else {
			fmt.Fprintf(&b, "  item %d", i)
		}
		b.WriteByte('\n')
	}
	b.WriteString("q quit")
	v := tea.NewView(b.String())
	v.AltScreen = true
	v.WindowTitle = "list"
	return v
}

type noteMsg string

// lockedBuffer collects output safely across goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Len()
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// term is a terminal emulator whose screen can be read while output arrives (the
// vt.SafeEmulator does not lock String).
type term struct {
	mu  sync.Mutex
	emu *vt.Emulator
}

func (e *term) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.emu.Write(p)
}

func (e *term) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.emu.String()
}

func (e *term) IsAltScreen() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.emu.IsAltScreen()
}

func (e *term) CursorHidden() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.emu.CursorHidden()
}

func (e *term) Resize(w, h int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.emu.Resize(w, h)
}

// harness runs a program on pipes, with a terminal emulator on the other end that
// answers queries like a real terminal.
type harness struct {
	t     *testing.T
	p     *Program
	in    *inputPipe
	emu   *term
	raw   *lockedBuffer
	done  chan struct{}
	err   error
	final tea.Model
}

func start(t *testing.T, m tea.Model, edit ...func(*Options)) *harness {
	t.Helper()
	in := newInputPipe()
	emu := vt.NewEmulator(80, 24)
	emu.SetDefaultBackgroundColor(color.White)
	h := &harness{t: t, in: in, emu: &term{emu: emu}, raw: &lockedBuffer{}, done: make(chan struct{})}
	o := Options{
		Input: in, Output: crlf{io.MultiWriter(h.emu, h.raw)},
		Width: 80, Height: 24, Term: "xterm-256color", Profile: colorprofile.TrueColor,
		// Run reads the input itself: the end of the program ends the input, as the
		// server's end of the session does.
		Ended: func(error) { _ = in.Close() },
	}
	for _, e := range edit {
		e(&o)
	}
	h.p = New(m, o)
	// The emulator's replies to queries. It is never closed (vt's Close races with
	// Read), so this goroutine outlives the test; it is idle.
	go func() { _, _ = io.Copy(in, emu) }()
	go func() {
		h.final, h.err = h.p.Run()
		close(h.done)
	}()
	t.Cleanup(func() {
		h.p.Kill()
		_ = in.Close()
		<-h.done
	})
	return h
}

// inputPipe is a terminal's input as an SSH channel delivers it: a write never waits for
// the reader (the channel buffers it), a read waits for bytes or the close. With io.Pipe
// the emulator's reply to a query would wait for Run's goroutine, which reads the input
// and is the one writing the query.
type inputPipe struct {
	mu     sync.Mutex
	more   *sync.Cond
	buf    []byte
	closed bool
}

func newInputPipe() *inputPipe {
	p := &inputPipe{}
	p.more = sync.NewCond(&p.mu)
	return p
}

func (p *inputPipe) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return 0, io.ErrClosedPipe
	}
	p.buf = append(p.buf, b...)
	p.more.Signal()
	return len(b), nil
}

func (p *inputPipe) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 && !p.closed {
		p.more.Wait()
	}
	if len(p.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n, nil
}

func (p *inputPipe) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.more.Broadcast()
	return nil
}

// screenShows waits until the emulator shows every text.
func (h *harness) screenShows(texts ...string) string {
	h.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		s := h.emu.String()
		ok := true
		for _, x := range texts {
			ok = ok && strings.Contains(s, x)
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("screen never showed %q:\n%s", texts, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (h *harness) press(b string) {
	h.t.Helper()
	if _, err := io.WriteString(h.in, b); err != nil {
		h.t.Fatalf("input: %v", err)
	}
}

func (h *harness) ended() error {
	h.t.Helper()
	select {
	case <-h.done:
		return h.err
	case <-time.After(wait):
		h.t.Fatal("program did not end")
		return nil
	}
}

func newList() *listModel { return &listModel{n: 5, seen: make(chan tea.Msg, 256)} }

func TestKeysMoveTheSelection(t *testing.T) {
	h := start(t, newList())
	h.screenShows("size 80x24", "> item 0", "q quit")
	h.press("\x1b[B") // down
	h.screenShows("> item 1", "  item 0")
	h.press("jj")
	h.screenShows("> item 3")
	h.press("\x1b[A")
	h.screenShows("> item 2")
	if !h.emu.IsAltScreen() {
		t.Error("the program is not on the alt screen")
	}
}

// TestIdleSendsNothing: once a frame is drawn, nothing more is written until something
// happens: no ticker, no cursor blinking.
func TestIdleSendsNothing(t *testing.T) {
	h := start(t, newList())
	h.screenShows("q quit")
	time.Sleep(100 * time.Millisecond) // let the first frame settle
	n := h.raw.Len()
	time.Sleep(300 * time.Millisecond)
	if m := h.raw.Len(); m != n {
		t.Fatalf("an idle program wrote %d bytes", m-n)
	}
	// A message that changes nothing draws nothing either.
	h.p.Send(noteMsg(""))
	time.Sleep(100 * time.Millisecond)
	if m := h.raw.Len(); m != n {
		t.Fatalf("an update that changed nothing wrote %q", h.raw.String()[n:])
	}
}

func TestQuitRestoresTheTerminal(t *testing.T) {
	h := start(t, newList())
	h.screenShows("q quit")
	h.press("q")
	if err := h.ended(); err != nil {
		t.Fatalf("quit returned %v", err)
	}
	if h.emu.IsAltScreen() {
		t.Error("still on the alt screen after quit")
	}
	if h.emu.CursorHidden() {
		t.Error("cursor still hidden after quit")
	}
	if _, ok := h.final.(*listModel); !ok {
		t.Errorf("final model is %T", h.final)
	}
}

func TestQuitFromOutside(t *testing.T) {
	h := start(t, newList())
	h.screenShows("q quit")
	h.p.Quit()
	if err := h.ended(); err != nil {
		t.Fatalf("Quit returned %v", err)
	}
	h.p.Send(noteMsg("late")) // after the end: no block, no panic
	h.p.Quit()
	h.p.Kill()
}

func TestKill(t *testing.T) {
	h := start(t, newList())
	h.screenShows("q quit")
	h.p.Kill()
	if err := h.ended(); !errors.Is(err, tea.ErrProgramKilled) {
		t.Fatalf("Kill returned %v", err)
	}
	if h.emu.IsAltScreen() {
		t.Error("still on the alt screen after kill")
	}
}

func TestContextEndsTheProgram(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	h := start(t, newList(), func(o *Options) { o.Context = ctx })
	h.screenShows("q quit")
	cancel()
	if err := h.ended(); !errors.Is(err, tea.ErrProgramKilled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancel returned %v", err)
	}
}

func TestPanicsEndTheSessionOnly(t *testing.T) {
	// Each case arms the model before the program starts (after, the test would race
	// with the program's updates, a terminal's replies among them), then presses key.
	type panicCase struct {
		arm func(m *listModel)
		key string
	}
	cases := map[string]panicCase{
		"update": {func(m *listModel) {
			m.onKey = func(k tea.KeyPressMsg) tea.Cmd {
				if k.String() == "x" {
					panic("boom in update")
				}
				return nil
			}
		}, "x"},
		"view": {nil, "v"},
		"command": {func(m *listModel) {
			m.onKey = func(k tea.KeyPressMsg) tea.Cmd {
				if k.String() != "x" {
					return nil
				}
				return func() tea.Msg { panic("boom in command") }
			}
		}, "x"},
		"init": {func(m *listModel) { m.init = func() tea.Msg { panic("boom in init command") } }, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := newList()
			if c.arm != nil {
				c.arm(m)
			}
			var mu sync.Mutex
			var got any
			h := start(t, m, func(o *Options) {
				o.OnPanic = func(r any, stack []byte) {
					mu.Lock()
					got = r
					mu.Unlock()
				}
			})
			if c.key != "" {
				h.screenShows("q quit")
				h.press(c.key)
			}
			err := h.ended()
			if !errors.Is(err, tea.ErrProgramPanic) || !strings.Contains(err.Error(), "panic") {
				t.Fatalf("panic returned %v", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if got == nil || !strings.Contains(fmt.Sprint(got), "boom") {
				t.Errorf("OnPanic got %v", got)
			}
			if h.emu.IsAltScreen() {
				t.Error("still on the alt screen after a panic")
			}
		})
	}
}

func TestBackgroundColourQuery(t *testing.T) {
	m := newList()
	m.init = tea.RequestBackgroundColor
	h := start(t, m)
	h.screenShows("dark=false")
}

func TestBatchAndSequence(t *testing.T) {
	m := newList()
	note := func(s string) tea.Cmd { return func() tea.Msg { return noteMsg(s) } }
	m.onKey = func(k tea.KeyPressMsg) tea.Cmd {
		switch k.String() {
		case "s":
			return tea.Sequence(note("1"), note("2"), note("3"), tea.Batch(note("4"), nil))
		case "b":
			return tea.Batch(note("x"), note("x"))
		}
		return nil
	}
	h := start(t, m)
	h.screenShows("q quit")
	h.press("s")
	h.screenShows("1234")
	h.press("b")
	h.screenShows("1234xx")
}

func TestWindowSize(t *testing.T) {
	h := start(t, newList())
	h.screenShows("size 80x24")
	h.emu.Resize(100, 30)
	h.p.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.screenShows("size 100x30", "> item 0")
	// An absurd size reaches the model, but the screen stays bounded.
	h.p.Send(tea.WindowSizeMsg{Width: 100000, Height: 100000})
	h.screenShows("size 100000x100000")
	h.p.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.screenShows("size 100x30", "> item 0")
}

func TestHugeStartSizeIsBounded(t *testing.T) {
	p := New(newList(), Options{Width: 100000, Height: 100000})
	if p.w != 400 || p.h != 200 {
		t.Fatalf("screen is %dx%d", p.w, p.h)
	}
}

func TestEscapeAndSplitSequences(t *testing.T) {
	h := start(t, newList())
	h.screenShows("q quit")
	h.press("\x1b") // a lone ESC is the esc key once nothing follows
	h.screenShows("key esc")
	h.press("\x1b[")
	time.Sleep(10 * time.Millisecond)
	h.press("B") // the rest of "down" in another read
	h.screenShows("> item 1")
	h.press("\x1b[200~hello world\x1b[201~")
	h.screenShows("pasted hello world")
}

// TestDecoderAgreesWithKeyTable checks the claim that uv.EventDecoder alone reads keys
// as uv.TerminalReader (with its per-reader table) does. It reads the unexported table
// and skips if uv changed shape.
func TestDecoderAgreesWithKeyTable(t *testing.T) {
	for _, term := range []string{"xterm-256color", "screen-256color", "tmux-256color", "rxvt-unicode", "linux", "dumb"} {
		tr := uv.NewTerminalReader(bytes.NewReader(nil), term)
		f := reflect.ValueOf(tr).Elem().FieldByName("table")
		if !f.IsValid() || f.Type() != reflect.TypeFor[map[string]uv.Key]() {
			t.Skip("uv.TerminalReader has no key table field any more")
		}
		table := *(*map[string]uv.Key)(unsafe.Pointer(f.UnsafeAddr()))
		var d uv.EventDecoder
		var differ int
		for seq, k := range table {
			n, ev := d.Decode([]byte(seq))
			kp, ok := ev.(uv.KeyPressEvent)
			if !ok || n != len(seq) || kp.Code != k.Code || kp.Mod != k.Mod {
				differ++
				// CSI 1;<mod> R is both modified F3 and a cursor position report; the
				// decoder reads the report, which is what a program asks for.
				if !strings.HasPrefix(seq, "\x1b[1;") || !strings.HasSuffix(seq, "R") {
					t.Errorf("%s: %q decodes as %v, the table says %v", term, seq, ev, uv.KeyPressEvent(k))
				}
			}
		}
		if differ > 15 {
			t.Errorf("%s: %d of %d sequences differ", term, differ, len(table))
		}
	}
}
