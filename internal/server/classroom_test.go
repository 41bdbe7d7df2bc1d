package server_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/lessons"
	"tutord/internal/sshtest"
)

var (
	roomCodeRe    = regexp.MustCompile(`join ([A-Z0-9]{6})\b`)
	teacherCodeRe = regexp.MustCompile(`Teacher code: ([A-Z0-9]{5}-[A-Z0-9]{5})`)
	binCountsRe   = regexp.MustCompile(`^\s*((?:\[\d\] \d+\s*)+)`)
	barCountRe    = regexp.MustCompile(`[█░#.]{4,}\s+(\d+)\s+(\d+)%`)
)

// openRoom starts a teacher session and returns it with the room and teacher codes, on
// the screen that shows the room code.
func openRoom(t *testing.T, srv *sshtest.Server, c sshtest.Client) (tm *sshtest.Term, code, teacherCode string) {
	t.Helper()
	tm = srv.Open(t, c, "teach")
	scr := tm.WaitFor("Teacher code:", "Show the room code")
	m := teacherCodeRe.FindStringSubmatch(scr)
	if m == nil {
		t.Fatalf("no teacher code on:\n%s", scr)
	}
	teacherCode = strings.ReplaceAll(m[1], "-", "")
	tm.Press("enter")
	scr = tm.WaitFor("Room code", "0 joined")
	m = roomCodeRe.FindStringSubmatch(scr)
	if m == nil {
		t.Fatalf("no room code on:\n%s", scr)
	}
	return tm, m[1], teacherCode
}

// pseudonym reads the name under "You are" on a student's waiting screen.
func pseudonym(t testing.TB, scr string) string {
	lines := strings.Split(scr, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "You are" && i+1 < len(lines) {
			return strings.TrimSpace(lines[i+1])
		}
	}
	t.Errorf("no pseudonym on:\n%s", scr)
	return ""
}

// binCounts reads the per-bin counts of every case of a classification, in order.
func binCounts(scr string) [][]int {
	var out [][]int
	for _, l := range strings.Split(scr, "\n") {
		m := binCountsRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		var row []int
		for _, f := range regexp.MustCompile(`\] (\d+)`).FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(f[1])
			row = append(row, n)
		}
		out = append(out, row)
	}
	return out
}

// barCounts reads the numbers after the distribution bars, in order.
func barCounts(scr string) []int {
	var out []int
	for _, m := range barCountRe.FindAllStringSubmatch(scr, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

// each runs f for every student at once and waits for all.
func each(terms []*sshtest.Term, f func(i int, st *sshtest.Term)) {
	var wg sync.WaitGroup
	for i, st := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i, st)
		}()
	}
	wg.Wait()
}

