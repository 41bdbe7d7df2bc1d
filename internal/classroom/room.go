package classroom

import (
	"maps"
	"slices"
	"sync"
	"time"

	"tutord/internal/anonset"
	"tutord/internal/lessons"
)

// Phase is where a room is.
type Phase uint8

// The phases of a room. A question goes Open → Closed → Revealed.
const (
	Lobby    Phase = iota // no lesson chosen yet: students wait
	Page                  // a page of the lesson is shown
	Open                  // a question takes answers
	Closed                // the question takes no more answers; the answer is not shown yet
	Revealed              // the right answer and the class's answers are shown
	Ended                 // the class is over and the room is gone
)

// EndReason says why a class ended.
type EndReason uint8

// Why a room ended.
const (
	NotEnded      EndReason = iota
	ByTeacher               // the teacher ended the class
	TeacherGone             // the teacher did not come back within the grace period
	TooLong                 // the room reached its maximum age
	ServerStopped           // the server is shutting down
	LinkLost                // the replica that holds the room could not be reached any more
	RoomFull                // for one relayed student: others took their place while their replica was cut off
)

func (e EndReason) String() string {
	switch e {
	case ByTeacher:
		return "teacher"
	case TeacherGone:
		return "teacher gone"
	case TooLong:
		return "max duration"
	case ServerStopped:
		return "server stopped"
	case LinkLost:
		return "link lost"
	case RoomFull:
		return "room full"
	default:
		return "open"
	}
}

// Tally is the class's answers to one question: counts only.
type Tally = lessons.Tally

// View is a room as one session sees it at one moment.
type View struct {
	Code  string
	Phase Phase
	// Step changes whenever the teacher moves (a screen resets its own state then).
	Step   uint64
	Lesson string // lesson id; "" in the lobby
	Page   int    // section of the lesson (Phase Page)
	Pages  int
	// Question is the quiz question in the phases Open, Closed and Revealed.
	Question  int
	Questions int
	// Asked is the state of each question of the lesson: Lobby for not asked yet.
	Asked       []Phase
	Students    int // teacher only
	Away        bool
	AwayUntil   time.Time
	Leaderboard bool
	// BoardLang is the language the teacher's screen, and so the leaderboard projected
	// for the class, is shown in, while the leaderboard is on; "" when off or not known
	// (the same as the viewer's): what the teacher's screen is in is theirs to show.
	BoardLang string
	// Clients is set while the teacher shows the class view (clients.go).
	Clients bool
	// Tally is the current question's answers: live for the teacher, and for students once
	// revealed.
	Tally Tally
	Ended EndReason
	// Replaced is set for a teacher connection whose room was taken over with the teacher
	// code from another connection.
	Replaced bool
	// Lost is set while the replica that holds the room cannot be reached (rooms across
	// replicas only): what is shown may be behind.
	Lost bool
}

// Room is one class.
type Room struct {
	reg         *Registry
	code        string
	teacherCode string
	opened      time.Time

	mu          sync.Mutex
	phase       Phase
	step        uint64
	lesson      *lessons.Lesson
	page        int
	q           int
	qs          []*question
	students    map[*Member]struct{}
	names       map[Pseudonym]bool
	peak        int
	asked       int
	leaderboard bool
	// boardLang is the teacher's UI language, in which the board names students: a
	// display setting of the connected teacher (a language code, never their LANG),
	// shown to students only with the leaderboard (boardLangL) and dropped while the
	// teacher is away.
	boardLang string
	clients   bool // the class view is on every screen
	ended     EndReason

	teacherGen int
	teacherSub *subscriber
	away       bool
	awayUntil  time.Time
	stopGrace  func() bool
	stopAge    func() bool

	// Across replicas (transport.go): id names the room in the fleet. On the owner,
	// remotes and rteachers are the students and teacher connections relayed from other
	// replicas, and relay publishes each step. A mirror (on another replica) holds the
	// owner's state and its own students only.
	id        string
	seq       uint32 // counts SetLesson, so a mirror knows a lesson was started again
	remotes   map[uint64]*Member
	rteachers map[uint64]*Teacher
	relay     *subscriber
	stops     []func()
	mirror    bool
	lost      bool
	dropped   bool
	unwatch   func()
	// The heartbeat: the room's next beat (the owner's to its relaying replicas, a
	// mirror's to the owner); on a mirror, the watchdog on the owner; on the owner, one
	// watchdog per relaying replica, by its number (relaybeat.go).
	stopBeat func() bool
	owner    watchdog
	relays   map[uint64]*watchdog
}

