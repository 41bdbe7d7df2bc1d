package classroom

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"tutord/internal/lessons"
)

// TestRelayGoneCountsOut: B dies without a word (a crash, as A sees it). A's teacher
// counts B's students out after HeartbeatMisses beats without B's beat, not before, and
// keeps its own. B beats once per interval for the room, however many students it has.
func TestRelayGoneCountsOut(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	tc := mustOpen(t, f.a)
	code, _ := tc.Codes()
	mustJoin(t, f.a, code)
	mustJoin(t, f.b, code)
	mustJoin(t, f.b, code)
	const beats = 4
	for range beats {
		f.clock.Advance(testBeat)
	}
	if n := f.bus.count(OpRelayBeat); n != beats {
		t.Fatalf("B sent %d relay beats in %d intervals for one room with 2 students, want %d", n, beats, beats)
	}
	f.nb.setLink(false)
	f.clock.Advance(testBeat * (HeartbeatMisses - 1))
	if n := tc.View().Students; n != 3 {
		t.Fatalf("after %d missed beats A counts %d students, want 3 (not given up yet)", HeartbeatMisses-1, n)
	}
	f.clock.Advance(testBeat)
	if n := tc.View().Students; n != 1 {
		t.Fatalf("after %d missed beats A counts %d students, want 1 (its own)", HeartbeatMisses, n)
	}
	if !strings.Contains(f.log.String(), "class relay silent") {
		t.Error("A does not log that it counted out a silent replica's students")
	}
}

// TestOwnerLinkBackRecounts: a student on B leaves while A's link is down, so the leave
// reaches nobody. When A's link is back it asks for a recount, and its teacher counts
// exactly the students still there.
func TestOwnerLinkBackRecounts(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	tc := mustOpen(t, f.a)
	code, _ := tc.Codes()
	gone := mustJoin(t, f.b, code)
	stays := mustJoin(t, f.b, code)
	f.na.setLink(false)
	gone.Leave()
	f.clock.Advance(testBeat)
	if n := tc.View().Students; n != 2 {
		t.Fatalf("A counts %d students while cut off, want 2 (the leave cannot reach it)", n)
	}
	f.na.setLink(true)
	eventually(t, "A counts out the student whose leave was lost", func() bool { return tc.View().Students == 1 })
	if f.bus.count(OpRecount) == 0 || f.bus.count(OpAnnounce) == 0 {
		t.Fatal("no recount and announcement after A's link came back")
	}
	if v := stays.View(); v.Phase == Ended {
		t.Fatal("the recount ended the class for the student who stayed")
	}
}

