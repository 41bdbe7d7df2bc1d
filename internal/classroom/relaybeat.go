package classroom

import (
	"errors"

	"tutord/internal/lessons"
)

// Ghost students. A relaying replica that crashes, or loses its link, cannot say that its
// students left; and leaves it sends while the owner's link is down reach nobody (core
// NATS keeps nothing for a subscriber that is gone). So the owner's count would keep
// people who are not there. Against that, each replica relaying a room beats too: one
// message per heartbeat per room (not per student), holding only the replica's random
// number. The owner counts out the students of a replica it has not heard for
// HeartbeatMisses beats. When a link comes back (either side's), the relaying replicas
// announce the students they have (the owner's numbers and the pseudonyms), and the
// owner's count is theirs again.

// Owner side.

// heardRelayL re-arms the watchdog on relaying replica id and reports whether the owner
// knew it. r.mu is held.
func (r *Room) heardRelayL(id uint64) (known bool) {
	if id == 0 || r.relays == nil { // a replica from before relay numbers, or the room ended
		return true
	}
	w := r.relays[id]
	known = w != nil
	if !known {
		w = &watchdog{}
		r.relays[id] = w
	}
	w.arm(r.reg, func(n uint64) { r.relaySilent(id, w, n) })
	return known
}

// relayBeatIn takes a relaying replica's beat. One the owner had given up on (or never
// knew) still has students: every relaying replica is asked to announce its own.
func (r *Room) relayBeatIn(id uint64) {
	r.mu.Lock()
	known := r.heardRelayL(id)
	r.mu.Unlock()
	if !known {
		r.recount()
	}
}

// relaySilent counts out the students of a relaying replica not heard for
// HeartbeatMisses beats: it crashed, or one of the two links has been gone that long.
// If it still has them, it announces them when it hears the owner again.
func (r *Room) relaySilent(id uint64, w *watchdog, n uint64) {
	r.mu.Lock()
	if r.relays[id] != w || !w.last(n) {
		r.mu.Unlock()
		return
	}
	delete(r.relays, id)
	gone := 0
	for _, m := range r.remotes {
		if m.relay == id {
			m.leaveL()
			gone++
		}
	}
	var teachers []*Teacher
	for tid, t := range r.rteachers {
		if t.relay == id {
			delete(r.rteachers, tid)
			teachers = append(teachers, t)
		}
	}
	r.mu.Unlock()
	for _, t := range teachers { // the teacher is away: the grace period starts
		t.Leave()
	}
	r.reg.log.Info("class relay silent", "students", gone, "teachers", len(teachers))
}

// teacherAway reports whether the room waits for its teacher to come back.
func (r *Room) teacherAway() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.away && r.ended == NotEnded
}

// recount asks the room's relaying replicas to announce their students.
func (r *Room) recount() {
	r.mu.Lock()
	id, hosted := r.id, r.relay != nil
	r.mu.Unlock()
	if !hosted {
		return
	}
	for _, a := range []Addr{{AddrState, id}, {AddrTeacher, id}} { // students, and a relayed teacher
		if err := r.reg.tr.Publish(a, Msg{Op: OpRecount}); err != nil {
			r.reg.log.Debug("class recount not sent", "err", err)
		}
	}
}

// recountAll asks for a recount of every room this replica owns that has relaying
// replicas (its link came back: leaves sent meanwhile went nowhere).
func (r *Registry) recountAll() {
	r.mu.Lock()
	rooms := make([]*Room, 0, len(r.rooms))
	for _, room := range r.rooms {
		rooms = append(rooms, room)
	}
	r.mu.Unlock()
	for _, room := range rooms {
		room.mu.Lock()
		relayed := len(room.relays) > 0 || len(room.remotes) > 0
		room.mu.Unlock()
		if relayed {
			room.recount()
		}
	}
}

