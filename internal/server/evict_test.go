package server_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/limits"
	"tutord/internal/server"
	"tutord/internal/sshtest"
)

// testClock is the system clock moved forward by what the test adds: the limits' time
// jumps, timers still run on the real clock (the tests here need none of them).
type testClock struct{ offset atomic.Int64 }

func (c *testClock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *testClock) AfterFunc(d time.Duration, f func()) limits.Timer {
	return time.AfterFunc(d, f)
}
func (c *testClock) add(d time.Duration) { c.offset.Add(int64(d)) }

// startClocked starts a server whose limits read clock, and captures it.
func startClocked(t *testing.T, clock *testClock, opts ...func(*config.Config)) (*sshtest.Server, *server.Server) {
	t.Helper()
	var s *server.Server
	srv := sshtest.StartRun(t, server.RunClocked(clock, server.Capture(&s)), opts...)
	return srv, s
}

// siege holds silent TCP connections to srv from n addresses (127.0.0.2, 127.0.0.3, ...),
// per of them from each, and reopens each the moment the server drops it, until stop.
type siege struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	dials  atomic.Int64
}

func startSiege(t *testing.T, addr string, n, per int) *siege {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sg := &siege{cancel: cancel}
	for i := range n {
		src := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+i))}
		for range per {
			sg.wg.Add(1)
			go func() {
				defer sg.wg.Done()
				d := net.Dialer{LocalAddr: src}
				for ctx.Err() == nil {
					c, err := d.DialContext(ctx, "tcp", addr)
					if err != nil {
						continue
					}
					sg.dials.Add(1)
					stop := context.AfterFunc(ctx, func() { _ = c.Close() })
					_, _ = io.Copy(io.Discard, c) // says nothing; reads until dropped
					stop()
					_ = c.Close()
				}
			}()
		}
	}
	t.Cleanup(sg.stop)
	return sg
}

func (sg *siege) stop() { sg.cancel(); sg.wg.Wait() }

// learner is a source no siege uses.
const learner = "127.0.0.60"

// loginThrough logs a learner in and waits for the welcome screen: an authenticated
// session, not just a TCP connection.
func loginThrough(t *testing.T, srv *sshtest.Server, src string) error {
	t.Helper()
	c := from(src)
	conn, err := srv.DialErr(c)
	if err != nil {
		return err
	}
	defer conn.Close()
	tm := sshtest.OpenOn(t, conn, c, "")
	tm.WaitFor("Start the course")
	tm.Press("q")
	tm.Wait()
	return nil
}

// TestNewcomersGetInUnderASiege is the siege of issue 19 scaled down: silent connections
// from 40 addresses, each reopened the moment it is dropped, fill the handshake slots and
// the connection slots many times over; a learner from another address still gets in,
// every time, on the first try.
func TestNewcomersGetInUnderASiege(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name               string
		startups, sessions int
	}{
		{"handshake slots full", 16, 64},
		{"connection slots full", 64, 16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, s := startClocked(t, &testClock{}, with(func(l *config.Limits) {
				l.MaxStartups, l.MaxSessions = tc.startups, tc.sessions
				l.PerSourceRate = 20 // a smaller burst to spend than the default's 100, for a short test
			}))
			sg := startSiege(t, srv.Addr, 40, 3) // 120 connections for 16 slots
			eventually(t, "the siege fills the slots and spends its burst", func() bool {
				refused, conns, starting := s.LimitStats()
				return min(conns, starting) >= 16 && s.Evictions()["silent"] >= 100 && refused["source_rate"]+refused["penalized"] >= 200
			})
			for i := range 5 {
				start := time.Now()
				if err := loginThrough(t, srv, learner); err != nil {
					t.Fatalf("learner %d of 5 under the siege: %v", i+1, err)
				}
				t.Logf("learner %d of 5: welcome screen after %v", i+1, time.Since(start).Round(time.Millisecond))
			}
			refused, _, _ := s.LimitStats()
			t.Logf("siege: %d connections opened, evictions %v, penalties %d, refused %v", sg.dials.Load(), s.Evictions(), s.Penalties(), refused)
		})
	}
}

// TestSlowHonestClientIsNotClosedForSilentOnes: a client that sent its version line and
// then pauses inside the key exchange (for longer than the stall time, on the limits'
// clock) keeps its place while silent connections come and go around it.
func TestSlowHonestClientIsNotClosedForSilentOnes(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	srv, s := startClocked(t, clock, with(func(l *config.Limits) {
		l.MaxStartups = 16
		l.PerSourceRate, l.PerSourcePenalties = 0, false // eviction alone, against a siege at full strength
	}))
	slow, pause := dialPausing(t, srv, good)
	sg := startSiege(t, srv.Addr, 40, 3)
	eventually(t, "the siege fills the slots", func() bool {
		_, _, starting := s.LimitStats()
		return starting >= 16 && s.Evictions()["silent"] >= 100
	})
	clock.add(2 * time.Second) // the pause, on the limits' clock
	before := s.Evictions()["silent"]
	eventually(t, "more silent connections evicted", func() bool { return s.Evictions()["silent"] >= before+100 })
	close(pause) // the client goes on with its key exchange and logs in
	if err := <-slow; err != nil {
		t.Fatalf("slow client: %v", err)
	}
	sg.stop()
	if ev := s.Evictions(); ev["stalled"] != 0 {
		t.Errorf("evictions %v: a stalled one went while silent ones were there", ev)
	}
}

