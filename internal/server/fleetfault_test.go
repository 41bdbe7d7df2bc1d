package server_test

import (
	"encoding/json"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"tutord/internal/classroom"
	"tutord/internal/config"
	"tutord/internal/server"
	"tutord/internal/sshtest"
)

// Fault tests of rooms across replicas: a replica crashes, or loses its link to NATS.
// The replicas' classrooms share one stepped clock, so heartbeats and their misses happen
// when the test says; links are cut with a TCP proxy between a replica and NATS.

// beat is the replicas' heartbeat in these tests; its length does not matter, as only
// the stepped clock moves.
const beat = 5 * time.Second

// stepClock moves only in Advance, which runs the timers that are due then.
type stepClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*stepTimer
}

type stepTimer struct {
	at           time.Time
	f            func()
	done, voided bool
}

func newStepClock() *stepClock { return &stepClock{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)} }

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	tm := &stepTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, tm)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if tm.done || tm.voided {
			return false
		}
		tm.voided = true
		return true
	}
}

// Advance moves the clock by d and runs the timers due, in the order they were set.
func (c *stepClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []func()
	live := c.timers[:0]
	for _, tm := range c.timers {
		switch {
		case tm.done || tm.voided:
		case !tm.at.After(c.now):
			tm.done = true
			due = append(due, tm.f)
		default:
			live = append(live, tm)
		}
	}
	c.timers = live
	c.mu.Unlock()
	for _, f := range due {
		f()
	}
}

var _ classroom.Clock = (*stepClock)(nil)

// cutProxy carries TCP between a replica and NATS until cut: then it closes every
// connection it carries and every new one, as a dead link does, until restored.
type cutProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	down  bool
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy: %v", err)
	}
	p := &cutProxy{ln: ln, target: target}
	go p.accept()
	t.Cleanup(func() {
		_ = ln.Close()
		p.cut()
	})
	return p
}

func (p *cutProxy) URL() string { return "nats://" + p.ln.Addr().String() }

func (p *cutProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go pipe(c, up)
		go pipe(up, c)
	}
}

func pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
	_ = src.Close()
}

