package classroom

import (
	"errors"
	"slices"
	"sync"
	"time"

	"tutord/internal/lessons"
)

// The side of a room on a replica that does not own it. A mirror is a Room holding the
// owner's shared state and this replica's students only: their answers and results stay
// here, as on the owner, and the owner learns only their answers' indexes. It lives while
// it has students, and ends when the owner says the room ended or cannot be reached.

// errRetry says a mirror was dropped while a student was joining it: make a new one.
var errRetry = errors.New("classroom: mirror dropped")

// joinRemote asks the fleet for the room with this code and puts a student in its
// mirror here. A code no replica has is ErrNoRoom.
func (r *Registry) joinRemote(code string) (*Member, error) {
	ctx, cancel := requestCtx()
	defer cancel()
	reply, err := r.tr.Request(ctx, Addr{AddrJoin, code}, Msg{Op: OpJoin, Relay: r.relayID})
	switch {
	case errors.Is(err, ErrNoRoom):
		return nil, ErrNoRoom
	case err != nil:
		r.log.Debug("class join not relayed", "err", err)
		return nil, ErrLink
	case reply.Err != "":
		return nil, codeErr(reply.Err)
	case reply.Room == "" || reply.Name == nil || reply.State == nil:
		r.log.Debug("class join not relayed", "err", "reply incomplete", "op", reply.Op)
		return nil, ErrLink
	}
	for {
		room, fresh, err := r.mirrorFor(code, reply.Room)
		if err != nil {
			r.tr.Publish(Addr{AddrRoom, reply.Room}, Msg{Op: OpLeave, Member: reply.Member})
			return nil, ErrLink
		}
		m, err := room.addMember(reply.Member, *reply.Name, *reply.State)
		if errors.Is(err, errRetry) {
			continue
		}
		if err != nil {
			r.tr.Publish(Addr{AddrRoom, reply.Room}, Msg{Op: OpLeave, Member: reply.Member})
			return nil, err
		}
		if fresh {
			room.resync() // a step published before the watch began
		}
		return m, nil
	}
}

// mirrorFor is this replica's mirror of room id, made and watching if new.
func (r *Registry) mirrorFor(code, id string) (room *Room, fresh bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if m := r.mirrors[id]; m != nil {
		return m, false, nil
	}
	room = &Room{reg: r, code: code, id: id, mirror: true, opened: r.clock.Now(), students: map[*Member]struct{}{}}
	stop, err := r.tr.Watch(Addr{AddrState, id}, room.onState)
	if err != nil {
		return nil, false, err
	}
	room.unwatch = stop
	room.listenL()
	room.stopBeat = r.clock.AfterFunc(r.cfg.Heartbeat, room.relayBeat)
	r.mirrors[id] = room
	return room, true, nil
}

// watchdog notices a room's owner going silent on a relaying replica: every word from
// the owner re-arms it, and HeartbeatMisses beats without one call silent. Its owner's
// mutex guards it; silent gets the arming it belongs to, and last tells whether that is
// still the latest (a watchdog armed before the last word does nothing).
type watchdog struct {
	heard  uint64
	cancel func() bool
}

func (w *watchdog) arm(reg *Registry, silent func(n uint64)) {
	w.stop()
	w.heard++
	n := w.heard
	w.cancel = reg.clock.AfterFunc(HeartbeatMisses*reg.cfg.Heartbeat, func() { silent(n) })
}

func (w *watchdog) last(n uint64) bool { return n == w.heard }

func (w *watchdog) stop() {
	if w.cancel != nil {
		w.cancel()
	}
}

// listenL re-arms the mirror's watchdog: the owner was heard just now.
func (r *Room) listenL() {
	if r.ended != NotEnded || r.dropped {
		return
	}
	r.owner.arm(r.reg, r.silent)
}

// silent ends the mirror when the owner said nothing for HeartbeatMisses beats: it went
// away without a goodbye, or this replica's link to the fleet has been gone that long.
// The students get the closing screen with their results. Their leaves go out anyway:
// an owner that is still there counts them out once the link is back (NATS sends what
// it buffered meanwhile).
func (r *Room) silent(n uint64) {
	r.mu.Lock()
	if !r.owner.last(n) || r.ended != NotEnded || r.dropped {
		r.mu.Unlock()
		return
	}
	rids := make([]uint64, 0, len(r.students))
	for m := range r.students {
		rids = append(rids, m.rid)
	}
	r.endMirrorL(LinkLost)
	id := r.id
	r.mu.Unlock()
	r.reg.log.Info("class relay ended", "reason", "owner silent", "students", len(rids))
	for _, rid := range rids {
		_ = r.reg.tr.Publish(Addr{AddrRoom, id}, Msg{Op: OpLeave, Member: rid})
	}
	r.reg.dropMirror(r, true)
}

