// Package sshclient is the one SSH client tutord's own tools use to reach a server: the
// privacy audit (internal/audit), the load tool (internal/load) and the test harness
// (internal/sshtest). It dials from a chosen loopback source address, so per-source limits
// are tested honestly, and logs in the way a learner's client does.
package sshclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Options describe one connection.
type Options struct {
	Addr string
	// Source is the local IP address to connect from, e.g. "127.0.0.2" (on Linux any
	// 127.0.0.0/8 address works); "" lets the system choose.
	Source string
	User   string
	// Keys are offered for public-key authentication, in order.
	Keys []gossh.Signer
	// Password, when set, is tried after the keys.
	Password string
	// Version is the client's identification string ("SSH-2.0-..."); "" is x/crypto's.
	Version string
	// Timeout bounds the TCP connect and the whole handshake (zero: no bound but ctx's).
	Timeout time.Duration
}

// Dial connects and authenticates: the keys first, then the password if set, then
// keyboard-interactive with no answers (what tutord admits anyone with). The returned
// net.Conn is the client's end of the TCP connection (its local address names the source
// port the server saw).
func Dial(ctx context.Context, o Options) (*gossh.Client, net.Conn, error) {
	d := net.Dialer{Timeout: o.Timeout}
	if o.Source != "" {
		ip := net.ParseIP(o.Source)
		if ip == nil {
			return nil, nil, fmt.Errorf("source address %q is not an IP address", o.Source)
		}
		d.LocalAddr = &net.TCPAddr{IP: ip}
	}
	nc, err := d.DialContext(ctx, "tcp", o.Addr)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to %s: %w", o.Addr, err)
	}
	// NewClientConn has no timeout of its own: bound the handshake by a deadline.
	deadline, ok := ctx.Deadline()
	if o.Timeout > 0 && (!ok || time.Until(deadline) > o.Timeout) {
		deadline, ok = time.Now().Add(o.Timeout), true
	}
	if ok {
		_ = nc.SetDeadline(deadline)
	}
	var auth []gossh.AuthMethod
	if len(o.Keys) > 0 {
		auth = append(auth, gossh.PublicKeys(o.Keys...))
	}
	if o.Password != "" {
		auth = append(auth, gossh.Password(o.Password))
	}
	auth = append(auth, gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		return nil, nil
	}))
	cfg := &gossh.ClientConfig{
		User:            o.User,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), // a throwaway server on loopback, a fresh key each run
		ClientVersion:   o.Version,
		Timeout:         o.Timeout,
	}
	cc, chans, reqs, err := gossh.NewClientConn(nc, o.Addr, cfg)
	if err != nil {
		_ = nc.Close()
		return nil, nil, fmt.Errorf("ssh handshake with %s: %w", o.Addr, err)
	}
	_ = nc.SetDeadline(time.Time{})
	return gossh.NewClient(cc, chans, reqs), nc, nil
}

// Session describes a session on a connection, as ssh's command line does.
type Session struct {
	// Env is sent with "env" requests first. The server may refuse a variable (tutord
	// takes an allow-list); it is sent all the same, as ssh sends it.
	Env map[string]string
	// Term, W and H describe the PTY; Term "" means no PTY (ssh without -t).
	Term string
	W, H int
	// ForwardAgent asks for agent forwarding first, as ssh -A does (tutord refuses it).
	ForwardAgent bool
}

// Open starts a session: env requests, then the PTY if asked for. The caller starts the
// shell or command.
func Open(conn *gossh.Client, s Session) (*gossh.Session, error) {
	sess, err := conn.NewSession()
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	if s.ForwardAgent {
		_, _ = sess.SendRequest("auth-agent-req@openssh.com", true, nil)
	}
	for k, v := range s.Env {
		_ = sess.Setenv(k, v)
	}
	if s.Term != "" {
		if err := sess.RequestPty(s.Term, s.H, s.W, gossh.TerminalModes{}); err != nil {
			_ = sess.Close()
			return nil, fmt.Errorf("pty: %w", err)
		}
	}
	return sess, nil
}

// Result is the outcome of a command.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Run runs cmd ("" for the shell) in a new session with stdin read from input (nil: none),
// and returns its output and exit status. A non-zero exit is a Result, not an error.
func Run(conn *gossh.Client, s Session, cmd string, input io.Reader) (Result, error) {
	sess, err := Open(conn, s)
	if err != nil {
		return Result{}, err
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	if input != nil {
		sess.Stdin = input
	}
	if cmd == "" {
		err = sess.Shell()
		if err == nil {
			err = sess.Wait()
		}
	} else {
		err = sess.Run(cmd)
	}
	r := Result{Stdout: out.String(), Stderr: errb.String()}
	var exit *gossh.ExitError
	switch {
	case errors.As(err, &exit):
		r.Code = exit.ExitStatus()
	case err != nil:
		return r, fmt.Errorf("run %q: %w", cmd, err)
	}
	return r, nil
}
