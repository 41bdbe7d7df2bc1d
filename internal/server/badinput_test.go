package server_test

import (
	"bytes"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// TestBadInput feeds one server every kind of session-level bad input, each from the
// flooder's address, and checks after each that a well-behaved client is served as usual.
func TestBadInput(t *testing.T) {
	t.Parallel()
	// Its clients fail handshakes on purpose, one after the other: no penalties.
	srv := sshtest.Start(t, with(func(l *config.Limits) { l.PerSourcePenalties = false }))
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, srv *sshtest.Server)
	}{
		{"no PTY, no command", func(t *testing.T, srv *sshtest.Server) {
			r := srv.Exec(t, sshtest.Client{Source: flooder}, "")
			if r.Code != 0 || !strings.Contains(r.Stdout, "-t") {
				t.Errorf("exit %d, stdout %q", r.Code, r.Stdout)
			}
		}},
		{"no PTY, app command", func(t *testing.T, srv *sshtest.Server) {
			if r := srv.Exec(t, sshtest.Client{Source: flooder}, "lesson meanings"); r.Code != 1 || !strings.Contains(r.Stderr, "ssh -t") {
				t.Errorf("exit %d, stderr %q", r.Code, r.Stderr)
			}
		}},
		{"exec with garbage", func(t *testing.T, srv *sshtest.Server) {
			rng := rand.New(rand.NewPCG(1, 2))
			junk := make([]byte, 4096)
			for i := range junk {
				junk[i] = byte(rng.UintN(256))
			}
			for _, cmd := range []string{
				string(junk), "\x00\x01\x02", "'unbalanced", `"also`, "a\\", "list; rm -rf /", "$(reboot)",
				"lesson " + strings.Repeat("x", 100000), strings.Repeat("list ", 5000), "\u202eevil", "\x1b]0;title\x07",
			} {
				r := srv.Exec(t, sshtest.Client{Source: flooder}, cmd)
				if r.Code != 1 || r.Stdout != "" || r.Stderr == "" {
					t.Errorf("%.20q: exit %d, stdout %q, stderr %q", cmd, r.Code, r.Stdout, r.Stderr)
				}
				// One short line says what was wrong; the help follows.
				// (An unknown lesson is the one line alone.)
				if first, _, _ := strings.Cut(r.Stderr, "\n"); len(first) > 200 || !strings.Contains(r.Stderr, "lesson ID") && !strings.Contains(first, "no lesson with id") {
					t.Errorf("%.20q: not a short reason and the help: %q", cmd, r.Stderr)
				}
				if strings.ContainsAny(r.Stderr, "\x1b\x00\x07\u202e") {
					t.Errorf("%.20q: stderr echoes control characters: %q", cmd, r.Stderr)
				}
			}
		}},
		{"0x0 PTY", func(t *testing.T, srv *sshtest.Server) {
			c := from(flooder)
			c.W, c.H = 0, 0
			tm := sshtest.OpenOn(t, srv.Dial(t, c), c, "")
			tm.Resize(80, 24)
			tm.WaitFor("Start the course")
			tm.Press("ctrl+c")
			tm.Wait()
		}},
		{"requests after the start", func(t *testing.T, srv *sshtest.Server) {
			// Once the app runs the server answers its channel's requests itself: what
			// charm.land/ssh would refuse is refused, a resize still reaches the app, and the
			// session goes on as before.
			tm := srv.Open(t, from(flooder), "")
			tm.WaitFor("Start the course")
			str := func(v string) []byte { return gossh.Marshal(struct{ V string }{v}) }
			for _, r := range []struct {
				name    string
				payload []byte
			}{
				{"shell", nil}, {"exec", str("list")}, {"subsystem", str("sftp")},
				{"env", gossh.Marshal(struct{ K, V string }{"LANG", "de_DE.UTF-8"})},
				{"pty-req", gossh.Marshal(struct {
					Term           string
					W, H, WPx, HPx uint32
					Modes          string
				}{"vt100", 20, 5, 0, 0, ""})},
				{"window-change", []byte{0, 0, 0, 30}}, // too short for a window
				{"break", gossh.Marshal(struct{ Ms uint32 }{100})},
				{"auth-agent-req@openssh.com", nil},
				{"no-such-request@example.com", nil},
			} {
				if ok, err := tm.Request(r.name, true, r.payload); err != nil || ok {
					t.Errorf("%s after the start: accepted %v, err %v", r.name, ok, err)
				}
			}
			if _, err := tm.Request("signal", false, str("INT")); err != nil {
				t.Fatal(err)
			}
			tm.Resize(30, 10)
			tm.WaitFor("at least", "40x15")
			tm.Resize(80, 24)
			if scr := tm.WaitFor("Start the course"); strings.Contains(scr, "Kurs") {
				t.Errorf("a LANG sent after the start changed the language:\n%s", scr)
			}
			tm.Press("ctrl+c")
			if code := tm.Wait(); code != 0 {
				t.Errorf("exit %d", code)
			}
		}},
		{"huge PTY", func(t *testing.T, srv *sshtest.Server) {
			c := from(flooder)
			c.W, c.H = 100000, 100000
			tm := sshtest.OpenOn(t, srv.Dial(t, c), c, "")
			tm.WaitFor("Start the course")
			c.W, c.H = 1<<31-1, 1<<31-1
			tm2 := sshtest.OpenOn(t, srv.Dial(t, c), c, "")
			tm2.WaitFor("Start the course")
			tm.Press("q")
			tm2.Press("q")
			tm.Wait()
			tm2.Wait()
		}},
		{"resize storm", func(t *testing.T, srv *sshtest.Server) {
			// Straight on the SSH session, without the test's virtual terminal, which
			// would spend the time resizing itself.
			conn := srv.Dial(t, from(flooder))
			sess, err := conn.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			if err := sess.RequestPty("xterm", 24, 80, nil); err != nil {
				t.Fatal(err)
			}
			var out syncBuffer
			sess.Stdout = &out
			stdin, _ := sess.StdinPipe()
			if err := sess.Shell(); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the app starts", func() bool { return strings.Contains(out.String(), "Start the course") })
			rng := rand.New(rand.NewPCG(3, 4))
			sizes := []int{0, 1, 39, 40, 80, 400, 401, 100000, 1<<32 - 1}
			for range 5000 {
				if err := sess.WindowChange(sizes[rng.IntN(len(sizes))], sizes[rng.IntN(len(sizes))]); err != nil {
					t.Fatal(err)
				}
			}
			_, _ = stdin.Write([]byte("q"))
			if err := sess.Wait(); err != nil {
				t.Errorf("after the storm: %v", err)
			}
			if !strings.Contains(out.String(), "Goodbye") {
				t.Errorf("no goodbye after the storm")
			}
		}},
		{"resizes before the shell starts", func(t *testing.T, srv *sshtest.Server) {
			// charm.land/ssh queues one size; more used to block the session for good.
			conn := srv.Dial(t, from(flooder))
			sess, err := conn.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			if err := sess.RequestPty("xterm", 24, 80, nil); err != nil {
				t.Fatal(err)
			}
			for i := range 5 {
				if err := sess.WindowChange(30+i, 100); err != nil {
					t.Fatal(err)
				}
			}
			var out syncBuffer
			sess.Stdout = &out
			stdin, _ := sess.StdinPipe()
			if err := sess.Shell(); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the app starts", func() bool { return strings.Contains(out.String(), "Start the course") })
			_, _ = stdin.Write([]byte("q"))
			_ = sess.Wait()
		}},
		{"1 MB of random keystrokes", func(t *testing.T, srv *sshtest.Server) {
			tm := srv.Open(t, from(flooder), "")
			tm.WaitFor("Start the course")
			rng := rand.New(rand.NewPCG(5, 6))
			junk := make([]byte, 1<<20)
			for i := range junk {
				junk[i] = byte(rng.UintN(256))
			}
			// Random bytes hold q and ctrl+c, so the session may well end: either way,
			// cleanly. A writer goroutine, since a session that ended takes no input.
			go func() {
				for off := 0; off < len(junk); off += 32 << 10 {
					if _, err := tm.Write(junk[off : off+32<<10]); err != nil {
						return
					}
				}
			}()
			select {
			case <-tm.Done():
			case <-time.After(2 * time.Second):
				tm.Press("ctrl+c")
			}
			tm.Wait()
		}},
		{"1 MB of keys, then ctrl+c", func(t *testing.T, srv *sshtest.Server) {
			// Input over the rate is dropped, not queued: ctrl+c right after a flood
			// leaves at once instead of after a minute of backlog.
			tm := srv.Open(t, from(flooder), "lesson meanings")
			tm.WaitFor(firstOfAll)
			_, _ = tm.Write(bytes.Repeat([]byte("j"), 1<<20))
			tm.Press("ctrl+c")
			if code := tm.Wait(); code != 0 {
				t.Errorf("exit %d", code)
			}
		}},
		{"a paste over the input burst, then ctrl+c", func(t *testing.T, srv *sshtest.Server) {
			// The input limit drops the paste's end marker with the rest of it; the
			// session must not stay in the paste, swallowing every key, ctrl+c included.
			tm := srv.Open(t, from(flooder), "lesson meanings")
			tm.WaitFor(firstOfAll)
			paste := append([]byte("\x1b[200~"), bytes.Repeat([]byte("a"), 20000)...)
			_, _ = tm.Write(append(paste, "\x1b[201~"...))
			time.Sleep(100 * time.Millisecond)
			tm.Press("ctrl+c")
			if code := tm.Wait(); code != 0 {
				t.Errorf("exit %d", code)
			}
		}},
		{"ctrl+c mid-handshake", func(t *testing.T, srv *sshtest.Server) {
			// The client goes away after sending n bytes: in the version exchange, the key
			// exchange, the login.
			for _, n := range []int{1, 10, 100, 500, 1000, 1200, 1500, 2000, 3000} {
				raw := dialTCP(t, srv, flooder)
				cut := &cutConn{Conn: raw, left: n}
				_, _, _, err := gossh.NewClientConn(cut, srv.Addr, &gossh.ClientConfig{
					User:            "learner",
					Auth:            []gossh.AuthMethod{gossh.Password("x")},
					HostKeyCallback: gossh.InsecureIgnoreHostKey(),
					Timeout:         sshtest.Timeout,
				})
				if err == nil && n < 1000 {
					t.Errorf("handshake finished after %d bytes", n)
				}
				_ = raw.Close()
			}
		}},
		{"TERM naming a file", func(t *testing.T, srv *sshtest.Server) {
			// A terminal name is looked up in the terminfo database on disk by some
			// libraries; a path in it must never make the server open that file.
			fifo := filepath.Join(t.TempDir(), "fifo")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			c := from(flooder)
			c.Term = "x/" + strings.Repeat("../", 30) + strings.TrimPrefix(fifo, "/")
			conn := srv.Dial(t, c)
			sess, err := conn.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			if err := sess.RequestPty(c.Term, 24, 80, nil); err == nil {
				t.Error("a PTY with a path for TERM was accepted")
			}
			_ = sess.Close()
			// Opening a FIFO for writing without blocking fails unless someone opened it
			// for reading.
			f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0)
			if err == nil {
				f.Close()
				t.Error("the server opened the file named by TERM")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, srv)
			works(t, srv, good)
		})
	}
}

// cutConn closes the connection once the client has written left bytes.
type cutConn struct {
	net.Conn
	left int
}

func (c *cutConn) Write(p []byte) (int, error) {
	if len(p) >= c.left {
		n, _ := c.Conn.Write(p[:c.left])
		_ = c.Conn.Close()
		c.left = 0
		return n, net.ErrClosed
	}
	c.left -= len(p)
	return c.Conn.Write(p)
}

// syncBuffer is a bytes.Buffer for one writer and a polling reader.
type syncBuffer struct{ b sshtest.Buffer }

func (s *syncBuffer) Write(p []byte) (int, error) { return s.b.Write(p) }
func (s *syncBuffer) String() string              { return s.b.String() }
