package server_test

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/server"
	"tutord/internal/sshtest"
)

func TestServerFullIsOneLineBeforeTheHandshake(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, with(func(l *config.Limits) { l.MaxSessions = 2 }))
	aConn := srv.Dial(t, from(good))
	a := sshtest.OpenOn(t, aConn, from(good), "")
	a.WaitFor("Start the course")
	b := srv.Open(t, from(good), "")
	b.WaitFor("Start the course")

	// A raw client (nc) reads one plain line, and no key exchange starts.
	raw := dialTCP(t, srv, flooder)
	if line := firstLine(t, raw); line != "tutord: the server is full, try again in a minute / der Server ist voll, versuch es in einer Minute noch einmal / le serveur est plein, réessayez dans une minute" {
		t.Errorf("first line %q", line)
	}
	// An SSH client gets the same text as the reason of a disconnect (OpenSSH prints it).
	dialFails(t, srv, from(flooder), "the server is full, try again in a minute")

	a.Press("q")
	a.Wait()
	_ = aConn.Close()
	conn := dialEventually(t, srv, from(good)) // the server notices the close soon after
	tm := sshtest.OpenOn(t, conn, from(good), "")
	tm.WaitFor("Start the course")
	b.Press("q")
	b.Wait()
}

func TestPerSourceConcurrentConnections(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, with(func(l *config.Limits) { l.PerSourceConns = 2 }))
	srv.Dial(t, from(flooder))
	srv.Dial(t, from(flooder))
	dialFails(t, srv, from(flooder), "too many connections from your address at once")
	works(t, srv, good) // another source is not affected
}

func TestPerSourceNewConnectionsPerMinute(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, with(func(l *config.Limits) { l.PerSourceRate = 5 }))
	for range 5 {
		c := srv.Dial(t, from(flooder))
		_ = c.Close()
	}
	dialFails(t, srv, from(flooder), "too many new connections from your address")
	raw := dialTCP(t, srv, flooder)
	if line := firstLine(t, raw); !strings.Contains(line, "too many new connections") {
		t.Errorf("first line %q", line)
	}
	works(t, srv, good)
}

func TestLoginGraceClosesSilentConnections(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, with(func(l *config.Limits) { l.LoginGrace = time.Second }))
	// Says nothing at all.
	silent := dialTCP(t, srv, flooder)
	// Logs in, then opens no session.
	idle := srv.Dial(t, from(flooder))
	// Opens a session and never starts a shell.
	half := srv.Dial(t, from(flooder))
	if _, err := half.NewSession(); err != nil {
		t.Fatal(err)
	}
	waitClosed(t, silent, "silent TCP connection")
	for name, c := range map[string]*gossh.Client{"logged in, no session": idle, "session without shell": half} {
		done := make(chan error, 1)
		go func() { done <- c.Wait() }()
		select {
		case <-done:
		case <-time.After(sshtest.Timeout):
			t.Errorf("%s: still open after %v", name, sshtest.Timeout)
		}
	}
	works(t, srv, good) // a real login is well within the grace time
}

func TestMaxStartupsRefusesLoginsOverTheCap(t *testing.T) {
	t.Parallel()
	// The limits' clock stands still: the three below, which sent their version line,
	// are under way for as long as the test runs, so none may be evicted for the 4th.
	srv, _ := startClocked(t, &testClock{}, with(func(l *config.Limits) { l.MaxStartups = 3 }))
	var stalled []interface{ Close() error }
	for range 3 {
		c := dialTCP(t, srv, flooder)
		if line := firstLine(t, c); !strings.HasPrefix(line, "SSH-2.0-tutord") {
			t.Fatalf("admitted connection starts with %q", line)
		}
		if _, err := c.Write([]byte("SSH-2.0-slow\r\n")); err != nil {
			t.Fatal(err)
		}
		stalled = append(stalled, c)
	}
	raw := dialTCP(t, srv, good)
	if line := firstLine(t, raw); !strings.Contains(line, "too many logins") {
		t.Errorf("4th login at once: first line %q", line)
	}
	for _, c := range stalled {
		_ = c.Close()
	}
	conn := dialEventually(t, srv, from(good))
	tm := sshtest.OpenOn(t, conn, from(good), "")
	tm.WaitFor("Start the course")
}

