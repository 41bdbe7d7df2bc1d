package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"tutord/internal/classroom"
	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// startNATS runs a NATS server in this process on a random loopback port. The wire it
// returns records every message a client sends to it, from the server's own trace: a
// spy subscribed to ">" would be interest on every subject, and NATS would never answer
// "no responders" to a request for a code no replica has.
func startNATS(t *testing.T) (*natsserver.Server, *wire) {
	t.Helper()
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, NoSigs: true})
	if err != nil {
		t.Fatalf("nats server: %v", err)
	}
	w := &wire{pub: map[string]string{}}
	ns.SetLogger(w, false, true) // before Start: a client is traced if tracing was on when it connected
	go ns.Start()
	if !ns.ReadyForConnections(sshtest.Timeout) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(ns.Shutdown)
	return ns, w
}

// wire records every message that crosses NATS, as an operator tracing the server would
// see it: the subject and payload of each PUB any client sent. It is the server's
// natsserver.Logger, fed with trace lines.
type wire struct {
	mu   sync.Mutex
	pub  map[string]string // the subject of the PUB last read, by client id
	msgs []*nats.Msg
}

var (
	traceCID = regexp.MustCompile(`cid:(\d+)`)
	tracePub = regexp.MustCompile(`<<- \[H?PUB (\S+)`)
)

const tracePayload = "<<- MSG_PAYLOAD: ["

func (w *wire) Tracef(format string, v ...any) {
	line := fmt.Sprintf(format, v...)
	cid := traceCID.FindStringSubmatch(line)
	if cid == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if m := tracePub.FindStringSubmatch(line); m != nil {
		w.pub[cid[1]] = m[1]
		return
	}
	i := strings.Index(line, tracePayload)
	subj, ok := w.pub[cid[1]]
	if i < 0 || !ok {
		return
	}
	delete(w.pub, cid[1])
	data, err := strconv.Unquote(strings.TrimSuffix(line[i+len(tracePayload):], "]"))
	if err != nil {
		data = "unreadable trace: " + line // check reports it as no room event
	}
	w.msgs = append(w.msgs, &nats.Msg{Subject: subj, Data: []byte(data)})
}

func (*wire) Noticef(string, ...any) {}
func (*wire) Warnf(string, ...any)   {}
func (*wire) Fatalf(string, ...any)  {}
func (*wire) Errorf(string, ...any)  {}
func (*wire) Debugf(string, ...any)  {}

// count is the number of messages with this op.
func (w *wire) count(op classroom.Op) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, m := range w.msgs {
		var msg classroom.Msg
		if json.Unmarshal(m.Data, &msg) == nil && msg.Op == op {
			n++
		}
	}
	return n
}

// fewKeys are the only fields of the messages that keep a fleet's counts honest: a
// relaying replica's beat (its random number), the owner's recount (nothing) and an
// announcement (the number, and each student's number and pseudonym).
var fewKeys = map[classroom.Op][]string{
	classroom.OpRelayBeat: {"op", "r"},
	classroom.OpRecount:   {"op"},
	classroom.OpAnnounce:  {"op", "r", "students"},
}

// check holds every message to the room-event vocabulary (classroom.Msg, no other field)
// and looks for anything that identifies a learner or their connection. allowCode lists
// subjects whose messages may carry the room code (the reply to a teacher's resume).
func (w *wire) check(t *testing.T, secrets []string, allowCode func(*nats.Msg) bool, code string) (n, bytes_ int) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, m := range w.msgs {
		n++
		bytes_ += len(m.Data)
		dec := json.NewDecoder(bytes.NewReader(m.Data))
		dec.DisallowUnknownFields()
		var msg classroom.Msg
		if err := dec.Decode(&msg); err != nil {
			t.Errorf("a message on %s is not a room event: %v\n%s", m.Subject, err, m.Data)
		}
		if keys, ok := fewKeys[msg.Op]; ok {
			var fields map[string]json.RawMessage
			_ = json.Unmarshal(m.Data, &fields)
			for k := range fields {
				if !slices.Contains(keys, k) {
					t.Errorf("a %s message on %s holds %q:\n%s", msg.Op, m.Subject, k, m.Data)
				}
			}
		}
		for _, s := range secrets {
			if strings.Contains(string(m.Data), s) || strings.Contains(m.Subject, s) {
				t.Errorf("a message on %s holds %q:\n%s", m.Subject, s, m.Data)
			}
		}
		if strings.Contains(m.Subject, code) || (strings.Contains(string(m.Data), code) && !allowCode(m)) {
			t.Errorf("a message on %s holds the room code:\n%s", m.Subject, m.Data)
		}
	}
	return n, bytes_
}

// twoReplicas starts NATS and two tutord servers that share rooms over it.
func twoReplicas(t *testing.T, opts ...func(*config.Config)) (ns *natsserver.Server, w *wire, a, b *sshtest.Server) {
	t.Helper()
	ns, w = startNATS(t)
	withNATS := func(c *config.Config) {
		c.Fleet.NATS = ns.ClientURL()
		for _, o := range opts {
			o(c)
		}
	}
	return ns, w, sshtest.Start(t, withNATS), sshtest.Start(t, withNATS)
}

