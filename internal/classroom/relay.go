package classroom

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"

	"tutord/internal/lessons"
)

// The owner's side of a room shared across replicas: it answers the other replicas'
// requests and publishes each step once, to all of them at once.

// requestTimeout bounds a request to another replica: a class never waits longer for
// a reply, and a lost link shows as a message instead of a hang.
const requestTimeout = 3 * time.Second

func requestCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), requestTimeout)
}

// randomID is a room's id in the fleet: random, so it tells nothing of the room's codes.
func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail
	return hex.EncodeToString(b)
}

// randomNum numbers relayed students and teacher connections, never 0.
func randomNum(used func(uint64) bool) uint64 {
	var b [8]byte
	for {
		_, _ = rand.Read(b[:])
		if n := binary.BigEndian.Uint64(b[:]) >> 11; n != 0 && !used(n) { // 53 bits: exact in JSON
			return n
		}
	}
}

// codeTaken asks the fleet whether another replica has a room with this code.
func (r *Registry) codeTaken(code string) bool {
	if r.tr == nil {
		return false
	}
	ctx, cancel := requestCtx()
	defer cancel()
	_, err := r.tr.Request(ctx, Addr{AddrJoin, code}, Msg{Op: OpProbe})
	return err == nil
}

// host makes a room just opened reachable from the other replicas.
func (r *Room) host() {
	tr := r.reg.tr
	if tr == nil {
		return
	}
	r.mu.Lock()
	r.id = randomID()
	r.remotes = map[uint64]*Member{}
	r.rteachers = map[uint64]*Teacher{}
	r.relays = map[uint64]*watchdog{}
	r.relay = newSubscriber(r.publishState)
	id := r.id
	r.mu.Unlock()
	var stops []func()
	for _, a := range []Addr{{AddrJoin, r.code}, {AddrTeach, r.teacherCode}, {AddrRoom, id}} {
		stop, err := tr.Serve(a, r.serve)
		if err != nil {
			r.reg.log.Info("class not shared with other replicas", "err", err)
			continue
		}
		stops = append(stops, stop)
	}
	r.mu.Lock()
	r.stops = stops
	r.stopBeat = r.reg.clock.AfterFunc(r.reg.cfg.Heartbeat, r.beat)
	r.mu.Unlock()
}

// beat tells the replicas relaying this room that its owner still has it, so they can
// tell a quiet class from a crashed owner. It goes only where someone listens: to the
// mirrors while there are relayed students, to relayed teachers while there are any.
// Its step lets a mirror that missed a step catch up.
func (r *Room) beat() {
	r.mu.Lock()
	if r.relay == nil { // unhosted: the room ended
		r.mu.Unlock()
		return
	}
	id, step := r.id, r.step
	students, teachers := len(r.remotes) > 0, len(r.rteachers) > 0
	r.stopBeat = r.reg.clock.AfterFunc(r.reg.cfg.Heartbeat, r.beat)
	r.mu.Unlock()
	m := Msg{Op: OpBeat, State: &State{Step: step}}
	if students {
		if err := r.reg.tr.Publish(Addr{AddrState, id}, m); err != nil {
			r.reg.log.Debug("class heartbeat not sent", "err", err)
		}
	}
	if teachers {
		if err := r.reg.tr.Publish(Addr{AddrTeacher, id}, m); err != nil {
			r.reg.log.Debug("class heartbeat not sent", "err", err)
		}
	}
}

// unhost tells the other replicas the room ended and stops answering them.
func (r *Room) unhost() {
	r.mu.Lock()
	stops, relay := r.stops, r.relay
	r.stops, r.relay = nil, nil
	if r.stopBeat != nil {
		r.stopBeat()
	}
	for _, w := range r.relays {
		w.stop()
	}
	r.relays = nil
	r.mu.Unlock()
	if relay == nil {
		return
	}
	relay.close()
	r.publishState() // the end, for every replica
	r.mu.Lock()
	teachers := make(map[uint64]*Teacher, len(r.rteachers))
	for tid, t := range r.rteachers {
		teachers[tid] = t
	}
	r.mu.Unlock()
	for tid, t := range teachers { // now, not from the subscriber: the link may close next
		r.publishTeacher(t, tid)
	}
	for _, stop := range stops {
		stop()
	}
}

// publishState sends the room's state to every replica that watches it.
func (r *Room) publishState() {
	r.mu.Lock()
	if r.id == "" || r.mirror {
		r.mu.Unlock()
		return
	}
	s := r.stateL()
	id := r.id
	r.mu.Unlock()
	if err := r.reg.tr.Publish(Addr{AddrState, id}, Msg{Op: OpState, State: &s}); err != nil {
		r.reg.log.Debug("class state not sent", "err", err)
	}
}

// stateL is the room's shared state: what every student sees, with no student in it.
func (r *Room) stateL() State {
	s := State{
		Step: r.step, Phase: r.phase, Seq: r.seq, Page: r.page, Question: r.q,
		Leaderboard: r.leaderboard, BoardLang: r.boardLangL(), Ended: r.ended,
	}
	if r.away {
		s.AwayMillis = max(1, r.awayUntil.Sub(r.reg.clock.Now()).Milliseconds())
	}
	if r.lesson != nil {
		s.Lesson = r.lesson.ID
		s.Pages, s.Questions = len(r.lesson.Sections), len(r.lesson.Quiz.Questions)
		s.Asked = make([]Phase, len(r.qs))
		s.Rounds = make([]uint32, len(r.qs))
		for i, q := range r.qs {
			s.Asked[i], s.Rounds[i] = q.phase, q.round
		}
		if r.phase == Closed || r.phase == Revealed {
			t := r.qs[r.q].tally
			s.Tally = &t
		}
	}
	return s
}

