package server_test

import (
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"tutord/internal/config"
	"tutord/internal/lessons"
	"tutord/internal/sshclient"
	"tutord/internal/sshtest"
	"tutord/internal/textterm"
)

// BenchmarkClassStep: how long a teacher's step (the next page, then back) takes to reach
// every student's screen, with the whole class on one replica and with the class split over
// two replicas that share the room over core NATS. Each student's output is read by its own
// goroutine into its own terminal screen (textterm: the text of the screen, checked against
// x/vt in its tests, and only the rows a read changed are looked at); a student's time is
// from the teacher's key press until the read after which that student's screen shows the
// new page. Reported: p50 and p99
// over all students and steps, and in the two-replica case NATS messages and bytes per step.
// TUTORD_BENCH_STUDENTS sets the class size (default 30); TUTORD_BENCH_CPUPROFILE=FILE
// writes a CPU profile of the steps alone (not the set-up: -cpuprofile has the logins).
// docs/performance.md has figures.
func BenchmarkClassStep(b *testing.B) {
	n := 30
	if s := os.Getenv("TUTORD_BENCH_STUDENTS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("TUTORD_BENCH_STUDENTS=%q: want a positive number", s)
		}
		n = v
	}
	b.Run("one-replica", func(b *testing.B) { classStep(b, n, 1) })
	b.Run("two-replicas", func(b *testing.B) { classStep(b, n, 2) })
}

// benchLimits lets a whole class connect from 127.0.0.1 at once.
func benchLimits(n int) func(*config.Config) {
	return func(c *config.Config) {
		c.LogLevel = "info" // debug lines per session would cost the servers what we measure
		c.Limits.PerSourceConns = 0
		c.Limits.PerSourceRate = 0
		c.Limits.PerSourcePenalties = false
		c.Limits.MaxSessions = max(c.Limits.MaxSessions, n+10)
		c.Classroom.MaxStudents = max(c.Classroom.MaxStudents, n)
	}
}

func classStep(b *testing.B, n, replicas int) {
	var srvs []*sshtest.Server
	var ns *natsserver.Server
	if replicas == 1 {
		srvs = []*sshtest.Server{sshtest.Start(b, benchLimits(n))}
	} else {
		var err error
		ns, err = natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true})
		if err != nil {
			b.Fatalf("nats server: %v", err)
		}
		go ns.Start()
		if !ns.ReadyForConnections(sshtest.Timeout) {
			b.Fatal("nats server not ready")
		}
		b.Cleanup(ns.Shutdown)
		withNATS := func(c *config.Config) { benchLimits(n)(c); c.Fleet.NATS = ns.ClientURL() }
		srvs = []*sshtest.Server{sshtest.Start(b, withNATS), sshtest.Start(b, withNATS)}
	}

	// The teacher opens a room on the first replica.
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 60
	teacher := srvs[0].Open(b, tc, "teach")
	teacher.WaitFor("Teacher code:", "Show the room code")
	teacher.Press("enter")
	m := roomCodeRe.FindStringSubmatch(teacher.WaitFor("Room code", "0 joined"))
	if m == nil {
		b.Fatalf("no room code on:\n%s", teacher.Screen())
	}
	code := m[1]

	// The spy starts after the open: it would answer the check for a free code.
	var wireMsgs, wireBytes atomic.Int64
	if ns != nil {
		nc, err := nats.Connect(ns.ClientURL())
		if err != nil {
			b.Fatalf("spy: %v", err)
		}
		b.Cleanup(nc.Close)
		if _, err := nc.Subscribe(">", func(m *nats.Msg) {
			wireMsgs.Add(1)
			wireBytes.Add(int64(len(m.Subject) + len(m.Data)))
		}); err != nil {
			b.Fatalf("spy: %v", err)
		}
		if err := nc.Flush(); err != nil {
			b.Fatalf("spy: %v", err)
		}
	}

	// Students join, half on each replica, a few at a time so the handshakes do not
	// time out on a loaded machine.
	students := make([]*watcher, n)
	var wg sync.WaitGroup
	gate := make(chan struct{}, 32)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			gate <- struct{}{}
			defer func() { <-gate }()
			students[i] = watch(b, srvs[i%len(srvs)], "join "+code)
		}()
	}
	wg.Wait()
	for _, st := range students {
		if st == nil {
			b.FailNow()
		}
		if _, err := st.wait("You are", time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	teacher.WaitFor(fmt.Sprintf("%d joined", n))

	teacher.Press("enter")
	teacher.WaitFor("Choose a lesson")
	teacher.Press("enter")
	cat, err := lessons.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	pages := len(cat.At("en", 0).Sections)
	if pages < 2 {
		b.Fatalf("the first lesson has %d pages; the step needs two", pages)
	}
	page := func(p int) string { return fmt.Sprintf("Page %d of %d", p, pages) }
	for _, st := range students {
		if _, err := st.wait(page(1), time.Now()); err != nil {
			b.Fatal(err)
		}
	}

	// Each step goes to page 2 or back to page 1, so the room never runs out of steps.
	var lat []time.Duration
	steps := 0
	msgs0, bytes0 := wireMsgs.Load(), wireBytes.Load()
	key, want := "\x1b[C", page(2) // right
	stop := func() {}
	if f := os.Getenv("TUTORD_BENCH_CPUPROFILE"); f != "" {
		stop = stepProfile(b, fmt.Sprintf("%s.%d", f, replicas))
	}
	cpu0 := processCPU(b)
	for b.Loop() {
		// Armed first, then the clock starts: arming reads every student's screen, which is
		// the measuring client's work, not part of the step.
		for _, st := range students {
			st.arm(want)
		}
		t0 := time.Now()
		for _, st := range students {
			st.start(t0)
		}
		if _, err := teacher.Write([]byte(key)); err != nil {
			b.Fatalf("teacher key: %v", err)
		}
		for _, st := range students {
			d, err := st.result()
			if err != nil {
				b.Fatal(err)
			}
			lat = append(lat, d)
		}
		steps++
		if want == page(2) {
			key, want = "\x1b[D", page(1) // left
		} else {
			key, want = "\x1b[C", page(2)
		}
	}
	b.StopTimer()
	cpu := processCPU(b) - cpu0
	stop()
	slices.Sort(lat)
	q := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1])/float64(time.Millisecond), "max-ms")
	b.ReportMetric(float64(n), "students")
	// CPU (servers and clients) per step: on a shared machine, steadier than the latencies.
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(steps), "cpu-ms/step")
	if ns != nil {
		// The last step's messages may still be on their way to the spy.
		time.Sleep(200 * time.Millisecond)
		b.ReportMetric(float64(wireMsgs.Load()-msgs0)/float64(steps), "nats-msgs/step")
		b.ReportMetric(float64(wireBytes.Load()-bytes0)/float64(steps), "nats-bytes/step")
	}
}