// question is the state of one quiz question in a room.
type question struct {
	phase   Phase  // Lobby: not asked
	round   uint32 // times the question was opened
	answers map[*Member]lessons.Answer
	tally   Tally // frozen when closed
}

// Result is one student's outcome for one question, kept in the student's own record.
type Result struct {
	Lesson   string
	Question int
	Answered bool
	Answer   lessons.Answer
	Right    bool
}

// Leader is one line of the optional leaderboard.
type Leader struct {
	Name  Pseudonym `json:"name"`
	Right int       `json:"right"`
}

// Teacher steers a room from one connection.
type Teacher struct {
	room *Room
	gen  int
	sub  *subscriber // guarded by room.mu
	// rt is set for a teacher on another replica than the room's (mirror.go).
	rt *remoteTeacher
	// relay is, on the owner, the number of the replica that relays this connection.
	relay uint64
}

// Member is one student in a room.
type Member struct {
	room    *Room
	name    Pseudonym
	sub     *subscriber // guarded by room.mu
	left    bool
	results []Result
	// client is the session's weak facts, for the class view; nil when not known.
	client *anonset.Member
	// rid numbers a student relayed from or to another replica (0: a local student).
	rid uint64
	// relay is, on the owner, the number of the replica that relays the student.
	relay uint64
	// ended is, on a mirror, set for a student the owner would not count again (the
	// class filled up meanwhile): their class is over though the room goes on.
	ended EndReason
}

// MemberView is a room as a student sees it, with the student's own answer.
type MemberView struct {
	View
	Name     Pseudonym
	Answered bool
	Answer   lessons.Answer
	// Right is whether the answer to the current question was right (once closed).
	Right bool
	// Score is the number of right answers so far, of Scored questions.
	Score, Scored int
}

// notifyAllL tells every session in the room to look again. r.mu is held.
func (r *Room) notifyAllL() {
	r.relay.notify()
	r.teacherSub.notify()
	for m := range r.students {
		m.sub.notify()
	}
}

func (r *Room) viewL() View { return r.viewWithL(true) }

// viewWithL is viewL; without openTally it leaves out the count of an open question's
// answers, which only the teacher sees: a student's view is read by every student at
// every change, and counting there made each change cost students × answers.
func (r *Room) viewWithL(openTally bool) View {
	v := View{
		Code:        r.code,
		Phase:       r.phase,
		Step:        r.step,
		Page:        r.page,
		Question:    r.q,
		Students:    len(r.students),
		Away:        r.away,
		AwayUntil:   r.awayUntil,
		Leaderboard: r.leaderboard,
		BoardLang:   r.boardLangL(),
		Clients:     r.clients,
		Ended:       r.ended,
		Lost:        r.lost,
	}
	if r.lesson != nil {
		v.Lesson = r.lesson.ID
		v.Pages = len(r.lesson.Sections)
		v.Questions = len(r.lesson.Quiz.Questions)
		v.Asked = make([]Phase, len(r.qs))
		for i, q := range r.qs {
			v.Asked[i] = q.phase
		}
		switch r.phase {
		case Open:
			if openTally {
				v.Tally = tallyOf(&r.lesson.Quiz.Questions[r.q], r.qs[r.q].answers)
			}
		case Closed, Revealed:
			v.Tally = r.qs[r.q].tally
		}
	}
	return v
}

// boardLangL is the board language as students may see it: only while the leaderboard,
// which needs it, is on. r.mu is held.
func (r *Room) boardLangL() string {
	if !r.leaderboard {
		return ""
	}
	return r.boardLang
}

