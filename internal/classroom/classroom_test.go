package classroom

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tutord/internal/i18n"
	"tutord/internal/lessons"
)

// fakeClock moves only when a test says so; due timers run in Advance.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at            time.Time
	f             func()
	fired, stoped bool
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if t.fired || t.stoped {
			return false
		}
		t.stoped = true
		return true
	}
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []func()
	for _, t := range c.timers {
		if !t.fired && !t.stoped && !t.at.After(c.now) {
			t.fired = true
			due = append(due, t.f)
		}
	}
	c.mu.Unlock()
	for _, f := range due {
		f()
	}
}

// logBuf records what the registry logs.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Info(msg any, kv ...any)  { l.write(msg, kv) }
func (l *logBuf) Debug(msg any, kv ...any) { l.write(msg, kv) }
func (l *logBuf) write(msg any, kv []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(&l.b, append([]any{msg}, kv...)...)
}
func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testLesson has two pages and three questions: single choice (right: 2), true/false
// (right: 1) and a classification of three cases into two bins.
func testLesson() *lessons.Lesson {
	return &lessons.Lesson{
		ID:       "test",
		Title:    "Test",
		Sections: []lessons.Section{{Title: "Test", Markdown: "intro"}, {Title: "Two", Markdown: "## Two"}},
		Quiz: lessons.Quiz{Questions: []lessons.Question{
			{ID: "q1", Kind: lessons.Single, Options: []lessons.Option{{Text: "a"}, {Text: "b"}, {Text: "c", Right: true}, {Text: "d"}}},
			{ID: "q2", Kind: lessons.TrueFalse, Options: []lessons.Option{{Text: "True"}, {Text: "False", Right: true}}},
			{ID: "q3", Kind: lessons.Classify, Bins: []string{"x", "y"}, Scenarios: []lessons.Scenario{{Bin: 0}, {Bin: 1}, {Bin: 1}}},
		}},
	}
}

type fixture struct {
	reg   *Registry
	clock *fakeClock
	log   *logBuf
}

func newFixture(t *testing.T, cfg Config) fixture {
	t.Helper()
	f := fixture{clock: newFakeClock(), log: &logBuf{}}
	cfg.Clock, cfg.Log = f.clock, f.log
	f.reg = NewRegistry(cfg)
	t.Cleanup(f.reg.Close)
	return f
}

var src1 = Source{1}

func mustOpen(t *testing.T, reg *Registry) *Teacher {
	t.Helper()
	tc, err := reg.Open()
	if err != nil {
		t.Fatal(err)
	}
	return tc
}

func mustJoin(t *testing.T, reg *Registry, code string) *Member {
	t.Helper()
	m, err := reg.Join(src1, code)
	if err != nil {
		t.Fatalf("join %s: %v", code, err)
	}
	return m
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	count := map[rune]int{}
	for range 2000 {
		c, err := newCode(rand.Reader, CodeLen)
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != CodeLen {
			t.Fatalf("code %q has length %d", c, len(c))
		}
		for _, r := range c {
			if !strings.ContainsRune(CodeAlphabet, r) {
				t.Fatalf("code %q has %q, not in the alphabet", c, r)
			}
			count[r]++
		}
		seen[c] = true
	}
	if len(seen) < 1990 {
		t.Errorf("only %d distinct codes of 2000", len(seen))
	}
	// Every character turns up: 12000 draws of 24 characters, 500 expected each.
	for _, r := range CodeAlphabet {
		if n := count[r]; n < 350 || n > 650 {
			t.Errorf("character %q drawn %d times, want about 500", r, n)
		}
	}
	for _, bad := range "0O1IL2Z5S68B" {
		if strings.ContainsRune(CodeAlphabet, bad) {
			t.Errorf("alphabet has look-alike %q", bad)
		}
	}
	for _, in := range []string{"km7-4qx", "KM74QX", " k m 7 4 q x ", "KM7-4QX"} {
		if got, ok := normalize(in, CodeLen); !ok || got != "KM74QX" {
			t.Errorf("normalize(%q) = %q, %v; want KM74QX", in, got, ok)
		}
	}
	for _, bad := range []string{"", "KM74Q", "KM74QXA", "KM74Q0", "KM74QO", "ΚΜ74QX", "KM7\x1b4QX"} {
		if _, ok := normalize(bad, CodeLen); ok {
			t.Errorf("normalize(%q) accepted", bad)
		}
	}
	if got := FormatCode("KM74QX"); got != "KM7-4QX" {
		t.Errorf("FormatCode = %q", got)
	}
}