// addMember puts a student the owner numbered rid in this mirror.
func (r *Room) addMember(rid uint64, name Pseudonym, s State) (*Member, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dropped {
		return nil, errRetry
	}
	if r.ended != NotEnded {
		return nil, ErrNoRoom
	}
	r.applyL(s)
	m := &Member{room: r, name: name, rid: rid}
	r.students[m] = struct{}{}
	return m, nil
}

// onState takes a state the owner published.
func (r *Room) onState(m Msg) {
	if m.Op == OpRecount {
		r.mu.Lock()
		r.listenL()
		r.mu.Unlock()
		go r.announce() // a request: not from the watch's own delivery
		return
	}
	if m.State == nil {
		return
	}
	r.mu.Lock()
	r.listenL()
	if m.Op == OpBeat {
		behind := r.ended == NotEnded && m.State.Step > r.step
		r.mu.Unlock()
		if behind { // a step this replica did not get
			r.resync()
		}
		return
	}
	r.applyL(*m.State)
	ended := r.ended != NotEnded
	r.mu.Unlock()
	if ended {
		r.reg.dropMirror(r, true)
	}
}

// resync asks the owner for the room's state now (after a watch began, or the link came
// back). An owner that no longer has the room ends the mirror.
func (r *Room) resync() {
	r.mu.Lock()
	id := r.id
	r.mu.Unlock()
	ctx, cancel := requestCtx()
	defer cancel()
	reply, err := r.reg.tr.Request(ctx, Addr{AddrRoom, id}, Msg{Op: OpSync})
	r.mu.Lock()
	switch {
	case errors.Is(err, ErrNoRoom):
		r.endMirrorL(LinkLost)
	case err != nil || reply.State == nil:
		r.lost = true
		r.notifyAllL()
	default:
		r.lost = false
		r.listenL()
		r.applyL(*reply.State)
		r.notifyAllL()
	}
	ended := r.ended != NotEnded
	r.mu.Unlock()
	if ended {
		r.reg.dropMirror(r, true)
	}
}

// applyL moves the mirror to the owner's state s. The students' own answers and results
// follow the questions' phases, as on the owner: a question that stops taking answers
// grades them, one taken back forgets them.
func (r *Room) applyL(s State) {
	if r.ended != NotEnded || s.Step < r.step {
		return // late: the mirror has seen a later step
	}
	if s.Ended != NotEnded {
		r.endMirrorL(s.Ended)
		return
	}
	if s.Seq != r.seq || (r.lesson == nil) != (s.Lesson == "") || (r.lesson != nil && r.lesson.ID != s.Lesson) {
		r.seq = s.Seq
		r.lesson = nil
		if s.Lesson != "" {
			r.lesson = r.reg.lesson(s.Lesson)
		}
		r.qs = nil
		if r.lesson != nil {
			r.qs = make([]*question, len(r.lesson.Quiz.Questions))
			for i := range r.qs {
				r.qs[i] = &question{}
			}
		}
	}
	r.step, r.phase, r.page, r.q, r.leaderboard = s.Step, s.Phase, s.Page, s.Question, s.Leaderboard
	r.boardLang = s.BoardLang
	if len(r.boardLang) > maxLangLen || !s.Leaderboard || s.AwayMillis > 0 {
		r.boardLang = "" // an older owner sends it always: keep only what a new one would
	}
	if r.lesson == nil || len(s.Asked) != len(r.qs) || len(s.Rounds) != len(r.qs) {
		// A lesson this replica does not have (replicas should run the same lessons):
		// its students wait as in the lobby rather than see something else.
		r.lesson, r.qs, r.phase = nil, nil, Lobby
	} else {
		for i, ph := range s.Asked {
			q := r.qs[i]
			round := s.Rounds[i]
			if q.phase == Open && (ph != Open || q.round != round) {
				if ph == Lobby || q.round != round {
					q.answers = nil // taken back
				} else {
					r.recordL(i)
				}
			}
			if ph == Open && (q.phase != Open || q.round != round) {
				q.answers = map[*Member]lessons.Answer{}
			}
			q.phase, q.round = ph, round
		}
		if s.Tally != nil && s.Question < len(r.qs) {
			r.qs[s.Question].tally = *s.Tally
		}
	}
	r.away = s.AwayMillis > 0
	if r.away {
		r.awayUntil = r.reg.clock.Now().Add(time.Duration(s.AwayMillis) * time.Millisecond)
	}
	r.notifyAllL()
}