// tallyOf counts answers to q.
func tallyOf(q *lessons.Question, answers map[*Member]lessons.Answer) Tally {
	return q.TallyOf(maps.Values(answers))
}

func (r *Room) pagesL() int {
	if r.lesson == nil {
		return 0
	}
	return len(r.lesson.Sections)
}

func (r *Room) questionsL() int {
	if r.lesson == nil {
		return 0
	}
	return len(r.lesson.Quiz.Questions)
}

// goQuestionL shows question i: in the state it was left in, or opened if never asked.
func (r *Room) goQuestionL(i int) {
	r.q = i
	q := r.qs[i]
	if q.phase == Lobby {
		q.phase = Open
		q.round++
		q.answers = map[*Member]lessons.Answer{}
		r.asked++
	}
	r.phase = q.phase
}

// closeL stops the current question taking answers and records every present student's
// result in their own record.
func (r *Room) closeL() {
	q := r.qs[r.q]
	q.tally = tallyOf(&r.lesson.Quiz.Questions[r.q], q.answers)
	r.recordL(r.q)
	q.phase, r.phase = Closed, Closed
}

// recordL records every present student's result for question i, which stops taking
// answers, and forgets the answers: the tally is all the room keeps of them.
func (r *Room) recordL(i int) {
	q := r.qs[i]
	lq := &r.lesson.Quiz.Questions[i]
	for m := range r.students {
		res := Result{Lesson: r.lesson.ID, Question: i}
		if a, ok := q.answers[m]; ok {
			res.Answered, res.Answer, res.Right = true, a, lq.Grade(a).Right
		}
		m.record(res)
	}
	q.answers = nil
}

// record keeps a result, replacing an earlier one for the same question.
func (m *Member) record(res Result) {
	for i, old := range m.results {
		if old.Lesson == res.Lesson && old.Question == res.Question {
			m.results[i] = res
			return
		}
	}
	m.results = append(m.results, res)
}

// discardL forgets an open question, as if it had never been asked.
func (r *Room) discardL() {
	q := r.qs[r.q]
	if q.phase == Open {
		q.phase, q.answers = Lobby, nil
		r.asked--
	}
}

// join adds a student.
func (r *Room) join() (*Member, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended != NotEnded {
		return nil, ErrNoRoom
	}
	if len(r.students) >= r.reg.cfg.MaxStudents {
		return nil, ErrRoomFull
	}
	m := &Member{room: r, name: newPseudonym(r.names, randIntN)}
	r.names[m.name] = true
	r.students[m] = struct{}{}
	r.peak = max(r.peak, len(r.students))
	r.notifyCountL()
	return m, nil
}

// resume hands the room to a new teacher connection.
func (r *Room) resume() (*Teacher, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended != NotEnded {
		return nil, ErrNoRoom
	}
	r.teacherGen++
	if r.away {
		r.away = false
		if r.stopGrace != nil {
			r.stopGrace()
		}
		r.reg.log.Info("class teacher back")
	} else {
		r.reg.log.Info("class taken over")
	}
	// The old connection, if still there, learns it no longer steers the room.
	r.teacherSub.notify()
	r.teacherSub = nil
	r.step++
	r.notifyAllL()
	return &Teacher{room: r, gen: r.teacherGen}, nil
}

// end closes the class: every session is told, and the room forgets its students, names
// and answers. Students keep their own results in their Member until they leave.
func (r *Room) end(why EndReason) {
	r.mu.Lock()
	if r.ended != NotEnded {
		r.mu.Unlock()
		return
	}
	r.ended, r.phase = why, Ended
	r.step++
	r.away = false
	if r.stopGrace != nil {
		r.stopGrace()
	}
	if r.stopAge != nil {
		r.stopAge()
	}
	r.notifyAllL()
	peak, asked := r.peak, r.asked
	minutes := int(r.reg.clock.Now().Sub(r.opened).Round(time.Minute) / time.Minute)
	r.students, r.names, r.qs, r.lesson = nil, nil, nil, nil
	r.remotes = nil
	r.mu.Unlock()
	r.unhost()
	n := r.reg.remove(r)
	r.reg.log.Info("class ended", "reason", why.String(), "students", peak, "questions", asked, "minutes", minutes, "rooms", n)
}

