package server_test

import (
	"io"
	"net"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// BenchmarkRefusedConnection: a connection the server refuses (it is full), as the client
// sees it: connect, read the refusal, closed. No key exchange happens.
func BenchmarkRefusedConnection(b *testing.B) {
	srv := sshtest.Start(b, with(func(l *config.Limits) { l.MaxSessions = 1; l.PerSourceConns = 0; l.PerSourceRate = 0 }))
	srv.Dial(b, from(good)) // takes the one place
	for b.Loop() {
		c, err := net.Dial("tcp", srv.Addr)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, c)
		_ = c.Close()
	}
}

// BenchmarkLogin: a connection the server admits: key exchange, login, close. The ratio
// to BenchmarkRefusedConnection is what refusing before the handshake saves.
func BenchmarkLogin(b *testing.B) {
	srv := sshtest.Start(b, with(func(l *config.Limits) { l.PerSourceConns = 0; l.PerSourceRate = 0 }))
	cfg := &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.Password("x")}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
	for b.Loop() {
		c, err := gossh.Dial("tcp", srv.Addr, cfg)
		if err != nil {
			b.Fatal(err)
		}
		_ = c.Close()
	}
}