// endMirrorL ends the mirror: its students see the closing screen with their results.
func (r *Room) endMirrorL(why EndReason) {
	if r.ended != NotEnded {
		return
	}
	r.ended, r.phase = why, Ended
	r.step++
	r.away, r.lost = false, false
	r.notifyAllL()
	r.students, r.qs, r.lesson = nil, nil, nil
}

// dropMirror forgets a mirror that ended (force) or has no student left.
func (r *Registry) dropMirror(room *Room, force bool) {
	r.mu.Lock()
	room.mu.Lock()
	if room.dropped || (!force && len(room.students) > 0) {
		room.mu.Unlock()
		r.mu.Unlock()
		return
	}
	room.dropped = true
	room.owner.stop()
	if room.stopBeat != nil {
		room.stopBeat()
	}
	stop := room.unwatch
	if r.mirrors[room.id] == room {
		delete(r.mirrors, room.id)
	}
	room.mu.Unlock()
	r.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// answerRemote sends a student's answer to the owner, and keeps it here once the owner
// took it, for the question it was taken for.
func (m *Member) answerRemote(a lessons.Answer) error {
	r := m.room
	r.mu.Lock()
	switch {
	case r.ended != NotEnded || m.left:
		r.mu.Unlock()
		return ErrEnded
	case r.lost:
		r.mu.Unlock()
		return ErrLink
	case r.phase != Open || r.lesson == nil:
		r.mu.Unlock()
		return ErrNotOpen
	case !r.lesson.Quiz.Questions[r.q].Complete(a):
		r.mu.Unlock()
		return ErrAnswer
	}
	id, rid := r.id, m.rid
	r.mu.Unlock()
	ctx, cancel := requestCtx()
	defer cancel()
	reply, err := r.reg.tr.Request(ctx, Addr{AddrRoom, id}, Msg{Op: OpAnswer, Member: rid, Choice: a.Choice, Bins: slices.Clone(a.Bins), Picks: slices.Clone(a.Picks)})
	if err != nil {
		return ErrLink
	}
	if err := codeErr(reply.Err); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended != NotEnded || m.left || reply.Seq != r.seq || r.lesson == nil || reply.Q >= len(r.qs) {
		return nil
	}
	q := r.qs[reply.Q]
	if q.round != reply.Round {
		return nil
	}
	switch q.phase {
	case Open:
		q.answers[m] = cloneAnswer(a)
	case Closed, Revealed: // the question closed on its way back: the owner counted it
		lq := &r.lesson.Quiz.Questions[reply.Q]
		m.record(Result{Lesson: r.lesson.ID, Question: reply.Q, Answered: true, Answer: cloneAnswer(a), Right: lq.Grade(a).Right})
	}
	return nil
}

// leaveMirror takes a student out of a mirror and tells the owner.
func (m *Member) leaveMirror() {
	r := m.room
	r.mu.Lock()
	m.sub.close()
	if m.left {
		r.mu.Unlock()
		return
	}
	m.left = true
	ended := r.ended != NotEnded
	if !ended {
		delete(r.students, m)
		if r.phase == Open && r.q < len(r.qs) {
			delete(r.qs[r.q].answers, m)
		}
	}
	id := r.id
	r.mu.Unlock()
	if ended {
		return
	}
	if err := r.reg.tr.Publish(Addr{AddrRoom, id}, Msg{Op: OpLeave, Member: m.rid}); err != nil {
		r.reg.log.Debug("class leave not sent", "err", err)
	}
	r.reg.dropMirror(r, false)
}

// relayed is what this replica relays of other replicas' rooms, its mirrors and relayed
// teachers, taken under the lock to act on outside it.
func (r *Registry) relayed() (mirrors []*Room, teachers []*remoteTeacher) {
	r.mu.Lock()
	defer r.mu.Unlock()
	mirrors = make([]*Room, 0, len(r.mirrors))
	for _, m := range r.mirrors {
		mirrors = append(mirrors, m)
	}
	teachers = make([]*remoteTeacher, 0, len(r.rteachers))
	for rt := range r.rteachers {
		teachers = append(teachers, rt)
	}
	return mirrors, teachers
}

// link marks every mirror and relayed teacher as cut off (up false) or resyncs them.
func (r *Registry) link(up bool) {
	mirrors, teachers := r.relayed()
	if up {
		r.log.Info("class link back", "mirrors", len(mirrors), "teachers", len(teachers))
	} else {
		r.log.Info("class link lost", "mirrors", len(mirrors), "teachers", len(teachers))
	}
	for _, m := range mirrors {
		if up {
			go func() {
				m.resync()
				m.announce() // the owner may have counted them out meanwhile
			}()
			continue
		}
		m.mu.Lock()
		m.lost = true
		m.notifyAllL()
		m.mu.Unlock()
	}
	if up {
		r.recountAll()
	}
	for _, rt := range teachers {
		if up {
			go func() { _ = rt.act(Msg{Action: "view"}) }()
			continue
		}
		rt.mu.Lock()
		rt.v.Lost = true
		rt.sub.notify()
		rt.mu.Unlock()
	}
}

// closeMirrors ends this replica's mirrors and relayed teachers (the server stops):
// the owners learn their students left.
func (r *Registry) closeMirrors() {
	mirrors, teachers := r.relayed()
	for _, room := range mirrors {
		room.mu.Lock()
		var rids []uint64
		for m := range room.students {
			rids = append(rids, m.rid)
		}
		room.endMirrorL(ServerStopped)
		room.mu.Unlock()
		for _, rid := range rids {
			_ = r.tr.Publish(Addr{AddrRoom, room.id}, Msg{Op: OpLeave, Member: rid})
		}
		r.dropMirror(room, true)
	}
	for _, rt := range teachers {
		rt.leave()
	}
}

// Relayed teachers.

// remoteTeacher steers a room owned by another replica, from a connection here.
type remoteTeacher struct {
	reg               *Registry
	id                string // the room's id
	tid               uint64
	code, teacherCode string

	mu      sync.Mutex
	v       View
	leaders []Leader
	sub     *subscriber
	unwatch func()
	left    bool
	owner   watchdog // as a mirror's (listen)
	// stopBeat cancels the next beat to the owner (relaybeat.go).
	stopBeat func() bool
}

// resumeRemote asks the fleet for the room with this teacher code.
func (r *Registry) resumeRemote(teacherCode string) (*Teacher, error) {
	ctx, cancel := requestCtx()
	defer cancel()
	reply, err := r.tr.Request(ctx, Addr{AddrTeach, teacherCode}, Msg{Op: OpResume, Relay: r.relayID})
	switch {
	case errors.Is(err, ErrNoRoom):
		return nil, ErrNoRoom
	case err != nil:
		return nil, ErrLink
	case reply.Err != "":
		return nil, codeErr(reply.Err)
	case reply.Room == "" || reply.State == nil || reply.Teacher == 0:
		return nil, ErrLink
	}
	rt := &remoteTeacher{reg: r, id: reply.Room, tid: reply.Teacher, code: reply.Code, teacherCode: teacherCode}
	rt.update(reply)
	rt.listen()
	stop, err := r.tr.Watch(Addr{AddrTeacher, reply.Room}, func(m Msg) {
		switch {
		case m.Op == OpBeat:
			rt.listen()
		case m.Op == OpRecount: // the owner may have counted this connection out
			rt.listen()
			go func() { _ = rt.act(Msg{Action: "view"}) }()
		case m.Teacher == rt.num():
			rt.listen()
			rt.update(m)
		}
	})
	if err != nil {
		_ = r.tr.Publish(Addr{AddrRoom, reply.Room}, Msg{Op: OpTeach, Teacher: reply.Teacher, Action: "leave"})
		return nil, ErrLink
	}
	rt.mu.Lock()
	rt.unwatch = stop
	rt.stopBeat = r.clock.AfterFunc(r.cfg.Heartbeat, rt.beat)
	rt.mu.Unlock()
	r.mu.Lock()
	r.rteachers[rt] = struct{}{}
	r.mu.Unlock()
	_ = rt.act(Msg{Action: "view"}) // a view published before the watch began
	r.log.Info("class teacher relayed")
	return &Teacher{rt: rt}, nil
}

// update takes a view from the owner.
func (rt *remoteTeacher) update(m Msg) {
	if m.State == nil {
		return
	}
	s := m.State
	v := View{
		Code: rt.code, Phase: s.Phase, Step: s.Step, Lesson: s.Lesson, Page: s.Page, Pages: s.Pages,
		Question: s.Question, Questions: s.Questions, Asked: s.Asked, Students: s.Students,
		Leaderboard: s.Leaderboard, Ended: s.Ended, Replaced: s.Replaced,
	}
	if s.Tally != nil {
		v.Tally = *s.Tally
	}
	if s.AwayMillis > 0 {
		v.Away, v.AwayUntil = true, rt.reg.clock.Now().Add(time.Duration(s.AwayMillis)*time.Millisecond)
	}
	rt.mu.Lock()
	rt.v, rt.leaders = v, m.Leaders
	rt.sub.notify()
	done := v.Phase == Ended || v.Replaced
	rt.mu.Unlock()
	if done {
		rt.forget()
	}
}

func (rt *remoteTeacher) attach(deliver func()) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.sub.close()
	rt.sub = newSubscriber(deliver)
}

