// Package termrun runs a bubbletea model on a terminal stream, such as an SSH session,
// without a frame ticker. bubbletea's Program flushes on a 60 fps ticker, so each idle
// session wakes 60 times a second and each key waits for the next tick; a Program here
// draws right after a batch of messages changed the view and never otherwise. Only the
// cells that changed are sent, as with bubbletea, but no cell buffers are kept between
// frames (screen.go, diff.go): an idle session holds its model and the text of its last
// frame, and no goroutine of its own: the goroutine that called Run reads the input.
//
// The model contract is bubbletea's: Init, Update, View; messages such as
// tea.KeyPressMsg, tea.WindowSizeMsg, tea.BackgroundColorMsg (after
// tea.RequestBackgroundColor), and commands such as tea.Quit, tea.Batch and
// tea.Sequence. View fields honoured: Content, AltScreen, WindowTitle, Cursor,
// MouseMode, ReportFocus, DisableBracketedPasteMode, KeyboardEnhancements, and the
// terminal colours. ProgressBar, ProgramStatus and OnMouse are ignored.
//
// Every command and request bubbletea exports is either carried out as bubbletea does
// or refused (requests.go): a refused one never reaches the model, and Options.Refused
// is told. TestEveryBubbleteaConstructor reads bubbletea's source and fails when a
// constructor appears that this package has not decided on.
package termrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Options describe the terminal a program runs on.
type Options struct {
	// Input is the terminal's input (keys, replies to queries); nil for none. Run reads
	// it on its own goroutine, so that a session needs no goroutine for its keyboard; a
	// Read cannot be interrupted, so Run returns only once the program has ended and a
	// Read has returned. Ended is where to make that happen (close the stream).
	Input io.Reader
	// Ended, if set, is called once when the program has ended and the terminal has
	// been restored, on the goroutine that ended the program (the drainer that Run or
	// its input reader waits for, a command's, the context's, Kill's caller), before Run
	// returns; err is what Run will return.
	Ended func(err error)
	// Output is where frames go. Writes come from one goroutine at a time.
	Output io.Writer
	// Width and Height are the terminal's size at the start.
	Width, Height int
	// MaxWidth and MaxHeight bound the screen whatever size the client claims: cells
	// beyond stay blank. Zero means 400x200.
	MaxWidth, MaxHeight int
	// Term is the terminal type (TERM), which decides the escape sequences used.
	Term string
	// Profile is the colour profile frames are downsampled to.
	Profile colorprofile.Profile
	// Context, when done, ends the program as Kill does.
	Context context.Context
	// OnPanic, if set, is told about a panic in the model (or a command) before the
	// program ends with an error wrapping tea.ErrProgramPanic.
	OnPanic func(recovered any, stack []byte)
	// Refused, if set, is told about a bubbletea command this runner does not carry out
	// (printing above the program, raw output, the clipboard, running a process; see
	// requests.go). The message does not reach the model.
	Refused func(msg tea.Msg)
	// Plain draws for a dumb terminal or a screen reader: text, cursor moves, erasing
	// and the alternate screen, SGR if the view has any; no keyboard protocol, no
	// queries, no window title, no hyperlinks, no mouse, focus or paste modes, no
	// terminal colours or cursor style.
	Plain bool
}

// stop states of a program.
const (
	running = iota
	quitting
	killing
)

// Program runs one model. Create it with New, then call Run.
type Program struct {
	o    Options
	scr  *screen
	in   scanner
	w, h int
	size tea.WindowSizeMsg // the last size the model was told
	// queries holds terminal queries until the next write, so a query and the frame
	// after it go out as one SSH packet.
	queries []byte

	// mu guards the fields below. The model, the screen and the output are used only
	// by the goroutine that holds the drain role (draining is true), one at a time.
	mu       sync.Mutex
	queue    []tea.Msg
	draining bool
	stop     int
	ending   bool  // finish has begun: the outcome is fixed
	finished bool  // finish ran (it runs once)
	err      error // why the program stopped, when not a plain quit
	dirty    bool  // the model changed since the last frame
	started  bool
	done     chan struct{}

	model tea.Model
}

// Internal messages.
type (
	initMsg    struct{}
	inputMsg   struct{ evs []tea.Msg }
	expireMsg  struct{}
	profileMsg struct{}
)