// TestLoggedInLearnerIsUntouchedBySiege: a learner in the course when the siege starts
// goes on reading.
func TestLoggedInLearnerIsUntouchedBySiege(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	srv, s := startClocked(t, clock, with(func(l *config.Limits) {
		l.MaxStartups, l.MaxSessions = 16, 16
		l.PerSourceRate, l.PerSourcePenalties = 0, false // eviction alone, against a siege at full strength
	}))
	conn := srv.Dial(t, from(good))
	tm := sshtest.OpenOn(t, conn, from(good), "")
	tm.WaitFor("Start the course")
	startSiege(t, srv.Addr, 40, 3)
	eventually(t, "the siege fills the slots", func() bool { return s.Evictions()["silent"] >= 100 })
	clock.add(time.Minute) // everyone in the handshake has stalled by now
	before := s.Evictions()["silent"]
	eventually(t, "more evictions", func() bool { return s.Evictions()["silent"] >= before+100 })
	tm.Press("enter")
	tm.WaitFor(firstOfAll)
	tm.Press("q")
	if code := tm.Wait(); code != 0 {
		t.Errorf("logged-in learner: exit %d", code)
	}
}

// dialPausing starts an SSH login from src that stops after sending its version line and
// the first key exchange packet, until pause is closed; the result arrives on the channel
// once it has logged in and seen the welcome screen.
func dialPausing(t *testing.T, srv *sshtest.Server, src string) (<-chan error, chan struct{}) {
	t.Helper()
	raw := dialTCP(t, srv, src)
	pause := make(chan struct{})
	pc := &writePauser{Conn: raw, pause: pause}
	done := make(chan error, 1)
	go func() {
		cc, chans, reqs, err := gossh.NewClientConn(pc, srv.Addr, &gossh.ClientConfig{
			User:            "learner",
			Auth:            []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(),
			Timeout:         sshtest.Timeout,
		})
		if err != nil {
			done <- fmt.Errorf("login: %w", err)
			return
		}
		conn := gossh.NewClient(cc, chans, reqs)
		defer conn.Close()
		sess, err := conn.NewSession()
		if err != nil {
			done <- err
			return
		}
		done <- sess.Run("list")
	}()
	eventually(t, "the slow client sent its key exchange init", func() bool { return pc.writes.Load() >= 2 })
	return done, pause
}

// writePauser lets the first two writes through (the version line, the KEXINIT) and
// holds the rest until pause is closed: a client inside the key exchange, pausing.
type writePauser struct {
	net.Conn
	writes atomic.Int32
	pause  chan struct{}
}

func (c *writePauser) Write(p []byte) (int, error) {
	if c.writes.Add(1) > 2 {
		<-c.pause
	}
	return c.Conn.Write(p)
}

// TestSiegeSourcesArePenalizedThenForgotten: the siege's addresses, whose connections keep
// being evicted for silence, are refused with a reason; once the siege is gone and its
// penalties have run out (on the limits' clock), the same addresses get in again.
func TestSiegeSourcesArePenalizedThenForgotten(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	srv, s := startClocked(t, clock, with(func(l *config.Limits) {
		l.MaxStartups = 16
		l.PerSourceRate = 0 // only the penalties hold the siege back
	}), func(c *config.Config) { c.Site.Metrics = "127.0.0.1:0" })
	sg := startSiege(t, srv.Addr, 40, 3)
	// The last ones in the slots are not evicted by anyone once the others are refused.
	eventually(t, "siege addresses penalized", func() bool { return s.Penalties() >= 20 })
	var penalized []string
	for i := range 40 {
		src := fmt.Sprintf("127.0.0.%d", 2+i)
		conn, err := srv.DialErr(from(src))
		if err == nil {
			_ = conn.Close()
		} else if strings.Contains(err.Error(), "too many connections from your address went nowhere") {
			penalized = append(penalized, src)
		}
	}
	if len(penalized) == 0 {
		t.Fatal("no siege address was told it is penalized")
	}
	if err := loginThrough(t, srv, learner); err != nil {
		t.Fatalf("learner while the siege is penalized: %v", err)
	}
	sg.stop()
	refused, _, _ := s.LimitStats()
	t.Logf("siege: %d connections opened, evictions %v, penalties %d, refused %v", sg.dials.Load(), s.Evictions(), s.Penalties(), refused)

	// Counted from zero, and counting: the exact figures may still move by a connection the
	// server was admitting as the siege stopped.
	_, m := scrape(t, srv.MetricsAddr, "/metrics")
	for _, series := range []string{
		`tutord_connections_evicted_total{stage="silent"} `,
		`tutord_source_penalties_total `,
		`tutord_connections_refused_total{reason="penalized"} `,
	} {
		if !strings.Contains(m, series) || strings.Contains(m, series+"0\n") {
			t.Errorf("metrics: %q missing or zero", series)
		}
	}
	if !strings.Contains(m, `tutord_connections_evicted_total{stage="stalled"} 0`+"\n") {
		t.Error(`metrics: no tutord_connections_evicted_total{stage="stalled"} 0`)
	}
	if strings.Contains(m, "127.0.0.") {
		t.Error("an address in the metrics")
	}

	clock.add(time.Hour) // longer than the longest penalty and the time to forget it
	for i, src := range penalized[:min(3, len(penalized))] {
		if err := loginThrough(t, srv, src); err != nil {
			t.Errorf("penalized siege address %d after the siege: %v", i+1, err)
		}
	}
}