func (rt *remoteTeacher) view() View {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	v := rt.v
	v.Asked = slices.Clone(v.Asked)
	return v
}

func (rt *remoteTeacher) top(n int) []Leader {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return slices.Clone(rt.leaders[:min(n, len(rt.leaders))])
}

// act sends a teacher's action to the owner and shows the view it replies with.
func (rt *remoteTeacher) act(m Msg) error {
	err := rt.actOnce(m)
	if errors.Is(err, errUnknownTeacher) { // counted out while still here: take the room back
		if err = rt.rejoin(); err == nil {
			err = rt.actOnce(m)
		}
	}
	return err
}

func (rt *remoteTeacher) actOnce(m Msg) error {
	rt.mu.Lock()
	if rt.v.Phase == Ended {
		rt.mu.Unlock()
		return ErrEnded
	}
	m.Op, m.Teacher = OpTeach, rt.tid
	rt.mu.Unlock()
	ctx, cancel := requestCtx()
	defer cancel()
	reply, err := rt.reg.tr.Request(ctx, Addr{AddrRoom, rt.id}, m)
	if errors.Is(err, ErrNoRoom) { // the owner has no such room any more
		rt.mu.Lock()
		step := rt.v.Step + 1
		rt.mu.Unlock()
		rt.update(Msg{State: &State{Step: step, Phase: Ended, Ended: LinkLost}})
		return ErrEnded
	}
	if err != nil {
		rt.mu.Lock()
		rt.v.Lost = true
		rt.sub.notify()
		rt.mu.Unlock()
		return ErrLink
	}
	rt.listen()
	rt.update(reply)
	return codeErr(reply.Err)
}