// TestClassroomWithThirtyStudents runs a whole class over real SSH: one teacher, 30
// students at once. The counts on the teacher's screen are exact, every step reaches every
// student, a student who drops out and comes back is counted once, and after the end the
// room is gone and nothing of it is in the server's log.
func TestClassroomWithThirtyStudents(t *testing.T) {
	t.Parallel()
	const n = 30
	srv := sshtest.Start(t)
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 60
	teacher, code, teacherCode := openRoom(t, srv, tc)

	lessonIdx := 1 // lesson 2: its first question is a classification, its second single choice
	base := catalog(t).At("en", lessonIdx)
	cls, single := &base.Quiz.Questions[0], &base.Quiz.Questions[1]
	if cls.Kind != lessons.Classify || single.Kind == lessons.Classify {
		t.Fatalf("lesson %s no longer starts with a classification and a single choice", base.ID)
	}

	students := make([]*sshtest.Term, n)
	names := make([]string, n)
	each(students, func(i int, _ *sshtest.Term) {
		students[i] = srv.Open(t, sshtest.DefaultClient(), "join "+strings.ToLower(code))
		names[i] = pseudonym(t, students[i].WaitFor("You are", "pseudonym for this class only", "Waiting for the teacher"))
	})
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			t.Errorf("pseudonym %q given twice", name)
		}
		seen[name] = true
	}
	teacher.WaitFor(fmt.Sprintf("%d joined", n))

	// Pacing: the lesson's first page, then the second, reaches everyone.
	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("down", "enter")
	pages := len(base.Sections)
	each(students, func(_ int, st *sshtest.Term) { st.WaitFor(fmt.Sprintf("Page 1 of %d", pages), base.Title) })
	teacher.Press("right")
	teacher.WaitFor(fmt.Sprintf("Page 2 of %d", pages), "Next: page 3")
	each(students, func(_ int, st *sshtest.Term) { st.WaitFor(fmt.Sprintf("Page 2 of %d", pages)) })

	// The classification: every third student puts the first case in the wrong bin.
	teacher.Press("o")
	teacher.WaitFor("Open: students are answering.", fmt.Sprintf("Answered: 0 of %d", n))
	nb := len(cls.Bins)
	want := make([][]int, len(cls.Scenarios))
	for j := range want {
		want[j] = make([]int, nb)
	}
	bins := func(i int) []int {
		b := make([]int, len(cls.Scenarios))
		for j, s := range cls.Scenarios {
			b[j] = s.Bin
		}
		if i%3 == 0 {
			b[0] = (b[0] + 1) % nb
		}
		return b
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
	// While the question is open the teacher sees how many answered, not what: a count
	// that moves as a student presses enter would say what that student answered.
	scr := teacher.WaitFor(fmt.Sprintf("Answered: %d of %d", n, n), "The counts per answer show when you close")
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
	right := n - (n+2)/3
	teacher.WaitFor(fmt.Sprintf("Right: %d of %d (%d%%)", right, n, (right*100+n/2)/n))
	each(students, func(i int, st *sshtest.Term) {
		if i%3 == 0 {
			st.WaitFor("Not right.", "of the class sorted this one right")
		} else {
			st.WaitFor("Right.", "of the class sorted this one right")
		}
	})

	// The single-choice question. Student 0 drops out and comes back first: the teacher's
	// counts follow, and the student is a new student with a new pseudonym.
	teacher.Press("right")
	teacher.WaitFor("Question 2 of", fmt.Sprintf("Answered: 0 of %d", n))
	students[0].Close()
	teacher.WaitFor(fmt.Sprintf("%d joined", n-1), fmt.Sprintf("Answered: 0 of %d", n-1))
	students[0] = srv.Open(t, sshtest.DefaultClient(), "join "+code)
	scr = students[0].WaitFor("Question 2 of", firstWords(single.Prompt))
	teacher.WaitFor(fmt.Sprintf("%d joined", n), fmt.Sprintf("Answered: 0 of %d", n))
	nopt := len(single.Options)
	wantOpt := make([]int, nopt)
	for i := range n {
		wantOpt[i%nopt]++
	}
	each(students, func(i int, st *sshtest.Term) {
		st.WaitFor("Question 2 of", firstWords(single.Prompt))
		st.Press(strconv.Itoa(i%nopt + 1))
		st.WaitFor("Answer sent.")
	})
	scr = teacher.WaitFor(fmt.Sprintf("Answered: %d of %d", n, n))
	if got := barCounts(scr); len(got) != 0 {
		t.Errorf("option counts on the teacher's screen while open: %v\n%s", got, scr)
	}
	teacher.Press("right")
	scr = teacher.WaitFor("Closed: no more answers.")
	if got := barCounts(scr); fmt.Sprint(got) != fmt.Sprint(wantOpt) {
		t.Errorf("option counts on the teacher's screen: %v, want %v\n%s", got, wantOpt, scr)
	}
	teacher.Press("right")
	r := single.Right()
	teacher.WaitFor(fmt.Sprintf("Right: %d of %d", wantOpt[r], n), "Answer revealed.")
	each(students, func(i int, st *sshtest.Term) {
		if i%nopt == r {
			st.WaitFor("✓ Right.", "The class's answers:")
		} else {
			st.WaitFor("✗ Not right.", "The class's answers:")
		}
	})

	// The end: every student gets a summary of their own; the room is gone.
	teacher.Press("e")
	teacher.WaitFor("End the class for everyone?")
	teacher.Press("y")
	teacher.WaitFor("Class ended", "every answer in it are gone")
	each(students, func(i int, st *sshtest.Term) {
		if i == 0 {
			st.WaitFor("Class ended", "You answered 1 of 1 questions")
			return
		}
		st.WaitFor("Class ended", "You answered 2 of 2 questions", "Continue with the course")
	})
	late := srv.Open(t, sshtest.DefaultClient(), "join "+code)
	late.WaitFor("There is no class with the code " + code)

	logText := srv.Log.String()
	for _, secret := range append([]string{code, teacherCode, classroomFormat(code)}, names...) {
		if secret != "" && strings.Contains(logText, secret) {
			t.Errorf("the server log holds %q:\n%s", secret, logText)
		}
	}
	if !strings.Contains(logText, "class opened") || !strings.Contains(logText, "class ended") {
		t.Errorf("the log lacks the class events:\n%s", logText)
	}
}

// ctrlU clears a text field.
const ctrlU = "\x15"

func classroomFormat(code string) string { return code[:3] + "-" + code[3:] }

