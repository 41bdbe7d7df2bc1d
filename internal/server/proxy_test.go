package server_test

import (
	"net"
	"strings"
	"testing"

	"github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// The load balancer of these tests is 127.0.0.2 (flooder's address, trusted here); good
// (127.0.0.3) is a client that tries to reach the server around it.
const balancer = flooder

func behindProxy(c *config.Config) {
	c.Proxy.Trusted = balancer + ",10.0.0.0/8"
	c.Site.Metrics = "127.0.0.1:0"
}

// viaProxy connects from src, writes a PROXY header of the given version saying the
// learner is at learner:port, and logs in over the same connection.
func viaProxy(t *testing.T, srv *sshtest.Server, src string, version byte, learner string, port int) (*gossh.Client, error) {
	t.Helper()
	c := dialTCP(t, srv, src)
	proto := proxyproto.TCPv4
	if strings.Contains(learner, ":") {
		proto = proxyproto.TCPv6
	}
	h := &proxyproto.Header{
		Version: version, Command: proxyproto.PROXY, TransportProtocol: proto,
		SourceAddr:      &net.TCPAddr{IP: net.ParseIP(learner), Port: port},
		DestinationAddr: c.RemoteAddr(),
	}
	if proto == proxyproto.TCPv6 {
		h.DestinationAddr = &net.TCPAddr{IP: net.ParseIP("2001:db8::1"), Port: 22}
	}
	if _, err := h.WriteTo(c); err != nil {
		t.Fatal(err)
	}
	return login(c, srv.Addr)
}

func login(c net.Conn, addr string) (*gossh.Client, error) {
	cc, chans, reqs, err := gossh.NewClientConn(c, addr, &gossh.ClientConfig{
		User:            "learner",
		Auth:            []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         sshtest.Timeout,
	})
	if err != nil {
		return nil, err
	}
	return gossh.NewClient(cc, chans, reqs), nil
}

// TestProxyProtocolGivesTheLearnersAddress: through a trusted load balancer, with a
// version 1 and a version 2 header, the mirror shows the learner's address from the
// header, not the balancer's.
func TestProxyProtocolGivesTheLearnersAddress(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, behindProxy)
	for _, tc := range []struct {
		version byte
		addr    string
		port    int
	}{{1, "203.0.113.7", 50001}, {2, "203.0.113.8", 50002}, {2, "2001:db8::77", 50003}} {
		client, err := viaProxy(t, srv, balancer, tc.version, tc.addr, tc.port)
		if err != nil {
			t.Fatalf("v%d: %v", tc.version, err)
		}
		res := sshtest.ExecOn(t, client, sshtest.Client{User: "learner"}, "whoami")
		client.Close()
		if res.Code != 0 || !strings.Contains(res.Stdout, tc.addr) || strings.Contains(res.Stdout, balancer) {
			t.Errorf("v%d: whoami shows not %s but:\n%s", tc.version, tc.addr, res.Stdout)
		}
	}
}

// TestProxyProtocolLimitsCountLearners: per-source limits count the addresses in the
// headers, so one learner at their limit does not shut out the others behind the same
// balancer.
func TestProxyProtocolLimitsCountLearners(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, behindProxy, with(func(l *config.Limits) { l.PerSourceConns = 1 }))
	first, err := viaProxy(t, srv, balancer, 2, "198.51.100.1", 40000)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if _, err := viaProxy(t, srv, balancer, 2, "198.51.100.1", 40001); err == nil {
		t.Errorf("a second connection from the same learner got in past -per-source-conns 1")
	}
	other, err := viaProxy(t, srv, balancer, 1, "198.51.100.2", 40000)
	if err != nil {
		t.Fatalf("another learner behind the same balancer was refused: %v", err)
	}
	other.Close()
	waitMetric(t, srv.MetricsAddr, `tutord_connections_refused_total{reason="source_conns"} 1`)
}

// TestProxyProtocolRefusesForgeriesAndGarbage: a header from a client that is not a
// trusted balancer is refused before any SSH work (so nobody can pose as another address),
// as is a client reaching the server around the balancer with no header; from the balancer,
// a connection without a header or with garbage instead of one is refused. Each is
// counted; the server keeps serving.
func TestProxyProtocolRefusesForgeriesAndGarbage(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, behindProxy)
	if _, err := viaProxy(t, srv, good, 2, "203.0.113.9", 1); err == nil {
		t.Errorf("a forged v2 header from an untrusted source was taken")
	}
	if _, err := viaProxy(t, srv, good, 1, "203.0.113.9", 1); err == nil {
		t.Errorf("a forged v1 header from an untrusted source was taken")
	}
	if _, err := login(dialTCP(t, srv, good), srv.Addr); err == nil {
		t.Errorf("a plain SSH client from an untrusted source got in")
	}
	waitMetric(t, srv.MetricsAddr, `tutord_connections_refused_total{reason="proxy_untrusted"} 3`)
	if _, err := login(dialTCP(t, srv, balancer), srv.Addr); err == nil {
		t.Errorf("a connection from the balancer without a header got in")
	}
	for _, junk := range []string{
		"PROXY TCP4 not-an-address 192.0.2.1 1 2\r\n",
		"PROXY TCP4 203.0.113.1 192.0.2.1 99999 22\r\n",
		"\r\n\r\n\x00\r\nQUIT\n\x21\x11\xff\xff",         // a v2 signature with a length past the end
		strings.Repeat("PROXY ", 100),                    // a v1 line that never ends
		"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03xx", // TLS
	} {
		c := dialTCP(t, srv, balancer)
		if _, err := c.Write([]byte(junk)); err != nil {
			t.Fatal(err)
		}
		if _, err := login(c, srv.Addr); err == nil {
			t.Errorf("garbage %q instead of a header: logged in", junk)
		}
	}
	waitMetric(t, srv.MetricsAddr, `tutord_connections_refused_total{reason="proxy_invalid"} 6`)
	client, err := viaProxy(t, srv, balancer, 2, "203.0.113.10", 2)
	if err != nil {
		t.Fatalf("after all that, a learner through the balancer: %v", err)
	}
	client.Close()
	if strings.Contains(srv.Log.String(), "203.0.113.") {
		t.Errorf("the log holds a learner's address:\n%s", srv.Log)
	}
}
