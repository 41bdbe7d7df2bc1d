package server_test

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/server"
	"tutord/internal/sshtest"
)

// openBig opens a lesson in a 200x60 terminal on client (big pages, and the lesson does
// not fit: paging redraws most of the screen), with output read by a goroutine (which
// stops reading once the connection is paused), and returns its stdin.
func openBig(t *testing.T, client *gossh.Client) (io.WriteCloser, *gossh.Session) {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 60, 200, nil); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if err := sess.Start("lesson meanings"); err != nil {
		t.Fatal(err)
	}
	return stdin, sess
}

// churn pages a lesson down and up n times: about 6 KB of output a page, at most 60
// pages a second. It stops at the first error.
func churn(w io.Writer, n int) {
	for i := range n {
		key := "\x1b[6~"
		if i%2 == 1 {
			key = "\x1b[5~"
		}
		if _, err := w.Write([]byte(key)); err != nil {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestNothingLeaks: clients that vanish mid-handshake or mid-frame, that never read their
// output, that stall or storm, leave nothing behind: goroutines, file descriptors and
// heap come back to where they were, and a well-behaved client is served as usual.
func TestNothingLeaks(t *testing.T) {
	if !alone(t) {
		return
	}
	var s *server.Server
	srv := sshtest.StartWith(t, []server.Option{server.Capture(&s), server.SendBuffer(4096)}, with(func(l *config.Limits) {
		l.LoginGrace = time.Second
		l.WriteTimeout = time.Second
		l.PerSourcePenalties = false // its clients fail handshakes on purpose, one after the other
	}))
	conns := func() int { _, c, _ := s.LimitStats(); return c }

	// Warm up what every session shares (lesson renderings, caches) at the sizes used below.
	works(t, srv, good)
	warm, _ := dialPausable(t, srv, good)
	stdin, sess := openBig(t, warm)
	churn(stdin, 20)
	_, _ = stdin.Write([]byte("q"))
	_ = sess.Wait()
	_ = warm.Close()
	eventually(t, "warm-up clients gone", func() bool { return conns() == 0 })
	base := quiet(t)

	step := func(name string, f func(t *testing.T)) {
		t.Run(name, func(t *testing.T) {
			f(t)
			settle(t, base, name)
		})
	}

	step("silent TCP connections", func(t *testing.T) {
		var cs []net.Conn
		for range 20 {
			cs = append(cs, dialTCP(t, srv, flooder))
		}
		for _, c := range cs[:10] {
			_ = c.Close() // gone at once
		}
		for _, c := range cs[10:] {
			waitClosed(t, c, "silent connection") // the rest: closed by the login grace
			_ = c.Close()
		}
	})

	step("vanish mid-handshake", func(t *testing.T) {
		for n := 1; n < 4000; n += 97 {
			raw := dialTCP(t, srv, flooder)
			_, _, _, _ = gossh.NewClientConn(&cutConn{Conn: raw, left: n}, srv.Addr, &gossh.ClientConfig{
				User: "learner", Auth: []gossh.AuthMethod{gossh.Password("x")},
				HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: sshtest.Timeout,
			})
			_ = raw.Close()
		}
	})

	step("vanish mid-frame", func(t *testing.T) {
		for range 5 {
			client, pc := dialPausable(t, srv, flooder)
			stdin, _ := openBig(t, client)
			churn(stdin, 60)
			// A reset, not a goodbye: the kernel drops what was in flight.
			_ = pc.Conn.(*net.TCPConn).SetLinger(0)
			_ = client.Close()
		}
	})

	step("half a key, then gone", func(t *testing.T) {
		// A lone ESC (or any unfinished escape sequence) is held for a moment in case more
		// follows; a client that hangs up then must not leave the program behind.
		for i := range 12 {
			partial := []string{"\x1b", "\x1b[", "\x1b[1;", "\x1b]11;rgb:00"}[i%4]
			client, _ := dialPausable(t, srv, flooder)
			stdin, _ := openBig(t, client)
			churn(stdin, 2)
			_, _ = stdin.Write([]byte(partial))
			_ = client.Close()
		}
	})

	step("never reads, then vanishes", func(t *testing.T) {
		client, pc := dialPausable(t, srv, flooder)
		stdin, _ := openBig(t, client)
		churn(stdin, 10)
		pc.pause()
		go churn(stdin, 300) // until its writes fail
		time.Sleep(300 * time.Millisecond)
		_ = client.Close()
	})

	step("never reads, stays connected", func(t *testing.T) {
		before := conns()
		client, pc := dialPausable(t, srv, flooder)
		stdin, _ := openBig(t, client)
		churn(stdin, 10)
		pc.pause()
		go churn(stdin, 5000)
		// The server finds its output stalled for the write timeout and drops the client.
		eventually(t, "the stalled client is dropped", func() bool { return conns() <= before })
		_ = client.Close()
	})

	step("resizes before the shell, then gone", func(t *testing.T) {
		for range 5 {
			client := srv.Dial(t, from(flooder))
			sess, err := client.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			_ = sess.RequestPty("xterm", 24, 80, nil)
			for i := range 5 {
				_ = sess.WindowChange(20+i, 90)
			}
			_ = client.Close()
		}
	})

	step("floods of requests", func(t *testing.T) {
		client := srv.Dial(t, from(flooder))
		sess, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		for i := range 500 {
			_ = sess.Setenv("LC_"+strings.Repeat("A", i%30+1), strings.Repeat("x", 100))
		}
		_ = sess.RequestPty("xterm", 24, 80, nil)
		stdin, _ := sess.StdinPipe()
		_ = sess.Shell()
		for i := range 3000 {
			_ = sess.WindowChange(i%300, i%500)
		}
		_, _ = stdin.Write([]byte(strings.Repeat("\x1b[B", 5000)))
		for range 20 {
			_, _, _ = client.OpenChannel("direct-tcpip", nil)
		}
		_ = client.Close()
	})

	t.Run("still serves", func(t *testing.T) {
		works(t, srv, good)
	})
}

// TestShutdownDrainsWithinTheTimeout: on SIGTERM every session is told goodbye, and the
// server is gone within the shutdown timeout even with a client that reads nothing, one
// still logging in, and one that logged in and sits there.
func TestShutdownDrainsWithinTheTimeout(t *testing.T) {
	if !alone(t) {
		return
	}
	// What the first server in a process sets up for good (styles, lexers, key tables)
	// is not the server's to give back: warm it up, then measure.
	warm := sshtest.Start(t)
	works(t, warm, good)
	warm.Stop(t)
	base := quiet(t)

	const timeout = 2 * time.Second
	srv := sshtest.StartWith(t, []server.Option{server.SendBuffer(4096)}, func(c *config.Config) { c.ShutdownTimeout = timeout })

	reader := srv.Open(t, from(good), "")
	reader.WaitFor("Start the course")

	stuck, pc := dialPausable(t, srv, flooder)
	stdin, _ := openBig(t, stuck)
	churn(stdin, 10)
	pc.pause()
	go churn(stdin, 5000)
	time.Sleep(500 * time.Millisecond)

	handshaking := dialTCP(t, srv, flooder)
	sitting := srv.Dial(t, from(flooder))

	start := time.Now()
	srv.Stop(t)
	took := time.Since(start)
	reader.WaitForRaw("The server is shutting down. Goodbye: nothing about you was kept.")
	if code := reader.Wait(); code != 0 {
		t.Errorf("reader: exit %d", code)
	}
	waitClosed(t, handshaking, "connection in the handshake")
	if err := sitting.Wait(); err == nil {
		t.Log("idle connection closed") // Wait returns when the server closed it
	}
	if took > timeout+5*time.Second {
		t.Errorf("shutdown took %v with a timeout of %v", took, timeout)
	}
	t.Logf("shutdown took %v (timeout %v)", took, timeout)

	_ = stuck.Close()
	_ = handshaking.Close()
	_ = sitting.Close()
	reader.Close()
	settle(t, base, "after shutdown")
}