// Teacher.

// Codes returns the room code (for the class) and the teacher code (for coming back).
func (t *Teacher) Codes() (room, teacher string) {
	if t.rt != nil {
		return t.rt.code, t.rt.teacherCode
	}
	return t.room.code, t.room.teacherCode
}

// Attach starts telling this teacher's session about changes, by calling deliver.
func (t *Teacher) Attach(deliver func()) {
	if t.rt != nil {
		t.rt.attach(deliver)
		return
	}
	r := t.room
	r.mu.Lock()
	defer r.mu.Unlock()
	t.sub.close()
	t.sub = newSubscriber(deliver)
	if t.currentL() {
		r.teacherSub = t.sub
	}
}

// currentL reports whether t steers the room. r.mu is held.
func (t *Teacher) currentL() bool { return t.gen == t.room.teacherGen && t.room.ended == NotEnded }

// View is the room now, with the live tally.
func (t *Teacher) View() View {
	if t.rt != nil {
		return t.rt.view()
	}
	r := t.room
	r.mu.Lock()
	defer r.mu.Unlock()
	v := r.viewL()
	v.Replaced = t.gen != r.teacherGen
	return v
}

// do runs a step of the room (f reports whether it moved) if t still steers it, then
// tells everyone: screens reset their own state at a new step.
func (t *Teacher) do(f func(r *Room) bool) error {
	return t.set(func(r *Room) bool {
		if !f(r) {
			return false
		}
		r.step++
		return true
	})
}

// set is do for a change that is not a step (what students are doing stays as it is):
// f reports whether anyone needs to look again.
func (t *Teacher) set(f func(r *Room) bool) error {
	r := t.room
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended != NotEnded {
		return ErrEnded
	}
	if !t.currentL() {
		return ErrNotTeacher
	}
	if f(r) {
		r.notifyAllL()
	}
	return nil
}

// SetLesson starts a lesson at its first page. Answers to the previous lesson's questions
// are dropped; students keep their own results.
func (t *Teacher) SetLesson(l *lessons.Lesson) error {
	if t.rt != nil {
		return t.rt.act(Msg{Action: "lesson", Lesson: l.ID})
	}
	return t.do(func(r *Room) bool {
		r.lesson = l
		r.seq++
		r.qs = make([]*question, len(l.Quiz.Questions))
		for i := range r.qs {
			r.qs[i] = &question{}
		}
		r.page, r.q, r.phase = 0, 0, Page
		return true
	})
}

// Next takes the next step: next page, then each question in turn (open, close, reveal).
func (t *Teacher) Next() error {
	if t.rt != nil {
		return t.rt.act(Msg{Action: "next"})
	}
	return t.do(func(r *Room) bool {
		nq := r.questionsL()
		switch r.phase {
		case Page:
			switch {
			case r.page+1 < r.pagesL():
				r.page++
			case nq > 0:
				r.goQuestionL(firstUnrevealed(r.qs))
			default:
				return false
			}
		case Open:
			r.closeL()
		case Closed:
			r.qs[r.q].phase, r.phase = Revealed, Revealed
		case Revealed:
			if r.q+1 >= nq {
				return false
			}
			r.goQuestionL(r.q + 1)
		default:
			return false
		}
		return true
	})
}

// Back takes a step back: the previous page, or from a question the one before it (or
// the last page). Going back from an open question takes it back: its answers are dropped.
func (t *Teacher) Back() error {
	if t.rt != nil {
		return t.rt.act(Msg{Action: "back"})
	}
	return t.do(func(r *Room) bool {
		switch r.phase {
		case Page:
			if r.page == 0 {
				return false
			}
			r.page--
		case Open, Closed, Revealed:
			r.discardL()
			if r.q > 0 && r.qs[r.q-1].phase != Lobby {
				r.goQuestionL(r.q - 1)
			} else {
				r.page, r.phase = max(0, r.pagesL()-1), Page
			}
		default:
			return false
		}
		return true
	})
}

