package server

import (
	"net"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/lessons"
	"tutord/internal/metrics"
)

// handshakeStart is the context key for when a connection was accepted.
type handshakeStart struct{}

// handshakeDone marks a connection whose handshake was already counted.
type handshakeDone struct{}

// UseMetrics makes the server count into m: sessions (through Active and Total), refusals
// (countRefused) and the time from accepting a connection to a logged-in user. It wraps
// the connection and authentication callbacks that are set when it is called, so call it
// after every other option. A nil m changes nothing.
func (s *Server) UseMetrics(m *metrics.Metrics) {
	if m == nil {
		return
	}
	s.metrics = m
	conn := s.ssh.ConnCallback
	s.ssh.ConnCallback = func(ctx ssh.Context, c net.Conn) net.Conn {
		ctx.SetValue(handshakeStart{}, time.Now())
		if conn != nil {
			return conn(ctx, c)
		}
		return c
	}
	// The handshake ends when an authentication method lets the client in.
	done := func(ctx ssh.Context, ok bool) bool {
		if !ok || ctx.Value(handshakeDone{}) != nil {
			return ok
		}
		if start, isTime := ctx.Value(handshakeStart{}).(time.Time); isTime {
			ctx.SetValue(handshakeDone{}, true)
			m.ObserveHandshake(time.Since(start))
		}
		return ok
	}
	if h := s.ssh.KeyboardInteractiveHandler; h != nil {
		s.ssh.KeyboardInteractiveHandler = func(ctx ssh.Context, ch gossh.KeyboardInteractiveChallenge) bool {
			return done(ctx, h(ctx, ch))
		}
	}
	if h := s.ssh.PasswordHandler; h != nil {
		s.ssh.PasswordHandler = func(ctx ssh.Context, pw string) bool { return done(ctx, h(ctx, pw)) }
	}
	if h := s.ssh.PublicKeyHandler; h != nil {
		s.ssh.PublicKeyHandler = func(ctx ssh.Context, key ssh.PublicKey) bool { return done(ctx, h(ctx, key)) }
	}
}

// countRefused counts a refused connection or session under a fixed reason word
// ("server_full", "rate_limited", ...). It does nothing when metrics are off.
func (s *Server) countRefused(reason string) { s.metrics.Refused(reason) }

// Total is the number of sessions started since the server started.
func (s *Server) Total() int64 { return s.total.Load() }

// Ready reports whether the server takes new sessions: false once it drains.
func (s *Server) Ready() bool { return !s.draining.Load() }

// courseIDs lists each lesson id with its question ids: the label values metrics allow.
func courseIDs(c *lessons.Catalog) map[string][]string {
	out := map[string][]string{}
	for _, l := range c.Lessons(lessons.BaseLang) {
		var qs []string
		for _, q := range l.Quiz.Questions {
			qs = append(qs, q.ID)
		}
		out[l.ID] = qs
	}
	return out
}