// TestRelayCountedAgain: A hears no beat from B for HeartbeatMisses beats (they were
// lost on the way) and counts B's student out, answer and all, though B still has them.
// B's next beat that gets through makes A ask for a recount: the student is counted
// again, with the answer they gave.
func TestRelayCountedAgain(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	tc := mustOpen(t, f.a)
	code, _ := tc.Codes()
	st := mustJoin(t, f.b, code)
	if err := tc.SetLesson(testLesson()); err != nil {
		t.Fatal(err)
	}
	if err := tc.ToQuestions(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the question opens on B", func() bool { return st.View().Phase == Open })
	if err := st.Answer(lessons.Answer{Choice: 1}); err != nil {
		t.Fatalf("answer: %v", err)
	}
	f.bus.mu.Lock()
	f.bus.drop = func(_ Addr, m Msg) bool { return m.Op == OpRelayBeat }
	f.bus.mu.Unlock()
	f.clock.Advance(HeartbeatMisses * testBeat)
	if v := tc.View(); v.Students != 0 || v.Tally.Answered != 0 {
		t.Fatalf("after %d lost beats A counts %d students, %d answered; want 0, 0", HeartbeatMisses, v.Students, v.Tally.Answered)
	}
	if st.View().Phase != Open {
		t.Fatal("B ended the class though the owner's beats reach it")
	}
	f.bus.mu.Lock()
	f.bus.drop = nil
	f.bus.mu.Unlock()
	f.clock.Advance(testBeat)
	eventually(t, "A counts B's student and answer again", func() bool {
		v := tc.View()
		return v.Students == 1 && v.Tally.Answered == 1
	})
	if v := st.View(); v.Phase != Open || !v.Answered {
		t.Fatalf("the student's view after the recount: %+v", v)
	}
}

// TestRelayMessagesHoldNoMore: the relaying replica's beat holds its number only, the
// owner's recount nothing, and an announcement the owner's numbers for the students and
// their pseudonyms; the replica's number is random, not derived from anything.
func TestRelayMessagesHoldNoMore(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	tc := mustOpen(t, f.a)
	code, _ := tc.Codes()
	mustJoin(t, f.b, code)
	f.clock.Advance(testBeat)
	f.na.setLink(false)
	f.na.setLink(true)
	eventually(t, "an announcement", func() bool { return f.bus.count(OpAnnounce) > 0 })
	allowed := map[Op][]string{
		OpRelayBeat: {"op", "r"},
		OpRecount:   {"op"},
		OpAnnounce:  {"op", "r", "students"},
	}
	f.bus.mu.Lock()
	defer f.bus.mu.Unlock()
	seen := map[Op]bool{}
	for _, m := range f.bus.msgs {
		keys, ok := allowed[m.Op]
		if !ok {
			continue
		}
		seen[m.Op] = true
		data, _ := json.Marshal(m)
		var fields map[string]json.RawMessage
		_ = json.Unmarshal(data, &fields)
		for k := range fields {
			if !slices.Contains(keys, k) {
				t.Errorf("a %s message holds %q: %s", m.Op, k, data)
			}
		}
		if m.Op != OpRecount && m.Relay != f.b.relayID {
			t.Errorf("a %s message holds relay %d, want B's number %d", m.Op, m.Relay, f.b.relayID)
		}
		for _, s := range m.Students {
			data, _ := json.Marshal(s)
			if string(data) != `{"m":`+jsonNum(s.Member)+`,"name":`+jsonOf(s.Name)+`}` {
				t.Errorf("an announced student holds more than the number and pseudonym: %s", data)
			}
		}
	}
	for op := range allowed {
		if !seen[op] {
			t.Errorf("no %s message was sent", op)
		}
	}
	if f.a.relayID == f.b.relayID || f.b.relayID == 0 {
		t.Errorf("replica numbers %d and %d: want two random non-zero numbers", f.a.relayID, f.b.relayID)
	}
}

func jsonNum(n uint64) string { return jsonOf(n) }

func jsonOf(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

// relayedTeacher has A's teacher leave and come back through B; A has one student.
func relayedTeacher(t *testing.T, f fleetFixture) (back *Teacher, st *Member) {
	t.Helper()
	tc := mustOpen(t, f.a)
	code, teacherCode := tc.Codes()
	st = mustJoin(t, f.a, code)
	tc.Leave()
	back, err := f.b.Resume(src1, teacherCode)
	if err != nil {
		t.Fatalf("resume through B: %v", err)
	}
	if st.View().Away {
		t.Fatal("the room waits for a teacher who is back through B")
	}
	return back, st
}

// TestRelayedTeacherGoneStartsGrace: B, through which the teacher steers, dies without a
// word. After HeartbeatMisses beats without B's beat the room on A waits for its teacher
// (the grace period), as when a teacher's own connection drops; before, B's beats keep a
// quiet teacher in the room.
func TestRelayedTeacherGoneStartsGrace(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	_, st := relayedTeacher(t, f)
	for range 2 * HeartbeatMisses {
		f.clock.Advance(testBeat)
	}
	if st.View().Away {
		t.Fatal("a quiet relayed teacher was counted out while B beats")
	}
	if n := f.bus.count(OpRelayBeat); n != 2*HeartbeatMisses {
		t.Fatalf("B sent %d beats for its teacher in %d intervals, want one each", n, 2*HeartbeatMisses)
	}
	f.nb.setLink(false)
	f.clock.Advance(HeartbeatMisses * testBeat)
	if v := st.View(); !v.Away || v.Phase == Ended {
		t.Fatalf("after B went silent A's student sees away %v, phase %v; want the teacher away, the class on", v.Away, v.Phase)
	}
}

// TestRelayedTeacherCountedOutComesBack: A hears no beat from B for HeartbeatMisses beats
// (they were lost) and counts the teacher out; the room waits for them. B's next beat
// that gets through makes A ask for a recount: the teacher on B takes the room back and
// steers on, without typing the teacher code again.
func TestRelayedTeacherCountedOutComesBack(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	back, st := relayedTeacher(t, f)
	f.bus.mu.Lock()
	f.bus.drop = func(_ Addr, m Msg) bool { return m.Op == OpRelayBeat }
	f.bus.mu.Unlock()
	f.clock.Advance(HeartbeatMisses * testBeat)
	if !st.View().Away {
		t.Fatal("A did not count out the teacher on a silent B")
	}
	f.bus.mu.Lock()
	f.bus.drop = nil
	f.bus.mu.Unlock()
	f.clock.Advance(testBeat)
	eventually(t, "the teacher on B takes the room back", func() bool { return !st.View().Away })
	if err := back.SetLesson(testLesson()); err != nil {
		t.Fatalf("the teacher on B steers after the recount: %v", err)
	}
	eventually(t, "A's student sees the lesson", func() bool { return st.View().Phase == Page })
	if v := back.View(); v.Replaced || v.Phase != Page {
		t.Fatalf("the teacher on B sees %+v", v)
	}
}

// TestRelayedTeacherTakenOverMeanwhile: counted out on A while B was silent, and someone
// took the room with the teacher code since: the connection on B does not take it back,
// it is told the room is steered from elsewhere.
func TestRelayedTeacherTakenOverMeanwhile(t *testing.T) {
	t.Parallel()
	f := newFleet(t)
	back, st := relayedTeacher(t, f)
	_, teacherCode := back.Codes()
	f.bus.mu.Lock()
	f.bus.drop = func(_ Addr, m Msg) bool { return m.Op == OpRelayBeat }
	f.bus.mu.Unlock()
	f.clock.Advance(HeartbeatMisses * testBeat)
	if !st.View().Away {
		t.Fatal("A did not count out the teacher on a silent B")
	}
	if _, err := f.a.Resume(src1, teacherCode); err != nil {
		t.Fatalf("take over on A: %v", err)
	}
	f.bus.mu.Lock()
	f.bus.drop = nil
	f.bus.mu.Unlock()
	if err := back.Next(); err == nil {
		t.Fatal("the connection on B still steers after a take-over")
	}
	if v := back.View(); !v.Replaced {
		t.Fatalf("the teacher on B is not told the room is steered elsewhere: %+v", v)
	}
}
