package classroom

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"tutord/internal/lessons"
)

// bus is a fleet in memory: the Transport of several registries, as core NATS behaves
// for them. A request to an address nobody reachable serves is ErrNoRoom ("no
// responders"); a node whose link is down cannot request, gets nothing, serves nobody,
// and keeps what it publishes until its link is back (as nats.go buffers while it
// reconnects). Delivery is in order, in the publisher's goroutine.
type bus struct {
	mu    sync.Mutex
	msgs  []Msg                // everything published or sent, for the tests to read
	drop  func(Addr, Msg) bool // drops a publication on its way, if it says so
	nodes []*node
}

type node struct {
	b       *bus
	up      bool
	serves  map[Addr]func(Msg) Msg
	watches map[Addr]map[int]func(Msg)
	nextID  int
	pending []pub
	onLink  []func(bool)
}

type pub struct {
	a Addr
	m Msg
}

func (b *bus) node() *node {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := &node{b: b, up: true, serves: map[Addr]func(Msg) Msg{}, watches: map[Addr]map[int]func(Msg){}}
	b.nodes = append(b.nodes, n)
	return n
}

// record keeps m as it would travel: through JSON, with nothing the vocabulary lacks.
func (b *bus) recordL(m Msg) Msg {
	data, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	var out Msg
	if err := json.Unmarshal(data, &out); err != nil {
		panic(err)
	}
	b.msgs = append(b.msgs, out)
	return out
}

// count is the number of messages with this op so far.
func (b *bus) count(op Op) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, m := range b.msgs {
		if m.Op == op {
			n++
		}
	}
	return n
}

// setLink cuts (false) or restores a node's link, telling its registry as nats.go does.
func (n *node) setLink(up bool) {
	n.b.mu.Lock()
	n.up = up
	var flush []pub
	if up {
		flush, n.pending = n.pending, nil
	}
	hs := slices.Clone(n.onLink)
	n.b.mu.Unlock()
	for _, h := range hs {
		h(up)
	}
	for _, p := range flush {
		_ = n.Publish(p.a, p.m)
	}
}

func (n *node) Serve(a Addr, h func(Msg) Msg) (func(), error) {
	n.b.mu.Lock()
	defer n.b.mu.Unlock()
	n.serves[a] = h
	return func() {
		n.b.mu.Lock()
		defer n.b.mu.Unlock()
		delete(n.serves, a)
	}, nil
}

func (n *node) Request(ctx context.Context, a Addr, m Msg) (Msg, error) {
	n.b.mu.Lock()
	if !n.up {
		n.b.mu.Unlock()
		return Msg{}, ErrLink
	}
	var h func(Msg) Msg
	for _, o := range n.b.nodes {
		if o.up && o.serves[a] != nil {
			h = o.serves[a]
		}
	}
	m = n.b.recordL(m)
	n.b.mu.Unlock()
	if h == nil {
		return Msg{}, ErrNoRoom
	}
	out := h(m)
	n.b.mu.Lock()
	out = n.b.recordL(out)
	n.b.mu.Unlock()
	return out, nil
}

func (n *node) Publish(a Addr, m Msg) error {
	n.b.mu.Lock()
	if !n.up {
		n.pending = append(n.pending, pub{a, m})
		n.b.mu.Unlock()
		return nil
	}
	m = n.b.recordL(m)
	var fs []func(Msg)
	if n.b.drop == nil || !n.b.drop(a, m) {
		for _, o := range n.b.nodes {
			if !o.up {
				continue
			}
			for _, id := range slices.Sorted(mapsKeys(o.watches[a])) {
				fs = append(fs, o.watches[a][id])
			}
			if h := o.serves[a]; h != nil { // a served subject takes publications too
				fs = append(fs, func(m Msg) { h(m) })
			}
		}
	}
	n.b.mu.Unlock()
	for _, f := range fs {
		f(m)
	}
	return nil
}