// announced makes the owner's count of relaying replica m.Relay's students what that
// replica says: those it no longer has are counted out (their leaves were lost), those
// the owner counted out are counted again. The reply names the latter, so the replica
// sends their answers to an open question again. A student is counted again only while
// the room has a free place, as at a join: others may have taken the places of those
// counted out. The reply names those who did not fit (Full), so their replica ends their
// class session saying the class is full.
func (r *Room) announced(m Msg) Msg {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.remotes == nil || r.ended != NotEnded {
		return Msg{Op: OpReply, Err: errCode(ErrNoRoom)}
	}
	r.heardRelayL(m.Relay)
	// No room admitted more than MaxStudents: an announcement holding more is not a class.
	ss, over := m.Students[:min(len(m.Students), r.reg.cfg.MaxStudents)], m.Students[min(len(m.Students), r.reg.cfg.MaxStudents):]
	has := make(map[uint64]bool, len(ss))
	for _, s := range ss {
		if s.Member != 0 {
			has[s.Member] = true
		}
	}
	gone := 0 // first, so their places are free for the others
	for rid, mem := range r.remotes {
		if mem.relay == m.Relay && !has[rid] {
			mem.leaveL()
			gone++
		}
	}
	var back []Relayed
	var full []uint64
	for _, s := range over {
		if s.Member != 0 {
			full = append(full, s.Member)
		}
	}
	for _, s := range ss {
		if s.Member == 0 || r.remotes[s.Member] != nil {
			continue
		}
		if len(r.students) >= r.reg.cfg.MaxStudents { // as at a join
			full = append(full, s.Member)
			continue
		}
		mem := &Member{room: r, name: s.Name, rid: s.Member, relay: m.Relay}
		r.names[s.Name] = true
		r.students[mem] = struct{}{}
		r.remotes[s.Member] = mem
		back = append(back, s)
	}
	r.peak = max(r.peak, len(r.students))
	if len(back) > 0 || gone > 0 || len(full) > 0 {
		r.notifyCountL()
		r.reg.log.Info("class recounted", "back", len(back), "gone", gone, "full", len(full))
	}
	return Msg{Op: OpReply, Students: back, Full: full}
}

// Relaying side.

// relayBeat tells the owner this replica still has students in the room.
func (r *Room) relayBeat() {
	r.mu.Lock()
	if r.dropped || r.ended != NotEnded {
		r.mu.Unlock()
		return
	}
	r.stopBeat = r.reg.clock.AfterFunc(r.reg.cfg.Heartbeat, r.relayBeat)
	id := r.id
	r.mu.Unlock()
	if err := r.reg.tr.Publish(Addr{AddrRoom, id}, Msg{Op: OpRelayBeat, Relay: r.reg.relayID}); err != nil {
		r.reg.log.Debug("class relay heartbeat not sent", "err", err)
	}
}

// announce tells the owner which students this replica has in the room, and sends again
// the answers to the open question of those the owner had counted out.
func (r *Room) announce() {
	r.mu.Lock()
	if r.dropped || r.ended != NotEnded {
		r.mu.Unlock()
		return
	}
	ss := make([]Relayed, 0, len(r.students))
	byNum := make(map[uint64]*Member, len(r.students))
	for m := range r.students {
		ss = append(ss, Relayed{Member: m.rid, Name: m.name})
		byNum[m.rid] = m
	}
	id := r.id
	r.mu.Unlock()
	ctx, cancel := requestCtx()
	defer cancel()
	reply, err := r.reg.tr.Request(ctx, Addr{AddrRoom, id}, Msg{Op: OpAnnounce, Relay: r.reg.relayID, Students: ss})
	if err != nil || reply.Err != "" {
		if !errors.Is(err, ErrLink) {
			r.reg.log.Debug("class announce not taken", "err", err, "code", reply.Err)
		}
		return // the watchdog, or the next recount, deals with it
	}
	type again struct {
		m *Member
		a lessons.Answer
	}
	var resend []again
	r.mu.Lock()
	full := r.refusedL(reply.Full, byNum)
	if r.ended == NotEnded && r.phase == Open && r.q < len(r.qs) {
		for _, s := range reply.Students {
			if m := byNum[s.Member]; m != nil && !m.left {
				if a, ok := r.qs[r.q].answers[m]; ok {
					resend = append(resend, again{m, cloneAnswer(a)})
				}
			}
		}
	}
	r.mu.Unlock()
	if full > 0 {
		r.reg.log.Info("class relay full", "students", full)
		r.reg.dropMirror(r, false)
	}
	for _, x := range resend {
		_ = x.m.answerRemote(x.a)
	}
}