// stepProfile starts a CPU profile into file; the returned func ends it.
func stepProfile(b *testing.B, file string) func() {
	f, err := os.Create(file)
	if err != nil {
		b.Fatalf("profile: %v", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatalf("profile: %v", err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			b.Errorf("profile: %v", err)
		}
	}
}

// watcher is one student's session: a goroutine reads its output into a terminal screen
// and, when armed, notes the first read after which the screen shows the wanted text.
type watcher struct {
	emu  *textterm.Screen
	mu   sync.Mutex
	want string
	t0   time.Time
	got  chan time.Duration
	done chan struct{}
}

func watch(b *testing.B, srv *sshtest.Server, cmd string) *watcher {
	c := sshtest.DefaultClient()
	conn, err := srv.DialErr(c)
	if err != nil {
		b.Errorf("student dial: %v", err)
		return nil
	}
	b.Cleanup(func() { _ = conn.Close() })
	sess, err := sshclient.Open(conn, sshclient.Session{Term: c.Term, W: c.W, H: c.H})
	if err != nil {
		b.Errorf("student session: %v", err)
		return nil
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		b.Errorf("stdin: %v", err)
		return nil
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		b.Errorf("stdout: %v", err)
		return nil
	}
	// The screen answers the session's terminal queries (its background colour) as x/vt did.
	w := &watcher{emu: textterm.New(c.W, c.H, stdin), got: make(chan time.Duration, 1), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		buf := make([]byte, 32*1024)
		for {
			n, err := stdout.Read(buf)
			if n > 0 {
				at := time.Now()
				w.mu.Lock()
				_, _ = w.emu.Write(buf[:n])
				// Armed, the text was not on the screen: only rows this read changed can show it.
				if w.want != "" && w.emu.Shows(w.want) {
					w.want = ""
					w.got <- at.Sub(w.t0)
				}
				w.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Start(cmd); err != nil {
		b.Errorf("start %q: %v", cmd, err)
		return nil
	}
	b.Cleanup(func() { _ = sess.Close() })
	return w
}

// arm sets what the next step must show; start then sets the time it counts from. If the
// screen shows it already (a step that reached this student before arming), it counts as
// zero.
func (w *watcher) arm(want string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.want, w.t0 = want, time.Now()
	if w.emu.Contains(want) {
		w.want = ""
		w.got <- 0
	}
}

// start sets the time the armed text is waited for from.
func (w *watcher) start(t0 time.Time) {
	w.mu.Lock()
	w.t0 = t0
	w.mu.Unlock()
}

// result waits for the armed text.
func (w *watcher) result() (time.Duration, error) {
	select {
	case d := <-w.got:
		return d, nil
	case <-w.done:
		return 0, fmt.Errorf("a student's session ended; screen:\n%s", w.screen())
	case <-time.After(sshtest.Timeout):
		w.mu.Lock()
		want := w.want
		w.mu.Unlock()
		return 0, fmt.Errorf("a student's screen never showed %q; it shows:\n%s", want, w.screen())
	}
}

// wait arms and waits in one go (for the set-up).
func (w *watcher) wait(want string, t0 time.Time) (time.Duration, error) {
	w.arm(want)
	w.start(t0)
	return w.result()
}

func (w *watcher) screen() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.emu.String()
}