// New makes a program for model m; nothing runs until Run.
func New(m tea.Model, o Options) *Program {
	if o.MaxWidth <= 0 {
		o.MaxWidth = 400
	}
	if o.MaxHeight <= 0 {
		o.MaxHeight = 200
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	if o.Output == nil {
		o.Output = io.Discard
	}
	p := &Program{o: o, model: m, done: make(chan struct{})}
	p.w, p.h = p.clamp(o.Width, o.Height)
	p.scr = newScreen(o.Term, o.Profile, p.w, p.h, o.Input == nil, o.Plain)
	if !o.Plain {
		// As bubbletea does: if the terminal knows synchronized output (mode 2026), each
		// frame is drawn at once rather than as it arrives. The reply turns it on.
		p.query(ansi.RequestModeSynchronizedOutput)
	}
	return p
}

func (p *Program) clamp(w, h int) (int, int) {
	return max(0, min(w, p.o.MaxWidth)), max(0, min(h, p.o.MaxHeight))
}

// Run runs the program until the model quits, Kill is called, the context is done or
// the model panics, and returns the final model. A quit returns a nil error; a kill
// tea.ErrProgramKilled; a panic an error wrapping tea.ErrProgramPanic.
func (p *Program) Run() (tea.Model, error) {
	p.mu.Lock()
	if p.started {
		p.mu.Unlock()
		return p.model, errors.New("termrun: program already started")
	}
	p.started = true
	if p.o.Context.Err() != nil && p.stop != killing { // gone before it began: no Init
		p.stop = killing
		p.err = fmt.Errorf("%w: %w", tea.ErrProgramKilled, context.Cause(p.o.Context))
	}
	// Init, the size and the colour profile come before anything sent earlier (a newer
	// window size then wins over the starting one), and one frame is drawn for all.
	// This goroutine takes the drain role now, so nothing sent from here on runs first.
	p.queue = append([]tea.Msg{initMsg{}, tea.WindowSizeMsg{Width: p.o.Width, Height: p.o.Height}, profileMsg{}}, p.queue...)
	p.draining = true
	p.mu.Unlock()

	stopCtx := context.AfterFunc(p.o.Context, func() {
		p.kill(fmt.Errorf("%w: %w", tea.ErrProgramKilled, context.Cause(p.o.Context)))
	})
	defer stopCtx()
	p.drainAway()
	if p.o.Input != nil {
		p.readLoop()
	}
	<-p.done
	p.in.stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.model, p.err
}

// Send delivers a message to the model. It never blocks; after the program ended it
// does nothing.
func (p *Program) Send(msg tea.Msg) { p.post(drainElsewhere, msg) }

// SendHere delivers a message and, unless another goroutine is drawing the program
// already, runs the model and draws in the caller's goroutine before it returns. For a
// caller that holds no lock and lives long, such as a classroom's notices: a fresh
// goroutine per message grows a new stack for every frame it draws.
func (p *Program) SendHere(msg tea.Msg) { p.post(drainHere, msg) }

// Quit ends the program as tea.Quit does: the last frame is drawn, then the terminal
// is restored.
func (p *Program) Quit() { p.Send(tea.QuitMsg{}) }

// Kill ends the program now: the terminal is restored but no last frame is drawn.
func (p *Program) Kill() { p.kill(tea.ErrProgramKilled) }

// Done is closed when the program has ended.
func (p *Program) Done() <-chan struct{} { return p.done }

func (p *Program) kill(err error) {
	p.mu.Lock()
	if p.stop == killing || p.ending {
		p.mu.Unlock()
		return
	}
	p.stop = killing
	if p.err == nil {
		p.err = err
	}
	if p.draining || !p.started { // the drainer at its next step, or Run, ends it
		p.mu.Unlock()
		return
	}
	p.draining = true
	p.mu.Unlock()
	p.finish()
}

// Who drains what post queued, when nobody is draining yet.
type drainer int

const (
	drainElsewhere drainer = iota // a new goroutine: Send never blocks
	drainHere                     // the caller (SendHere)
	drainAwayWait                 // a new goroutine, and the caller waits for it (drainAway)
)

// post queues messages and makes sure someone drains them, as who says. The input
// reader waits for the drain (drainAwayWait): a flood of keys then slows its reading.
func (p *Program) post(who drainer, msgs ...tea.Msg) {
	p.mu.Lock()
	if p.stop != running {
		p.mu.Unlock()
		return
	}
	p.queue = append(p.queue, msgs...)
	if p.draining || !p.started {
		// Before Run, messages wait: the model's Init comes first (see Run).
		p.mu.Unlock()
		return
	}
	p.draining = true
	p.mu.Unlock()
	switch who {
	case drainHere:
		p.drain()
	case drainAwayWait:
		p.drainAway()
	default:
		go p.drain()
	}
}

// drainAway drains on a goroutine of its own and waits for it, for Run and the input
// reader: they run on a goroutine that waits in a Read for the whole session, and drawing
// a frame grows a stack to 16 KiB, which the runtime would shrink only to 8 (it halves a
// stack only while less than a quarter of it is in use). Drawn on a goroutine that ends,
// the frame's stack goes back at once and the reader's stays at its start size: 4 KiB
// less per held session. The reader still waits, so a flood of keys slows its reading.
func (p *Program) drainAway() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.drain()
	}()
	<-done
}

