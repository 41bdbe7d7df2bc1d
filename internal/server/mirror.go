package server

import (
	"net"
	"strconv"
	"sync"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/mirror"
)

// offeredKeys are the public keys one connection offered, kept in its ssh.Context: the
// memory of that connection only, dropped with it. Never logged, written or counted.
type offeredKeys struct {
	mu      sync.Mutex
	keys    []mirror.Key
	seen    map[string]bool
	dropped int
}

type offeredKeysKey struct{}

// agentRequestedKey marks, in the connection's ssh.Context, that the client asked to
// forward its agent: one of the weak facts of the anonymity set (internal/anonset).
type agentRequestedKey struct{}

func noteAgentRequest(ctx ssh.Context) {
	ctx.SetValue(agentRequestedKey{}, true)
}

// recordOfferedKey notes a key the client offered for public-key authentication: its type
// and SHA256 fingerprint, once, in the order offered, at most mirror.MaxKeys.
func recordOfferedKey(ctx ssh.Context, key ssh.PublicKey) {
	if key == nil {
		return
	}
	ctx.Lock()
	ok, _ := ctx.Value(offeredKeysKey{}).(*offeredKeys)
	if ok == nil {
		ok = &offeredKeys{seen: map[string]bool{}}
		ctx.SetValue(offeredKeysKey{}, ok)
	}
	ctx.Unlock()

	fp := gossh.FingerprintSHA256(key)
	ok.mu.Lock()
	defer ok.mu.Unlock()
	switch {
	case ok.seen[fp]:
	case len(ok.keys) >= mirror.MaxKeys:
		ok.seen[fp] = true
		ok.dropped++
	default:
		ok.seen[fp] = true
		ok.keys = append(ok.keys, mirror.Key{Type: key.Type(), Fingerprint: fp})
	}
}

// connFacts gathers what this session's connection revealed, for the learner's own eyes.
// The terminal comes from the window (pty.go), not sess.Pty(): that one reads the
// size while charm.land/ssh writes it on every resize.
func (s *Server) connFacts(sess ssh.Session) mirror.Facts {
	f := connFacts(sess)
	if win, isPTY := s.ptyOf(sess); isPTY {
		f.Term = win.term
		f.Width, f.Height = win.claimed()
	}
	return f
}

// connFacts is what the connection revealed, less the terminal (see Server.connFacts).
func connFacts(sess ssh.Session) mirror.Facts {
	ctx := sess.Context()
	f := mirror.Facts{
		Client: ctx.ClientVersion(),
		User:   sess.User(),
		Env:    sess.Environ(),
	}
	switch a := ctx.RemoteAddr().(type) {
	case *net.TCPAddr:
		f.Addr, f.Port = a.IP.String(), a.Port
	case nil:
	default:
		if host, port, err := net.SplitHostPort(a.String()); err == nil {
			f.Addr = host
			f.Port, _ = strconv.Atoi(port)
		}
	}
	f.Agent, _ = ctx.Value(agentRequestedKey{}).(bool)
	if ok, _ := ctx.Value(offeredKeysKey{}).(*offeredKeys); ok != nil {
		ok.mu.Lock()
		f.Keys = append([]mirror.Key(nil), ok.keys...)
		f.KeysDropped = ok.dropped
		ok.mu.Unlock()
	}
	return f
}