func mapsKeys(m map[int]func(Msg)) func(func(int) bool) {
	return func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (n *node) Watch(a Addr, f func(Msg)) (func(), error) {
	n.b.mu.Lock()
	defer n.b.mu.Unlock()
	if n.watches[a] == nil {
		n.watches[a] = map[int]func(Msg){}
	}
	n.nextID++
	id := n.nextID
	n.watches[a][id] = f
	return func() {
		n.b.mu.Lock()
		defer n.b.mu.Unlock()
		delete(n.watches[a], id)
	}, nil
}

func (n *node) OnLink(f func(bool)) {
	n.b.mu.Lock()
	defer n.b.mu.Unlock()
	n.onLink = append(n.onLink, f)
}

// fleetFixture is an owner replica A and a relaying replica B on one bus and one clock.
type fleetFixture struct {
	bus   *bus
	clock *fakeClock
	a, b  *Registry
	na    *node
	nb    *node
	log   *logBuf
}

const testBeat = 5 * time.Second

func newFleet(t *testing.T) fleetFixture { return newFleetWith(t, 0) }

// newFleetWith is newFleet with rooms of maxStudents (0: the default).
func newFleetWith(t *testing.T, maxStudents int) fleetFixture {
	t.Helper()
	f := fleetFixture{bus: &bus{}, clock: newFakeClock(), log: &logBuf{}}
	lesson := testLesson()
	reg := func(n *node) *Registry {
		r := NewRegistry(Config{
			Clock: f.clock, Log: f.log, Transport: n, Heartbeat: testBeat, Grace: time.Hour,
			MaxStudents: maxStudents,
			Lesson: func(id string) *lessons.Lesson {
				if id == lesson.ID {
					return lesson
				}
				return nil
			},
		})
		t.Cleanup(r.Close)
		return r
	}
	f.na, f.nb = f.bus.node(), f.bus.node()
	f.a, f.b = reg(f.na), reg(f.nb)
	return f
}

// eventually waits until cond holds: rooms deliver to their replicas in goroutines of
// their own. Only a failing test waits the whole time.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// relayedRoom is a fleet with a room opened on A and one student in it through B.
func relayedRoom(t *testing.T) (f fleetFixture, tc *Teacher, st *Member) {
	t.Helper()
	f = newFleet(t)
	tc = mustOpen(t, f.a)
	code, _ := tc.Codes()
	return f, tc, mustJoin(t, f.b, code)
}

// resumeThroughB has tc leave and come back through B with its teacher code.
func resumeThroughB(t *testing.T, f fleetFixture, tc *Teacher) *Teacher {
	t.Helper()
	_, teacherCode := tc.Codes()
	tc.Leave()
	back, err := f.b.Resume(src1, teacherCode)
	if err != nil {
		t.Fatalf("resume through B: %v", err)
	}
	return back
}

// dropOp has the bus drop every publication of op from now on, as if lost on the way;
// dropNone lets all through again.
func (b *bus) dropOp(op Op) { b.setDrop(func(_ Addr, m Msg) bool { return m.Op == op }) }

func (b *bus) dropNone() { b.setDrop(nil) }

func (b *bus) setDrop(drop func(Addr, Msg) bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.drop = drop
}

func (f fleetFixture) mirrors() int {
	f.b.mu.Lock()
	defer f.b.mu.Unlock()
	return len(f.b.mirrors)
}

// TestRelayedStudent: a student on B joins A's room, follows the teacher's steps, answers
// (the owner counts it, B keeps the result), and leaving counts them out on A.
func TestRelayedStudent(t *testing.T) {
	t.Parallel()
	f, tc, st := relayedRoom(t)
	if tc.View().Students != 1 {
		t.Fatalf("teacher sees %d students, want 1", tc.View().Students)
	}
	if err := tc.SetLesson(testLesson()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the student sees the lesson", func() bool { v := st.View(); return v.Phase == Page && v.Lesson == "test" })
	if err := tc.ToQuestions(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the question opens on B", func() bool { return st.View().Phase == Open })
	if err := st.Answer(lessons.Answer{Choice: 2}); err != nil {
		t.Fatalf("answer: %v", err)
	}
	if got := tc.View().Tally.Answered; got != 1 {
		t.Fatalf("teacher's tally: %d answered, want 1", got)
	}
	_ = tc.Next() // close
	_ = tc.Next() // reveal
	eventually(t, "the reveal reaches B", func() bool { return st.View().Phase == Revealed })
	if v := st.View(); !v.Answered || !v.Right || v.Score != 1 {
		t.Fatalf("student's view after the reveal: %+v", v)
	}
	st.Leave()
	eventually(t, "the leaver is counted out on A", func() bool { return tc.View().Students == 0 })
	if f.mirrors() != 0 {
		t.Fatal("B keeps the mirror of a room it has no student in")
	}
}

// TestOwnerGoneWithoutGoodbye: A's link dies without the room's end being said. B's
// student gets the closing screen, with their results, after HeartbeatMisses beats did
// not come; not before.
func TestOwnerGoneWithoutGoodbye(t *testing.T) {
	t.Parallel()
	f, tc, st := relayedRoom(t)
	if err := tc.SetLesson(testLesson()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the student sees the lesson", func() bool { return st.View().Phase == Page })
	f.na.setLink(false) // a crash, as B sees it: nothing more from A
	f.clock.Advance(testBeat * (HeartbeatMisses - 1))
	if v := st.View(); v.Phase == Ended {
		t.Fatalf("the mirror ended after %d missed beats, before %d", HeartbeatMisses-1, HeartbeatMisses)
	}
	f.clock.Advance(testBeat)
	if v := st.View(); v.Phase != Ended || v.Ended != LinkLost {
		t.Fatalf("after %d missed beats the student sees %v (ended %v), want the end (link lost)", HeartbeatMisses, v.Phase, v.Ended)
	}
	if f.mirrors() != 0 {
		t.Fatal("B keeps the mirror of a room whose owner is gone")
	}
	// B's leave went out while A was cut off, so it reached nobody; A, which heard
	// nothing from B either, counted the student out on its own.
	if n := tc.View().Students; n != 0 {
		t.Fatalf("A counts %d students of B, which went silent %d beats ago, want 0", n, HeartbeatMisses)
	}
	f.na.setLink(true)
	if n := tc.View().Students; n != 0 {
		t.Fatalf("A counts %d students after its link is back, want 0", n)
	}
}

// TestHeartbeatKeepsQuietRoom: a class where nothing happens for a long time stays open
// on B; the owner beats once per interval per room, and only while someone relays it.
func TestHeartbeatKeepsQuietRoom(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	tc := mustOpen(t, f.a)
	code, _ := tc.Codes()
	f.clock.Advance(10 * testBeat)
	if n := f.bus.count(OpBeat); n != 0 {
		t.Fatalf("%d beats for a room nobody relays, want 0", n)
	}
	st := mustJoin(t, f.b, code)
	const beats = 20
	for range beats {
		f.clock.Advance(testBeat)
	}
	if v := st.View(); v.Phase == Ended {
		t.Fatalf("a quiet class ended on B (%v)", v.Ended)
	}
	if n := f.bus.count(OpBeat); n != beats {
		t.Fatalf("%d beats in %d intervals, want one each", n, beats)
	}
	// The beat names nothing but the step.
	f.bus.mu.Lock()
	for _, m := range f.bus.msgs {
		if m.Op == OpBeat && (m.State == nil || m.Member != 0 || m.Name != nil || m.Code != "" || m.Room != "") {
			t.Errorf("a beat carries more than the step: %+v", m)
		}
	}
	f.bus.mu.Unlock()
	st.Leave()
	eventually(t, "the leaver is counted out", func() bool { return tc.View().Students == 0 })
	before := f.bus.count(OpBeat)
	f.clock.Advance(3 * testBeat)
	if n := f.bus.count(OpBeat) - before; n != 0 {
		t.Fatalf("%d beats after the last relayed student left, want 0", n)
	}
}

// TestBeatCatchesUpMissedStep: a step B did not get shows there at the next beat.
func TestBeatCatchesUpMissedStep(t *testing.T) {
	t.Parallel()
	f, tc, st := relayedRoom(t)
	f.bus.dropOp(OpState)
	if err := tc.SetLesson(testLesson()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the step is published (and dropped)", func() bool {
		f.bus.mu.Lock()
		defer f.bus.mu.Unlock()
		for _, m := range f.bus.msgs {
			if m.Op == OpState && m.State.Phase == Page {
				return true
			}
		}
		return false
	})
	if st.View().Phase != Lobby {
		t.Fatal("the dropped step reached B")
	}
	f.bus.dropNone()
	f.clock.Advance(testBeat)
	if v := st.View(); v.Phase != Page || v.Lesson != "test" {
		t.Fatalf("after the beat B shows %v %q, want the lesson's page", v.Phase, v.Lesson)
	}
}

// TestRelayLinkLostAndBack: B's own link drops. Its student is told at once; back within
// the heartbeat window, the class goes on where the teacher is now and A still counts
// them. Gone for longer, the class is over for them (link lost), and A counts them out
// after the same HeartbeatMisses beats without a word from B.
func TestRelayLinkLostAndBack(t *testing.T) {
	t.Parallel()
	f, tc, st := relayedRoom(t)
	f.nb.setLink(false)
	if !st.View().Lost {
		t.Fatal("the student is not told the link is lost")
	}
	if err := tc.SetLesson(testLesson()); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(testBeat)
	f.nb.setLink(true)
	eventually(t, "B catches up after the link is back", func() bool { v := st.View(); return !v.Lost && v.Phase == Page })
	if n := tc.View().Students; n != 1 {
		t.Fatalf("after a short outage of B A counts %d students, want 1", n)
	}

	f.nb.setLink(false)
	f.clock.Advance(HeartbeatMisses * testBeat)
	if v := st.View(); v.Phase != Ended || v.Ended != LinkLost {
		t.Fatalf("after a long outage the student sees %v (ended %v), want the end (link lost)", v.Phase, v.Ended)
	}
	if n := tc.View().Students; n != 0 {
		t.Fatalf("after %d beats without a word from B, A counts %d of its students, want 0", HeartbeatMisses, n)
	}
	f.nb.setLink(true)
	eventually(t, "B's leave, sent when its link is back, is taken", func() bool { return f.bus.count(OpLeave) == 1 })
	if n := tc.View().Students; n != 0 {
		t.Fatalf("after B's link is back A counts %d students, want 0", n)
	}
	if f.mirrors() != 0 {
		t.Fatal("B keeps a mirror after the outage")
	}
}

// TestRelayedTeacherOwnerGone: a teacher steering A's room from B sees the room's end
// (link lost) when A goes silent.
func TestRelayedTeacherOwnerGone(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	back := resumeThroughB(t, f, mustOpen(t, f.a))
	if err := back.SetLesson(testLesson()); err != nil {
		t.Fatalf("relayed SetLesson: %v", err)
	}
	if v := back.View(); v.Phase != Page {
		t.Fatalf("relayed teacher sees %v, want the page", v.Phase)
	}
	f.clock.Advance(2 * HeartbeatMisses * testBeat) // beats keep a quiet teacher's view open
	if v := back.View(); v.Phase == Ended {
		t.Fatal("a quiet relayed teacher's view ended while the owner beats")
	}
	f.na.setLink(false)
	f.clock.Advance(HeartbeatMisses * testBeat)
	if v := back.View(); v.Phase != Ended || v.Ended != LinkLost {
		t.Fatalf("relayed teacher after the owner went silent: %v (ended %v), want the end (link lost)", v.Phase, v.Ended)
	}
}

// TestBoardLangAcrossReplicas: the language of the teacher's screen reaches students on
// the owner and on B without a new step (what they are doing stays), only while the
// leaderboard is on, and not while the teacher is away; a teacher relayed through B
// sets it again.
func TestBoardLangAcrossReplicas(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	tc := mustOpen(t, f.a)
	code, teacherCode := tc.Codes()
	onA, onB := mustJoin(t, f.a, code), mustJoin(t, f.b, code)
	lang := func() (a, b string) { return onA.View().BoardLang, onB.View().BoardLang }

	// Leaderboard off: the teacher's language is in no view and crosses no link, also
	// when the room's state does (a new lesson).
	must(t, tc.SetBoardLang("en"))
	must(t, tc.SetLesson(testLesson()))
	eventually(t, "the lesson reaches B", func() bool { return onB.View().Phase == Page })
	if a, b := lang(); a != "" || b != "" {
		t.Errorf("leaderboard off: board language %q on A, %q on B, want none", a, b)
	}
	if n := f.bus.withBoardLang(); n != 0 {
		t.Errorf("leaderboard off: %d messages carry the board language", n)
	}

	must(t, tc.SetLeaderboard(true))
	if a, _ := lang(); a != "en" {
		t.Errorf("leaderboard on: board language %q on A, want en", a)
	}
	eventually(t, "the board language reaches B", func() bool { return onB.View().BoardLang == "en" })
	step := onA.View().Step
	must(t, tc.SetBoardLang("de"))
	if v := onA.View(); v.BoardLang != "de" || v.Step != step {
		t.Errorf("student on A: board language %q at step %d, want de at step %d", v.BoardLang, v.Step, step)
	}
	eventually(t, "the new board language reaches B", func() bool { return onB.View().BoardLang == "de" })
	if v := onB.View(); v.Step != step {
		t.Errorf("the board language moved B's student to step %d from %d", v.Step, step)
	}

	must(t, tc.SetLeaderboard(false))
	eventually(t, "B drops the board language with the leaderboard", func() bool { return onB.View().BoardLang == "" })
	if a, _ := lang(); a != "" {
		t.Errorf("leaderboard off again: board language %q on A", a)
	}
	if s := f.bus.lastState(); s == nil || s.BoardLang != "" {
		t.Errorf("leaderboard off again: the last state sent is %+v", s)
	}
	must(t, tc.SetLeaderboard(true))
	eventually(t, "the board language is back on B", func() bool { return onB.View().BoardLang == "de" })

	// The teacher goes away: their language goes with them, on both replicas and the wire.
	tc.Leave()
	if v := onA.View(); !v.Away || v.BoardLang != "" {
		t.Errorf("teacher away: student on A sees away %v, board language %q", v.Away, v.BoardLang)
	}
	eventually(t, "B sees the teacher away", func() bool { return onB.View().Away })
	if _, b := lang(); b != "" {
		t.Errorf("teacher away: board language %q on B", b)
	}
	if s := f.bus.lastState(); s == nil || s.AwayMillis == 0 || s.BoardLang != "" {
		t.Errorf("teacher away: the last state sent is %+v", s)
	}

	// Back through B: the relayed teacher's session says its language again.
	back, err := f.b.Resume(src1, teacherCode)
	if err != nil {
		t.Fatalf("resume through B: %v", err)
	}
	defer back.Leave()
	if a, _ := lang(); a != "" {
		t.Errorf("back, before saying a language: board language %q on A", a)
	}
	if err := back.SetBoardLang("en"); err != nil {
		t.Fatalf("relayed SetBoardLang: %v", err)
	}
	if a, _ := lang(); a != "en" {
		t.Errorf("student on A after the relayed teacher's language: %q, want en", a)
	}
	eventually(t, "the relayed teacher's language reaches B", func() bool { return onB.View().BoardLang == "en" })
}

// withBoardLang is the number of messages so far that carry a board language.
func (b *bus) withBoardLang() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, m := range b.msgs {
		if m.State != nil && m.State.BoardLang != "" {
			n++
		}
	}
	return n
}

// lastState is the state in the last message that held one (nil: none yet).
func (b *bus) lastState() *State {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := len(b.msgs) - 1; i >= 0; i-- {
		if m := b.msgs[i]; m.Op == OpState && m.State != nil {
			return m.State
		}
	}
	return nil
}

// TestBoardLangFromAnOlderOwner: an owner from before the rule sends the board language
// always; a mirror keeps it only while the leaderboard is on and the teacher is there.
func TestBoardLangFromAnOlderOwner(t *testing.T) {
	t.Parallel()
	f, tc, onB := relayedRoom(t)
	r := tc.room
	r.mu.Lock()
	s, id := r.stateL(), r.id
	r.mu.Unlock()
	for i, c := range []struct {
		board bool
		away  int64
		want  string
	}{{false, 0, ""}, {true, 1000, ""}, {true, 0, "en"}, {false, 0, ""}} {
		s.Step += 10 // later than anything A sent
		s.BoardLang, s.Leaderboard, s.AwayMillis = "en", c.board, c.away
		st := s
		must(t, f.na.Publish(Addr{AddrState, id}, Msg{Op: OpState, State: &st}))
		eventually(t, "B takes the state", func() bool { return onB.View().Step == st.Step })
		if got := onB.View().BoardLang; got != c.want {
			t.Errorf("%d: leaderboard %v, away %d ms: board language %q on B, want %q", i, c.board, c.away, got, c.want)
		}
	}
}