func TestAuthenticationAttemptsAreBounded(t *testing.T) {
	t.Parallel()
	keys := func(n int) []gossh.Signer {
		var ks []gossh.Signer
		for range n {
			ks = append(ks, sshtest.NewKey(t))
		}
		return ks
	}
	srv := sshtest.Start(t, with(func(l *config.Limits) { l.MaxAuthTries = 3 }))
	c := from(flooder)
	c.Keys = keys(20)
	dialFails(t, srv, c, "too many authentication failures")

	// The default leaves room for an agent full of keys (the mirror lesson shows them all).
	srv = sshtest.Start(t)
	c.Keys = keys(15)
	srv.Dial(t, c)
}

func TestRefusedRequestsSayWhy(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	conn := srv.Dial(t, from(good))

	// Local port forwarding: a channel rejection with a reason (ssh prints it).
	_, err := conn.Dial("tcp", "127.0.0.1:22")
	if err == nil || !strings.Contains(err.Error(), "port forwarding is not offered") {
		t.Errorf("direct-tcpip: %v", err)
	}
	// Remote port forwarding: a global request, refused (the protocol has no reason).
	if ok, _, err := conn.SendRequest("tcpip-forward", true, gossh.Marshal(struct {
		Addr string
		Port uint32
	}{"127.0.0.1", 0})); ok || err != nil {
		t.Errorf("tcpip-forward: ok %v, err %v", ok, err)
	}
	// Any other channel type.
	if _, _, err := conn.OpenChannel("x11", nil); err == nil || !strings.Contains(err.Error(), "terminal sessions only") {
		t.Errorf("x11 channel: %v", err)
	}

	// Agent and X11 forwarding on a session: refused, and said on stderr once it starts.
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := sess.SendRequest("auth-agent-req@openssh.com", true, nil); ok || err != nil {
		t.Errorf("agent request: ok %v, err %v", ok, err)
	}
	if ok, err := sess.SendRequest("x11-req", true, gossh.Marshal(struct {
		Single        bool
		Proto, Cookie string
		Screen        uint32
	}{false, "MIT-MAGIC-COOKIE-1", "00", 0})); ok || err != nil {
		t.Errorf("x11 request: ok %v, err %v", ok, err)
	}
	var stdout, stderr strings.Builder
	sess.Stdout, sess.Stderr = &stdout, &stderr
	if err := sess.Run("list"); err != nil {
		t.Fatalf("list after refused forwarding: %v", err)
	}
	for _, want := range []string{"agent forwarding refused", "X11 forwarding refused"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q: %q", want, stderr.String())
		}
	}

	// Subsystems (sftp): a reason and exit status 1.
	ch, reqs, err := conn.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := ch.SendRequest("subsystem", true, gossh.Marshal(struct{ Name string }{"sftp"})); !ok || err != nil {
		t.Fatalf("subsystem request: ok %v, err %v", ok, err)
	}
	status := make(chan uint32, 1)
	go func() {
		for r := range reqs {
			if r.Type == "exit-status" && len(r.Payload) == 4 {
				status <- uint32(r.Payload[3])
			}
		}
		close(status)
	}()
	msg, _ := io.ReadAll(ch.Stderr())
	if !strings.Contains(string(msg), `the "sftp" subsystem is not offered`) {
		t.Errorf("sftp stderr %q", msg)
	}
	if code, ok := <-status; !ok || code != 1 {
		t.Errorf("sftp exit status %d (sent: %v), want 1", code, ok)
	}
}

func TestEnvironmentAllowList(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	conn := srv.Dial(t, from(good))
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Setenv("LANG", "de_DE.UTF-8"); err != nil {
		t.Errorf("LANG refused: %v", err)
	}
	for _, kv := range [][2]string{{"SECRET_TOKEN", "x"}, {"PATH", "/bin"}, {"LD_PRELOAD", "/tmp/x.so"}, {"LC_ALL", strings.Repeat("x", 200)}, {"lc_all", "de"}} {
		if err := sess.Setenv(kv[0], kv[1]); err == nil {
			t.Errorf("env %s was accepted", kv[0])
		}
	}
	refused := 0
	for i := range 40 {
		if sess.Setenv("LC_"+strings.Repeat("X", i%20+1), "de_DE.UTF-8") != nil {
			refused++
		}
	}
	if refused == 0 {
		t.Error("40 environment variables were all accepted; the count is not bounded")
	}
	var stdout strings.Builder
	sess.Stdout = &stdout
	if err := sess.Run("list"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "Lektionen") {
		t.Errorf("the allowed LANG was not used:\n%s", stdout.String())
	}
}