// cut drops the link: what is on its way is lost, and new connections are closed.
func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// restore lets connections through again.
func (p *cutProxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

// replica starts a tutord whose classrooms read clock and share rooms over NATS at url;
// it retries a lost NATS link every few milliseconds, so a restored link is seen soon.
func replica(t *testing.T, url string, clock *stepClock) *sshtest.Server {
	t.Helper()
	return sshtest.StartRun(t, server.RunFleet(clock, 5*time.Millisecond), func(c *config.Config) {
		c.Fleet.NATS = url
		c.Fleet.Heartbeat = beat
	})
}

// waitLog waits until srv logged text (an event: logs hold no names).
func waitLog(t *testing.T, srv *sshtest.Server, text string) {
	t.Helper()
	deadline := time.Now().Add(sshtest.Timeout)
	for !strings.Contains(srv.Log.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the server never logged %q:\n%s", text, srv.Log)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitWire waits until n messages with op crossed NATS.
func waitWire(t *testing.T, w *wire, op classroom.Op, n int) {
	t.Helper()
	deadline := time.Now().Add(sshtest.Timeout)
	for w.count(op) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d %s messages crossed NATS, want %d", w.count(op), op, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// startLesson has the teacher start the first lesson and waits until every student sees
// its first page.
func startLesson(t *testing.T, teacher *sshtest.Term, students ...*sshtest.Term) {
	t.Helper()
	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("enter")
	teacher.WaitFor("Page 1 of")
	each(students, func(_ int, st *sshtest.Term) { st.WaitFor("Page 1 of") })
}

// faultFleet is two replicas on one NATS and one stepped clock: A, where the tests open
// the room, and B; one of the two reaches NATS through a proxy the test can cut.
type faultFleet struct {
	w     *wire
	clock *stepClock
	link  *cutProxy // the link of the replica newFaultFleet was asked to put behind it
	a, b  *sshtest.Server
}

// proxied names the replica whose link to NATS can be cut.
type proxied int

const (
	linkA proxied = iota
	linkB
)

func newFaultFleet(t *testing.T, cut proxied) faultFleet {
	t.Helper()
	ns, w := startNATS(t)
	f := faultFleet{w: w, clock: newStepClock(), link: startProxy(t, ns.Addr().String())}
	urlA, urlB := ns.ClientURL(), ns.ClientURL()
	if cut == linkA {
		urlA = f.link.URL()
	} else {
		urlB = f.link.URL()
	}
	f.a, f.b = replica(t, urlA, f.clock), replica(t, urlB, f.clock)
	return f
}

// faultClass is a class opened on A with one student on A and two on B, on the first
// page of the first lesson.
type faultClass struct {
	teacher, onA      *sshtest.Term
	onB               []*sshtest.Term
	code, teacherCode string
}

func (f faultFleet) classOnBoth(t *testing.T) faultClass {
	t.Helper()
	var c faultClass
	c.teacher, c.code, c.teacherCode = openRoom(t, f.a, sshtest.DefaultClient())
	c.onA = f.a.Open(t, sshtest.DefaultClient(), "join "+c.code)
	c.onA.WaitFor("You are")
	c.onB = []*sshtest.Term{
		f.b.Open(t, sshtest.DefaultClient(), "join "+c.code),
		f.b.Open(t, sshtest.DefaultClient(), "join "+c.code),
	}
	each(c.onB, func(_ int, st *sshtest.Term) { st.WaitFor("You are") })
	c.teacher.WaitFor("3 joined")
	startLesson(t, c.teacher, append(c.onB, c.onA)...)
	return c
}

// checkWire checks that nothing that crossed NATS held the teacher code, the learners'
// address, user or terminal, or the room code (except in messages allowCode accepts).
func (f faultFleet) checkWire(t *testing.T, teacherCode, code string, allowCode func(*nats.Msg) bool) {
	t.Helper()
	f.w.check(t, []string{teacherCode, "127.0.0.1", "learner", "xterm"}, allowCode, code)
}

// codeNowhere allows the room code in no message.
func codeNowhere(*nats.Msg) bool { return false }

// TestOwnerReplicaCrashes: A, which holds the room, dies without a word (its link to
// NATS goes dead, then it stops: its goodbye reaches nobody). B's students get the
// closing screen saying the class cannot be reached once HeartbeatMisses beats did not
// come, not a class that hangs.
func TestOwnerReplicaCrashes(t *testing.T) {
	t.Parallel()
	f := newFaultFleet(t, linkA)
	c := f.classOnBoth(t)
	f.clock.Advance(beat) // the replicas beat: both sides are heard
	waitWire(t, f.w, classroom.OpRelayBeat, 1)

	f.link.cut()
	f.a.Stop(t)
	f.clock.Advance(beat * classroom.HeartbeatMisses)
	each(c.onB, func(_ int, st *sshtest.Term) {
		st.WaitFor("Class ended", "the class cannot be reached any")
	})
	// B is still fine for a new class: its link never went.
	late := f.b.Open(t, sshtest.DefaultClient(), "join "+c.code)
	late.WaitFor("There is no class with the code " + c.code)
	f.checkWire(t, c.teacherCode, c.code, codeNowhere)
}

// TestRelayReplicaLosesNATS: B's link to NATS goes dead mid-class. B's students are told
// at once that the connection is lost; after HeartbeatMisses beats without a word from B
// the teacher on A counts them out, and they see that the class cannot be reached. When
// the link is back, B's students who were counted out are not counted again (they are
// not in the class any more), and a student joining through B counts as one.
func TestRelayReplicaLosesNATS(t *testing.T) {
	t.Parallel()
	f := newFaultFleet(t, linkB)
	c := f.classOnBoth(t)
	teacher := c.teacher

	f.link.cut()
	each(c.onB, func(_ int, st *sshtest.Term) { st.WaitFor("The connection to the class was lost") })
	f.clock.Advance(beat * (classroom.HeartbeatMisses - 1))
	teacher.Press("right")
	if scr := teacher.WaitFor("Page 2 of"); !strings.Contains(scr, "3 joined") {
		t.Fatalf("after %d missed beats of B the teacher no longer counts B's students:\n%s", classroom.HeartbeatMisses-1, scr)
	}
	c.onA.WaitFor("Page 2 of")
	f.clock.Advance(beat)
	teacher.WaitFor("1 joined")
	each(c.onB, func(_ int, st *sshtest.Term) { st.WaitFor("Class ended", "the class cannot be reached any") })

	f.link.restore()
	waitLog(t, f.b, "class link back")
	again := f.b.Open(t, sshtest.DefaultClient(), "join "+c.code)
	again.WaitFor("Page 2 of")
	teacher.WaitFor("2 joined")
	teacher.Press("right")
	again.WaitFor("Page 3 of")
	if scr := teacher.WaitFor("Page 3 of"); !strings.Contains(scr, "2 joined") {
		t.Fatalf("after B's link came back the teacher counts other than the 2 students there:\n%s", scr)
	}
	f.checkWire(t, c.teacherCode, c.code, codeNowhere)
}

// TestOwnerLinkBackRecounts: A's own link to NATS drops for a moment. A student on B
// leaves meanwhile: the leave crosses NATS but reaches nobody (core NATS keeps nothing).
// When A's link is back it asks the replicas relaying its room for their students, and
// its teacher counts exactly those who are there.
func TestOwnerLinkBackRecounts(t *testing.T) {
	t.Parallel()
	f := newFaultFleet(t, linkA)
	teacher, code, teacherCode := openRoom(t, f.a, sshtest.DefaultClient())
	gone := f.b.Open(t, sshtest.DefaultClient(), "join "+code)
	stays := f.b.Open(t, sshtest.DefaultClient(), "join "+code)
	each([]*sshtest.Term{gone, stays}, func(_ int, st *sshtest.Term) { st.WaitFor("You are") })
	teacher.WaitFor("2 joined")
	startLesson(t, teacher, gone, stays)

	f.link.cut()
	waitLog(t, f.a, "class link lost")
	gone.Close()
	waitWire(t, f.w, classroom.OpLeave, 1) // sent by B, while A cannot hear it
	f.link.restore()
	waitLog(t, f.a, "class link back")
	teacher.WaitFor("1 joined")
	teacher.Press("right")
	stays.WaitFor("Page 2 of")
	if scr := teacher.WaitFor("Page 2 of"); !strings.Contains(scr, "1 joined") {
		t.Fatalf("after the recount the teacher counts other than the 1 student there:\n%s", scr)
	}
	if f.w.count(classroom.OpRecount) == 0 || f.w.count(classroom.OpAnnounce) == 0 {
		t.Error("no recount and announcement crossed NATS")
	}
	f.checkWire(t, teacherCode, code, codeNowhere)
}

// TestRelayedTeacherReplicaLosesNATS: the teacher steers A's room through B, and B's
// link to NATS goes dead. After HeartbeatMisses beats without a word from B the room on
// A waits for its teacher, and A's students are told the teacher's connection dropped
// (not a class that looks steered by no one). Once B's link is back the teacher takes
// the room back with the teacher code and steers on.
func TestRelayedTeacherReplicaLosesNATS(t *testing.T) {
	t.Parallel()
	f := newFaultFleet(t, linkB)
	teacher, code, teacherCode := openRoom(t, f.a, sshtest.DefaultClient())
	onA := f.a.Open(t, sshtest.DefaultClient(), "join "+code)
	onA.WaitFor("You are")
	teacher.WaitFor("1 joined")
	teacher.Close()
	onA.WaitFor("The teacher's connection dropped")
	viaB := f.b.Open(t, sshtest.DefaultClient(), "teach "+teacherCode)
	viaB.WaitFor("1 joined", classroomFormat(code))
	onA.WaitFor("Waiting for the teacher")
	startLesson(t, viaB, onA)

	f.link.cut()
	viaB.WaitFor("The connection to the class was lost")
	f.clock.Advance(beat * classroom.HeartbeatMisses)
	onA.WaitFor("The teacher's connection dropped")
	// B has lost the owner too; the room may still wait on A: the teacher is told how
	// to take it back, not that the class is gone.
	viaB.WaitFor("If the class is still open", "teach "+teacherCode)

	f.link.restore()
	waitLog(t, f.b, "class link back")
	again := f.b.Open(t, sshtest.DefaultClient(), "teach "+teacherCode)
	again.WaitFor("1 joined", classroomFormat(code))
	onA.WaitFor("Page 1 of")
	again.Press("enter")
	again.WaitFor("Page 1 of")
	again.Press("right")
	onA.WaitFor("Page 2 of")
	f.checkWire(t, teacherCode, code, func(m *nats.Msg) bool {
		var msg classroom.Msg
		return json.Unmarshal(m.Data, &msg) == nil && msg.Op == classroom.OpTView && msg.Code != ""
	})
}