// leave tells the owner the connection ended: the room's grace period starts there.
func (rt *remoteTeacher) leave() {
	rt.mu.Lock()
	rt.sub.close()
	left := rt.left
	rt.left = true
	rt.mu.Unlock()
	if !left {
		_ = rt.reg.tr.Publish(Addr{AddrRoom, rt.id}, Msg{Op: OpTeach, Teacher: rt.num(), Action: "leave"})
	}
	rt.forget()
}

// listen re-arms the relayed teacher's watchdog: the owner was heard just now.
func (rt *remoteTeacher) listen() {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.left || rt.v.Phase == Ended {
		return
	}
	rt.owner.arm(rt.reg, rt.silent)
}

// silent ends the relayed teacher's view when the owner said nothing for
// HeartbeatMisses beats (see Room.silent). If the room still exists, the teacher can
// take it back with the teacher code, from any replica that reaches its owner.
func (rt *remoteTeacher) silent(n uint64) {
	rt.mu.Lock()
	if !rt.owner.last(n) || rt.left || rt.v.Phase == Ended {
		rt.mu.Unlock()
		return
	}
	step, tid := rt.v.Step+1, rt.tid
	rt.left = true // the leave goes now
	rt.mu.Unlock()
	rt.reg.log.Info("class relay ended", "reason", "owner silent", "teachers", 1)
	_ = rt.reg.tr.Publish(Addr{AddrRoom, rt.id}, Msg{Op: OpTeach, Teacher: tid, Action: "leave"})
	rt.update(Msg{State: &State{Step: step, Phase: Ended, Ended: LinkLost}})
}

// forget stops watching the room.
func (rt *remoteTeacher) forget() {
	rt.mu.Lock()
	stop := rt.unwatch
	rt.unwatch = nil
	rt.owner.stop()
	if rt.stopBeat != nil {
		rt.stopBeat()
	}
	rt.mu.Unlock()
	if stop != nil {
		stop()
	}
	rt.reg.mu.Lock()
	delete(rt.reg.rteachers, rt)
	rt.reg.mu.Unlock()
}
