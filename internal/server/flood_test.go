package server_test

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/server"
	"tutord/internal/sshtest"
)

// TestFloodedServerStillServes floods the server from several loopback sources at once
// (connections, silent logins, garbage handshakes, keys, clients that read nothing) and
// checks that a well-behaved client from another source is served during the flood and
// after it, and that nothing is left behind once the flooders leave.
//
// TUTORD_FLOOD=N multiplies the flood by N (e.g. TUTORD_FLOOD=20: about 20,000
// connections); the default keeps the test to seconds.
func TestFloodedServerStillServes(t *testing.T) {
	if !alone(t) {
		return
	}
	scale := 1
	if v, err := strconv.Atoi(os.Getenv("TUTORD_FLOOD")); err == nil && v > 0 {
		scale = v
	}
	var s *server.Server
	srv := sshtest.StartWith(t, []server.Option{server.Capture(&s), server.SendBuffer(4096)}, with(func(l *config.Limits) {
		l.LoginGrace = 2 * time.Second
		l.WriteTimeout = 2 * time.Second
	}))
	works(t, srv, good)
	warm, _ := dialPausable(t, srv, good) // the lesson at the size the stuck clients use
	stdin, sess := openBig(t, warm)
	churn(stdin, 4)
	_, _ = stdin.Write([]byte("q"))
	_ = sess.Wait()
	_ = warm.Close()
	base := quiet(t)

	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		held []net.Conn
	)
	hold := func(c net.Conn) { mu.Lock(); held = append(held, c); mu.Unlock() }
	dial := func(src string) (net.Conn, error) {
		d := net.Dialer{Timeout: sshtest.Timeout, LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
		return d.Dial("tcp", srv.Addr)
	}
	flood := func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() }

	// Connections as fast as they come, held open and silent, from a few sources.
	for i := range 4 {
		src := fmt.Sprintf("127.0.1.%d", i+1)
		flood(func() {
			for range 250 * scale {
				c, err := dial(src)
				if err != nil {
					continue
				}
				hold(c)
			}
		})
	}
	// Handshakes cut off at every stage, and logins with too many keys.
	flood(func() {
		var keys []gossh.Signer
		for range 40 {
			keys = append(keys, sshtest.NewKey(t))
		}
		for i := range 40 * scale {
			c, err := dial("127.0.2.1")
			if err != nil {
				continue
			}
			cfg := &gossh.ClientConfig{User: "x", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: sshtest.Timeout,
				Auth: []gossh.AuthMethod{gossh.PublicKeys(keys...)}}
			var conn net.Conn = c
			if i%2 == 0 {
				conn = &cutConn{Conn: c, left: 50 * i}
			}
			_, _, _, _ = gossh.NewClientConn(conn, srv.Addr, cfg)
			_ = c.Close()
		}
	})
	// Clients that open the app and stop reading.
	var stuck []*gossh.Client
	for i := range 3 {
		client, pc := dialPausable(t, srv, fmt.Sprintf("127.0.3.%d", i+1))
		stdin, _ := openBig(t, client)
		churn(stdin, 4)
		pc.pause()
		stuck = append(stuck, client)
		flood(func() { churn(stdin, 400*scale) })
	}

	// Meanwhile, a learner from elsewhere takes the course as usual.
	works(t, srv, good)

	wg.Wait()
	refused, conns, starting := s.LimitStats()
	t.Logf("during the flood: %d connections open, %d logging in, refused %v", conns, starting, refused)
	if refused["source_conns"]+refused["source_rate"]+refused["busy"] == 0 {
		t.Error("the flood was never refused")
	}
	works(t, srv, good)

	mu.Lock()
	for _, c := range held {
		_ = c.Close()
	}
	mu.Unlock()
	for _, c := range stuck {
		_ = c.Close()
	}
	held, stuck = nil, nil // the test's own references to closed connections
	settle(t, base, "after the flood")
	works(t, srv, good)
}
