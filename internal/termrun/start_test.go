package termrun

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// orderModel records what reaches it, in order.
type orderModel struct{ got []string }

func (m *orderModel) Init() tea.Cmd { m.got = append(m.got, "init"); return nil }

func (m *orderModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case noteMsg:
		m.got = append(m.got, string(msg))
	case tea.WindowSizeMsg:
		m.got = append(m.got, "size")
	}
	return m, nil
}

func (m *orderModel) View() tea.View { return tea.NewView("x") }

// run runs p to its end, failing the test if it does not end.
func run(t *testing.T, p *Program) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	select {
	case err := <-done:
		return err
	case <-time.After(wait):
		p.Kill()
		t.Fatal("Run did not end")
		return nil
	}
}

// TestSentBeforeRunComesAfterInit: the server may send (a window size, a classroom
// notice) before Run starts; the model still sees Init and its starting size first.
func TestSentBeforeRunComesAfterInit(t *testing.T) {
	m := &orderModel{}
	p := New(m, Options{Width: 80, Height: 24})
	p.Send(noteMsg("early"))
	p.Quit()
	if err := run(t, p); err != nil {
		t.Fatalf("quit: %v", err)
	}
	if want := []string{"init", "size", "early"}; !slices.Equal(m.got, want) {
		t.Fatalf("model saw %v, want %v", m.got, want)
	}
}

// TestKillBeforeRun: a session that ends before its program starts ends the program at
// once; the model is never started.
func TestKillBeforeRun(t *testing.T) {
	m := &orderModel{}
	p := New(m, Options{Width: 80, Height: 24})
	p.Kill()
	if err := run(t, p); !errors.Is(err, tea.ErrProgramKilled) {
		t.Fatalf("err %v, want killed", err)
	}
	if len(m.got) != 0 {
		t.Fatalf("a killed program ran its model: %v", m.got)
	}
}

// TestContextDoneBeforeRun: a client gone before Run (a teacher whose connection dropped)
// does not start the model: no Init, so no classroom is opened for nobody.
func TestContextDoneBeforeRun(t *testing.T) {
	m := &orderModel{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := New(m, Options{Width: 80, Height: 24, Context: ctx})
	p.Send(noteMsg("early"))
	if err := run(t, p); !errors.Is(err, tea.ErrProgramKilled) {
		t.Fatalf("err %v, want killed", err)
	}
	if len(m.got) != 0 {
		t.Fatalf("the model ran for a gone client: %v", m.got)
	}
}

// TestPasteCutByTheInputLimit: the input limit drops the rest of an over-long paste, end
// marker included, and marks the place with CAN; keys work again after it, ctrl+c first.
func TestPasteCutByTheInputLimit(t *testing.T) {
	h := start(t, newList())
	h.screenShows("q quit")
	h.press("\x1b[200~part of a long paste\x18")
	h.screenShows("pasted part of a long paste")
	h.press("j")
	h.screenShows("> item 1")
	h.press("\x1b[200~another\x03") // ctrl+c inside a paste still leaves
	if err := h.ended(); err != nil {
		t.Fatalf("ctrl+c: %v", err)
	}
}