// refusedL ends the class for the students the owner would not count again (others took
// their places while this replica was cut off): they see that the class is full. The
// owner does not count them, so no leave goes out. r.mu is held.
func (r *Room) refusedL(rids []uint64, byNum map[uint64]*Member) (n int) {
	if r.ended != NotEnded {
		return 0
	}
	for _, rid := range rids {
		m := byNum[rid]
		if m == nil || m.left {
			continue
		}
		m.left, m.ended = true, RoomFull
		delete(r.students, m)
		if r.phase == Open && r.q < len(r.qs) {
			delete(r.qs[r.q].answers, m)
		}
		m.sub.notify()
		n++
	}
	return n
}

// Relayed teachers: the replica beats for the room while it has a teacher connection
// steering it, unless a mirror of the room here beats already (one beat per room). A
// connection the owner counted out takes the room back when it hears the owner again.

func (rt *remoteTeacher) num() uint64 {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.tid
}

// beat tells the owner this replica still has the teacher connection.
func (rt *remoteTeacher) beat() {
	rt.mu.Lock()
	if rt.left || rt.v.Phase == Ended || rt.unwatch == nil {
		rt.mu.Unlock()
		return
	}
	rt.stopBeat = rt.reg.clock.AfterFunc(rt.reg.cfg.Heartbeat, rt.beat)
	rt.mu.Unlock()
	rt.reg.mu.Lock()
	mirrored := rt.reg.mirrors[rt.id] != nil
	rt.reg.mu.Unlock()
	if mirrored {
		return
	}
	if err := rt.reg.tr.Publish(Addr{AddrRoom, rt.id}, Msg{Op: OpRelayBeat, Relay: rt.reg.relayID}); err != nil {
		rt.reg.log.Debug("class relay heartbeat not sent", "err", err)
	}
}

// rejoin takes the room back with the teacher code after the owner counted this
// connection out (it heard nothing from this replica for HeartbeatMisses beats), only if
// the room still waits for its teacher: if someone took it over since, this connection
// no longer steers it.
func (rt *remoteTeacher) rejoin() error {
	ctx, cancel := requestCtx()
	defer cancel()
	reply, err := rt.reg.tr.Request(ctx, Addr{AddrTeach, rt.teacherCode}, Msg{Op: OpResume, Relay: rt.reg.relayID, On: true})
	rt.mu.Lock()
	step := rt.v.Step + 1
	rt.mu.Unlock()
	switch {
	case errors.Is(err, ErrNoRoom) || codeErr(reply.Err) == ErrNoRoom: // the room is gone
		rt.update(Msg{State: &State{Step: step, Phase: Ended, Ended: LinkLost}})
		return ErrEnded
	case err != nil:
		return ErrLink
	case reply.Err != "":
		err = codeErr(reply.Err)
		if errors.Is(err, ErrNotTeacher) { // taken over meanwhile
			rt.update(Msg{State: &State{Step: step, Replaced: true}})
		}
		return err
	case reply.State == nil || reply.Teacher == 0:
		return ErrLink
	}
	rt.mu.Lock()
	rt.tid = reply.Teacher
	rt.mu.Unlock()
	rt.reg.log.Info("class teacher relayed again")
	rt.listen()
	rt.update(reply)
	return nil
}