// TestClassroomAcrossReplicas: the teacher is on replica A, students on A and B. Counts,
// answers and the reveal are exact on every screen, a leaver on B is counted out, and no
// message on NATS holds more than room events.
func TestClassroomAcrossReplicas(t *testing.T) {
	t.Parallel()
	// A class of five at k=5: its counts per answer are shown on every replica (the k rule).
	_, w, srvA, srvB := twoReplicas(t, func(c *config.Config) { c.Anonymity.K = 5 })
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 60
	teacher, code, teacherCode := openRoom(t, srvA, tc)

	base := catalog(t).At("en", 1)
	cls := &base.Quiz.Questions[0]
	const onA, onB = 2, 3
	n := onA + onB
	students := make([]*sshtest.Term, n)
	names := make([]string, n)
	secrets := []string{teacherCode, "127.0.0.1"}
	each(students, func(i int, _ *sshtest.Term) {
		c := sshtest.DefaultClient()
		c.User = fmt.Sprintf("learner-secret-%d", i)
		c.Version = fmt.Sprintf("SSH-2.0-SecretClient_%d", i)
		srv := srvA
		if i >= onA {
			srv = srvB
		}
		students[i] = srv.Open(t, c, "join "+strings.ToLower(code))
		names[i] = pseudonym(t, students[i].WaitFor("You are", "Waiting for the teacher"))
	})
	for i := range n {
		secrets = append(secrets, fmt.Sprintf("learner-secret-%d", i), fmt.Sprintf("SecretClient_%d", i))
	}
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			t.Errorf("pseudonym %q given twice", name)
		}
		seen[name] = true
	}
	teacher.WaitFor(fmt.Sprintf("%d joined", n))

	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("down", "enter")
	pages := len(base.Sections)
	each(students, func(_ int, st *sshtest.Term) { st.WaitFor(fmt.Sprintf("Page 1 of %d", pages), base.Title) })

	// The classification: students 0 (on A) and 3 (on B) put the first case in the wrong bin.
	teacher.Press("o")
	teacher.WaitFor("Open: students are answering.", fmt.Sprintf("Answered: 0 of %d", n))
	nb := len(cls.Bins)
	wrong := func(i int) bool { return i%3 == 0 }
	bins := func(i int) []int {
		b := make([]int, len(cls.Scenarios))
		for j, s := range cls.Scenarios {
			b[j] = s.Bin
		}
		if wrong(i) {
			b[0] = (b[0] + 1) % nb
		}
		return b
	}
	want := make([][]int, len(cls.Scenarios))
	for j := range want {
		want[j] = make([]int, nb)
	}
	for i := range n {
		for j, b := range bins(i) {
			want[j][b]++
		}
	}
	each(students, func(i int, st *sshtest.Term) {
		st.WaitFor("Question 1 of", firstWords(cls.Prompt))
		for _, b := range bins(i) {
			st.Press(strconv.Itoa(b + 1))
		}
		st.Press("enter")
		st.WaitFor("Answer sent.")
	})
	scr := teacher.WaitFor(fmt.Sprintf("Answered: %d of %d", n, n))
	if got := binCounts(scr); len(got) != 0 {
		t.Errorf("classification counts on the teacher's screen while open: %v\n%s", got, scr)
	}
	teacher.Press("right") // close
	scr = teacher.WaitFor("Closed: no more answers.", fmt.Sprintf("Answers: %d", n))
	if got := binCounts(scr); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("classification counts on the teacher's screen: %v, want %v\n%s", got, want, scr)
	}
	each(students, func(_ int, st *sshtest.Term) { st.WaitFor("The question is closed.") })
	teacher.Press("right") // reveal
	right := 3
	teacher.WaitFor(fmt.Sprintf("Right: %d of %d", right, n))
	each(students, func(i int, st *sshtest.Term) {
		if wrong(i) {
			st.WaitFor("Not right.", "of the class sorted this one right")
		} else {
			st.WaitFor("Right.", "of the class sorted this one right")
		}
	})

	// A student on B leaves: the teacher on A counts them out.
	students[n-1].Close()
	teacher.WaitFor(fmt.Sprintf("%d joined", n-1))

	// The end reaches B with each student's own summary.
	teacher.Press("e")
	teacher.WaitFor("End the class for everyone?")
	teacher.Press("y")
	teacher.WaitFor("Class ended")
	each(students[:n-1], func(_ int, st *sshtest.Term) {
		st.WaitFor("Class ended", "You answered 1 of 1 questions")
	})
	late := srvB.Open(t, sshtest.DefaultClient(), "join "+code)
	late.WaitFor("There is no class with the code " + code)

	msgs, size := w.check(t, append(secrets, names...), func(*nats.Msg) bool { return false }, code)
	if msgs == 0 {
		t.Fatal("no message crossed NATS")
	}
	for _, srv := range []*sshtest.Server{srvA, srvB} {
		logText := srv.Log.String()
		for _, s := range append([]string{code, teacherCode}, names...) {
			if strings.Contains(logText, s) {
				t.Errorf("a server log holds %q", s)
			}
		}
	}
	t.Logf("%d NATS messages, %d bytes", msgs, size)
}