// runOnce runs the server with a cancelled context: it returns start-up errors, or nil.
func runOnce(cfg *config.Config) error {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return sshtest.Run(ctx, cfg, log.New(io.Discard), nil)
}

func TestJoinWithAnUnknownCode(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	st := srv.Open(t, sshtest.DefaultClient(), "join AAAAAA")
	st.WaitFor("Join a class", "There is no class with the code AAAAAA")
	// The code can be typed again in the same screen; a bad one gets a clear line too.
	st.Press(ctrlU)
	st.Press("x", "y", "enter")
	st.WaitFor("A room code has 6 letters and digits")
	st.Press("esc")
	st.WaitFor("Start the course")
}

// TestJoinFromTheWelcomeScreen types a code in the text field: q and ? are letters there.
func TestJoinFromTheWelcomeScreen(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	teacher, code, _ := openRoom(t, srv, sshtest.DefaultClient())
	st := srv.Open(t, sshtest.DefaultClient(), "")
	st.WaitFor("Join a class")
	st.Press("down", "down", "enter")
	st.WaitFor("Room code:", "ctrl+c quit")
	st.Press("q", "?")
	scr := st.WaitFor("[Q_")
	if strings.Contains(scr, "Help") {
		t.Errorf("? opened the help in the text field:\n%s", scr)
	}
	st.Press("backspace")
	for _, r := range strings.ToLower(classroomFormat(code)) {
		st.Press(string(r))
	}
	st.Press("enter")
	st.WaitFor("You are", "Waiting for the teacher")
	teacher.WaitFor("1 joined")
	st.Press("q")
	if code := st.Wait(); code != 0 {
		t.Errorf("student quit with exit %d", code)
	}
	teacher.WaitFor("0 joined")
}

func TestJoinRateLimitOverSSH(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, func(c *config.Config) { c.Classroom.JoinRate = 2 })
	_, code, _ := openRoom(t, srv, sshtest.DefaultClient())
	st := srv.Open(t, sshtest.DefaultClient(), "join")
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
	if strings.Contains(srv.Log.String(), code) {
		t.Error("the log holds the room code")
	}
}

func TestRoomFullAndRoomLimit(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, func(c *config.Config) { c.Classroom.MaxStudents = 1; c.Classroom.MaxRooms = 1 })
	_, code, _ := openRoom(t, srv, sshtest.DefaultClient())
	srv.Open(t, sshtest.DefaultClient(), "join "+code).WaitFor("You are")
	srv.Open(t, sshtest.DefaultClient(), "join "+code).WaitFor("This class is full.")
	second := srv.Open(t, sshtest.DefaultClient(), "teach")
	second.WaitFor("cannot open another classroom", "Go to the course")
	second.Press("enter")
	second.WaitFor("Start the course")
}

// TestTeacherComesBack: the teacher's connection drops, students are told, and the
// teacher comes back with the teacher code. (The grace period running out is timed with a
// fake clock in the classroom package; TestTeacherDoesNotComeBack has none at all.)
func TestTeacherComesBack(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, func(c *config.Config) { c.Classroom.Grace = 10 * time.Minute })
	teacher, code, teacherCode := openRoom(t, srv, sshtest.DefaultClient())
	st := srv.Open(t, sshtest.DefaultClient(), "join "+code)
	st.WaitFor("Waiting for the teacher")
	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("enter")
	st.WaitFor("Page 1 of")
	teacher.Close()
	st.WaitFor("The teacher's connection dropped")

	back := srv.Open(t, sshtest.DefaultClient(), "teach "+strings.ToLower(teacherCode[:5])+"-"+teacherCode[5:])
	back.WaitFor("1 joined")
	back.Press("enter")
	back.WaitFor("Page 1 of", "Next: page 2")
	back.Press("right")
	scr := st.WaitFor("Page 2 of")
	if strings.Contains(scr, "connection dropped") {
		t.Errorf("student still sees the teacher as away:\n%s", scr)
	}
	back.Press("q")
	back.WaitForRaw("It waits 10 min for you")
	st.WaitFor("The teacher's connection dropped")
	// Someone who saw the room code cannot take the room with it.
	srv.Open(t, sshtest.DefaultClient(), "teach "+code).WaitFor("A teacher code has 10 letters and digits")
}