// drain runs queued messages through the model, then draws one frame if anything
// changed, until the queue is empty. Only one goroutine drains at a time.
func (p *Program) drain() {
	defer func() {
		if r := recover(); r != nil {
			p.panicked(r)
		}
	}()
	for {
		p.mu.Lock()
		if p.stop != running {
			p.mu.Unlock()
			p.finish()
			return
		}
		batch := p.queue
		p.queue = nil
		if len(batch) == 0 {
			if !p.dirty {
				if len(p.queries) > 0 { // nothing to draw, but a question to ask
					q := p.queries
					p.queries = nil
					p.mu.Unlock()
					p.write(q)
					continue
				}
				p.draining = false
				p.mu.Unlock()
				return
			}
			p.dirty = false
			p.mu.Unlock()
			p.render(false)
			continue
		}
		p.mu.Unlock()
		for _, msg := range batch {
			if !p.handle(msg) || p.stopped() { // a kill ends the batch too
				break
			}
		}
	}
}

// handle runs one message; false means the program is stopping.
func (p *Program) handle(msg tea.Msg) bool {
	switch m := msg.(type) {
	case initMsg:
		p.exec(p.model.Init())
		p.markDirty()
		return true
	case inputMsg:
		for _, e := range m.evs {
			if !p.handle(e) {
				return false
			}
		}
		return true
	case expireMsg:
		return p.handle(inputMsg{evs: p.translateAll(p.in.expired())})
	case profileMsg:
		msg = tea.ColorProfileMsg{Profile: p.o.Profile}
	case tea.QuitMsg:
		p.setStop(quitting, nil)
		return false
	case tea.InterruptMsg:
		p.setStop(quitting, tea.ErrInterrupted)
		return false
	case tea.SuspendMsg, tea.ResumeMsg:
		return true // a program inside a server cannot be suspended
	case tea.BatchMsg:
		for _, c := range m {
			p.exec(c)
		}
		return true
	case tea.WindowSizeMsg:
		if m.Width < 0 || m.Height < 0 || m == p.size {
			// The SSH server repeats the PTY's size as a first window change; a
			// size the model already has changes nothing.
			return true
		}
		p.size = m
		p.w, p.h = p.clamp(m.Width, m.Height)
		p.scr.resize(p.w, p.h)
	case tea.CapabilityMsg:
		if (m.Content == "RGB" || m.Content == "Tc") && p.o.Profile != colorprofile.TrueColor {
			p.o.Profile = colorprofile.TrueColor
			p.scr.profile = colorprofile.TrueColor
			p.scr.erase()
			p.post(drainElsewhere, profileMsg{})
		}
	case tea.ModeReportMsg:
		if m.Mode == ansi.ModeSynchronizedOutput && m.Value == ansi.ModeReset && !p.o.Plain {
			p.scr.syncd = true // known and off: frames are wrapped in it from now on
		}
	case tea.RawMsg:
		p.refuse(msg)
		return true
	}
	switch r := requestOf(msg); r.kind {
	case reqNone:
	case reqQuery:
		p.query(r.seq)
		return true
	case reqWindowSize:
		msg = tea.WindowSizeMsg{Width: p.w, Height: p.h}
	case reqClear:
		p.scr.erase()
		p.markDirty()
		return true
	case reqSequence:
		go p.sequence(r.cmds)
		return true
	default:
		p.refuse(msg)
		return true
	}
	m, cmd := p.model.Update(msg)
	p.model = m
	p.markDirty()
	p.exec(cmd)
	return true
}

func (p *Program) markDirty() {
	p.mu.Lock()
	p.dirty = true
	p.mu.Unlock()
}

func (p *Program) setStop(state int, err error) {
	p.mu.Lock()
	if state > p.stop {
		p.stop = state
	}
	if p.err == nil {
		p.err = err
	}
	p.mu.Unlock()
}

func (p *Program) refuse(msg tea.Msg) {
	if p.o.Refused != nil {
		p.o.Refused(msg)
	}
}

// query asks the terminal something; the reply comes back as input.
func (p *Program) query(seq string) {
	if p.o.Input == nil || p.o.Plain {
		return // the reply could never be read, or a plain terminal would show it
	}
	p.queries = append(p.queries, seq...)
}