// ToQuestions skips the remaining pages and goes to the first question not yet revealed.
func (t *Teacher) ToQuestions() error {
	if t.rt != nil {
		return t.rt.act(Msg{Action: "questions"})
	}
	return t.do(func(r *Room) bool {
		if r.phase != Page || r.questionsL() == 0 {
			return false
		}
		r.goQuestionL(firstUnrevealed(r.qs))
		return true
	})
}

func firstUnrevealed(qs []*question) int {
	for i, q := range qs {
		if q.phase != Revealed {
			return i
		}
	}
	return 0
}

// SetLeaderboard shows or hides the leaderboard (students are told it is on).
func (t *Teacher) SetLeaderboard(on bool) error {
	if t.rt != nil {
		return t.rt.act(Msg{Action: "board", On: on})
	}
	return t.do(func(r *Room) bool {
		if r.leaderboard == on {
			return false
		}
		r.leaderboard = on
		return true
	})
}

// maxLangLen bounds a board language from another replica (codes are "en", "pt-BR").
const maxLangLen = 16

// SetBoardLang says which language the teacher's screen is shown in (the session's UI
// language), so that a student in another language can find the name the leaderboard
// gives them. It is not a step: what students are doing stays as it is.
func (t *Teacher) SetBoardLang(lang string) error {
	if len(lang) > maxLangLen {
		lang = ""
	}
	if t.rt != nil {
		return t.rt.act(Msg{Action: "lang", Lang: lang})
	}
	return t.set(func(r *Room) bool {
		if r.boardLang == lang {
			return false
		}
		r.boardLang = lang
		return r.leaderboard // else no screen shows it
	})
}

// Leaders returns the top n students present by right answers, best first.
func (t *Teacher) Leaders(n int) []Leader {
	if t.rt != nil {
		return t.rt.top(n)
	}
	r := t.room
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Leader, 0, len(r.students))
	for m := range r.students {
		right, _ := m.scoreL()
		out = append(out, Leader{Name: m.name, Right: right})
	}
	slices.SortFunc(out, func(a, b Leader) int {
		if a.Right != b.Right {
			return b.Right - a.Right
		}
		if a.Name.Adj != b.Name.Adj {
			return int(a.Name.Adj) - int(b.Name.Adj)
		}
		if a.Name.Animal != b.Name.Animal {
			return int(a.Name.Animal) - int(b.Name.Animal)
		}
		return int(a.Name.N) - int(b.Name.N)
	})
	return out[:min(n, len(out))]
}

// End ends the class for everyone.
func (t *Teacher) End() error {
	if t.rt != nil {
		return t.rt.act(Msg{Action: "end"})
	}
	r := t.room
	r.mu.Lock()
	ok := t.currentL()
	r.mu.Unlock()
	if !ok {
		return ErrNotTeacher
	}
	r.end(ByTeacher)
	return nil
}

// Leave is called when the teacher's connection ends. The room waits for the grace period
// for the teacher to come back with the teacher code, then ends.
func (t *Teacher) Leave() {
	if t.rt != nil {
		t.rt.leave()
		return
	}
	r := t.room
	r.mu.Lock()
	t.sub.close()
	if !t.currentL() {
		r.mu.Unlock()
		return
	}
	r.teacherSub = nil
	r.boardLang = "" // the teacher's, not the room's: set again when they come back
	grace := r.reg.cfg.Grace
	if grace <= 0 {
		r.mu.Unlock()
		r.end(TeacherGone)
		return
	}
	r.away = true
	r.awayUntil = r.reg.clock.Now().Add(grace)
	gen := r.teacherGen
	r.stopGrace = r.reg.clock.AfterFunc(grace, func() {
		r.mu.Lock()
		gone := r.away && r.teacherGen == gen
		r.mu.Unlock()
		if gone {
			r.end(TeacherGone)
		}
	})
	r.notifyAllL()
	r.mu.Unlock()
	r.reg.log.Info("class teacher away", "grace", grace)
}

// Member.

// Name is the student's pseudonym in this room.
func (m *Member) Name() Pseudonym { return m.name }

