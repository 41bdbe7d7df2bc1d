package classroom

import (
	"errors"
	"testing"
	"time"

	"tutord/internal/anonset"
)

// TestClassViewCountsOnlyWhileShown: off, nothing is counted; on, the students present
// are grouped, the view is not a step (answers in progress stay), students coming and
// going tell everyone; the room's end takes it away.
func TestClassViewCountsOnlyWhileShown(t *testing.T) {
	f := newFixture(t, Config{})
	anon := anonset.New(5)
	tc := mustOpen(t, f.reg)
	code, _ := tc.Codes()
	var members []*Member
	for i := range 6 {
		m := mustJoin(t, f.reg, code)
		m.SetClient(anon.Join(anonset.Facts{Keys: i % 2}))
		members = append(members, m)
	}
	if c := tc.Clients(5); !c.Total.Zero() {
		t.Fatal("the view is off but counted")
	}
	told := make(chan struct{}, 100)
	members[0].Attach(func() { told <- struct{}{} })
	step := tc.View().Step
	must(t, tc.ShowClients(true))
	if v := tc.View(); !v.Clients || v.Step != step {
		t.Errorf("view on: Clients %v, step %d → %d (want unchanged)", v.Clients, step, v.Step)
	}
	c := tc.Clients(5)
	if n, ok := c.Total.Count(); !ok || n != 6 {
		t.Errorf("total %d, %v; want 6", n, ok)
	}
	// 3 and 3 keys: both below 5, so everything folds.
	if s := c.Of(anonset.DimKeys); len(s.Groups) != 0 {
		t.Errorf("keys show groups %v", s.Groups)
	}
	if s := c.Of(anonset.DimAgent); len(s.Groups) != 1 || s.Groups[0].Value != anonset.AgentNo {
		t.Errorf("agent: %+v", s)
	}
	sc, mine := members[1].Clients(5)
	if n, _ := sc.Total.Count(); n != 6 || mine.Keys != 1 {
		t.Errorf("student sees total %d, own keys %d", n, mine.Keys)
	}
	// A student comes: the others are told (their groups changed).
	drain(told)
	late := mustJoin(t, f.reg, code)
	waitNotice(t, told, "a student came")
	late.Leave()
	waitNotice(t, told, "a student went")
	must(t, tc.ShowClients(false))
	if c := tc.Clients(5); !c.Total.Zero() {
		t.Error("the view is off again but counted")
	}
	must(t, tc.ShowClients(true))
	must(t, tc.End())
	if c := tc.Clients(5); !c.Total.Zero() {
		t.Error("the room ended but counted")
	}
	if err := tc.ShowClients(true); !errors.Is(err, ErrEnded) {
		t.Errorf("ShowClients after the end: %v", err)
	}
}

func drain(ch chan struct{}) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

// waitNotice waits for a notice; a failing test waits 5 s, a passing one not at all.
func waitNotice(t *testing.T, ch chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: the other students were not told", what)
	}
}