func TestSessionsPerConnectionAreBounded(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, with(func(l *config.Limits) { l.MaxChannels = 2 }))
	conn := srv.Dial(t, from(good))
	for range 2 {
		if _, err := conn.NewSession(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.NewSession(); err == nil || !strings.Contains(err.Error(), "too many sessions on one connection (at most 2)") {
		t.Errorf("3rd session: %v", err)
	}
}

// TestIdleSessionIsWarnedThenClosed: a session with no key for the idle timeout is
// warned at half of it (a key takes the warning back), then closed with a goodbye. The
// limits read a stepped clock: the test moves time instead of waiting for it.
func TestIdleSessionIsWarnedThenClosed(t *testing.T) {
	t.Parallel()
	clock := newLimitsClock()
	// The terminal's replies to the first frame's queries are input too: the clock moves
	// once they are in (the background colour is the last asked for), or one read while
	// it moves would count as a key at the new time.
	replied := make(chan struct{})
	var once sync.Once
	srv := sshtest.StartWith(t, []server.Option{server.SessionClock(clock), server.OnMsg(func(m tea.Msg) {
		if _, ok := m.(tea.BackgroundColorMsg); ok {
			once.Do(func() { close(replied) })
		}
	})}, with(func(l *config.Limits) { l.IdleTimeout = 3 * time.Second }))
	tm := srv.Open(t, from(good), "")
	tm.WaitFor("Start the course") // the limits are armed before the first frame
	select {
	case <-replied:
	case <-time.After(sshtest.Timeout):
		t.Fatal("the terminal's replies never reached the app")
	}
	clock.Advance(1500 * time.Millisecond)
	tm.WaitFor("Still there? Press any key within")
	tm.Press("down") // a key takes the warning back
	eventually(t, "the warning goes", func() bool { return !strings.Contains(tm.Screen(), "Still there?") })
	clock.Advance(1500 * time.Millisecond) // 1.5 s after the key: warned again
	tm.WaitFor("Still there?")
	clock.Advance(1500 * time.Millisecond) // 3 s after the key: closed
	if code := tm.Wait(); code != 0 {
		t.Errorf("exit %d", code)
	}
	tm.WaitForRaw("Closed after 3 s without a key press. Nothing about you was kept.")
}

// TestSessionLengthIsBounded: a session is warned before its maximum length and ends at
// it, keys or not, in the learner's language. Time moves on a stepped clock.
func TestSessionLengthIsBounded(t *testing.T) {
	t.Parallel()
	clock := newLimitsClock()
	srv := sshtest.StartWith(t, []server.Option{server.SessionClock(clock)},
		with(func(l *config.Limits) { l.MaxSession = 3 * time.Second }))
	c := from(good)
	c.Env = map[string]string{"LANG": "de_DE.UTF-8"}
	tm := srv.Open(t, c, "")
	tm.WaitFor("Kurs beginnen")
	clock.Advance(1500 * time.Millisecond)
	tm.WaitFor("ihre Höchstdauer")
	before := tm.Screen()
	tm.Press("down") // keys do not lengthen it: the key is taken before time moves on
	eventually(t, "the key moves the selection", func() bool { return tm.Screen() != before })
	clock.Advance(1500 * time.Millisecond)
	tm.Wait()
	tm.WaitForRaw("Diese Sitzung hat ihre Höchstdauer von 3 s erreicht.")
}

// eventually polls cond until it holds, for at most the harness timeout.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(sshtest.Timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, sshtest.Timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dialEventually dials until the server admits the client: after a client leaves, the
// server gives its place back as soon as it notices, which is not at once.
func dialEventually(t testing.TB, srv *sshtest.Server, c sshtest.Client) *gossh.Client {
	t.Helper()
	var conn *gossh.Client
	eventually(t, "admitted", func() bool {
		var err error
		conn, err = srv.DialErr(c)
		return err == nil
	})
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}