// TestTeacherDoesNotComeBack: with no grace period the class ends as soon as the teacher's
// connection does, and students get their closing screen.
func TestTeacherDoesNotComeBack(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, func(c *config.Config) { c.Classroom.Grace = 0 })
	teacher, code, teacherCode := openRoom(t, srv, sshtest.DefaultClient())
	st := srv.Open(t, sshtest.DefaultClient(), "join "+code)
	st.WaitFor("Waiting for the teacher")
	teacher.Press("q")
	teacher.Wait()
	if raw := string(teacher.Raw()); strings.Contains(raw, "It waits") {
		t.Error("with no grace period the teacher is told the room waits")
	}
	st.WaitFor("Class ended", "The teacher did not come back", "Continue with the course")
	srv.Open(t, sshtest.DefaultClient(), "teach "+teacherCode).WaitFor("No open classroom has this teacher code")
	srv.Open(t, sshtest.DefaultClient(), "join "+code).WaitFor("There is no class with the code")
}

// TestTeacherKeys: with -teacher-keys only a client that proves a listed key may open a
// room; a client that offers the public key without holding the private key may not.
func TestTeacherKeys(t *testing.T) {
	t.Parallel()
	allowed, other := sshtest.NewKey(t), sshtest.NewKey(t)
	path := filepath.Join(t.TempDir(), "teachers")
	line := "# teachers of the course\n" + string(gossh.MarshalAuthorizedKey(allowed.PublicKey()))
	if err := os.WriteFile(path, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := sshtest.Start(t, func(c *config.Config) { c.Classroom.TeacherKeys = path })
	withKeys := func(keys ...gossh.Signer) sshtest.Client {
		c := sshtest.DefaultClient()
		c.Keys = keys
		return c
	}
	for name, c := range map[string]sshtest.Client{
		"no key":                 withKeys(),
		"other key":              withKeys(other),
		"stolen pub":             withKeys(impostor{pub: allowed.PublicKey(), signer: other}),
		"other, then stolen pub": withKeys(other, impostor{pub: allowed.PublicKey(), signer: other}),
	} {
		conn, err := srv.DialErr(c)
		if err != nil {
			// x/crypto ends the handshake on a bad signature: no way in at all.
			if !strings.Contains(name, "stolen") {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		sess.Stderr = &stderr
		err = sess.Run("teach")
		var exit *gossh.ExitError
		if !errors.As(err, &exit) || exit.ExitStatus() != 1 || !strings.Contains(stderr.String(), "needs a key this server allows") {
			t.Errorf("%s: %v, stderr %q", name, err, stderr.String())
		}
		conn.Close()
	}
	_, code, _ := openRoom(t, srv, withKeys(other, allowed))
	// Students need no key.
	srv.Open(t, sshtest.DefaultClient(), "join "+code).WaitFor("You are")
	if err := os.WriteFile(path, []byte("# nobody\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Classroom.TeacherKeys = path
	cfg.Listen = "127.0.0.1:0"
	cfg.HostKey = filepath.Join(t.TempDir(), "key")
	if err := runOnce(&cfg); err == nil || !strings.Contains(err.Error(), "holds no keys") {
		t.Errorf("a teacher-keys file without keys: %v", err)
	}
}

// impostor offers a public key it does not hold: its signatures are made with another key.
type impostor struct {
	pub    gossh.PublicKey
	signer gossh.Signer
}

func (i impostor) PublicKey() gossh.PublicKey { return i.pub }
func (i impostor) Sign(r io.Reader, data []byte) (*gossh.Signature, error) {
	return i.signer.Sign(rand.Reader, data)
}

func TestHelpListsClassCommands(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	r := srv.Exec(t, noPTY(), "help")
	if !strings.Contains(r.Stdout, "teach") || !strings.Contains(r.Stdout, "join CODE") {
		t.Errorf("help lacks the classroom commands:\n%s", r.Stdout)
	}
	for _, cmd := range []string{"teach", "join ABCDEF"} {
		if r := srv.Exec(t, noPTY(), cmd); r.Code != 1 || !strings.Contains(r.Stderr, "ssh -t") {
			t.Errorf("%s without a terminal: exit %d, stderr %q", cmd, r.Code, r.Stderr)
		}
	}
	if r := srv.Exec(t, noPTY(), "join A B"); r.Code != 1 {
		t.Errorf("join with two arguments: exit %d", r.Code)
	}
}

// TestTeacherCShowsTheRoomCode: while pacing, the teacher's c (its hint says "room code")
// brings the room code back for the projector, not the resume code screen.
func TestTeacherCShowsTheRoomCode(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	teacher, code, _ := openRoom(t, srv, sshtest.DefaultClient())
	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("down", "enter")
	teacher.WaitFor("Page 1 of")
	teacher.Press("c")
	if scr := teacher.WaitFor("Room code", code); strings.Contains(scr, "Your resume code") {
		t.Errorf("c opened the resume code:\n%s", scr)
	}
}