func TestOpenJoinAnswerRevealExactCounts(t *testing.T) {
	f := newFixture(t, Config{})
	tc := mustOpen(t, f.reg)
	code, tcode := tc.Codes()
	if len(code) != CodeLen || len(tcode) != TeacherCodeLen {
		t.Fatalf("codes %q %q", code, tcode)
	}
	const n = 30
	ms := make([]*Member, n)
	names := map[string]bool{}
	for i := range ms {
		ms[i] = mustJoin(t, f.reg, strings.ToLower(FormatCode(code)))
		names[ms[i].Name().Name(i18n.For("en").Pseudonym)] = true
	}
	if len(names) != n {
		t.Errorf("%d distinct pseudonyms for %d students", len(names), n)
	}
	if v := tc.View(); v.Students != n || v.Phase != Lobby {
		t.Fatalf("view %+v", v)
	}
	must(t, tc.SetLesson(testLesson()))
	if v := ms[0].View(); v.Phase != Page || v.Page != 0 || v.Pages != 2 {
		t.Fatalf("student view after lesson: %+v", v.View)
	}
	must(t, tc.Next()) // page 2
	must(t, tc.Next()) // open q1
	v := tc.View()
	if v.Phase != Open || v.Question != 0 || v.Tally.Answered != 0 {
		t.Fatalf("after two steps: %+v", v)
	}
	// Student i answers option i%4; five change their minds to the right one.
	for i, m := range ms {
		must(t, m.Answer(lessons.Answer{Choice: i % 4}))
	}
	for _, m := range ms[:5] {
		must(t, m.Answer(lessons.Answer{Choice: 2}))
	}
	want := []int{8 - 2, 8 - 1, 7 + 4, 7 - 1} // students 0..4 answered 0,1,2,3,0
	v = tc.View()
	if v.Tally.Answered != n || fmt.Sprint(v.Tally.Options) != fmt.Sprint(want) || v.Tally.Right != want[2] {
		t.Fatalf("tally %+v, want options %v", v.Tally, want)
	}
	if sv := ms[7].View(); sv.Tally.Answered != 0 || !sv.Answered || sv.Answer.Choice != 3 {
		t.Errorf("a student sees %+v before the reveal", sv)
	}
	if err := ms[0].Answer(lessons.Answer{Choice: 9}); !errors.Is(err, ErrAnswer) {
		t.Errorf("out-of-range answer: %v", err)
	}
	must(t, tc.Next()) // close
	if err := ms[0].Answer(lessons.Answer{Choice: 1}); !errors.Is(err, ErrNotOpen) {
		t.Errorf("answer after close: %v", err)
	}
	must(t, tc.Next()) // reveal
	for i, m := range ms {
		sv := m.View()
		right := i < 5 || i%4 == 2
		if sv.Phase != Revealed || sv.Right != right || sv.Tally.Answered != n || sv.Score != btoi(right) {
			t.Fatalf("student %d sees %+v, want right=%v", i, sv, right)
		}
	}
	must(t, tc.SetLeaderboard(true))
	lead := tc.Leaders(5)
	if len(lead) != 5 || lead[0].Right != 1 || lead[4].Right != 1 {
		t.Errorf("leaders %+v", lead)
	}
	// Classification: next question (true/false), then the classification.
	must(t, tc.Next())
	must(t, tc.Next())
	must(t, tc.Next())
	must(t, tc.Next())
	if v := tc.View(); v.Phase != Open || v.Question != 2 {
		t.Fatalf("want q3 open, got %+v", v)
	}
	must(t, ms[0].Answer(lessons.Answer{Bins: []int{0, 1, 1}}))
	must(t, ms[1].Answer(lessons.Answer{Bins: []int{1, 1, 0}}))
	if err := ms[2].Answer(lessons.Answer{Bins: []int{1}}); !errors.Is(err, ErrAnswer) {
		t.Errorf("short classification: %v", err)
	}
	v = tc.View()
	if fmt.Sprint(v.Tally.Bins) != "[[1 1] [0 2] [1 1]]" || fmt.Sprint(v.Tally.ScenarioRight) != "[1 2 1]" || v.Tally.Right != 1 {
		t.Errorf("classification tally %+v", v.Tally)
	}
	must(t, tc.Next())
	must(t, tc.Next())
	if err := tc.Next(); err != nil {
		t.Fatal(err)
	}
	if v := tc.View(); v.Phase != Revealed || v.Question != 2 {
		t.Errorf("next at the end of the quiz moved to %+v", v)
	}
	if s := ms[0].View(); s.Score != 2 || s.Scored != 3 {
		t.Errorf("student 0 score %d of %d, want 2 of 3", s.Score, s.Scored)
	}
	if strings.Contains(f.log.String(), code) || strings.Contains(f.log.String(), tcode) {
		t.Errorf("log holds a code:\n%s", f.log)
	}
	for name := range names {
		if strings.Contains(f.log.String(), name) {
			t.Errorf("log holds pseudonym %q", name)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestLeavingWithdrawsAnOpenAnswerAndRejoinGetsANewName(t *testing.T) {
	f := newFixture(t, Config{})
	tc := mustOpen(t, f.reg)
	code, _ := tc.Codes()
	a, b := mustJoin(t, f.reg, code), mustJoin(t, f.reg, code)
	must(t, tc.SetLesson(testLesson()))
	must(t, tc.ToQuestions())
	must(t, a.Answer(lessons.Answer{Choice: 2}))
	must(t, b.Answer(lessons.Answer{Choice: 1}))
	a.Leave()
	a.Leave() // twice is fine
	v := tc.View()
	if v.Students != 1 || v.Tally.Answered != 1 || v.Tally.Options[2] != 0 {
		t.Fatalf("after a left: %+v", v)
	}
	if err := a.Answer(lessons.Answer{Choice: 2}); err == nil {
		t.Error("a student who left could answer")
	}
	a2 := mustJoin(t, f.reg, code)
	if a2.Name() == a.Name() {
		t.Errorf("rejoining gave the old pseudonym %v again", a.Name())
	}
	must(t, a2.Answer(lessons.Answer{Choice: 2}))
	if v := tc.View(); v.Students != 2 || v.Tally.Answered != 2 || v.Tally.Options[2] != 1 {
		t.Fatalf("after rejoining: %+v", v)
	}
	// After the close, leaving no longer changes the counts: those answers were given.
	must(t, tc.Next())
	b.Leave()
	if v := tc.View(); v.Tally.Answered != 2 || v.Students != 1 {
		t.Errorf("closed tally changed by leaving: %+v", v)
	}
}

func TestBackAndNext(t *testing.T) {
	f := newFixture(t, Config{})
	tc := mustOpen(t, f.reg)
	code, _ := tc.Codes()
	m := mustJoin(t, f.reg, code)
	if err := tc.Next(); err != nil {
		t.Fatal(err) // nothing to do in the lobby, but no error
	}
	must(t, tc.SetLesson(testLesson()))
	step := func(f func() error, phase Phase, page, q int) {
		t.Helper()
		must(t, f())
		v := tc.View()
		if v.Phase != phase || (phase == Page && v.Page != page) || (phase >= Open && v.Question != q) {
			t.Fatalf("got phase %d page %d q %d, want %d %d %d", v.Phase, v.Page, v.Question, phase, page, q)
		}
	}
	step(tc.Back, Page, 0, 0)
	step(tc.Next, Page, 1, 0)
	step(tc.Next, Open, 0, 0)
	must(t, m.Answer(lessons.Answer{Choice: 0}))
	step(tc.Back, Page, 1, 0) // takes the question back
	step(tc.Next, Open, 0, 0)
	if v := tc.View(); v.Tally.Answered != 0 {
		t.Errorf("a taken-back question kept its answers: %+v", v.Tally)
	}
	if v := m.View(); v.Answered {
		t.Error("student still sees an answer to a taken-back question")
	}
	step(tc.Next, Closed, 0, 0)
	step(tc.Next, Revealed, 0, 0)
	step(tc.Next, Open, 0, 1)
	step(tc.Back, Revealed, 0, 0) // q2 taken back, q1 shown as it was
	step(tc.Back, Page, 1, 0)
	step(tc.Next, Open, 0, 1) // on to the first question not yet revealed
	step(tc.Next, Closed, 0, 1)
	step(tc.Back, Revealed, 0, 0)
	step(tc.Next, Closed, 0, 1) // q2 stays closed
	if v := tc.View(); fmt.Sprint(v.Asked) != fmt.Sprint([]Phase{Revealed, Closed, Lobby}) {
		t.Errorf("asked %v", v.Asked)
	}
	// A new lesson starts over at its first page.
	step(func() error { return tc.SetLesson(testLesson()) }, Page, 0, 0)
	if r := m.Results(); len(r) != 2 {
		t.Errorf("student's own results: %+v, want two", r)
	}
}

func TestUnknownCodeAndRateLimit(t *testing.T) {
	f := newFixture(t, Config{JoinRate: 3})
	tc := mustOpen(t, f.reg)
	code, tcode := tc.Codes()
	wrong := "AAAAAA"
	if wrong == code {
		wrong = "CCCCCC"
	}
	if _, err := f.reg.Join(src1, "hello!"); !errors.Is(err, ErrCodeFormat) {
		t.Errorf("bad format: %v", err)
	}
	for i := range 3 {
		if _, err := f.reg.Join(src1, wrong); !errors.Is(err, ErrNoRoom) {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	if _, err := f.reg.Join(src1, code); !errors.Is(err, ErrTooMany) {
		t.Fatalf("after 3 wrong codes the right one: %v, want ErrTooMany", err)
	}
	if _, err := f.reg.Resume(src1, tcode); !errors.Is(err, ErrTooMany) {
		t.Fatalf("resume from a limited source: %v", err)
	}
	// Another source is not affected.
	if _, err := f.reg.Join(Source{2}, code); err != nil {
		t.Fatalf("other source: %v", err)
	}
	// A third of a minute gives back one attempt.
	f.clock.Advance(21 * time.Second)
	if _, err := f.reg.Join(src1, code); err != nil {
		t.Fatalf("after 21 s: %v", err)
	}
	// Successful joins cost nothing: a class behind one address joins at once.
	for range 50 {
		mustJoin(t, f.reg, code)
	}
	// The limiter forgets a source once its bucket is full again.
	f.clock.Advance(2 * time.Minute)
	f.reg.lim.expire()
	if n := f.reg.lim.size(); n != 0 {
		t.Errorf("limiter still holds %d sources after two minutes", n)
	}
}

func TestLimiterTableFull(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(1, time.Minute, 2, func() time.Time { return now })
	l.fail(Source{1})
	l.fail(Source{2})
	if l.allow(Source{3}) {
		t.Error("a new source was allowed with the table full of recent failures")
	}
	now = now.Add(2 * time.Minute)
	if !l.allow(Source{3}) {
		t.Error("a new source was refused after the old entries expired")
	}
}

func TestRoomFullAndRoomLimit(t *testing.T) {
	f := newFixture(t, Config{MaxStudents: 2, MaxRooms: 1})
	tc := mustOpen(t, f.reg)
	code, _ := tc.Codes()
	mustJoin(t, f.reg, code)
	m := mustJoin(t, f.reg, code)
	if _, err := f.reg.Join(src1, code); !errors.Is(err, ErrRoomFull) {
		t.Errorf("third student: %v", err)
	}
	m.Leave()
	mustJoin(t, f.reg, code)
	if _, err := f.reg.Open(); !errors.Is(err, ErrRoomLimit) {
		t.Errorf("second room: %v", err)
	}
	must(t, tc.End())
	mustOpen(t, f.reg)
}

func TestEndForgetsTheRoom(t *testing.T) {
	f := newFixture(t, Config{})
	tc := mustOpen(t, f.reg)
	code, tcode := tc.Codes()
	m := mustJoin(t, f.reg, code)
	must(t, tc.SetLesson(testLesson()))
	must(t, tc.ToQuestions())
	must(t, m.Answer(lessons.Answer{Choice: 2}))
	must(t, tc.Next())
	must(t, tc.End())
	if f.reg.Rooms() != 0 {
		t.Errorf("%d rooms after the end", f.reg.Rooms())
	}
	if _, err := f.reg.Join(Source{9}, code); !errors.Is(err, ErrNoRoom) {
		t.Errorf("join after the end: %v", err)
	}
	if _, err := f.reg.Resume(Source{9}, tcode); !errors.Is(err, ErrNoRoom) {
		t.Errorf("resume after the end: %v", err)
	}
	v := m.View()
	if v.Phase != Ended || v.Ended != ByTeacher {
		t.Errorf("student view after end: %+v", v)
	}
	if r := m.Results(); len(r) != 1 || !r[0].Right {
		t.Errorf("student's own results after the end: %+v", r)
	}
	if err := tc.Next(); !errors.Is(err, ErrEnded) {
		t.Errorf("next after end: %v", err)
	}
	r := tc.room
	r.mu.Lock()
	gone := r.students == nil && r.names == nil && r.qs == nil && r.lesson == nil
	r.mu.Unlock()
	if !gone {
		t.Error("the ended room still holds students, names or answers")
	}
	m.Leave()
	tc.Leave()
	if !strings.Contains(f.log.String(), "class ended reason teacher students 1 questions 1") {
		t.Errorf("log:\n%s", f.log)
	}
}

func TestTeacherGraceAndResume(t *testing.T) {
	f := newFixture(t, Config{Grace: 5 * time.Minute})
	tc := mustOpen(t, f.reg)
	code, tcode := tc.Codes()
	m := mustJoin(t, f.reg, code)
	tc.Leave()
	if v := m.View(); !v.Away || !v.AwayUntil.Equal(f.clock.Now().Add(5*time.Minute)) {
		t.Fatalf("student view with the teacher away: %+v", v.View)
	}
	f.clock.Advance(4 * time.Minute)
	tc2, err := f.reg.Resume(Source{7}, strings.ToLower(FormatCode(tcode)))
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	if v := m.View(); v.Away || v.Phase == Ended {
		t.Fatalf("after resume: %+v", v.View)
	}
	f.clock.Advance(2 * time.Minute) // the first grace timer is stopped
	if v := tc2.View(); v.Phase == Ended {
		t.Fatal("room ended although the teacher came back")
	}
	must(t, tc2.SetLesson(testLesson()))
	if err := tc.Next(); !errors.Is(err, ErrNotTeacher) {
		t.Errorf("old teacher connection still steers: %v", err)
	}
	tc2.Leave()
	f.clock.Advance(5 * time.Minute)
	if v := m.View(); v.Phase != Ended || v.Ended != TeacherGone {
		t.Fatalf("after the grace period: %+v", v.View)
	}
	if _, err := f.reg.Join(Source{8}, code); !errors.Is(err, ErrNoRoom) {
		t.Errorf("join after the grace period: %v", err)
	}
}

func TestTakeoverWhileConnected(t *testing.T) {
	f := newFixture(t, Config{})
	tc := mustOpen(t, f.reg)
	_, tcode := tc.Codes()
	var told atomic.Bool
	tc.Attach(func() { told.Store(tc.View().Replaced) })
	tc2, err := f.reg.Resume(Source{3}, tcode)
	if err != nil {
		t.Fatal(err)
	}
	if !tc.View().Replaced || tc2.View().Replaced {
		t.Error("the old connection does not know it was replaced")
	}
	waitFor(t, told.Load, "old teacher told of the takeover")
	// The old connection leaving does not start a grace period for the new one.
	tc.Leave()
	if tc2.View().Away {
		t.Error("old connection leaving marked the teacher away")
	}
}

func TestGraceZeroEndsAtOnce(t *testing.T) {
	f := newFixture(t, Config{Grace: -1})
	tc := mustOpen(t, f.reg)
	tc.Leave()
	if f.reg.Rooms() != 0 {
		t.Error("room survived its teacher with no grace period")
	}
}

func TestMaxAge(t *testing.T) {
	f := newFixture(t, Config{MaxAge: time.Hour})
	tc := mustOpen(t, f.reg)
	f.clock.Advance(time.Hour)
	if v := tc.View(); v.Phase != Ended || v.Ended != TooLong {
		t.Errorf("after max age: %+v", v)
	}
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSlowSessionBlocksNobody: a session whose deliver blocks does not hold up the room or
// other sessions, and once it unblocks it sees the latest state.
func TestSlowSessionBlocksNobody(t *testing.T) {
	f := newFixture(t, Config{})
	tc := mustOpen(t, f.reg)
	code, _ := tc.Codes()
	slow, fast := mustJoin(t, f.reg, code), mustJoin(t, f.reg, code)
	unblock := make(chan struct{})
	var slowCalls atomic.Int32
	var slowSaw, fastSaw atomic.Uint64
	slow.Attach(func() { slowCalls.Add(1); <-unblock; slowSaw.Store(slow.View().Step) })
	fast.Attach(func() { fastSaw.Store(fast.View().Step) })
	must(t, tc.SetLesson(testLesson()))
	for range 100 {
		must(t, tc.Next())
		must(t, tc.Back())
	}
	must(t, tc.Next())
	last := tc.View().Step
	// The fast session sees the last step while the slow one is still stuck.
	waitFor(t, func() bool { return fastSaw.Load() == last }, "fast session sees the last step")
	close(unblock)
	waitFor(t, func() bool { return slowSaw.Load() == last }, "slow session sees the last step")
	if n := slowCalls.Load(); n > 3 {
		t.Errorf("slow session got %d notices; pending ones should merge", n)
	}
	if v := slow.View(); v.Phase != Page || v.Page != 1 {
		t.Errorf("slow session reads %+v", v.View)
	}
	slow.Leave()
	fast.Leave()
}

// TestConcurrentClass runs a class with students joining, answering and leaving while the
// teacher steps; run with -race. The counts at the end are exact.
func TestConcurrentClass(t *testing.T) {
	f := newFixture(t, Config{})
	tc := mustOpen(t, f.reg)
	code, _ := tc.Codes()
	var notices atomic.Int64
	tc.Attach(func() { notices.Add(1) })
	must(t, tc.SetLesson(testLesson()))
	must(t, tc.ToQuestions())
	const n = 60
	var wg sync.WaitGroup
	stay := make([]*Member, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := f.reg.Join(src1, code)
			if err != nil {
				t.Error(err)
				return
			}
			m.Attach(func() { _ = m.View() })
			_ = m.Answer(lessons.Answer{Choice: (i + 1) % 4})
			if i%3 == 0 {
				m.Leave()
				return
			}
			_ = m.Answer(lessons.Answer{Choice: i % 4})
			stay[i] = m
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 50 {
			_ = tc.View()
			_ = tc.Leaders(3)
		}
	}()
	wg.Wait()
	want := make([]int, 4)
	present := 0
	for i, m := range stay {
		if m != nil {
			want[i%4]++
			present++
		}
	}
	v := tc.View()
	if v.Students != present || v.Tally.Answered != present || fmt.Sprint(v.Tally.Options) != fmt.Sprint(want) {
		t.Errorf("got %d students, tally %+v; want %d and %v", v.Students, v.Tally, present, want)
	}
	must(t, tc.End())
	for _, m := range stay {
		if m != nil {
			m.Leave()
		}
	}
	if notices.Load() == 0 {
		t.Error("teacher was never told")
	}
}

func TestSourceOf(t *testing.T) {
	a, b := NewRegistry(Config{}), NewRegistry(Config{})
	tcp := func(s string, port int) net.Addr { return &net.TCPAddr{IP: net.ParseIP(s), Port: port} }
	if a.SourceOf(tcp("192.0.2.1", 1000)) != a.SourceOf(tcp("192.0.2.1", 2000)) {
		t.Error("the port changes the source")
	}
	if a.SourceOf(tcp("192.0.2.1", 1000)) == a.SourceOf(tcp("192.0.2.2", 1000)) {
		t.Error("two addresses are one source")
	}
	if a.SourceOf(tcp("2001:db8:1:2::1", 1)) != a.SourceOf(tcp("2001:db8:1:2:ffff::9", 1)) {
		t.Error("one IPv6 /64 is two sources")
	}
	if a.SourceOf(tcp("2001:db8:1:2::1", 1)) == a.SourceOf(tcp("2001:db8:1:3::1", 1)) {
		t.Error("two IPv6 /64s are one source")
	}
	if a.SourceOf(tcp("192.0.2.1", 1)) == b.SourceOf(tcp("192.0.2.1", 1)) {
		t.Error("two registries hash an address alike: the key is not per start")
	}
	s := a.SourceOf(tcp("192.0.2.1", 1))
	if strings.Contains(fmt.Sprintf("%x", s[:]), "c0000201") {
		t.Error("the source holds the address")
	}
}

func TestPseudonyms(t *testing.T) {
	p := Pseudonym{Adj: 0, Animal: 0}
	if got := p.Name(i18n.For("en").Pseudonym); got != "Brave Otter" {
		t.Errorf("en: %q", got)
	}
	for animal, want := range map[uint8]string{0: "Mutiger Otter", 1: "Mutige Eule", 10: "Mutiges Rotkehlchen"} {
		if got := (Pseudonym{Animal: animal}).Name(i18n.For("de").Pseudonym); got != want {
			t.Errorf("de: %q, want %q", got, want)
		}
	}
	if got := (Pseudonym{N: 1}).Name(i18n.For("en").Pseudonym); got != "Brave Otter 2" {
		t.Errorf("numbered: %q", got)
	}
	// Every pair, then numbers: a crowded room still gets distinct names.
	used := map[Pseudonym]bool{}
	names := map[string]bool{}
	for range pairs + 10 {
		p := newPseudonym(used, randIntN)
		used[p] = true
		names[p.Name(i18n.For("de").Pseudonym)] = true
	}
	if len(names) != pairs+10 {
		t.Errorf("%d distinct German names for %d students", len(names), pairs+10)
	}
	for _, lang := range i18n.Langs() {
		if a, n := i18n.For(lang).Pseudonym.Counts(); a != nAdjectives || n != nAnimals {
			t.Errorf("%s has %d adjectives and %d animals, pseudonyms are drawn from %d and %d", lang, a, n, nAdjectives, nAnimals)
		}
	}
}

func TestRegistryClose(t *testing.T) {
	f := newFixture(t, Config{})
	tc := mustOpen(t, f.reg)
	f.reg.Close()
	if v := tc.View(); v.Ended != ServerStopped {
		t.Errorf("after Close: %+v", v)
	}
	if _, err := f.reg.Open(); !errors.Is(err, ErrRoomLimit) {
		t.Errorf("open after close: %v", err)
	}
}

// BenchmarkClassOf300 measures one student's answer and the teacher's view that follows
// it, in a room of 300 students who have all answered.
func BenchmarkClassOf300(b *testing.B) {
	reg := NewRegistry(Config{})
	defer reg.Close()
	tc, err := reg.Open()
	if err != nil {
		b.Fatal(err)
	}
	code, _ := tc.Codes()
	if err := tc.SetLesson(testLesson()); err != nil {
		b.Fatal(err)
	}
	if err := tc.ToQuestions(); err != nil {
		b.Fatal(err)
	}
	ms := make([]*Member, 300)
	for i := range ms {
		if ms[i], err = reg.Join(src1, code); err != nil {
			b.Fatal(err)
		}
		_ = ms[i].Answer(lessons.Answer{Choice: i % 4})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		_ = ms[i%300].Answer(lessons.Answer{Choice: i % 4})
		if v := tc.View(); v.Tally.Answered != 300 {
			b.Fatal(v.Tally)
		}
	}
}
