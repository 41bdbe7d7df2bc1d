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
	f, tc, st := relayedRoom(t)
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
	f.bus.dropOp(OpRelayBeat)
	f.clock.Advance(HeartbeatMisses * testBeat)
	if v := tc.View(); v.Students != 0 || v.Tally.Answered != 0 {
		t.Fatalf("after %d lost beats A counts %d students, %d answered; want 0, 0", HeartbeatMisses, v.Students, v.Tally.Answered)
	}
	if st.View().Phase != Open {
		t.Fatal("B ended the class though the owner's beats reach it")
	}
	f.bus.dropNone()
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
	f, _, _ := relayedRoom(t)
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
	code, _ := tc.Codes()
	st = mustJoin(t, f.a, code)
	back = resumeThroughB(t, f, tc)
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
	f.bus.dropOp(OpRelayBeat)
	f.clock.Advance(HeartbeatMisses * testBeat)
	if !st.View().Away {
		t.Fatal("A did not count out the teacher on a silent B")
	}
	f.bus.dropNone()
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
	f.bus.dropOp(OpRelayBeat)
	f.clock.Advance(HeartbeatMisses * testBeat)
	if !st.View().Away {
		t.Fatal("A did not count out the teacher on a silent B")
	}
	if _, err := f.a.Resume(src1, teacherCode); err != nil {
		t.Fatalf("take over on A: %v", err)
	}
	f.bus.dropNone()
	if err := back.Next(); err == nil {
		t.Fatal("the connection on B still steers after a take-over")
	}
	if v := back.View(); !v.Replaced {
		t.Fatalf("the teacher on B is not told the room is steered elsewhere: %+v", v)
	}
}

// countedOutFilledUp: a room of 3 on A with one student there and two on B. A hears no
// beat from B for HeartbeatMisses beats and counts B's two out; meanwhile joinsOnA
// students join on A into the freed places. Then B's beats get through again.
func countedOutFilledUp(t *testing.T, joinsOnA int) (f fleetFixture, tc *Teacher, onB []*Member) {
	t.Helper()
	f = newFleetWith(t, 3)
	tc = mustOpen(t, f.a)
	code, _ := tc.Codes()
	mustJoin(t, f.a, code)
	onB = []*Member{mustJoin(t, f.b, code), mustJoin(t, f.b, code)}
	f.bus.dropOp(OpRelayBeat)
	f.clock.Advance(HeartbeatMisses * testBeat)
	if n := tc.View().Students; n != 1 {
		t.Fatalf("after %d lost beats A counts %d students, want 1", HeartbeatMisses, n)
	}
	for range joinsOnA {
		mustJoin(t, f.a, code)
	}
	f.bus.dropNone()
	f.clock.Advance(testBeat)
	return f, tc, onB
}

// endedFull says which of B's students were told the class is full; the others must
// still be in the class.
func endedFull(t *testing.T, onB []*Member) (told, in int) {
	t.Helper()
	for _, m := range onB {
		switch v := m.View(); {
		case v.Phase == Ended && v.Ended == RoomFull:
			told++
		case v.Phase == Ended:
			t.Errorf("a student on B sees the class ended for %v, want %v or still in", v.Ended, RoomFull)
		default:
			in++
		}
	}
	return told, in
}

func peakOf(tc *Teacher) int {
	tc.room.mu.Lock()
	defer tc.room.mu.Unlock()
	return tc.room.peak
}

// TestRecountKeepsLimit: B's two students were counted out and one new student took a
// freed place on A. When B is heard again, one of its students is counted again and the
// other is told the class is full: the room stays at its limit, the teacher counts
// exactly its students, and that student's leave changes nothing on A.
func TestRecountKeepsLimit(t *testing.T) {
	t.Parallel()
	f, tc, onB := countedOutFilledUp(t, 1)
	eventually(t, "B's students are recounted", func() bool {
		told, _ := endedFull(t, onB)
		return told == 1 && tc.View().Students == 3
	})
	if told, in := endedFull(t, onB); told != 1 || in != 1 {
		t.Fatalf("on B %d students told the class is full, %d still in; want 1, 1", told, in)
	}
	if n := tc.View().Students; n != 3 {
		t.Fatalf("A's teacher counts %d students, want 3 (the limit)", n)
	}
	if p := peakOf(tc); p != 3 {
		t.Errorf("the room's peak is %d, want 3", p)
	}
	code, _ := tc.Codes()
	if _, err := f.a.Join(src1, code); err != ErrRoomFull {
		t.Errorf("a join into the full room: %v, want %v", err, ErrRoomFull)
	}
	for _, m := range onB {
		m.Leave()
	}
	eventually(t, "A counts out B's student who stayed", func() bool { return tc.View().Students == 2 })
	if !strings.Contains(f.log.String(), "class relay full") {
		t.Error("B does not log that the owner would not count a student again")
	}
}

// TestRecountIntoFullRoom: two new students on A took both freed places. When B is heard
// again, neither of B's students is counted again; both are told the class is full, and
// B forgets its mirror of the room.
func TestRecountIntoFullRoom(t *testing.T) {
	t.Parallel()
	f, tc, onB := countedOutFilledUp(t, 2)
	eventually(t, "B's students are told the class is full", func() bool {
		told, _ := endedFull(t, onB)
		return told == 2
	})
	if n := tc.View().Students; n != 3 {
		t.Fatalf("A's teacher counts %d students, want 3", n)
	}
	if p := peakOf(tc); p != 3 {
		t.Errorf("the room's peak is %d, want 3", p)
	}
	eventually(t, "B drops its mirror", func() bool { return f.mirrors() == 0 })
	if v := onB[0].View(); v.Students != 0 || v.Code == "" {
		t.Errorf("the view of a student told the class is full: %+v", v)
	}
}
