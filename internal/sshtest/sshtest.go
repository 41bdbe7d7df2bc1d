// Package sshtest starts a real tutord server on a random loopback port and drives it with
// real SSH clients (golang.org/x/crypto/ssh), reading what a learner would see through a
// virtual terminal (github.com/charmbracelet/x/vt). It is for tests only.
package sshtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/log/v2"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/server"
	"tutord/internal/sshclient"
)

// Timeout bounds every wait in this package: long enough for a loaded CI machine, and a
// wait only takes this long when a test is failing.
const Timeout = 15 * time.Second

// Server is a tutord running in this process for one test.
type Server struct {
	Addr string
	Cfg  config.Config
	// MetricsAddr is where the metrics listen, when Cfg.Site.Metrics is set.
	MetricsAddr string
	// Log is everything the server logged.
	Log      *Buffer
	cancel   context.CancelFunc
	done     chan error
	stopOnce sync.Once
}

// Start runs a server on 127.0.0.1 with a random port and a fresh host key, and stops it
// when the test ends. Options change the default configuration.
func Start(t testing.TB, opts ...func(*config.Config)) *Server {
	t.Helper()
	return StartWith(t, nil, opts...)
}

// StartWith is Start with options for the server itself (test hooks from the server
// package's export_test.go).
func StartWith(t testing.TB, sopts []server.Option, opts ...func(*config.Config)) *Server {
	t.Helper()
	return StartRun(t, func(ctx context.Context, cfg *config.Config, logger *log.Logger, ready chan<- server.Listening) error {
		return Run(ctx, cfg, logger, ready, sopts...)
	}, opts...)
}

// RunFunc runs a server on cfg until ctx ends, sending its addresses to ready.
type RunFunc func(ctx context.Context, cfg *config.Config, logger *log.Logger, ready chan<- server.Listening) error

// StartRun is Start with a server of the caller's assembly (the load tool's ticker
// target puts bubbletea's program in each session).
func StartRun(t testing.TB, run RunFunc, opts ...func(*config.Config)) *Server {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.HostKey = t.TempDir() + "/ssh_host_ed25519_key"
	cfg.LogLevel = "debug"
	cfg.ShutdownTimeout = 5 * time.Second
	cfg.DrainTimeout = 0 // tests of the drain set their own
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{Cfg: cfg, Log: &Buffer{}, done: make(chan error, 1)}
	logger := log.NewWithOptions(s.Log, log.Options{Level: log.DebugLevel})
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	ready := make(chan server.Listening, 1)
	go func() { s.done <- run(ctx, &s.Cfg, logger, ready) }()
	select {
	case at := <-ready:
		s.Addr = at.SSH.String()
		if at.Metrics != nil {
			s.MetricsAddr = at.Metrics.String()
		}
	case err := <-s.done:
		t.Fatalf("server did not start: %v\n%s", err, s.Log)
	case <-time.After(Timeout):
		t.Fatalf("server did not start in %v\n%s", Timeout, s.Log)
	}
	t.Cleanup(func() { s.Stop(t) })
	return s
}

// Run does what tutord's main does: builds the dependencies from cfg, assembles the
// server with the test options sopts, and runs it until ctx is cancelled. ready receives
// the addresses it listens on.
func Run(ctx context.Context, cfg *config.Config, logger *log.Logger, ready chan<- server.Listening, sopts ...server.Option) error {
	deps, err := server.LoadDeps(cfg, logger)
	if err != nil {
		return err
	}
	defer deps.Close()
	return server.New(*cfg, deps, sopts...).Run(ctx, ready)
}

// Stop shuts the server down as SIGTERM would, and waits for it. Calling it again (as
// the test's cleanup does) does nothing.
func (s *Server) Stop(t testing.TB) {
	s.stopOnce.Do(func() {
		s.cancel()
		select {
		case err := <-s.done:
			if err != nil {
				t.Errorf("server: %v", err)
			}
		case <-time.After(Timeout):
			t.Errorf("server did not stop in %v", Timeout)
		}
	})
}

// Client describes how a test client connects.
type Client struct {
	User string
	// Keys are offered for public-key authentication, in order.
	Keys []gossh.Signer
	// Env is sent with "env" requests before the shell or command.
	Env map[string]string
	// Term, W and H describe the PTY; Term "" means no PTY.
	Term string
	W, H int
	// ForwardAgent asks for agent forwarding (ssh -A).
	ForwardAgent bool
	// Version is the client's identification string ("SSH-2.0-...").
	Version string
	// Source is the local IP address to connect from, e.g. "127.0.0.2" (on Linux any
	// 127.0.0.0/8 address works); "" lets the system choose. Per-source limits count
	// each source on its own.
	Source string
}