// TestWrongCodeAcrossReplicasCountsOnce: a code no replica has counts once against the
// join rate limit of the replica where it was typed. NATS answers "no responders" at
// once (a timeout would read "cannot be reached"), and each code typed is asked once.
func TestWrongCodeAcrossReplicasCountsOnce(t *testing.T) {
	t.Parallel()
	_, w, srvA, srvB := twoReplicas(t, func(c *config.Config) { c.Classroom.JoinRate = 2 })
	_, code, _ := openRoom(t, srvA, sshtest.DefaultClient())
	st := srvB.Open(t, sshtest.DefaultClient(), "join")
	st.WaitFor("Room code:")
	for _, guess := range []string{"AAAAAA", "CCCCCC"} {
		st.Press(ctrlU)
		st.Press(strings.Split(guess, "")...)
		st.Press("enter")
		st.WaitFor("There is no class with the code " + guess)
	}
	st.Press(ctrlU)
	st.Press(strings.Split(code, "")...)
	st.Press("enter")
	st.WaitFor("Too many wrong codes")
	// A's limit is untouched: the same source joins there.
	other := srvA.Open(t, sshtest.DefaultClient(), "join "+code)
	other.WaitFor("You are")

	if n := w.count(classroom.OpJoin); n != 2 {
		t.Errorf("%d join requests crossed NATS, want 2 (one per wrong code; the refused third is not asked)", n)
	}
	w.check(t, []string{"127.0.0.1"}, func(*nats.Msg) bool { return false }, code)
}

// TestTeacherBackThroughOtherReplica: the teacher's connection to A drops and comes back
// through B with the teacher code, steers the room from there, and when A stops the room
// ends on B with the closing screen.
func TestTeacherBackThroughOtherReplica(t *testing.T) {
	t.Parallel()
	_, w, srvA, srvB := twoReplicas(t)
	teacher, code, teacherCode := openRoom(t, srvA, sshtest.DefaultClient())
	onA := srvA.Open(t, sshtest.DefaultClient(), "join "+code)
	onA.WaitFor("You are")
	onB := srvB.Open(t, sshtest.DefaultClient(), "join "+code)
	onB.WaitFor("You are")
	teacher.WaitFor("2 joined")
	teacher.Close()
	onB.WaitFor("The teacher's connection dropped")

	back := srvB.Open(t, sshtest.DefaultClient(), "teach "+teacherCode)
	back.WaitFor("2 joined", classroomFormat(code))
	onB.WaitFor("Waiting for the teacher")
	back.Press("enter")
	back.WaitFor("Choose a lesson")
	back.Press("enter")
	base := catalog(t).At("en", 0)
	for _, st := range []*sshtest.Term{onA, onB} {
		st.WaitFor(fmt.Sprintf("Page 1 of %d", len(base.Sections)), base.Title)
	}
	back.Press("right")
	for _, st := range []*sshtest.Term{onA, onB} {
		st.WaitFor(fmt.Sprintf("Page 2 of %d", len(base.Sections)))
	}
	onA.Close()
	back.WaitFor("1 joined")

	srvA.Stop(t)
	onB.WaitFor("Class ended", "The class has ended.")
	back.WaitFor("Class ended")

	w.check(t, []string{teacherCode, "127.0.0.1", "learner"}, func(m *nats.Msg) bool {
		var msg classroom.Msg
		return json.Unmarshal(m.Data, &msg) == nil && msg.Op == classroom.OpTView && msg.Code != ""
	}, code)
}

// TestNATSOutageMidClass: when NATS goes away, students relayed through it see that the
// class cannot be reached, at once; they are not left waiting. The teacher's own
// students go on, and once HeartbeatMisses beats did not come the relayed students see
// that the class is over for them. (The replicas' classrooms read a stepped clock.)
func TestNATSOutageMidClass(t *testing.T) {
	t.Parallel()
	ns, _ := startNATS(t)
	clock := newStepClock()
	srvA := replica(t, ns.ClientURL(), clock)
	srvB := replica(t, ns.ClientURL(), clock)
	teacher, code, _ := openRoom(t, srvA, sshtest.DefaultClient())
	onB := srvB.Open(t, sshtest.DefaultClient(), "join "+code)
	onB.WaitFor("You are")
	teacher.WaitFor("1 joined")
	startLesson(t, teacher, onB)
	ns.Shutdown()
	onB.WaitFor("The connection to the class was lost")
	// The teacher's own students on A go on.
	teacher.Press("right")
	teacher.WaitFor("Page 2 of")
	clock.Advance(beat * classroom.HeartbeatMisses)
	onB.WaitFor("Class ended", "the class cannot be reached any")
	teacher.WaitFor("0 joined")
}