// exec runs a command on its own goroutine and sends its result to the model.
func (p *Program) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		defer p.recoverCmd()
		p.result(cmd())
	}()
}

// result delivers what a command returned: batches and sequences run further commands.
func (p *Program) result(msg tea.Msg) {
	switch m := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			p.exec(c)
		}
	default:
		if r := requestOf(msg); r.kind == reqSequence {
			p.sequence(r.cmds)
			return
		}
		p.post(drainHere, msg) // on the command's goroutine, which ends
	}
}

// sequence runs commands one after the other, each result delivered before the next.
func (p *Program) sequence(cmds []tea.Cmd) {
	defer p.recoverCmd()
	for _, c := range cmds {
		if c == nil {
			continue
		}
		if p.stopped() {
			return
		}
		p.result(c())
	}
}

func (p *Program) stopped() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stop != running
}

func (p *Program) recoverCmd() {
	if r := recover(); r != nil {
		p.report(r)
		p.kill(fmt.Errorf("%w: %w", tea.ErrProgramKilled, tea.ErrProgramPanic))
	}
}

// panicked ends the program after a panic in the drainer, which still holds the role.
func (p *Program) panicked(r any) {
	p.report(r)
	p.mu.Lock()
	p.stop = killing
	p.err = fmt.Errorf("%w: %w", tea.ErrProgramKilled, tea.ErrProgramPanic)
	p.mu.Unlock()
	p.finish()
}

func (p *Program) report(r any) {
	if p.o.OnPanic != nil {
		p.o.OnPanic(r, debug.Stack())
	}
}

// render draws the model's view, after any queries waiting to go out.
func (p *Program) render(closing bool) {
	out := bytes.NewBuffer(p.queries)
	p.queries = nil
	v := p.model.View()
	var sh *Shared
	var private string
	if m, ok := p.model.(Sharer); ok && !closing {
		sh, private = m.SharedFrames()
	}
	p.scr.offer(sh, private)
	p.scr.draw(v, out, closing)
	if out.Len() > 0 {
		p.write(out.Bytes())
	}
}

func (p *Program) write(b []byte) {
	if _, err := p.o.Output.Write(b); err != nil {
		// The terminal is gone: nothing more can be shown.
		p.setStop(killing, fmt.Errorf("%w: write: %w", tea.ErrProgramKilled, err))
	}
}

// finish draws the last frame (on a quit), restores the terminal, tells Options.Ended
// and ends Run. The caller holds the drain role, which is never given back.
func (p *Program) finish() {
	p.mu.Lock()
	if p.finished { // a panic while finishing came back here through the drainer
		p.mu.Unlock()
		return
	}
	p.finished = true
	p.mu.Unlock()
	defer close(p.done)
	defer p.ended()
	defer func() {
		if r := recover(); r != nil { // the output itself panicked: nothing more to show
			p.report(r)
			p.setStop(killing, fmt.Errorf("%w: %w", tea.ErrProgramKilled, tea.ErrProgramPanic))
		}
	}()
	p.mu.Lock()
	p.ending = true
	graceful := p.stop == quitting
	p.mu.Unlock()
	func() {
		defer func() {
			if r := recover(); r != nil {
				p.report(r)
				p.setStop(killing, fmt.Errorf("%w: %w", tea.ErrProgramKilled, tea.ErrProgramPanic))
			}
		}()
		if graceful {
			p.render(true)
		}
	}()
	var out bytes.Buffer
	p.scr.close(&out)
	if out.Len() > 0 {
		_, _ = p.o.Output.Write(out.Bytes())
	}
}

// ended tells Options.Ended, whatever happened while finishing.
func (p *Program) ended() {
	if p.o.Ended == nil {
		return
	}
	defer func() {
		if r := recover(); r != nil { // finish's caller may be a goroutine with no recover
			p.report(r)
		}
	}()
	p.mu.Lock()
	err := p.err
	p.mu.Unlock()
	p.o.Ended(err)
}

// readLoop reads input until the stream ends or the program does. It runs on Run's
// goroutine, which has nothing else to do until the program ends.
func (p *Program) readLoop() {
	buf := make([]byte, readSize)
	expire := func() { p.post(drainHere, expireMsg{}) } // on a timer's goroutine, which ends
	for !p.stopped() {
		n, err := p.o.Input.Read(buf)
		if n > 0 {
			if evs := p.translateAll(p.in.feed(buf[:n], expire)); len(evs) > 0 {
				p.post(drainAwayWait, inputMsg{evs: evs})
			}
		}
		if err != nil {
			return
		}
	}
}
