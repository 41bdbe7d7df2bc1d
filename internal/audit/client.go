package audit

import (
	"context"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/sshclient"
)

// identity is everything distinctive the audit's client reveals to the server.
type identity struct {
	token          string // random, part of every value below
	User, Password string
	Key            gossh.Signer
	Env            map[string]string // sent with "env" requests; some are refused
	Term           string
	W, H           int // window size at the start
	RW, RH         int // window size after a resize
	Version        string
	Source         string // local IP address to connect from
}

// client connects to the server under test as the identity.
type client struct {
	addr  string
	id    identity
	wait  time.Duration
	ports []int // every source port used, for the scan

	mu      sync.Mutex
	secrets []Value // values the server made for this client during the session (room codes)
}

// secret adds a value the server gave the client, to be looked for like the client's own.
// Short codes match only as whole words: a code of digits must not be found inside a
// longer number.
func (c *client) secret(what string, forms ...string) {
	v := Value{What: what, Forms: forms}
	for _, f := range forms {
		v.re = append(v.re, regexp.MustCompile(`(^|[^A-Za-z0-9])`+regexp.QuoteMeta(f)+`([^A-Za-z0-9]|$)`))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.secrets = append(c.secrets, v)
}

// dial opens one SSH connection. Keys are offered (and refused by tutord), then the password
// is sent, then keyboard-interactive.
func (c *client) dial() (*gossh.Client, error) {
	conn, nc, err := sshclient.Dial(context.Background(), sshclient.Options{
		Addr: c.addr, Source: c.id.Source, User: c.id.User, Keys: []gossh.Signer{c.id.Key},
		Password: c.id.Password, Version: c.id.Version, Timeout: c.wait,
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.ports = append(c.ports, nc.LocalAddr().(*net.TCPAddr).Port)
	c.mu.Unlock()
	return conn, nil
}

// session is how the identity asks for sessions; the env requests may be refused (the
// values must not show up anyway).
func (c *client) session(term bool) sshclient.Session {
	s := sshclient.Session{Env: c.id.Env}
	if term {
		s.Term, s.W, s.H = c.id.Term, c.id.W, c.id.H
	}
	return s
}

// exec runs a command without a terminal (ssh HOST cmd).
func (c *client) exec(cmd string) (sshclient.Result, error) {
	conn, err := c.dial()
	if err != nil {
		return sshclient.Result{}, err
	}
	defer conn.Close()
	return sshclient.Run(conn, c.session(false), cmd, nil)
}

// term is an interactive session with a terminal, its output fed to a virtual terminal.
type term struct {
	c    *client
	conn *gossh.Client
	sess *gossh.Session
	in   io.WriteCloser
	mu   sync.Mutex
	emu  *vt.Emulator
	done chan struct{}
}

// open starts the app (ssh -t HOST [cmd]).
func (c *client) open(cmd string) (*term, error) {
	conn, err := c.dial()
	if err != nil {
		return nil, err
	}
	s, err := sshclient.Open(conn, c.session(true))
	if err != nil {
		conn.Close()
		return nil, err
	}
	in, _ := s.StdinPipe()
	out, _ := s.StdoutPipe()
	t := &term{c: c, conn: conn, sess: s, in: in, emu: vt.NewEmulator(c.id.W, c.id.H), done: make(chan struct{})}
	go func() { // the terminal's answers to the app's queries
		_, _ = io.Copy(in, readerFunc(t.emu.Read))
	}()
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				t.mu.Lock()
				_, _ = t.emu.Write(buf[:n])
				t.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	if cmd == "" {
		err = s.Shell()
	} else {
		err = s.Start(cmd)
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	go func() { _ = s.Wait(); close(t.done) }()
	return t, nil
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

var keyBytes = map[string]string{
	"enter": "\r", "up": "\x1b[A", "down": "\x1b[B", "esc": "\x1b", "ctrl+c": "\x03",
	"end": "\x1b[F", "home": "\x1b[H", "pgdown": "\x1b[6~", "space": " ",
}

// press sends keys, named (enter, down, ...) or literal, one at a time.
func (t *term) press(keys ...string) {
	for _, k := range keys {
		b, ok := keyBytes[k]
		if !ok {
			b = k
		}
		_, _ = io.WriteString(t.in, b)
		time.Sleep(60 * time.Millisecond)
		if k == "esc" {
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func (t *term) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.String()
}

// waitAny waits until the screen shows one of texts and returns which.
func (t *term) waitAny(texts ...string) (string, error) { return t.waitFor(t.c.wait, texts...) }

// waitFor is waitAny with its own time limit.
func (t *term) waitFor(wait time.Duration, texts ...string) (string, error) {
	deadline := time.Now().Add(wait)
	for {
		scr := strings.Join(strings.Fields(t.screen()), " ")
		for _, s := range texts {
			if strings.Contains(scr, strings.Join(strings.Fields(s), " ")) {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("the screen never showed %q; it shows:\n%s", texts, t.screen())
		}
		select {
		case <-t.done:
			return "", fmt.Errorf("the session ended before the screen showed %q", texts)
		case <-time.After(30 * time.Millisecond):
		}
	}
}

func (t *term) resize(w, h int) {
	t.mu.Lock()
	t.emu.Resize(w, h)
	t.mu.Unlock()
	_ = t.sess.WindowChange(h, w)
}

// quit presses q and waits for the session to end, then hangs up.
func (t *term) quit() {
	t.press("q")
	t.close()
}

func (t *term) close() {
	select {
	case <-t.done:
	case <-time.After(t.c.wait):
	}
	_ = t.sess.Close()
	_ = t.conn.Close()
	if pw, ok := t.emu.InputPipe().(*io.PipeWriter); ok {
		_ = pw.CloseWithError(io.EOF) // ends the goroutine copying the terminal's answers
	}
}

// sourcePorts returns every source port the client used.
func (c *client) sourcePorts() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]int(nil), c.ports...)
}

// canBind reports whether this machine lets a client connect from ip (Linux routes all of
// 127.0.0.0/8 to the loopback interface; other systems only 127.0.0.1).
func canBind(ctx context.Context, ip string) bool {
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return false
	}
	_ = l.Close()
	return true
}
