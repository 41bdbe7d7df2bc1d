package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/sshclient"
)

// client is one learner: an SSH connection with a PTY session running the app.
type client struct {
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.WriteCloser

	// Handshake is TCP connect to authenticated; FirstFrame is shell request to the
	// marker on screen.
	Handshake, FirstFrame time.Duration

	bytes    atomic.Int64 // everything received
	lastRead atomic.Int64 // unix nanos of the last read
	notify   chan struct{}

	mu      sync.Mutex
	text    bytes.Buffer // the start of the output, until the first frame is seen
	framed  chan struct{}
	frameAt time.Time
	marker  string
	up      bool // the next selection move goes up
}

// dialOptions describe how clients connect.
type dialOptions struct {
	Addr   string
	Term   string
	W, H   int
	Marker string // text that shows the first frame is complete
	Wait   time.Duration
}

// dial connects a client, asks for a PTY, starts the shell and waits for the first full
// frame.
func dial(ctx context.Context, o dialOptions) (*client, error) {
	c := &client{notify: make(chan struct{}, 1), framed: make(chan struct{}), marker: o.Marker}
	start := time.Now()
	conn, _, err := sshclient.Dial(ctx, sshclient.Options{Addr: o.Addr, User: "learner", Timeout: o.Wait})
	if err != nil {
		return nil, err
	}
	c.Handshake = time.Since(start)
	c.conn = conn
	if err := c.open(o); err != nil {
		c.Close()
		return nil, err
	}
	select {
	case <-c.framed:
	case <-time.After(o.Wait):
		c.Close()
		return nil, errors.New("first frame: timed out")
	case <-ctx.Done():
		c.Close()
		return nil, ctx.Err()
	}
	return c, nil
}

func (c *client) open(o dialOptions) error {
	sess, err := sshclient.Open(c.conn, sshclient.Session{Term: o.Term, W: o.W, H: o.H})
	if err != nil {
		return err
	}
	c.sess = sess
	if c.stdin, err = sess.StdinPipe(); err != nil {
		return fmt.Errorf("stdin: %w", err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return fmt.Errorf("stdout: %w", err)
	}
	start := time.Now()
	go c.read(out, start)
	if err := sess.Shell(); err != nil {
		return fmt.Errorf("shell: %w", err)
	}
	return nil
}

// read counts output and watches for the first frame.
func (c *client) read(r io.Reader, start time.Time) {
	buf := make([]byte, 4096)
	framed := false
	for {
		n, err := r.Read(buf)
		if n > 0 {
			now := time.Now()
			c.bytes.Add(int64(n))
			c.lastRead.Store(now.UnixNano())
			if !framed {
				c.mu.Lock()
				if c.text.Len() < 1<<20 {
					c.text.Write(buf[:n])
				}
				if bytes.Contains([]byte(ansi.Strip(c.text.String())), []byte(c.marker)) {
					framed = true
					c.FirstFrame = now.Sub(start)
					c.text = bytes.Buffer{}
					close(c.framed)
				}
				c.mu.Unlock()
			}
			select {
			case c.notify <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// Bytes is how much the client received so far.
func (c *client) Bytes() int64 { return c.bytes.Load() }

// press moves the selection (down, then up, alternately) and measures the time to the
// first byte of the answer and the bytes of the whole answer (until quiet for a while).
func (c *client) press(quiet, wait time.Duration) (latency time.Duration, n int64, err error) {
	key := "\x1b[B"
	if c.up {
		key = "\x1b[A"
	}
	c.up = !c.up
	// Drop a stale notification from earlier output.
	select {
	case <-c.notify:
	default:
	}
	before := c.Bytes()
	t0 := time.Now()
	if _, err := io.WriteString(c.stdin, key); err != nil {
		return 0, 0, fmt.Errorf("write key: %w", err)
	}
	select {
	case <-c.notify:
	case <-time.After(wait):
		return 0, 0, errors.New("no answer to a key")
	}
	latency = time.Unix(0, c.lastRead.Load()).Sub(t0)
	for {
		select {
		case <-c.notify:
			continue
		case <-time.After(quiet):
		}
		break
	}
	return latency, c.Bytes() - before, nil
}

// Close ends the session and the connection.
func (c *client) Close() {
	if c.sess != nil {
		_ = c.sess.Close()
	}
	if c.conn != nil {
		_ = c.conn.Close()
	}
}