// teacherMsg is what a relayed teacher connection sees: the state with the live tally,
// the number of students and the leaderboard.
func (r *Room) teacherMsg(t *Teacher, tid uint64) Msg {
	r.mu.Lock()
	s := r.stateL()
	v := r.viewL()
	s.Students, s.Replaced = v.Students, t.gen != r.teacherGen
	if r.lesson != nil {
		s.Tally = &v.Tally
	}
	r.mu.Unlock()
	m := Msg{Op: OpTView, Teacher: tid, State: &s}
	if s.Leaderboard && s.Phase == Revealed {
		m.Leaders = t.Leaders(5)
	}
	return m
}

// serve answers a request from another replica.
func (r *Room) serve(m Msg) Msg {
	switch m.Op {
	case OpProbe:
		return Msg{Op: OpReply}
	case OpSync:
		r.mu.Lock()
		s := r.stateL()
		r.mu.Unlock()
		return Msg{Op: OpState, State: &s}
	case OpJoin:
		mem, err := r.join()
		if err != nil {
			return Msg{Op: OpReply, Err: errCode(err)}
		}
		r.mu.Lock()
		if r.remotes == nil { // ended a moment ago
			r.mu.Unlock()
			return Msg{Op: OpReply, Err: errCode(ErrNoRoom)}
		}
		mem.rid = randomNum(func(n uint64) bool { return r.remotes[n] != nil })
		mem.relay = m.Relay
		r.remotes[mem.rid] = mem
		r.heardRelayL(m.Relay)
		s := r.stateL()
		r.mu.Unlock()
		name := mem.name
		return Msg{Op: OpReply, Room: r.id, Member: mem.rid, Name: &name, State: &s}
	case OpLeave:
		if mem := r.remote(m.Member); mem != nil {
			mem.Leave()
		}
		return Msg{Op: OpReply}
	case OpAnswer:
		mem := r.remote(m.Member)
		if mem == nil {
			return Msg{Op: OpReply, Err: errCode(ErrEnded)}
		}
		at, err := mem.answer(lessons.Answer{Choice: m.Choice, Bins: m.Bins, Picks: m.Picks})
		at.Op, at.Err = OpReply, errCode(err)
		return at
	case OpResume:
		if m.On && !r.teacherAway() { // a relayed teacher counted out too early; someone took over since
			return Msg{Op: OpReply, Err: errCode(ErrNotTeacher)}
		}
		t, err := r.resume()
		if err != nil {
			return Msg{Op: OpReply, Err: errCode(err)}
		}
		r.mu.Lock()
		if r.rteachers == nil {
			r.mu.Unlock()
			return Msg{Op: OpReply, Err: errCode(ErrNoRoom)}
		}
		tid := randomNum(func(n uint64) bool { return r.rteachers[n] != nil })
		r.rteachers[tid] = t
		t.relay = m.Relay
		r.heardRelayL(m.Relay)
		r.mu.Unlock()
		t.Attach(func() { r.publishTeacher(t, tid) })
		out := r.teacherMsg(t, tid)
		out.Room, out.Code = r.id, r.code
		return out
	case OpTeach:
		return r.teach(m)
	case OpRelayBeat:
		r.relayBeatIn(m.Relay)
		return Msg{Op: OpReply}
	case OpAnnounce:
		return r.announced(m)
	}
	return Msg{Op: OpReply, Err: "other"}
}

func (r *Room) remote(id uint64) *Member {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.remotes[id]
}

// teach runs a relayed teacher's action.
func (r *Room) teach(m Msg) Msg {
	r.mu.Lock()
	t := r.rteachers[m.Teacher]
	r.mu.Unlock()
	if t == nil {
		return Msg{Op: OpReply, Err: errCode(errUnknownTeacher)}
	}
	var err error
	switch m.Action {
	case "next":
		err = t.Next()
	case "back":
		err = t.Back()
	case "questions":
		err = t.ToQuestions()
	case "board":
		err = t.SetLeaderboard(m.On)
	case "lang":
		err = t.SetBoardLang(m.Lang)
	case "lesson":
		l := r.reg.lesson(m.Lesson)
		if l == nil {
			err = ErrAnswer
			break
		}
		err = t.SetLesson(l)
	case "end":
		err = t.End()
	case "leave":
		t.Leave()
		r.mu.Lock()
		delete(r.rteachers, m.Teacher)
		r.mu.Unlock()
		return Msg{Op: OpReply}
	case "view":
	}
	out := r.teacherMsg(t, m.Teacher)
	out.Err = errCode(err)
	return out
}

// publishTeacher sends a relayed teacher's view to the replica the teacher is on.
func (r *Room) publishTeacher(t *Teacher, tid uint64) {
	m := r.teacherMsg(t, tid)
	r.mu.Lock()
	id := r.id
	r.mu.Unlock()
	if err := r.reg.tr.Publish(Addr{AddrTeacher, id}, m); err != nil {
		r.reg.log.Debug("class teacher view not sent", "err", err)
	}
}