// Attach starts telling this student's session about changes, by calling deliver.
func (m *Member) Attach(deliver func()) {
	r := m.room
	r.mu.Lock()
	defer r.mu.Unlock()
	m.sub.close()
	if m.left {
		m.sub = nil
		return
	}
	m.sub = newSubscriber(deliver)
}

// View is the room as this student sees it.
func (m *Member) View() MemberView {
	r := m.room
	r.mu.Lock()
	defer r.mu.Unlock()
	v := MemberView{View: r.viewWithL(false), Name: m.name}
	v.Students = 0
	if m.ended != NotEnded {
		v.View = View{Code: r.code, Phase: Ended, Step: v.Step + 1, Ended: m.ended}
	}
	if v.Phase != Revealed {
		v.Tally = Tally{}
	}
	if r.ended == NotEnded && (v.Phase == Open || v.Phase == Closed || v.Phase == Revealed) {
		q := r.qs[r.q]
		if a, ok := q.answers[m]; ok {
			v.Answered, v.Answer = true, cloneAnswer(a)
		}
		if q.phase != Open {
			for _, res := range m.results {
				if res.Lesson == r.lesson.ID && res.Question == r.q {
					v.Answered, v.Answer, v.Right = res.Answered, cloneAnswer(res.Answer), res.Right
				}
			}
		}
	}
	v.Score, v.Scored = m.scoreL()
	return v
}

func (m *Member) scoreL() (right, of int) {
	for _, res := range m.results {
		of++
		if res.Right {
			right++
		}
	}
	return right, of
}

// Answer gives or changes the student's answer to the open question.
func (m *Member) Answer(a lessons.Answer) error {
	if m.room.mirror {
		return m.answerRemote(a)
	}
	_, err := m.answer(a)
	return err
}

// answer takes the answer and says where: the lesson's number, the question, its round.
func (m *Member) answer(a lessons.Answer) (Msg, error) {
	r := m.room
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended != NotEnded || m.left {
		return Msg{}, ErrEnded
	}
	if r.phase != Open {
		return Msg{}, ErrNotOpen
	}
	q := &r.lesson.Quiz.Questions[r.q]
	if !q.Complete(a) {
		return Msg{}, ErrAnswer
	}
	r.qs[r.q].answers[m] = cloneAnswer(a)
	r.teacherSub.notify()
	return Msg{Seq: r.seq, Q: r.q, Round: r.qs[r.q].round}, nil
}

func cloneAnswer(a lessons.Answer) lessons.Answer { return a.Clone() }

// Results are the student's own results, in the order the questions were closed. They
// stay with the student's session after the room has ended.
func (m *Member) Results() []Result {
	r := m.room
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(m.results)
	for i := range out {
		out[i].Answer = cloneAnswer(out[i].Answer)
	}
	return out
}

// Leave takes the student out of the room (the connection ended or the student left). An
// answer to the open question is withdrawn, so the teacher's counts are of the students
// present; a student who comes back is a new student with a new pseudonym.
func (m *Member) Leave() {
	r := m.room
	if r.mirror {
		m.leaveMirror()
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	m.leaveL()
}

// leaveL is Leave on the owner. r.mu is held.
func (m *Member) leaveL() {
	r := m.room
	m.sub.close()
	if m.left {
		return
	}
	m.left = true
	if r.ended != NotEnded {
		return
	}
	delete(r.students, m)
	if m.rid != 0 {
		delete(r.remotes, m.rid)
	}
	// A name stays taken while the room lives, so a student who comes back gets another
	// one and a leaderboard never shows one name for two people; only a room with much
	// coming and going gives names back, to bound its memory.
	if len(r.names) > 2*r.reg.cfg.MaxStudents {
		delete(r.names, m.name)
	}
	if r.phase == Open {
		delete(r.qs[r.q].answers, m)
	}
	r.notifyCountL()
}

// notifyCountL tells who needs to know that a student came or went: the teacher, and
// while the class view is on, everyone (its groups changed). r.mu is held.
func (r *Room) notifyCountL() {
	if r.clients {
		r.notifyAllL()
		return
	}
	r.teacherSub.notify()
}