// DefaultClient is an xterm of 80x24 with no keys.
func DefaultClient() Client {
	return Client{User: "learner", Term: "xterm-256color", W: 80, H: 24}
}

// Dial connects and authenticates.
func (s *Server) Dial(t testing.TB, c Client) *gossh.Client {
	t.Helper()
	conn, err := s.DialErr(c)
	if err != nil {
		t.Fatalf("dial %s: %v", s.Addr, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// DialErr is Dial returning the error instead of failing the test.
func (s *Server) DialErr(c Client) (*gossh.Client, error) {
	if c.User == "" {
		c.User = "learner"
	}
	conn, _, err := sshclient.Dial(context.Background(), sshclient.Options{
		Addr: s.Addr, Source: c.Source, User: c.User, Keys: c.Keys, Version: c.Version, Timeout: Timeout,
	})
	return conn, err
}

// Result is the outcome of a command run without a PTY.
type Result = sshclient.Result

// Exec runs a command (ssh HOST cmd) and returns its output and exit status. With c.Term
// set it asks for a PTY first (ssh -t).
func (s *Server) Exec(t testing.TB, c Client, cmd string) Result {
	t.Helper()
	return execOn(t, s.Dial(t, c), c, cmd, "")
}

// ExecInput is Exec with input on stdin, closed at its end (as a pipe into ssh is).
func (s *Server) ExecInput(t testing.TB, c Client, cmd, input string) Result {
	t.Helper()
	return execOn(t, s.Dial(t, c), c, cmd, input)
}

// ExecOn is Exec on an existing connection.
func ExecOn(t testing.TB, conn *gossh.Client, c Client, cmd string) Result {
	t.Helper()
	return execOn(t, conn, c, cmd, "")
}

func execOn(t testing.TB, conn *gossh.Client, c Client, cmd, input string) Result {
	t.Helper()
	r, err := sshclient.Run(conn, c.session(), cmd, strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// session is how c asks for its sessions.
func (c Client) session() sshclient.Session {
	return sshclient.Session{Env: c.Env, Term: c.Term, W: c.W, H: c.H, ForwardAgent: c.ForwardAgent}
}

// Term is an interactive session with a PTY, its output fed into a virtual terminal.
type Term struct {
	t     testing.TB
	sess  *gossh.Session
	stdin io.WriteCloser
	emu   *vt.SafeEmulator
	// emuMu guards the screen: SafeEmulator does not lock String.
	emuMu  sync.Mutex
	raw    *Buffer
	done   chan struct{}
	exitMu sync.Mutex
	exit   error
}

// Open starts the app (ssh -t HOST [cmd]) in a w×h terminal.
func (s *Server) Open(t testing.TB, c Client, cmd string) *Term {
	t.Helper()
	if c.Term == "" {
		c.Term = "xterm-256color"
	}
	if c.W == 0 || c.H == 0 {
		c.W, c.H = 80, 24
	}
	conn := s.Dial(t, c)
	return OpenOn(t, conn, c, cmd)
}

// OpenOn opens a PTY session on an existing connection.
func OpenOn(t testing.TB, conn *gossh.Client, c Client, cmd string) *Term {
	t.Helper()
	if c.Term == "" {
		c.Term = "xterm-256color" // a Term always has a PTY
	}
	sess, err := sshclient.Open(conn, c.session())
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatalf("stdin: %v", err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatalf("stdout: %v", err)
	}
	// The virtual terminal stays a sane size even when the test claims an absurd one.
	emu := vt.NewSafeEmulator(min(max(1, c.W), 500), min(max(1, c.H), 300))
	tm := &Term{t: t, sess: sess, stdin: stdin, emu: emu, raw: &Buffer{}, done: make(chan struct{})}
	// The emulator answers terminal queries (colours, modes) like a real terminal does;
	// its answers go back to the server, and must be read or the emulator blocks.
	go func() { _, _ = io.Copy(stdin, tm.emu) }()
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := stdout.Read(buf)
			if n > 0 {
				_, _ = tm.raw.Write(buf[:n])
				tm.emuMu.Lock()
				_, _ = tm.emu.Write(buf[:n])
				tm.emuMu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	if cmd == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(cmd)
	}
	if err != nil {
		t.Fatalf("start %q: %v", cmd, err)
	}
	go func() {
		err := sess.Wait()
		tm.exitMu.Lock()
		tm.exit = err
		tm.exitMu.Unlock()
		close(tm.done)
		// Ends the goroutine that copies the emulator's answers to stdin.
		if pw, ok := tm.emu.InputPipe().(*io.PipeWriter); ok {
			_ = pw.CloseWithError(io.EOF)
		}
	}()
	t.Cleanup(func() { _ = sess.Close() })
	return tm
}

// keyBytes are the bytes a terminal sends for named keys.
var keyBytes = map[string]string{
	"enter": "\r", "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
	"esc": "\x1b", "ctrl+c": "\x03", "ctrl+u": "\x15", "backspace": "\x7f", "space": " ", "tab": "\t",
	"pgdown": "\x1b[6~", "pgup": "\x1b[5~", "home": "\x1b[H", "end": "\x1b[F",
}

// Press sends named keys (enter, up, down, esc, ctrl+c, ...) or, for anything else, the
// text itself, one key at a time with a short pause so each is its own keypress.
func (tm *Term) Press(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		b, ok := keyBytes[k]
		if !ok {
			b = k
		}
		if _, err := io.WriteString(tm.stdin, b); err != nil {
			tm.t.Fatalf("press %q: %v", k, err)
		}
		// A lone ESC is only a key once nothing follows it for a moment.
		time.Sleep(20 * time.Millisecond)
		if k == "esc" {
			time.Sleep(80 * time.Millisecond)
		}
	}
}

// Write sends raw bytes as input.
func (tm *Term) Write(p []byte) (int, error) { return tm.stdin.Write(p) }

// Screen is the text on the virtual terminal now.
func (tm *Term) Screen() string {
	tm.emuMu.Lock()
	defer tm.emuMu.Unlock()
	return tm.emu.String()
}

// Raw is every byte the server sent so far.
func (tm *Term) Raw() []byte { return tm.raw.Bytes() }

// WaitFor waits until the screen shows every one of texts, and returns the screen.
func (tm *Term) WaitFor(texts ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		scr := tm.Screen()
		all := true
		for _, s := range texts {
			if !strings.Contains(scr, s) {
				all = false
				break
			}
		}
		if all {
			return scr
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen never showed %q; it shows:\n%s", texts, scr)
		}
		select {
		case <-tm.done:
			// One last look: the final frame may have arrived with the close.
			time.Sleep(50 * time.Millisecond)
			if scr := tm.Screen(); containsAll(scr, texts) {
				return scr
			}
			tm.t.Fatalf("session ended before the screen showed %q; it shows:\n%s\nraw tail: %q", texts, tm.Screen(), tail(tm.raw.Bytes(), 400))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// WaitForRaw waits until the raw output contains text (for lines printed after the app).
func (tm *Term) WaitForRaw(text string) {
	tm.t.Helper()
	deadline := time.Now().Add(Timeout)
	for !bytes.Contains(tm.raw.Bytes(), []byte(text)) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("output never contained %q; tail: %q", text, tail(tm.raw.Bytes(), 400))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Resize changes the window size, as a terminal does when its window is dragged.
func (tm *Term) Resize(w, h int) {
	tm.t.Helper()
	// The virtual terminal stays a sane size even when the test claims an absurd one.
	tm.emuMu.Lock()
	tm.emu.Resize(min(max(1, w), 500), min(max(1, h), 300))
	tm.emuMu.Unlock()
	if err := tm.sess.WindowChange(h, w); err != nil {
		tm.t.Fatalf("window change: %v", err)
	}
}

// Request sends a request on the session's channel and returns the server's answer (false
// without waiting when wantReply is false).
func (tm *Term) Request(name string, wantReply bool, payload []byte) (bool, error) {
	return tm.sess.SendRequest(name, wantReply, payload)
}

// Wait waits for the session to end and returns its exit status (-1 if it ended without one).
func (tm *Term) Wait() int {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(Timeout):
		tm.t.Fatalf("session did not end in %v; screen:\n%s", Timeout, tm.Screen())
	}
	tm.exitMu.Lock()
	defer tm.exitMu.Unlock()
	var exit *gossh.ExitError
	switch {
	case tm.exit == nil:
		return 0
	case errors.As(tm.exit, &exit):
		return exit.ExitStatus()
	default:
		return -1
	}
}

// Done is closed when the session has ended.
func (tm *Term) Done() <-chan struct{} { return tm.done }

// Close ends the session from the client side.
func (tm *Term) Close() { _ = tm.sess.Close() }

// NewKey makes a fresh ed25519 key for a test client.
func NewKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Buffer is a bytes.Buffer safe for concurrent writes and reads.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// Bytes returns a copy of the contents.
func (b *Buffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.b.Bytes()...)
}

func (b *Buffer) String() string { return string(b.Bytes()) }

func containsAll(s string, subs []string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return fmt.Sprintf("%s", b)
}
