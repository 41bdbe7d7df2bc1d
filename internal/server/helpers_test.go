package server_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/lessons"
	"tutord/internal/sshtest"
)

// Sources: every test client dials from a loopback address of its own, so per-source
// limits hit the client that earns them and no other.
const (
	flooder = "127.0.0.2"
	good    = "127.0.0.3"
)

func from(src string) sshtest.Client {
	c := sshtest.DefaultClient()
	c.Source = src
	return c
}

func with(f func(l *config.Limits)) func(*config.Config) {
	return func(c *config.Config) { f(&c.Limits) }
}

// dialTCP opens a plain TCP connection from src to the server.
func dialTCP(t testing.TB, srv *sshtest.Server, src string) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: sshtest.Timeout, LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	c, err := d.Dial("tcp", srv.Addr)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// firstLine reads the first line the server sends on a raw connection.
func firstLine(t testing.TB, c net.Conn) string {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(sshtest.Timeout))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line: %v (got %q)", err, line)
	}
	return strings.TrimRight(line, "\r\n")
}

// waitClosed waits until the server closes c (a read returns an error other than a
// timeout), and fails after the harness timeout.
func waitClosed(t testing.TB, c net.Conn, what string) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(sshtest.Timeout))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("%s: the server did not close the connection in %v", what, sshtest.Timeout)
	}
}

// dialFails dials and expects the server to refuse with a message containing want.
func dialFails(t testing.TB, srv *sshtest.Server, c sshtest.Client, want string) {
	t.Helper()
	conn, err := srv.DialErr(c)
	if err == nil {
		_ = conn.Close()
		t.Fatalf("dial succeeded; want a refusal saying %q", want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("dial error %q, want it to say %q", err, want)
	}
}

// works checks that a well-behaved client still gets the course: the welcome screen, a
// lesson, and a clean quit.
func works(t *testing.T, srv *sshtest.Server, src string) {
	t.Helper()
	conn := srv.Dial(t, from(src))
	defer conn.Close()
	tm := sshtest.OpenOn(t, conn, from(src), "")
	tm.WaitFor("Start the course")
	tm.Press("enter")
	tm.WaitFor(firstOfAll)
	tm.Press("q")
	if code := tm.Wait(); code != 0 {
		t.Fatalf("well-behaved client: exit %d", code)
	}
}

// pausableConn is a client connection whose reading can be stopped, as by a client whose
// terminal stopped reading: the TCP window fills, then the server's writes block.
type pausableConn struct {
	net.Conn
	mu     sync.Mutex
	paused bool
	resume chan struct{}
}

func (c *pausableConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	paused, resume := c.paused, c.resume
	c.mu.Unlock()
	if paused {
		<-resume
	}
	return c.Conn.Read(p)
}

func (c *pausableConn) pause() {
	c.mu.Lock()
	c.paused, c.resume = true, make(chan struct{})
	c.mu.Unlock()
}

func (c *pausableConn) Close() error {
	c.mu.Lock()
	if c.paused {
		c.paused = false
		close(c.resume)
	}
	c.mu.Unlock()
	return c.Conn.Close()
}

// dialPausable logs in over a connection with a small receive buffer that the test can
// stop reading.
func dialPausable(t testing.TB, srv *sshtest.Server, src string) (*gossh.Client, *pausableConn) {
	t.Helper()
	raw := dialTCP(t, srv, src).(*net.TCPConn)
	_ = raw.SetReadBuffer(4096)
	pc := &pausableConn{Conn: raw}
	cc, chans, reqs, err := gossh.NewClientConn(pc, srv.Addr, &gossh.ClientConfig{
		User:            "learner",
		Auth:            []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         sshtest.Timeout,
	})
	if err != nil {
		t.Fatalf("handshake: %v", err)
	}
	client := gossh.NewClient(cc, chans, reqs)
	t.Cleanup(func() { _ = client.Close() })
	return client, pc
}

// usage is what this process holds: goroutines, open file descriptors, live heap.
type usage struct {
	goroutines, fds int
	heap            uint64
}

func (u usage) String() string {
	return fmt.Sprintf("%d goroutines, %d fds, %.1f MiB heap", u.goroutines, u.fds, float64(u.heap)/(1<<20))
}

func measure(t testing.TB) usage {
	t.Helper()
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return usage{goroutines: runtime.NumGoroutine(), fds: len(fds), heap: ms.HeapAlloc}
}

// quiet waits until the number of goroutines has stopped changing (clients and sessions
// finished closing) and returns the usage then: the baseline for settle.
func quiet(t *testing.T) usage {
	t.Helper()
	deadline := time.Now().Add(sshtest.Timeout)
	last, same := measure(t), 0
	for same < 5 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		u := measure(t)
		if u.goroutines == last.goroutines && u.fds == last.fds {
			same++
		} else {
			same = 0
		}
		last = u
	}
	return last
}

// settle waits until usage is back within tolerance of base: cleanup after a client goes
// is asynchronous, so it polls, for at most the harness timeout.
func settle(t *testing.T, base usage, what string) usage {
	t.Helper()
	const (
		slackG    = 2       // a timer firing, a goroutine on its way out
		slackFD   = 2       // a socket being closed
		slackHeap = 4 << 20 // caches, the GC's own pacing
	)
	deadline := time.Now().Add(sshtest.Timeout)
	for {
		u := measure(t)
		if u.goroutines <= base.goroutines+slackG && u.fds <= base.fds+slackFD && u.heap <= base.heap+slackHeap {
			t.Logf("%s: %v (before: %v)", what, u, base)
			return u
		}
		if time.Now().After(deadline) {
			var stacks bytes.Buffer
			_ = pprof.Lookup("goroutine").WriteTo(&stacks, 1)
			t.Fatalf("%s: still %v, before %v\n%s", what, u, base, stacks.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// firstOfAll is what the reader's header shows on the first lesson: "1/N".
var firstOfAll = func() string {
	c, err := lessons.Builtin()
	if err != nil {
		panic(err)
	}
	return "1/" + strconv.Itoa(c.Len())
}()
